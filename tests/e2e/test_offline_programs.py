"""A school's host records an assembly held outside the app and sees it counted on their
school's coverage page; the form and the list hold a long school name on a desktop and a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_coverage_dashboard import sign_in
from tests.e2e.test_screen_layout import layout_problems

pytestmark = pytest.mark.e2e
HOST_PASSWORD = "giao-vien-2026"
LONG_SCHOOL = ("Trường Phổ thông Dân tộc Nội trú Trung học cơ sở và Trung học phổ thông "
               "Đặc khu Lý Sơn")
LONG_TOPIC = "Nhận diện tin giả, lừa đảo trực tuyến và cách kiểm chứng thông tin trên mạng xã hội"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "locale": "vi-VN"}


@pytest.fixture(scope="module")
def school_host(live_server):
    live_server.python(
        "from quizapp import create_app\n"
        "from quizapp.extensions import db\n"
        "from quizapp.schools.models import AdminUnit, School\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    province = AdminUnit(code='E2E-T', name='Tỉnh Thử', kind='province')\n"
        "    unit = AdminUnit(code='E2E-LS', name='Đặc khu Lý Sơn', kind='special_zone',\n"
        "                     parent=province)\n"
        "    db.session.add_all([province, unit])\n"
        f"    db.session.add(School(code='PTDTNT-LS', name={LONG_SCHOOL!r}, unit=unit,\n"
        "                          level='lower_upper', enrolment=900,\n"
        "                          enrolment_by_level={'lower_secondary': 500,\n"
        "                                              'upper_secondary': 400}))\n"
        "    db.session.commit()\n")
    live_server.command("users", "create", "gv.lyson", "--role", "host", "--name",
                        "Nguyễn Thị Phương Thảo Quỳnh Như", "--school", "PTDTNT-LS",
                        "--password", HOST_PASSWORD)
    return "gv.lyson"


def test_a_host_records_a_program_and_sees_it_counted(page, live_server, school_host):
    from quizapp.core.clock import today_local

    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, school_host, HOST_PASSWORD)
    today = today_local()
    page.goto(f"{live_server.url}/coverage/my-school?period={today.year}")
    expect(page.locator("#offline-programs")).to_contain_text("Chưa có chương trình")
    page.locator("#offline-record").click()
    page.wait_for_url("**/coverage/offline/new**")
    expect(page.locator("h1")).to_contain_text(LONG_SCHOOL)
    page.fill("#f-starts", today.isoformat())
    page.select_option("#f-kind", "assembly")
    page.fill("#f-topic", LONG_TOPIC)
    page.check("#f-critical")
    page.fill("#f-p-lower_secondary", "501")  # above the enrolment of 500: refused
    page.locator("#offline-save").click()
    expect(page.locator("#offline-errors")).to_be_visible()
    expect(page.locator("#f-participants")).to_contain_text("vượt sĩ số")
    assert layout_problems(page, vertical=False) == []
    screenshot(page, "offline-1-refused")
    page.fill("#f-p-lower_secondary", "480")
    page.fill("#f-p-upper_secondary", "12")
    page.locator("#offline-save").click()
    page.wait_for_url("**/coverage/offline/**")
    row = page.locator("#offline-table tbody tr").first
    expect(row).to_contain_text(LONG_TOPIC)
    expect(row).to_contain_text("492")
    assert layout_problems(page, vertical=False) == []
    screenshot(page, "offline-2-list")
    page.goto(f"{live_server.url}/coverage/my-school?period={today.year}")
    expect(page.locator("#offline-programs")).to_contain_text(LONG_TOPIC)
    expect(page.locator("#offline-programs")).to_contain_text("có")  # counted: K reached
    counted = page.locator(".indicators .indicator").first.locator(".big")
    expect(counted).to_have_text("1")  # one program at THCS: the school held a program
    expect(page.locator("#offline")).to_be_visible()
    screenshot(page, "offline-3-school")
    assert [e for e in errors if "422" not in e] == []  # the refused form is a 422 page


def test_the_form_and_list_fit_a_phone(browser, live_server, school_host):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, school_host, HOST_PASSWORD)
        page.goto(f"{live_server.url}/coverage/offline/new")
        expect(page.locator("#offline-form")).to_be_visible()
        assert layout_problems(page, vertical=False) == []
        screenshot(page, "offline-4-phone-form")
        page.goto(f"{live_server.url}/coverage/offline/")
        assert layout_problems(page, vertical=False) == []
        screenshot(page, "offline-5-phone-list")
    finally:
        context.close()
