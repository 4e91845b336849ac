"""The TV gameshow studio in real browsers: MC, judge, studio screen, overlay and contestant phones.

One Olympia episode (a copy of the shipped preset with short timers) is played through the UI:
a warm-up question, a buzzer question, an obstacle row, an acceleration question and a finish
question with a steal; then one ladder question of a Millionaire episode with 50:50.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_until
from tests.e2e.onair import check_on_air, missing_glyphs
from tests.e2e.shows import on_air

pytestmark = pytest.mark.e2e
WAIT = 15_000
TIMER_WAIT = 30_000
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "locale": "vi-VN"}
TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True, "locale": "vi-VN"}
FULL_HD = {"viewport": {"width": 1920, "height": 1080}, "locale": "vi-VN"}
CONTESTANTS = [{"name": "Nguyễn Thị Ánh", "school": "THPT Kon Tum"},
               {"name": "Trần Bình", "school": "THPT Ngọc Hồi"},
               {"name": "Lê Chi", "school": "THPT Đăk Hà"},
               {"name": "Phạm Dũng", "school": "THPT Sa Thầy"}]

# Olympia with short timers, so the test waits seconds, not minutes.
SHORT = {"khoi-dong-rieng": {"time_s": 20},
         "khoi-dong-chung": {"time_s": 20, "answer_time_s": 20},
         "vuot-chuong-ngai-vat": {"time_s": 10},
         "tang-toc": {"time_s": 8},
         "ve-dich": {"times_s": [20, 20], "steal_window_s": 20, "steal_answer_time_s": 20}}

SETUP = """
# The viewers' schools are in the registry: only registry schools go on air.
from quizapp.extensions import db
from quizapp.schools.models import AdminUnit, School
unit = AdminUnit(code="x-e2e", name="Xã thử", kind="commune")
for code, name in (("E2E-NH", "THCS Nguyễn Huệ"), ("E2E-LL", "THCS Lê Lợi")):
    if not School.query.filter_by(code=code).first():
        db.session.add(School(code=code, name=name, unit=unit, level="lower_secondary",
                              enrolment=300))
db.session.commit()
save_preset("olympia", "olympia-e2e", values["short"])
people = values["contestants"]
result = {
    "olympia": start("Tập thử olympia", "olympia-e2e", service.demo_content("olympia"), people),
    "ladder": start("Tập thử ladder", "millionaire", service.demo_content("millionaire"),
                    people[:1])}
"""


def create_shows(server):
    """Two episodes on air (Olympia with short timers, Millionaire): ids, keys, seat tokens."""
    return on_air(server, SETUP, contestants=CONTESTANTS, short=SHORT)


def watch_console(page, errors):
    """Collect script errors and CSP refusals (no inline script or style may slip in)."""
    page.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url')}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))


def press(page, selector):
    """Click a console button once the server's view has enabled it."""
    button = page.locator(selector)
    expect(button).to_be_enabled(timeout=WAIT)
    button.click()


def seat_score(page, seat):
    return page.locator(f"#s-seats .seat-card[data-seat='{seat}'] .seat-score")


