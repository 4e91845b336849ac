"""The studio screen to broadcast standard, in a real browser at 1920×1080 and 1280×720.

Every round type is played through the real studio pages (MC, judge, contestants' phones) with
the longest questions shipped in questions/, 30–40-character Vietnamese names and long school
names. At each moment a director would cut to (question open, who has the floor, a steal, the
verdict, the reveal) both screens must have no clipped text, no text over text, every text
inside the graphics-safe area (90%), and no character the bundled font cannot draw.
Screenshots: screenshots/studio-onair-<moment>-<size>.png.
"""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_until
from tests.e2e.onair import (
    CHARACTERS,
    CHECK,
    check_on_air,
    font_ranges,
    graphics_safe,
    missing_glyphs,
)
from tests.e2e.shows import on_air
from tests.e2e.test_gameshow import PHONE, TABLET, WAIT, press, sign_in, type_answer
from tests.e2e.test_gameshow import Studio as StudioPages
from tests.e2e.test_gameshow_formats import tap_order

pytestmark = pytest.mark.e2e
TIMER_WAIT = 45_000  # the longest timer below (30 s) and a margin
SIZES = ((1920, 1080), (1280, 720))
LONGEST = "san-pham-trong-nuoc-050"  # the longest question shipped (243 characters)
PEOPLE = [{"name": "Nguyễn Hoàng Phương Thảo Nguyên Anh",
           "school": "Trường THPT Chuyên Nguyễn Tất Thành, tỉnh Quảng Ngãi"},
          {"name": "Tôn Nữ Thị Huyền Trang Bảo Ngọc",
           "school": "Trường Phổ thông Dân tộc nội trú tỉnh Quảng Ngãi"},
          {"name": "Lê Chi", "school": "THPT Đăk Hà"},
          {"name": "Phạm Văn Đức Minh Khôi Nguyên",
           "school": "Trường Phổ thông Dân tộc bán trú THCS Măng Cành"}]

# How many lines each score card's name takes.
NAME_LINES = """() => [...document.querySelectorAll("#s-seats .seat-name")].map(n =>
    Math.round(n.scrollHeight / parseFloat(getComputedStyle(n).lineHeight)))"""

# The verdict banner is up for 2 s only: a wait that begins late on a loaded machine misses it.
# This recorder, installed when the screen loads, notes each banner as it comes up and, once it
# has settled (its entrance takes 0.3 s), the on-air checks of the whole screen with the banner
# on it: its text, its bottom edge and the top edges of what it must stay above (the question
# column, the right-hand column, the score cards), the problems onair_check.js finds, the
# characters shown and how many lines each name takes.
RECORD_BANNERS = """({scope, safe, settleMs}) => {
  const check = CHECK_ON_AIR;
  const characters = CHARACTERS_SHOWN;
  const names = NAME_LINES;
  const flash = document.getElementById("s-flash");
  const top = id => document.getElementById(id).getBoundingClientRect().top;
  const banners = window.quizappBanners = [];
  new MutationObserver(records => {
    const cue = records.some(r => r.type === "childList" || r.attributeName === "hidden");
    if (!cue || flash.hidden) return;
    const banner = {text: flash.innerText.trim(), shownAt: performance.now()};
    banners.push(banner);
    window.setTimeout(() => {  // before the screen's own 2 s timer: timers run in time order
      Object.assign(banner, {
        up: !flash.hidden, later: banners.length - 1 - banners.indexOf(banner),
        text: flash.innerText.trim(), bottom: flash.getBoundingClientRect().bottom,
        below: [top("s-main"), top("s-side"), top("s-seats")],
        problems: check({scope, safe}), characters: characters(scope), nameLines: names(),
        settledAt: performance.now()});
    }, settleMs);
  }).observe(flash, {attributes: true, attributeFilter: ["hidden"], childList: true});
}""".replace("CHECK_ON_AIR", CHECK.strip()).replace("CHARACTERS_SHOWN", CHARACTERS).replace(
    "NAME_LINES", NAME_LINES)

# Short timers, so the test waits seconds, not minutes; where both screens are checked and four
# phones answer before time is up, long enough for that on a loaded machine.
SHORT = {"khoi-dong-rieng": {"time_s": 30},
         "khoi-dong-chung": {"time_s": 30, "answer_time_s": 30},
         "vuot-chuong-ngai-vat": {"time_s": 30}, "tang-toc": {"time_s": 16},
         "ve-dich": {"times_s": [30, 30], "steal_window_s": 30, "steal_answer_time_s": 30}}
