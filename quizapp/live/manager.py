"""Socket.IO client managers: a disconnect costs O(its rooms), and one message per room.

python-socketio finds the rooms of a leaving client by scanning every room of the namespace.
Every client has a room of its own and every phone a player room, so with N phones each
disconnect walks 2N rooms, and a hall or a TV audience leaving at once costs O(N²): 16 % of a
worker's CPU over a 10,000-phone game, most of it in the minute everyone left
(docs/performance.md). These managers keep an index from (namespace, client) to its rooms and
let the library's own disconnect see only those rooms.

They also let the process that holds a phone build that phone's own payload (`emit_built`):
after a reveal every phone gets its own score block. The owner of a game hands over compact
data, split by the worker each phone is on; each worker turns its share into payloads with a
builder registered under a name (`register_builder`) and sends them to its own sockets.
Through the stock Redis manager that would be one PUBLISH per phone, which every worker
decodes (110,000 per 10,000-phone game); here it is one message per worker, and a worker
skips the messages addressed to another one without decoding them. This is delivery, like the
library's own manager: what is sent is still decided in dispatch.py alone (DESIGN rule 3),
which registers the builders and is the only caller.
"""

import json
import logging
from collections.abc import Callable

import engineio
import socketio

log = logging.getLogger(__name__)
# Our message on the Socket.IO channel: a header line (this tag, the worker it is for, or
# EVERY_WORKER, and the sender), then the JSON body. The header is read without decoding.
EMIT_BUILT = "quizapp.emit_built"
EVERY_WORKER = "*"
# name -> build(data, rooms_here) -> {room: payload}; registered by dispatch.py
BUILDERS: dict[str, Callable[[dict, dict], dict]] = {}


def register_builder(name: str, build: Callable[[dict, dict], dict]) -> None:
    """Name `build(data, rooms_here)`, which returns {room: payload} for rooms in this process."""
    BUILDERS[name] = build


def built_message(target: str, sender: str, body: dict) -> str:
    return f"{EMIT_BUILT} {target} {sender}\n{json.dumps(body, separators=(',', ':'))}"


def split_built(message) -> tuple[str, str, bytes | str] | None:
    """Return (target, sender, undecoded body) of one of our messages; None for the library's
    own (JSON objects, which never start with our tag)."""
    if isinstance(message, bytes):
        if not message.startswith(EMIT_BUILT.encode()):
            return None
        header, _, body = message.partition(b"\n")
        parts = header.decode("utf-8", "replace").split(" ")
    elif isinstance(message, str) and message.startswith(EMIT_BUILT):
        header, _, body = message.partition("\n")
        parts = header.split(" ")
    else:
        return None
    return (parts[1], parts[2], body) if len(parts) == 3 else ("", "", body)


class IndexedRooms:
    """Mixin for a python-socketio manager: a reverse index of the rooms each client is in."""

    @property
    def _rooms_of(self) -> dict:
        index = self.__dict__.get("_room_index")
        if index is None:
            index = self.__dict__["_room_index"] = {}
        return index

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self._rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        mine = self._rooms_of.get((namespace, sid))
        if mine is not None:
            mine.discard(room)
            if not mine:
                del self._rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid, namespace, **kwargs):
        everything = self.rooms.get(namespace)
        mine = self._rooms_of.pop((namespace, sid), set())
        if everything is None:
            return super().basic_disconnect(sid, namespace, **kwargs)
        # The library scans self.rooms[namespace]: show it only this client's rooms (the same
        # room objects), then carry the rooms it emptied and deleted over to the full map.
        self.rooms[namespace] = {room: everything[room] for room in mine if room in everything}
        try:
            super().basic_disconnect(sid, namespace, **kwargs)
        finally:
            seen = self.rooms.get(namespace, {})
            for room in mine:
                if room in everything and room not in seen:
                    del everything[room]
            if everything:
                self.rooms[namespace] = everything
            else:
                self.rooms.pop(namespace, None)

    def emit_built(self, event: str, namespace: str, builder: str, shares: dict) -> None:
        """Send every worker its share of `data` (by worker id; None: every worker); each
        builds its own rooms' payloads with the builder named `builder`."""
        for data in shares.values():
            self.build_here(event, namespace, builder, data)

    def build_here(self, event: str, namespace: str, builder: str, data: dict) -> None:
        here = self.rooms.get(namespace)
        if here:
            self.emit_each_here(event, BUILDERS[builder](data, here), namespace)

    def emit_each_here(self, event: str, payloads: dict, namespace: str) -> None:
        """Send the rooms that have clients in this process their payloads.

        Each payload is encoded once, as `Manager.emit` does for a room, without its
        per-call argument handling: a reveal sends one of these per phone.
        """
        here = self.rooms.get(namespace)
        if not here:
            return
        make_packet, send = self.server.packet_class, self.server._send_eio_packet
        for room, data in payloads.items():
            members = here.get(room)
            if not members:
                continue
            encoded = make_packet(socketio.packet.EVENT, namespace=namespace,
                                  data=[event, data]).encode()
            message = engineio.packet.Packet(engineio.packet.MESSAGE, encoded)
            for eio_sid in list(members.values()):
                send(eio_sid, message)


class IndexedManager(IndexedRooms, socketio.Manager):
    """One process, no message queue."""


class IndexedRedisManager(IndexedRooms, socketio.RedisManager):
    """Several workers sharing a Redis message queue."""

    def emit_built(self, event: str, namespace: str, builder: str, shares: dict) -> None:
        for target, data in shares.items():
            if target == self.host_id or target is None:
                self.build_here(event, namespace, builder, data)
            if target != self.host_id:
                self._publish_raw(built_message(
                    target or EVERY_WORKER, self.host_id,
                    {"event": event, "namespace": namespace, "builder": builder, "data": data}))

    def _publish_raw(self, message: str) -> None:
        """Publish an already encoded message (retried once, as the library's `_publish`)."""
        for attempt in (1, 2):
            try:
                if not self.connected:
                    self._redis_connect()
                self.redis.publish(self.channel, message)
                return
            except Exception:  # the library's own publish logs and gives up the same way
                self.connected = False
                if attempt == 2:
                    log.error("cannot publish to Redis: %d bytes for other workers lost",
                              len(message))

    def _listen(self):
        """Take our own messages out of the channel; hand the library the others decoded."""
        for message in super()._listen():
            built = split_built(message)
            if built is None:
                try:
                    data = self.json.loads(message)
                except (TypeError, ValueError):
                    continue  # not ours, and the library would drop it too
                yield data
                continue
            target, sender, body = built
            if sender == self.host_id or target not in (self.host_id, EVERY_WORKER):
                continue  # sent by us, or another worker's share: never decoded
            try:
                body = json.loads(body)
                self.build_here(body["event"], body["namespace"], body["builder"],
                                body["data"])
            except Exception:  # one bad message must not stop the listener
                log.exception("emit_built from the message queue")


def client_manager(message_queue: str | None):
    """The manager for this configuration, or None to let Flask-SocketIO choose its own."""
    if not message_queue:
        return IndexedManager()
    if message_queue.startswith(("redis://", "rediss://")):
        return IndexedRedisManager(message_queue, channel="flask-socketio")
    return None
