"""A host, a big screen and three phones play a three-question live game to the podium."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.onair import missing_glyphs

pytestmark = pytest.mark.e2e
QUESTION_KEYS = ("mat-khau-001", "mat-khau-026", "mat-khau-040")  # single, multiple, ordering
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "locale": "vi-VN"}
WAIT = 15_000


def create_game(server):
    """Open a game straight in the server's database, as the host's contest page would."""
    from quizapp import create_app
    from quizapp.accounts.models import User
    from quizapp.bank.models import Question
    from quizapp.bank.service import game_question, load_shipped_bank
    from quizapp.contests.live.games import open_game
    from quizapp.contests.service import create_contest

    app = create_app({"SQLALCHEMY_DATABASE_URI": server.env["QUIZAPP_DATABASE_URL"],
                      "ASYNC_MODE": "threading", "SECRET_KEY": server.env["QUIZAPP_SECRET_KEY"]})
    with app.app_context():
        load_shipped_bank()
        admin = User.query.filter_by(username="admin").one()
        questions = [Question.query.filter_by(key=key).one() for key in QUESTION_KEYS]
        contest = create_contest(
            admin, "Thi thử an toàn thông tin", [q.id for q in questions],
            {"shuffle_answers": False, "preview_ms": 15000, "team_mode": "school"})
        game = open_game(contest, admin)
        return game.id, game.pin, [game_question(q) for q in questions]


def correct_texts(question):
    return [c["text"] for c in question["choices"] if c.get("correct")]


def wrong_texts(question):
    return [c["text"] for c in question["choices"] if not c.get("correct")]


def tap(phone, text):
    phone.locator("#q-answers button.answer", has_text=text).first.click()


def host_next(host, label):
    button = host.locator("#h-next")
    expect(button).to_have_text(label, timeout=WAIT)
    expect(button).to_be_enabled(timeout=WAIT)
    button.click()


def watch_console(page, errors):
    """Collect script errors and CSP refusals (no inline script or style may slip in)."""
    page.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url')}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))


def expect_received(phone):
    expect(phone.locator("#s-sent")).to_be_visible(timeout=WAIT)
    expect(phone.locator("#sent-title")).to_have_text("Đã nhận câu trả lời", timeout=WAIT)


def shown(page, name):
    """A screenshot of this moment, and no character on the page that the bundled font lacks: a
    symbol left to the device's font is an empty box or an emoji on many phones and projectors."""
    screenshot(page, name)
    assert missing_glyphs(page, "body") == [], name


