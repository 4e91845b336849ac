"""Fastest finger first: every seat puts the shown items in order; the fastest right order
takes the chair for the next ladder round.

Nobody right: the next question is played by the same seats. The fastest time shared to the
millisecond: the next question is played by the tied seats only. No question left: no chair,
and the ladder is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Mode, Turn


@dataclass(slots=True)
class FastestFingerState(RoundState):
    q: int = 0  # questions asked
    winner: int | None = None  # the seat that took the chair
    replay: list[int] = field(default_factory=list)  # who plays the next question (tied seats)


class FastestFingerRound(RoundType):
    State = FastestFingerState
    rs: FastestFingerState

    def start(self) -> FastestFingerState:
        self.show.chair = None
        return FastestFingerState()

    def next_turn(self, now: int) -> Turn | None:
        rs = self.rs
        if rs.winner is not None or rs.q >= len(self.content):
            return None
        question = self.content[rs.q]
        rs.q += 1
        shown = list(range(len(question.choices)))
        while shown == sorted(shown):  # never shown already in order
            self.show.rng.shuffle(shown)
        return Turn(question.id, Mode.ORDER, list(rs.replay or self.all_seats),
                    time_ms=self.time_ms(), number=rs.q, of=len(self.content), shown=shown)

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        """Rank the right orders by receive time; a unique fastest one takes the chair."""
        turn, rs = self.show.turn, self.rs
        assert turn is not None
        right = sorted((answer.at_ms, seat) for seat, answer in turn.typed.items()
                       if turn.verdicts.get(seat))
        turn.ranks = {seat: 1 + next(i for i, (other, _) in enumerate(right) if other == at)
                      for at, seat in right}
        fastest = [seat for at, seat in right if at == right[0][0]] if right else []
        if len(fastest) == 1:
            rs.winner, rs.replay = fastest[0], []
            self.show.chair = fastest[0]
            return [e.FastestFingerResult(fastest[0], ())]
        rs.replay = sorted(fastest) if fastest else list(turn.seats)
        return [e.FastestFingerResult(None, tuple(rs.replay))]
