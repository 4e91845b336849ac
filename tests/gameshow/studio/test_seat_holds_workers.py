"""Two real workers on PostgreSQL and Redis: a seat link open on one worker is in use for a
device opening it through the other, which must ask; taking over tells the first device
through the message queue, and leaving frees the seat for everyone."""

import json
import os

import pytest
import socketio

from tests.server import LiveServer, RedisServer, fresh_postgres_database, wait_for

pytestmark = pytest.mark.skipif(bool(os.environ.get("QUIZAPP_TEST_DATABASE_URL")),
                                reason="starts its own PostgreSQL database and Redis; runs once")
STUDIO = "/studio"
ON_AIR = """
import json
from quizapp import create_app
from quizapp.accounts.models import User
from quizapp.bank.service import load_shipped_bank
from quizapp.gameshow import service
from quizapp.live.tokens import seat_token
app = create_app({"ASYNC_MODE": "threading"})
with app.app_context():
    load_shipped_bank()
    admin = User.query.filter_by(username="admin").one()
    contestants = [{"name": f"Thí sinh {n}", "school": "THPT Kon Tum"} for n in range(1, 5)]
    episode = service.save_episode(admin, "Hai máy chủ", "olympia",
                                   service.demo_content("olympia"), contestants)
    episode = service.start_episode(episode, admin)
    print(json.dumps({"id": episode.id, "seat": seat_token(episode.id, 1)}))
"""


class SeatPage:
    """A contestant's seat page on one worker: its socket and what it was told."""

    def __init__(self, server):
        self.told = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("seat_taken_over", self.told.append, namespace=STUDIO)
        self.client.connect(server.url, namespaces=[STUDIO], transports=["websocket"])

    def call(self, event, payload):
        return self.client.call(event, payload, namespace=STUDIO, timeout=60)

    def watch(self, token, device, **extra):
        return self.call("watch", {"role": "seat", "token": token, "device": device, **extra})


@pytest.fixture
def workers(tmp_path):
    """Two workers sharing a database and Redis; stopped even when one failed to start."""
    redis_server = RedisServer(tmp_path).start()
    servers = [LiveServer(tmp_path, fresh_postgres_database("quizapp_seat_holds_test"),
                          redis_server.url)]
    servers.append(LiveServer(tmp_path, servers[0].env["QUIZAPP_DATABASE_URL"],
                              redis_server.url))
    try:
        servers[0].setup()
        yield [server.start() for server in servers]
    finally:
        for server in servers:
            server.stop()
        redis_server.stop()


def test_a_seat_in_use_on_one_worker_asks_on_the_other(workers):
    first, second = workers
    episode = json.loads(first.python(ON_AIR).strip().splitlines()[-1])
    tablet, phone, laptop = SeatPage(first), SeatPage(second), SeatPage(first)
    try:
        assert tablet.watch(episode["seat"], "tablet-a")["ok"]
        assert phone.watch(episode["seat"], "phone-b")["error"] == "seat_in_use"
        assert tablet.call("buzz", {})["error"] != "not_watching"  # the tablet keeps it

        taken = phone.watch(episode["seat"], "phone-b", take_over=True)
        assert taken["ok"] and taken["seat"] == 1
        wait_for(lambda: tablet.told)  # told by the other worker, through Redis
        assert tablet.told[0]["error"] == "seat_taken_over"
        assert tablet.call("buzz", {})["error"] == "not_watching"

        phone.client.disconnect()  # leaving frees the seat: nobody to ask
        wait_for(lambda: laptop.watch(episode["seat"], "laptop-c").get("ok"))
    finally:
        for page in (tablet, phone, laptop):
            if page.client.connected:
                page.client.disconnect()
