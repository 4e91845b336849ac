"""The obstacle's centre-tile question in real browsers: the second shipped Olympia demo's
obstacle is played through the MC console, the judge, two phones, the studio screen and the
overlay, its four rows, then the centre question, then the last keyword window.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.onair import check_on_air, graphics_safe, missing_glyphs
from tests.e2e.shows import on_air
from tests.e2e.test_gameshow import (
    CONTESTANTS,
    TIMER_WAIT,
    WAIT,
    Studio,
    press,
    seat_score,
    type_answer,
)

pytestmark = pytest.mark.e2e

SETUP = """
# Olympia with 12 s rows, so the test waits seconds, not minutes: long enough for both
# phones to type after the screens are checked on a loaded machine (6 s once was not).
save_preset("olympia", "olympia-centre-e2e",
            {"vuot-chuong-ngai-vat": {"time_s": 12, "final_buzz_s": 20}})
text = (service.EPISODE_DIR / "olympia-demo-2.yaml").read_text(encoding="utf-8")
result = start("Tập thử ô trung tâm", "olympia-centre-e2e", text, values["contestants"])
"""


@pytest.fixture(scope="module")
def show(live_server):
    return on_air(live_server, SETUP, contestants=CONTESTANTS)


def play_row(studio, row, right):
    """The MC picks a row; the seat ``right`` types its answer; the MC reveals it."""
    mc, judge = studio.mc, studio.judge
    press(mc, f"#mc-rows button[data-row='{row}']")
    expect(judge.locator("#j-meta")).to_contain_text(f"Hàng ngang {row}", timeout=WAIT)
    answer = judge.locator("#j-reference").inner_text()
    press(mc, "#mc-start-timer")
    type_answer(studio.phones[right], answer)
    press(mc, "#mc-reveal")  # enabled once the row's 12 seconds are up
    expect(studio.screen.locator("#s-picture .piece-" + str(row))).to_have_class(
        re.compile("open"), timeout=TIMER_WAIT)


def check_screens(screens, moment):
    """The studio screen at 1920×1080 and 1280×720: nothing clipped, overlapping, outside
    graphics-safe or without a glyph."""
    for (width, height), page in screens.items():
        check_on_air(page, f"studio-onair-centre-{moment}-{width}x{height}",
                     safe=graphics_safe(width, height))
        assert missing_glyphs(page, "#studio-root") == [], moment


def test_the_obstacle_plays_its_centre_question_after_the_rows(browser, live_server, show):
    errors = []
    studio = Studio(browser, live_server, show, errors, phones=(1, 2))
    mc, judge, screen, overlay = studio.mc, studio.judge, studio.screen, studio.overlay
    small = studio.page(studio.context(browser, viewport={"width": 1280, "height": 720},
                                       locale="vi-VN"))
    small.goto(f"{live_server.url}/studio/{show['id']}/screen?k={show['key']}")
    screens = {(1920, 1080): screen, (1280, 720): small}
    for _ in range(3):  # the two warm-ups are cut short: the obstacle is the third round
        press(mc, "#mc-start-round")
    expect(mc.locator("#mc-obstacle")).to_be_visible(timeout=WAIT)
    centre_button = mc.locator("#mc-centre")
    expect(centre_button).to_have_text("Ô trung tâm · 7 chữ", timeout=WAIT)
    expect(mc.locator("#mc-rules")).to_contain_text("ô trung tâm: đúng +10")
    for page in screens.values():  # the centre is a fifth row of the screen's board
        expect(page.locator("#s-rows .ss-row")).to_have_count(5, timeout=WAIT)
        expect(page.locator("#s-rows .ss-row-centre")).to_have_class(re.compile("row-hidden"))
        expect(page.locator("#s-rows .ss-row-centre .ss-row-no")).to_have_text("TT")
    expect(overlay.locator("#o-round-box .ov-row")).to_have_count(5, timeout=WAIT)
    expect(overlay.locator("#o-round-box .ov-row-centre")).to_have_class(
        re.compile("ov-row-hidden"))
    for row in (1, 2, 3, 4):
        play_row(studio, row, right=1)
    expect(seat_score(screen, 1)).to_have_text("40", timeout=WAIT)

    # After the rows, "Câu tiếp" is the centre question: typed like a row by everyone.
    expect(mc.locator("#mc-next")).to_have_text("Câu hỏi ô trung tâm", timeout=WAIT)
    press(mc, "#mc-next")
    expect(judge.locator("#j-meta")).to_contain_text("Ô trung tâm", timeout=WAIT)
    centre = judge.locator("#j-reference").inner_text()
    assert centre == "xác nhận"
    expect(screen.locator("#s-meta")).to_contain_text("Ô trung tâm", timeout=WAIT)
    assert centre not in screen.locator("#studio-root").inner_text()
    expect(overlay.locator("#o-round-box .ov-row-centre")).to_have_class(
        re.compile("is-current"), timeout=WAIT)
    expect(centre_button).to_be_disabled()
    for page in screens.values():
        expect(page.locator("#s-rows .ss-row-centre")).to_have_class(re.compile("is-current"),
                                                                     timeout=WAIT)
    press(mc, "#mc-start-timer")
    check_screens(screens, "open")
    binh, anh = studio.phones[2], studio.phones[1]
    type_answer(binh, "Xac nhan")  # accents and case are ignored, as for a row
    type_answer(anh, "không biết")
    # A press while the centre is on air claims the keyword, as during a row.
    expect(anh.locator("#p-buzzer-label")).to_have_text("BẤM ĐỂ XIN TRẢ LỜI CNV", timeout=WAIT)
    anh.locator("#p-buzzer").click()
    expect(anh.locator("#p-buzzer")).to_have_attribute("data-state", "claimed", timeout=WAIT)
    expect(judge.locator("#j-typed tr[data-seat='2'] .auto-verdict")).to_have_text(
        "đúng", timeout=TIMER_WAIT)
    screenshot(judge, "gameshow-judge-centre")
    press(mc, "#mc-reveal")
    expect(screen.locator("#s-picture .piece-0")).to_have_class(re.compile("open"), timeout=WAIT)
    expect(seat_score(screen, 2)).to_have_text("10", timeout=WAIT)
    for page in screens.values():
        expect(page.locator("#s-rows .ss-row-centre")).to_have_class(re.compile("row-opened"),
                                                                     timeout=WAIT)
        expect(page.locator("#s-rows .ss-row-centre .letter.filled")).to_have_count(7)
    expect(overlay.locator("#o-round-box .ov-row-centre")).to_have_class(
        re.compile("ov-row-opened"), timeout=WAIT)
    expect(overlay.locator("#o-round-box .ov-row-centre .letter.filled")).to_have_count(7)
    expect(centre_button).to_have_text("Ô trung tâm · đã chơi")
    screenshot(mc, "gameshow-mc-centre")
    check_on_air(overlay, "onair-overlay-obstacle-centre", overlay=True)
    check_screens(screens, "reveal")

    # The claim made during the centre is worth the rows and the centre on air: 30.
    press(mc, "#mc-take-keyword")
    expect(judge.locator("#j-meta")).to_contain_text("Chướng ngại vật", timeout=WAIT)
    expect(judge.locator("#j-meta")).to_contain_text("30 điểm")
    press(judge, "#j-correct")
    expect(seat_score(screen, 1)).to_have_text("70", timeout=WAIT)
    press(mc, "#mc-reveal")
    expect(overlay.locator("#o-round-box .ov-keyword")).to_have_text("tư duy phản biện",
                                                                    timeout=WAIT)
    studio.close()
    assert errors == []
