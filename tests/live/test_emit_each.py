"""Each phone its own block in one go: locally, and across workers through a real Redis."""

import json
import logging
import time

import redis
import socketio

from quizapp.live.manager import EMIT_EACH, IndexedManager, IndexedRedisManager
from tests.server import RedisServer, wait_for

NS = "/play"


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
    manager.emit_each("me", {"g1:p:a": {"total": 10}, "g1:p:b": {"total": 20},
                             "g1:p:gone": {"total": 30}}, NS)
    assert sorted(received(server)) == [("e-a", "me", {"total": 10}),
                                        ("e-b", "me", {"total": 20})]  # not the one gone


def test_two_workers_share_one_message_for_every_phones_block(tmp_path):
    redis_server = RedisServer(tmp_path).start()
    channel = "quizapp-test-each"
    first = StoppableRedisManager(redis_server.url, channel=channel)
    second = StoppableRedisManager(redis_server.url, channel=channel)
    workers = [server_with(first), server_with(second)]
    try:
        for manager in (first, second):
            manager.initialize()  # starts the listener thread
        seat(first, "a", "g1:p:a")
        seat(second, "b", "g1:p:b")
        seat(second, "c", "g1:p:c")
        time.sleep(0.3)  # both listeners subscribed
        stats = redis.Redis.from_url(redis_server.url)
        stats.config_resetstat()

        first.emit_each("me", {"g1:p:a": {"rank": 1}, "g1:p:b": {"rank": 2},
                               "g1:p:c": {"rank": 3}}, NS)
        wait_for(lambda: len(workers[1].sent) == 2, seconds=5)
        assert received(workers[0]) == [("e-a", "me", {"rank": 1})]
        assert sorted(received(workers[1])) == [("e-b", "me", {"rank": 2}),
                                                ("e-c", "me", {"rank": 3})]
        assert stats.info("commandstats")["cmdstat_publish"]["calls"] == 1

        # A broken message of ours is dropped; the library's own emits still go through.
        stats.publish(channel, json.dumps({"method": EMIT_EACH, "host_id": "elsewhere"}))
        first.emit("state", {"phase": "open"}, namespace=NS, room="g1:p:c")
        wait_for(lambda: len(workers[1].sent) == 3, seconds=5)
        assert received(workers[1])[-1] == ("e-c", "state", {"phase": "open"})
        time.sleep(0.2)
        assert len(workers[0].sent) == 1  # nothing came back to the sender
    finally:
        first.stopped = second.stopped = True
        time.sleep(0.2)
        redis_server.stop()
