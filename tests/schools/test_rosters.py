"""Class rosters: importing class lists, all-or-nothing, by the school or the department."""

import io
import zipfile

import openpyxl
import pytest

from quizapp.extensions import db
from quizapp.schools.models import AdminUnit, RosterEntry, School
from quizapp.schools.rosters import (
    RosterRejected,
    import_roster,
    roster_classes,
    roster_pupils,
)


@pytest.fixture
def schools(app):
    unit = AdminUnit(code="dh", name="Xã Đắk Hà", kind="commune")
    db.session.add(unit)
    a = School(code="THCS-A", name="THCS Nguyễn Huệ", unit=unit,
               level="lower_secondary", enrolment=300)
    b = School(code="THCS-B", name="THCS Lê Lợi", unit=unit, level="lower_secondary",
               enrolment=200)
    db.session.add_all([a, b])
    db.session.commit()
    return a, b


def csv_bytes(text):
    return text.encode("utf-8")


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = "Lớp,Họ và tên,Mã học sinh\n7A,Nguyễn Văn An,HS001\n7A,Nguyễn Văn An,HS002\n" \
       "7A,Trần Thị Bình,\n10A,Y Blin,HS010\n"


def test_csv_import_keeps_namesakes_apart(schools):
    a, _ = schools
    result = import_roster(csv_bytes(GOOD), "lop.csv", a)
    assert (result.added, result.updated, result.left) == (4, 0, 0)
    assert roster_classes(a.id) == ["7A", "10A"]
    names = [p["name"] for p in roster_pupils(a.id, "lớp 7a")]
    assert names == ["Nguyễn Văn An (1)", "Nguyễn Văn An (2)", "Trần Thị Bình"]


def test_xlsx_import_and_class_change_keeps_the_pupil(schools):
    a, _ = schools
    import_roster(csv_bytes(GOOD), "lop.csv", a)
    first = RosterEntry.query.filter_by(pupil_code="HS001").one().id
    result = import_roster(xlsx([["lớp", "họ và tên", "mã học sinh"],
                                 ["8A", "Nguyễn Văn An", "HS001"]]), "lop.xlsx", a)
    assert (result.added, result.updated) == (0, 1)
    moved = db.session.get(RosterEntry, first)
    assert (moved.class_name, moved.class_key) == ("8A", "8a")
    assert RosterEntry.query.count() == 4


def test_reimport_without_codes_updates_and_replace_marks_who_left(schools):
    a, _ = schools
    import_roster(csv_bytes(GOOD), "lop.csv", a)
    result = import_roster(csv_bytes("lớp,họ và tên\n7A,Trần Thị Bình\n"), "lop.csv", a,
                           replace=True)
    assert (result.added, result.updated, result.left) == (0, 1, 3)
    assert [p["name"] for p in roster_pupils(a.id, "7A")] == ["Trần Thị Bình"]


def test_department_file_names_the_school_of_each_row(schools):
    a, b = schools
    import_roster(csv_bytes("mã trường,lớp,họ và tên\nTHCS-A,6A,Lê An\nthcs-b,6A,Lê Bình\n"),
                  "so.csv", None)
    assert [p["name"] for p in roster_pupils(a.id, "6A")] == ["Lê An"]
    assert [p["name"] for p in roster_pupils(b.id, "6A")] == ["Lê Bình"]


def errors_of(data, filename="lop.csv", school=None):
    with pytest.raises(RosterRejected) as refused:
        import_roster(data, filename, school)
    assert RosterEntry.query.count() == 0  # all or nothing
    return [(e.file, e.line, e.column) for e in refused.value.errors], str(refused.value)


def test_every_error_is_located_and_nothing_is_written(schools):
    a, _ = schools
    located, text = errors_of(csv_bytes(
        "lớp,họ và tên,mã học sinh\n7A,Nguyễn Văn An,HS1\n,Trần Bình,\n7B,,\n"
        "7C,Lê Chi,HS1\n7D,X,\n7E,Phạm Dũng,mã có dấu!\n"), school=a)
    assert located == [("lop.csv", 3, "lớp"), ("lop.csv", 4, "họ và tên"),
                       ("lop.csv", 5, "mã học sinh"), ("lop.csv", 6, "họ và tên"),
                       ("lop.csv", 7, "mã học sinh")]
    assert "trùng với dòng 2" in text


