"""Staff users and failed-login records."""

import secrets

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.core.clock import utcnow
from quizapp.extensions import db, login

ROLES = ("admin", "editor", "host", "viewer")


class User(UserMixin, db.Model):
    """A staff member: admin, content editor, contest host or education-department viewer."""

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), unique=True, nullable=False)
    display_name = db.Column(db.String(120), nullable=False, default="")
    password_hash = db.Column(db.String(256), nullable=False)
    role = db.Column(db.String(16), nullable=False)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id"), nullable=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Part of the id kept in every session cookie: raising it ends every session of this user.
    session_version = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    school = db.relationship("School")

    __table_args__ = (db.CheckConstraint(f"role IN {ROLES!r}", name="role_known"),)

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """Return the id Flask-Login keeps in the session: user id and session version."""
        return f"{self.id}.{self.session_version}"

    def end_all_sessions(self) -> None:
        """Make every session cookie issued so far for this user worthless (caller commits)."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of `password`; end the sessions of the old one."""
        if self.password_hash:
            self.end_all_sessions()
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self):
        return f"<User {self.username} ({self.role})>"


_DUMMY_HASH = None


def check_against_dummy(password: str) -> bool:
    """Spend the time of one real password check on a name that has no account.

    Without it an unknown name answers in a few milliseconds and a known one in a few hundred,
    which tells an attacker which staff names exist. Always False.
    """
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = generate_password_hash(secrets.token_hex(16), method="scrypt")
    check_password_hash(_DUMMY_HASH, password)
    return False


class FailedLogin(db.Model):
    """One failed login, kept for throttling by account name and by client address."""

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), nullable=False, index=True)
    address = db.Column(db.String(64), nullable=False, index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    device = db.Column(db.String(32), nullable=True, index=True)


@login.user_loader
def load_user(session_id):
    """Return the user of a session id "<user>.<version>", or None when the version is stale."""
    user_id, _, version = str(session_id).partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


class ApiToken(db.Model):
    """A personal API token (accounts/tokens.py): only a hash of its secret is kept.

    It works while the user is active and still at the session version it was made under, so
    "log out everywhere", a password change and deactivation end it like a session cookie.
    """
    owner_field = "user_id"  # see core.permissions.owns

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    name = db.Column(db.String(80), nullable=False)
    # sha256 of the secret: the secret has 256 random bits, so no salt or slow hash is needed.
    secret_hash = db.Column(db.String(64), unique=True, nullable=False)
    prefix = db.Column(db.String(16), nullable=False)  # the start of the secret, to recognise it
    session_version = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_used_at = db.Column(db.DateTime, nullable=True)
    expires_at = db.Column(db.DateTime, nullable=True)

    user = db.relationship("User")