class Studio:
    """The browser contexts of one episode: staff on tablets, screens in full HD, phones."""

    def __init__(self, browser, server, show, errors, phones=(1, 2)):
        self.contexts = []
        self.server, self.show, self.errors = server, show, errors
        base = f"{server.url}/studio/{show['id']}"
        staff = self.context(browser, **TABLET)
        self.mc = self.page(staff)
        self.mc.on("dialog", lambda dialog: dialog.accept())  # cutting a round short asks first
        sign_in(self.mc, server)
        self.mc.goto(f"{base}/mc")
        self.judge = self.page(staff)
        self.judge.goto(f"{base}/judge")
        self.keys = self.page(staff)
        self.keys.goto(f"{base}/keys")
        self.screen = self.page(self.context(browser, **FULL_HD))
        self.screen.goto(f"{base}/screen?k={show['key']}")
        self.overlay = self.page(self.context(browser, **FULL_HD))
        self.overlay.goto(f"{base}/overlay?k={show['key']}")
        self.phones = {}
        for seat in phones:
            phone = self.page(self.context(browser, **PHONE))
            phone.goto(f"{server.url}/studio/seat/{show['tokens'][seat - 1]}")
            self.phones[seat] = phone
        for page in [self.mc, self.judge, self.keys, self.screen, self.overlay,
                     *self.phones.values()]:
            expect(page.locator("#conn-banner")).to_be_hidden(timeout=WAIT)

    def context(self, browser, **options):
        context = browser.new_context(**options)
        self.contexts.append(context)
        return context

    def page(self, context):
        page = context.new_page()
        watch_console(page, self.errors)
        return page

    def check_consoles(self, moment):
        """The MC's and the judge's consoles show no character the bundled font cannot draw:
        every symbol (floor, star, ticks, crosses, shapes, arrows, sound) is an inline SVG."""
        for page in (self.mc, self.judge):
            role = page.url.rsplit("/", 1)[-1]
            screenshot(page, f"gameshow-console-{moment}-{role}")
            assert missing_glyphs(page, "body") == [], (moment, role)

    def check_seats(self, moment):
        """The contestants' phones show no character the bundled font cannot draw: the
        buzzer's states, verdicts, sent answers, shapes and arrows are inline SVG icons (a
        phone's own font draws ✓ ◉ ⊘ as empty boxes or emoji)."""
        for seat, page in self.phones.items():
            screenshot(page, f"gameshow-seat-{moment}-{seat}")
            assert missing_glyphs(page, "body") == [], (moment, seat)

    def close(self):
        for context in self.contexts:
            context.close()


def join_audience(browser, server, pin, nickname, school, errors):
    """A TV viewer joins the audience game on a phone (the /play page of live contests)."""
    viewer = browser.new_context(**PHONE).new_page()
    watch_console(viewer, errors)
    viewer.goto(f"{server.url}/play/{pin}")
    viewer.get_by_label("Tên hiển thị").fill(nickname)
    viewer.get_by_label("Trường").fill(school)
    viewer.get_by_role("button", name="Vào chơi").click()
    expect(viewer.locator("#lobby-nickname")).to_have_text(nickname, timeout=WAIT)
    return viewer


def type_answer(phone, text):
    expect(phone.locator("#p-type")).to_be_visible(timeout=WAIT)
    phone.locator("#p-type-input").fill(text)
    phone.locator("#p-send").click()
    expect(phone.locator("#p-sent")).to_have_text(f"Đã gửi: {text}", timeout=WAIT)


