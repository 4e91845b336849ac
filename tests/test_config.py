"""Settings: environment variables, the generated secret key, the async mode."""

import pytest

from quizapp import create_app
from quizapp.config import lan_address, public_url


def test_secret_key_is_generated_once_and_kept_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "ASYNC_MODE": "threading"})
    app.instance_path  # noqa: B018 (the default instance folder of the package)
    first = app.config["SECRET_KEY"]
    again = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "ASYNC_MODE": "threading"})
    assert len(first) == 64 and first == again.config["SECRET_KEY"]


def test_environment_variables_configure_the_app(monkeypatch):
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite3")
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from-env")
    monkeypatch.setenv("QUIZAPP_ASYNC_MODE", "threading")
    monkeypatch.setenv("QUIZAPP_PUBLIC_URL", "https://thi.example.vn/")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////tmp/elsewhere.sqlite3"
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["ASYNC_MODE"] == "threading"
    assert public_url(app) == "https://thi.example.vn"


def test_default_database_is_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("QUIZAPP_DATABASE_URL", raising=False)
    monkeypatch.setenv("QUIZAPP_ASYNC_MODE", "threading")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{app.instance_path}/quizapp.sqlite3")


def test_public_url_defaults_to_lan_address_and_port(monkeypatch):
    monkeypatch.delenv("QUIZAPP_PUBLIC_URL", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "ASYNC_MODE": "threading",
                      "SERVER_PORT": 8123})
    assert public_url(app) == f"http://{lan_address()}:8123"


def test_unknown_async_mode_is_refused():
    with pytest.raises(ValueError, match="QUIZAPP_ASYNC_MODE"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "ASYNC_MODE": "tornado"})


def test_cookies_are_httponly_samesite_and_secure_with_https():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "ASYNC_MODE": "threading",
                      "HTTPS": True})
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def _config_variables():
    import re
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "quizapp" / "config.py").read_text()
    return set(re.findall(r'"(QUIZAPP_[A-Z_]+)"', source))


def test_every_setting_is_read_in_config_and_listed_in_the_readme():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text()
    assert {v for v in _config_variables() if f"`{v}`" not in readme} == set()
    elsewhere = [str(path.relative_to(root)) for path in (root / "quizapp").rglob("*.py")
                 if path.name != "config.py" and re.search(
                     r"os\.environ|getenv\(", path.read_text())]
    assert elsewhere == []


def test_the_upload_limit_setting_caps_every_importer(app):
    from quizapp.bank import formats
    from quizapp.bank.formats.question import ImportRejected

    app.config["UPLOAD_MAX_BYTES"] = 1000
    try:
        with pytest.raises(ImportRejected) as refused:
            formats.parse(b"x" * 1001, "big.csv")
        assert "quá lớn" in refused.value.errors[0].message
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 20 * 1024 * 1024


def test_reading_the_async_mode_imports_nothing_eventlet_must_patch_first():
    """The launcher reads the async mode before eventlet's monkey-patching: config.py must not
    pull in Flask (or anything holding locks and sockets) at import time."""
    import subprocess
    import sys

    check = ("import sys, quizapp.config as c; c.async_mode(); "
             "print(sorted(m for m in ('flask', 'werkzeug', 'sqlalchemy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_the_embedded_default_runs_without_the_scale_out_packages(tmp_path):
    """README's demo installs `pip install -e .` only: redis and psycopg2 are the "scale"
    extra, so the app must build on SQLite in one process without either of them."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "sys.modules['redis'] = None\n"  # importing it now raises ImportError
        "sys.modules['psycopg2'] = None\n"
        "from quizapp import create_app\n"
        f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/demo.sqlite3',"
        " 'SECRET_KEY': 'x', 'ASYNC_MODE': 'threading'})\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
