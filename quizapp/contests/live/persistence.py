"""Write what the engine decided into the database: inputs (batched), commands, snapshots.

Joins and answers are written in batches (group commit): a handler waits for the batch holding
its row to be committed before it acknowledges, so nothing acknowledged is lost (DESIGN
rule 5). Every input carries the game's sequence number, so a restart replays them in order.
"""

import dataclasses
import logging
import threading
import time

from sqlalchemy import Text, bindparam, insert, type_coerce, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from quizapp.contests.models import Answer, Game, GameCommand, Player
from quizapp.core.clock import utcnow
from quizapp.extensions import db

log = logging.getLogger(__name__)


class Ticket:
    """The promise that one row gets stored; `wait()` tells whether it was.

    The tickets of one batch share its event: thousands of answers a second would otherwise
    each build a lock and a condition just to be woken once.
    """

    __slots__ = ("model", "row", "stored", "_done")

    def __init__(self, model, row, done: threading.Event):
        self.model = model
        self.row = row
        self.stored = False
        self._done = done

    def wait(self, timeout: float = 10.0) -> bool:
        return self._done.wait(timeout) and self.stored


def player_row(game_id: int, seq: int, player, record) -> dict:
    """Return the row of a joined player; `record` is their school id, or a dict of what is
    known of their school and identity (school_id, school_source, roster_entry_id,
    group_members)."""
    known = record if isinstance(record, dict) else {"school_id": record}
    return {
        "game_id": game_id, "seq": seq, "player_key": player.player_id,
        "nickname": player.nickname, "school_id": known.get("school_id"),
        "school_name": player.school, "class_name": player.class_name,
        "school_source": known.get("school_source")
        or ("picked" if known.get("school_id") else "empty"),
        "roster_entry_id": known.get("roster_entry_id"),
        "group_members": known.get("group_members") or None,
        "joined_ms": player.joined_ms, "kicked": False,
    }


def release_connection() -> None:
    """End the transaction, if this request opened one, so its connection goes back to the
    pool before the handler waits for (or runs) a batch write.

    Hundreds of phones wait at once, and the batch writer needs a connection of its own (its
    own app context): handlers holding theirs while they wait would empty the pool and wait
    for each other until the pool's timeout. An answer opens none: creating a session only to
    commit it costs more than the answer itself.
    """
    if db.session.registry.has() and db.session().in_transaction():
        db.session.commit()


class BatchWriter:
    """Collect new players and accepted answers; insert them in one transaction per batch."""

    def __init__(self, app):
        self.app = app
        self._pending: list[Ticket] = []
        self._done = threading.Event()  # set when the pending batch has been written
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()

    def add_answer(self, game_id: int, seq: int, accepted, submitted: dict) -> Ticket:
        return self._add(Answer, {
            "game_id": game_id, "seq": seq, "player_key": accepted.player_id,
            "question_id": accepted.question_id, "received_ms": accepted.received_ms,
            "elapsed_ms": accepted.elapsed_ms, "submitted": submitted,
            "answer": accepted.answer, "correct": accepted.correct, "points": accepted.points,
        })

    def add_player(self, game_id: int, seq: int, player, record) -> Ticket:
        """Queue a joined player (see `player_row`)."""
        return self.add_player_row(player_row(game_id, seq, player, record))

    def add_player_row(self, row: dict) -> Ticket:
        """Queue a player's row made elsewhere (the owner of the game, see tally.py)."""
        return self._add(Player, row)

    def _add(self, model, row) -> Ticket:
        with self._lock:
            ticket = Ticket(model, row, self._done)
            self._pending.append(ticket)
        return ticket

    def flush_soon(self) -> int:
        """Store the pending rows now instead of at the next heartbeat; return how many.

        First every handler that is ready runs (a yield), so the joins of a hall arriving
        together still share one insert; then the batch is written. A joining phone waits
        for its row's commit, and the heartbeat (every 25 ms, later on a busy server) was most
        of that wait. Answers keep waiting for the heartbeat: they are five times as many, and
        bigger batches cost less CPU each.
        """
        time.sleep(0)  # with eventlet (monkey-patched): the other ready greenlets run first
        return self.flush() if self._pending else 0

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> int:
        """Store every pending row (players before answers); return how many were written."""
        with self._flush_lock:
            with self._lock:
                if not self._pending:
                    return 0
                batch, done = self._pending, self._done
                self._pending, self._done = [], threading.Event()
            try:
                self._store(batch)
            finally:
                done.set()  # wakes every waiting handler; each reads its own ticket.stored
            return len(batch)

    def _store(self, batch):
        with self.app.app_context():
            try:
                for model in (Player, Answer):
                    rows = [t.row for t in batch if t.model is model]
                    if rows:
                        # A Core insert of the table: the ORM's bulk insert costs a third
                        # more CPU per row, on the owner of a game, during every question.
                        db.session.execute(insert(model.__table__), rows)
                db.session.commit()
                for ticket in batch:
                    ticket.stored = True
            except IntegrityError:
                db.session.rollback()
                self._store_one_by_one(batch)
            except SQLAlchemyError:
                db.session.rollback()
                log.exception("storing %d rows failed", len(batch))

    def _store_one_by_one(self, batch):
        """Isolate rows already stored (a replay after a restart) from the rest."""
        for ticket in sorted(batch, key=lambda t: t.model is Answer):
            try:
                db.session.execute(insert(ticket.model.__table__), [ticket.row])
                db.session.commit()
                ticket.stored = True
            except IntegrityError:
                db.session.rollback()
                # Stored already if its unique key is there; any other refusal (a NOT NULL or
                # a foreign key) leaves it unstored, so it is not acknowledged.
                ticket.stored = _already_stored(ticket)
                if not ticket.stored:
                    log.exception("the database refused a %s row", ticket.model.__name__)
            except SQLAlchemyError:
                db.session.rollback()
                log.exception("storing a row failed")


