"""Shared fixtures: `app`, `client`, `runner`, and helpers to sign in as each role.

The suite runs on a SQLite file by default and on PostgreSQL when QUIZAPP_TEST_DATABASE_URL
is set. The schema is built once per session by running the real migrations.
"""

import os

import pytest
from sqlalchemy import inspect, text

from quizapp import create_app
from quizapp.extensions import db

TEST_PASSWORD = "correct-horse-battery"


def pytest_collection_modifyitems(items):
    """Mark the tests that start real processes, from what their module uses (no list to drift):
    `server` for a real app server (tests.server.LiveServer), `cluster` for a real Redis.
    `pytest` leaves them and the browser tests (`e2e`) out; `.ci/run` runs them too."""
    from tests.server import LiveServer, RedisServer

    for item in items:
        used = [value for value in vars(item.module).values() if isinstance(value, type)] \
            if item.module else []
        if LiveServer in used:
            item.add_marker(pytest.mark.server)
        if RedisServer in used:
            item.add_marker(pytest.mark.cluster)


def test_database_url():
    """Return this test process's PostgreSQL URL, or None for SQLite.

    Under pytest-xdist each worker process gets a database of its own ("test_gw0", ...),
    created on first use, so workers never empty each other's tables.
    """
    url = os.environ.get("QUIZAPP_TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine

    from quizapp.config import database_url

    base, _, name = url.rpartition("/")
    mine = f"{name}_{worker}"
    engine = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": mine}).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{mine}"'))
    engine.dispose()
    return f"{base}/{mine}"


test_database_url.__test__ = False  # a helper, not a test


def make_app(tmp_path, **overrides):
    """Create an app for tests; CSRF is off unless a test turns it on to check it."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": test_database_url()
        or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "ASYNC_MODE": "threading",
        "MESSAGE_QUEUE": None,
        "WTF_CSRF_ENABLED": False,
        "PUBLIC_URL": "http://quiz.test",
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _session_app(tmp_path_factory):
    from flask_migrate import upgrade

    from quizapp.extensions import MIGRATIONS_DIR

    app = make_app(tmp_path_factory.mktemp("db"))
    with app.app_context():
        _drop_everything()
        upgrade(directory=str(MIGRATIONS_DIR))
    return app


@pytest.fixture
def app(_session_app):
    """The app, inside an app context, with every table emptied after the test."""
    with _session_app.app_context():
        yield _session_app
        db.session.rollback()
        db.session.remove()
        _empty_tables()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def units(app):
    """A test province with three commune-level units and one former district."""
    from datetime import date

    from quizapp.extensions import db
    from quizapp.schools.models import AdminUnit

    province = AdminUnit(code="T", name="Tỉnh Thử", kind="province")
    db.session.add_all([
        province,
        AdminUnit(code="T-P1", name="Phường Một", kind="ward", parent=province),
        AdminUnit(code="T-X2", name="Xã Hai", kind="commune", parent=province),
        AdminUnit(code="T-D3", name="Đặc khu Ba", kind="special_zone", parent=province),
        AdminUnit(code="T-H9", name="Huyện Cũ", kind="district", parent=province,
                  valid_to=date(2025, 6, 30)),
    ])
    db.session.commit()


@pytest.fixture
def make_user(app):
    """Create a staff user: make_user("host", username="gv1", school=...)."""
    from quizapp.accounts.service import create_user

    def make(role, username=None, school=None):
        return create_user(username or f"{role}1", TEST_PASSWORD, role, school=school)

    return make


@pytest.fixture
def login_as(client, make_user):
    """Create a user with `role` and sign the test client in as that user."""

    def login(role, **kwargs):
        user = make_user(role, **kwargs)
        response = client.post("/login", data={"username": user.username,
                                               "password": TEST_PASSWORD})
        assert response.status_code == 302, response.data
        return user

    return login


class SeparateClient:
    """A test client whose every request runs in its own app context, as on another worker.

    The `app` fixture keeps one app context open, and Flask-Login caches the signed-in user in
    `g`, so two test clients would otherwise see each other's user.
    """

    def __init__(self, app):
        self.app, self.client = app, app.test_client()

    def __getattr__(self, name):
        method = getattr(self.client, name)
        if name not in ("get", "post", "open"):
            return method

        def fresh(*args, **kwargs):
            with self.app.app_context():
                return method(*args, **kwargs)

        return fresh


@pytest.fixture
def browser_of(app, make_user):
    """Sign a new user with `role` in on a client of their own: browser_of("host", "gv1")."""

    def sign_in(role, username=None, **kwargs):
        user = make_user(role, username=username, **kwargs)
        client = SeparateClient(app)
        response = client.post("/login", data={"username": user.username,
                                               "password": TEST_PASSWORD})
        assert response.status_code == 302, response.data
        return client

    return sign_in


def _empty_tables():
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        for table in tables:
            connection.execute(table.delete())


def _drop_everything():
    """Start from an empty database (a PostgreSQL test database may hold an older run)."""
    db.drop_all()
    with db.engine.begin() as connection:
        if inspect(connection).has_table("alembic_version"):
            connection.execute(text("DROP TABLE alembic_version"))
