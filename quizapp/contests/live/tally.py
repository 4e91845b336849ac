"""Answers counted where they arrive: several workers on PostgreSQL (docs/scale.md, step 2).

The owner of a game stays the only authority on its phases and time. It announces each
question's clock to every worker (`announce`: the question, when it opened, its paused and
added time, its deadline, the kicked players). A worker that receives an answer for a game it
does not own checks it against that clock by the engine's own rule (`check_answer_time`),
scores it with the engine's own rule (`score_answer`, with the player's streak, which the
worker learnt from the reveal rows of the phones it holds or from the owner on join and
resume), stores it and acknowledges it once stored. It then sends the owner the stored rows
(a tally); the owner counts them with the engine's `AcceptScored`.

The fence: each question has an `answer_seal` row. A worker's batch takes that row
`FOR SHARE` and refuses (`too_late`) every answer of a sealed question; before it reveals,
the owner seals the row (`UPDATE`, which waits for the batches holding it) and then reads the
question's stored answers, so whatever was acknowledged is counted even if its tally never
came (a worker killed after its commit) or comes late (a slow worker). Anything the worker
lacks (no clock yet, the player's streak unknown, another question) goes to the owner as
before. Rows scored by a worker carry no number in the owner's input order (`seq` =
SCORED_ELSEWHERE); the owner logs each `AcceptScored` with the players it carried, and a
restart replays those from the stored rows at the same place.
"""

import json
import logging
import time
import uuid

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from quizapp.contests.live import persistence
from quizapp.contests.models import Answer, AnswerSeal
from quizapp.engine import (
    AcceptScored,
    ChoicesRemoved,
    GameStarted,
    InvalidCommand,
    PlayerKicked,
    QuestionOpened,
    QuestionPreviewed,
    ScoredAnswer,
    check_answer_time,
    check_choices,
    score_answer,
)
from quizapp.engine.options import GameOptions
from quizapp.engine.phases import Phase
from quizapp.engine.questions import grade
from quizapp.engine.snapshot import played_question
from quizapp.extensions import db
from quizapp.live import dispatch
from quizapp.live.handlers import Refused
from quizapp.live.manager import BUILDERS, register_builder

log = logging.getLogger(__name__)
SCORED_ELSEWHERE = 0  # Answer.seq of a row scored by the worker that received it
CLOCK_BUILDER = "clock"
ROW_FIELDS = ("player_key", "question_id", "received_ms", "elapsed_ms", "submitted", "answer",
              "correct", "points")
MISSING_AT_ONCE = 1000  # stored rows read per query by the owner (IN list)


def enabled(app) -> bool:
    """Workers count answers where they arrive with a message queue on PostgreSQL (the
    fence is a row lock); one process, or SQLite, keeps every answer on the owner."""
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or ""
    return bool(app.config.get("MESSAGE_QUEUE")) and uri.startswith("postgresql")


def applied_count(engine) -> int:
    """How many questions' scores were applied: streaks change only then."""
    return sum(1 for run in engine.runs if run.applied)


# ---------------------------------------------------------------------------- worker side
class Clock:
    """One game's current question as its owner announced it."""

    __slots__ = ("question_id", "index", "question", "options", "phase", "paused", "opened_ms",
                 "paused_ms", "limit_ms", "deadline_ms", "kicked", "applied", "removed")


