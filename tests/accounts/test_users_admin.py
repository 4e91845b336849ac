"""The admin's user management pages."""

from quizapp.accounts.models import User
from quizapp.extensions import db
from quizapp.schools.models import AdminUnit, School


def test_admin_creates_a_host_tied_to_a_school(client, login_as, units):
    login_as("admin")
    school = School(code="S1", name="THCS A", unit=AdminUnit.query.filter_by(code="T-P1").one(),
                    level="lower_secondary")

    db.session.add(school)
    db.session.commit()
    response = client.post("/admin/users/new", data={
        "username": "gv.an", "display_name": "Nguyễn An", "role": "host", "school_code": "S1",
        "password": "", "active": "y"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Mật khẩu của gv.an" in page and "Nguyễn An" in page
    assert User.query.filter_by(username="gv.an").one().school.code == "S1"


def test_unknown_school_code_is_refused(client, login_as):
    login_as("admin")
    response = client.post("/admin/users/new", data={
        "username": "gv.an", "role": "host", "school_code": "NOPE", "active": "y"})
    assert "Không có trường mã" in response.get_data(as_text=True)
    assert User.query.filter_by(username="gv.an").first() is None


def test_short_password_is_refused(client, login_as):
    login_as("admin")
    response = client.post("/admin/users/new", data={
        "username": "gv.an", "role": "host", "password": "short", "active": "y"})
    assert "ít nhất 10 ký tự" in response.get_data(as_text=True)


def test_admin_cannot_demote_themselves(client, login_as):
    admin = login_as("admin")
    response = client.post(f"/admin/users/{admin.id}", data={
        "username": admin.username, "role": "viewer", "active": "y"})
    assert "không thể tự bỏ quyền quản trị" in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).role == "admin"


def test_admin_deactivates_a_user(client, login_as, make_user):
    login_as("admin")
    other = make_user("editor")
    client.post(f"/admin/users/{other.id}", data={"username": other.username, "role": "editor"})
    assert db.session.get(User, other.id).active is False
