"""The finish: each contestant in order of score answers a pack of questions they chose.

A star of hope multiplies one question's value (and may cost it when wrong). After a wrong or
missing answer, the others have a few seconds to buzz and steal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import commands as c
from quizapp.engine.show import events as e
from quizapp.engine.show.rounds.base import RoundState, RoundType
from quizapp.engine.show.turn import Mode, Phase, Turn, TurnKind


@dataclass(slots=True)
class FinishState(RoundState):
    order: list[int] = field(default_factory=list)  # seats, best score first
    pos: int = 0  # whose pack, by position in ``order``
    pack: list[int] | None = None  # the values chosen by the contestant on turn
    done: int = 0  # questions of the pack played
    star_used: list[int] = field(default_factory=list)
    star_on: bool = False
    drawn: dict[int, int] = field(default_factory=dict)  # value -> questions taken from its pool

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> FinishState:
        return cls(**{**data, "drawn": {int(v): n for v, n in data["drawn"].items()}})


class FinishRound(RoundType):
    State = FinishState
    rs: FinishState

    def start(self) -> FinishState:
        order = [s.seat for s in self.show.standings()]
        return FinishState(order=order, drawn={v: 0 for v in self.rules["values"]})

    @property
    def on_turn(self) -> int | None:
        order, pos = self.rs.order, self.rs.pos
        return order[pos] if pos < len(order) else None

    def next_turn(self, now: int) -> Turn | None:
        rs = self.rs
        seat = self.on_turn
        if seat is None:
            return None
        if rs.pack is None:
            raise InvalidCommand("choose_pack", "the contestant on turn chooses a pack first")
        value = rs.pack[rs.done]
        question = self.content[str(value)][rs.drawn[value]]
        rs.drawn[value] += 1
        seconds = self.rules["times_s"][self.rules["values"].index(value)]
        return Turn(question.id, Mode.ORAL, [seat], owner=seat, time_ms=seconds * 1000,
                    value=value, star=rs.star_on, number=rs.done + 1,
                    of=self.rules["pack_size"])

    def handle(self, cmd: c.ShowCommand, now: int) -> list[e.ShowEvent]:
        if isinstance(cmd, c.ChoosePack):
            return self._choose_pack(cmd.values)
        if isinstance(cmd, c.PlaceStar):
            return self._place_star()
        return super().handle(cmd, now)

    def _choose_pack(self, values: Any) -> list[e.ShowEvent]:
        rs, allowed = self.rs, self.rules["values"]
        self.show._check_turn_left()
        if self.on_turn is None or rs.pack is not None:
            raise InvalidCommand("wrong_phase", "no contestant is choosing a pack now")
        if (not isinstance(values, list) or len(values) != self.rules["pack_size"]
                or any(v not in allowed or isinstance(v, bool) for v in values)):
            raise InvalidCommand("invalid_pack", f"a pack is {self.rules['pack_size']} values "
                                 f"from {allowed}")
        for value in allowed:
            if rs.drawn[value] + values.count(value) > len(self.content[str(value)]):
                raise InvalidCommand("pool_empty", f"not enough {value}-point questions left")
        rs.pack = list(values)
        return []

    def _place_star(self) -> list[e.ShowEvent]:
        rs, turn, seat = self.rs, self.show.turn, self.on_turn
        if not self.rules["star"]:
            raise InvalidCommand("no_star", "this preset has no star of hope")
        if seat is None or rs.pack is None or seat in rs.star_used:
            raise InvalidCommand("star_used", "the star can be placed once, after the pack")
        reading = (turn is not None and turn.phase == Phase.READING
                   and turn.kind == TurnKind.QUESTION)
        if not reading:
            self.show._check_turn_left()
        rs.star_used.append(seat)
        rs.star_on = True
        if reading:
            turn.star = True
        return []

    def on_judged(self, seat: int, correct: bool, now: int) -> list[e.ShowEvent]:
        turn = self.show.turn
        assert turn is not None
        value = turn.value
        if turn.kind == TurnKind.STEAL:
            if correct:
                events = self.show.award(seat, value, "steal")
                if self.rules["steal_from_owner"] and not self._star_already_lost(turn):
                    events += self.show.award(turn.owner, -value, "stolen")
                return events
            return self.show.award(seat, -(value * self.rules["steal_wrong_percent"] // 100),
                                   "steal_wrong")
        if correct:
            gain = value * self.rules["star_multiplier"] if turn.star else value
            return self.show.award(seat, gain, "correct")
        events: list[e.ShowEvent] = []
        if turn.star and self.rules["star_wrong_loses"]:
            events += self.show.award(seat, -value, "star_wrong")
        others = [s for s in self.all_seats if s != seat]
        if others:
            turn.kind, turn.mode, turn.seats = TurnKind.STEAL, Mode.BUZZ, others
            turn.phase, turn.opened_ms, turn.remaining_ms = Phase.OPEN, now, None
            turn.deadline_ms = now + self.rules["steal_window_s"] * 1000
            turn.answer_ms = self.rules["steal_answer_time_s"] * 1000
            events.append(e.StealOpened(turn.qid, turn.deadline_ms))
        return events

    def _star_already_lost(self, turn: Turn) -> bool:
        """A wrong star answer cost the owner the value; a steal does not take it twice."""
        return turn.star and self.rules["star_wrong_loses"] and self.rules["star_stolen_once"]

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        rs = self.rs
        rs.done += 1
        rs.star_on = False
        if rs.done >= self.rules["pack_size"]:
            rs.pos, rs.pack, rs.done = rs.pos + 1, None, 0
        return []
