"""Turn native question dicts into playable questions, and grade answers against them."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from quizapp.engine.errors import InvalidCommand, InvalidGame
from quizapp.engine.matching import answer_matches
from quizapp.engine.schema import (
    JUDGED_KINDS,
    LISTED_CHOICE_KINDS,
    MAX_CHOICES,
    MAX_ITEMS,
    MIN_CHOICES,
    MIN_ITEMS,
    PLAYABLE_KINDS,
    TAPPED_KINDS,
)

POINTS_BASE = {"none": 0, "standard": 1000, "double": 2000}
TRUE_FALSE_CHOICES = ("Đúng", "Sai")  # displayed order: index 0 = true, 1 = false
MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S, DEFAULT_TIME_LIMIT_S = 5, 240, 20
MAX_TYPED_ANSWER = 200


@dataclass(frozen=True)
class PlayQuestion:
    """A question ready to play. ``display[k]`` is the native index shown at position k."""

    id: int
    kind: str
    text: str
    choices: tuple[str, ...]  # native order (true_false: Đúng, Sai)
    correct: frozenset[int]  # native indices of correct choices
    answers: tuple[str, ...]  # type_answer accepted variants
    accent_insensitive: bool
    items: tuple[str, ...]  # ordering: the correct order
    explanation: str
    time_limit_ms: int
    points: str
    display: tuple[int, ...]
    media: str | None = None  # an image URL shown with the question

    @property
    def base_points(self) -> int:
        return POINTS_BASE[self.points]

    @property
    def counts_for_streak(self) -> bool:
        """Polls and "none"-points questions neither extend nor break streaks."""
        return self.kind != "poll" and self.base_points > 0

    def displayed(self) -> tuple[str, ...]:
        """Return the choices (or ordering items) in the order players see them."""
        source = self.items if self.kind == "ordering" else self.choices
        return tuple(source[i] for i in self.display)


@dataclass(frozen=True)
class Graded:
    """An answer checked against its question."""

    answer: dict[str, Any]  # native terms, for persistence
    displayed: dict[str, Any]  # as the player sent it (displayed indices)
    fraction: Fraction  # share of the points earned before speed: 0..1
    correct: bool | None  # None for polls


def _fail(position: int, raw: Mapping[str, Any], message: str, code: str = "invalid_question"):
    raise InvalidGame(code, f"question {position + 1} (id {raw.get('id')!r}): {message}")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _permutation(size: int, rng: random.Random, shuffle: bool, avoid_identity: bool):
    order = list(range(size))
    if shuffle:
        rng.shuffle(order)
        while avoid_identity and size > 1 and order == sorted(order):
            rng.shuffle(order)
    return tuple(order)


def build_question(
    raw: Mapping[str, Any], position: int, rng: random.Random, shuffle: bool
) -> PlayQuestion:
    """Check one native question dict and return it playable; raise InvalidGame if not.

    ``shuffle`` shuffles the choices of single/multiple/poll questions; ordering items are
    always shown shuffled (never in the correct order), true/false never.
    """
    if not isinstance(raw, Mapping):
        raise InvalidGame("invalid_question", f"question {position + 1} is not a mapping")
    kind = raw.get("kind")
    qid = raw.get("id")
    if not isinstance(qid, int) or isinstance(qid, bool):
        _fail(position, raw, "id must be an integer")
    if kind in JUDGED_KINDS:
        _fail(position, raw, f"{kind} questions are judged by people and cannot be played "
              "in a live contest", "question_not_playable")  # fmt: skip
    if kind not in PLAYABLE_KINDS:
        _fail(position, raw, f"unknown kind {kind!r}")
    if not _text(raw.get("text")):
        _fail(position, raw, "text is required")
    limit = raw.get("time_limit_s", DEFAULT_TIME_LIMIT_S)
    if (
        not isinstance(limit, int)
        or isinstance(limit, bool)
        or not (MIN_TIME_LIMIT_S <= limit <= MAX_TIME_LIMIT_S)
    ):
        _fail(position, raw, "time_limit_s must be an integer from 5 to 240", "invalid_settings")
    points = raw.get("points", "standard")
    if points not in POINTS_BASE:
        _fail(position, raw, "points must be none, standard or double", "invalid_settings")
    explanation = raw.get("explanation", "")
    if not isinstance(explanation, str):
        _fail(position, raw, "explanation must be text")

    choices: tuple[str, ...] = ()
    correct: frozenset[int] = frozenset()
    answers: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    display: tuple[int, ...] = ()
    if kind in LISTED_CHOICE_KINDS:
        raw_choices = raw.get("choices")
        if not isinstance(raw_choices, list) or not MIN_CHOICES <= len(raw_choices) <= MAX_CHOICES:
            _fail(position, raw, f"choices must be a list of {MIN_CHOICES} to {MAX_CHOICES}")
        if not all(isinstance(c, Mapping) and _text(c.get("text")) for c in raw_choices):
            _fail(position, raw, "every choice needs a text")
        choices = tuple(c["text"] for c in raw_choices)
        correct = frozenset(i for i, c in enumerate(raw_choices) if c.get("correct") is True)
        wanted = {"single": len(correct) == 1, "multiple": len(correct) >= 1,
                  "poll": not correct}[kind]  # fmt: skip
        if not wanted:
            _fail(position, raw, f"wrong number of correct choices for {kind}")
        display = _permutation(len(choices), rng, shuffle, avoid_identity=False)
    elif kind == "true_false":
        if not isinstance(raw.get("answer"), bool):
            _fail(position, raw, "answer must be true or false")
        choices = TRUE_FALSE_CHOICES
        correct = frozenset({0 if raw["answer"] else 1})
        display = (0, 1)
    elif kind == "type_answer":
        raw_answers = raw.get("answers")
        if (
            not isinstance(raw_answers, list)
            or not raw_answers
            or not all(_text(a) for a in raw_answers)
        ):
            _fail(position, raw, "answers must be a non-empty list of texts")
        answers = tuple(raw_answers)
        insensitive = raw.get("accent_insensitive", True)
        if not isinstance(insensitive, bool):
            _fail(position, raw, "accent_insensitive must be true or false")
    else:  # ordering
        raw_items = raw.get("items")
        if not isinstance(raw_items, list) or not MIN_ITEMS <= len(raw_items) <= MAX_ITEMS:
            _fail(position, raw, f"items must be a list of {MIN_ITEMS} to {MAX_ITEMS} texts")
        if not all(_text(item) for item in raw_items):
            _fail(position, raw, "every item needs a text")
        items = tuple(raw_items)
        display = _permutation(len(items), rng, True, avoid_identity=True)
    return PlayQuestion(
        id=qid,
        kind=kind,
        text=raw["text"],
        choices=choices,
        correct=correct,
        answers=answers,
        accent_insensitive=raw.get("accent_insensitive", True) is True,
        items=items,
        explanation=explanation,
        time_limit_ms=limit * 1000,
        points=points,
        display=display,
        media=raw["media"] if isinstance(raw.get("media"), str) else None,
    )


def _indices(value: Any, size: int) -> tuple[int, ...]:
    if not isinstance(value, (list, tuple)) or not value:
        raise InvalidCommand("invalid_answer", "expected a non-empty list of indices")
    for index in value:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < size:
            raise InvalidCommand("invalid_answer", f"index {index!r} out of range 0..{size - 1}")
    if len(set(value)) != len(value):
        raise InvalidCommand("invalid_answer", "an index appears twice")
    return tuple(value)


def grade(question: PlayQuestion, choices: Any, text: Any, order: Any) -> Graded:
    """Check an answer (in displayed terms) and return it graded; raise InvalidCommand."""
    kind = question.kind
    if kind in TAPPED_KINDS:
        picked = _indices(choices, len(question.choices))
        if kind != "multiple" and len(picked) != 1:
            raise InvalidCommand("invalid_answer", f"{kind} takes exactly one choice")
        native = sorted(question.display[i] for i in picked)
        displayed = {"choices": list(picked)}
        if kind == "poll":
            return Graded({"choices": native}, displayed, Fraction(0), None)
        right = sum(1 for i in native if i in question.correct)
        wrong = len(native) - right
        fraction = max(Fraction(0), Fraction(right - wrong, len(question.correct)))
        is_correct = right == len(question.correct) and wrong == 0
        answer: dict[str, Any] = {"choices": native}
        if kind == "true_false":
            answer = {"value": native[0] == 0}
        return Graded(answer, displayed, fraction, is_correct)
    if kind == "type_answer":
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TYPED_ANSWER:
            raise InvalidCommand("invalid_answer", "expected a text of 1 to 200 characters")
        ok = answer_matches(text, question.answers, question.accent_insensitive)
        return Graded({"text": text}, {"text": text}, Fraction(int(ok)), ok)
    # ordering
    shown = _indices(order, len(question.items))
    if len(shown) != len(question.items):
        raise InvalidCommand("invalid_answer", "an ordering answer must place every item")
    native_order = [question.display[i] for i in shown]
    ok = native_order == list(range(len(question.items)))
    return Graded({"order": native_order}, {"order": list(shown)}, Fraction(int(ok)), ok)
