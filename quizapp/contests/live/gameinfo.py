"""What any worker may know about a game without owning it: read from the database."""

import threading
import time
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


class PinCache:
    """The games this worker was recently asked about by PIN, kept for `ttl_s` seconds.

    A hall joining at once asks for the same PIN a thousand times a minute; each join then
    costs its one batched insert and no query. What this may miss: a game that finished on
    another worker within `ttl_s` (its owner refuses the join, `game_finished`), and a change
    of the contest's options within `ttl_s` (the running game keeps the options it was loaded
    with anyway). A game finishing here is dropped at once (`forget`).
    """

    def __init__(self, ttl_s: float = 2.0):
        self.ttl_s = ttl_s
        self._games: dict[str, tuple[GameInfo, float]] = {}
        self._lock = threading.Lock()

    def by_pin(self, pin: str) -> GameInfo | None:
        now = time.monotonic()
        known = self._games.get(pin)
        if known is not None and known[1] > now:
            return known[0]
        game = by_pin(pin)
        with self._lock:
            if game is None or game.finished:
                self._games.pop(pin, None)  # unknown PINs are not kept: guesses would fill it
            else:
                if len(self._games) > 10_000:
                    self._games.clear()
                self._games[pin] = (game, now + self.ttl_s)
        return game

    def forget(self, pin: str | None) -> None:
        if pin is not None:
            self._games.pop(pin, None)
