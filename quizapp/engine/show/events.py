"""What happened in a show: the adapter turns these into sound cues and audience commands.

Every event also means "the show's views changed"; the adapter re-sends each role its view.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShowEvent:
    """Base class; ``cue`` names the studio sound it plays (empty: none)."""

    @property
    def cue(self) -> str:
        return ""


@dataclass(frozen=True)
class RoundStarted(ShowEvent):
    key: str


@dataclass(frozen=True)
class RoundSkipped(ShowEvent):
    key: str
    reason: str


@dataclass(frozen=True)
class RoundOver(ShowEvent):
    key: str


@dataclass(frozen=True)
class QuestionShown(ShowEvent):
    question_id: int


@dataclass(frozen=True)
class TimerStarted(ShowEvent):
    """The question's clock runs; ``audience`` says whether viewers play this question."""

    question_id: int
    deadline_ms: int | None
    audience: bool


@dataclass(frozen=True)
class TimeUp(ShowEvent):
    question_id: int

    @property
    def cue(self) -> str:
        return "time_up"


@dataclass(frozen=True)
class Buzzed(ShowEvent):
    """A press at the server's receive time ``at_ms``: won, late, early or held (show.py)."""

    seat: int
    at_ms: int
    outcome: str

    @property
    def won(self) -> bool:
        return self.outcome == "won"

    @property
    def cue(self) -> str:
        return "buzz" if self.won else ""


@dataclass(frozen=True)
class AnswerTyped(ShowEvent):
    seat: int
    at_ms: int


@dataclass(frozen=True)
class Judged(ShowEvent):
    seat: int
    correct: bool

    @property
    def cue(self) -> str:
        return "correct" if self.correct else "wrong"


@dataclass(frozen=True)
class ScoreChanged(ShowEvent):
    seat: int
    delta: int
    total: int
    reason: str


@dataclass(frozen=True)
class Undone(ShowEvent):
    question_id: int | None
    correction: bool = False  # taken back after the answer was on air


@dataclass(frozen=True)
class ClockPaused(ShowEvent):
    question_id: int
    left_ms: int
    reason: str


@dataclass(frozen=True)
class ClockResumed(ShowEvent):
    question_id: int
    deadline_ms: int


@dataclass(frozen=True)
class TimeAdded(ShowEvent):
    question_id: int
    added_ms: int


@dataclass(frozen=True)
class QuestionReplaced(ShowEvent):
    """A question was re-asked (``replacement`` is the same id) or voided for a reserve."""

    question_id: int
    replacement: int
    kind: str


@dataclass(frozen=True)
class StealOpened(ShowEvent):
    question_id: int
    deadline_ms: int


@dataclass(frozen=True)
class KeywordClaimed(ShowEvent):
    seat: int
    at_ms: int

    @property
    def cue(self) -> str:
        return "buzz"


@dataclass(frozen=True)
class Eliminated(ShowEvent):
    seat: int


@dataclass(frozen=True)
class AnswerRevealed(ShowEvent):
    question_id: int
    audience: bool


@dataclass(frozen=True)
class LifelineUsed(ShowEvent):
    name: str


@dataclass(frozen=True)
class CallEnded(ShowEvent):
    """A phone-a-friend or ask-the-expert call ran out of time."""

    lifeline: str

    @property
    def cue(self) -> str:
        return "time_up"


@dataclass(frozen=True)
class FastestFingerResult(ShowEvent):
    """Fastest finger first revealed: ``winner`` takes the chair, or ``replay`` plays again."""

    winner: int | None
    replay: tuple[int, ...]


@dataclass(frozen=True)
class ShowFinished(ShowEvent):
    winners: tuple[int, ...]


@dataclass(frozen=True)
class CueChanged(ShowEvent):
    index: int


@dataclass(frozen=True)
class GraphicSwitched(ShowEvent):
    name: str
    on: bool
