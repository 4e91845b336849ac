"""Several workers, one authority per game: leases and request forwarding through Redis.

With a message queue (QUIZAPP_MESSAGE_QUEUE=redis://...), every worker serves sockets, and a
game's players may be spread over all of them. Each game is owned by one worker, which holds
a lease in Redis (`quizapp:lease:<game>`, renewed every RENEW_EVERY_S, expiring after
LEASE_MS; the worker trusts its own leases without asking Redis on every request). A
worker that receives a request for a game it does not own pushes it onto the owner's inbox
list and waits for the reply on its own reply list. Both directions are batched: whatever
requests (or replies) pile up while one push is on its way go together in the next one, and
a reader takes everything waiting in its list at once, so a busy owner pays a few Redis round
trips per batch rather than several per answer. The owner's emits reach every worker's
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
from quizapp.live.handlers import Refused

log = logging.getLogger(__name__)
LEASE_MS = 15_000
RENEW_EVERY_S = 2.0
# A lease is trusted locally until this long before it would lapse in Redis.
LEASE_MARGIN_S = 5.0
OWNER_CACHE_S = 1.0  # how long a worker remembers who owns a game it does not own
FORWARD_TIMEOUT_S = 40.0
REDIS_CONNECTIONS = 200  # per worker; requests wait for a free one rather than fail
READ_AT_ONCE = 500  # requests or replies taken from a list in one round trip
LIST_TTL_S = 60  # an inbox or reply list nobody reads any more disappears
READER_TIMEOUT_S = 30  # a blocking reader's socket: a dead connection, not a busy one
# Renew the lease only if we still hold it; take it back if Redis lost it (a restart).
RENEW = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not holder then return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0 end
return 0
"""
# Delete the lease only if we still hold it (another worker may have taken it meanwhile).
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def lease_key(game_id: int) -> str:
    return f"quizapp:lease:{game_id}"


class Pusher:
    """Append messages to Redis lists from one greenlet, many messages per round trip."""

    def __init__(self, client):
        self.redis = client
        self._queued: dict[str, list] = {}  # list key -> [(message, on_error)]
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def push(self, key: str, message: str, on_error=None) -> None:
        """Queue `message` for the list `key`; `on_error()` runs if it cannot be sent."""
        with self._lock:
            self._queued.setdefault(key, []).append((message, on_error))
        self._wake.set()

    def run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # keep pushing whatever one batch met
                log.exception("pushing to Redis")

    def flush(self) -> None:
        """Send everything queued: one pipeline, one RPUSH and one EXPIRE per list."""
        with self._lock:
            batch, self._queued = self._queued, {}
        if not batch:
            return
        try:
            pipe = self.redis.pipeline(transaction=False)
            for key, items in batch.items():
                pipe.rpush(key, *(message for message, _ in items))
                pipe.expire(key, LIST_TTL_S)
            pipe.execute()
        except redis.RedisError:
            log.warning("cannot push %d message(s): Redis unreachable",
                        sum(len(items) for items in batch.values()))
            for items in batch.values():
                for _, on_error in items:
                    if on_error is not None:
                        on_error()


def blocking_reader(url: str) -> redis.Redis:
    """A client for BLPOP loops that outlasts a stalled Redis or a saturated worker.

    redis-py 8 gives every socket a 5 s timeout by default: a worker too busy to read a
    1 s BLPOP's reply within 5 s, or a Redis stalled that long, raised "Timeout reading from
    socket" in an inbox reader (seen once in a saturated 10,000-phone run).
    """
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=READER_TIMEOUT_S)


def read_waiting(client, key: str) -> list[str]:
    """Wait up to a second for the list `key`; return everything in it (oldest first)."""
    item = client.blpop([key], timeout=1)
    if not item:
        return []
    return [item[1], *(client.lpop(key, READ_AT_ONCE) or [])]


def parse_message(item: str, fields: tuple[str, ...]) -> dict | None:
    """Decode one inbox or reply message; None (and a warning) for a malformed one.

    Anything that can write to Redis can put anything in a list: one bad message must cost
    that message, never the reader that serves every game of this worker.
    """
    try:
        message = json.loads(item)
    except (TypeError, ValueError):
        message = None
    if not isinstance(message, dict) or any(field not in message for field in fields) \
            or not isinstance(message["id"], str):
        log.warning("dropped a malformed cluster message: %.120r", item)
        return None
    return message


