"""Slow down password guessing without letting anyone lock an account.

Each failure is recorded with the account name, the client address and, when the browser has
signed in before, its device id. Past a few free failures every further try must wait, and the
wait doubles with each failure (capped). The wait applies to the account name and the address;
a browser that once signed in to this account (a known device, see `devices`) is only slowed by
its own failures, so a stranger hammering the name cannot keep the owner out.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_

from quizapp.accounts.models import FailedLogin
from quizapp.core.clock import utcnow
from quizapp.extensions import db


@dataclass(frozen=True)
class Budget:
    """How many failures in the window cost nothing, for one kind of key."""

    column: str
    free_setting: str


ACCOUNT = Budget("username", "LOGIN_FREE_FAILURES")
ADDRESS = Budget("address", "LOGIN_FREE_FAILURES_PER_ADDRESS")
DEVICE = Budget("device", "LOGIN_FREE_FAILURES")


def delay_after(failures: int, free: int, base: float, cap: float) -> float:
    """Return the wait owed after `failures` recent failures: none, then base, 2×base, 4×base …"""
    if failures < free:
        return 0.0
    return min(cap, base * 2 ** (failures - free))


def seconds_to_wait(username: str, address: str, device: str | None = None) -> int:
    """Return how long this login attempt must wait (0: it may be checked now).

    With a known `device` only that device's failures count; otherwise the account name's and the
    address's, whichever owes the longer wait.
    """
    keys = [(DEVICE, device)] if device else [(ACCOUNT, username.lower()), (ADDRESS, address)]
    return max(_wait(budget, value) for budget, value in keys)


def _wait(budget: Budget, value: str) -> int:
    cfg = current_app.config
    now = utcnow()
    column = getattr(FailedLogin, budget.column)
    count, last = db.session.query(func.count(FailedLogin.id), func.max(FailedLogin.at)).filter(
        column == value,
        FailedLogin.at >= now - timedelta(seconds=cfg["LOGIN_WINDOW_SECONDS"]),
    ).one()
    delay = delay_after(count, cfg[budget.free_setting], cfg["LOGIN_BASE_DELAY_SECONDS"],
                        cfg["LOGIN_MAX_DELAY_SECONDS"])
    if not delay:
        return 0
    remaining = (last + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(remaining + 0.999))


def record_failure(username: str, address: str, device: str | None = None) -> None:
    db.session.add(FailedLogin(username=username.lower()[:64], address=address[:64],
                               device=device))
    db.session.commit()


def clear_failures(username: str, device: str | None = None) -> None:
    """Forget an account's (and its device's) failures once it signs in, and any day-old ones."""
    cutoff = utcnow() - timedelta(days=1)
    FailedLogin.query.filter(or_(
        FailedLogin.username == username.lower(), FailedLogin.at < cutoff,
        *([FailedLogin.device == device] if device else []),
    )).delete(synchronize_session=False)
    db.session.commit()
