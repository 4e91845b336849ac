"""Flask extensions, created unbound and bound to an app in init_app."""

from pathlib import Path

from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event

# Named constraints so Alembic can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
socketio = SocketIO()
login = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def _sqlite_pragmas(connection, _record):
    """Write-ahead logging: readers never wait for the writer, and a commit costs no fsync of
    the whole database (durable against a crash of the app; the last commits may be lost if
    the laptop loses power). Foreign keys are enforced as on PostgreSQL."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _origins(app):
    """Origins Socket.IO accepts: this site only, unless QUIZAPP_ALLOWED_ORIGINS adds others."""
    extra = app.config.get("SOCKETIO_ORIGINS")
    if not extra:
        return None  # python-engineio then accepts the site's own origin only
    from quizapp.config import public_url

    return [public_url(app), *extra]


def init_app(app):
    """Bind every extension to `app`."""
    from quizapp.core.i18n import select_locale

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login.init_app(app)
    login.login_view = "accounts.login"
    login.login_message = _l("Hãy đăng nhập để mở trang này.")
    login.login_message_category = "warning"
    from quizapp.live.internals import JsonPacket
    from quizapp.live.manager import client_manager

    manager = client_manager(app.config["MESSAGE_QUEUE"])
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        cors_allowed_origins=_origins(app),
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
        serializer=JsonPacket,
        **({"client_manager": manager} if manager is not None else {}),
    )
    from quizapp.live import throttle

    throttle.init_app(app)
    if app.config["PROXY_COUNT"]:
        # Outermost, so Socket.IO handlers see the client's address, not nginx's.
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
