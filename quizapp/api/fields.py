"""Reading a request: a bounded JSON object, query arguments, and each field checked by type
and range, naming the field at fault (`invalid_field`, `unknown_field`)."""

import json

from flask import request

from quizapp.api.errors import ApiError

MAX_BODY = 64 * 1024  # a contest of 100 questions with its options is about 8 KiB
MAX_PER_PAGE = 100


def json_object() -> dict:
    """The request's JSON object, refused when it is not JSON, too large or malformed."""
    if request.mimetype != "application/json":
        raise ApiError("unsupported_media_type")
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise ApiError("too_large")
    data = request.stream.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        raise ApiError("too_large")
    try:
        body = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError("invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError("invalid_json")
    return body


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def only(body: dict, allowed, prefix: str = "") -> None:
    for name in body:
        if name not in allowed:
            raise ApiError("unknown_field", f"{prefix}{name}"[:100])


def text(value, field: str, max_length: int) -> str:
    if not isinstance(value, str) or len(value) > max_length:
        raise ApiError("invalid_field", field)
    return value


def flag(value, field: str) -> bool:
    if not isinstance(value, bool):
        raise ApiError("invalid_field", field)
    return value


def integer(value, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError("invalid_field", field)
    return value


def query_integer(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise ApiError("invalid_field", name)
    return integer(int(raw), name, low, high)


def page_arguments() -> tuple[int, int]:
    """`page` (from 1) and `per_page` (1–100, 20 by default) of a list."""
    return (query_integer("page", 1, 1, 1_000_000),
            query_integer("per_page", 20, 1, MAX_PER_PAGE))


def paginate(query, present) -> dict:
    """One page of `query`, each row through `present`, with the counts to walk the rest."""
    page, per_page = page_arguments()
    total = query.order_by(None).count()
    rows = query.limit(per_page).offset((page - 1) * per_page).all()
    return {"items": [present(row) for row in rows], "page": page, "per_page": per_page,
            "total": total, "has_next": page * per_page < total}
