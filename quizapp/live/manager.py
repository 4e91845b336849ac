"""Socket.IO client managers: a disconnect costs O(its rooms), and one message per room.

python-socketio finds the rooms of a leaving client by scanning every room of the namespace.
Every client has a room of its own and every phone a player room, so with N phones each
disconnect walks 2N rooms, and a hall or a TV audience leaving at once costs O(N²): 16 % of a
worker's CPU over a 10,000-phone game, most of it in the minute everyone left
(docs/performance.md). These managers keep an index from (namespace, client) to its rooms and
let the library's own disconnect see only those rooms.

They also send each room a payload of its own in one go (`emit_each`): after a reveal every
phone gets its own score block. Through the stock Redis manager that is one PUBLISH per
phone, which every worker decodes (110,000 per 10,000-phone game); here it is one message
carrying every block, and each worker hands its own phones theirs. This is delivery, like the
library's own manager: what is sent is still decided in dispatch.py alone (DESIGN rule 3),
whose `send_each` is the only caller.
"""

import logging

import engineio
import socketio

log = logging.getLogger(__name__)
EMIT_EACH = "quizapp.emit_each"  # our message on the Socket.IO channel


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

    def emit_each(self, event: str, payloads: dict, namespace: str) -> None:
        """Send every room in `payloads` its own payload."""
        self.emit_each_here(event, payloads, namespace)

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

    def emit_each(self, event: str, payloads: dict, namespace: str) -> None:
        self.emit_each_here(event, payloads, namespace)
        self._publish({"method": EMIT_EACH, "event": event, "payloads": payloads,
                       "namespace": namespace, "host_id": self.host_id})

    def _listen(self):
        """Take our own messages out of the channel; hand the library the others decoded."""
        for message in super()._listen():
            try:
                data = self.json.loads(message)
            except (TypeError, ValueError):
                continue  # not ours, and the library would drop it too
            if isinstance(data, dict) and data.get("method") == EMIT_EACH:
                if data.get("host_id") != self.host_id:
                    try:
                        self.emit_each_here(data["event"], data["payloads"], data["namespace"])
                    except Exception:  # one bad message must not stop the listener
                        log.exception("emit_each from the message queue")
                continue
            yield data


def client_manager(message_queue: str | None):
    """The manager for this configuration, or None to let Flask-SocketIO choose its own."""
    if not message_queue:
        return IndexedManager()
    if message_queue.startswith(("redis://", "rediss://")):
        return IndexedRedisManager(message_queue, channel="flask-socketio")
    return None
