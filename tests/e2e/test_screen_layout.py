"""The big screen and the phone hold the longest shipped questions at every size they are shown at.

For each kind a live contest plays, the 20 longest questions of the shipped bank (measured now,
from questions/*.yaml, since the bank grows) are played on three projectors (1920x1080, 1280x720,
1024x768) and a 360x640 phone whose player has a 30-character Vietnamese name and a long school.
On the question and on the reveal no two pieces of text may touch, no text may leave the
screen and no text box may be cut; on the phone the send button stays in view. Every character
on the projectors, and on the phone at each first question and reveal, is one the bundled font
draws (a symbol is an icon, never a character left to the machine's fonts).
"""

import os
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.onair import missing_glyphs

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
CHECK = (Path(__file__).parent / "layout_check.js").read_text(encoding="utf-8")
PROJECTORS = {"1920x1080": (1920, 1080), "1280x720": (1280, 720), "1024x768": (1024, 768)}
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "locale": "vi-VN"}
LIVE_KINDS = ("single", "multiple", "true_false", "type_answer", "ordering", "poll")
PER_KIND = int(os.environ.get("QUIZAPP_LAYOUT_PER_KIND", "20"))
NICKNAME = "Nguyễn Thị Phương Thảo Nguyên"  # 29 letters and spaces: as long as real names get
SCHOOL = "Trường Phổ thông Dân tộc Nội trú Trung học cơ sở và Trung học phổ thông huyện Đăk Glei"
WAIT = 15_000


def shown_length(question: dict) -> int:
    """Characters the big screen shows for a question: text, answers and the explanation."""
    parts = [question.get("text", ""), question.get("explanation", "")]
    parts += [c.get("text", "") for c in question.get("choices") or []]
    parts += list(question.get("items") or []) + list(question.get("answers") or [])
    return sum(len(str(part)) for part in parts)


def longest_questions(kind: str, count: int = PER_KIND) -> list[str]:
    """Keys of the `count` longest approved shipped questions of `kind`, longest first."""
    found = []
    for path in sorted((ROOT / "questions").glob("*.yaml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            # A retired question cannot be put in a contest, so it is not played here either.
            if question["kind"] == kind and question.get("status", "approved") != "retired":
                found.append((shown_length(question), question["key"]))
    return [key for _, key in sorted(found, reverse=True)[:count]]


def open_long_game(server, kind):
    """A contest of the longest questions of one kind, opened as a game; return (id, pin)."""
    from quizapp import create_app
    from quizapp.accounts.models import User
    from quizapp.bank.models import Question
    from quizapp.bank.service import load_shipped_bank
    from quizapp.contests.service import create_contest

    try:
        from quizapp.contests.live.games import open_game
    except ImportError:  # before the game adapter moved under contests/
        from quizapp.live.games import open_game

    app = create_app({"SQLALCHEMY_DATABASE_URI": server.env["QUIZAPP_DATABASE_URL"],
                      "ASYNC_MODE": "threading", "SECRET_KEY": server.env["QUIZAPP_SECRET_KEY"]})
    with app.app_context():
        load_shipped_bank()
        admin = User.query.filter_by(username="admin").one()
        keys = longest_questions(kind)
        ids = [Question.query.filter_by(key=key).one().id for key in keys]
        contest = create_contest(admin, f"Bố cục: {len(keys)} câu {kind} dài nhất", ids,
                                 {"shuffle_answers": False, "preview_ms": 0,
                                  "team_mode": "school"}, time_limit_s=240)
        game = open_game(contest, admin)
        return game.id, game.pin, len(keys)


def layout_problems(page, vertical=True):
    """Problems on a projector; on a phone (`vertical=False`), over the whole scrolled page.

    A phone's sticky bars cover the text scrolled beneath them by design, so the phone is
    checked with a viewport as tall as its page: every bar then sits where it belongs.
    A page reached by a form's submit is measured once its stylesheets have loaded, as a
    person first sees it: its DOM can be read before them.
    """
    page.wait_for_load_state("load")
    if vertical:
        return page.evaluate(CHECK, {"vertical": True})
    size = page.viewport_size
    full = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(full, size["height"])})
    try:
        return page.evaluate(CHECK, {"vertical": False})
    finally:
        page.set_viewport_size(size)


