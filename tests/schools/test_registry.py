"""Importing and exporting the school registry with real CSV and XLSX files."""

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.extensions import db
from quizapp.schools.models import AdminUnit, School
from quizapp.schools.registry import RegistryRejected, export_csv, export_xlsx, import_schools
from quizapp.schools.units import unit_on

FILES = Path(__file__).parent / "files"


def read(name):
    return (FILES / name).read_bytes()


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_csv_with_vietnamese_headers(units):
    result = import_schools(read("truong-hop-le.csv"), "truong-hop-le.csv")
    assert (result.added, result.updated) == (3, 0)
    school = School.query.filter_by(code="KT-THPT-02").one()
    assert school.unit.name == "Xã Hai"
    assert school.level == "upper_secondary" and school.enrolment == 1240
    both = School.query.filter_by(code="KT-LC-03").one()
    assert both.level == "primary_lower" and both.teaches == ("primary", "lower_secondary")
    assert (both.enrolment, both.enrolment_at("primary"), both.enrolment_at("lower_secondary"),
            both.enrolment_at("upper_secondary")) == (356, 200, 156, 0)


def test_import_xlsx_with_english_headers_and_numbers(units):
    data = xlsx([["code", "name", "unit", "level", "enrolment"],
                 ["S-1", "Trường THCS Lê Lợi", "t-p1", "lower_secondary", 420],
                 [None, None, None, None, None],
                 ["S-2", "Trường THPT Duy Tân", "xa hai", "THPT", 1010.0],
                 ["S-3", "Trường Đại học Thử", "T", "ĐH", 5000]])
    result = import_schools(data, "ds.xlsx")
    assert result.added == 3
    assert School.query.filter_by(code="S-2").one().enrolment == 1010
    assert School.query.filter_by(code="S-3").one().teaches == ("university",)


def test_reimport_updates_by_code(units):
    import_schools(read("truong-hop-le.csv"), "a.csv")
    changed = ("mã,tên,đơn vị,cấp học,sĩ số\n"
               "KT-THCS-01,Trường THCS Nguyễn Huệ (mới),Xã Hai,THCS,900\n")
    result = import_schools(changed.encode(), "b.csv", effective=date(2026, 9, 1))
    assert (result.added, result.updated) == (0, 1)
    school = School.query.filter_by(code="KT-THCS-01").one()
    assert school.enrolment == 900 and school.unit.code == "T-X2"
    assert School.query.count() == 3
    # the school moved on 1/9/2026: the map of earlier days still puts it in Phường Một
    one = AdminUnit.query.filter_by(code="T-P1").one().id
    assert unit_on(date(2026, 8, 31)) == {school.id: one}
    assert unit_on(date(2026, 9, 1)) == {}


def test_every_error_names_line_and_column_and_nothing_is_written(units):
    with pytest.raises(RegistryRejected) as caught:
        import_schools(read("truong-loi.csv"), "truong-loi.csv")
    messages = [str(e) for e in caught.value.errors]
    assert "truong-loi.csv, dòng 3, cột 'cấp học': giá trị 'THCSS' không hợp lệ (TH, THCS, THPT, " \
           "TH-THCS, THCS-THPT, TH-THCS-THPT, GDTX, ĐH/CĐ)" in messages
    assert any("dòng 4, cột 'đơn vị'" in m and "Xã Không Có" in m for m in messages)
    assert "truong-loi.csv, dòng 5, cột 'đơn vị': đơn vị 'Huyện Cũ' đã hết hiệu lực " \
           "(30/06/2025)" in messages
    assert any("dòng 6, cột 'cấp học'" in m and "Liên cấp" in m for m in messages)
    assert "truong-loi.csv, dòng 7, cột 'sĩ số THCS': trường liên cấp cần sĩ số của từng " \
           "cấp học" in messages
    assert any("dòng 4, cột 'sĩ số'" in m for m in messages)
    assert any("dòng 4, cột 'mã': mã 'X1' trùng với dòng 2" in m for m in messages)
    assert School.query.count() == 0  # the valid first row was not written either


