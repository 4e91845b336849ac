"""Personal API tokens: created and revoked by their owner on the account page.

A token is `qzp_` and 43 random URL-safe characters, shown once; the database keeps its sha256
and its first characters (so the owner can tell tokens apart). It stops working when revoked,
when it expires, when its user is deactivated or loses the right to run contests, and when the
user's session version moves on (log out everywhere, a password change or reset): the same
rule as a stolen session cookie.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask_babel import gettext as _

from quizapp.accounts.models import ApiToken, User
from quizapp.core.clock import utcnow
from quizapp.core.permissions import can
from quizapp.extensions import db

PREFIX = "qzp_"
PERMISSION = "contests.run"  # who may hold a token: hosts and admins
MAX_NAME = 80
MAX_TOKENS = 20  # per user: enough for a few scripts, few enough to review on one page
EXPIRY_DAYS = (0, 30, 90, 365)  # 0: never


class TokenError(ValueError):
    """A user-facing reason why a token was not created."""


class TokenRefused(Exception):
    """Why a presented token does not authenticate: `invalid_token` or `token_expired`."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def tokens_of(user: User) -> list[ApiToken]:
    return ApiToken.query.filter_by(user_id=user.id).order_by(ApiToken.id.desc()).all()


def create_token(user: User, name: str, expires_in_days: int = 0) -> tuple[ApiToken, str]:
    """Make a token for `user`; return it and its secret (the only time the secret exists)."""
    name = " ".join((name or "").split())
    if not can(user, PERMISSION):
        raise TokenError(_("Chỉ người tổ chức cuộc thi và quản trị viên được tạo mã API."))
    if not 1 <= len(name) <= MAX_NAME:
        raise TokenError(_("Tên mã API cần 1–%(n)d ký tự.", n=MAX_NAME))
    if expires_in_days not in EXPIRY_DAYS:
        raise TokenError(_("Thời hạn mã API không hợp lệ."))
    if ApiToken.query.filter_by(user_id=user.id).count() >= MAX_TOKENS:
        raise TokenError(_("Mỗi tài khoản có tối đa %(n)d mã API: hãy thu hồi mã không dùng.",
                           n=MAX_TOKENS))
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(user_id=user.id, name=name, secret_hash=hash_secret(secret),
                     prefix=secret[:len(PREFIX) + 6], session_version=user.session_version or 0,
                     created_at=now,
                     expires_at=now + timedelta(days=expires_in_days) if expires_in_days
                     else None)
    db.session.add(token)
    db.session.commit()
    return token, secret


def revoke_token(user: User, token_id: int) -> bool:
    """Delete one of `user`'s own tokens; tell whether there was one."""
    deleted = ApiToken.query.filter_by(id=token_id, user_id=user.id).delete()
    db.session.commit()
    return bool(deleted)


def is_live(token: ApiToken) -> bool:
    """Whether a stored token still belongs to a working session of its user."""
    user = token.user
    return bool(user and user.active and token.session_version == user.session_version)


def authenticate(secret: str) -> tuple[User, ApiToken]:
    """Return the user and token a presented secret names; raise TokenRefused otherwise.

    The lookup is by hash, so the time taken does not depend on how much of a guess matched.
    """
    if not secret.startswith(PREFIX) or len(secret) > 100:
        raise TokenRefused("invalid_token")
    digest = hash_secret(secret)
    token = ApiToken.query.filter_by(secret_hash=digest).first()
    if token is None or not hmac.compare_digest(token.secret_hash, digest) or not is_live(token):
        raise TokenRefused("invalid_token")
    now = utcnow()
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefused("token_expired")
    # Written at most once a minute: a busy script should not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        db.session.commit()
    return token.user, token