class Known:
    """What this process knows of the games whose phones it holds (one per process)."""

    def __init__(self):
        self.clocks: dict[int, Clock] = {}
        # game -> player -> (streak, the number of questions applied it is for)
        self.streaks: dict[int, dict[str, tuple[int, int]]] = {}
        self._questions: dict[tuple[int, int], object] = {}  # (game, index) -> PlayQuestion

    def on_clock(self, data: dict) -> None:
        game = data["game"]
        if data.get("phase") == "finished":
            self.clocks.pop(game, None)
            self.streaks.pop(game, None)
            for key in [key for key in self._questions if key[0] == game]:
                del self._questions[key]
            return
        clock = Clock()
        key = (game, data["index"])
        question = self._questions.get(key)
        if question is None:
            question = played_question(data["raw"], data["index"], data["display"])
            self._questions[key] = question
        clock.question_id, clock.index, clock.question = data["question"], data["index"], question
        clock.options = GameOptions.from_dict(data["options"])
        clock.phase, clock.paused = Phase(data["phase"]), data["paused"]
        clock.opened_ms, clock.paused_ms = data["opened_ms"], data["paused_ms"]
        clock.limit_ms, clock.deadline_ms = data["limit_ms"], data["deadline_ms"]
        clock.kicked, clock.applied = frozenset(data["kicked"]), data["applied"]
        clock.removed = data.get("removed") or []
        self.clocks[game] = clock

    def on_rows(self, data: dict) -> None:
        """Keep the streaks of a reveal's rows (rows of this process's phones)."""
        clock = self.clocks.get(data["game"])
        if clock is None:
            return
        mine = self.streaks.setdefault(data["game"], {})
        for key, row in data["rows"].items():
            mine[key] = (row[4], clock.applied)

    def held(self, game_id: int, player_key: str, streak) -> None:
        """Keep the streak the owner gave with a join or a resume: [streak, applied]."""
        if isinstance(streak, list) and len(streak) == 2:
            self.streaks.setdefault(game_id, {})[player_key] = (streak[0], streak[1])

    def score(self, game_id: int, player_key: str, question_id: int, fields: dict,
              now: int) -> dict | None:
        """Return the answer's row, scored here; None when the owner must decide.

        Raises the engine's InvalidCommand for an answer the engine would refuse.
        """
        clock = self.clocks.get(game_id)
        if clock is None or clock.question_id != question_id:
            return None
        known = self.streaks.get(game_id, {}).get(player_key)
        if known is None or known[1] != clock.applied:
            return None
        if player_key in clock.kicked:
            raise InvalidCommand("not_in_game", "the player was removed from the game")
        check_answer_time(clock.index, clock.index, clock.phase, clock.paused,
                          clock.deadline_ms, now)
        graded = grade(clock.question, fields.get("choices"), fields.get("text"),
                       fields.get("order"))
        check_choices(clock.question, graded.displayed, clock.removed)
        elapsed = now - clock.opened_ms - clock.paused_ms
        points, _, _ = score_answer(clock.question, clock.options, graded.fraction,
                                    graded.correct, elapsed, clock.limit_ms, known[0])
        return {"game_id": game_id, "seq": SCORED_ELSEWHERE, "player_key": player_key,
                "question_id": question_id, "received_ms": now, "elapsed_ms": elapsed,
                "submitted": fields, "answer": graded.answer, "correct": graded.correct,
                "points": points}


KNOWN = Known()


def _build_clock(data: dict, rooms_here: dict) -> dict:
    KNOWN.on_clock(data)
    return {}


def _wrap_me_builder():
    build = BUILDERS[dispatch.ME_BUILDER]

    def build_and_keep_streaks(data: dict, rooms_here: dict) -> dict:
        KNOWN.on_rows(data)
        return build(data, rooms_here)

    register_builder(dispatch.ME_BUILDER, build_and_keep_streaks)


register_builder(CLOCK_BUILDER, _build_clock)
_wrap_me_builder()


class SealedTicket(persistence.Ticket):
    __slots__ = ("refused",)

    def __init__(self, model, row, done):
        super().__init__(model, row, done)
        self.refused = None


class SealedWriter(persistence.BatchWriter):
    """The batch writer of the answers this worker scored: fenced by each question's seal."""

    def __init__(self, app, tallies):
        super().__init__(app)
        self.tallies = tallies

    def add_scored(self, row: dict) -> SealedTicket:
        with self._lock:
            ticket = SealedTicket(Answer, row, self._done)
            self._pending.append(ticket)
        return ticket

    def _store(self, batch):
        with self.app.app_context():
            try:
                kept = self._fenced(batch)
                if kept:
                    db.session.execute(insert(Answer.__table__), [t.row for t in kept])
                db.session.commit()
                for ticket in kept:
                    ticket.stored = True
            except IntegrityError:  # another answer of the player is stored already
                db.session.rollback()
                for ticket in batch:
                    ticket.refused = None
                self._store_each(batch)
            except SQLAlchemyError:
                db.session.rollback()
                log.exception("storing %d scored answers failed", len(batch))
        self.tallies.report([t.row for t in batch if t.stored])

    def _fenced(self, batch) -> list:
        """Lock the seals of the batch's questions; refuse the answers of sealed ones."""
        pairs = {(t.row["game_id"], t.row["question_id"]) for t in batch}
        rows = db.session.execute(
            select(AnswerSeal.game_id, AnswerSeal.question_id, AnswerSeal.sealed)
            .where(tuple_(AnswerSeal.game_id, AnswerSeal.question_id).in_(sorted(pairs)))
            .order_by(AnswerSeal.game_id, AnswerSeal.question_id)
            .with_for_update(read=True)).all()
        open_pairs = {(row.game_id, row.question_id) for row in rows if not row.sealed}
        kept = []
        for ticket in batch:
            if (ticket.row["game_id"], ticket.row["question_id"]) in open_pairs:
                kept.append(ticket)
            else:
                ticket.refused = "too_late"
        return kept

    def _store_each(self, batch):
        for ticket in batch:
            try:
                if self._fenced([ticket]):
                    db.session.execute(insert(Answer.__table__), [ticket.row])
                    db.session.commit()
                    ticket.stored = True
                else:
                    db.session.rollback()
            except IntegrityError:
                db.session.rollback()
                ticket.refused = "already_answered"
            except SQLAlchemyError:
                db.session.rollback()
                log.exception("storing a scored answer failed")