def test_three_phones_play_to_the_podium(browser, live_server):
    game_id, pin, (single, multiple, ordering) = create_game(live_server)
    url = live_server.url
    errors = []

    host_context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="vi-VN")
    host = host_context.new_page()
    watch_console(host, errors)
    sign_in(host, live_server)
    host.goto(f"{url}/live/games/{game_id}/host")
    expect(host.locator("#h-phase")).to_have_text("Phòng chờ", timeout=WAIT)
    screen_url = host.get_by_role("link", name="Mở màn hình lớn").get_attribute("href")

    screen_context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN")
    screen = screen_context.new_page()
    watch_console(screen, errors)
    screen.goto(url + screen_url)
    expect(screen.locator("#v-lobby")).to_be_visible(timeout=WAIT)
    expect(screen.locator("#lobby-pin")).to_have_text(pin)

    players = [("Lan", "THCS Nguyễn Huệ", "8A"), ("Minh", "THCS Nguyễn Huệ", "8B"),
               ("Hoa <b>", "THCS Lê Lợi", "9A")]
    phones = []
    for index, (nickname, school, class_name) in enumerate(players):
        context = browser.new_context(**PHONE)
        phone = context.new_page()
        watch_console(phone, errors)
        phone.goto(f"{url}/play/{pin}")
        phone.get_by_label("Tên hiển thị").fill(nickname)
        phone.get_by_label("Trường").fill(school)
        phone.get_by_label("Lớp").fill(class_name)
        if index == 0:
            shown(phone, "live-phone-1-join")
        phone.get_by_role("button", name="Vào chơi").click()
        lobby = phone.get_by_text("Bạn đã vào! Chờ người tổ chức bắt đầu")
        expect(lobby).to_be_visible(timeout=WAIT)
        expect(phone.locator("#lobby-nickname")).to_have_text(nickname)
        phones.append(phone)
    lan, minh, hoa = phones

    # A taken nickname is refused with the server's message next to the form.
    intruder_context = browser.new_context(**PHONE)
    intruder = intruder_context.new_page()
    intruder.goto(f"{url}/play")
    intruder.get_by_label("Mã PIN").fill(pin)
    intruder.get_by_label("Tên hiển thị").fill("lan")
    intruder.get_by_role("button", name="Vào chơi").click()
    expect(intruder.locator("#join-error")).to_have_text("Biệt danh này đã có người dùng.",
                                                         timeout=WAIT)

    # The host renames, then removes, a fourth player; that phone is told so.
    intruder.get_by_label("Tên hiển thị").fill("Khách")
    intruder.get_by_label("Trường").fill("THCS Lê Lợi")  # teams by school: a school is needed
    intruder.get_by_role("button", name="Vào chơi").click()
    expect(intruder.locator("#lobby-nickname")).to_have_text("Khách", timeout=WAIT)
    guest_row = host.locator("#h-players tr", has_text="Khách")
    host.once("dialog", lambda dialog: dialog.accept("Khách mời"))
    guest_row.get_by_role("button", name="Đổi tên").click()
    expect(intruder.locator("#lobby-nickname")).to_have_text("Khách mời", timeout=WAIT)
    host.once("dialog", lambda dialog: dialog.accept())
    host.locator("#h-players tr", has_text="Khách mời").get_by_role("button", name="Mời ra").click()
    expect(intruder.locator("#s-kicked")).to_be_visible(timeout=WAIT)
    shown(intruder, "live-phone-0-kicked")
    intruder_context.close()

    shown(lan, "live-phone-2-lobby")
    expect(screen.locator("#lobby-count")).to_have_text("3", timeout=WAIT)
    expect(screen.locator("#lobby-names .chip")).to_have_count(3)
    expect(screen.locator("#lobby-names")).to_contain_text("Hoa <b>")  # text, never markup
    shown(screen, "live-screen-1-lobby")
    expect(host.locator("#h-players tr:not(.inactive)")).to_have_count(3, timeout=WAIT)
    shown(host, "live-host-1-lobby")

    # Question 1 (single choice): Lan right and fast, Minh wrong, Hoa right.
    host_next(host, "Bắt đầu")
    expect(lan.locator("#q-ready")).to_be_visible(timeout=WAIT)
    expect(lan.locator("#q-text")).to_have_text(single["text"])
    expect(screen.locator("#sq-text")).to_have_text(single["text"], timeout=WAIT)
    host_next(host, "Mở câu trả lời")
    for phone in phones:
        expect(phone.locator("#q-answers button.answer")).to_have_count(4, timeout=WAIT)
    expect(screen.locator("#sq-tiles .tile")).to_have_count(4, timeout=WAIT)
    shown(lan, "live-phone-3-question")
    shown(screen, "live-screen-2-question")
    tap(lan, correct_texts(single)[0])
    expect_received(lan)
    expect(screen.locator("#sq-count")).to_have_text("1/3", timeout=WAIT)
    expect(host.locator("#h-count")).to_contain_text("1/3 đã trả lời", timeout=WAIT)
    shown(host, "live-host-2-question")
    shown(lan, "live-phone-4-received")
    lan.reload()  # the stored token resumes the player, who still sees the answer as received
    expect_received(lan)
    tap(minh, wrong_texts(single)[0])
    expect_received(minh)
    tap(hoa, correct_texts(single)[0])
    # Everyone answered: the question closes by itself.
    expect(lan.locator("#s-closed")).to_be_visible(timeout=WAIT)
    expect(screen.locator("#sq-status")).to_have_text("Hết giờ", timeout=WAIT)
    shown(lan, "live-phone-4b-closed")
    host_next(host, "Hiện đáp án")
    expect(lan.locator("#reveal-title")).to_have_text("Chính xác!", timeout=WAIT)
    expect(lan.locator("#reveal-points")).to_have_text(re.compile(r"^\+\d+ điểm$"))
    expect(minh.locator("#reveal-title")).to_have_text("Chưa đúng", timeout=WAIT)
    expect(minh.locator("#reveal-points")).to_have_text("+0 điểm")
    for phone in (lan, minh):
        expect(phone.locator("#reveal-explain")).to_have_text(single["explanation"])
        expect(phone.locator("#reveal-key .is-correct")).to_contain_text(correct_texts(single)[0])
    expect(screen.locator("#sr-bars .bar-row")).to_have_count(4, timeout=WAIT)
    expect(screen.locator("#sr-bars .row-correct")).to_contain_text(correct_texts(single)[0])
    expect(screen.locator("#sr-explain")).to_have_text(single["explanation"])
    shown(lan, "live-phone-5-reveal-right")
    shown(minh, "live-phone-6-reveal-wrong")
    shown(screen, "live-screen-3-reveal")
    shown(host, "live-host-3-reveal")
    host_next(host, "Bảng xếp hạng")
    expect(lan.locator("#board-rank")).to_have_text("#1", timeout=WAIT)
    expect(screen.locator("#sb-rows tr")).to_have_count(3, timeout=WAIT)
    expect(screen.locator("#sb-team-rows tr")).to_have_count(2)
    shown(lan, "live-phone-7-leaderboard")
    shown(screen, "live-screen-4-leaderboard")

    # Question 2 (multiple choice): Lan picks every right choice, Minh one right and one wrong.
    host_next(host, "Câu tiếp theo")
    host_next(host, "Mở câu trả lời")
    expect(lan.locator("#q-send")).to_be_visible(timeout=WAIT)
    for text in correct_texts(multiple):
        tap(lan, text)
    shown(lan, "live-phone-8-multiple")
    lan.locator("#q-send").click()
    expect_received(lan)
    expect(minh.locator("#q-send")).to_be_disabled(timeout=WAIT)
    tap(minh, correct_texts(multiple)[0])
    tap(minh, wrong_texts(multiple)[0])
    minh.locator("#q-send").click()
    expect_received(minh)
    host_next(host, "Đóng câu hỏi")  # Hoa does not answer
    expect(hoa.locator("#closed-note")).to_have_text("Bạn chưa trả lời câu này.", timeout=WAIT)
    host_next(host, "Hiện đáp án")
    expect(lan.locator("#reveal-title")).to_have_text("Chính xác!", timeout=WAIT)
    expect(lan.locator("#reveal-bonus")).to_contain_text("+100")  # second right answer in a row
    expect(minh.locator("#reveal-title")).to_have_text(re.compile("Đúng một phần|Chưa đúng"),
                                                       timeout=WAIT)
    expect(hoa.locator("#reveal-title")).to_have_text("Bạn chưa trả lời", timeout=WAIT)
    shown(lan, "live-phone-9-reveal-streak")
    shown(minh, "live-phone-9b-reveal-partial")
    shown(hoa, "live-phone-9c-reveal-missed")
    host_next(host, "Bảng xếp hạng")

    # Question 3 (ordering): Lan taps the items in the right order, after one reset.
    host_next(host, "Câu tiếp theo")
    host_next(host, "Mở câu trả lời")
    items = ordering["items"]
    expect(lan.locator("#q-answers button.answer")).to_have_count(len(items), timeout=WAIT)
    tap(lan, items[1])
    lan.locator("#q-reset").click()
    expect(lan.locator("#q-order")).to_be_hidden()
    for item in items:
        tap(lan, item)
    expect(lan.locator("#q-order .order-row")).to_have_count(len(items))
    shown(lan, "live-phone-10-ordering")
    lan.locator("#q-send").click()
    expect_received(lan)
    shown(lan, "live-phone-10b-ordering-received")
    for item in reversed(items):
        tap(minh, item)
    minh.locator("#q-send").click()
    expect_received(minh)
    host_next(host, "Đóng câu hỏi")
    host_next(host, "Hiện đáp án")
    expect(lan.locator("#reveal-title")).to_have_text("Chính xác!", timeout=WAIT)
    expect(lan.locator("#reveal-key li")).to_have_count(len(items))
    shown(screen, "live-screen-5-reveal-ordering")
    host_next(host, "Bảng xếp hạng")
    host_next(host, "Kết thúc")

    # The podium: Lan won, everywhere.
    expect(screen.locator("#sp-podium .podium-1 .podium-name")).to_have_text("Lan", timeout=WAIT)
    for phone in phones:
        expect(phone.locator("#s-over")).to_be_visible(timeout=WAIT)
        expect(phone.locator("#over-podium .podium-1 .podium-name")).to_have_text("Lan")
    expect(lan.locator("#over-rank")).to_have_text("#1")
    expect(host.locator("#h-phase")).to_have_text("Đã kết thúc", timeout=WAIT)
    expect(host.get_by_role("link", name="Xem kết quả")).to_be_visible()
    expect(host.locator("#h-next")).to_be_hidden()
    shown(lan, "live-phone-11-podium")
    shown(minh, "live-phone-12-podium-other")
    shown(screen, "live-screen-6-podium")
    shown(host, "live-host-4-finished")
    for context in [host_context, screen_context] + [p.context for p in phones]:
        context.close()
    assert errors == []


