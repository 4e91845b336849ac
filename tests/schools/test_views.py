"""The admin's school pages."""

import io
from pathlib import Path

from quizapp.schools.models import District, School

FILES = Path(__file__).parent / "files"


def test_admin_imports_a_file_and_sees_the_schools(client, login_as, districts):
    login_as("admin")
    data = {"file": (io.BytesIO((FILES / "truong-hop-le.csv").read_bytes()), "ds.csv")}
    response = client.post("/admin/schools/import", data=data, follow_redirects=True,
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "Đã nhập: 3 trường mới, 0 trường cập nhật." in page
    assert "Trường THPT Ngô Mây" in page and "1.240" in page


def test_bad_file_shows_every_error_and_changes_nothing(client, login_as, districts):
    login_as("admin")
    data = {"file": (io.BytesIO((FILES / "truong-loi.csv").read_bytes()), "truong-loi.csv")}
    response = client.post("/admin/schools/import", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "chưa có gì được nhập" in page and "THCSS" in page
    assert School.query.count() == 0


def test_search_and_filters(client, login_as, districts):
    from quizapp.schools.seed import load_sample_schools

    load_sample_schools()
    login_as("admin")
    page = client.get("/admin/schools/?q=MAU-THPT-03").get_data(as_text=True)
    assert "MAU-THPT-03" in page and "MAU-THCS-03" not in page
    dak_ha = District.query.filter_by(code="dak-ha").one()
    page = client.get(f"/admin/schools/?district={dak_ha.id}&level=lower_secondary"
                      ).get_data(as_text=True)
    assert page.count("Huyện Đắk Hà (mẫu)") == 1


def test_add_edit_and_deactivate_a_school(client, login_as, districts):
    login_as("admin")
    district = District.query.first()
    form = {"code": "NEW-1", "name": "Trường THCS Mới", "district_id": district.id,
            "level": "lower_secondary", "enrolment": 300, "active": "y"}
    assert client.post("/admin/schools/new", data=form).status_code == 302
    school = School.query.filter_by(code="NEW-1").one()
    form.pop("active")
    form["enrolment"] = 310
    client.post(f"/admin/schools/{school.id}", data=form)
    school = School.query.filter_by(code="NEW-1").one()
    assert (school.active, school.enrolment) == (False, 310)


def test_duplicate_code_on_edit_is_refused(client, login_as, districts):
    login_as("admin")
    district = District.query.first()
    for code in ("A-1", "A-2"):
        client.post("/admin/schools/new", data={"code": code, "name": code, "level": "primary",
                                                "district_id": district.id, "enrolment": 1})
    other = School.query.filter_by(code="A-2").one()
    response = client.post(f"/admin/schools/{other.id}", data={
        "code": "A-1", "name": "x", "level": "primary", "district_id": district.id,
        "enrolment": 1})
    assert "Mã này đã dùng cho A-1" in response.get_data(as_text=True)


def test_export_downloads(client, login_as, districts):
    login_as("admin")
    response = client.get("/admin/schools/export.xlsx")
    assert response.headers["Content-Disposition"] == "attachment; filename=truong-hoc.xlsx"
    assert response.data[:2] == b"PK"
