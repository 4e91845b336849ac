"""Options the host picks for a game."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from quizapp.engine.errors import InvalidGame

TEAM_MODES = (None, "school", "class")


@dataclass(frozen=True)
class GameOptions:
    """How a live game plays. Defaults are the classroom defaults."""

    speed_scoring: bool = True  # faster correct answers earn more (down to half)
    streak_bonus: bool = True  # +100 per correct answer in a row beyond the first, max +500
    shuffle_answers: bool = True  # choices shuffled once per game (same order everywhere)
    show_text_on_phones: bool = True  # off: phones show only coloured answer buttons
    team_mode: str | None = None  # None | "school" | "class"
    late_join: bool = True  # players may join after Start
    preview_ms: int = 4000  # question text alone before answers open (0: no preview)
    max_players: int = 5000

    def validate(self) -> None:
        """Raise InvalidGame("invalid_options") if a field is out of range."""
        for name in ("speed_scoring", "streak_bonus", "shuffle_answers",
                     "show_text_on_phones", "late_join"):  # fmt: skip
            if not isinstance(getattr(self, name), bool):
                raise InvalidGame("invalid_options", f"{name} must be true or false")
        if self.team_mode not in TEAM_MODES:
            raise InvalidGame("invalid_options", "team_mode must be none, school or class")
        for name, low, high in (("preview_ms", 0, 60_000), ("max_players", 1, 100_000)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise InvalidGame("invalid_options", f"{name} must be from {low} to {high}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GameOptions:
        """Build options from a dict, ignoring unknown keys; raise InvalidGame if invalid."""
        known = {f.name for f in fields(cls)}
        options = cls(**{k: v for k, v in data.items() if k in known})
        options.validate()
        return options