SHORT_FFF = {"nhanh-tay": {"time_s": 30}, "ladder": {"call_s": 8}}

SETUP = """
save_preset("olympia", "olympia-onair", values["short"])
save_preset("millionaire-fff", "fff-onair", values["short_fff"])

# The demo episodes, with the longest questions shipped where each round plays first.
longest = values["longest"]
olympia = yaml.safe_load(service.demo_content("olympia"))
rounds = olympia["rounds"]
rounds["khoi-dong-rieng"][1][0] = longest
# lua-dao-050 moves to the buzzer round; Tăng tốc plays su-co-047 instead.
rounds["tang-toc"][1] = "su-co-047"
rounds["khoi-dong-chung"][0] = "lua-dao-050"
rounds["tang-toc"][0] = "lua-dao-047"
first = rounds["ve-dich"][20][0]
rounds["ve-dich"][20][0] = "san-pham-trong-nuoc-039"
rounds["cau-hoi-phu"] = [first if key == "san-pham-trong-nuoc-039" else key
                         for key in rounds["cau-hoi-phu"]]
fff = yaml.safe_load(service.demo_content("millionaire-fff"))
fff["rounds"]["nhanh-tay"][0] = "ma-doc-040"
fff["rounds"]["ladder"][0] = "lua-dao-003"
bowl = yaml.safe_load(service.demo_content("quiz-bowl"))
bowl["rounds"]["buzzer"]["tossups"][0] = longest
result = {name: start("Đường lên đỉnh An toàn thông tin – Tuần 12 – Trận chung kết năm " + name,
                      slug, content, values["people"])
          for name, slug, content in (("olympia", "olympia-onair", olympia),
                                      ("fff", "fff-onair", fff), ("bowl", "quiz-bowl", bowl))}
"""


@pytest.fixture(scope="module")
def shows(live_server):
    return on_air(live_server, SETUP, people=PEOPLE, longest=LONGEST, short=SHORT,
                  short_fff=SHORT_FFF)


class Studio(StudioPages):
    """One episode: MC and judge on a tablet, two studio screens (1080p and 720p), phones."""

    def __init__(self, browser, server, show, errors, phones=(1, 2, 3, 4)):
        self.contexts, self.errors = [], errors
        base = f"{server.url}/studio/{show['id']}"
        staff = self.context(browser, **TABLET)
        self.mc = self.page(staff)
        self.mc.on("dialog", lambda dialog: dialog.accept())
        sign_in(self.mc, server)
        self.mc.goto(f"{base}/mc")
        self.judge = self.page(staff)
        self.judge.goto(f"{base}/judge")
        self.screens = {}
        for width, height in SIZES:
            screen = self.page(self.context(
                browser, viewport={"width": width, "height": height}, locale="vi-VN"))
            screen.goto(f"{base}/screen?k={show['key']}")
            screen.evaluate(RECORD_BANNERS, {"scope": "#studio-root", "safe": graphics_safe(
                width, height), "settleMs": 350})
            self.screens[(width, height)] = screen
        self.banners_seen = {screen: 0 for screen in self.screens.values()}
        self.phones = {}
        for seat in phones:
            phone = self.page(self.context(browser, **PHONE))
            phone.goto(f"{server.url}/studio/seat/{show['tokens'][seat - 1]}")
            self.phones[seat] = phone
        for screen in self.screens.values():
            expect(screen.locator("#s-seats .seat-card").first).to_be_visible(timeout=WAIT)
            expect(screen.locator("#s-dot")).to_be_hidden(timeout=WAIT)  # connected

    def each(self, selector):
        """A locator on every screen."""
        return [screen.locator(selector) for screen in self.screens.values()]

    def check(self, moment, settle_ms=600):
        """Both screens at this moment: nothing clipped, overlapping, unsafe or without a glyph."""
        for (width, height), screen in self.screens.items():
            check_on_air(screen, f"studio-onair-{moment}-{width}x{height}",
                         safe=graphics_safe(width, height), settle_ms=settle_ms)
            assert missing_glyphs(screen, "#studio-root") == [], moment
            lines = screen.evaluate(NAME_LINES)
            assert max(lines) <= 2, f"{moment}: a name on {max(lines)} lines"

    def verdict(self, moment, text):
        """The verdict banner, as each screen's recorder saw it come up after the last one checked
        (a banner no step names, such as time running out after a wrong answer, is passed over):
        over the titles strip, never over a contestant or the floor, the screen then on air."""
        ranges = font_ranges()
        for (width, height), screen in self.screens.items():
            seen = self.banners_seen[screen]
            find = (f"window.quizappBanners.findIndex((b, i) => i >= {seen} "
                    f"&& b.text === {json.dumps(text)})")
            wait_until(screen, f"({find}) >= 0 && window.quizappBanners[{find}].settledAt",
                       TIMER_WAIT)
            index = screen.evaluate(find)
            self.banners_seen[screen] = index + 1
            banner = screen.evaluate(f"window.quizappBanners[{index}]")
            size = f"{width}x{height}"
            if screen.locator("#s-flash").is_visible():
                screenshot(screen, f"studio-onair-{moment}-banner-{size}")
            assert banner["up"], (moment, size, "the banner left before it settled", banner)
            assert banner["text"] == text, (moment, size, banner["text"])
            assert all(banner["bottom"] <= top for top in banner["below"]), (moment, size, banner)
            assert banner["problems"] == [], (moment, size, banner["problems"])
            missing = [ch for ch in banner["characters"]
                       if not any(low <= ord(ch) <= high for low, high in ranges)]
            assert missing == [], (moment, size, missing)
            assert max(banner["nameLines"]) <= 2, (moment, size, banner["nameLines"])


