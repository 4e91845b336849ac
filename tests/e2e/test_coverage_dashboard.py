"""The department's story: demo contests and a campaign, then a viewer opens the dashboard,
sees the schools still missing, drills into a unit and downloads the yearly workbook.
A student plays a campaign on a phone from its QR link."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_until

pytestmark = pytest.mark.e2e
VIEWER_PASSWORD = "so-giao-duc-2025"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


def _app(server):
    from quizapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": server.env["QUIZAPP_DATABASE_URL"],
                       "ASYNC_MODE": "threading", "SECRET_KEY": server.env["QUIZAPP_SECRET_KEY"]})


@pytest.fixture(scope="module")
def seeded(live_server):
    from quizapp.accounts.models import User
    from quizapp.bank.models import Question
    from quizapp.campaigns.service import create_campaign
    from quizapp.contests.service import create_contest
    from quizapp.core.clock import today_local
    from quizapp.coverage.service import current_year
    from quizapp.schools.models import School

    year = current_year() - 1
    live_server.command("report", "coverage-demo", "--year", f"{year}-{year + 1}")
    live_server.command("users", "create", "so.giaoduc", "--role", "viewer", "--name",
                        "Sở GD&ĐT", "--password", VIEWER_PASSWORD)
    with _app(live_server).app_context():
        admin = User.query.filter_by(username="admin").one()
        questions = Question.query.filter(Question.kind == "single",
                                          Question.status == "approved").limit(2).all()
        contest = create_contest(admin, "Tự học mật khẩu an toàn", [q.id for q in questions])
        school = School.query.filter_by(is_sample=True).order_by(School.code).first()
        today = today_local()
        campaign = create_campaign(admin, contest, "", today, today, [school.id])
        code = campaign.schools[0].code
    return {"year": year, "code": code}


def test_viewer_finds_missing_schools_drills_down_and_downloads(page, live_server, seeded):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, "so.giaoduc", VIEWER_PASSWORD)
    page.locator("nav.nav a", has_text="Báo cáo").click()
    page.wait_for_url("**/coverage/")
    year = seeded["year"]
    with page.expect_navigation():
        page.select_option("#f-period", f"{year}-{year + 1}")  # the filter submits itself
    assert f"period={year}-{year + 1}" in page.url
    expect(page.locator("#sample-note")).to_contain_text("MẪU")  # no real registry yet
    expect(page.locator("#level-table tr[data-level='lower_secondary']")).to_be_visible()
    expect(page.locator("#indicator-program .big")).not_to_have_text("—")
    missing = page.locator(".missing-list li")
    assert missing.count() >= 4  # every fifth sample school held nothing
    wait_until(page, "document.querySelector('#chart-months').width > 0")
    page.wait_for_timeout(400)  # chart.js animation
    screenshot(page, "coverage-1-dashboard")

    header = page.locator("#unit-table th", has_text="HS tham gia")
    header.click()  # sortable: ascending, then descending
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    page.locator("#unit-table tbody a").first.click()
    expect(page.locator("#school-table")).to_be_visible()
    page.wait_for_timeout(400)
    screenshot(page, "coverage-2-unit")

    with page.expect_download() as info:
        page.locator("#download-xlsx").click()
    data = Path(info.value.path()).read_bytes()
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Tổng hợp" and "Chưa có chương trình" in book.sheetnames
    with page.expect_download() as info:
        page.locator("#download-docx").click()
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"

    page.goto(f"{live_server.url}/coverage/report?period={year}-{year + 1}")
    expect(page.locator("#official-report")).to_contain_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA")
    screenshot(page, "coverage-3-report")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors


def test_student_plays_a_campaign_on_a_phone(browser, live_server, seeded):
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/c/{seeded['code']}")
    phone.get_by_label("Lớp").fill("9A1")
    phone.get_by_label("Họ và tên").fill("Y Hờ Nhi")
    screenshot(phone, "campaign-phone-1-join")
    phone.get_by_role("button", name="Bắt đầu làm bài").click()
    for number in (1, 2):
        expect(phone.locator(".progress-line")).to_contain_text(f"Câu {number} / 2")
        if number == 1:
            screenshot(phone, "campaign-phone-2-question")
        phone.locator("label.choice").first.click()
        phone.get_by_role("button", name="Trả lời").click()
        expect(phone.locator(".verdict")).to_be_visible()
        if number == 1:
            screenshot(phone, "campaign-phone-3-feedback")
        phone.locator("a.button.primary").click()
    expect(phone.locator("#final-score")).to_be_visible()
    screenshot(phone, "campaign-phone-4-done")
    again = browser.new_context(**PHONE).new_page()
    again.goto(f"{live_server.url}/c/{seeded['code']}")
    again.get_by_label("Lớp").fill("9a1")
    again.get_by_label("Họ và tên").fill("y hờ nhi")
    again.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(again.locator("#join-error")).to_contain_text("trên một máy khác")
    context.close()
