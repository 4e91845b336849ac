"""The consoles by keyboard alone: Tab, Shift+Tab, Enter and Space, with a focus one can see.

A host runs a live game from the host console without the mouse, then walks the contest editor
and the campaign form the same way. Every stop of the focus must show an outline, the order must
follow the page, and Tab must lead out of every part of the page (no trap).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN_PASSWORD, screenshot
from tests.e2e.test_live_game import PHONE, WAIT

pytestmark = pytest.mark.e2e

# What the focused element is, and whether its focus can be seen (an outline or a ring of at
# least 2 px in a colour that is not the background's).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  return {id: e.id, tag: e.tagName.toLowerCase(), name: (e.getAttribute("aria-label") ||
          e.innerText || e.value || "").trim().replace(/\\s+/g, " ").slice(0, 80),
          visible: outline || (s.boxShadow && s.boxShadow !== "none"),
          shown: r.width > 0 && r.height > 0, y: r.top + window.scrollY};
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab(page, key="Tab"):
    page.keyboard.press(key)
    stop = focused(page)
    assert stop is None or (stop["visible"] and stop["shown"]), f"focus not visible: {stop}"
    return stop


def tab_to(page, name, limit=80, key="Tab"):
    """Press Tab until the focus is on a control named `name` (a string or a pattern)."""
    stops = []
    for _ in range(limit):
        stop = tab(page, key)
        stops.append(stop)
        if stop and (re.search(name, stop["name"]) if isinstance(name, re.Pattern)
                     else stop["name"] == name):
            return stops
    names = [s and s["name"] for s in stops]
    raise AssertionError(f"{name!r} not reached by {key}; stops: {names}")


def assert_no_trap(page, limit=120):
    """Tab goes all the way round: past the last control the focus leaves the page and comes
    back to the skip link, so no part of the page holds it."""
    seen = []
    for _ in range(limit):
        stop = tab(page)
        if stop and stop["name"] in ("Chuyển đến nội dung chính",) and seen:
            return seen
        seen.append(stop and stop["name"])
    raise AssertionError(f"the focus never came round: {seen[-20:]}")


def leave_date_field(page, limit=6):
    """Tab past a date field: its day, month and year (and the calendar button, which has
    the browser's own focus ring) are stops inside it."""
    start = focused(page)["id"]
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop and stop["id"] != start:
            assert stop["visible"] and stop["shown"], f"focus not visible: {stop}"
            return stop
    raise AssertionError("Tab does not leave the date field")


def no_positive_tabindex(page):
    assert page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count() == 0


def sign_in_by_keyboard(page, server):
    page.goto(f"{server.url}/login")
    expect(page.get_by_label("Tên đăng nhập")).to_be_focused()  # the form's autofocus
    page.keyboard.type("admin")
    tab(page)
    page.keyboard.type(ADMIN_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/")


def skip_to_main(page):
    """The first Tab stop is the skip link; Enter moves past the navigation."""
    page.keyboard.press("Tab")
    stop = focused(page)
    assert stop and stop["name"] == "Chuyển đến nội dung chính" and stop["visible"], stop
    page.keyboard.press("Enter")


def press_next(host, key, label_after):
    """Press the console's main button; the focus stays on it for the next step."""
    host.keyboard.press(key)
    expect(host.locator("#h-next")).to_have_text(label_after, timeout=WAIT)
    expect(host.locator("#h-next")).to_be_enabled(timeout=WAIT)
    expect(host.locator("#h-next")).to_be_focused()


def test_a_live_game_is_run_from_the_host_console_by_keyboard(browser, live_server):
    game = live_server.open_game(questions=2)
    url = live_server.url
    host_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    host = host_context.new_page()
    sign_in_by_keyboard(host, live_server)
    host.goto(f"{url}/live/games/{game['id']}/host")
    expect(host.locator("#h-phase")).to_have_text("Phòng chờ", timeout=WAIT)
    no_positive_tabindex(host)

    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{url}/play/{game['pin']}")
    phone.get_by_label("Tên hiển thị").fill("Lan")
    phone.get_by_role("button", name="Vào chơi").click()
    expect(host.locator("#h-next")).to_be_enabled(timeout=WAIT)

    # The skip link, then the console's own controls in the order they are shown.
    skip_to_main(host)
    stops = tab_to(host, "Bắt đầu")
    names = [s["name"] for s in stops if s]
    assert names[:2] == ["Mở màn hình lớn", "Trường của người chơi"], names
    assert all(a["y"] <= b["y"] + 1 for a, b in zip(stops, stops[1:], strict=False)
               if a and b), "the focus order jumps back up the page"
    screenshot(host, "keyboard-host-start")

    press_next(host, "Enter", "Đóng câu hỏi")  # preview_ms 0: straight to the open question
    # Pause and resume with the keyboard: the focus moves to the partner button each time.
    tab_to(host, "Tạm dừng")
    host.keyboard.press("Enter")
    expect(host.locator("#h-resume")).to_be_focused(timeout=WAIT)
    host.keyboard.press("Space")
    expect(host.locator("#h-pause")).to_be_focused(timeout=WAIT)
    tab_to(host, "Đóng câu hỏi", key="Shift+Tab")
    press_next(host, "Space", "Hiện đáp án")
    press_next(host, "Enter", "Bảng xếp hạng")
    press_next(host, "Enter", "Câu tiếp theo")
    press_next(host, "Enter", "Đóng câu hỏi")
    press_next(host, "Enter", "Hiện đáp án")
    press_next(host, "Enter", "Bảng xếp hạng")
    press_next(host, "Enter", "Kết thúc")
    host.keyboard.press("Enter")
    results = host.get_by_role("link", name="Xem kết quả")
    expect(results).to_be_focused(timeout=WAIT)  # the finished console offers the results
    screenshot(host, "keyboard-host-finished")
    assert_no_trap(host)
    results.focus()
    host.keyboard.press("Enter")
    host.wait_for_url(re.compile(r"/contests/games/\d+/results$"))
    phone_context.close()
    host_context.close()


def test_the_contest_editor_by_keyboard(browser, live_server):
    game = live_server.open_game(questions=3)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    sign_in_by_keyboard(page, live_server)
    page.goto(f"{live_server.url}/contests/")
    skip_to_main(page)
    tab_to(page, "Cuộc thi thử")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/contests/\d+(#main)?$"))
    no_positive_tabindex(page)
    skip_to_main(page)
    tab_to(page, "Tổ chức thi ngay")
    seconds = tab_to(page, "Giây")[-1]
    assert seconds["tag"] == "input"
    page.keyboard.press("Control+a")
    page.keyboard.type("45")
    tab(page)  # the points
    page.keyboard.press("ArrowDown")
    tab_to(page, "Lưu")
    with page.expect_navigation():  # a new page: the old one's focus must not be read
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#item-\d+$"))
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu câu 1: 45 giây")
    first = page.locator("#questions tbody tr").first
    expect(first.locator("input[name=time_limit_s]")).to_have_value("45")
    # After a save the keyboard goes on from the saved row, not from the top of the page.
    stop = tab(page)
    assert stop and stop["y"] >= first.bounding_box()["y"] - 1, stop
    # Move the first question down from the keyboard; the focus comes back to its row.
    tab_to(page, "Xuống")
    # The address ends with the same #item-N as before the move: wait for the new page itself.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    moved = page.locator("#questions tbody tr").nth(1)
    expect(moved.locator("input[name=time_limit_s]")).to_have_value("45")
    stop = tab(page)
    assert stop and stop["y"] >= moved.bounding_box()["y"] - 1, stop
    screenshot(page, "keyboard-contest-editor")
    assert_no_trap(page)
    assert game["id"]
    context.close()


def test_the_campaign_form_by_keyboard(browser, live_server):
    live_server.open_game(questions=2)
    live_server.python("""
from quizapp import create_app
from quizapp.schools.seed import load_sample_schools, load_sample_units
app = create_app({"ASYNC_MODE": "threading"})
with app.app_context():
    load_sample_units()
    load_sample_schools()
""")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    sign_in_by_keyboard(page, live_server)
    page.goto(f"{live_server.url}/campaigns/new")
    no_positive_tabindex(page)
    skip_to_main(page)
    stops = tab_to(page, re.compile("^Cuộc thi"))  # the contest list comes first
    tab(page)
    page.keyboard.type("Tuần lễ an toàn thông tin")
    # Days whose day and month are the same number read alike in either date order.
    assert tab(page)["id"] == "opens_on"
    page.keyboard.type("11112026")
    assert leave_date_field(page)["id"] == "closes_on"
    page.keyboard.type("12122026")
    expect(page.locator("#opens_on")).to_have_value("2026-11-11")
    expect(page.locator("#closes_on")).to_have_value("2026-12-12")
    box = leave_date_field(page)
    assert box["tag"] == "input", box  # the first school's checkbox
    page.keyboard.press("Space")
    tab(page)
    page.keyboard.press("Space")  # a second school
    stops = tab_to(page, "Tạo chiến dịch")
    assert [s["tag"] for s in stops if s][-1] == "button"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/campaigns/\d+(#main)?$"))
    expect(page.locator("h1")).to_contain_text("Tuần lễ an toàn thông tin")
    screenshot(page, "keyboard-campaign-created")
    assert_no_trap(page)
    context.close()