def test_olympia_on_the_studio_screen(browser, live_server, shows):
    errors = []
    studio = Studio(browser, live_server, shows["olympia"], errors)
    mc, judge, phones = studio.mc, studio.judge, studio.phones
    for cards in studio.each("#s-seats .seat-card"):
        expect(cards).to_have_count(4)
    studio.check("lobby")
    for screen in studio.screens.values():  # nothing for the operator on camera
        assert screen.locator("button, a[href], svg.qr, .ss-qr").count() == 0
        assert "/play" not in screen.locator("body").inner_text()
    # M switches the sound (the browser remembers it), shown nowhere on screen.
    screen = studio.screens[SIZES[0]]
    root = screen.locator("#studio-root")
    expect(root).to_have_attribute("data-sound", "on")
    screen.keyboard.press("m")
    expect(root).to_have_attribute("data-sound", "off")
    assert screen.evaluate("localStorage.getItem('quizapp.studio.sound.screen')") == "off"
    screen.keyboard.press("m")
    expect(root).to_have_attribute("data-sound", "on")

    # Khởi động, individual: seat 1 gets the longest question shipped.
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    press(mc, "#mc-start-timer")
    question = mc.locator("#mc-text").inner_text()
    assert len(question) >= 240
    for text in studio.each("#s-text"):
        expect(text).to_have_text(question, timeout=WAIT)
    studio.check("individual-open")
    press(judge, "#j-correct")
    studio.verdict("individual-verdict", "ĐÚNG")
    press(mc, "#mc-reveal")
    for reveal in studio.each("#s-explain"):
        expect(reveal).to_be_visible(timeout=WAIT)
    studio.check("individual-reveal")

    # Khởi động, common: seat 2 buzzes from the phone and has the floor; SAI.
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    press(mc, "#mc-start-timer")
    buzzer = phones[2].locator("#p-buzzer")
    expect(buzzer).to_have_attribute("data-state", "armed", timeout=WAIT)
    buzzer.click()
    for floor in studio.each("#s-buzz"):
        expect(floor).to_be_visible(timeout=WAIT)
        expect(floor).to_contain_text(PEOPLE[1]["name"], timeout=WAIT)
    studio.check("buzzer-floor")
    press(judge, "#j-wrong")
    studio.verdict("buzzer-verdict", "SAI")
    press(mc, "#mc-reveal")
    for reveal in studio.each("#s-reveal"):
        expect(reveal).to_be_visible(timeout=WAIT)
    studio.check("buzzer-reveal")

    # Vượt chướng ngại vật: a row; every seat types; seat 2 claims the keyword; time is up.
    press(mc, "#mc-start-round")
    for rows in studio.each("#s-rows .ss-row"):
        expect(rows).to_have_count(4, timeout=WAIT)
    press(mc, "#mc-rows button[data-row='1']")
    expect(judge.locator("#j-meta")).to_contain_text("Hàng ngang 1", timeout=WAIT)
    row_answer = judge.locator("#j-reference").inner_text()
    press(mc, "#mc-start-timer")
    studio.check("obstacle-row")
    type_answer(phones[1], row_answer)
    type_answer(phones[3], "mật khẩu")
    type_answer(phones[4], "phần mềm diệt vi rút")
    type_answer(phones[2], "không biết")
    buzzer = phones[2].locator("#p-buzzer")
    expect(buzzer).to_have_attribute("data-state", "armed", timeout=WAIT)
    buzzer.click()
    for claims in studio.each("#s-claims"):
        expect(claims).to_contain_text(PEOPLE[1]["name"], timeout=WAIT)
    studio.check("obstacle-claim")
    studio.verdict("obstacle-time-up", "HẾT GIỜ")
    expect(judge.locator("#j-typed tr[data-seat='1'] .auto-verdict")).to_have_text(
        "đúng", timeout=TIMER_WAIT)
    press(mc, "#mc-reveal")
    for typed in studio.each("#s-typed li"):
        expect(typed).to_have_count(4, timeout=WAIT)
    studio.check("obstacle-reveal")
    press(mc, "#mc-take-keyword")
    for floor in studio.each("#s-buzz"):
        expect(floor).to_be_visible(timeout=WAIT)
        expect(floor).to_contain_text(PEOPLE[1]["name"], timeout=WAIT)
    studio.check("obstacle-keyword-floor")
    press(judge, "#j-wrong")
    studio.verdict("obstacle-keyword-verdict", "SAI")

    # Tăng tốc: four typed answers; the judge accepts seat 3's spelling (corrected).
    press(mc, "#mc-start-round")
    expect(mc.locator("#mc-round")).to_contain_text("Tăng tốc", timeout=WAIT)
    press(mc, "#mc-next")
    expect(judge.locator("#j-meta")).to_contain_text("Câu 1/4", timeout=WAIT)
    fast = judge.locator("#j-reference").inner_text()
    press(mc, "#mc-start-timer")
    studio.check("ranked-open")
    type_answer(phones[2], fast)
    type_answer(phones[3], fast + " ạ")
    type_answer(phones[1], "sai rồi")
    type_answer(phones[4], "một câu trả lời dài của thí sinh số bốn")
    yes = judge.locator("#j-typed tr[data-seat='3'] .toggle-yes")
    expect(yes).to_be_enabled(timeout=TIMER_WAIT)
    yes.click()
    expect(yes).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    press(mc, "#mc-reveal")
    for screen in studio.screens.values():
        grid = screen.locator("#s-typed li")
        expect(grid).to_have_count(4, timeout=WAIT)
        expect(screen.locator("#s-typed li[data-seat='3'] .ss-typed-corrected")).to_be_visible()
        expect(screen.locator("#s-typed li[data-seat='2'] .ss-typed-time")).to_contain_text("giây")
        # Two by two: seats 1 and 2 side by side, 3 and 4 under them.
        boxes = [grid.nth(i).bounding_box() for i in range(4)]
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] > boxes[0]["x"]
        assert boxes[2]["y"] > boxes[0]["y"] and abs(boxes[2]["x"] - boxes[0]["x"]) < 2
    studio.check("ranked-reveal")

    # Về đích: seat 2 (the leader) picks 20-20-30 with the star; SAI; seat 1 steals; ĐÚNG.
    press(mc, "#mc-start-round")
    expect(mc.locator("#mc-on-turn")).to_contain_text(PEOPLE[1]["name"], timeout=WAIT)
    mc.locator("#mc-pack-slots .pack-slot").nth(2).get_by_role("button", name="30").click()
    press(mc, "#mc-choose-pack")
    press(mc, "#mc-star")
    press(mc, "#mc-next")
    press(mc, "#mc-start-timer")
    for screen in studio.screens.values():
        expect(screen.locator("#s-finish .ss-pack-item")).to_have_count(3, timeout=WAIT)
        expect(screen.locator("#s-star")).to_be_visible(timeout=WAIT)
    studio.check("finish-open")
    press(judge, "#j-wrong")
    studio.verdict("finish-verdict", "SAI")
    buzzer = phones[1].locator("#p-buzzer")
    expect(buzzer).to_have_attribute("data-state", "armed", timeout=WAIT)
    buzzer.click()
    for floor in studio.each("#s-buzz"):
        expect(floor).to_be_visible(timeout=WAIT)
        expect(floor).to_contain_text(PEOPLE[0]["name"], timeout=WAIT)
    studio.check("finish-steal")
    press(judge, "#j-correct")
    studio.verdict("finish-steal-verdict", "ĐÚNG")
    press(mc, "#mc-reveal")
    for reveal in studio.each("#s-reveal"):
        expect(reveal).to_be_visible(timeout=WAIT)
    studio.check("finish-reveal")
    press(mc, "#mc-end")
    for title in studio.each("#s-idle-kicker"):
        expect(title).to_have_text("Chúc mừng", timeout=WAIT)
    studio.check("winner")
    studio.close()
    assert errors == []


