"""Buzzer questions: the warm-up's common turn, a school quiz bowl, and the tie-break."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Mode, Turn


@dataclass(slots=True)
class BuzzerState(RoundState):
    q: int = 0  # questions asked
    seats: list[int] = field(default_factory=list)  # who plays (the tied leaders in a tie-break)
    done: bool = False  # a tie-break ends at its first right answer


class BuzzerRound(RoundType):
    State = BuzzerState
    rs: BuzzerState

    def leaders(self) -> list[int]:
        standings = self.show.standings()
        return [s.seat for s in standings if s.score == standings[0].score]

    def skip_reason(self) -> str:
        if self.rules["only_if_tied"] and len(self.leaders()) < 2:
            return "no_tie"
        return ""

    def start(self) -> BuzzerState:
        seats = self.leaders() if self.rules["only_if_tied"] else self.all_seats
        return BuzzerState(seats=seats)

    def next_turn(self, now: int) -> Turn | None:
        rs = self.rs
        limit = len(self.content) if self.rules["only_if_tied"] else self.rules["questions"]
        if rs.done or rs.q >= limit:
            return None
        question = self.content[rs.q]
        rs.q += 1
        return Turn(question.id, Mode.BUZZ, list(rs.seats), time_ms=self.time_ms(),
                    answer_ms=self.time_ms("answer_time_s"), number=rs.q, of=limit)

    def on_judged(self, seat: int, correct: bool, now: int) -> list[e.ShowEvent]:
        if correct and self.rules["first_correct_ends"]:
            self.rs.done = True
        points = self.points("correct" if correct else "wrong")
        return self.show.award(seat, points, "correct" if correct else "wrong",
                               self.rules["floor_zero"])

    def rebound(self, turn: Turn) -> bool:
        return bool(self.rules["rebound"])