def assert_fits(pages, label):
    """No layout problem and no character the bundled font lacks on any of these pages."""
    problems = {name: layout_problems(page) + missing_glyphs(page, "body")
                for name, page in pages.items()}
    problems = {name: found for name, found in problems.items() if found}
    if problems:
        for name, page in pages.items():
            screenshot(page, f"layout-fail-{name}-{label}")
    assert problems == {}, f"{label}: {problems}"


def wait_rendered(page, phase, index=None):
    """Wait until the big screen shows `phase` (of question `index`) and has fitted its text."""
    wanted = f"{phase}:{'' if index is None else index}"
    expect(page.locator("body")).to_have_attribute("data-rendered", wanted, timeout=WAIT)


def host_step(host):
    button = host.locator("#h-next")
    expect(button).to_be_enabled(timeout=WAIT)
    before = host.locator("#h-phase").text_content()
    button.click()
    expect(host.locator("#h-phase")).not_to_have_text(before, timeout=WAIT)


def in_view(phone, selector):
    """True when the element is fully inside the phone's viewport without scrolling."""
    return phone.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
             return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth
               && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
                    ?.closest(selector) !== null; }""", selector)


def answer_on_phone(phone, kind):
    """Answer as a pupil would; the send button must be in view when the answer is ready."""
    answers = phone.locator("#q-answers button.answer")
    if kind == "type_answer":
        phone.locator("#q-answers input").fill("mật khẩu mạnh")
    elif kind == "ordering":
        for index in range(answers.count()):
            answers.nth(index).click()
    elif kind == "multiple":
        answers.nth(0).click()
        answers.nth(1).click()
    else:
        answers.nth(0).click()
        return
    send = phone.locator("#q-send")
    expect(send).to_be_enabled(timeout=WAIT)
    assert in_view(phone, "#q-send"), f"{kind}: the send button is not in view"
    send.click()


@pytest.mark.parametrize("kind", LIVE_KINDS)
def test_longest_questions_fit_every_screen(browser, live_server, kind):
    game_id, pin, count = open_long_game(live_server, kind)
    url = live_server.url
    host_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    host = host_context.new_page()
    sign_in(host, live_server)
    host.goto(f"{url}/live/games/{game_id}/host")
    screen_url = host.get_by_role("link", name="Mở màn hình lớn").get_attribute("href")
    screens = {}
    for name, (width, height) in PROJECTORS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        screens[name] = context.new_page()
        screens[name].goto(url + screen_url)
    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{url}/play/{pin}")
    phone.get_by_label("Tên hiển thị").fill(NICKNAME)
    phone.get_by_label("Trường").fill(SCHOOL)
    phone.get_by_label("Lớp").fill("12A1")
    phone.get_by_role("button", name="Vào chơi").click()
    expect(phone.locator("#lobby-nickname")).to_have_text(NICKNAME, timeout=WAIT)  # not cut
    for page in screens.values():
        expect(page.locator("#lobby-names .chip")).to_have_count(1, timeout=WAIT)
        wait_rendered(page, "lobby")
    assert_fits(screens, f"{kind}-lobby")
    assert layout_problems(phone, vertical=False) == []

    for index in range(count):
        host_step(host)  # start / next question: opens at once (no preview)
        for page in screens.values():
            wait_rendered(page, "open", index)
        expect(phone.locator("#s-question")).to_be_visible(timeout=WAIT)
        assert_fits(screens, f"{kind}-{index}-open")
        assert layout_problems(phone, vertical=False) == [], f"{kind} {index}: phone"
        if index == 0:
            for name, page in screens.items():
                screenshot(page, f"layout-{kind}-open-{name}")
            screenshot(phone, f"layout-{kind}-phone")
            assert missing_glyphs(phone, "body") == [], f"{kind}: phone"
        answer_on_phone(phone, kind)  # the only player answered: the question closes
        expect(phone.locator("#s-closed")).to_be_visible(timeout=WAIT)
        host_step(host)  # reveal
        for page in screens.values():
            wait_rendered(page, "revealed", index)
        assert_fits(screens, f"{kind}-{index}-reveal")
        expect(phone.locator("#s-reveal")).to_be_visible(timeout=WAIT)
        assert layout_problems(phone, vertical=False) == [], f"{kind} {index}: phone reveal"
        if index == 0:
            for name, page in screens.items():
                screenshot(page, f"layout-{kind}-reveal-{name}")
            screenshot(phone, f"layout-{kind}-phone-reveal")
            assert missing_glyphs(phone, "body") == [], f"{kind}: phone reveal"
        host_step(host)  # leaderboard
        for page in screens.values():
            wait_rendered(page, "leaderboard", index)
        if index == 0:
            assert_fits(screens, f"{kind}-board")
    host_step(host)  # the podium
    for page in screens.values():
        wait_rendered(page, "finished")
    assert_fits(screens, f"{kind}-podium")
    expect(phone.locator("#s-over")).to_be_visible(timeout=WAIT)
    assert layout_problems(phone, vertical=False) == []
    for context in [host_context, phone_context] + [p.context for p in screens.values()]:
        context.close()


LONGEST_NAME = "Nguyễn Hoàng Bảo Ngọc Thiên Phương An Tú"  # 40 characters, the limit


def test_forty_character_names_fit_lobby_board_and_podium(browser, live_server):
    """Two players, the longest a name may be and the usual long one, on every projector."""
    assert len(LONGEST_NAME) == 40
    from tests.e2e.test_phone_resume import open_game

    game_id, pin = open_game(live_server, "Bố cục: tên 40 ký tự")
    url = live_server.url
    host = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(host, live_server)
    host.goto(f"{url}/live/games/{game_id}/host")
    screen_url = host.get_by_role("link", name="Mở màn hình lớn").get_attribute("href")
    screens = {}
    for name, (width, height) in PROJECTORS.items():
        screens[name] = browser.new_context(viewport={"width": width, "height": height}).new_page()
        screens[name].goto(url + screen_url)
    phones = []
    for nickname in (LONGEST_NAME, NICKNAME):
        phone = browser.new_context(**PHONE).new_page()
        phone.goto(f"{url}/play/{pin}")
        phone.get_by_label("Tên hiển thị").fill(nickname)
        phone.get_by_role("button", name="Vào chơi").click()
        expect(phone.locator("#lobby-nickname")).to_have_text(nickname, timeout=WAIT)
        assert layout_problems(phone, vertical=False) == []
        phones.append(phone)
    for page in screens.values():
        expect(page.locator("#lobby-names .chip")).to_have_count(2, timeout=WAIT)
    assert_fits(screens, "names-lobby")
    host_step(host)  # the first question opens
    for phone in phones:
        expect(phone.locator("#s-question")).to_be_visible(timeout=WAIT)
        phone.locator("#q-answers button.answer").first.click()
    for page in screens.values():
        wait_rendered(page, "closed", 0)
    host_step(host)  # reveal
    host_step(host)  # leaderboard
    for page in screens.values():
        wait_rendered(page, "leaderboard", 0)
        expect(page.locator("#sb-rows tr")).to_have_count(2)
    assert_fits(screens, "names-board")
    for phone in phones:
        assert layout_problems(phone, vertical=False) == []
    host.once("dialog", lambda dialog: dialog.accept())
    host.locator("#h-end").click()
    for page in screens.values():
        wait_rendered(page, "finished")
        expect(page.locator("#sp-podium .podium-name")).to_have_count(2)
    assert_fits(screens, "names-podium")
    for name, page in screens.items():
        screenshot(page, f"layout-names-podium-{name}")
    for phone in phones:
        expect(phone.locator("#s-over")).to_be_visible(timeout=WAIT)
        assert layout_problems(phone, vertical=False) == []
