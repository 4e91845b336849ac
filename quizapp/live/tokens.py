"""Signed identities: a player's token (bound to one game) and the big screen's key.

Links expire with their game or show: `link_expired` says when (its end plus a grace period).
A show's studio key and seat links carry the episode's link version, so the producer can
rotate them (every earlier link stops working).
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


def _serializer(purpose: str) -> URLSafeSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"], purpose)


@lru_cache(maxsize=64)
def _serializer_for(secret, purpose: str) -> URLSafeSerializer:
    """One serializer per key and purpose: every join signs a token, and building one each
    time (its signer, JSON dumper and salt) cost a fifth of the signing."""
    return URLSafeSerializer(secret, salt=f"quizapp-{purpose}")


def player_token(game_id: int, player_key: str) -> str:
    return _serializer("player").dumps({"g": game_id, "p": player_key})


def read_player_token(token) -> tuple[int, str] | None:
    """Return (game id, player key) of a valid token, else None."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        data = _serializer("player").loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("g"), int):
        return None
    return data["g"], str(data.get("p"))


def screen_key(game_id: int) -> str:
    return _serializer("screen").dumps(game_id)


def screen_key_valid(game_id, key) -> bool:
    if not isinstance(key, str) or len(key) > 200:
        return False
    try:
        return _serializer("screen").loads(key) == game_id
    except BadSignature:
        return False


def seat_token(episode_id: int, seat: int, version: int = 0) -> str:
    """A contestant's buzzer link: bound to one episode, one seat and its link version."""
    return _serializer("seat").dumps({"e": episode_id, "s": seat, "v": version})


def read_seat_token(token) -> tuple[int, int, int] | None:
    """Return (episode id, seat, link version) of a well-signed seat token, else None."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        data = _serializer("seat").loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "esv"):
        return None
    return data["e"], data["s"], data["v"]


def studio_key(episode_id: int, version: int = 0) -> str:
    """The key in the studio screen, overlay and data feed URLs of one episode."""
    return _serializer("studio").dumps([episode_id, version])


def studio_key_valid(episode_id, key, version: int = 0) -> bool:
    if not isinstance(key, str) or len(key) > 200:
        return False
    try:
        return _serializer("studio").loads(key) == [episode_id, version]
    except BadSignature:
        return False


def link_expired(finished_at: datetime | None) -> bool:
    """Tell whether the links of a game or show that ended at `finished_at` (naive UTC; None
    while it runs) have expired: LINK_GRACE_SECONDS after the end."""
    if finished_at is None:
        return False
    grace = timedelta(seconds=current_app.config["LINK_GRACE_SECONDS"])
    return datetime.now(UTC).replace(tzinfo=None) > finished_at + grace
