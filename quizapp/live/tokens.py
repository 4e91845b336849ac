"""Signed identities: a player's token (bound to one game) and the big screen's key."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"quizapp-{purpose}")


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


def seat_token(episode_id: int, seat: int) -> str:
    """A contestant's buzzer link: bound to one episode and one seat."""
    return _serializer("seat").dumps({"e": episode_id, "s": seat})


def read_seat_token(token) -> tuple[int, int] | None:
    """Return (episode id, seat) of a valid seat token, else None."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        data = _serializer("seat").loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "es"):
        return None
    return data["e"], data["s"]


def studio_key(episode_id: int) -> str:
    """The key in the studio screen, overlay and data feed URLs of one episode."""
    return _serializer("studio").dumps(episode_id)


def studio_key_valid(episode_id, key) -> bool:
    if not isinstance(key, str) or len(key) > 200:
        return False
    try:
        return _serializer("studio").loads(key) == episode_id
    except BadSignature:
        return False
