"""Write what the engine decided into the database: players, answers (batched), snapshots.

Answers are written in batches (group commit): a handler waits for the batch holding its answer
to be committed before it acknowledges, so nothing acknowledged is lost (DESIGN rule 5).
"""

import logging
import threading

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from quizapp.accounts.models import utcnow
from quizapp.contests.models import Answer, Game, Player
from quizapp.extensions import db

log = logging.getLogger(__name__)


class Ticket:
    """The promise that one answer gets stored; `wait()` tells whether it was."""

    def __init__(self, row):
        self.row = row
        self.stored = False
        self._done = threading.Event()

    def finish(self, stored: bool):
        self.stored = stored
        self._done.set()

    def wait(self, timeout: float = 10.0) -> bool:
        return self._done.wait(timeout) and self.stored


class AnswerWriter:
    """Collect accepted answers and insert them in one transaction per batch."""

    def __init__(self, app):
        self.app = app
        self._pending: list[Ticket] = []
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()

    def submit(self, game_id: int, accepted, submitted: dict) -> Ticket:
        ticket = Ticket({
            "game_id": game_id, "player_key": accepted.player_id,
            "question_id": accepted.question_id, "received_ms": accepted.received_ms,
            "elapsed_ms": accepted.elapsed_ms, "submitted": submitted,
            "answer": accepted.answer, "correct": accepted.correct, "points": accepted.points,
        })
        with self._lock:
            self._pending.append(ticket)
        return ticket

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> int:
        """Store every pending answer; return how many were written."""
        with self._flush_lock:
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return 0
            with self.app.app_context():
                try:
                    db.session.execute(insert(Answer), [t.row for t in batch])
                    db.session.commit()
                    for ticket in batch:
                        ticket.finish(True)
                except IntegrityError:
                    db.session.rollback()
                    self._store_one_by_one(batch)
                except SQLAlchemyError:
                    db.session.rollback()
                    log.exception("storing %d answers failed", len(batch))
                    for ticket in batch:
                        ticket.finish(False)
            return len(batch)

    def _store_one_by_one(self, batch):
        """Isolate rows already stored (a replay after a restart) from the rest."""
        for ticket in batch:
            try:
                db.session.execute(insert(Answer), [ticket.row])
                db.session.commit()
                ticket.finish(True)
            except IntegrityError:
                db.session.rollback()
                ticket.finish(True)  # the unique key says this answer is already stored
            except SQLAlchemyError:
                db.session.rollback()
                log.exception("storing an answer failed")
                ticket.finish(False)


def store_player(game_id: int, player_key: str, nickname: str, school_id: int | None,
                 school_name: str, class_name: str, joined_ms: int) -> None:
    db.session.add(Player(game_id=game_id, player_key=player_key, nickname=nickname,
                          school_id=school_id, school_name=school_name,
                          class_name=class_name, joined_ms=joined_ms))
    db.session.commit()


def update_player(game_id: int, player_key: str, **fields) -> None:
    Player.query.filter_by(game_id=game_id, player_key=player_key).update(fields)
    db.session.commit()


def save_snapshot(game_id: int, engine, at_ms: int) -> None:
    """Keep the engine state of a game (called at every phase change)."""
    fields = {"snapshot": engine.snapshot(), "snapshot_ms": at_ms}
    phase = engine.phase.value
    if phase == "finished":
        fields.update(status="finished", pin=None, finished_at=utcnow())
    elif phase != "lobby":
        fields["status"] = "running"
    game = db.session.get(Game, game_id)
    for name, value in fields.items():
        setattr(game, name, value)
    if game.started_at is None and phase != "lobby":
        game.started_at = utcnow()
    if phase == "finished":
        _store_final_standings(game, engine)
    db.session.commit()


def _store_final_standings(game: Game, engine) -> None:
    ranks = {p.player_id: rank for rank, p in enumerate(engine.standings(), start=1)}
    for player in game.players:
        state = engine.players.get(player.player_key)
        if state is not None:
            player.score = state.score
            player.rank = ranks.get(player.player_key)
            player.kicked = state.kicked
