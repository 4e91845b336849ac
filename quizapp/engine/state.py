"""The mutable records a game is made of: players, question runs, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Player:
    """A player's state in one game."""

    player_id: str
    nickname: str
    school: str
    class_name: str
    join_seq: int
    joined_ms: int
    kicked: bool = False
    score: int = 0
    streak: int = 0
    answer_time_ms: int = 0  # total time of the answers that earned points (tie-break)
    correct_count: int = 0
    # Answers faster than a person can read and tap (FAST_ANSWER_MS): a script's signature.
    fast_answers: int = 0


@dataclass
class Answer:
    """One counted answer (at most one per player and question)."""

    player_id: str
    received_ms: int
    elapsed_ms: int
    answer: dict[str, Any]  # native terms
    displayed: dict[str, Any]  # displayed terms, as sent
    correct: bool | None
    points: int  # including streak_bonus
    streak_bonus: int
    streak_after: int


@dataclass
class QuestionRun:
    """What happened to one question during this game."""

    question_id: int
    previewed_ms: int | None = None
    opened_ms: int | None = None
    closed_ms: int | None = None
    close_reason: str | None = None
    scored: bool = True
    applied: bool = False
    added_ms: int = 0
    paused_ms: int = 0
    removed: list[int] = field(default_factory=list)  # native choice indices taken away
    answers: dict[str, Answer] = field(default_factory=dict)