class Cluster:
    """This worker's view of the cluster: its leases, inbox and pending forwarded requests."""

    def __init__(self, registry, url: str):
        self.registry = registry
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        # A bounded pool that makes a request wait for a connection instead of failing
        # (redis-py's default pool raises once 100 requests are in flight).
        pool = redis.BlockingConnectionPool.from_url(
            url, decode_responses=True, max_connections=REDIS_CONNECTIONS, timeout=20,
            socket_timeout=10, health_check_interval=10)
        self.redis = redis.Redis(connection_pool=pool)
        # Blocking reads hold a connection each: give them their own clients.
        self._inbox_reader = blocking_reader(url)
        self._reply_reader = blocking_reader(url)
        self.inbox = f"quizapp:inbox:{self.worker_id}"
        self.replies = f"quizapp:replies:{self.worker_id}"
        self._waiting: dict[str, tuple[threading.Event, list]] = {}
        self._leases: dict[int, float] = {}  # game -> monotonic time we may trust our lease to
        self._owners: dict[int, tuple[str, float]] = {}  # game -> (other owner, until)
        self._renew = self.redis.register_script(RENEW)
        self._release = self.redis.register_script(RELEASE)
        self._pusher = Pusher(self.redis)
        self.started = False

    # ------------------------------------------------------------------ leases
    def owns_or_acquires(self, game_id: int, take: bool = True) -> bool:
        """Tell whether this worker owns the game, taking the lease if nobody holds it.

        With ``take=False`` only tell whether this worker owns it.
        """
        now = time.monotonic()
        if self._leases.get(game_id, 0) > now:
            return True
        known = self._owners.get(game_id)
        if known and known[1] > now:
            return False  # another worker held it a moment ago: no Redis call per request
        key = lease_key(game_id)
        holder = self.redis.get(key)
        if holder == self.worker_id:
            self._trust(game_id)
            return True
        if holder is None and take and self.redis.set(key, self.worker_id, nx=True,
                                                      px=LEASE_MS):
            self.registry.forget(game_id)  # whatever we cached may be stale: reload
            self._trust(game_id)
            return True
        return False

    def _trust(self, game_id: int) -> None:
        self._leases[game_id] = time.monotonic() + LEASE_MS / 1000 - LEASE_MARGIN_S
        self._owners.pop(game_id, None)

    def owner_of(self, game_id: int) -> str | None:
        """Return the worker that owns a game we do not own (remembered for a second)."""
        known = self._owners.get(game_id)
        if known and known[1] > time.monotonic():
            return known[0]
        owner = self.redis.get(lease_key(game_id))
        if owner:
            self._owners[game_id] = (owner, time.monotonic() + OWNER_CACHE_S)
        return owner

    def renew_leases(self) -> None:
        """Keep the leases of the games this worker runs; drop the games it lost or finished.

        The registry forgets a game when it finishes; its lease is then given back rather than
        renewed forever (a late viewer's request is served by whichever worker receives it,
        from the database).
        """
        for game_id in set(self.registry.games) | set(self._leases):
            live = self.registry.games.get(game_id)
            if live is None or live.finished:
                self.release(game_id)
                continue
            try:
                kept = self._renew(keys=[lease_key(game_id)], args=[self.worker_id, LEASE_MS])
            except redis.RedisError:
                log.warning("cannot renew the lease of game %s (Redis unreachable)", game_id)
                continue
            if kept:
                self._trust(game_id)
            else:
                log.warning("game %s is now owned by another worker", game_id)
                self._leases.pop(game_id, None)
                self.registry.forget(game_id)

    def _renew_forever(self) -> None:
        """Renew on its own schedule, not behind the ticker's other work."""
        while True:
            socketio.sleep(RENEW_EVERY_S)
            try:
                self.renew_leases()
            except Exception:  # keep renewing whatever one round met
                log.exception("lease renewal")

    def release(self, game_id: int) -> None:
        """Give up the game: its lease (if still ours) and this worker's copy of it."""
        self._leases.pop(game_id, None)
        self.registry.forget(game_id)
        try:
            self._release(keys=[lease_key(game_id)], args=[self.worker_id])
        except redis.RedisError:
            log.warning("cannot release the lease of game %s; it lapses in %d s", game_id,
                        LEASE_MS // 1000)

    # ------------------------------------------------------------------ forwarding
    def forward(self, game_id: int, operation: str, args: dict) -> dict:
        """Carry out a request on the game's owner (or here, if ownership came to us)."""
        from quizapp.contests.live.authority import execute_forwarded

        deadline = time.monotonic() + FORWARD_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.owns_or_acquires(game_id):
                return execute_forwarded(self.registry, game_id, operation, args)
            owner = self.owner_of(game_id)
            if owner is None:
                socketio.sleep(0.05)
                continue
            request_id = uuid.uuid4().hex
            done, box = threading.Event(), []
            self._waiting[request_id] = (done, box)

            def unsent(box=box, done=done):
                box.append({"refused": "unavailable"})
                done.set()

            try:
                self._pusher.push(f"quizapp:inbox:{owner}", json.dumps({
                    "id": request_id, "reply_to": self.worker_id, "game_id": game_id,
                    "operation": operation, "args": args}), on_error=unsent)
                # Wait while that worker still holds the lease: it is busy, not dead, and a
                # second copy of the request would be carried out twice (an answer counted,
                # then refused as already answered).
                while not done.wait(2.0):
                    # owner_of asks Redis at most once a second for all waiting requests
                    if time.monotonic() > deadline or self.owner_of(game_id) != owner:
                        break
                if box:
                    return box[0]
            finally:
                self._waiting.pop(request_id, None)
            log.warning("worker %s lost game %s without answering; retrying", owner, game_id)
        raise Refused("unavailable")

    def start(self, app) -> None:
        """Start reading this worker's inbox and replies (once per process)."""
        if self.started:
            return
        self.started = True
        socketio.start_background_task(self._read_inbox, app)
        socketio.start_background_task(self._read_replies)
        socketio.start_background_task(self._renew_forever)
        socketio.start_background_task(self._pusher.run)

    def _read_inbox(self, app):
        while True:
            try:
                self.serve_inbox(app)
            except redis.RedisError as error:
                log.warning("inbox: Redis unreachable (%s); retrying", error)
                socketio.sleep(1)
            except Exception:  # a bug costs one round, never the reader
                log.exception("inbox reader")
                socketio.sleep(1)

    def serve_inbox(self, app) -> None:
        """Take the requests waiting in this worker's inbox and start serving each one."""
        tallies: dict[int, list] = {}
        for item in read_waiting(self._inbox_reader, self.inbox):
            request = parse_message(item, ("id", "reply_to", "game_id", "operation", "args"))
            if request is None:
                continue
            if request["operation"] == "tally":  # answers counted elsewhere: no reply
                rows = request["args"].get("rows")
                if isinstance(rows, list) and isinstance(request["game_id"], int):
                    tallies.setdefault(request["game_id"], []).extend(rows)
                continue
            # Each request in its own greenlet: an answer waits for its batch to be stored.
            socketio.start_background_task(self._serve, app, request)
        if tallies:
            socketio.start_background_task(self._count_tallies, app, tallies)

    def _count_tallies(self, app, tallies: dict) -> None:
        """Count the rows workers stored for the games this worker owns (one command each).

        A tally for a game this worker no longer owns is dropped: its rows are stored, and
        the owner reads them before the reveal.
        """
        with app.app_context():
            for game_id, rows in tallies.items():
                try:
                    if self.registry.tallies is None or not self.owns_or_acquires(
                            game_id, take=False):
                        continue
                    live = self.registry.get(game_id)
                    if live is not None:
                        self.registry.tallies.accept(live, rows)
                except Exception:  # the reveal still reads the stored rows
                    log.exception("counting a tally of game %s", game_id)

    def push_tally(self, owner: str, game_id: int, rows: list) -> None:
        """Send the owner of a game the rows of answers stored here (tally.py)."""
        from quizapp.contests.live.tally import tally_message

        self._pusher.push(f"quizapp:inbox:{owner}", tally_message(self.worker_id, game_id, rows))

    def _serve(self, app, request):
        from quizapp.contests.live.authority import execute_forwarded

        with app.app_context():
            try:
                reply = execute_forwarded(self.registry, request["game_id"],
                                          request["operation"], request["args"])
            except Exception:  # the caller must get an answer, not a timeout
                log.exception("forwarded %s", request["operation"])
                reply = {"refused": "server_error"}
        # A reply that cannot be sent is logged by the pusher; the caller then sees the
        # owner still holding the lease and waits until its deadline.
        self._pusher.push(f"quizapp:replies:{request['reply_to']}",
                          json.dumps({"id": request["id"], "reply": reply}))

    def _read_replies(self):
        while True:
            try:
                self.take_replies()
            except redis.RedisError:
                socketio.sleep(1)
            except Exception:  # a bug costs one round, never the reader
                log.exception("reply reader")
                socketio.sleep(1)

    def take_replies(self) -> None:
        """Hand each reply waiting in this worker's reply list to the request that awaits it."""
        for item in read_waiting(self._reply_reader, self.replies):
            message = parse_message(item, ("id", "reply"))
            waiting = self._waiting.get(message["id"]) if message else None
            if waiting:
                waiting[1].append(message["reply"])
                waiting[0].set()

    def healthy(self) -> bool:
        try:
            return bool(self.redis.ping())
        except redis.RedisError:
            return False
