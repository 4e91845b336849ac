"""The admin's school pages."""

import io
from datetime import date, timedelta
from pathlib import Path

from quizapp.schools.models import AdminUnit, School

FILES = Path(__file__).parent / "files"


def test_admin_imports_a_file_and_sees_the_schools(client, login_as, units):
    login_as("admin")
    data = {"file": (io.BytesIO((FILES / "truong-hop-le.csv").read_bytes()), "ds.csv")}
    response = client.post("/admin/schools/import", data=data, follow_redirects=True,
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "Đã nhập: 3 trường mới, 0 trường cập nhật." in page
    assert "Trường THPT Ngô Mây" in page and "1.240" in page


def test_bad_file_shows_every_error_and_changes_nothing(client, login_as, units):
    login_as("admin")
    data = {"file": (io.BytesIO((FILES / "truong-loi.csv").read_bytes()), "truong-loi.csv")}
    response = client.post("/admin/schools/import", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "chưa có gì được nhập" in page and "THCSS" in page
    assert School.query.count() == 0


def test_search_and_filters(client, login_as):
    from quizapp.schools.seed import load_sample_schools, load_sample_units

    load_sample_units()
    load_sample_schools()
    login_as("admin")
    page = client.get("/admin/schools/?q=MAU-THPT-03").get_data(as_text=True)
    assert "MAU-THPT-03" in page and "MAU-THCS-03" not in page
    ward = AdminUnit.query.filter_by(code="MAU-P03").one()
    page = client.get(f"/admin/schools/?unit={ward.id}&level=lower_secondary"
                      ).get_data(as_text=True)
    assert page.count("MAU-THCS-03") == 1 and "MAU-THPT-03" not in page
    assert "mẫu" in page


def test_add_edit_and_deactivate_a_school(client, login_as, units):
    login_as("admin")
    unit = AdminUnit.query.filter_by(code="T-P1").one()
    form = {"code": "NEW-1", "name": "Trường THCS Mới", "unit_id": unit.id,
            "level": "lower_secondary", "enrolment": 300, "active": "y"}
    assert client.post("/admin/schools/new", data=form).status_code == 302
    school = School.query.filter_by(code="NEW-1").one()
    form.pop("active")
    form["enrolment"] = 310
    client.post(f"/admin/schools/{school.id}", data=form)
    school = School.query.filter_by(code="NEW-1").one()
    assert (school.active, school.enrolment) == (False, 310)
    moved = AdminUnit.query.filter_by(code="T-X2").one()
    client.post(f"/admin/schools/{school.id}", data={**form, "unit_id": moved.id})
    assert School.query.filter_by(code="NEW-1").one().unit_id == moved.id
    from quizapp.schools.units import unit_on

    assert unit_on(date.today() - timedelta(days=1)) == {school.id: unit.id}
    # a unit that is no longer in force cannot be chosen
    old = AdminUnit.query.filter_by(code="T-H9").one()
    client.post(f"/admin/schools/{school.id}", data={**form, "unit_id": old.id})
    assert School.query.filter_by(code="NEW-1").one().unit_id == moved.id


def test_duplicate_code_on_edit_is_refused(client, login_as, units):
    login_as("admin")
    unit = AdminUnit.query.filter_by(code="T-P1").one()
    for code in ("A-1", "A-2"):
        client.post("/admin/schools/new", data={"code": code, "name": code, "level": "primary",
                                                "unit_id": unit.id, "enrolment": 1})
    other = School.query.filter_by(code="A-2").one()
    response = client.post(f"/admin/schools/{other.id}", data={
        "code": "A-1", "name": "x", "level": "primary", "unit_id": unit.id,
        "enrolment": 1})
    assert "Mã này đã dùng cho A-1" in response.get_data(as_text=True)


def test_export_downloads(client, login_as, units):
    login_as("admin")
    response = client.get("/admin/schools/export.xlsx")
    assert response.headers["Content-Disposition"] == "attachment; filename=truong-hoc.xlsx"
    assert response.data[:2] == b"PK"
