"""A Millionaire-style ladder: one contestant, rising values, safe steps and lifelines.

The contestant is the preset's only seat, or the seat a fastest finger first round before
the ladder put in the chair. A phone-a-friend or ask-the-expert call runs its own clock
(``call_s``) on the turn's deadline; the question's clock, if it runs, waits for the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import commands as c
from quizapp.engine.show import events as e
from quizapp.engine.show.preset import CALLS
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Call, Mode, Phase, Turn


@dataclass(slots=True)
class LadderState(RoundState):
    step: int = 0  # steps climbed
    used: list[str] = field(default_factory=list)  # lifelines used
    result: str | None = None  # "won", "lost" or "walked" once the climb is over
    seat: int = 1  # who climbs


class LadderRound(RoundType):
    State = LadderState
    rs: LadderState

    def _chosen_by_fastest_finger(self) -> bool:
        before = self.show.preset.rounds[:self.show.round_index]
        return any(rules.type == "fastest_finger" for rules in before)

    def skip_reason(self) -> str:
        if self._chosen_by_fastest_finger() and self.show.chair is None:
            return "no_contestant"
        return ""

    def start(self) -> LadderState:
        chair = self.show.chair if self._chosen_by_fastest_finger() else None
        return LadderState(seat=chair if chair is not None else self.all_seats[0])

    def next_turn(self, now: int) -> Turn | None:
        rs = self.rs
        if rs.result is not None:
            return None
        question = self.content[rs.step]
        return Turn(question.id, Mode.CHOICE, [rs.seat], owner=rs.seat, time_ms=self.time_ms(),
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
            turn.call, turn.paused_left_ms = None, None  # the final answer hangs up a call
            turn.verdicts[self.rs.seat] = choice == question.correct
            return []
        if isinstance(cmd, c.UseLifeline):
            return self._lifeline(cmd.name, turn, question, now)
        if isinstance(cmd, c.WalkAway):
            self.rs.result = "walked"
            turn.phase, turn.deadline_ms = Phase.SETTLED, None
            turn.call, turn.paused_left_ms = None, None
            return []
        return super().handle(cmd, now)

    def _lifeline(self, name: Any, turn: Turn, question: Any, now: int) -> list[e.ShowEvent]:
        if name not in self.rules["lifelines"]:
            raise InvalidCommand("invalid_lifeline", "not a lifeline of this preset")
        if name in self.rs.used:
            raise InvalidCommand("lifeline_used", "each lifeline is used once")
        if name in CALLS:
            self._call(name, turn, now)
        self.rs.used.append(name)
        if name == "fifty_fifty":
            wrong = [i for i in range(len(question.choices)) if i != question.correct]
            turn.hidden = sorted(self.show.rng.sample(wrong, min(2, len(wrong) - 1)))
        elif name == "ask_audience":
            turn.audience_poll = True
        return [e.LifelineUsed(name)]

    def _call(self, name: str, turn: Turn, now: int) -> None:
        """Start a call's clock on the turn's deadline, keeping the question's time left."""
        if turn.call is not None:
            raise InvalidCommand("call_running", "one call at a time")
        if turn.paused:
            raise InvalidCommand("clock_paused", "run the clock before the call")
        length = self.rules["call_s"] * 1000
        left = turn.deadline_ms - now if turn.deadline_ms is not None else None
        turn.call = Call(name, length, left)
        turn.deadline_ms = now + length

    def on_deadline(self, now: int) -> list[e.ShowEvent] | None:
        """The call's time is up: the question's clock, if it ran, runs again."""
        turn = self.show.turn
        assert turn is not None
        call = turn.call
        if call is None:
            return None
        turn.call = None
        left = call.question_left_ms
        turn.deadline_ms = now + left if left is not None else None
        return [e.CallEnded(call.lifeline)]

    def on_settled(self, now: int) -> list[e.ShowEvent]:
        turn = self.show.turn
        assert turn is not None
        turn.verdicts[self.rs.seat] = False  # the clock ran out: no final answer
        return []

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        rs, turn, seat = self.rs, self.show.turn, self.rs.seat
        assert turn is not None
        score = self.show.seat(seat).score
        if rs.result == "walked":
            return []
        if turn.verdicts.get(seat):
            rs.step += 1
            if rs.step == len(self.rules["steps"]):
                rs.result = "won"
            prize = self.rules["steps"][rs.step - 1]
            return [e.Judged(seat, True), *self.show.award(seat, prize - score, "correct")]
        rs.result = "lost"
        return [e.Judged(seat, False), *self.show.award(seat, self.safe_prize() - score, "wrong")]