def test_missing_column_is_reported(units):
    with pytest.raises(RegistryRejected) as caught:
        import_schools(read("thieu-cot.csv"), "thieu-cot.csv")
    assert [str(e) for e in caught.value.errors] == [
        "thieu-cot.csv, dòng 1, cột 'đơn vị': thiếu cột 'đơn vị' (unit)"]


@pytest.mark.parametrize("name, data, expected", [
    ("rac.csv", read("rac.csv"), "không phải tệp văn bản"),
    ("latin1.csv", "mã,tên\nA,Trường Đắk\n".encode("cp1258", errors="replace"), "UTF-8"),
    ("empty.csv", b"", "tệp rỗng"),
    ("fake.xlsx", b"this is not a workbook", "không phải tệp Excel"),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 200, "không phải tệp Excel"),
    ("headers-only.csv", "mã,tên,đơn vị,cấp học,sĩ số\n".encode(), "không có dòng dữ liệu"),
])
def test_files_that_are_not_registries_are_refused(units, name, data, expected):
    with pytest.raises(RegistryRejected) as caught:
        import_schools(data, name)
    assert expected in str(caught.value)
    assert School.query.count() == 0


def test_oversized_file_is_refused(units):
    with pytest.raises(RegistryRejected, match="tệp quá lớn"):
        import_schools(b"a" * (21 * 1024 * 1024), "huge.csv")


def test_zip_bomb_xlsx_is_refused_before_decompression(units):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (200 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(RegistryRejected, match="giải nén ra"):
        import_schools(out.getvalue(), "bomb.xlsx")


def test_export_uses_the_import_layout_and_round_trips(units):
    import_schools(read("truong-hop-le.csv"), "a.csv")
    rows = list(csv.reader(io.StringIO(export_csv().decode("utf-8-sig"))))
    assert rows[0] == ["mã", "tên", "đơn vị", "cấp học", "sĩ số", "sĩ số TH", "sĩ số THCS",
                       "sĩ số THPT"]
    assert len(rows) == 4
    workbook = export_xlsx()
    School.query.delete()
    db.session.commit()
    assert import_schools(workbook, "export.xlsx").added == 3
    assert School.query.filter_by(code="KT-THPT-02").one().enrolment == 1240


def test_export_neutralises_formula_injection(units):
    import_schools("mã,tên,đơn vị,cấp học,sĩ số\nF1,=HYPERLINK(\"http://x\"),T-P1,THCS,1\n"
                   .encode(), "a.csv")
    assert "'=HYPERLINK" in export_csv().decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx())).active
    assert sheet["B2"].value.startswith("'=") and sheet["B2"].data_type == "s"


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1500) | st.text(max_size=600).map(
    lambda t: ("mã,tên,đơn vị,cấp học,sĩ số\n" + t).encode()))
def test_fuzzed_files_are_refused_cleanly_or_imported_whole(units, data):
    before = School.query.count()
    try:
        result = import_schools(data, "fuzz.csv")
    except RegistryRejected as rejected:
        assert rejected.errors
        assert School.query.count() == before
    else:
        assert School.query.count() == before + result.added


def test_errors_and_exports_in_english_and_an_english_export_imports_back(app, units):
    """Column names, errors and the export follow the reader's language (the catalogue); the
    English headers are the import's English names, so the file round-trips."""
    from flask_babel import refresh

    import_schools(read("truong-hop-le.csv"), "a.csv")
    with app.test_request_context(headers={"Cookie": "quizapp_lang=en"}):
        refresh()
        with pytest.raises(RegistryRejected) as caught:
            import_schools(read("truong-loi.csv"), "truong-loi.csv")
        messages = [str(e) for e in caught.value.errors]
        assert "truong-loi.csv, line 5, column 'unit': unit 'Huyện Cũ' is no longer in force " \
               "(30/06/2025)" in messages
        assert any("line 4, column 'code': code 'X1' repeats line 2" in m for m in messages)
        exported = export_csv()
        book = openpyxl.load_workbook(io.BytesIO(export_xlsx()))
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[0] == ["code", "name", "unit", "level", "enrolment", "enrolment primary",
                       "enrolment lower secondary", "enrolment upper secondary"]
    assert book.sheetnames == ["Schools"]
    School.query.delete()
    db.session.commit()
    assert import_schools(exported, "export-en.csv").added == 3
