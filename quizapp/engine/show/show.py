"""A gameshow: seats, scores and rounds, driven by commands at server times.

    show = Show.create(preset_dict, content_dict, contestants, seed=7)
    events = show.handle(StartRound(), now_ms)

Like ``Game``, ``handle`` either applies a command and returns events, or raises
``InvalidCommand`` and leaves the show exactly as it was. The rules of each round live in
``rounds/``; this module owns what every round shares: buzzers, typed answers, the judge's
decisions and their undo, timers, scores and the score log.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from quizapp.engine.errors import InvalidCommand, InvalidGame
from quizapp.engine.nicknames import clean_nickname
from quizapp.engine.show import commands as c
from quizapp.engine.show import events as e
from quizapp.engine.show.content import RESERVES, ShowQuestion, build_content, iter_questions
from quizapp.engine.show.preset import Preset, RoundRules, parse_preset
from quizapp.engine.show.rounds import ROUND_TYPES, RoundType
from quizapp.engine.show.rounds.base import RoundState
from quizapp.engine.show.rundown import RUNDOWN, build_rundown
from quizapp.engine.show.state import (
    GRAPHICS,
    Aired,
    Control,
    Correction,
    LogEntry,
    Moment,
    Seat,
    Stage,
)
from quizapp.engine.show.turn import (
    MAX_BUZZES_KEPT,
    ORDER_LETTERS,
    BuzzOutcome,
    Mode,
    Phase,
    Press,
    Turn,
    TypedAnswer,
)

__all__ = ["GRAPHICS", "BuzzOutcome", "Show", "Stage"]

SNAPSHOT_VERSION = 2
READABLE_SNAPSHOTS = (1, 2)  # version 1 kept whole snapshots (preset and content) per undo
MAX_TYPED = 100
MAX_REASON = 200
MAX_ADJUST = 10_000
MAX_UNDO = 20
MAX_ADD_S = 300


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Show:
    """The state of one show. Create with ``Show.create``; drive with ``handle``."""

    def __init__(self, raw_preset: Mapping[str, Any], raw_content: Mapping[str, Any],
                 seats: list[Seat], rng: random.Random) -> None:
        self.raw_preset = copy.deepcopy(dict(raw_preset))
        self.raw_content = copy.deepcopy(dict(raw_content))
        self.preset: Preset = parse_preset(self.raw_preset)
        self.content = build_content(self.preset, self.raw_content)
        self.questions: dict[int, ShowQuestion] = {q.id: q for q in iter_questions(self.content)}
        self.rundown = build_rundown(self.preset, self.raw_content.get(RUNDOWN), [])
        self.cue = 0  # the run-down item on now
        # The overlay's graphics the operator has on air (each shows when it has content).
        self.graphics: dict[str, bool] = dict.fromkeys(GRAPHICS, True)
        self.seats = seats
        self.rng = rng
        self.stage = Stage.LOBBY
        self.round_index = -1
        self.rs: RoundState | None = None  # the current round's own state
        self.turn: Turn | None = None
        self.clock_ms = 0
        self.log: list[LogEntry] = []  # every score change, with its reason
        self.undo: list[Moment] = []  # moments before each decision of this turn
        self.winners: list[int] = []
        # The question on air as it was shown, and the moment just before: re-ask and void
        # go back to it.
        self.aired: Aired | None = None
        self.corrections: list[Correction] = []  # re-asks, voids, undos after a reveal
        self.reserves_used: dict[str, int] = {}  # round key -> reserves put on air
        self.chair: int | None = None  # who fastest finger first seated for the ladder
        self._dispatch = self._handlers()

    # ----------------------------------------------------------------- creation
    @classmethod
    def create(cls, preset: Mapping[str, Any], content: Mapping[str, Any],
               contestants: Sequence[Mapping[str, Any]], seed: int = 0) -> Show:
        """Build a show in the lobby; raise PresetError/ContentError/InvalidGame when unplayable.

        ``contestants`` are ``{"name", "school"}`` dicts, one per seat of the preset.
        """
        parsed = parse_preset(preset)
        if len(contestants) != parsed.seats:
            raise InvalidGame("contestants_count", f"this preset needs {parsed.seats} contestants",
                              seats=parsed.seats)
        seats = []
        for number, person in enumerate(contestants, start=1):
            name = clean_nickname(person.get("name", "")) if isinstance(person, Mapping) else ""
            school = clean_nickname(person.get("school", "")) if isinstance(person, Mapping) else ""
            if not name or len(name) > 60 or len(school) > 100:
                raise InvalidGame("contestant_name",
                                  f"contestant {number}: a name of 1 to 60 characters", seat=number)
            seats.append(Seat(number, name, school))
        return cls(preset, content, seats, random.Random(seed))

    # ----------------------------------------------------------------- queries
    @property
    def rules(self) -> RoundRules | None:
        if 0 <= self.round_index < len(self.preset.rounds):
            return self.preset.rounds[self.round_index]
        return None

    @property
    def round(self) -> RoundType | None:
        rules = self.rules
        if rules is None or self.stage == Stage.FINISHED:
            return None
        return ROUND_TYPES[rules.type](self, rules, self.content[rules.key])

    @property
    def question(self) -> ShowQuestion | None:
        return self.questions[self.turn.qid] if self.turn else None

    @property
    def next_deadline_ms(self) -> int | None:
        return self.turn.deadline_ms if self.turn else None

    def seat(self, number: int) -> Seat:
        return self.seats[number - 1]

    def standings(self) -> list[Seat]:
        """Seats best first (equal scores keep seat order)."""
        return sorted(self.seats, key=lambda s: (-s.score, s.seat))

    # ----------------------------------------------------------------- handle
    def handle(self, command: c.ShowCommand, now_ms: int) -> list[e.ShowEvent]:
        """Apply a command at server time ``now_ms``; return events or raise InvalidCommand."""
        if not _int(now_ms) or now_ms < 0:
            raise InvalidCommand("invalid_time", "now_ms must be a non-negative integer")
        handler = self._dispatch.get(type(command))
        if handler is None:
            raise InvalidCommand("unknown_command", f"not a show command: {type(command).__name__}")
        if self.stage == Stage.FINISHED and not isinstance(command, c.Tick):
            raise InvalidCommand("show_finished", "the show is over")
        now = max(now_ms, self.clock_ms)
        if isinstance(command, c.Tick) and not self._due(now):
            return []  # the heartbeat's usual case: nothing to copy, nothing changes
        before, undo, aired = self._moment(control=True), self.undo, self.aired
        self.clock_ms = now  # the score log records when each change happened
        try:
            return handler(command, now)
        except InvalidCommand:
            self._load(before)  # a handler may fail half-way: nothing it did stays
            self.undo, self.aired = undo, aired  # both are replaced, never changed in place
            raise

    def _due(self, now: int) -> bool:
        due = self.next_deadline_ms
        return self.stage == Stage.PLAYING and due is not None and now >= due

    def _handlers(self) -> dict[type, Callable[[Any, int], list[e.ShowEvent]]]:
        return {
            c.StartRound: self._start_round, c.NextQuestion: self._next_question,
            c.StartTimer: self._start_timer, c.Reveal: self._reveal,
            c.PickRow: self._round_command, c.PickCentre: self._round_command,
            c.TakeKeyword: self._round_command,
            c.ChoosePack: self._round_command, c.PlaceStar: self._round_command,
            c.LockAnswer: self._round_command, c.UseLifeline: self._round_command,
            c.WalkAway: self._round_command, c.EndShow: self._end,
            c.Buzz: self._buzz, c.TypeAnswer: self._type_answer,
            c.SubmitOrder: self._submit_order,
            c.Judge: self._judge, c.Undo: self._undo, c.AdjustScore: self._adjust,
            c.Tick: self._tick, c.PauseClock: self._pause, c.ResumeClock: self._resume,
            c.AddTime: self._add_time, c.ReAsk: self._re_ask, c.VoidQuestion: self._void,
            c.Cue: self._cue, c.SetGraphic: self._set_graphic,
        }

    def _playing_round(self) -> RoundType:
        current = self.round
        if self.stage != Stage.PLAYING or current is None:
            raise InvalidCommand("wrong_phase", "no round is being played")
        return current

    def _turn(self, *phases: Phase) -> Turn:
        if self.turn is None or (phases and self.turn.phase not in phases):
            raise InvalidCommand("wrong_phase", f"needs a question in phase {' or '.join(phases)}")
        return self.turn

    def _check_seat(self, seat: Any) -> int:
        if not _int(seat) or not 1 <= seat <= len(self.seats):
            raise InvalidCommand("invalid_seat", f"seat must be 1 to {len(self.seats)}")
        return seat

    # ----------------------------------------------------------------- scores
    def award(self, seat: int, delta: int, reason: str, floor_zero: bool = False,
              note: str | None = None) -> list[e.ShowEvent]:
        """Change a seat's score (never below 0 with ``floor_zero``) and log why."""
        entry = self.seat(seat)
        if floor_zero and entry.score + delta < 0:
            delta = -entry.score
        if delta == 0 and reason not in ("correct", "manual"):
            return []
        entry.score += delta
        self.log.append(LogEntry(self.rules.key if self.rules else "", seat,
                                 self.turn.qid if self.turn else None, delta, entry.score,
                                 reason, self.clock_ms, note))
        return [e.ScoreChanged(seat, delta, entry.score, reason)]

    # ----------------------------------------------------------------- flow (MC)
    def _start_round(self, cmd: c.StartRound, now: int) -> list[e.ShowEvent]:
        if self.stage == Stage.PLAYING:
            self._check_turn_left()  # the producer may cut a round short between questions
        events: list[e.ShowEvent] = []
        while self.round_index + 1 < len(self.preset.rounds):
            self.round_index += 1
            self.turn, self.rs, self.undo, self.aired = None, None, [], None
            current = self.round
            assert current is not None
            skip = current.skip_reason()
            if skip:
                events.append(e.RoundSkipped(current.rules.key, skip))
                continue
            self.stage = Stage.PLAYING
            self.rs = current.start()
            return [*events, e.RoundStarted(current.rules.key)]
        return [*events, *self._finish()]

    def _next_question(self, cmd: c.NextQuestion, now: int) -> list[e.ShowEvent]:
        current = self._playing_round()
        self._check_turn_left()
        turn = current.next_turn(now)
        if turn is None:
            self.stage, self.turn, self.aired = Stage.ROUND_OVER, None, None
            return [e.RoundOver(current.rules.key)]
        return self.put_on_air(turn)

    def put_on_air(self, turn: Turn) -> list[e.ShowEvent]:
        """Make ``turn`` the current one (a new question starts a new undo history)."""
        before = self._moment(control=True, log=False)
        self.turn, self.undo = turn, []
        self.aired = Aired(before, turn.copy())
        return [e.QuestionShown(turn.qid)]

    def _check_turn_left(self) -> None:
        """A question must be revealed (or closed without anything to reveal) before the next."""
        turn = self.turn
        if turn is None or turn.phase == Phase.REVEALED:
            return
        if turn.phase == Phase.SETTLED and not turn.revealable:
            return
        raise InvalidCommand("question_in_play", "reveal the current question first")

    def _start_timer(self, cmd: c.StartTimer, now: int) -> list[e.ShowEvent]:
        current = self._playing_round()
        turn = self._turn(Phase.READING)
        if turn.call is not None:
            raise InvalidCommand("call_running", "start the clock once the call is over")
        return self.open_turn(turn, now, current.rules.audience)

    def open_turn(self, turn: Turn, now: int, audience: bool = False) -> list[e.ShowEvent]:
        turn.phase, turn.opened_ms = Phase.OPEN, now
        turn.deadline_ms = now + turn.time_ms if turn.time_ms else None
        return [e.TimerStarted(turn.qid, turn.deadline_ms, audience)]

    def _reveal(self, cmd: c.Reveal, now: int) -> list[e.ShowEvent]:
        current = self._playing_round()
        turn = self._turn(Phase.CLOSED, Phase.SETTLED)
        if not turn.revealable:
            raise InvalidCommand("not_revealable", "this answer stays hidden: the round goes on")
        if turn.phase == Phase.CLOSED and turn.mode not in (Mode.TYPED, Mode.ORDER):
            raise InvalidCommand("judge_first", "the judge has not decided yet")
        turn.phase, turn.deadline_ms = Phase.REVEALED, None
        events = current.on_reveal(now)
        return [*events, e.AnswerRevealed(turn.qid, current.rules.audience)]

    def _round_command(self, cmd: c.ShowCommand, now: int) -> list[e.ShowEvent]:
        return self._playing_round().handle(cmd, now)

    def _end(self, cmd: c.EndShow, now: int) -> list[e.ShowEvent]:
        return self._finish()

    def _finish(self) -> list[e.ShowEvent]:
        self.stage, self.turn, self.undo, self.aired = Stage.FINISHED, None, [], None
        top = self.standings()[0].score
        self.winners = [s.seat for s in self.seats if s.score == top]
        return [e.ShowFinished(tuple(self.winners))]

    # ----------------------------------------------------------------- contestants
    def _buzz(self, cmd: c.Buzz, now: int) -> list[e.ShowEvent]:
        """Judge a press by its receive time ``at_ms``, whatever order presses are applied in.

        The adapter stamps a press the moment it arrives and applies it under the show's lock
        later, so two presses may be applied out of order: the earlier stamp still wins while
        the judge has not decided on the later one.
        """
        seat = self._check_seat(cmd.seat)
        pressed = self._pressed_at(cmd.at_ms, now)
        current = self._playing_round()
        claimed = current.claim(seat, pressed)  # an obstacle keyword may be claimed at any time
        if claimed is not None:
            return claimed
        turn = self.turn
        if turn is None or turn.mode != Mode.BUZZ:
            raise InvalidCommand("buzzers_closed", "there is nothing to buzz for")
        if seat not in turn.seats:
            raise InvalidCommand("not_your_turn", "this seat does not play this question")
        if seat in turn.locked:
            raise InvalidCommand("locked_out", "this seat already answered this question")
        phase = turn.phase
        if phase not in (Phase.READING, Phase.OPEN, Phase.ANSWERING):
            raise InvalidCommand("buzzers_closed", "the buzzers are not open")
        self._check_running(turn)
        if pressed < turn.held.get(seat, -1):
            return self._refused_press(turn, seat, pressed, BuzzOutcome.HELD)
        settings = current.rules.settings
        early_ok = bool(settings.get("buzz_while_reading"))
        opened = turn.opened_ms
        if not early_ok and (phase == Phase.READING or (opened is not None and pressed < opened)):
            lockout = int(settings.get("early_lockout_ms", 0))
            if lockout:
                turn.held[seat] = pressed + lockout
            return self._refused_press(turn, seat, pressed, BuzzOutcome.EARLY)
        if pressed < (turn.reopened_ms or 0):  # pressed while another seat answered
            return self._refused_press(turn, seat, pressed, BuzzOutcome.LATE)
        if phase == Phase.ANSWERING:
            holder, won_at = turn.answering, turn.won_ms
            if won_at is None or pressed >= won_at or holder in turn.verdicts:
                return self._refused_press(turn, seat, pressed, BuzzOutcome.LATE)
            self._hand_back_floor(turn, holder, won_at, pressed)
        self._note_buzz(turn, seat, pressed, BuzzOutcome.WON)
        if phase != Phase.ANSWERING:  # an interrupt: the floor won before the reading ended
            turn.interrupt = phase == Phase.READING
        if turn.deadline_ms is not None and phase != Phase.ANSWERING:
            turn.remaining_ms = max(0, turn.deadline_ms - pressed)
        turn.phase, turn.answering, turn.won_ms = Phase.ANSWERING, seat, pressed
        turn.deadline_ms = pressed + turn.answer_ms if turn.answer_ms else None
        return [e.Buzzed(seat, pressed, BuzzOutcome.WON.value)]

    @staticmethod
    def _pressed_at(at_ms: Any, now: int) -> int:
        if at_ms is None:
            return now
        if not _int(at_ms) or not 0 <= at_ms <= now:
            raise InvalidCommand("invalid_time", "a press is stamped at or before the server time")
        return at_ms

    def _refused_press(self, turn: Turn, seat: int, pressed: int,
                       outcome: BuzzOutcome) -> list[e.ShowEvent]:
        self._note_buzz(turn, seat, pressed, outcome)
        return [e.Buzzed(seat, pressed, outcome.value)]

    @staticmethod
    def _hand_back_floor(turn: Turn, holder: int | None, won_at: int, pressed: int) -> None:
        """An earlier press arrived late at the lock: the seat that had the floor is 'late'."""
        turn.buzzes = [Press(p.seat, p.at_ms, BuzzOutcome.LATE)
                       if (p.seat, p.at_ms, p.outcome) == (holder, won_at, BuzzOutcome.WON)
                       else p for p in turn.buzzes]
        if turn.remaining_ms is not None:
            turn.remaining_ms += won_at - pressed

    @staticmethod
    def _note_buzz(turn: Turn, seat: int, at: int, outcome: BuzzOutcome) -> None:
        if len(turn.buzzes) < MAX_BUZZES_KEPT:
            turn.buzzes.append(Press(seat, at, outcome))
            turn.buzzes.sort(key=lambda press: press.at_ms)  # in the order they reached us

    def _answering_turn(self, seat: int, mode: Mode) -> Turn:
        """The open turn a seat's typed answer or order goes to, once per seat."""
        self._playing_round()
        turn = self.turn
        if turn is None or turn.mode != mode or turn.phase != Phase.OPEN:
            raise InvalidCommand("answers_closed", "answers are not open")
        if seat not in turn.seats:
            raise InvalidCommand("not_your_turn", "this seat does not play this question")
        if seat in turn.typed:
            raise InvalidCommand("already_answered", "one answer per question")
        self._check_running(turn)
        return turn

    def _type_answer(self, cmd: c.TypeAnswer, now: int) -> list[e.ShowEvent]:
        seat = self._check_seat(cmd.seat)
        turn = self._answering_turn(seat, Mode.TYPED)
        if not isinstance(cmd.text, str) or not cmd.text.strip() or len(cmd.text) > MAX_TYPED:
            raise InvalidCommand("invalid_answer", f"an answer is 1 to {MAX_TYPED} characters")
        turn.typed[seat] = TypedAnswer(clean_nickname(cmd.text)[:MAX_TYPED], now)
        return [e.AnswerTyped(seat, now)]

    def _submit_order(self, cmd: c.SubmitOrder, now: int) -> list[e.ShowEvent]:
        """Fastest finger first: keep a seat's order of the shown items, stamped ``now``."""
        seat = self._check_seat(cmd.seat)
        turn = self._answering_turn(seat, Mode.ORDER)
        order, count = cmd.order, len(turn.shown or ())
        if (not isinstance(order, list) or len(order) != count
                or any(not _int(i) for i in order) or sorted(order) != list(range(count))):
            raise InvalidCommand("invalid_answer", f"an order names each of the {count} items once")
        turn.typed[seat] = TypedAnswer(" ".join(ORDER_LETTERS[i] for i in order), now)
        turn.orders[seat] = list(order)
        return [e.AnswerTyped(seat, now)]

    # ----------------------------------------------------------------- judge
    def _judge(self, cmd: c.Judge, now: int) -> list[e.ShowEvent]:
        current = self._playing_round()
        if not isinstance(cmd.correct, bool):
            raise InvalidCommand("invalid_verdict", "correct must be true or false")
        turn = self._turn(Phase.OPEN, Phase.ANSWERING, Phase.CLOSED, Phase.SETTLED)
        if turn.mode == Mode.TYPED:
            seat = self._check_seat(cmd.seat)
            if turn.phase != Phase.CLOSED or seat not in turn.typed:
                raise InvalidCommand("nothing_to_judge", "typed answers are judged once time is up")
            turn.paused_left_ms = None  # a decision ends the stopped clock's question of time
            self._remember()
            turn.verdicts[seat] = cmd.correct
            return [e.Judged(seat, cmd.correct)]
        seat = turn.answering if turn.mode == Mode.BUZZ else turn.owner
        if seat is None or turn.phase == Phase.SETTLED or turn.mode == Mode.CHOICE or (
                turn.mode == Mode.BUZZ and turn.phase != Phase.ANSWERING):
            raise InvalidCommand("nothing_to_judge", "nobody has the floor")
        if cmd.seat is not None and cmd.seat != seat:
            raise InvalidCommand("not_your_turn", f"seat {seat} has the floor")
        turn.paused_left_ms = None
        self._remember()
        turn.verdicts[seat] = cmd.correct
        events: list[e.ShowEvent] = [e.Judged(seat, cmd.correct)]
        if turn.mode == Mode.BUZZ and not cmd.correct:
            events += current.on_judged(seat, False, now)  # the penalty, an elimination
            return events + self._after_wrong_buzz(turn, seat, now)
        turn.phase, turn.deadline_ms = Phase.SETTLED, None
        return events + current.on_judged(seat, cmd.correct, now)  # may open a steal

    def _after_wrong_buzz(self, turn: Turn, seat: int, now: int) -> list[e.ShowEvent]:
        turn.locked.append(seat)
        turn.answering = None
        left = [s for s in turn.seats if s not in turn.locked]
        remaining = turn.remaining_ms
        current = self._playing_round()
        if current.rebound(turn) and left and turn.opened_ms is None:
            # A wrong interrupt: the MC reads the question to the end for the others.
            turn.phase, turn.reopened_ms, turn.deadline_ms = Phase.READING, now, None
            return []
        if current.rebound(turn) and left and (remaining is None or remaining > 0):
            turn.phase, turn.reopened_ms = Phase.OPEN, now
            turn.deadline_ms = now + remaining if remaining is not None else None
            return []
        turn.phase, turn.deadline_ms = Phase.SETTLED, None
        return current.on_settled(now)

    def _undo(self, cmd: c.Undo, now: int) -> list[e.ShowEvent]:
        self._playing_round()
        if not self.undo:
            raise InvalidCommand("nothing_to_undo", "no decision to take back on this question")
        on_air = self.turn is not None and self.turn.phase == Phase.REVEALED
        if on_air and cmd.confirm is not True:
            raise InvalidCommand("confirm_correction",
                                 "the answer is on air: confirm to correct the decision")
        history, moment = self.undo[:-1], self.undo[-1]
        qid = self.turn.qid if self.turn else None
        self._load(moment)  # an undo moment holds no corrections, cue or graphics: they stay
        self.undo = history
        if on_air:
            self._correct("undo_after_reveal", qid, qid, now)
        return [e.Undone(qid, on_air)]

    # ----------------------------------------------------------------- show control (MC)
    def _check_running(self, turn: Turn) -> None:
        if turn.paused:
            raise InvalidCommand("clock_paused", "the clock is stopped")

    def _pause(self, cmd: c.PauseClock, now: int) -> list[e.ShowEvent]:
        self._playing_round()
        turn = self._turn()
        if turn.paused or turn.deadline_ms is None:
            raise InvalidCommand("no_clock", "no clock is running")
        as_of = now if cmd.as_of_ms is None else cmd.as_of_ms
        if not _int(as_of) or not 0 <= as_of <= now or cmd.reason not in ("mc", "recovery"):
            raise InvalidCommand("invalid_time", "a clock stops at or before the server time")
        left = max(0, turn.deadline_ms - as_of)
        turn.paused_left_ms, turn.paused_by, turn.deadline_ms = left, cmd.reason, None
        return [e.ClockPaused(turn.qid, left, cmd.reason)]

    def _resume(self, cmd: c.ResumeClock, now: int) -> list[e.ShowEvent]:
        self._playing_round()
        turn = self._turn()
        left = turn.paused_left_ms
        if left is None:
            raise InvalidCommand("not_paused", "the clock is not stopped")
        turn.paused_left_ms, turn.paused_by, turn.deadline_ms = None, None, now + left
        if turn.phase == Phase.OPEN and turn.opened_ms is not None:
            turn.reopened_ms = now  # presses held back during the stop are not early
        return [e.ClockResumed(turn.qid, turn.deadline_ms)]

    def _add_time(self, cmd: c.AddTime, now: int) -> list[e.ShowEvent]:
        self._playing_round()
        turn = self._turn()
        if not _int(cmd.seconds) or not 1 <= cmd.seconds <= MAX_ADD_S:
            raise InvalidCommand("invalid_time", f"add 1 to {MAX_ADD_S} seconds")
        added = cmd.seconds * 1000
        if turn.paused_left_ms is not None:
            turn.paused_left_ms += added
        elif turn.deadline_ms is not None:
            turn.deadline_ms += added
        else:
            raise InvalidCommand("no_clock", "no clock is running")
        return [e.TimeAdded(turn.qid, added)]

    def _re_ask(self, cmd: c.ReAsk, now: int) -> list[e.ShowEvent]:
        return self._replace_question(now, reserve=False)

    def _void(self, cmd: c.VoidQuestion, now: int) -> list[e.ShowEvent]:
        return self._replace_question(now, reserve=True)

    def _replace_question(self, now: int, reserve: bool) -> list[e.ShowEvent]:
        """Go back to just before the question was shown; show it (or a reserve) again.

        Points given since are taken back with an entry in the score log, so the log still
        tells what happened on air; keyword claims made meanwhile stay (they were presses).
        """
        current = self._playing_round()
        old_qid = self._turn().qid
        aired = self.aired
        if aired is None:
            raise InvalidCommand("wrong_phase", "no question to ask again")
        key = current.rules.key
        turn = aired.turn.copy()
        if reserve:
            pool = self.content.get(RESERVES, {}).get(key, [])
            used = self.reserves_used.get(key, 0)
            if used >= len(pool):
                raise InvalidCommand("no_reserve", "this round has no reserve question left")
            self.reserves_used[key] = used + 1
            turn.qid = pool[used].id
        scores = {s.seat: s.score for s in self.seats}
        claims = list(self.rs.claims) if current.rules.type == "obstacle" else None
        self._load(aired.state, control=False)  # the log stays: the takebacks are added to it
        self.undo = []
        if claims is not None:
            self.rs.claims = claims
        kind = "void" if reserve else "reask"
        events: list[e.ShowEvent] = []
        for seat in self.seats:
            delta = seat.score - scores[seat.seat]
            if delta:
                self.log.append(LogEntry(key, seat.seat, old_qid, delta, seat.score, kind, now))
                events.append(e.ScoreChanged(seat.seat, delta, seat.score, kind))
        self.turn, self.aired = turn, Aired(aired.state, turn.copy())
        self._correct(kind, old_qid, turn.qid, now)
        return [*events, e.QuestionReplaced(old_qid, turn.qid, kind)]

    def _cue(self, cmd: c.Cue, now: int) -> list[e.ShowEvent]:
        if not _int(cmd.index) or not 0 <= cmd.index < len(self.rundown):
            raise InvalidCommand("invalid_cue", f"a cue is 0 to {len(self.rundown) - 1}")
        self.cue = cmd.index
        return [e.CueChanged(cmd.index)]

    def _set_graphic(self, cmd: c.SetGraphic, now: int) -> list[e.ShowEvent]:
        if cmd.name not in GRAPHICS or not isinstance(cmd.on, bool):
            raise InvalidCommand("invalid_graphic", f"a graphic is one of {', '.join(GRAPHICS)}")
        self.graphics[cmd.name] = cmd.on
        return [e.GraphicSwitched(cmd.name, cmd.on)]

    def _correct(self, kind: str, qid: int | None, replacement: int | None, now: int) -> None:
        self.corrections.append(Correction(kind, self.rules.key if self.rules else "", qid,
                                           replacement, now))

    def _adjust(self, cmd: c.AdjustScore, now: int) -> list[e.ShowEvent]:
        seat = self._check_seat(cmd.seat)
        if not _int(cmd.delta) or cmd.delta == 0 or abs(cmd.delta) > MAX_ADJUST:
            raise InvalidCommand("invalid_delta", f"a change is 1 to {MAX_ADJUST} points, + or -")
        reason = cmd.reason.strip() if isinstance(cmd.reason, str) else ""
        if not reason or len(reason) > MAX_REASON:
            raise InvalidCommand("reason_required",
                                 f"give a reason of 1 to {MAX_REASON} characters")
        if self.stage == Stage.LOBBY:
            raise InvalidCommand("wrong_phase", "the show has not started")
        self._remember()
        return self.award(seat, cmd.delta, "manual", note=reason)

    # ----------------------------------------------------------------- time
    def _tick(self, cmd: c.Tick, now: int) -> list[e.ShowEvent]:
        turn = self.turn
        due = self.next_deadline_ms
        if turn is None or due is None or now < due or self.stage != Stage.PLAYING:
            return []
        turn.deadline_ms = None
        current = self._playing_round()
        ended = current.on_deadline(now)  # a round's own clock (a lifeline call)
        if ended is not None:
            return ended
        events: list[e.ShowEvent] = [e.TimeUp(turn.qid)]
        if turn.phase == Phase.ANSWERING:
            return events  # the contestant's answer time is up: the judge decides
        if turn.mode in (Mode.ORAL, Mode.TYPED, Mode.ORDER):
            turn.phase = Phase.CLOSED
            if turn.mode == Mode.TYPED:
                question = self.questions[turn.qid]
                for seat, answer in turn.typed.items():
                    turn.verdicts[seat] = turn.matched[seat] = question.matches(answer.text)
            if turn.mode == Mode.ORDER and turn.shown is not None:
                shown = turn.shown  # right: the shown items, in the seat's order, are in order
                for seat, order in turn.orders.items():
                    turn.verdicts[seat] = [shown[i] for i in order] == sorted(order)
            return events
        turn.phase = Phase.SETTLED
        return events + current.on_settled(now)

    # ----------------------------------------------------------------- snapshots
    def _moment(self, control: bool = False, log: bool = True) -> Moment:
        """Copy what commands change (the preset and content never change after creation).

        The score log only grows, so its length is enough to take it back (``log=False``:
        leave the log as it will be). ``control``: the MC's and operator's settings too.
        """
        return Moment(
            seats=[Seat(s.seat, s.name, s.school, s.score) for s in self.seats],
            stage=self.stage, round_index=self.round_index,
            rs=self.rs.copy() if self.rs is not None else None,
            turn=self.turn.copy() if self.turn is not None else None,
            clock_ms=self.clock_ms, winners=list(self.winners), rng=self.rng.getstate(),
            log_len=len(self.log) if log else None,
            control=Control(list(self.corrections), dict(self.reserves_used), self.cue,
                            dict(self.graphics)) if control else None, chair=self.chair)

    def _load(self, moment: Moment, control: bool = True) -> None:
        """Go back to ``moment`` (copying it: undo and aired moments may be loaded again)."""
        self.seats = [Seat(s.seat, s.name, s.school, s.score) for s in moment.seats]
        self.stage, self.round_index, self.clock_ms = moment.stage, moment.round_index, \
            moment.clock_ms
        self.rs = moment.rs.copy() if moment.rs is not None else None
        self.turn = moment.turn.copy() if moment.turn is not None else None
        if moment.log is not None:  # an undo entry of a version 1 snapshot
            self.log = list(moment.log)
        elif moment.log_len is not None:
            del self.log[moment.log_len:]
        self.winners = list(moment.winners)
        self.chair = moment.chair
        if control and moment.control is not None:
            self._set_control(moment.control)
        self.rng.setstate(moment.rng)

    def _set_control(self, control: Control) -> None:
        kept = control.copy()
        self.corrections, self.reserves_used = kept.corrections, kept.reserves_used
        self.cue, self.graphics = kept.cue, kept.graphics

    def _remember(self) -> None:
        """Keep the moment before a decision of this question, for the judge's undo.

        An undo takes back a decision, never a correction, a cue or a graphic.
        """
        self.undo = [*self.undo[-(MAX_UNDO - 1):], self._moment()]

    def _read_rs(self, round_index: int, data: dict[str, Any]) -> RoundState:
        return ROUND_TYPES[self.preset.rounds[round_index].type].State.from_plain(data)

    def snapshot(self, rules: bool = True) -> dict[str, Any]:
        """Return the whole state as plain JSON types (including the RNG state).

        ``rules=False`` leaves out the preset and the content, which never change: the
        adapter stores them once and passes them back to ``restore`` (``rules_from``).
        """
        data = {"version": SNAPSHOT_VERSION, **self._moment(control=True, log=False).plain(),
                "log": [entry.plain() for entry in self.log],
                "undo": [moment.plain() for moment in self.undo],
                "aired": self.aired.plain() if self.aired else None}
        if rules:
            data.update(preset=self.raw_preset, content=self.raw_content)
        return json.loads(json.dumps(data))  # a deep copy, much faster than copy.deepcopy

    @classmethod
    def restore(cls, data: Mapping[str, Any],
                rules_from: Mapping[str, Any] | None = None) -> Show:
        """Rebuild a show from ``snapshot()`` (its preset and content from ``rules_from``)."""
        if not isinstance(data, Mapping) or data.get("version") not in READABLE_SNAPSHOTS:
            raise InvalidGame("invalid_snapshot", "not a show snapshot of this version")
        source = data if "preset" in data else rules_from
        if not isinstance(source, Mapping) or "preset" not in source:
            raise InvalidGame("invalid_snapshot", "the snapshot needs its preset and content")
        show = cls(source["preset"], source["content"], [], random.Random())
        read = show._read_rs
        show._load(Moment.from_plain(data, read, control=True))
        show.undo = [Moment.from_plain(entry, read) for entry in data["undo"]]
        aired = data.get("aired")
        show.aired = Aired.from_plain(aired, read) if aired else None
        return show
