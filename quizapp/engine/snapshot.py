"""Turn a game into a JSON-ready dict and back, so a restarted worker resumes it exactly."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from quizapp.engine.errors import InvalidGame
from quizapp.engine.options import GameOptions
from quizapp.engine.phases import Phase
from quizapp.engine.questions import PlayQuestion, build_question
from quizapp.engine.state import Answer, Player, QuestionRun

if TYPE_CHECKING:
    from quizapp.engine.game import Game

SNAPSHOT_VERSION = 1


def _state(game: Game, copies: bool = True) -> dict[str, Any]:
    """Return everything of the game but its runs, as plain JSON types.

    Without `copies` the questions and players are the game's own (for encoding at once).
    """
    rng_version, rng_internal, rng_gauss = game.rng.getstate()
    return {
        "version": SNAPSHOT_VERSION,
        "options": game.options.to_dict(),
        "questions": copy.deepcopy(game.raw_questions) if copies else game.raw_questions,
        "display": [list(q.display) for q in game.questions],
        "rng": [rng_version, list(rng_internal), rng_gauss],
        "phase": game.phase.value,
        "index": game.index,
        "clock_ms": game.clock_ms,
        "deadline_ms": game.deadline_ms,
        "paused_remaining_ms": game.paused_remaining_ms,
        "paused_at_ms": game.paused_at_ms,
        "join_seq": game.join_seq,
        "finish_reason": game.finish_reason,
        "players": [dict(vars(p)) if copies else vars(p) for p in game.players.values()],
    }


def game_to_dict(game: Game) -> dict[str, Any]:
    """Return the game's whole state as plain JSON types."""
    return {
        **_state(game),
        "runs": [
            {**vars(run), "answers": _answers_of(game, i, run)} for i, run in enumerate(game.runs)
        ],
    }


def game_to_json(game: Game) -> str:
    """Return ``game_to_dict`` as JSON text, encoding each answer once in the game's life.

    A snapshot is kept at every leaderboard, and by the last one a 10,000-phone game holds
    50,000 answers: encoding them all again each time was most of what a snapshot cost the
    game's owner (docs/performance.md). A run's answers are only ever added, so the text of
    those already encoded is kept and extended.
    """
    runs = ",".join(
        _with_field(_dumps({k: v for k, v in vars(run).items() if k != "answers"}),
                    "answers", _answers_json(game, i, run))
        for i, run in enumerate(game.runs)
    )
    return _with_field(_dumps(_state(game, copies=False)), "runs", f"[{runs}]")


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _with_field(encoded_object: str, name: str, encoded_value: str) -> str:
    """Add one member, already encoded, to the end of an encoded JSON object."""
    body = encoded_object[1:-1]
    return "{" + body + ("," if body else "") + f"{_dumps(name)}:{encoded_value}" + "}"


def _answers_json(game: Game, index: int, run: QuestionRun) -> str:
    """Return the run's answers as a JSON array, encoding only those added since last time."""
    key = ("snapshot-answers-json", index)
    count, text = game._memo.get(key, (0, "[]"))
    if count != len(run.answers):
        added = ",".join(_dumps(_answer_dict(a)) for a in list(run.answers.values())[count:])
        text = f"[{added}]" if count == 0 else f"{text[:-1]},{added}]"
        game._memo[key] = (len(run.answers), text)
    return text


def _answers_of(game: Game, index: int, run: QuestionRun) -> list[dict[str, Any]]:
    """Return the run's answers as plain dicts, copied once per answer rather than per snapshot.

    An answer never changes once given and a run's answers are only ever added, so the copies
    made for an earlier snapshot stay right while the count is the same. The list is shared
    between snapshots: callers encode it, they do not change it.
    """
    key = ("snapshot-answers", index)
    count, copies = game._memo.get(key, (0, []))
    if count != len(run.answers):
        copies = copies + [_answer_dict(a) for a in list(run.answers.values())[count:]]
        game._memo[key] = (len(run.answers), copies)
    return copies


def _flat_copy(value: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, list) else v for k, v in value.items()}


def _answer_dict(answer: Answer) -> dict[str, Any]:
    """Copy an answer record (asdict is several times slower for 5,000 answers)."""
    data = dict(vars(answer))
    data["answer"] = _flat_copy(answer.answer)
    data["displayed"] = _flat_copy(answer.displayed)
    return data


def played_question(raw: Mapping[str, Any], index: int, display: Any) -> PlayQuestion:
    """Rebuild one question of a game from its native dict and the display order it was
    shown in (a snapshot keeps both; so does the clock a game's owner announces)."""
    question = build_question(raw, index, random.Random(0), shuffle=False)
    if sorted(display) != list(range(len(question.display))):
        raise InvalidGame("invalid_snapshot", f"display order of question {index + 1}")
    return replace(question, display=tuple(display))


def game_from_dict(cls: type[Game], data: Mapping[str, Any]) -> Game:
    """Rebuild a game from ``game_to_dict`` output; raise InvalidGame if it is not one."""
    if not isinstance(data, Mapping) or data.get("version") != SNAPSHOT_VERSION:
        raise InvalidGame("invalid_snapshot", f"expected a version {SNAPSHOT_VERSION} snapshot")
    try:
        options = GameOptions.from_dict(data["options"])
        questions = []
        for i, (raw, display) in enumerate(zip(data["questions"], data["display"], strict=True)):
            questions.append(played_question(raw, i, display))
        rng = random.Random()
        version, internal, gauss = data["rng"]
        rng.setstate((version, tuple(internal), gauss))
        game = cls(questions, copy.deepcopy(list(data["questions"])), options, rng)
        game.phase = Phase(data["phase"])
        for name in ("index", "clock_ms", "deadline_ms", "paused_remaining_ms",
                     "paused_at_ms", "join_seq", "finish_reason"):  # fmt: skip
            setattr(game, name, data[name])
        game.players = {p["player_id"]: Player(**p) for p in data["players"]}
        game.runs = [
            QuestionRun(
                **{k: v for k, v in run.items() if k != "answers"},
                answers={a["player_id"]: Answer(**a) for a in run["answers"]},
            )
            for run in data["runs"]
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidGame("invalid_snapshot", f"malformed snapshot: {error}") from error
    if len(game.runs) != len(game.questions):
        raise InvalidGame("invalid_snapshot", "one run per question expected")
    game._rebuild_derived()
    return game
