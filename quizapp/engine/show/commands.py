"""Commands a show accepts, grouped by who may send them (the adapter checks the role)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ShowCommand:
    """Base class of every show command."""


# ----------------------------------------------------------------- MC (the show's flow)
@dataclass(frozen=True)
class StartRound(ShowCommand):
    """Begin the next round, cutting the current one short between questions.

    A tie-break round is skipped when the lead is not tied.
    """


@dataclass(frozen=True)
class NextQuestion(ShowCommand):
    """Put the round's next question on screen, for the MC to read."""


@dataclass(frozen=True)
class StartTimer(ShowCommand):
    """The MC finished reading: the clock runs and buzzers or answer boxes open."""


@dataclass(frozen=True)
class Reveal(ShowCommand):
    """Show the answer on air and apply the points that wait for the reveal."""


@dataclass(frozen=True)
class PickRow(ShowCommand):
    """Obstacle: the contestant whose turn it is chose row ``row`` (1-based)."""

    row: Any


@dataclass(frozen=True)
class PickCentre(ShowCommand):
    """Obstacle: put the centre-tile question on air (after the rows, or when the MC picks it)."""


@dataclass(frozen=True)
class TakeKeyword(ShowCommand):
    """Obstacle: give the floor to the first contestant who buzzed for the keyword."""


@dataclass(frozen=True)
class ChoosePack(ShowCommand):
    """Finish: the contestant on turn chose the values of their questions, e.g. [20, 30, 30]."""

    values: Any


@dataclass(frozen=True)
class PlaceStar(ShowCommand):
    """Finish: the contestant on turn places their star of hope on the coming question."""


@dataclass(frozen=True)
class LockAnswer(ShowCommand):
    """Ladder: the contestant's final answer, a choice index."""

    choice: Any


@dataclass(frozen=True)
class UseLifeline(ShowCommand):
    """Ladder: use a lifeline (fifty_fifty, phone_a_friend, ask_audience, ask_the_expert).

    A phone-a-friend or ask-the-expert call runs its own clock (the preset's ``call_s``); the
    question's clock, if it runs, waits for the call.
    """

    name: Any


@dataclass(frozen=True)
class WalkAway(ShowCommand):
    """Ladder: the contestant stops and keeps what they have won."""


@dataclass(frozen=True)
class PauseClock(ShowCommand):
    """Stop the running clock; buzzers and answer boxes wait until it runs again.

    ``as_of_ms`` stops it as it stood at that time (after a crash: the last command's time),
    ``reason`` is ``mc`` or ``recovery``.
    """

    as_of_ms: Any = None
    reason: Any = "mc"


@dataclass(frozen=True)
class ResumeClock(ShowCommand):
    """Run the stopped clock again with the time it had left."""


@dataclass(frozen=True)
class AddTime(ShowCommand):
    """Give the running (or stopped) clock ``seconds`` more."""

    seconds: Any


@dataclass(frozen=True)
class ReAsk(ShowCommand):
    """Put the current question back as it was shown, taking back every point since (a fault)."""


@dataclass(frozen=True)
class VoidQuestion(ShowCommand):
    """Replace the current question by its round's next reserve, taking back every point since."""


@dataclass(frozen=True)
class Cue(ShowCommand):
    """Make run-down item ``index`` (0-based) the one on now (a segment or a break)."""

    index: Any


@dataclass(frozen=True)
class SetGraphic(ShowCommand):
    """Take broadcast graphic ``name`` on air (``on``) or off; it shows when it has content."""

    name: Any
    on: Any


@dataclass(frozen=True)
class EndShow(ShowCommand):
    """End the show now."""


# ----------------------------------------------------------------- contestants
@dataclass(frozen=True)
class Buzz(ShowCommand):
    """A press of seat ``seat``'s buzzer, stamped ``at_ms`` when the server received it.

    Without ``at_ms`` the press counts at the time the command is applied.
    """

    seat: Any
    at_ms: Any = None


@dataclass(frozen=True)
class TypeAnswer(ShowCommand):
    seat: Any
    text: Any


@dataclass(frozen=True)
class SubmitOrder(ShowCommand):
    """Fastest finger first: seat ``seat`` put the shown items in this order (shown indices)."""

    seat: Any
    order: Any


# ----------------------------------------------------------------- judge
@dataclass(frozen=True)
class Judge(ShowCommand):
    """Correct or wrong for the contestant who has the floor (``seat`` for typed answers)."""

    correct: Any
    seat: Any = None


@dataclass(frozen=True)
class Undo(ShowCommand):
    """Take back the last decision of the current question.

    Once the answer is on air this is a correction: it needs ``confirm`` and is recorded.
    """

    confirm: Any = False


@dataclass(frozen=True)
class AdjustScore(ShowCommand):
    seat: Any
    delta: Any
    reason: Any


# ----------------------------------------------------------------- time
@dataclass(frozen=True)
class Tick(ShowCommand):
    """The adapter's timer: apply any deadline that has passed."""


MC_COMMANDS = (StartRound, NextQuestion, StartTimer, Reveal, PickRow, PickCentre, TakeKeyword,
               ChoosePack, PlaceStar, LockAnswer, UseLifeline, WalkAway, PauseClock,
               ResumeClock, AddTime, ReAsk, VoidQuestion, Cue, SetGraphic, EndShow)
JUDGE_COMMANDS = (Judge, Undo, AdjustScore)
CONTESTANT_COMMANDS = (Buzz, TypeAnswer, SubmitOrder)
