"""Forwarding in batches: what the pusher and the readers do against a real Redis."""

import pytest
import redis

from quizapp.contests.live.cluster import (
    LIST_TTL_S,
    READ_AT_ONCE,
    Pusher,
    blocking_reader,
    read_waiting,
)
from tests.server import RedisServer, free_port


def test_queued_messages_go_out_together_in_order_with_a_time_to_live(tmp_path):
    server = RedisServer(tmp_path).start()
    try:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        pusher = Pusher(client)
        for n in range(3):
            pusher.push("quizapp:inbox:w1", f"request {n}")
        pusher.push("quizapp:replies:w2", "reply 0")
        assert client.llen("quizapp:inbox:w1") == 0  # nothing leaves before the flush
        pusher.flush()
        assert client.lrange("quizapp:inbox:w1", 0, -1) == ["request 0", "request 1",
                                                             "request 2"]
        assert client.lrange("quizapp:replies:w2", 0, -1) == ["reply 0"]
        assert 0 < client.ttl("quizapp:inbox:w1") <= LIST_TTL_S
        assert client.info("commandstats")["cmdstat_rpush"]["calls"] == 2  # one per list
    finally:
        server.stop()


def test_a_reader_takes_everything_waiting_in_one_go(tmp_path):
    server = RedisServer(tmp_path).start()
    try:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        client.rpush("quizapp:inbox:w1", *(f"m{n}" for n in range(READ_AT_ONCE + 5)))
        first = read_waiting(client, "quizapp:inbox:w1")
        assert first == [f"m{n}" for n in range(READ_AT_ONCE + 1)]
        assert read_waiting(client, "quizapp:inbox:w1") == [f"m{n}" for n in
                                                           range(READ_AT_ONCE + 1,
                                                                 READ_AT_ONCE + 5)]
        assert read_waiting(client, "quizapp:inbox:w1") == []  # after waiting a second
    finally:
        server.stop()


def test_messages_that_cannot_be_sent_tell_their_senders():
    """A forwarded request must not wait 40 s for a reply to a request never sent."""
    client = redis.Redis(port=free_port(), socket_connect_timeout=1)  # nobody listens there
    pusher = Pusher(client)
    told = []
    pusher.push("quizapp:inbox:w1", "request", on_error=lambda: told.append("request"))
    pusher.push("quizapp:replies:w2", "reply")  # a reply has nobody to tell
    pusher.flush()
    assert told == ["request"]
    pusher.flush()  # the failed batch is not sent again
    assert told == ["request"]


def test_a_reader_waits_out_a_redis_stall_longer_than_redis_pys_default_timeout(tmp_path):
    """redis-py's default 5 s socket timeout would end the inbox reader during a 6 s stall."""
    server = RedisServer(tmp_path).start()
    try:
        reader = blocking_reader(server.url)
        reader.ping()
        redis.Redis.from_url(server.url).client_pause(6000)  # every client waits 6 s
        assert read_waiting(reader, "quizapp:inbox:w1") == []
        stock = redis.Redis.from_url(server.url, decode_responses=True)
        stock.ping()
        redis.Redis.from_url(server.url).client_pause(6000)
        with pytest.raises(redis.TimeoutError):
            read_waiting(stock, "quizapp:inbox:w1")
    finally:
        server.stop()
