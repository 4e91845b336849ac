"""Acceleration: everyone types; correct answers score by the order the server received them."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Mode, Turn


@dataclass(slots=True)
class RankedState(RoundState):
    q: int = 0  # questions asked


class RankedRound(RoundType):
    State = RankedState
    rs: RankedState

    def next_turn(self, now: int) -> Turn | None:
        if self.rs.q >= self.rules["questions"]:
            return None
        question = self.content[self.rs.q]
        self.rs.q += 1
        return Turn(question.id, Mode.TYPED, self.all_seats, time_ms=self.time_ms(),
                    number=self.rs.q, of=self.rules["questions"])

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        """Rank the correct answers by receive time; equal times share the better points."""
        turn = self.show.turn
        assert turn is not None
        right = sorted((answer.at_ms, seat) for seat, answer in turn.typed.items()
                       if turn.verdicts.get(seat))
        table = self.rules["rank_points"]
        events: list[e.ShowEvent] = []
        for at, seat in right:
            rank = next(i for i, (other, _) in enumerate(right) if other == at)
            if rank < len(table):
                if turn.ranks is None:
                    turn.ranks = {}
                turn.ranks[seat] = rank + 1
                events += self.show.award(seat, table[rank], "correct")
        return events
