"""The site shell: home, health check, error pages, headers, language switch."""

import gc

import flask_babel

from tests.conftest import make_app


def test_home_invites_players_and_staff(client):
    page = client.get("/").get_data(as_text=True)
    assert "Cùng học an toàn thông tin" in page
    assert "Đăng nhập" in page


def test_healthz_tells_anonymous_callers_only_that_it_is_alive(client, login_as):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    login_as("host")
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_healthz_gives_an_admin_the_details(client, login_as):
    login_as("admin")
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["version"] == "0.1.0"
    assert body["async_mode"] == "threading"
    assert body["worker"] == "single" and body["connections"] == 0
    gc.collect()  # the app's live registry times every collection of the process
    collections = client.get("/healthz").get_json()["gc"]
    assert collections["collections"] >= 1 and collections["cpu_s"] >= 0


def test_healthz_gives_the_monitoring_token_the_details(tmp_path, _session_app):
    app = make_app(tmp_path, MONITORING_TOKEN="s3cret-monitor",
                   SQLALCHEMY_DATABASE_URI=_session_app.config["SQLALCHEMY_DATABASE_URI"])
    client = app.test_client()
    body = client.get("/healthz", headers={"Authorization": "Bearer s3cret-monitor"}).get_json()
    assert body["version"] == "0.1.0"
    for wrong in ("Bearer s3cret-monitoR", "Basic s3cret-monitor", "Bearer ", ""):
        assert client.get("/healthz", headers={"Authorization": wrong}).get_json() == {
            "status": "ok"}
    unset = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=_session_app.config[
        "SQLALCHEMY_DATABASE_URI"]).test_client()
    assert unset.get("/healthz", headers={"Authorization": "Bearer "}).get_json() == {
        "status": "ok"}


def test_healthz_says_degraded_when_the_database_is_unreachable(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent/dir/x.sqlite3",
                   MONITORING_TOKEN="m")
    response = app.test_client().get("/healthz", headers={"Authorization": "Bearer m"})
    assert response.status_code == 503
    assert response.get_json()["database"].startswith("error")
    assert app.test_client().get("/healthz").get_json() == {"status": "degraded"}


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_carry_no_inline_script(client, login_as):
    login_as("admin")
    for path in ("/", "/admin/schools/", "/admin/users", "/login", "/nowhere"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " onclick=" not in page, path


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_json_callers_get_json_errors(client):
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["error"] == 404


def test_language_switch_to_english_and_back(client):
    response = client.post("/language/en", headers={"Referer": "http://localhost/login"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = client.get("/").get_data(as_text=True)
    assert "Sign in" in page and "<html lang=\"en\">" in page
    client.post("/language/vi")
    # The fixture holds one app context for the whole test, where Flask-Babel caches the locale.
    flask_babel.refresh()
    assert "Đăng nhập" in client.get("/").get_data(as_text=True)


def test_language_switch_ignores_foreign_referrer(client):
    response = client.post("/language/en", headers={"Referer": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_static_vendor_files_are_served_locally(client):
    response = client.get("/static/vendor/socket.io-client-4.8.1/socket.io.min.js")
    assert response.status_code == 200 and b"io" in response.data
    response.close()
