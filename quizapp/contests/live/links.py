"""The URLs people type or scan: the join page of a game, optionally for one school."""

from urllib.parse import quote

from flask import current_app

from quizapp.config import public_url


def join_url(pin: str | None, school_code: str | None = None) -> str:
    url = f"{public_url(current_app)}/play/{pin or ''}"
    return f"{url}?school={quote(school_code)}" if school_code else url
