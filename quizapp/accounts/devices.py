"""Known devices: a browser that signed in to an account gets a signed cookie naming it.

The login throttle trusts such a browser for that account only (OWASP's "device cookie"),
so failures from elsewhere never keep the owner's own computer out.
"""

import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "quizapp_device"
_SALT = "quizapp.login-device"
YEAR = 365 * 24 * 3600


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def known_device(username: str) -> str | None:
    """Return this browser's device id when its cookie was issued for `username`, else None."""
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 512:
        return None
    try:
        entries = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(entries, dict):
        return None
    device = entries.get(username.lower())
    return device if isinstance(device, str) else None


def remember_device(response, username: str) -> None:
    """Set (or extend) the cookie so this browser is known for `username`.

    One cookie holds a few accounts (a shared staff-room computer); the oldest is dropped first.
    """
    entries = {}
    raw = request.cookies.get(COOKIE)
    if raw and len(raw) <= 512:
        try:
            loaded = _serializer().loads(raw)
            entries = loaded if isinstance(loaded, dict) else {}
        except BadSignature:
            entries = {}
    name = username.lower()
    device = entries.pop(name, None) or secrets.token_urlsafe(12)
    entries[name] = device
    while len(entries) > 4:
        entries.pop(next(iter(entries)))
    response.set_cookie(COOKIE, _serializer().dumps(entries), max_age=YEAR, httponly=True,
                        samesite="Lax", secure=current_app.config["HTTPS"])