def test_olympia_and_millionaire_through_the_studio_pages(browser, live_server):
    shows = create_shows(live_server)
    errors = []
    studio = Studio(browser, live_server, shows["olympia"], errors)
    mc, judge, screen, overlay = studio.mc, studio.judge, studio.screen, studio.overlay
    anh, binh = studio.phones[1], studio.phones[2]
    viewers = [join_audience(browser, live_server, shows["olympia"]["pin"], name, school, errors)
               for name, school in (("Lan", "THCS Nguyễn Huệ"), ("Minh", "THCS Lê Lợi"))]
    expect(screen.locator("#s-idle-kicker")).to_have_text("Sắp lên sóng", timeout=WAIT)
    expect(screen.locator("#s-seats .seat-card")).to_have_count(4)
    expect(anh.locator("#p-name")).to_have_text("Nguyễn Thị Ánh")

    # 1. Warm-up, individual turn: seat 1 answers aloud, the judge says ĐÚNG.
    expect(mc.locator("#mc-start-round")).to_have_text("Bắt đầu vòng 1", timeout=WAIT)
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    expect(mc.locator("#mc-text")).not_to_be_empty(timeout=WAIT)
    expect(mc.locator("#mc-answer")).not_to_be_empty()
    expect(mc.locator("#mc-rules")).to_contain_text("câu/thí sinh")
    question = mc.locator("#mc-text").inner_text()
    reference = mc.locator("#mc-answer").inner_text()
    expect(screen.locator("#s-text")).to_have_text(question, timeout=WAIT)
    expect(screen.locator("#s-reveal")).to_be_hidden()
    assert reference not in screen.locator("#studio-root").inner_text()
    press(mc, "#mc-start-timer")
    expect(screen.locator("#s-clock")).to_be_visible(timeout=WAIT)
    expect(judge.locator("#j-floor")).to_contain_text("Nguyễn Thị Ánh", timeout=WAIT)
    expect(judge.locator("#j-reference")).to_have_text(reference)
    expect(overlay.locator("#o-lower")).to_have_class(re.compile("is-in"), timeout=WAIT)
    check_on_air(overlay, "onair-overlay-individual", overlay=True)
    check_on_air(screen, "onair-screen-individual")
    studio.check_consoles("individual")
    press(judge, "#j-correct")
    expect(seat_score(screen, 1)).to_have_text("10", timeout=WAIT)
    expect(screen.locator("#s-seats .seat-card[data-seat='1']")).to_have_class(
        re.compile("is-leader"))
    expect(anh.locator("#p-score")).to_have_text("10", timeout=WAIT)
    expect(judge.locator("#j-log tr").first).to_contain_text("+10")
    press(mc, "#mc-reveal")
    expect(screen.locator("#s-answer")).to_have_text(reference, timeout=WAIT)

    # 2. Warm-up, common turn: seat 2 buzzes first from the phone; SAI locks the seat out.
    press(mc, "#mc-start-round")
    expect(mc.locator("#mc-round")).to_contain_text("lượt thi chung", timeout=WAIT)
    press(mc, "#mc-next")
    # While the MC reads, the button works (a press now is early and holds the seat).
    expect(binh.locator("#p-buzzer")).to_have_attribute("data-state", "ready", timeout=WAIT)
    expect(binh.locator("#p-buzzer-label")).to_have_text("Chờ hiệu lệnh")
    studio.check_seats("ready")
    press(mc, "#mc-start-timer")
    expect(binh.locator("#p-buzzer")).to_have_attribute("data-state", "armed", timeout=WAIT)
    screenshot(binh, "gameshow-contestant-armed")
    binh.locator("#p-buzzer").click()
    expect(binh.locator("#p-buzzer")).to_have_attribute("data-state", "won", timeout=WAIT)
    expect(binh.locator("#p-buzzer-label")).to_have_text("Mời bạn trả lời")
    expect(screen.locator("#s-buzz")).to_contain_text("Trần Bình", timeout=WAIT)
    expect(overlay.locator("#o-buzz")).to_contain_text("Trần Bình", timeout=WAIT)
    expect(mc.locator("#mc-floor")).to_contain_text("Trần Bình", timeout=WAIT)
    expect(judge.locator("#j-floor")).to_contain_text("Trần Bình", timeout=WAIT)
    check_on_air(overlay, "onair-overlay-buzzer", overlay=True)
    check_on_air(screen, "onair-screen-buzzer")
    studio.check_consoles("buzzer")
    studio.check_seats("buzzer")
    # The same overlay keyed over dark video (the page itself stays transparent).
    overlay.evaluate("document.body.style.background = "
                     "'linear-gradient(135deg, #050505, #2b3a2a 45%, #0a1a3a)'")
    screenshot(overlay, "gameshow-overlay-dark")
    overlay.evaluate("document.body.style.background = ''")
    press(judge, "#j-wrong")
    expect(binh.locator("#p-buzzer")).to_have_attribute("data-state", "locked", timeout=WAIT)
    expect(binh.locator("#p-buzzer-label")).to_have_text("Đã khóa")
    expect(binh.locator("#p-buzzer")).to_be_disabled()
    expect(anh.locator("#p-buzzer")).to_have_attribute("data-state", "closed", timeout=WAIT)
    expect(screen.locator("#s-seats .seat-card[data-seat='2']")).to_contain_text("Đã khóa")
    screenshot(binh, "gameshow-contestant-phone")
    studio.check_seats("locked")
    press(mc, "#mc-reveal")
    expect(screen.locator("#s-reveal")).to_be_visible(timeout=WAIT)

    # 3. Obstacle: a row is picked; seat 1 types the right answer, seat 2 claims the keyword.
    press(mc, "#mc-start-round")
    expect(mc.locator("#mc-obstacle")).to_be_visible(timeout=WAIT)
    expect(screen.locator("#s-rows .ss-row")).to_have_count(4, timeout=WAIT)
    expect(screen.locator("#s-picture .piece.open")).to_have_count(0)
    # The picture comes through the screen's studio key (it is not public), and it loads.
    expect(screen.locator("#s-picture-img")).to_have_attribute(
        "src", re.compile(r"^/studio/\d+/picture\?k="), timeout=WAIT)
    wait_until(screen, "document.getElementById('s-picture-img').naturalWidth > 0", WAIT)
    press(mc, "#mc-rows button[data-row='1']")
    expect(judge.locator("#j-meta")).to_contain_text("Hàng ngang 1", timeout=WAIT)
    row_answer = judge.locator("#j-reference").inner_text()
    expect(screen.locator("#s-rows .ss-row[data-row='1']")).to_have_class(re.compile("is-current"),
                                                                          timeout=WAIT)
    assert row_answer not in screen.locator("#studio-root").inner_text()
    press(mc, "#mc-start-timer")
    type_answer(anh, row_answer.lower())
    type_answer(binh, "không biết")
    # A buzz during a row claims the keyword (the answers may be in or not: it is any time).
    expect(binh.locator("#p-buzzer")).to_have_attribute("data-state", "armed", timeout=WAIT)
    expect(binh.locator("#p-buzzer-label")).to_have_text("BẤM ĐỂ XIN TRẢ LỜI CNV")
    binh.locator("#p-buzzer").click()
    expect(binh.locator("#p-buzzer")).to_have_attribute("data-state", "claimed", timeout=WAIT)
    screenshot(binh, "gameshow-contestant-obstacle")
    studio.check_seats("claimed")
    # Seat 3 claims it too, from the studio keyboard (a USB buzzer box types "3").
    keys = studio.keys
    expect(keys.locator("#k-listening")).to_have_text("Đang nghe phím chuông")
    expect(keys.locator("#k-listening svg.icon-shape2")).to_be_visible()
    keys.keyboard.press("3")
    expect(keys.locator("#k-results tr").first).to_contain_text("Lê Chi", timeout=WAIT)
    expect(keys.locator("#k-results tr").first).to_contain_text("Xin trả lời CNV")
    expect(keys.locator("#k-results tr").first).to_have_class("is-won")
    screenshot(keys, "gameshow-keys")
    assert missing_glyphs(keys, "body") == []
    expect(mc.locator("#mc-claims li")).to_have_count(2, timeout=WAIT)
    expect(mc.locator("#mc-claims li").first).to_contain_text("Trần Bình")
    expect(screen.locator("#s-claims")).to_contain_text("Trần Bình", timeout=WAIT)
    # Time is up after the row's 10 s: the judge sees the machine's verdicts.
    expect(judge.locator("#j-typed tr[data-seat='1'] .auto-verdict")).to_have_text(
        "đúng", timeout=TIMER_WAIT)
    expect(judge.locator("#j-typed tr[data-seat='2'] .auto-verdict")).to_have_text("sai")
    screenshot(judge, "gameshow-judge")
    press(mc, "#mc-reveal")
    expect(screen.locator("#s-picture .piece-1")).to_have_class(re.compile("open"), timeout=WAIT)
    expect(screen.locator("#s-picture .piece.open")).to_have_count(1)
    expect(screen.locator("#s-rows .ss-row[data-row='1']")).to_have_class(re.compile("row-opened"))
    letters = re.sub(r"[^\w]|_", "", row_answer).upper()
    expect(screen.locator("#s-rows .ss-row[data-row='1'] .letter.filled")).to_have_count(
        len(letters))
    expect(screen.locator("#s-rows .ss-row[data-row='1']")).to_have_attribute(
        "data-row", "1")
    expect(screen.locator("#s-answer")).to_have_text(row_answer)
    expect(seat_score(screen, 1)).to_have_text("20", timeout=WAIT)
    screenshot(screen, "gameshow-screen-obstacle")
    expect(overlay.locator("#o-round-box .ov-row")).to_have_count(4, timeout=WAIT)
    expect(overlay.locator("#o-round-box .ov-row-opened")).to_have_count(1)
    check_on_air(overlay, "onair-overlay-obstacle", overlay=True)
    check_on_air(screen, "onair-screen-obstacle")
    studio.check_consoles("obstacle")
    studio.check_seats("obstacle")
    # Seat 2 is given the floor for the keyword and gets it wrong: out of this round.
    press(mc, "#mc-take-keyword")
    expect(judge.locator("#j-floor")).to_contain_text("Trần Bình", timeout=WAIT)
    press(judge, "#j-wrong")
    expect(screen.locator("#s-seats .seat-card[data-seat='2']")).to_have_class(
        re.compile("is-eliminated"), timeout=WAIT)
    expect(screen.locator("#s-seats .seat-card[data-seat='2']")).to_contain_text("Bị loại")
    expect(binh.locator("#p-buzzer")).to_have_attribute("data-state", "out", timeout=WAIT)
    studio.check_seats("out")

    # 4. Acceleration: both phones type; seat 2 is right.
    press(mc, "#mc-start-round")
    expect(mc.locator("#mc-round")).to_contain_text("Tăng tốc", timeout=WAIT)
    press(mc, "#mc-next")
    expect(judge.locator("#j-meta")).to_contain_text("Câu 1/4", timeout=WAIT)
    fast_answer = judge.locator("#j-reference").inner_text()
    press(mc, "#mc-start-timer")
    type_answer(binh, fast_answer)
    type_answer(anh, "sai rồi")
    expect(anh.locator("#p-type")).to_be_hidden()
    expect(judge.locator("#j-typed tr[data-seat='2'] .auto-verdict")).to_have_text(
        "đúng", timeout=TIMER_WAIT)
    press(mc, "#mc-reveal")
    expect(seat_score(screen, 2)).to_have_text("40", timeout=WAIT)
    expect(screen.locator("#s-typed li.is-right")).to_contain_text("hạng 1")
    # Tăng tốc on the overlay: every contestant's answer with its time, best first.
    expect(overlay.locator("#o-round-box .ov-typed")).to_have_count(4, timeout=WAIT)
    expect(overlay.locator("#o-round-box .ov-typed").first).to_contain_text("Trần Bình")
    expect(overlay.locator("#o-round-box .ov-typed").first).to_contain_text("giây")
    check_on_air(overlay, "onair-overlay-ranked", overlay=True)
    check_on_air(screen, "onair-screen-ranked")
    studio.check_consoles("ranked")
    studio.check_seats("ranked")

    # 5. Finish: seat 2 (the leader) chooses a pack and places the star; SAI opens a steal
    # that seat 1 wins from the phone; the judge says ĐÚNG.
    press(mc, "#mc-start-round")
    expect(mc.locator("#mc-on-turn")).to_contain_text("Trần Bình", timeout=WAIT)
    expect(mc.locator("#mc-next")).to_be_disabled()
    mc.locator("#mc-pack-slots .pack-slot").nth(2).get_by_role("button", name="30").click()
    expect(mc.locator("#mc-choose-pack")).to_have_text("Chốt gói 20 – 20 – 30")
    press(mc, "#mc-choose-pack")
    press(mc, "#mc-star")
    expect(screen.locator("#s-finish .ss-star-big")).to_be_visible(timeout=WAIT)
    press(mc, "#mc-next")
    expect(screen.locator("#s-star")).to_be_visible(timeout=WAIT)
    expect(screen.locator("#s-finish .ss-pack-item")).to_have_count(3)
    press(mc, "#mc-start-timer")
    expect(screen.locator("#s-clock")).to_be_visible(timeout=WAIT)
    screenshot(screen, "gameshow-screen-finish")
    expect(overlay.locator("#o-round-box .ov-pack-value")).to_have_count(3, timeout=WAIT)
    check_on_air(overlay, "onair-overlay-finish", overlay=True)
    check_on_air(screen, "onair-screen-finish")
    studio.check_consoles("finish")
    studio.check_seats("finish")
    screenshot(mc, "gameshow-mc")
    press(judge, "#j-wrong")
    expect(anh.locator("#p-buzzer")).to_have_attribute("data-state", "armed", timeout=WAIT)
    anh.keyboard.press("Space")  # a tablet with a keyboard buzzes with the space bar
    expect(anh.locator("#p-buzzer")).to_have_attribute("data-state", "won", timeout=WAIT)
    expect(judge.locator("#j-floor")).to_contain_text("Nguyễn Thị Ánh", timeout=WAIT)
    press(judge, "#j-correct")
    expect(seat_score(screen, 1)).to_have_text("40", timeout=WAIT)
    expect(anh.locator("#p-verdict")).to_be_visible(timeout=WAIT)
    studio.check_seats("steal-right")
    # The wrong star answer cost seat 2 the 20 once; the steal takes nothing more from it
    # (star_stolen_once, the show's practice).
    expect(seat_score(screen, 2)).to_have_text("20")
    press(mc, "#mc-reveal")
    expect(screen.locator("#s-reveal")).to_be_visible(timeout=WAIT)
    expect(judge.locator("#j-log tr").first).to_contain_text("Giành quyền đúng")
    expect(judge.locator("#j-log")).to_contain_text("Ngôi sao hy vọng – sai")
    expect(judge.locator("#j-log")).not_to_contain_text("Bị giành điểm")
    # A manual correction from the judge, with its reason in the log.
    judge.get_by_label("Thí sinh").select_option("3")
    judge.get_by_label("Số điểm (+ hoặc −)").fill("5")
    judge.get_by_label("Lý do (bắt buộc)").fill("Sửa lỗi chấm vòng khởi động")
    judge.get_by_role("button", name="Điều chỉnh").click()
    expect(seat_score(screen, 3)).to_have_text("5", timeout=WAIT)
    expect(judge.locator("#j-log tr").first).to_contain_text("Sửa lỗi chấm vòng khởi động")
    expect(overlay.locator("#o-audience")).to_have_class(re.compile("is-in"), timeout=WAIT)
    expect(overlay.locator("#o-schools li")).to_have_count(2)
    # One click on the MC console takes a school off air.
    mc.locator("#mc-onair button[data-kind='school'][data-name='THCS Lê Lợi']").click()
    expect(overlay.locator("#o-schools li")).to_have_count(1, timeout=WAIT)
    expect(mc.locator("#mc-onair button[data-kind='school'][data-name='THCS Lê Lợi']")
           ).to_have_text("Cho lên sóng lại", timeout=WAIT)
    expect(overlay.locator("#o-answer")).to_be_visible()
    assert "/play" not in overlay.locator("#studio-root").inner_text()  # no LAN URL on air
    check_on_air(overlay, "onair-overlay-between", overlay=True)
    # The operator takes the scoreboard off air; a page asked for one graphic shows only it.
    press(mc, "#mc-graphic-scoreboard")
    expect(overlay.locator("#o-scores")).to_be_hidden(timeout=WAIT)
    press(mc, "#mc-graphic-scoreboard")
    expect(overlay.locator("#o-scores")).to_have_class(re.compile("is-in"), timeout=WAIT)
    single = studio.page(studio.context(browser, **FULL_HD))
    single.goto(f"{live_server.url}/studio/{shows['olympia']['id']}/overlay"
                f"?k={shows['olympia']['key']}&only=scoreboard")
    expect(single.locator("#o-scores")).to_have_class(re.compile("is-in"), timeout=WAIT)
    expect(single.locator("#o-answer")).to_be_hidden()
    # The end: the winner graphic, and the scoreboard goes out.
    press(mc, "#mc-end")
    expect(overlay.locator("#o-winner")).to_have_class(re.compile("is-in"), timeout=WAIT)
    expect(overlay.locator("#o-winner-title")).to_have_text("Nhà vô địch")
    check_on_air(overlay, "onair-overlay-winner", overlay=True)
    studio.close()
    for viewer in viewers:
        viewer.context.close()

    # 6. Millionaire: one ladder question with 50:50; the MC locks the judge's reference.
    ladder = Studio(browser, live_server, shows["ladder"], errors, phones=(1,))
    mc, judge, screen = ladder.mc, ladder.judge, ladder.screen
    viewer = join_audience(browser, live_server, shows["ladder"]["pin"], "Hoa", "THCS Lê Lợi",
                           errors)
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    expect(screen.locator("#s-choices .choice")).to_have_count(4, timeout=WAIT)
    expect(screen.locator("#s-steps .ss-step")).to_have_count(15)
    expect(screen.locator("#s-steps .ss-step.is-safe")).to_have_count(2)
    press(mc, "#mc-start-timer")
    expect(judge.locator("#j-meta")).to_contain_text("Câu 1/15", timeout=WAIT)
    right = judge.locator("#j-reference").inner_text()
    # A viewer answers on the audience phone; the contestant asks the audience, then 50:50.
    viewer.locator("#q-answers button.answer", has_text=right).first.click()
    expect(viewer.locator("main")).to_contain_text("Đã nhận câu trả lời", timeout=WAIT)
    press(mc, "#mc-lifeline-ask_audience")
    expect(screen.locator("#s-poll .poll-row")).to_have_count(4, timeout=WAIT)
    expect(screen.locator("#s-poll")).to_contain_text("100%", timeout=WAIT)
    press(mc, "#mc-lifeline-fifty_fifty")
    expect(screen.locator("#s-choices .choice.is-hidden")).to_have_count(2, timeout=WAIT)
    # The overlay: the money tree, the poll, and 50:50's two choices gone from the screen.
    overlay = ladder.overlay
    expect(overlay.locator("#o-round-box .ov-step")).to_have_count(15, timeout=WAIT)
    expect(overlay.locator("#o-choices .choice.is-removed")).to_have_count(2, timeout=WAIT)
    expect(overlay.locator("#o-choices .choice.is-removed").first).not_to_be_visible()
    expect(overlay.locator("#o-poll")).to_contain_text("100%", timeout=WAIT)
    check_on_air(overlay, "onair-overlay-ladder", overlay=True)
    check_on_air(screen, "onair-screen-ladder")
    ladder.check_consoles("ladder")
    expect(screen.locator("#s-choices .choice.is-correct")).to_have_count(0)
    lock = mc.locator("#mc-lock button.lock-button").filter(
        has=mc.get_by_text(right, exact=True))
    expect(lock).to_be_enabled(timeout=WAIT)
    lock.click()
    press(mc, "#mc-reveal")
    expect(screen.locator("#s-choices .choice.is-correct")).to_contain_text(right, timeout=WAIT)
    expect(screen.locator("#s-steps .ss-step.is-current")).to_have_attribute("data-step", "2")
    expect(seat_score(screen, 1)).to_have_text("200")
    expect(screen.locator("#s-flash")).to_be_hidden(timeout=WAIT)  # the ĐÚNG flash is over
    screenshot(screen, "gameshow-ladder-screen")
    ladder.check_consoles("ladder-reveal")
    screenshot(ladder.phones[1], "gameshow-ladder-phone")
    ladder.close()
    viewer.context.close()
    assert errors == []