def test_missing_columns_and_unknown_school(schools):
    a, _ = schools
    located, _text = errors_of(csv_bytes("lớp,tên trường\n7A,x\n"), school=a)
    assert located == [("lop.csv", 1, "họ và tên")]
    located, text = errors_of(csv_bytes("mã trường,lớp,họ và tên\nKHONG-CO,7A,Lê An\n"))
    assert located == [("lop.csv", 2, "mã trường")] and "KHONG-CO" in text


@pytest.mark.parametrize("data,filename,message", [
    (b"", "rong.csv", "rỗng"),
    (b"\x00\x01\x02binary" * 10, "rac.csv", "nhị phân"),
    ("lớp,họ và tên\n7A,Lê An\n".encode("utf-16"), "utf16.csv", "UTF-8"),
    (b"PK\x03\x04 not really a zip", "hong.xlsx", "xlsx"),
    (b"lop,ho va ten\n" + b"7A," + b"A" * (6 * 1024 * 1024) + b"\n", "to.csv", "quá lớn"),
])
def test_hostile_or_malformed_files_are_refused(schools, data, filename, message):
    a, _ = schools
    _located, text = errors_of(data, filename, a)
    assert message in text


def test_zip_bomb_is_refused_before_unpacking(schools):
    a, _ = schools
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (300 * 1024 * 1024))
    _located, text = errors_of(out.getvalue(), "bom.xlsx", a)
    assert "giới hạn an toàn" in text


def test_control_characters_in_names_are_refused(schools):
    a, _ = schools
    located, _text = errors_of(csv_bytes("lớp,họ và tên\n7A,Lê\u202eAn\n"), school=a)
    assert located == [("lop.csv", 2, "họ và tên")]


def test_formula_text_is_stored_as_plain_text(schools):
    a, _ = schools
    import_roster(csv_bytes('lớp,họ và tên\n7A,"=HYPERLINK(""http://x"",""Lê"")"\n'),
                  "lop.csv", a)
    assert RosterEntry.query.one().full_name.startswith("=HYPERLINK")


def test_too_many_rows(schools, monkeypatch):
    from quizapp.schools import rosters

    a, _ = schools
    monkeypatch.setattr(rosters, "MAX_ROWS", 3)
    located, text = errors_of(csv_bytes("lớp,họ và tên\n" + "7A,Lê An\n" * 5), school=a)
    assert "quá 3 dòng" in text


def upload(client, data, name, **fields):
    return client.post("/rosters/", data={"file": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")


def test_a_host_imports_only_for_their_own_school(client, login_as, schools):
    a, b = schools
    login_as("host", school=a)
    response = upload(client, csv_bytes(GOOD), "lop.csv")
    assert response.status_code == 302
    page = client.get("/rosters/").get_data(as_text=True)
    assert "THCS Nguyễn Huệ" in page and ">7A<" in page
    assert client.get(f"/rosters/?school={b.id}").status_code == 403
    assert upload(client, csv_bytes(GOOD), "lop.csv", school=str(b.id)).status_code == 403
    assert RosterEntry.query.filter_by(school_id=b.id).count() == 0


def test_a_bad_file_shows_every_error_on_the_page(client, login_as, schools):
    a, _ = schools
    login_as("admin")
    response = upload(client, csv_bytes("lớp,họ và tên\n,Lê An\n"), "lop.csv",
                      school=str(a.id))
    assert response.status_code == 422
    assert "lop.csv" in response.get_data(as_text=True)
    assert RosterEntry.query.count() == 0


def test_viewers_and_hosts_without_school_cannot_import(client, login_as, schools):
    login_as("viewer")
    assert client.get("/rosters/").status_code == 403


def test_host_without_school_is_told_and_cannot_import(client, login_as, schools):
    login_as("host")
    page = client.get("/rosters/").get_data(as_text=True)
    assert 'id="no-school"' in page and 'id="roster-import"' not in page
    assert upload(client, csv_bytes(GOOD), "lop.csv").status_code == 403
    assert RosterEntry.query.count() == 0
