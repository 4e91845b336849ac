"""A phone comes back into the question, with its time, after a reload, a lost connection or a
locked screen, whether it joined by typing the PIN or by scanning the QR code; the home page
takes a PIN; old and unknown PINs say what happened before anything is typed."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_screen_layout import PHONE, WAIT, host_step, sign_in

pytestmark = pytest.mark.e2e
KEYS = ("mat-khau-001", "mat-khau-026")


def open_game(server, title):
    from quizapp import create_app
    from quizapp.accounts.models import User
    from quizapp.bank.models import Question
    from quizapp.bank.service import load_shipped_bank
    from quizapp.contests.service import create_contest

    try:
        from quizapp.contests.live.games import open_game as open_live
    except ImportError:  # before the game adapter moved under contests/
        from quizapp.live.games import open_game as open_live

    app = create_app({"SQLALCHEMY_DATABASE_URI": server.env["QUIZAPP_DATABASE_URL"],
                      "ASYNC_MODE": "threading", "SECRET_KEY": server.env["QUIZAPP_SECRET_KEY"]})
    with app.app_context():
        load_shipped_bank(only=set(KEYS))
        admin = User.query.filter_by(username="admin").one()
        ids = [Question.query.filter_by(key=key).one().id for key in KEYS]
        contest = create_contest(admin, title, ids, {"preview_ms": 0}, time_limit_s=120)
        game = open_live(contest, admin)
        return game.id, game.pin


def seconds_left(phone):
    expect(phone.locator("#q-seconds")).to_have_text(re.compile(r"^\d+s$"), timeout=WAIT)
    return int(phone.locator("#q-seconds").text_content()[:-1])


def expect_in_question(phone):
    expect(phone.locator("#s-question")).to_be_visible(timeout=WAIT)
    expect(phone.locator("#q-answers button.answer")).to_have_count(4, timeout=WAIT)
    left = seconds_left(phone)
    assert 0 < left <= 120
    return left


def join(phone, nickname):
    phone.get_by_label("Tên hiển thị").fill(nickname)
    phone.get_by_role("button", name="Vào chơi").click()
    expect(phone.locator("#lobby-nickname")).to_have_text(nickname, timeout=WAIT)


def lock_and_unlock(phone):
    """What a locked phone does to the page: hidden, the connection gone, then seen again."""
    phone.evaluate("""() => {
        Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
        document.dispatchEvent(new Event("visibilitychange")); }""")
    phone.context.set_offline(True)
    expect(phone.locator("#conn-banner")).to_be_visible(timeout=WAIT)
    phone.context.set_offline(False)
    phone.evaluate("""() => {
        Object.defineProperty(document, "visibilityState", {value: "visible", configurable: true});
        document.dispatchEvent(new Event("visibilitychange")); }""")
    expect(phone.locator("#conn-banner")).to_be_hidden(timeout=WAIT)


def test_phones_come_back_into_the_question_on_both_paths(browser, live_server):
    game_id, pin = open_game(live_server, "Thi thử: điện thoại tải lại trang")
    url = live_server.url
    host = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(host, live_server)
    host.goto(f"{url}/live/games/{game_id}/host")

    # Path 1: the home page's PIN box.
    typed = browser.new_context(**PHONE).new_page()
    typed.goto(url + "/")
    box = typed.get_by_label("Mã PIN trên màn hình lớn")
    assert box.get_attribute("inputmode") == "numeric"
    expect(typed.get_by_text("quét mã QR trên màn hình lớn")).to_be_visible()
    box.fill(pin)
    typed.get_by_role("button", name="Vào chơi").click()
    typed.wait_for_url(f"{url}/play/{pin}")
    join(typed, "Gõ mã PIN")

    # Path 2: /play with the PIN typed into the phone page itself.
    at_play = browser.new_context(**PHONE).new_page()
    at_play.goto(f"{url}/play")
    at_play.get_by_label("Mã PIN").fill(pin)
    join(at_play, "Gõ ở trang chơi")
    assert at_play.url.endswith(f"/play/{pin}")  # the address now carries the game

    # Path 3: the QR code (the PIN and the school in the address).
    scanned = browser.new_context(**PHONE).new_page()
    scanned.goto(f"{url}/play/{pin}?school=THCS-X")
    join(scanned, "Quét mã QR")

    host_step(host)  # start: the first question opens at once
    phones = (typed, at_play, scanned)
    for phone in phones:
        expect_in_question(phone)

    for phone in phones:
        phone.reload()
        assert expect_in_question(phone) <= 120
        assert not phone.locator("#s-join").is_visible()

    for phone in phones:
        before = seconds_left(phone)
        phone.context.set_offline(True)
        expect(phone.locator("#conn-banner")).to_be_visible(timeout=WAIT)
        phone.context.set_offline(False)
        expect(phone.locator("#conn-banner")).to_be_hidden(timeout=WAIT)
        assert expect_in_question(phone) <= before

    for phone in phones:
        lock_and_unlock(phone)
        expect_in_question(phone)

    # An answer sent before a reload is still the phone's answer after it.
    at_play.locator("#q-answers button.answer").first.click()
    expect(at_play.locator("#sent-title")).to_have_text("Đã nhận câu trả lời", timeout=WAIT)
    at_play.reload()
    expect(at_play.locator("#sent-title")).to_have_text("Đã nhận câu trả lời", timeout=WAIT)

    # The host ends the game: the screens no longer show a PIN, old links say it has ended.
    host.once("dialog", lambda dialog: dialog.accept())
    host.locator("#h-end").click()
    expect(host.locator("#h-phase")).to_have_text("Đã kết thúc", timeout=WAIT)
    host.reload()
    expect(host.locator("#h-phase")).to_have_text("Đã kết thúc", timeout=WAIT)
    expect(host.locator(".console-meta")).not_to_contain_text("None")
    expect(host.locator(".console-meta")).to_contain_text("đã kết thúc")
    screen_url = host.get_by_role("link", name="Mở màn hình lớn").get_attribute("href")
    screen = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    screen.goto(url + screen_url)
    expect(screen.locator("#v-podium")).to_be_visible(timeout=WAIT)
    expect(screen.locator("body")).not_to_contain_text("None")
    assert "None" not in screen.title()

    old = browser.new_context(**PHONE).new_page()
    old.goto(f"{url}/play/{pin}")
    expect(old.locator("#pin-notice")).to_have_text(
        f"Trò chơi có mã PIN {pin} đã kết thúc. Hãy nhập mã PIN của trò chơi mới.")
    expect(old.get_by_label("Mã PIN")).to_be_empty()


def test_unknown_and_malformed_pins_are_explained_at_once(browser, live_server):
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{live_server.url}/play/000001")
    expect(phone.locator("#pin-notice")).to_have_text(
        "Không có trò chơi nào với mã PIN 000001. Hãy kiểm tra lại mã trên màn hình lớn.")
    phone.goto(f"{live_server.url}/")
    phone.get_by_label("Mã PIN trên màn hình lớn").fill("12a45")
    phone.get_by_role("button", name="Vào chơi").click()
    expect(phone.locator("#pin-notice")).to_have_text("Mã PIN gồm 6 chữ số.")
