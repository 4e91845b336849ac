"""A Millionaire-style ladder: one contestant, rising values, safe steps and lifelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import commands as c
from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Mode, Phase, Turn

SEAT = 1


@dataclass(slots=True)
class LadderState(RoundState):
    step: int = 0  # steps climbed
    used: list[str] = field(default_factory=list)  # lifelines used
    result: str | None = None  # "won", "lost" or "walked" once the climb is over


class LadderRound(RoundType):
    State = LadderState
    rs: LadderState

    def next_turn(self, now: int) -> Turn | None:
        rs = self.rs
        if rs.result is not None:
            return None
        question = self.content[rs.step]
        return Turn(question.id, Mode.CHOICE, [SEAT], owner=SEAT, time_ms=self.time_ms(),
                    value=self.rules["steps"][rs.step], number=rs.step + 1,
                    of=len(self.rules["steps"]))

    def safe_prize(self) -> int:
        reached = [s for s in self.rules["safe_steps"] if s <= self.rs.step]
        return self.rules["steps"][max(reached) - 1] if reached else 0

    def handle(self, cmd: c.ShowCommand, now: int) -> list[e.ShowEvent]:
        turn = self.show.turn
        if turn is None or turn.mode != Mode.CHOICE or turn.phase not in (Phase.READING,
                                                                          Phase.OPEN):
            raise InvalidCommand("wrong_phase", "needs a question on air, before the final answer")
        question = self.show.questions[turn.qid]
        if isinstance(cmd, c.LockAnswer):
            choice = cmd.choice
            if turn.phase != Phase.OPEN:
                raise InvalidCommand("wrong_phase", "start the clock before the final answer")
            if (not isinstance(choice, int) or isinstance(choice, bool)
                    or not 0 <= choice < len(question.choices) or choice in turn.hidden):
                raise InvalidCommand("invalid_answer", "not a choice of this question")
            turn.choice, turn.phase, turn.deadline_ms = choice, Phase.SETTLED, None
            turn.verdicts[SEAT] = choice == question.correct
            return []
        if isinstance(cmd, c.UseLifeline):
            return self._lifeline(cmd.name, turn, question)
        if isinstance(cmd, c.WalkAway):
            self.rs.result = "walked"
            turn.phase, turn.deadline_ms = Phase.SETTLED, None
            return []
        return super().handle(cmd, now)

    def _lifeline(self, name: Any, turn: Turn, question: Any) -> list[e.ShowEvent]:
        if name not in self.rules["lifelines"]:
            raise InvalidCommand("invalid_lifeline", "not a lifeline of this preset")
        if name in self.rs.used:
            raise InvalidCommand("lifeline_used", "each lifeline is used once")
        self.rs.used.append(name)
        if name == "fifty_fifty":
            wrong = [i for i in range(len(question.choices)) if i != question.correct]
            turn.hidden = sorted(self.show.rng.sample(wrong, min(2, len(wrong) - 1)))
        else:
            turn.audience_poll = True
        return [e.LifelineUsed(name)]

    def on_settled(self, now: int) -> list[e.ShowEvent]:
        turn = self.show.turn
        assert turn is not None
        turn.verdicts[SEAT] = False  # the clock ran out: no final answer
        return []

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        rs, turn = self.rs, self.show.turn
        assert turn is not None
        score = self.show.seat(SEAT).score
        if rs.result == "walked":
            return []
        if turn.verdicts.get(SEAT):
            rs.step += 1
            if rs.step == len(self.rules["steps"]):
                rs.result = "won"
            prize = self.rules["steps"][rs.step - 1]
            return [e.Judged(SEAT, True), *self.show.award(SEAT, prize - score, "correct")]
        rs.result = "lost"
        return [e.Judged(SEAT, False), *self.show.award(SEAT, self.safe_prize() - score, "wrong")]
