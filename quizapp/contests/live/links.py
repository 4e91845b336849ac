"""The URLs people type or scan: the join page of a game, optionally for one school."""

from urllib.parse import quote

from flask import current_app

from quizapp.config import public_url


def join_url(pin: str | None, school_link: str | None = None) -> str:
    """The join page of a game; with `school_link` (contests.attribution) one school's QR."""
    url = f"{public_url(current_app)}/play/{pin or ''}"
    return f"{url}?s={quote(school_link)}" if school_link else url
