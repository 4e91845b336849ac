"""An admin signs in, imports a schools file, and sees the schools listed."""

from pathlib import Path

import pytest

from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e
FILES = Path(__file__).resolve().parents[1] / "schools" / "files"


def open_import_panel(page):
    """The import panel starts open while the registry is empty, folded once it has schools."""
    if page.locator("details.panel[open]").count() == 0:
        page.get_by_text("Nhập danh sách trường từ tệp").click()


@pytest.fixture
def province_units(live_server):
    """The units the schools file names (the registry refuses schools of unknown units)."""
    from quizapp.extensions import db
    from quizapp.schools.models import AdminUnit
    from tests.e2e.test_join_identity import server_app

    with server_app(live_server).app_context():
        if AdminUnit.query.filter_by(code="T").first() is None:
            province = AdminUnit(code="T", name="Tỉnh Thử", kind="province")
            db.session.add_all([
                province,
                AdminUnit(code="T-P1", name="Phường Một", kind="ward", parent=province),
                AdminUnit(code="T-X2", name="Xã Hai", kind="commune", parent=province),
                AdminUnit(code="T-D3", name="Đặc khu Ba", kind="special_zone", parent=province),
            ])
            db.session.commit()


def test_admin_imports_schools_and_sees_them(page, live_server, province_units):
    sign_in(page, live_server)
    page.get_by_role("link", name="Trường học").first.click()
    open_import_panel(page)
    page.set_input_files("input[type=file]", str(FILES / "truong-hop-le.csv"))
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.wait_for_selector("text=Đã nhập: 3 trường mới")
    listed = "\n".join(page.locator("#schools tbody tr").all_inner_texts())
    for name in ("Trường THCS Nguyễn Huệ", "Trường THPT Ngô Mây",
                 "Trường PTDTBT TH-THCS Đăk Choong"):
        assert name in listed
    screenshot(page, "schools-after-import")


def test_bad_file_shows_line_and_column(page, live_server):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/admin/schools/")
    open_import_panel(page)
    page.set_input_files("input[type=file]", str(FILES / "truong-loi.csv"))
    page.get_by_role("button", name="Nhập", exact=True).click()
    errors = page.locator("#import-errors tbody tr")
    errors.first.wait_for()
    assert "THCSS" in " ".join(errors.all_inner_texts())
    screenshot(page, "schools-import-errors")


def test_phone_sized_home_page(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url)
    assert page.get_by_role("heading", name="Cùng học an toàn thông tin").is_visible()
    screenshot(page, "home-phone")
    context.close()
