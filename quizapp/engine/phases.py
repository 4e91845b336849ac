"""The phases of a live game, in the order a question goes through them."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    """Where the game is; the value is the stable name used in views and snapshots."""

    LOBBY = "lobby"  # players join; the host sees the PIN and the player list
    PREVIEW = "preview"  # question text shown, answers hidden, for preview_ms
    OPEN = "open"  # answers accepted until the deadline
    CLOSED = "closed"  # time up / everyone answered / host closed / skipped
    REVEALED = "revealed"  # distribution, correct answer, explanation; scores applied
    LEADERBOARD = "leaderboard"  # standings after the question
    FINISHED = "finished"  # podium; nothing more happens


# Phases in which a question is "current" and shown.
QUESTION_PHASES = frozenset(
    {Phase.PREVIEW, Phase.OPEN, Phase.CLOSED, Phase.REVEALED, Phase.LEADERBOARD}
)
# Phases after the current question was revealed (its answer may be shown to everybody).
REVEALED_PHASES = frozenset({Phase.REVEALED, Phase.LEADERBOARD})
