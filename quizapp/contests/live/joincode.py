"""The optional second join step: a short code shown only on the big screen, changing often.

The code is derived from the secret key, the game and the time window, so every worker computes
the same code without sharing state. The current and the previous window are accepted, so a
student who typed it just before it changed is not turned away.
"""

import hashlib
import hmac

WINDOW_MS = 20_000


def window(now_ms: int) -> int:
    return now_ms // WINDOW_MS


def join_code(secret: str, game_id: int, now_ms: int, offset: int = 0) -> str:
    """Return the 4-digit code of `game_id` for the window of `now_ms` (shifted by `offset`)."""
    message = f"{game_id}:{window(now_ms) + offset}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:4], 'big') % 10_000:04d}"


def code_valid(secret: str, game_id: int, now_ms: int, typed) -> bool:
    if not isinstance(typed, str) or len(typed) != 4:
        return False
    return any(hmac.compare_digest(typed, join_code(secret, game_id, now_ms, offset))
               for offset in (0, -1))


def seconds_left(now_ms: int) -> int:
    return (WINDOW_MS - now_ms % WINDOW_MS + 999) // 1000
