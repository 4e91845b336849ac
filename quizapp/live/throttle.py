"""Per-connection and per-address rate limits for socket events (in this process)."""

import threading
import time
from collections import deque

_windows: dict[str, deque] = {}
_lock = threading.Lock()
MAX_KEYS = 200_000


def allow(key: str, limit: int, per_seconds: float) -> bool:
    """Record one event for `key`; tell whether it is within `limit` per `per_seconds`."""
    now = time.monotonic()
    with _lock:
        window = _windows.get(key)
        if window is None:
            if len(_windows) >= MAX_KEYS:
                _windows.clear()  # a flood of distinct keys: start over rather than grow
            window = _windows[key] = deque()
        while window and now - window[0] > per_seconds:
            window.popleft()
        if len(window) >= limit:
            return False
        window.append(now)
        return True
