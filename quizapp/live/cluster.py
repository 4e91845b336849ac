"""Several workers, one authority per game: leases and request forwarding through Redis.

With a message queue (QUIZAPP_MESSAGE_QUEUE=redis://...), every worker serves sockets, and a
game's players may be spread over all of them. Each game is owned by one worker, which holds
a lease in Redis (`quizapp:lease:<game>`, renewed every second, expiring after LEASE_MS). A
worker that receives a request for a game it does not own pushes it onto the owner's inbox
list and waits for the reply on its own reply list. The owner's emits reach every worker's
sockets through the message queue (Flask-SocketIO's Redis manager).

When the owner dies its lease lapses; the next request for the game is taken by whichever
worker receives it, which restores the game from its snapshot and the stored answers.
"""

import json
import logging
import os
import socket
import threading
import time
import uuid

import redis

from quizapp.extensions import socketio
from quizapp.live.operations import Refused

log = logging.getLogger(__name__)
LEASE_MS = 5000
FORWARD_TIMEOUT_S = 15.0
# Renew the lease only if we still hold it; take it back if Redis lost it (a restart).
RENEW = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not holder then return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0 end
return 0
"""


def lease_key(game_id: int) -> str:
    return f"quizapp:lease:{game_id}"


class Cluster:
    """This worker's view of the cluster: its leases, inbox and pending forwarded requests."""

    def __init__(self, registry, url: str):
        self.registry = registry
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5,
                                          health_check_interval=10)
        # Blocking reads hold a connection each: give them their own clients.
        self._inbox_reader = redis.Redis.from_url(url, decode_responses=True)
        self._reply_reader = redis.Redis.from_url(url, decode_responses=True)
        self.inbox = f"quizapp:inbox:{self.worker_id}"
        self.replies = f"quizapp:replies:{self.worker_id}"
        self._waiting: dict[str, tuple[threading.Event, list]] = {}
        self._renew = self.redis.register_script(RENEW)
        self.started = False

    # ------------------------------------------------------------------ leases
    def owns_or_acquires(self, game_id: int) -> bool:
        """Tell whether this worker owns the game, taking the lease if nobody holds it."""
        key = lease_key(game_id)
        holder = self.redis.get(key)
        if holder == self.worker_id:
            return True
        if holder is None and self.redis.set(key, self.worker_id, nx=True, px=LEASE_MS):
            self.registry.forget(game_id)  # whatever we cached may be stale: reload
            return True
        return False

    def renew_leases(self) -> None:
        """Keep the leases of the games this worker runs; drop the games it lost."""
        for game_id in list(self.registry.games):
            try:
                kept = self._renew(keys=[lease_key(game_id)], args=[self.worker_id, LEASE_MS])
            except redis.RedisError:
                log.warning("cannot renew the lease of game %s (Redis unreachable)", game_id)
                continue
            if not kept:
                log.warning("game %s is now owned by another worker", game_id)
                self.registry.forget(game_id)

    def release(self, game_id: int) -> None:
        self.redis.delete(lease_key(game_id))

    # ------------------------------------------------------------------ forwarding
    def forward(self, game_id: int, operation: str, args: dict) -> dict:
        """Carry out a request on the game's owner (or here, if ownership came to us)."""
        from quizapp.live.authority import execute_forwarded

        deadline = time.monotonic() + FORWARD_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.owns_or_acquires(game_id):
                return execute_forwarded(self.registry, game_id, operation, args)
            owner = self.redis.get(lease_key(game_id))
            if owner is None:
                continue
            request_id = uuid.uuid4().hex
            done, box = threading.Event(), []
            self._waiting[request_id] = (done, box)
            try:
                self.redis.rpush(f"quizapp:inbox:{owner}", json.dumps({
                    "id": request_id, "reply_to": self.worker_id, "game_id": game_id,
                    "operation": operation, "args": args}))
                if done.wait(LEASE_MS / 1000 + 1):
                    return box[0]
            finally:
                self._waiting.pop(request_id, None)
            # No reply: the owner may have died. Its lease lapses soon; then we take over.
            log.warning("worker %s did not answer for game %s; retrying", owner, game_id)
            socketio.sleep(0.5)
        raise Refused("unavailable")

    def start(self, app) -> None:
        """Start reading this worker's inbox and replies (once per process)."""
        if self.started:
            return
        self.started = True
        socketio.start_background_task(self._read_inbox, app)
        socketio.start_background_task(self._read_replies)

    def _read_inbox(self, app):
        while True:
            try:
                item = self._inbox_reader.blpop([self.inbox], timeout=1)
            except redis.RedisError:
                log.warning("inbox: Redis unreachable; retrying")
                socketio.sleep(1)
                continue
            if item:
                socketio.start_background_task(self._serve, app, json.loads(item[1]))

    def _serve(self, app, request):
        from quizapp.live.authority import execute_forwarded

        with app.app_context():
            try:
                reply = execute_forwarded(self.registry, request["game_id"],
                                          request["operation"], request["args"])
            except Exception:  # the caller must get an answer, not a timeout
                log.exception("forwarded %s", request["operation"])
                reply = {"refused": "server_error"}
        key = f"quizapp:replies:{request['reply_to']}"
        self.redis.rpush(key, json.dumps({"id": request["id"], "reply": reply}))
        self.redis.expire(key, 60)

    def _read_replies(self):
        while True:
            try:
                item = self._reply_reader.blpop([self.replies], timeout=1)
            except redis.RedisError:
                socketio.sleep(1)
                continue
            if item:
                message = json.loads(item[1])
                waiting = self._waiting.get(message["id"])
                if waiting:
                    waiting[1].append(message["reply"])
                    waiting[0].set()

    def healthy(self) -> bool:
        try:
            return bool(self.redis.ping())
        except redis.RedisError:
            return False
