"""What any worker may know about a game without owning it: read from the database."""

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from sqlalchemy import select

from quizapp.contests.models import Contest, Game
from quizapp.extensions import db


@dataclass(frozen=True)
class GameInfo:
    id: int
    pin: str | None
    host_id: int
    options: dict
    finished: bool
    school_id: int | None = None  # the school whose host runs the game (contest.school_id)
    finished_at: datetime | None = None
    owner_field: ClassVar[str] = "host_id"  # see core.permissions.owns


def _info(condition) -> GameInfo | None:
    """One small query: these run on every join and host command, so never load the
    snapshot (it grows with every answer of the game)."""
    row = db.session.execute(
        select(Game.id, Game.pin, Game.host_id, Game.status, Contest.options,
               Contest.school_id, Game.finished_at)
        .join(Contest, Game.contest_id == Contest.id).where(condition)).first()
    if row is None:
        return None
    return GameInfo(id=row.id, pin=row.pin, host_id=row.host_id, options=dict(row.options or {}),
                    finished=row.status == "finished", school_id=row.school_id,
                    finished_at=row.finished_at)


def by_pin(pin: str) -> GameInfo | None:
    """Return the live game with this PIN (a finished game has released its PIN)."""
    return _info(Game.pin == pin)


def by_id(game_id: int) -> GameInfo | None:
    return _info(Game.id == game_id)
