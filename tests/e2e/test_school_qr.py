"""Per-school QR codes: schools are ticked in a filterable list, by keyboard and by touch."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_live_game import sign_in

pytestmark = pytest.mark.e2e
SCHOOLS = ["Trường THCS Nguyễn Huệ", "Trường THCS Lê Lợi", "Trường PTDTBT THCS Đăk Long",
           "Trường THPT Kon Tum"]


def add_schools(server):
    names = ", ".join(repr(name) for name in SCHOOLS)
    server.python(f"""
from quizapp import create_app
from quizapp.extensions import db
from quizapp.schools.models import AdminUnit, School
app = create_app({{"ASYNC_MODE": "threading"}})
with app.app_context():
    unit = AdminUnit(code="qr-dh", name="Xã Đắk Hà", kind="commune")
    db.session.add_all([School(code=f"QR{{i}}", name=name, unit=unit, level="lower_secondary",
                               enrolment=400) for i, name in enumerate([{names}])])
    db.session.commit()
""")


def school_box(page, name):
    return page.get_by_role("checkbox", name=f"{name} — Xã Đắk Hà")


def test_schools_are_ticked_by_keyboard_and_filtered_without_accents(browser, live_server):
    add_schools(live_server)
    game = live_server.open_game(school_scope="inter_school")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/contests/games/{game['id']}/schools")
    expect(page.get_by_text("Ctrl")).to_have_count(0)
    summary = page.locator("#school-links summary")
    summary.focus()
    page.keyboard.press("Enter")  # the panel opens from the keyboard
    box = page.get_by_label("Lọc theo tên trường hoặc xã, phường")
    page.keyboard.press("Tab")
    expect(box).to_be_focused()
    page.keyboard.type("thcs nguyen hue")  # no accents: still found
    page.keyboard.press("Enter")  # narrows, does not submit
    expect(page.locator("#school-choices li:visible")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(school_box(page, SCHOOLS[0])).to_be_focused()
    page.keyboard.press("Space")
    expect(school_box(page, SCHOOLS[0])).to_be_checked()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("dak long")
    page.keyboard.press("Tab")
    expect(school_box(page, SCHOOLS[2])).to_be_focused()
    page.keyboard.press("Space")
    expect(school_box(page, SCHOOLS[0])).to_be_hidden()  # filtered out, still ticked
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Tạo mã QR")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    captions = page.locator(".school-qr figcaption strong")
    expect(captions).to_have_text([SCHOOLS[2], SCHOOLS[0]])  # in the registry's order
    expect(school_box(page, SCHOOLS[0])).to_be_checked()
    screenshot(page, "school-qr-keyboard")
    context.close()


def test_schools_are_ticked_by_touch_on_a_phone(browser, live_server):
    game = live_server.open_game(school_scope="inter_school")
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                                  has_touch=True, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/contests/games/{game['id']}/schools")
    page.locator("#school-links summary").tap()
    page.get_by_label("Lọc theo tên trường hoặc xã, phường").fill("THPT")
    page.get_by_text(f"{SCHOOLS[3]} — Xã Đắk Hà").tap()  # the label is the touch target
    expect(school_box(page, SCHOOLS[3])).to_be_checked()
    page.get_by_role("button", name="Tạo mã QR").tap()
    page.wait_for_load_state()
    expect(page.locator(".school-qr figcaption strong")).to_have_text([SCHOOLS[3]])
    screenshot(page, "school-qr-phone")
    context.close()