class Tallies:
    """This process's part: score and store answers here, count the tallies it owns."""

    def __init__(self, registry):
        self.registry = registry
        self.known = KNOWN
        self.writer = SealedWriter(registry.app, self)

    # ------------------------------------------------------------------ a worker
    def answer(self, game_id: int, player_key: str, question_id: int, fields: dict):
        """Count an answer here; return the ack's result, or None to ask the owner."""
        row = self.known.score(game_id, player_key, question_id, fields,
                               self.registry.clock())
        if row is None:
            return None
        ticket = self.writer.add_scored(row)
        if not self.registry.batch_answers:
            self.writer.flush()
        if not ticket.wait():
            if ticket.refused:
                raise InvalidCommand(ticket.refused, "refused when stored")
            raise Refused("storage_failed")
        return {"received_ms": row["received_ms"]}

    def store_player(self, row: dict) -> None:
        """Store a player the game's owner admitted; raise Refused if the row was not stored.

        Joins where they arrive: the owner decides (the nickname, the player's number in
        its input order) and this worker, which holds the phone, writes the row in its own
        batches before the phone is told it joined. If it never does (the worker died, the
        database refused), the phone was never told, and the owner's player has no row: a
        restarted owner rebuilds the game without them.
        """
        writer = self.registry.writer
        ticket = writer.add_player_row(row)
        persistence.release_connection()  # before flushing: the flush takes its own
        writer.flush_soon()
        if not ticket.wait():
            raise Refused("storage_failed")

    def report(self, rows: list[dict]) -> None:
        """Send each game's owner the rows just stored (one message per game)."""
        cluster = self.registry.cluster
        if not rows or cluster is None:
            return
        by_game: dict[int, list] = {}
        for row in rows:
            by_game.setdefault(row["game_id"], []).append([row[f] for f in ROW_FIELDS])
        for game_id, tally in by_game.items():
            try:
                owner = cluster.owner_of(game_id)
            except Exception:  # the reveal reads the stored rows: a lost tally costs nothing
                log.warning("no tally sent for game %s (Redis unreachable)", game_id)
                continue
            if owner:
                cluster.push_tally(owner, game_id, tally)

    # ------------------------------------------------------------------ the owner
    def announce(self, live, events) -> None:
        """Before the phones hear of it, tell every worker the question's clock.

        Never raises: the phones must hear of the events whatever happens here. A worker
        whose clock is not the current question's sends its answers to the owner.
        """
        try:
            if any(isinstance(event, GameStarted) for event in events):
                self._seal_rows(live, [q.id for q in live.engine.questions])
            elif any(isinstance(event, (QuestionPreviewed, QuestionOpened)) for event in events):
                run = live.engine.run
                if run is not None and run.question_id not in live.seal_rows:
                    self._seal_rows(live, [run.question_id])
        except SQLAlchemyError:  # no seal row: no clock, the answers go to the owner
            db.session.rollback()
            log.exception("game %s: cannot create its answer seals", live.id)
            return
        if any(isinstance(event, dispatch.PLAYER_STATE_EVENTS + (PlayerKicked, ChoicesRemoved))
               for event in events):
            try:
                self.send_clock(live)
            except Exception:  # a worker without this clock sends its answers to the owner
                log.exception("game %s: cannot announce its clock", live.id)

    def _seal_rows(self, live, question_ids) -> None:
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        db.session.execute(pg_insert(AnswerSeal).values(
            [{"game_id": live.id, "question_id": q, "sealed": False} for q in question_ids]
        ).on_conflict_do_nothing())
        db.session.commit()
        live.seal_rows.update(question_ids)

    def send_clock(self, live) -> None:
        engine = live.engine
        data = {"game": live.id, "phase": engine.phase.value}
        run = engine.run
        if run is not None:
            index = engine.index
            data.update(
                question=run.question_id, index=index, raw=engine.raw_questions[index],
                display=list(engine.questions[index].display),
                options=engine.options.to_dict(), paused=engine.paused,
                opened_ms=run.opened_ms, paused_ms=run.paused_ms,
                limit_ms=engine.limit_ms(index), deadline_ms=engine.deadline_ms,
                kicked=[k for k, p in engine.players.items() if p.kicked],
                applied=applied_count(engine), removed=list(run.removed))
        elif engine.phase is not Phase.FINISHED:
            return
        dispatch.send_worker_clock(CLOCK_BUILDER, data)

    def reveals(self, live, command) -> bool:
        """Whether `command` may reveal the current question (the reveal reads its rows)."""
        from quizapp.engine import End, Next

        phase = live.engine.phase
        return (isinstance(command, Next) and phase is Phase.CLOSED) or (
            isinstance(command, End) and phase in (Phase.OPEN, Phase.CLOSED))

    def merge_stored(self, live, seal: bool = False, players=None) -> None:
        """Count the current question's stored rows the game lacks; seal it first before a
        reveal (no batch stores an answer of it after that)."""
        engine = live.engine
        run = engine.run
        if run is None or run.applied or engine.phase not in (Phase.OPEN, Phase.CLOSED):
            return
        question_id = run.question_id
        if seal:
            seal_question(live.id, question_id)
        which = (Answer.game_id == live.id, Answer.question_id == question_id,
                 Answer.seq == SCORED_ELSEWHERE)
        if players is None:
            stored = db.session.execute(select(Answer.player_key).where(*which)).scalars()
            players = [key for key in stored if key not in run.answers]
        rows = []
        for start in range(0, len(players), MISSING_AT_ONCE):
            rows += db.session.execute(select(*(getattr(Answer, f) for f in ROW_FIELDS)).where(
                *which, Answer.player_key.in_(players[start:start + MISSING_AT_ONCE]))).all()
        db.session.commit()
        if rows:
            self.accept(live, [list(row) for row in rows])

    def accept(self, live, rows: list) -> None:
        """Count a tally's rows (each as ROW_FIELDS) in the game."""
        answers = tuple(ScoredAnswer(*row) for row in rows)
        try:
            self.registry.run(live, AcceptScored(answers))
        except InvalidCommand:
            pass  # the game is over: nothing left to count


