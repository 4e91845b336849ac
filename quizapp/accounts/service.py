"""Create and change staff accounts (shared by the admin pages and the CLI)."""

import re
import secrets

from flask_babel import gettext as _

from quizapp.accounts.models import ROLES, User, check_against_dummy
from quizapp.extensions import db

USERNAME = re.compile(r"^[a-z0-9._-]{3,64}$")
MIN_PASSWORD = 10


class AccountError(ValueError):
    """A user-facing reason why an account change was refused."""


def generate_password() -> str:
    """Return a random password that is easy to read aloud (no 0/O, 1/l)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))


def create_user(username, password, role, display_name="", school=None) -> User:
    """Add a staff account; raise AccountError when a field is not acceptable."""
    username = (username or "").strip().lower()
    if not USERNAME.match(username):
        raise AccountError(
            _("Tên đăng nhập gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch ngang, gạch dưới."))
    if role not in ROLES:
        raise AccountError(_("Vai trò '%(role)s' không hợp lệ (%(roles)s).", role=role,
                             roles=", ".join(ROLES)))
    if User.query.filter_by(username=username).first():
        raise AccountError(_("Tên đăng nhập '%(name)s' đã tồn tại.", name=username))
    check_password(password)
    user = User(username=username, role=role, display_name=display_name or username, school=school)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with this name and password, else None, in about equal time."""
    user = User.query.filter_by(username=username).first()
    if user is None:
        check_against_dummy(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(_("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD))


def set_password(user: User, password: str) -> None:
    check_password(password)
    user.set_password(password)
    db.session.commit()
