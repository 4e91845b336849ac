"""Buzzer questions: the warm-up's common turn, a school quiz bowl, and the tie-break.

A quiz bowl adds interrupts (``buzz_while_reading``: a right one scores ``power``, the
question's first wrong one ``neg``) and bonuses: a right toss-up earns its seat
``bonus_parts`` questions that only it answers, drawn in order from the content's bonuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Mode, Turn, TurnKind


@dataclass(slots=True)
class BuzzerState(RoundState):
    q: int = 0  # questions asked
    seats: list[int] = field(default_factory=list)  # who plays (the tied leaders in a tie-break)
    done: bool = False  # a tie-break ends at its first right answer
    bonus_for: int | None = None  # the seat whose bonus is being played
    bonus_part: int = 0  # its parts asked
    bonuses_drawn: int = 0  # bonus questions used from the pool
    negged: list[int] = field(default_factory=list)  # seats negged on this toss-up


class BuzzerRound(RoundType):
    State = BuzzerState
    rs: BuzzerState

    def leaders(self) -> list[int]:
        standings = self.show.standings()
        return [s.seat for s in standings if s.score == standings[0].score]

    @property
    def tossups(self) -> list[Any]:
        return self.content["tossups"] if isinstance(self.content, Mapping) else self.content

    def skip_reason(self) -> str:
        if self.rules["only_if_tied"] and len(self.leaders()) < 2:
            return "no_tie"
        return ""

    def start(self) -> BuzzerState:
        seats = self.leaders() if self.rules["only_if_tied"] else self.all_seats
        return BuzzerState(seats=seats)

    def next_turn(self, now: int) -> Turn | None:
        rs = self.rs
        bonus = self._next_bonus()
        if bonus is not None:
            return bonus
        limit = len(self.tossups) if self.rules["only_if_tied"] else self.rules["questions"]
        if rs.done or rs.q >= limit:
            return None
        question = self.tossups[rs.q]
        rs.q += 1
        rs.negged = []
        return Turn(question.id, Mode.BUZZ, list(rs.seats), time_ms=self.time_ms(),
                    answer_ms=self.time_ms("answer_time_s"), number=rs.q, of=limit)

    def _next_bonus(self) -> Turn | None:
        """The next part of the bonus a right toss-up earned, if any is left."""
        rs, parts = self.rs, self.rules["bonus_parts"]
        seat = rs.bonus_for
        if seat is None or rs.bonus_part >= parts:
            rs.bonus_for, rs.bonus_part = None, 0
            return None
        question = self.content["bonuses"][rs.bonuses_drawn]
        rs.bonuses_drawn += 1
        rs.bonus_part += 1
        return Turn(question.id, Mode.ORAL, [seat], kind=TurnKind.BONUS, owner=seat,
                    time_ms=self.time_ms("bonus_time_s"), value=self.rules["bonus_points"],
                    number=rs.bonus_part, of=parts)

    def on_judged(self, seat: int, correct: bool, now: int) -> list[e.ShowEvent]:
        turn, rs = self.show.turn, self.rs
        assert turn is not None
        if turn.kind == TurnKind.BONUS:  # no bounce-back: a missed part is nobody's
            return self.show.award(seat, self.rules["bonus_points"], "bonus") if correct else []
        if correct:
            if self.rules["first_correct_ends"]:
                rs.done = True
            if self.rules["bonus_parts"]:
                rs.bonus_for, rs.bonus_part = seat, 0
            name = "power" if turn.interrupt else "correct"
        elif turn.interrupt and not rs.negged:
            rs.negged.append(seat)  # only the toss-up's first wrong interrupt
            name = "neg"
        else:
            name = "wrong"
        return self.show.award(seat, self.points(name), name, self.rules["floor_zero"])

    def rebound(self, turn: Turn) -> bool:
        return bool(self.rules["rebound"])