UNIQUE_KEYS = {Player: ("game_id", "player_key"), Answer: ("game_id", "player_key", "question_id")}


def _already_stored(ticket) -> bool:
    key = {column: ticket.row[column] for column in UNIQUE_KEYS[ticket.model]}
    return db.session.query(ticket.model.id).filter_by(**key).first() is not None


def command_record(command) -> dict:
    return {"type": type(command).__name__, **dataclasses.asdict(command)}


def log_command(game_id: int, seq: int, at_ms: int, record: dict) -> None:
    """Keep a host command or timer tick that changed the game (replayed after a restart)."""
    db.session.execute(insert(GameCommand), [{"game_id": game_id, "seq": seq, "at_ms": at_ms,
                                              "command": record}])
    db.session.commit()


def update_player(game_id: int, player_key: str, **fields) -> None:
    Player.query.filter_by(game_id=game_id, player_key=player_key).update(fields)
    db.session.commit()


def mark_started(game_id: int) -> None:
    db.session.execute(update(Game).where(Game.id == game_id).values(
        status="running", started_at=utcnow()))
    db.session.commit()


def save_snapshot(game_id: int, snapshot: dict | str, seq: int, at_ms: int,
                  standings=None) -> None:
    """Keep the engine state of a game; with `standings` (a finished game), close it too.

    `snapshot`: the engine's dict, or its JSON text (`Game.snapshot_json`), which is stored
    as it is. An UPDATE rather than loading the row: the old snapshot need not be decoded to
    be replaced.
    """
    if isinstance(snapshot, str):
        snapshot = type_coerce(snapshot, Text)  # already JSON: not encoded a second time
    values = {"snapshot": snapshot, "snapshot_ms": at_ms, "snapshot_seq": seq}
    if standings is not None:
        values.update(status="finished", pin=None, ended_pin=Game.pin, finished_at=utcnow())
    db.session.execute(update(Game).where(Game.id == game_id).values(**values))
    if standings:
        statement = update(Player).where(
            Player.game_id == game_id, Player.player_key == bindparam("p_key")
        ).values(score=bindparam("p_score"), rank=bindparam("p_rank"),
                 kicked=bindparam("p_out"))
        db.session.connection().execute(statement, standings)
    db.session.commit()


def final_standings(engine) -> list[dict]:
    ranks = {p.player_id: rank for rank, p in enumerate(engine.standings(), start=1)}
    return [{"p_key": key, "p_score": p.score, "p_rank": ranks.get(key), "p_out": p.kicked}
            for key, p in engine.players.items()]
