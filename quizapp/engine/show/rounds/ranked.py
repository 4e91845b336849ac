"""Acceleration: everyone types; correct answers score by the order the server received them."""

from __future__ import annotations

from typing import Any

from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundType
from quizapp.engine.show.turn import new_turn


class RankedRound(RoundType):
    def start(self) -> dict[str, Any]:
        return {"q": 0}

    def next_turn(self, now: int) -> dict[str, Any] | None:
        if self.rs["q"] >= self.rules["questions"]:
            return None
        question = self.content[self.rs["q"]]
        self.rs["q"] += 1
        return new_turn(question.id, "typed", self.all_seats, time_ms=self.time_ms(),
                        number=self.rs["q"], of=self.rules["questions"])

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        """Rank the correct answers by receive time; equal times share the better points."""
        turn = self.show.turn
        assert turn is not None
        right = sorted((at, int(seat)) for seat, (_, at) in turn["typed"].items()
                       if turn["verdicts"].get(seat))
        table = self.rules["rank_points"]
        events: list[e.ShowEvent] = []
        for at, seat in right:
            rank = next(i for i, (other, _) in enumerate(right) if other == at)
            if rank < len(table):
                turn.setdefault("ranks", {})[str(seat)] = rank + 1
                events += self.show.award(seat, table[rank], "correct")
        return events
