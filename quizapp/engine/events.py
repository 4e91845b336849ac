"""Events: what happened, returned by ``game.handle`` for the adapter to persist and route.

Each event names its ``audience``: ``"player:<id>"``, ``"players"`` (every player), ``"host"``,
``"screen"`` (the big screen) and ``"server"`` (the adapter itself: persistence, timers).
Events carry facts for the server and the host. What a player or the screen is sent must come
from ``views.player_view`` / ``views.screen_view``: an event addressed to them says *when* to
send a fresh view, not *what* to send.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

SERVER = "server"
HOST = "host"
SCREEN = "screen"
PLAYERS = "players"
EVERYONE = (PLAYERS, HOST, SCREEN)


def player_room(player_id: str) -> str:
    """Return the audience name of one player."""
    return f"player:{player_id}"


@dataclass(frozen=True)
class Event:
    """Base class: ``name`` is the stable event name, ``audience`` who must hear of it."""

    name: ClassVar[str] = "event"

    @property
    def audience(self) -> tuple[str, ...]:
        return (HOST,)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict with ``event`` and ``audience`` added."""
        data = asdict(self)
        data["event"] = self.name
        data["audience"] = list(self.audience)
        return data


@dataclass(frozen=True)
class PlayerJoined(Event):
    name: ClassVar[str] = "player_joined"
    player_id: str
    nickname: str
    team: str | None
    player_count: int

    @property
    def audience(self) -> tuple[str, ...]:
        return (player_room(self.player_id), HOST, SCREEN, SERVER)


@dataclass(frozen=True)
class PlayerKicked(Event):
    name: ClassVar[str] = "player_kicked"
    player_id: str
    player_count: int

    @property
    def audience(self) -> tuple[str, ...]:
        return (player_room(self.player_id), HOST, SCREEN, SERVER)


@dataclass(frozen=True)
class PlayerRenamed(Event):
    name: ClassVar[str] = "player_renamed"
    player_id: str
    nickname: str

    @property
    def audience(self) -> tuple[str, ...]:
        return (player_room(self.player_id), HOST, SCREEN, SERVER)


@dataclass(frozen=True)
class GameStarted(Event):
    name: ClassVar[str] = "game_started"
    question_count: int

    @property
    def audience(self) -> tuple[str, ...]:
        return (*EVERYONE, SERVER)


@dataclass(frozen=True)
class QuestionPreviewed(Event):
    name: ClassVar[str] = "question_previewed"
    question_id: int
    index: int
    preview_ends_ms: int

    @property
    def audience(self) -> tuple[str, ...]:
        return EVERYONE


@dataclass(frozen=True)
class QuestionOpened(Event):
    name: ClassVar[str] = "question_opened"
    question_id: int
    index: int
    opened_ms: int
    deadline_ms: int

    @property
    def audience(self) -> tuple[str, ...]:
        return (*EVERYONE, SERVER)


@dataclass(frozen=True)
class AnswerAccepted(Event):
    """An answer was counted: the adapter must persist it (unique on player + question).

    ``answer`` is in the question's own (unshuffled) terms: ``{"choices": [...]}``,
    ``{"value": bool}`` (true_false), ``{"text": str}`` or ``{"order": [...]}`` (item indices
    of the native ``items`` list, in the player's order). ``points`` already include
    ``streak_bonus``; they are void if the question is later closed with ``scored=False``.
    Never forward ``correct`` or ``points`` to the player: send ``player_view``.
    """

    name: ClassVar[str] = "answer_accepted"
    player_id: str
    question_id: int
    received_ms: int
    elapsed_ms: int
    answer: dict[str, Any]
    correct: bool | None
    points: int
    streak_bonus: int

    @property
    def audience(self) -> tuple[str, ...]:
        return (SERVER, player_room(self.player_id))


@dataclass(frozen=True)
class AnswerCountChanged(Event):
    name: ClassVar[str] = "answer_count_changed"
    question_id: int
    answered: int
    active: int

    @property
    def audience(self) -> tuple[str, ...]:
        return (HOST, SCREEN)


@dataclass(frozen=True)
class QuestionClosed(Event):
    """reason: time_up | all_answered | host | skipped | ended."""

    name: ClassVar[str] = "question_closed"
    question_id: int
    index: int
    reason: str
    scored: bool
    answered: int

    @property
    def audience(self) -> tuple[str, ...]:
        return (*EVERYONE, SERVER)


@dataclass(frozen=True)
class Revealed(Event):
    name: ClassVar[str] = "revealed"
    question_id: int
    index: int

    @property
    def audience(self) -> tuple[str, ...]:
        return EVERYONE


@dataclass(frozen=True)
class ScoreLine:
    """One player's result for a question after it was applied."""

    player_id: str
    points: int
    total: int
    streak: int
    rank: int


@dataclass(frozen=True)
class ScoresChanged(Event):
    """Scores of one question were applied (at reveal, or at End): lines for active players."""

    name: ClassVar[str] = "scores_changed"
    question_id: int
    lines: tuple[ScoreLine, ...]

    @property
    def audience(self) -> tuple[str, ...]:
        return (SERVER, HOST)


@dataclass(frozen=True)
class LeaderboardShown(Event):
    name: ClassVar[str] = "leaderboard_shown"
    index: int

    @property
    def audience(self) -> tuple[str, ...]:
        return EVERYONE


@dataclass(frozen=True)
class Paused(Event):
    name: ClassVar[str] = "paused"
    phase: str
    remaining_ms: int

    @property
    def audience(self) -> tuple[str, ...]:
        return EVERYONE


@dataclass(frozen=True)
class Resumed(Event):
    name: ClassVar[str] = "resumed"
    phase: str
    deadline_ms: int

    @property
    def audience(self) -> tuple[str, ...]:
        return EVERYONE


@dataclass(frozen=True)
class TimeAdded(Event):
    """deadline_ms is None while paused (remaining_ms then holds the frozen time)."""

    name: ClassVar[str] = "time_added"
    question_id: int
    seconds: int
    deadline_ms: int | None
    remaining_ms: int

    @property
    def audience(self) -> tuple[str, ...]:
        return EVERYONE


@dataclass(frozen=True)
class ChoicesRemoved(Event):
    """Choices of a question were taken away (native indices, all removed so far).

    ``on_air``: the question is the one the phones show now (they need a fresh view);
    otherwise the removal waits on the question for when it opens.
    """

    name: ClassVar[str] = "choices_removed"
    question_id: int
    choices: tuple[int, ...]
    on_air: bool

    @property
    def audience(self) -> tuple[str, ...]:
        return EVERYONE if self.on_air else (HOST, SERVER)


@dataclass(frozen=True)
class GameFinished(Event):
    """reason: completed (Next after the last leaderboard) | ended (host End)."""

    name: ClassVar[str] = "game_finished"
    reason: str
    podium: tuple[str, ...]

    @property
    def audience(self) -> tuple[str, ...]:
        return (*EVERYONE, SERVER)


@dataclass(frozen=True)
class DeadlineSet(Event):
    """The engine's next deadline changed: send Tick at ``at_ms`` (None: no timer needed)."""

    name: ClassVar[str] = "deadline_set"
    at_ms: int | None

    @property
    def audience(self) -> tuple[str, ...]:
        return (SERVER,)
