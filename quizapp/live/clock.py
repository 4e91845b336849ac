"""The server's clock for games: integer milliseconds since the epoch (survives restarts)."""

import time


def now_ms() -> int:
    return int(time.time() * 1000)
