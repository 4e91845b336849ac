"""A true/false question reads "True" / "False" on English pages, not the engine's "Đúng" / "Sai".

The engine names the two choices in Vietnamese; each live page carries them translated in its
strings, and the phone, the big screen and the host console show the page's language.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_screen_layout import WAIT, host_step, open_long_game, sign_in

pytestmark = pytest.mark.e2e


def english_page(browser, url, **options):
    context = browser.new_context(locale="en-US", **options)
    context.add_cookies([{"name": "quizapp_lang", "value": "en", "url": url}])
    return context.new_page()


def test_true_false_choices_are_in_the_page_language(browser, live_server):
    game_id, pin, _ = open_long_game(live_server, "true_false")
    url = live_server.url
    host = english_page(browser, url, viewport={"width": 1280, "height": 800})
    # Sign in in Vietnamese (the form's labels), then read the console in English.
    host.context.clear_cookies()
    sign_in(host, live_server)
    host.context.add_cookies([{"name": "quizapp_lang", "value": "en", "url": url}])
    host.goto(f"{url}/live/games/{game_id}/host")
    screen_url = host.get_by_role("link", name="Open the big screen").get_attribute("href")
    screen = english_page(browser, url, viewport={"width": 1280, "height": 720})
    screen.goto(url + screen_url)
    phone = english_page(browser, url, viewport={"width": 360, "height": 640},
                         is_mobile=True, has_touch=True)
    phone.goto(f"{url}/play/{pin}")
    phone.locator("#join-nickname").fill("Lan")
    phone.locator("#join-school").fill("Trường THCS Lê Lợi")
    phone.locator("#join-class").fill("8A")
    phone.locator("#join-submit").click()
    expect(phone.locator("#lobby-nickname")).to_have_text("Lan", timeout=WAIT)
    expect(screen.locator("#lobby-names .chip")).to_have_count(1, timeout=WAIT)

    host_step(host)  # the first question opens
    answers = phone.locator("#q-answers button.answer .answer-text")
    expect(answers).to_have_text(["True", "False"], timeout=WAIT)
    expect(screen.locator("body")).to_contain_text("True", timeout=WAIT)
    expect(screen.locator("body")).not_to_contain_text("Đúng")
    phone.locator("#q-answers button.answer").first.click()
    expect(phone.locator("#s-closed")).to_be_visible(timeout=WAIT)
    host_step(host)  # the reveal: the host's answer key names the choices too
    expect(host.locator("body")).to_contain_text("False", timeout=WAIT)
    expect(host.locator(".key-row")).to_have_count(2, timeout=WAIT)
    assert "Đúng" not in host.locator(".key-row").all_text_contents()[0]
    for page in (host, screen, phone):
        page.context.close()
