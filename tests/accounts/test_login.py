"""Signing in and out, throttling, CSRF and safe redirects."""

import pytest

from quizapp.accounts.models import FailedLogin
from tests.conftest import TEST_PASSWORD, make_app


def test_login_with_right_password_then_logout(client, make_user):
    make_user("host", username="gv.lan")
    response = client.post("/login", data={"username": "GV.Lan ", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert "gv.lan" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.get("/admin/schools/").status_code == 302


def test_wrong_password_is_refused_and_recorded(client, make_user):
    make_user("host", username="gv.lan")
    response = client.post("/login", data={"username": "gv.lan", "password": "wrong-password"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)
    assert FailedLogin.query.filter_by(username="gv.lan").count() == 1


def test_inactive_account_cannot_sign_in(client, make_user, app):
    from quizapp.extensions import db

    user = make_user("editor")
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 200


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, make_user):
    make_user("admin", username="admin")
    for _ in range(5):
        client.post("/login", data={"username": "admin", "password": "guess-guess"})
    response = client.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.get_data(as_text=True)


def test_successful_login_clears_earlier_failures(client, make_user):
    make_user("admin", username="admin")
    for _ in range(3):
        client.post("/login", data={"username": "admin", "password": "guess-guess"})
    client.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    assert FailedLogin.query.filter_by(username="admin").count() == 0


def test_next_parameter_only_redirects_locally(client, make_user):
    make_user("admin", username="admin")
    data = {"username": "admin", "password": TEST_PASSWORD}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/admin/schools/", data=data)
    assert response.headers["Location"] == "/admin/schools/"


@pytest.mark.parametrize("target", [
    "/%09/evil.example", "/%0A/evil.example", "/%0D%0ALocation:%20https://evil.example",
    "%2F%2Fevil.example", "/%5Cevil.example", "https:/evil.example", "javascript:alert(1)",
    "//evil.example/", "http://quiz.test@evil.example/", "/\x7f/evil.example", "evil.example",
])
def test_next_parameter_refuses_hosts_schemes_and_control_characters(client, make_user, target):
    make_user("admin", username="admin")
    response = client.post(f"/login?next={target}",
                           data={"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_parameter_keeps_a_local_path_with_its_query(client, make_user):
    make_user("admin", username="admin")
    response = client.post("/login?next=/bank/%3Fq%3Dm%E1%BA%ADt%2Bkh%E1%BA%A9u",
                           data={"username": "admin", "password": TEST_PASSWORD})
    assert response.headers["Location"].startswith("/bank/?q=")


def test_unknown_names_cost_a_password_check_too(client, make_user, monkeypatch):
    """Timing must not tell known names from unknown ones: both pay for one scrypt check."""
    from quizapp.accounts import models

    make_user("host", username="gv.lan")
    checked = []
    real = models.check_password_hash
    monkeypatch.setattr(models, "check_password_hash",
                        lambda stored, given: checked.append(stored) or real(stored, given))
    client.post("/login", data={"username": "gv.lan", "password": "wrong-password"})
    client.post("/login", data={"username": "nobody.here", "password": "wrong-password"})
    assert len(checked) == 2
    assert checked[1].startswith("scrypt:") and checked[1].split("$")[0] == checked[0].split("$")[0]


def test_passwords_are_stored_hashed(make_user):
    user = make_user("viewer")
    assert TEST_PASSWORD not in user.password_hash and user.password_hash.startswith("scrypt:")


def test_forms_require_a_csrf_token(tmp_path, _session_app):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True,
                   SQLALCHEMY_DATABASE_URI=_session_app.config["SQLALCHEMY_DATABASE_URI"])
    client = app.test_client()
    response = client.post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400
    response = client.post("/language/en")
    assert response.status_code == 400
