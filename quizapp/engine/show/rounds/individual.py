"""Warm-up, individual turn: each contestant answers their own questions aloud."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Mode, Turn


@dataclass(slots=True)
class IndividualState(RoundState):
    seat_pos: int = 0  # whose questions, by position among the seats
    q: int = 0  # questions this seat has had


class IndividualRound(RoundType):
    State = IndividualState
    rs: IndividualState

    def next_turn(self, now: int) -> Turn | None:
        rs, per = self.rs, self.rules["questions_per_seat"]
        if rs.q >= per:
            rs.seat_pos, rs.q = rs.seat_pos + 1, 0
        if rs.seat_pos >= len(self.all_seats):
            return None
        seat = self.all_seats[rs.seat_pos]
        question = self.content[str(seat)][rs.q]
        rs.q += 1
        return Turn(question.id, Mode.ORAL, [seat], owner=seat, time_ms=self.time_ms(),
                    number=rs.q, of=per)

    def on_judged(self, seat: int, correct: bool, now: int) -> list[e.ShowEvent]:
        points = self.points("correct" if correct else "wrong")
        return self.show.award(seat, points, "correct" if correct else "wrong",
                               self.rules["floor_zero"])
