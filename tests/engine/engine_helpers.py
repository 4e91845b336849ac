"""Question factories and small drivers shared by the engine tests."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.engine import Game, GameOptions, InvalidCommand, Join, Next, Start
from quizapp.engine.errors import ERROR_CODES

SECRET_EXPLANATION = "GIAI-THICH-BI-MAT"


def single(qid: int = 1, correct: int = 0, **extra: Any) -> dict[str, Any]:
    choices = [{"text": f"Lựa chọn {i}"} for i in range(4)]
    choices[correct]["correct"] = True
    return {
        "id": qid,
        "kind": "single",
        "text": f"Câu hỏi một đáp án {qid}?",
        "choices": choices,
        "explanation": f"{SECRET_EXPLANATION}-{qid}",
        "time_limit_s": 20,
        "points": "standard",
        **extra,
    }


def multiple(qid: int = 2, correct: tuple[int, ...] = (0, 1), **extra: Any) -> dict[str, Any]:
    choices = [{"text": f"Phương án {i}"} for i in range(4)]
    for i in correct:
        choices[i]["correct"] = True
    return {
        "id": qid,
        "kind": "multiple",
        "text": "Chọn mọi cách bảo vệ tài khoản",
        "choices": choices,
        "explanation": f"{SECRET_EXPLANATION}-{qid}",
        "time_limit_s": 20,
        **extra,
    }


def true_false(qid: int = 3, answer: bool = True, **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "kind": "true_false",
        "text": "Không bao giờ chia sẻ mã OTP",
        "answer": answer,
        "explanation": f"{SECRET_EXPLANATION}-{qid}",
        "time_limit_s": 10,
        **extra,
    }


def type_answer(qid: int = 4, **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "kind": "type_answer",
        "text": "Chuỗi bí mật dùng để đăng nhập gọi là gì?",
        "answers": ["MẬT KHẨU BÍ MẬT", "SECRET-PASSPHRASE"],
        "accent_insensitive": True,
        "explanation": f"{SECRET_EXPLANATION}-{qid}",
        "time_limit_s": 30,
        **extra,
    }


def ordering(qid: int = 5, **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "kind": "ordering",
        "text": "Xếp các bước theo đúng thứ tự",
        "items": ["Bước một", "Bước hai", "Bước ba", "Bước bốn"],
        "explanation": f"{SECRET_EXPLANATION}-{qid}",
        "time_limit_s": 30,
        **extra,
    }


def poll(qid: int = 6, **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "kind": "poll",
        "text": "Bạn dùng trình quản lý mật khẩu chưa?",
        "choices": [{"text": "Rồi"}, {"text": "Chưa"}, {"text": "Không biết"}],
        "time_limit_s": 15,
        **extra,
    }


ALL_KINDS = (single, multiple, true_false, type_answer, ordering, poll)


def new_game(questions: list[dict[str, Any]], seed: int = 7, **options: Any) -> Game:
    return Game.create(questions, GameOptions(**options), seed=seed)


def join(game: Game, *player_ids: str, now: int = 0, **fields: Any) -> None:
    for pid in player_ids:
        game.handle(Join(pid, f"Bạn {pid}", fields.get("school", ""), fields.get("cls", "")), now)


def open_game(
    questions: list[dict[str, Any]], players: tuple[str, ...] = ("p1", "p2"), **options: Any
) -> Game:
    """Return a started game with the first question OPEN at time 1000 (no preview)."""
    options.setdefault("preview_ms", 0)
    game = new_game(questions, **options)
    join(game, *players)
    game.handle(Start(), 1000)
    return game


def shown(game: Game, index: int, native: int) -> int:
    """Return the displayed position of a native choice/item index."""
    return game.questions[index].display.index(native)


def correct_shown(game: Game, index: int) -> tuple[int, ...]:
    q = game.questions[index]
    return tuple(sorted(shown(game, index, i) for i in q.correct))


def wrong_shown(game: Game, index: int) -> int:
    q = game.questions[index]
    return next(shown(game, index, i) for i in range(len(q.choices)) if i not in q.correct)


def advance_to_next_question(game: Game, now: int) -> None:
    """From CLOSED: reveal, leaderboard, next question's preview (or open without preview)."""
    for _ in range(3):
        game.handle(Next(), now)


def refused(game: Game, command, now: int = 2000) -> str:
    """The code of the error `command` is refused with; the refusal leaves the game as it was."""
    before = game.snapshot()
    with pytest.raises(InvalidCommand) as info:
        game.handle(command, now)
    assert game.snapshot() == before
    assert info.value.code in ERROR_CODES
    return info.value.code
