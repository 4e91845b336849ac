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


# Guessing: a wrong code costs the address its next tries for a minute, and a game that
# collects many wrong codes stops checking codes from any address that typed a wrong one.
WRONG_PER_ADDRESS = 5
WRONG_PER_GAME = 50
WRONG_WINDOW_S = 60


def may_try(game_id: int, address: str) -> bool:
    """Tell whether `address` may have a code checked for this game now."""
    from quizapp.live.throttle import used

    mine = used(f"code-wrong:{game_id}:{address}", WRONG_PER_ADDRESS, WRONG_WINDOW_S)
    if mine >= WRONG_PER_ADDRESS:
        return False
    under_attack = used(f"code-wrong:{game_id}", WRONG_PER_GAME, WRONG_WINDOW_S) >= \
        WRONG_PER_GAME
    return not (under_attack and mine)


def record_wrong(game_id: int, address: str) -> None:
    """Count a wrong code; the first time the game's budget runs out, tell the host."""
    from quizapp.live import dispatch
    from quizapp.live.throttle import allow, used

    allow(f"code-wrong:{game_id}:{address}", WRONG_PER_ADDRESS, WRONG_WINDOW_S)
    allow(f"code-wrong:{game_id}", WRONG_PER_GAME, WRONG_WINDOW_S)
    if used(f"code-wrong:{game_id}", WRONG_PER_GAME, WRONG_WINDOW_S) >= WRONG_PER_GAME and \
            allow(f"code-wrong-alert:{game_id}", 1, 600):
        dispatch.send_host_alert(game_id, "join_code_guessing", {})
