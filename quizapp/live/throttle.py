"""Rate limits for socket events.

Shared limits (per address, per game, per PIN, per seat) are counted by the maintained `limits`
library: in Redis when the message queue is Redis, so N workers enforce one limit and not N,
else in this process's memory, where entries expire one by one (a flood of distinct keys never
empties the table). Per-connection limits stay in the process that holds the connection: a
connection lives on one worker (sticky sessions), its counters go when it disconnects, and the
answer path, thousands of events a second, pays about 1 µs instead of a storage round trip.
"""

import logging
import threading
import time
from collections import deque
from functools import lru_cache

from flask import current_app
from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)
EXTENSION = "quizapp.throttle"


def storage_uri(config) -> str:
    """Where shared counters live: QUIZAPP_RATE_LIMIT_STORAGE, else the Redis queue, else memory."""
    queue = config.get("MESSAGE_QUEUE") or ""
    default = queue if queue.startswith(("redis://", "rediss://")) else "memory://"
    return config.get("RATE_LIMIT_STORAGE") or default


def init_app(app) -> None:
    uri = storage_uri(app.config)
    options = {"key_prefix": "quizapp-limits"} if uri.startswith("redis") else {}
    storage = storage_from_string(uri, wrap_exceptions=True, **options)
    app.extensions[EXTENSION] = MovingWindowRateLimiter(storage)


@lru_cache(maxsize=512)
def _item(limit: int, per_seconds: int) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(limit, per_seconds)


def _limiter(app=None) -> MovingWindowRateLimiter:
    return (app or current_app).extensions[EXTENSION]


def allow(key: str, limit: int, per_seconds: int) -> bool:
    """Record one event for `key` (shared by every worker); tell whether it is within
    `limit` per `per_seconds`. If the storage is unreachable the event is allowed (and logged):
    a Redis hiccup must not turn every player away."""
    try:
        return _limiter().hit(_item(limit, int(per_seconds)), key)
    except StorageError as failure:
        log.warning("rate-limit storage unreachable (%s): %s allowed", failure, key)
        return True


def used(key: str, limit: int, per_seconds: int) -> int:
    """Return how many events `key` recorded in its window (without recording one)."""
    try:
        stats = _limiter().get_window_stats(_item(limit, int(per_seconds)), key)
    except StorageError:
        return 0
    return limit - stats.remaining


def reset(app) -> None:
    """Forget every counter (tests; a worker restart does the same for its memory)."""
    _limiter(app).storage.reset()
    with _lock:
        _connections.clear()


# ------------------------------------------------------------------ per connection, in process
_connections: dict[str, dict[str, deque]] = {}
_lock = threading.Lock()
_now = time.monotonic  # one name, so a test can hold the clock still


def allow_connection(sid: str, name: str, limit: int, per_seconds: float) -> bool:
    """Record one `name` event of connection `sid`; tell whether it is within the limit."""
    now = _now()
    with _lock:
        windows = _connections.setdefault(sid, {})
        window = windows.get(name)
        if window is None:
            window = windows[name] = deque()
        while window and now - window[0] > per_seconds:
            window.popleft()
        if len(window) >= limit:
            return False
        window.append(now)
        return True


def forget_connection(sid: str) -> None:
    """Drop a closed connection's counters."""
    with _lock:
        _connections.pop(sid, None)
