"""Slow down password guessing: lock a name or an address after repeated failures."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_

from quizapp.accounts.models import FailedLogin, utcnow
from quizapp.extensions import db


def is_locked(username: str, address: str) -> bool:
    """Tell whether this account name or client address failed too often recently."""
    cfg = current_app.config
    since = utcnow() - timedelta(seconds=cfg["LOGIN_LOCK_SECONDS"])
    recent = FailedLogin.query.filter(FailedLogin.at >= since)
    by_name = recent.filter(FailedLogin.username == username.lower()).count()
    by_address = recent.filter(FailedLogin.address == address).count()
    # An address may try several names (a shared school computer), so it gets more room.
    return by_name >= cfg["LOGIN_MAX_FAILURES"] or by_address >= 4 * cfg["LOGIN_MAX_FAILURES"]


def record_failure(username: str, address: str) -> None:
    db.session.add(FailedLogin(username=username.lower()[:64], address=address[:64]))
    db.session.commit()


def clear_failures(username: str) -> None:
    """Forget the failures of an account after it signs in successfully."""
    cutoff = utcnow() - timedelta(days=1)
    FailedLogin.query.filter(
        or_(FailedLogin.username == username.lower(), FailedLogin.at < cutoff)
    ).delete(synchronize_session=False)
    db.session.commit()