def test_the_host_of_a_big_game_finds_any_player_by_nickname(browser, live_server):
    """205 players: the console lists 200 and finds the others (a restored game's joins)."""
    from quizapp import create_app
    from quizapp.contests.models import Player
    from quizapp.extensions import db

    game_id, _, _ = create_game(live_server)
    app = create_app({"SQLALCHEMY_DATABASE_URI": live_server.env["QUIZAPP_DATABASE_URL"],
                      "ASYNC_MODE": "threading"})
    with app.app_context():  # joins the server replays when it loads the game
        db.session.add_all(Player(game_id=game_id, player_key=f"p-{i:04d}",
                                  nickname=f"Học sinh {i:03d}", school_name="THCS Lê Lợi",
                                  joined_ms=1_764_000_000_000 + i, seq=i + 1)
                           for i in range(205))
        db.session.commit()

    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="vi-VN")
    host = context.new_page()
    errors = []
    watch_console(host, errors)
    sign_in(host, live_server)
    host.goto(f"{live_server.url}/live/games/{game_id}/host")
    expect(host.locator("#h-pcount")).to_have_text("205", timeout=WAIT)
    expect(host.locator("#h-players tr")).to_have_count(200)
    expect(host.locator("#h-more")).to_contain_text("5 người khác: tìm theo biệt danh")
    expect(host.locator("#h-players")).not_to_contain_text("Học sinh 204")

    host.get_by_label("Tìm người chơi theo biệt danh").fill("HOC SINH 204")  # accents optional
    expect(host.locator("#h-players tr")).to_have_count(1, timeout=WAIT)
    expect(host.locator("#h-more")).to_have_text(
        "1 người có biệt danh chứa “HOC SINH 204” (tối đa 20).")
    screenshot(host, "live-host-5-find-player")
    host.once("dialog", lambda dialog: dialog.accept())
    host.locator("#h-players tr", has_text="Học sinh 204").get_by_role(
        "button", name="Mời ra").click()
    expect(host.locator("#h-players tr.inactive")).to_have_count(1, timeout=WAIT)
    expect(host.locator("#h-pcount")).to_have_text("204", timeout=WAIT)

    host.get_by_label("Tìm người chơi theo biệt danh").fill("không có ai")
    expect(host.locator("#h-more")).to_have_text("Không ai có biệt danh chứa “không có ai”.",
                                                  timeout=WAIT)
    host.get_by_label("Tìm người chơi theo biệt danh").fill("")
    expect(host.locator("#h-players tr")).to_have_count(200, timeout=WAIT)
    assert not errors, errors
    context.close()
