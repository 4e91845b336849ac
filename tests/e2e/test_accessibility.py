"""WCAG 2.1 AA on the main pages: axe-core (vendored under tests/vendor/) finds nothing serious.

Each page is checked in Vietnamese and in English, signed out and as an administrator, with the
live pages in the phases people see most. A violation of impact "serious" or "critical" fails
the test with the rule, the element and axe's explanation.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_resume import open_game
from tests.e2e.test_screen_layout import PHONE, WAIT, host_step, sign_in

pytestmark = pytest.mark.e2e
AXE = Path(__file__).resolve().parents[1] / "vendor/axe-core-4.14.1/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Through the debugging protocol: the pages' CSP allows no inline script, rightly.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes']][:3]} {v['nodes'][0].get('failureSummary', '')}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def check(page, url, label, found):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems = serious_violations(page)
    if problems:
        found[label] = problems


@pytest.mark.parametrize("language", ["vi", "en"])
def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, language):
    url = live_server.url
    found = {}
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": "quizapp_lang", "value": language, "url": url}])
    visitor = context.new_page()
    for path in ("/", "/login", "/play", "/play/000001"):
        check(visitor, url + path, f"visitor {path}", found)
    phone_context = browser.new_context(**PHONE)
    phone_context.add_cookies([{"name": "quizapp_lang", "value": language, "url": url}])
    phone = phone_context.new_page()
    check(phone, url + "/play", "phone /play", found)

    admin_context = browser.new_context(viewport={"width": 1280, "height": 800})
    admin = admin_context.new_page()
    sign_in(admin, live_server)
    admin_context.add_cookies([{"name": "quizapp_lang", "value": language, "url": url}])
    for path in ("/contests/", "/bank/", "/admin/schools/", "/admin/users", "/campaigns/",
                 "/coverage/", "/shows/"):
        check(admin, url + path, f"admin {path}", found)

    # A live game: the host console, the big screen and a phone, in the lobby and a question.
    game_id, pin = open_game(live_server, f"Thi thử: trợ năng ({language})")
    check(admin, f"{url}/live/games/{game_id}/host", "host console, lobby", found)
    screen_url = admin.get_by_role("link", name="Mở màn hình lớn" if language == "vi"
                                   else "Open the big screen").get_attribute("href")
    screen = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    check(screen, url + screen_url, "big screen, lobby", found)
    phone.goto(f"{url}/play/{pin}")
    phone.locator("#join-nickname").fill("Nguyễn Thị Phương Thảo Nguyên")
    phone.locator("#join-submit").click()
    expect(phone.locator("#s-lobby")).to_be_visible(timeout=WAIT)
    if problems := serious_violations(phone):
        found["phone, lobby"] = problems
    host_step(admin)
    expect(phone.locator("#s-question")).to_be_visible(timeout=WAIT)
    expect(screen.locator("body")).to_have_attribute("data-rendered", "open:0", timeout=WAIT)
    for label, page in (("phone, question", phone), ("big screen, question", screen),
                        ("host console, question", admin)):
        if problems := serious_violations(page):
            found[label] = problems
    assert found == {}, "\n".join(f"{page}: {problem}" for page, problems in found.items()
                                   for problem in problems)
