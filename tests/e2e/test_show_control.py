"""Show control from the MC and judge consoles in a browser: hotkeys, the stopped clock,
re-asking a question and a confirmed correction after the reveal."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.onair import missing_glyphs
from tests.e2e.shows import on_air
from tests.e2e.test_gameshow import TABLET, WAIT, sign_in, watch_console

pytestmark = pytest.mark.e2e

SETUP = """
people = [{"name": f"Thí sinh {n}", "school": f"Trường {n}"} for n in range(1, 5)]
result = start("Điều khiển chương trình", "olympia", service.demo_content("olympia"), people)
"""


def test_mc_and_judge_run_the_show_from_the_keyboard(browser, live_server):
    show = on_air(live_server, SETUP)
    errors = []
    staff = browser.new_context(**TABLET)
    mc = staff.new_page()
    watch_console(mc, errors)
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()
    mc.on("dialog", accept)
    sign_in(mc, live_server)
    mc.goto(f"{live_server.url}/studio/{show['id']}/mc")
    judge = staff.new_page()
    watch_console(judge, errors)
    judge.on("dialog", accept)
    judge.goto(f"{live_server.url}/studio/{show['id']}/judge")
    phone = browser.new_context(**TABLET).new_page()
    phone.goto(f"{live_server.url}/studio/seat/{show['tokens'][1]}")
    try:
        expect(mc.locator("#mc-start-round")).to_be_enabled(timeout=WAIT)
        # The run-down: one segment per round; C cues the next item.
        current = mc.locator("#mc-rundown .rundown-item.is-current")
        expect(current).to_contain_text("Khởi động – lượt thi riêng", timeout=WAIT)
        mc.keyboard.press("c")
        expect(current).to_contain_text("Khởi động – lượt thi chung", timeout=WAIT)
        mc.locator("#mc-cue-prev").click()
        expect(current).to_contain_text("Khởi động – lượt thi riêng", timeout=WAIT)
        mc.locator("#mc-start-round").click()  # the individual turn: seat 1 answers aloud
        expect(mc.locator("#mc-next")).to_be_enabled(timeout=WAIT)
        mc.keyboard.press("n")
        expect(mc.locator("#mc-start-timer")).to_be_enabled(timeout=WAIT)
        mc.keyboard.press("t")
        expect(mc.locator("#mc-clock")).to_be_visible(timeout=WAIT)
        mc.keyboard.press("p")  # stop the clock
        expect(mc.locator("#mc-pause")).to_have_text("Chạy tiếp giờ", timeout=WAIT)
        expect(mc.locator("#mc-clock")).to_have_class("clock paused")
        expect(mc.locator("#mc-hint")).to_contain_text("Đồng hồ đang dừng")
        expect(judge.locator("#j-clock .clock-paused-icon")).to_be_visible(timeout=WAIT)
        for console in (mc, judge):  # symbols are icons: nothing for a fallback font to draw
            assert missing_glyphs(console, "body") == [], console.url
        screenshot(mc, "show-control-mc-paused")
        mc.keyboard.press("+")
        mc.keyboard.press("p")  # run it again
        expect(mc.locator("#mc-pause")).to_have_text("Dừng giờ", timeout=WAIT)
        expect(judge.locator("#j-clock .clock-paused-icon")).to_be_hidden()
        judge.keyboard.press("d")  # the judge's hotkey: correct
        expect(judge.locator("#j-undo")).to_be_enabled(timeout=WAIT)
        expect(mc.locator("#mc-seats")).to_contain_text("10", timeout=WAIT)
        mc.locator("#mc-re-ask").click()  # a fault: ask again, the 10 points are taken back
        expect(mc.locator("#mc-start-timer")).to_be_enabled(timeout=WAIT)
        assert any("Hỏi lại" in message for message in dialogs)
        mc.keyboard.press("t")
        expect(judge.locator("#j-correct")).to_be_enabled(timeout=WAIT)
        judge.keyboard.press("s")  # wrong this time
        expect(mc.locator("#mc-reveal")).to_be_enabled(timeout=WAIT)
        mc.keyboard.press("r")
        expect(judge.locator("#j-phase")).to_have_text("Đã công bố đáp án", timeout=WAIT)
        judge.keyboard.press("u")  # after the reveal: a confirmed correction
        expect(mc.locator("#mc-reveal")).to_be_disabled(timeout=WAIT)
        assert any("sửa kết quả" in message for message in dialogs)
        screenshot(judge, "show-control-judge-corrected")
        assert errors == []
    finally:
        staff.close()
        phone.context.close()