def seal_question(game_id: int, question_id: int) -> None:
    """Seal a question: wait for the batches storing its answers, refuse any later one."""
    db.session.execute(update(AnswerSeal).where(
        AnswerSeal.game_id == game_id, AnswerSeal.question_id == question_id
    ).values(sealed=True))
    db.session.commit()


def accept_record(command: AcceptScored) -> dict:
    """How the owner logs an AcceptScored: the players it carried (the rows are stored)."""
    answers = command.answers
    return {"type": "AcceptStored", "question_id": answers[0].question_id if answers else None,
            "players": [a.player_id for a in answers]}


def stored_answers(game_id: int, question_id: int, players) -> AcceptScored:
    """The AcceptScored an `accept_record` stands for, from the stored rows (a restart)."""
    rows = db.session.execute(select(*(getattr(Answer, f) for f in ROW_FIELDS)).where(
        Answer.game_id == game_id, Answer.question_id == question_id,
        Answer.seq == SCORED_ELSEWHERE, Answer.player_key.in_(list(players)))).all()
    order = {key: n for n, key in enumerate(players)}
    rows.sort(key=lambda row: order.get(row[0], 0))
    return AcceptScored(tuple(ScoredAnswer(*row) for row in rows))


def tally_message(worker_id: str, game_id: int, rows: list) -> str:
    return json.dumps({"id": uuid.uuid4().hex, "reply_to": worker_id, "game_id": game_id,
                       "operation": "tally", "args": {"rows": rows}, "at": time.time()},
                      separators=(",", ":"))