def test_fastest_finger_and_the_ladder_on_the_studio_screen(browser, live_server, shows):
    errors = []
    studio = Studio(browser, live_server, shows["fff"], errors)
    mc, judge = studio.mc, studio.judge
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    press(mc, "#mc-start-timer")
    items = judge.locator("#j-reference .order-part").all_inner_texts()
    for choices in studio.each("#s-choices .choice"):
        expect(choices).to_have_count(4, timeout=WAIT)
    studio.check("fff-open")
    tap_order(studio.phones[2], items)
    tap_order(studio.phones[1], items[::-1])
    tap_order(studio.phones[3], items[1:] + items[:1])
    tap_order(studio.phones[4], items[::-1])
    reveal = mc.locator("#mc-reveal")
    expect(reveal).to_be_enabled(timeout=TIMER_WAIT)  # once the 30 seconds are up
    reveal.click()
    for typed in studio.each("#s-typed li"):
        expect(typed).to_have_count(4, timeout=WAIT)
    studio.check("fff-reveal")
    # The ladder: one contestant in the hot seat, the money tree in the right-hand column.
    press(mc, "#mc-next")
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    for screen in studio.screens.values():
        expect(screen.locator("#s-seats .seat-card")).to_have_count(1, timeout=WAIT)
        expect(screen.locator("#s-steps .ss-step")).to_have_count(15, timeout=WAIT)
        expect(screen.locator("#s-choices .choice")).to_have_count(4, timeout=WAIT)
    studio.check("ladder-open")
    press(mc, "#mc-lifeline-fifty_fifty")
    for hidden in studio.each("#s-choices .choice.is-hidden"):
        expect(hidden).to_have_count(2, timeout=WAIT)
        expect(hidden.first).not_to_be_visible()
    studio.check("ladder-fifty-fifty")
    press(mc, "#mc-lifeline-phone_a_friend")
    for meta in studio.each("#s-meta"):
        expect(meta).to_contain_text("Gọi điện thoại cho người thân", timeout=WAIT)
    for lifeline in studio.each("#s-lifelines [data-lifeline='phone_a_friend']"):
        expect(lifeline).to_have_class("ss-lifeline is-used", timeout=WAIT)
    studio.check("ladder-call")
    press(mc, "#mc-start-timer")  # the call is over (8 s): the question's clock runs
    right = judge.locator("#j-reference").inner_text()
    lock = mc.locator("#mc-lock button.lock-button").filter(has=mc.get_by_text(right, exact=True))
    expect(lock).to_be_enabled(timeout=TIMER_WAIT)
    lock.click()
    press(mc, "#mc-reveal")
    for correct in studio.each("#s-choices .choice.is-correct"):
        expect(correct).to_contain_text(right, timeout=WAIT)
    studio.check("ladder-reveal")
    studio.close()
    assert errors == []


def test_quiz_bowl_on_the_studio_screen(browser, live_server, shows):
    errors = []
    studio = Studio(browser, live_server, shows["bowl"], errors, phones=(1, 4))
    mc, judge = studio.mc, studio.judge
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    buzzer = studio.phones[4].locator("#p-buzzer")
    expect(buzzer).to_be_enabled(timeout=WAIT)
    buzzer.click()  # an interrupt, while the MC reads the longest question
    for floor in studio.each("#s-buzz"):
        expect(floor).to_be_visible(timeout=WAIT)
        expect(floor).to_contain_text(PEOPLE[3]["name"], timeout=WAIT)
    studio.check("bowl-floor")
    press(judge, "#j-correct")
    studio.verdict("bowl-verdict", "ĐÚNG")
    press(mc, "#mc-reveal")
    for reveal in studio.each("#s-reveal"):
        expect(reveal).to_be_visible(timeout=WAIT)
    studio.check("bowl-reveal")
    screenshot(mc, "studio-onair-bowl-mc")
    studio.close()
    assert errors == []
