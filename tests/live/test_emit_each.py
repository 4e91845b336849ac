"""Each phone its own block, built where the phone is: locally, and across workers through a
real Redis (one message per worker; a worker never decodes another one's share)."""

import json
import logging
import time

import redis
import socketio

from quizapp.live.manager import (
    EMIT_BUILT,
    IndexedManager,
    IndexedRedisManager,
    built_message,
    register_builder,
)
from tests.server import RedisServer, wait_for

NS = "/play"


def build_totals(data, rooms_here):
    """A test builder: {"total": n} for each room of the share that has a client here."""
    return {room: {"total": total} for room, total in data.items() if room in rooms_here}


register_builder("test-totals", build_totals)


class StoppableRedisManager(IndexedRedisManager):
    """The manager under test, with a listener the test can end (the library's never ends)."""

    stopped = False

    def _redis_listen_with_retries(self):
        self._redis_connect()
        self.pubsub.subscribe(self.channel)
        while not self.stopped:
            message = self.pubsub.get_message(timeout=0.05)
            if message:
                yield message


def server_with(manager):
    """A python-socketio server whose outgoing packets are recorded instead of sent."""
    quiet = logging.getLogger("tests.emit_each")
    quiet.setLevel(logging.CRITICAL)  # the ended listener says so
    server = socketio.Server(client_manager=manager, async_mode="threading", logger=quiet)
    server.sent = []
    server._send_eio_packet = lambda eio_sid, pkt: server.sent.append((eio_sid, pkt.data))
    return server


def seat(manager, sid, *rooms):
    manager.basic_enter_room(sid, NS, None, eio_sid=f"e-{sid}")
    for room in rooms:
        manager.basic_enter_room(sid, NS, room, eio_sid=f"e-{sid}")


def received(server):
    """(eio sid, event, payload) of every recorded packet."""
    out = []
    for eio_sid, data in server.sent:
        event, payload = json.loads(data[len("2" + NS + ","):])
        out.append((eio_sid, event, payload))
    return out


def test_each_room_gets_its_own_payload_in_one_process():
    manager = IndexedManager()
    server = server_with(manager)
    seat(manager, "a", "g1:players", "g1:p:a")
    seat(manager, "b", "g1:players", "g1:p:b")
    manager.emit_built("me", NS, "test-totals", {
        None: {"g1:p:a": 10, "g1:p:gone": 30}, "elsewhere": {"g1:p:b": 20}})
    assert sorted(received(server)) == [("e-a", "me", {"total": 10}),
                                        ("e-b", "me", {"total": 20})]  # not the one gone


class CountingRedisManager(StoppableRedisManager):
    """Counts the shares this worker built (decoded) from the message queue."""

    def build_here(self, event, namespace, builder, data):
        self.__dict__.setdefault("built", []).append(sorted(data))
        super().build_here(event, namespace, builder, data)


def test_each_worker_builds_its_own_phones_blocks_from_its_share(tmp_path):
    redis_server = RedisServer(tmp_path).start()
    channel = "quizapp-test-built"
    first, second, third = (CountingRedisManager(redis_server.url, channel=channel)
                            for _ in range(3))
    workers = [server_with(first), server_with(second), server_with(third)]
    try:
        for manager in (first, second, third):
            manager.initialize()  # starts the listener thread
        seat(first, "a", "g1:p:a")
        seat(second, "b", "g1:p:b")
        seat(second, "c", "g1:p:c")
        seat(third, "d", "g1:p:d")
        time.sleep(0.3)  # the listeners subscribed
        stats = redis.Redis.from_url(redis_server.url)
        stats.config_resetstat()

        first.emit_built("me", NS, "test-totals", {
            first.host_id: {"g1:p:a": 1}, second.host_id: {"g1:p:b": 2, "g1:p:c": 3},
            None: {"g1:p:d": 4}})  # d's worker is not known: every worker looks
        wait_for(lambda: len(workers[1].sent) == 2 and len(workers[2].sent) == 1, seconds=5)
        assert received(workers[0]) == [("e-a", "me", {"total": 1})]
        assert sorted(received(workers[1])) == [("e-b", "me", {"total": 2}),
                                                ("e-c", "me", {"total": 3})]
        assert received(workers[2]) == [("e-d", "me", {"total": 4})]
        assert stats.info("commandstats")["cmdstat_publish"]["calls"] == 2
        # the third worker decoded only the share for every worker, never the second's
        assert third.built == [["g1:p:d"]]
        assert sorted(second.built) == [["g1:p:b", "g1:p:c"], ["g1:p:d"]]

        # Broken messages of ours are dropped; the library's own emits still go through.
        for bad in (f"{EMIT_BUILT} * elsewhere\n{{not json", f"{EMIT_BUILT} *\n{{}}",
                    built_message("*", "elsewhere", {"event": "me", "namespace": NS,
                                                     "builder": "unknown", "data": {}}),
                    built_message("*", "elsewhere", {"event": "me", "namespace": NS,
                                                     "builder": "test-totals", "data": [1]})):
            stats.publish(channel, bad)
        first.emit("state", {"phase": "open"}, namespace=NS, room="g1:p:c")
        wait_for(lambda: len(workers[1].sent) == 3, seconds=5)
        assert received(workers[1])[-1] == ("e-c", "state", {"phase": "open"})
        time.sleep(0.2)
        assert len(workers[0].sent) == 1  # nothing came back to the sender
    finally:
        for manager in (first, second, third):
            manager.stopped = True
        time.sleep(0.2)
        redis_server.stop()
