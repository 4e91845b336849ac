"""What every round type shares; each round type overrides the hooks its rules need."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, ClassVar

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import commands as c
from quizapp.engine.show import events as e
from quizapp.engine.show.preset import RoundRules
from quizapp.engine.show.turn import Turn

if TYPE_CHECKING:
    from quizapp.engine.show.show import Show


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value.plain() if hasattr(value, "plain") else value


@dataclass(slots=True)
class RoundState:
    """A round's own state (each round type has its subclass); plain JSON in snapshots.

    Its containers hold only numbers, strings and frozen records, so a copy of the
    containers shares nothing a command changes.
    """

    def copy(self) -> RoundState:
        return replace(self, **{f.name: type(value)(value) for f in fields(self)
                                if isinstance(value := getattr(self, f.name), (list, dict))})

    def plain(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> RoundState:
        return cls(**data)


class RoundType:
    """A round's rules over the show's state. Stateless itself: its state is ``show.rs``."""

    State: ClassVar[type[RoundState]] = RoundState

    def __init__(self, show: Show, rules: RoundRules, content: Any) -> None:
        self.show = show
        self.rules = rules
        self.content = content

    @property
    def rs(self) -> Any:
        """This round's state (its ``State``), the show's ``rs`` while the round is on."""
        return self.show.rs

    @property
    def all_seats(self) -> list[int]:
        return [s.seat for s in self.show.seats]

    def skip_reason(self) -> str:
        """Why this round is not played at all (empty: it is played)."""
        return ""

    def start(self) -> RoundState:
        """Return the round's initial state."""
        return self.State()

    def next_turn(self, now: int) -> Turn | None:
        """Return the next question's turn, or None when the round is over."""
        raise NotImplementedError

    def on_judged(self, seat: int, correct: bool, now: int) -> list[e.ShowEvent]:
        """Score the judge's decision on the contestant with the floor."""
        return []

    def on_settled(self, now: int) -> list[e.ShowEvent]:
        """A buzz or choice question ended without (another) decision."""
        return []

    def on_deadline(self, now: int) -> list[e.ShowEvent] | None:
        """A deadline of the round's own passed (None: the question's clock ran out)."""
        return None

    def on_reveal(self, now: int) -> list[e.ShowEvent]:
        """Apply what waits for the reveal (typed answers' points, an opened row ...)."""
        return []

    def rebound(self, turn: Turn) -> bool:
        """After a wrong buzz answer, may the other seats buzz again?"""
        return False

    def claim(self, seat: int, now: int) -> list[e.ShowEvent] | None:
        """A buzz outside the normal question flow (None: treat it as a normal buzz)."""
        return None

    def handle(self, cmd: c.ShowCommand, now: int) -> list[e.ShowEvent]:
        """Round-specific MC commands (picking a row, a pack, a lifeline ...)."""
        raise InvalidCommand("wrong_round", f"{type(cmd).__name__} is not used in this round")

    def points(self, name: str) -> int:
        return int(self.rules[name])

    def time_ms(self, name: str = "time_s") -> int | None:
        seconds = self.rules.settings.get(name)
        return int(seconds) * 1000 if seconds else None
