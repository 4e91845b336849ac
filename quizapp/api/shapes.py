"""What the API returns for a question, a contest and a game: plain JSON-ready dicts."""

from datetime import datetime

from flask import current_app, url_for

from quizapp.config import public_url
from quizapp.contests.live.links import join_url
from quizapp.contests.models import DEFAULT_OPTIONS
from quizapp.live.tokens import screen_key


def when(moment: datetime | None) -> str | None:
    """A stored (naive UTC) time as ISO 8601 with its zone."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def absolute(endpoint: str, **values) -> str:
    return public_url(current_app) + url_for(endpoint, **values)


def question(row) -> dict:
    """A bank question as a contest builder needs it: never which answer is right."""
    body = row.body or {}
    return {"id": row.id, "topic": row.topic.slug, "kind": row.kind, "text": row.text,
            "difficulty": row.difficulty, "audience": row.audiences, "status": row.status,
            "choices": [choice["text"] for choice in body.get("choices", [])]}


def contest(row) -> dict:
    return {
        "id": row.id, "title": row.title, "practice": row.practice,
        "options": {name: row.option(name) for name in DEFAULT_OPTIONS},
        "questions": [{"id": item.question_id, "position": item.position,
                       "time_limit_s": item.time_limit_s, "points": item.points,
                       "kind": item.question.kind, "text": item.question.text}
                      for item in row.questions],
        "created_at": when(row.created_at),
        "edit_url": absolute("contests.contest_edit", contest_id=row.id),
    }


def game(row, players: int | None = None, answers: int | None = None) -> dict:
    shown = {
        "id": row.id, "contest_id": row.contest_id, "status": row.status, "pin": row.pin,
        "join_url": join_url(row.pin) if row.pin else None,
        "host_console_url": absolute("live.host_console", game_id=row.id),
        "screen_url": absolute("live.big_screen", game_id=row.id, key=screen_key(row.id)),
        "results_url": absolute("contests.game_results", game_id=row.id),
        "created_at": when(row.created_at), "started_at": when(row.started_at),
        "finished_at": when(row.finished_at),
    }
    if players is not None:
        shown.update(players=players, answers=answers)
    return shown
