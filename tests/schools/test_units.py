"""Administrative units as data: import (all or nothing, located errors), template, CLI, web."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.schools.models import AdminUnit
from quizapp.schools.registry import RegistryRejected
from quizapp.schools.units import import_units, template_csv

GOOD = """mã,tên,loại,mã cấp trên,hiệu lực từ,hiệu lực đến
X-01,Xã Một,Xã,P-00,01/07/2025,
P-00,Tỉnh Mới,Tỉnh,,01/07/2025,
W-02,Phường Hai,Phường,P-00,2025-07-01,
D-03,Huyện Cũ,Huyện,P-00,,30/06/2025
"""


def test_import_a_province_with_its_units_in_any_order(app):
    result = import_units(GOOD.encode(), "dv.csv")
    assert (result.added, result.updated) == (4, 0)
    commune = AdminUnit.query.filter_by(code="X-01").one()
    assert (commune.kind, commune.parent.code, commune.valid_from) == \
        ("commune", "P-00", date(2025, 7, 1))
    old = AdminUnit.query.filter_by(code="D-03").one()
    assert old.kind == "district" and not old.valid_on(date(2025, 7, 1))
    assert old.valid_on(date(2025, 6, 30))
    again = import_units(GOOD.replace("Xã Một", "Xã Một Mới").encode(), "dv.csv")
    assert (again.added, again.updated) == (0, 4)
    assert AdminUnit.query.filter_by(code="X-01").one().name == "Xã Một Mới"


def test_xlsx_with_english_headers_and_real_dates(app):
    book = openpyxl.Workbook()
    for row in (["code", "name", "kind", "parent code", "valid from"],
                ["P", "Province", "province", None, date(2025, 7, 1)],
                ["S", "Đặc khu Biển", "special zone", "P", date(2025, 7, 1)]):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    assert import_units(out.getvalue(), "u.xlsx").added == 2
    assert AdminUnit.query.filter_by(code="S").one().valid_from == date(2025, 7, 1)


def test_every_error_is_located_and_nothing_is_written(app):
    bad = ("mã,tên,loại,mã cấp trên,hiệu lực từ,hiệu lực đến\n"
           "P,Tỉnh,Tỉnh,,,\n"
           "A,Xã A,Xã,,,\n"                       # 3: commune without province
           "B,Xã B,Thôn,P,,\n"                    # 4: unknown kind
           "C,Xã C,Xã,NOPE,,\n"                   # 5: unknown parent
           "D,Xã D,Xã,A,,\n"                      # 6: parent not a province
           "E,Xã E,Xã,P,31/02/2025,\n"            # 7: impossible date
           "F,Xã F,Xã,P,01/07/2025,01/01/2025\n"  # 8: ends before it starts
           "P,Tỉnh lại,Tỉnh,,,\n"                 # 9: duplicate code
           "G H,Xã G,Xã,P,,\n"                    # 10: space in code
           "Q,Tỉnh Q,Tỉnh,P,,\n")                 # 11: a province under a province
    with pytest.raises(RegistryRejected) as caught:
        import_units(bad.encode(), "loi.csv")
    messages = [str(e) for e in caught.value.errors]
    expected = [
        "loi.csv, dòng 3, cột 'mã cấp trên': xã, phường, đặc khu phải có mã tỉnh cấp trên",
        "loi.csv, dòng 4, cột 'loại': giá trị 'Thôn' không hợp lệ (Tỉnh, Xã, Phường, Đặc khu, "
        "Huyện)",
        "loi.csv, dòng 5, cột 'mã cấp trên': không có đơn vị mã 'NOPE'",
        "loi.csv, dòng 6, cột 'mã cấp trên': đơn vị cấp trên 'A' không phải tỉnh",
        "loi.csv, dòng 7, cột 'hiệu lực từ': ngày '31/02/2025' không đọc được (dạng 01/07/2025)",
        "loi.csv, dòng 8, cột 'hiệu lực đến': ngày hết hiệu lực trước ngày có hiệu lực",
        "loi.csv, dòng 9, cột 'mã': mã 'P' trùng với dòng 2",
        "loi.csv, dòng 11, cột 'mã cấp trên': tỉnh không có đơn vị cấp trên",
    ]
    for message in expected:
        assert message in messages, messages
    assert any(m.startswith("loi.csv, dòng 10, cột 'mã'") for m in messages)
    assert AdminUnit.query.count() == 0


@pytest.mark.parametrize("name, data, expected", [
    ("empty.csv", b"", "tệp rỗng"),
    ("binary.csv", b"\x00\x01\x02 not text", "không phải tệp văn bản"),
    ("fake.xlsx", b"this is not a workbook", "không phải tệp Excel"),
    ("headers.csv", "mã,tên,loại\n".encode(), "không có dòng dữ liệu"),
    ("no-kind.csv", "mã,tên\nA,B\n".encode(), "thiếu cột 'loại'"),
    ("control.csv", "mã,tên,loại\nA,Xã\u202eA,Tỉnh\n".encode(), "ký tự điều khiển"),
    ("huge.csv", b"a" * (21 * 1024 * 1024), "tệp quá lớn"),
])
def test_hostile_and_oversized_files_are_refused(app, name, data, expected):
    with pytest.raises(RegistryRejected) as caught:
        import_units(data, name)
    assert expected in str(caught.value)
    assert AdminUnit.query.count() == 0


def test_zip_bomb_is_refused_before_decompression(app):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (200 * 1024 * 1024))
    with pytest.raises(RegistryRejected, match="giải nén ra"):
        import_units(out.getvalue(), "bomb.xlsx")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_fuzzed_files_are_refused_cleanly_or_imported_whole(app, body):
    before = AdminUnit.query.count()
    try:
        result = import_units(("mã,tên,loại,mã cấp trên\n" + body).encode(), "fuzz.csv")
    except RegistryRejected as rejected:
        assert rejected.errors and AdminUnit.query.count() == before
    else:
        assert AdminUnit.query.count() == before + result.added


def test_the_template_is_labelled_sample_and_imports(app):
    text = template_csv().decode("utf-8-sig")
    assert text.splitlines()[0] == "mã,tên,loại,mã cấp trên,hiệu lực từ,hiệu lực đến"
    assert all("(mẫu)" in line and line.startswith("MAU-") for line in text.splitlines()[1:])
    assert import_units(template_csv(), "mau.csv").added == 4


def test_cli_import_template_and_list(runner, tmp_path):
    path = tmp_path / "dv.csv"
    assert runner.invoke(args=["units", "template", str(path)]).exit_code == 0
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 0 and "4 added" in result.output
    assert "MAU-X01" in runner.invoke(args=["units", "list"]).output
    path.write_text("mã,tên,loại\nA,Xã A,Xã\n")
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 1 and "dòng 2" in result.output
    assert "nothing was imported" in result.output


def test_admin_imports_units_on_the_web(client, login_as):
    login_as("admin")
    page = client.get("/admin/schools/units").get_data(as_text=True)
    assert "hãy nhập danh sách chính thức" in page
    template = client.get("/admin/schools/units/template.csv")
    assert "MAU-T" in template.get_data(as_text=True)
    response = client.post("/admin/schools/units/import", data={
        "file": (io.BytesIO(GOOD.encode()), "dv.csv")}, content_type="multipart/form-data",
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đã nhập: 4 đơn vị mới, 0 đơn vị cập nhật." in page and "Phường Hai" in page
    response = client.post("/admin/schools/units/import", data={
        "file": (io.BytesIO(b"m\xe3,x\n"), "bad.csv")}, content_type="multipart/form-data")
    assert response.status_code == 422


def test_viewers_and_hosts_cannot_import_units(client, login_as):
    login_as("viewer")
    assert client.get("/admin/schools/units").status_code == 403
    response = client.post("/admin/schools/units/import", data={
        "file": (io.BytesIO(GOOD.encode()), "dv.csv")}, content_type="multipart/form-data")
    assert response.status_code == 403 and AdminUnit.query.count() == 0
