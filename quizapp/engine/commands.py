"""Commands: what a player, the host or the clock asks the game to do.

The adapter builds one from a validated Socket.IO payload and calls ``game.handle(cmd, now_ms)``.
Who may send which command (host vs player) is the adapter's check, not the engine's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Join:
    """A player joins (or asks to: the nickname may be refused)."""

    player_id: str
    nickname: str
    school: str = ""
    class_name: str = ""


@dataclass(frozen=True)
class SubmitAnswer:
    """A player's answer. Use the field that fits the question kind.

    choices: indices in the *displayed* order (single/true_false/poll: exactly one;
    multiple: one or more, distinct). text: type_answer. order: ordering, the displayed
    indices of the items in the order the player puts them.
    """

    player_id: str
    question_id: int
    choices: tuple[int, ...] | None = None
    text: str | None = None
    order: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ScoredAnswer:
    """An answer another process validated, scored and stored (its stored row).

    ``submitted``: the answer as sent (displayed terms: choices, text or order); ``answer``:
    the same in the question's own terms; ``points`` include the streak bonus.
    """

    player_id: str
    question_id: int
    received_ms: int
    elapsed_ms: int
    submitted: dict
    answer: dict
    correct: bool | None
    points: int


@dataclass(frozen=True)
class AcceptScored:
    """Count answers scored and stored elsewhere (several workers share a game's phones).

    Accepted for the current question until it is revealed, in the open or closed phase;
    an answer of another question, of an unknown player or of a player who already has one
    is left out (the reveal reads the question's stored rows, so a late one is not lost).
    """

    answers: tuple[ScoredAnswer, ...]


@dataclass(frozen=True)
class Start:
    """Host: leave the lobby and show the first question."""


@dataclass(frozen=True)
class Next:
    """Host: advance one step (preview->open, open->closed, closed->revealed, ...)."""


@dataclass(frozen=True)
class Pause:
    """Host: freeze the remaining time of the preview or the open question."""


@dataclass(frozen=True)
class Resume:
    """Host: continue with the time that remained when paused."""


@dataclass(frozen=True)
class Skip:
    """Host: close the current question without scoring it."""


@dataclass(frozen=True)
class AddTime:
    """Host: give the open question more time (1-300 seconds)."""

    seconds: int


@dataclass(frozen=True)
class Kick:
    """Host: remove a player; their later answers are refused."""

    player_id: str


@dataclass(frozen=True)
class Rename:
    """Host: replace a player's nickname (e.g. an unsuitable one)."""

    player_id: str
    nickname: str


@dataclass(frozen=True)
class End:
    """Host: finish the game now (the open question is closed and scored)."""


@dataclass(frozen=True)
class OpenQuestion:
    """Host: open this question next, in any order (a TV show drives its audience game so).

    Allowed in the lobby (it starts the game, even with no player yet) and after a question
    was revealed; a question is played once.
    """

    question_id: int


@dataclass(frozen=True)
class RemoveChoices:
    """Host (a show): take choices of a question away, e.g. a TV contestant's 50:50.

    ``choices`` are the question's own (native) indices, not the displayed ones. Allowed
    until the question is revealed, also before it opens; the removed choices leave every
    phone and an answer that picks one is refused (``choice_removed``).
    """

    question_id: int
    choices: tuple[int, ...]


@dataclass(frozen=True)
class Tick:
    """Clock: a deadline the engine announced may be due; the engine decides what is."""


Command = (
    Join
    | SubmitAnswer
    | AcceptScored
    | Start
    | Next
    | Pause
    | Resume
    | Skip
    | AddTime
    | Kick
    | Rename
    | End
    | OpenQuestion
    | RemoveChoices
    | Tick
)
