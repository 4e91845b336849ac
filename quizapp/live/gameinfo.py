"""What any worker may know about a game without owning it: read from the database."""

from dataclasses import dataclass

from quizapp.contests.models import Game


@dataclass(frozen=True)
class GameInfo:
    id: int
    pin: str | None
    host_id: int
    options: dict
    finished: bool


def _info(row) -> GameInfo | None:
    if row is None:
        return None
    return GameInfo(id=row.id, pin=row.pin, host_id=row.host_id,
                    options=dict(row.contest.options or {}), finished=row.status == "finished")


def by_pin(pin: str) -> GameInfo | None:
    """Return the live game with this PIN (a finished game has released its PIN)."""
    return _info(Game.query.filter_by(pin=pin).first())


def by_id(game_id: int) -> GameInfo | None:
    from quizapp.extensions import db

    return _info(db.session.get(Game, game_id))
