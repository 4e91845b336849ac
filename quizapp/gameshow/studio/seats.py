"""Who holds a contestant's seat when several workers serve the studio.

One worker sees only its own sockets (`Studio.connections`). With a Redis message queue a
seat held by a socket is also a short-lived key, `quizapp:seat:<episode>:<seat>`, naming
the socket and its device; the holding worker's heartbeat renews it every RENEW_EVERY_S and
a disconnect deletes it (if it is still ours). A seat link opened on another worker then sees
the seat in use and asks before taking over, and the worker that lost it drops its socket's
seat at its next beat. If the worker dies, the key lapses after HOLD_MS.

Redis failing must not keep a contestant off their buzzer: every call here then answers as if
nobody else held the seat (and logs it).
"""

import logging
import time
from typing import NamedTuple

import redis

# The live games' lease scripts: renew only while ours (take it back if Redis lost it), and
# delete only while ours. A seat hold is a lease of one seat by one socket.
from quizapp.contests.live.cluster import RELEASE, RENEW

log = logging.getLogger(__name__)
HOLD_MS = 10_000
RENEW_EVERY_S = 2.0


class Holder(NamedTuple):
    sid: str
    device: str


def seat_key(episode_id: int, seat: int) -> str:
    return f"quizapp:seat:{episode_id}:{seat}"


def _value(sid: str, device: str | None) -> str:
    return f"{sid}|{device or ''}"  # a socket id has no "|"


class SeatHolds:
    """The seats this cluster's sockets hold, in Redis."""

    def __init__(self, url: str):
        self.redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2)
        self._renew = self.redis.register_script(RENEW)
        self._release = self.redis.register_script(RELEASE)
        self._held: dict[str, tuple[int, int, str]] = {}  # sid -> (episode, seat, value)
        self._renewed_at = 0.0

    def holder(self, episode_id: int, seat: int) -> Holder | None:
        """The socket (on any worker) holding the seat now, or None."""
        try:
            value = self.redis.get(seat_key(episode_id, seat))
        except redis.RedisError as failure:
            log.warning("seat holds unreachable (%s): seat %s:%s taken as free", failure,
                        episode_id, seat)
            return None
        if not value:
            return None
        sid, _, device = value.partition("|")
        return Holder(sid, device)

    def claim(self, episode_id: int, seat: int, sid: str, device: str | None) -> None:
        """Make `sid` the seat's holder (the caller asked first when someone else held it)."""
        value = _value(sid, device)
        self._held[sid] = (episode_id, seat, value)
        try:
            self.redis.set(seat_key(episode_id, seat), value, px=HOLD_MS)
        except redis.RedisError as failure:
            log.warning("seat holds unreachable (%s): seat %s:%s not recorded", failure,
                        episode_id, seat)

    def holds(self, sid: str) -> bool:
        """Whether this worker's socket `sid` still holds the seat it claimed."""
        held = self._held.get(sid)
        if held is None:
            return False
        episode_id, seat, value = held
        try:
            return self.redis.get(seat_key(episode_id, seat)) in (value, None)
        except redis.RedisError:
            return True

    def release(self, sid: str) -> None:
        """Give the seat of a socket that left back, unless another device took it since."""
        held = self._held.pop(sid, None)
        if held is None:
            return
        episode_id, seat, value = held
        try:
            self._release(keys=[seat_key(episode_id, seat)], args=[value])
        except redis.RedisError as failure:
            log.warning("seat holds unreachable (%s): seat %s:%s lapses by itself", failure,
                        episode_id, seat)

    def renew(self, force: bool = False) -> list[str]:
        """Keep this worker's seats held (every RENEW_EVERY_S, or now with `force`); return
        the sockets whose seat another device took over on another worker."""
        now = time.monotonic()
        if not self._held or (not force and now - self._renewed_at < RENEW_EVERY_S):
            return []
        self._renewed_at = now
        held = list(self._held.items())
        try:
            pipe = self.redis.pipeline(transaction=False)
            for _, (episode_id, seat, value) in held:
                self._renew(keys=[seat_key(episode_id, seat)], args=[value, HOLD_MS],
                            client=pipe)
            results = pipe.execute()
        except redis.RedisError as failure:
            log.warning("seat holds unreachable (%s): not renewed", failure)
            return []
        lost = [sid for (sid, _), kept in zip(held, results, strict=True) if not kept]
        for sid in lost:
            self._held.pop(sid, None)
        return lost
