"""Format rules in real browsers: fastest finger first ordered on the seats' phones, a
phone-a-friend call's clock on air, and a quiz-bowl interrupt, neg and bonus.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.onair import check_on_air, missing_glyphs
from tests.e2e.shows import on_air
from tests.e2e.test_gameshow import CONTESTANTS, WAIT, Studio, press, seat_score

pytestmark = pytest.mark.e2e

SETUP = """
# Fastest finger first in 5 seconds, so the test waits seconds, not minutes.
save_preset("millionaire-fff", "fff-e2e", {"nhanh-tay": {"time_s": 5}})
people = values["contestants"]
result = {
    "fff": start("Tập thử fff", "fff-e2e", service.demo_content("millionaire-fff"), people),
    "bowl": start("Tập thử bowl", "quiz-bowl", service.demo_content("quiz-bowl"), people)}
"""


@pytest.fixture(scope="module")
def shows(live_server):
    """A fastest-finger episode (5 s to order) and a quiz-bowl episode, both on air."""
    return on_air(live_server, SETUP, contestants=CONTESTANTS)


def first_question(browser, server, show, errors):
    """The studio pages of an episode, with seats 1 and 2 on phones, and its first question."""
    studio = Studio(browser, server, show, errors, phones=(1, 2))
    press(studio.mc, "#mc-start-round")
    press(studio.mc, "#mc-next")
    return studio


def tap_order(phone, items, shot=None):
    """Tap the items on a seat's phone in the given order, then send it."""
    form = phone.locator("#p-order")
    expect(form).to_be_visible(timeout=WAIT)
    for text in items:
        form.locator("button.order-item", has_text=text).first.click()
    # the order with its arrows drawn (icons: a phone's font may have no arrow)
    expect(phone.locator("#p-order-picked .order-arrow")).to_have_count(len(items) - 1)
    if shot:
        screenshot(phone, shot)
    assert missing_glyphs(phone, "body") == [], "ordering"
    phone.locator("#p-order-send").click()
    expect(phone.locator("#p-sent")).to_contain_text("Đã gửi", timeout=WAIT)
    assert missing_glyphs(phone, "body") == [], "order sent"


def test_fastest_finger_first_and_a_phone_a_friend_call(browser, live_server, shows):
    errors = []
    studio = first_question(browser, live_server, shows["fff"], errors)
    mc, judge, screen = studio.mc, studio.judge, studio.screen
    press(mc, "#mc-start-timer")
    items = judge.locator("#j-reference .order-part").all_inner_texts()
    assert len(items) == 4
    expect(screen.locator("#s-choices .choice")).to_have_count(4, timeout=WAIT)
    waiting = studio.phones[1]
    expect(waiting.locator("button.order-item")).to_have_count(4, timeout=WAIT)
    waiting.evaluate("() => { window.probe = document.querySelector('button.order-item'); }")
    tap_order(studio.phones[2], items, "gameshow-fff-ordering-phone")  # right
    expect(mc.locator("#mc-typed")).to_contain_text("1/4", timeout=WAIT)
    waiting.wait_for_timeout(500)  # the other seat's move has reached this phone too
    # its buttons were not replaced (a tap between press and release would have been lost)
    assert waiting.evaluate("() => window.probe.isConnected")
    tap_order(waiting, items[::-1])  # wrong, and later
    expect(mc.locator("#mc-typed")).to_contain_text("2/4", timeout=WAIT)
    press(mc, "#mc-reveal")  # enabled once the 5 seconds are up
    expect(screen.locator("#s-typed li")).to_have_count(2, timeout=WAIT)
    expect(screen.locator("#s-typed li.is-right")).to_contain_text("Trần Bình")
    expect(mc.locator("#mc-typed")).to_contain_text("Vào ghế nóng: ", timeout=WAIT)
    expect(screen.locator("#s-flash")).to_be_hidden(timeout=WAIT)
    check_on_air(screen, "onair-screen-fastest-finger")
    for seat, phone in studio.phones.items():  # the right order, its arrows drawn
        expect(phone.locator("#p-answer .order-arrow")).to_have_count(3, timeout=WAIT)
        screenshot(phone, f"gameshow-fff-reveal-seat-{seat}")
        assert missing_glyphs(phone, "body") == [], f"seat {seat} reveal"
    # The winner plays the ladder; a phone-a-friend call's clock is on every screen.
    press(mc, "#mc-next")
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    expect(screen.locator("#s-meta")).to_contain_text("Trần Bình", timeout=WAIT)
    press(mc, "#mc-lifeline-phone_a_friend")
    expect(screen.locator("#s-meta")).to_contain_text("Gọi điện thoại cho người thân",
                                                     timeout=WAIT)
    expect(screen.locator("#s-seconds")).to_be_visible(timeout=WAIT)
    expect(mc.locator("#mc-hint")).to_contain_text("Đang gọi", timeout=WAIT)
    expect(mc.locator("#mc-start-timer")).to_be_disabled()
    overlay = studio.overlay
    expect(overlay.locator("#o-meta")).to_contain_text("Gọi điện thoại cho người thân",
                                                      timeout=WAIT)
    check_on_air(overlay, "onair-overlay-phone-a-friend", overlay=True)
    screenshot(screen, "gameshow-screen-phone-a-friend")
    # Ask the audience with no viewer's vote: nothing on air, the MC is told.
    press(mc, "#mc-lifeline-ask_audience")
    expect(mc.locator("#mc-poll")).to_contain_text("Chưa có khán giả bình chọn", timeout=WAIT)
    expect(screen.locator("#s-poll")).to_be_hidden()
    expect(studio.overlay.locator("#o-poll .poll-row")).to_have_count(0)
    studio.close()
    assert errors == []


def test_quiz_bowl_interrupt_neg_and_bonus(browser, live_server, shows):
    errors = []
    studio = first_question(browser, live_server, shows["bowl"], errors)
    mc, judge, screen = studio.mc, studio.judge, studio.screen
    # Seat 1 interrupts the MC's reading and is wrong: −5; the MC reads on.
    buzzer = studio.phones[1].locator("#p-buzzer")
    expect(buzzer).to_be_enabled(timeout=WAIT)
    buzzer.click()
    press(judge, "#j-wrong")
    expect(seat_score(screen, 1)).to_have_text("-5", timeout=WAIT)
    # Seat 2 interrupts too and is right: a three-part bonus only seat 2 answers.
    buzzer = studio.phones[2].locator("#p-buzzer")
    expect(buzzer).to_be_enabled(timeout=WAIT)
    buzzer.click()
    expect(mc.locator("#mc-meta")).to_contain_text("Ngắt lời", timeout=WAIT)
    press(judge, "#j-correct")
    expect(seat_score(screen, 2)).to_have_text("10", timeout=WAIT)
    press(mc, "#mc-reveal")
    press(mc, "#mc-next")
    expect(screen.locator("#s-meta")).to_contain_text("Câu thưởng 1/3", timeout=WAIT)
    expect(studio.phones[1].locator("#p-buzzer")).to_be_disabled()
    press(mc, "#mc-start-timer")
    press(judge, "#j-correct")
    expect(seat_score(screen, 2)).to_have_text("20", timeout=WAIT)
    expect(screen.locator("#s-flash")).to_be_hidden(timeout=WAIT)  # the ĐÚNG flash is over
    check_on_air(screen, "onair-screen-quiz-bowl-bonus")
    studio.close()
    assert errors == []
