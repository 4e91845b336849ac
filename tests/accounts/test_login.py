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


def _fail(client, username="admin", times=1, address="203.0.113.7"):
    for _ in range(times):
        response = client.post("/login", data={"username": username, "password": "guess-guess"},
                               environ_base={"REMOTE_ADDR": address})
    return response


def _age_failures(seconds):
    """Move every recorded failure `seconds` into the past (instead of sleeping)."""
    from datetime import timedelta

    from quizapp.extensions import db

    for failure in FailedLogin.query.all():
        failure.at -= timedelta(seconds=seconds)
    db.session.commit()


def test_failures_beyond_the_free_ones_make_the_next_try_wait_longer_each_time(client, make_user):
    make_user("admin", username="admin")
    assert _fail(client, times=5).status_code == 200
    response = client.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) == 1
    assert "thử lại sau 1 giây" in response.get_data(as_text=True)
    _age_failures(2)
    assert _fail(client).status_code == 200  # the sixth failure is checked: the wait doubles
    assert int(_fail(client).headers["Retry-After"]) == 2
    _age_failures(3)
    assert _fail(client).status_code == 200
    assert int(_fail(client).headers["Retry-After"]) == 4
    assert FailedLogin.query.count() == 7  # refused tries are not checked, so not counted


def test_the_wait_is_capped_and_never_a_lock(client, make_user, app):
    from quizapp.accounts import throttle
    from quizapp.extensions import db

    assert throttle.delay_after(4, 5, 1, 300) == 0
    assert [throttle.delay_after(n, 5, 1, 300) for n in (5, 6, 7)] == [1, 2, 4]
    assert throttle.delay_after(40, 5, 1, 300) == 300
    make_user("admin", username="admin")
    db.session.add_all(FailedLogin(username="admin", address=f"198.51.100.{n}")
                       for n in range(40))
    db.session.commit()
    response = client.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) == 300
    _age_failures(301)
    response = client.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_a_stranger_hammering_a_name_does_not_keep_its_owner_out_on_a_known_device(
        app, make_user):
    make_user("admin", username="admin")
    owner = app.test_client()
    owner.post("/login", data={"username": "admin", "password": TEST_PASSWORD},
               environ_base={"REMOTE_ADDR": "10.0.0.5"})
    owner.post("/logout")
    stranger = app.test_client()
    _fail(stranger, times=30)
    response = stranger.post("/login", data={"username": "admin", "password": TEST_PASSWORD},
                             environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 429  # an unknown device waits, whatever its address
    response = owner.post("/login", data={"username": "admin", "password": TEST_PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert response.status_code == 302
    assert "admin" in owner.get("/").get_data(as_text=True)


def test_a_known_device_is_slowed_by_its_own_failures(app, make_user):
    make_user("admin", username="admin")
    owner = app.test_client()
    owner.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    owner.post("/logout")
    _fail(owner, times=6)
    response = owner.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_a_device_cookie_of_one_account_does_not_help_another(app, make_user):
    make_user("admin", username="admin")
    make_user("host", username="gv.lan")
    attacker = app.test_client()
    attacker.post("/login", data={"username": "gv.lan", "password": TEST_PASSWORD})
    attacker.post("/logout")
    _fail(attacker, times=6)
    response = attacker.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 429
    attacker.set_cookie("quizapp_device", "forged.cookie")
    response = attacker.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    assert response.status_code == 429


def test_an_address_trying_many_names_is_slowed(client, make_user):
    make_user("admin", username="admin")
    for number in range(21):
        _fail(client, username=f"name{number}")
    response = client.post("/login", data={"username": "admin", "password": TEST_PASSWORD},
                           environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.status_code == 429


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


def _session_cookie(client):
    return client.get_cookie("session").value


def _status(app, client, url):
    """GET `url` in a fresh app context, as a separate worker would (no `g` left over)."""
    with app.app_context():
        return client.get(url).status_code


def test_a_stolen_session_cookie_dies_with_logout_everywhere(app, make_user):
    make_user("admin", username="admin")
    owner = app.test_client()
    owner.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    thief = app.test_client()
    thief.set_cookie("session", _session_cookie(owner))
    assert _status(app, thief, "/admin/users") == 200
    owner.post("/logout/everywhere")
    assert _status(app, thief, "/admin/users") == 302
    assert _status(app, owner, "/admin/users") == 302


def test_a_stolen_session_cookie_dies_when_the_password_changes(app, make_user):
    make_user("admin", username="admin")
    owner = app.test_client()
    owner.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    thief = app.test_client()
    thief.set_cookie("session", _session_cookie(owner))
    response = owner.post("/account", data={"current_password": TEST_PASSWORD,
                                            "new_password": "a-new-long-password"})
    assert response.status_code == 302
    assert _status(app, thief, "/admin/users") == 302
    assert _status(app, owner, "/admin/users") == 200  # the one who changed it stays in


def test_a_stolen_session_cookie_dies_when_an_admin_resets_the_password(app, make_user):
    user = make_user("host", username="gv.lan")
    victim = app.test_client()
    victim.post("/login", data={"username": "gv.lan", "password": TEST_PASSWORD})
    assert _status(app, victim, "/contests/") == 200
    admin = app.test_client()
    make_user("admin", username="admin")
    admin.post("/login", data={"username": "admin", "password": TEST_PASSWORD})
    response = admin.post(f"/admin/users/{user.id}", data={
        "username": "gv.lan", "display_name": "Lan", "role": "host", "school_code": "",
        "password": "reset-by-the-admin", "active": "y"})
    assert response.status_code == 302
    assert _status(app, victim, "/contests/") == 302


def test_account_page_refuses_a_wrong_current_password(client, login_as):
    login_as("editor")
    response = client.post("/account", data={"current_password": "not-it-at-all",
                                             "new_password": "a-new-long-password"})
    assert "Mật khẩu hiện tại không đúng" in response.get_data(as_text=True)
    response = client.post("/account", data={"current_password": TEST_PASSWORD,
                                             "new_password": "short"})
    assert "ít nhất 10 ký tự" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 200
