"""Fixtures for the gameshow: the shipped bank, an episode on air, studio sockets by role."""

import functools

import pytest
import yaml

from quizapp.bank.service import load_shipped_bank
from quizapp.extensions import socketio
from quizapp.gameshow import service
from quizapp.gameshow.models import Episode
from quizapp.gameshow.studio.shows import studio_of
from quizapp.live import throttle
from quizapp.live.tokens import seat_token, studio_key
from tests.conftest import TEST_PASSWORD
from tests.contests import conftest as live_fixtures

# The live games' fixtures: the app without its ticker, and the clock tests move by hand.
live_app = live_fixtures.live_app
clock = live_fixtures.clock
phone = live_fixtures.phone

CONTESTANTS = [{"name": "Nguyễn An", "school": "THPT Kon Tum"},
               {"name": "Trần Bình", "school": "THPT Ngọc Hồi"},
               {"name": "Lê Chi", "school": "THPT Đăk Hà"},
               {"name": "Phạm Dũng", "school": "THPT Sa Thầy"}]
STUDIO = "/studio"


@functools.cache
def episode_keys() -> frozenset[str]:
    """The bank keys the shipped demo episodes name (loading only those keeps tests quick)."""
    found = set()

    def walk(value):
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for name, item in value.items():
                if name != "picture":
                    walk(item)

    for path in service.EPISODE_DIR.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8"))["rounds"])
    return frozenset(found)


@pytest.fixture
def bank(live_app):
    load_shipped_bank(only=set(episode_keys()))


@pytest.fixture
def producer(make_user):
    return make_user("host", username="producer")


def make_episode(user, preset="olympia", contestants=None, start=True) -> Episode:
    contestants = contestants or (CONTESTANTS if preset != "millionaire" else CONTESTANTS[:1])
    episode = service.save_episode(user, f"Tập thử {preset}", preset,
                                   service.demo_content(preset), contestants)
    return service.start_episode(episode, user) if start else episode


@pytest.fixture
def episode(bank, producer):
    return make_episode(producer)


class Studio:
    """Socket.IO test clients for every studio role of one episode."""

    def __init__(self, app, flask_client, episode):
        self.app, self.episode = app, episode
        self.flask_client = flask_client
        self.clients = []

    def _connect(self, **kwargs):
        client = socketio.test_client(self.app, namespace=STUDIO, **kwargs)
        self.clients.append(client)
        return client

    def staff(self, role):
        client = self._connect(flask_test_client=self.flask_client)
        reply = client.emit("watch", {"episode_id": self.episode.id, "role": role},
                            namespace=STUDIO, callback=True)
        assert reply["ok"], reply
        return client

    def seat(self, number):
        client = self._connect()
        reply = client.emit("watch", {"role": "seat", "token": seat_token(self.episode.id, number)},
                            namespace=STUDIO, callback=True)
        assert reply["ok"], reply
        return client

    def screen(self, role="screen"):
        client = self._connect()
        reply = client.emit("watch", {"episode_id": self.episode.id, "role": role,
                                      "key": studio_key(self.episode.id)},
                            namespace=STUDIO, callback=True)
        assert reply["ok"], reply
        return client

    def close(self):
        for client in self.clients:
            if client.is_connected(STUDIO):
                client.disconnect(STUDIO)


@pytest.fixture
def studio(live_app, client, episode, producer):
    client.post("/login", data={"username": producer.username, "password": TEST_PASSWORD})
    studio_of(live_app).shows.clear()
    # Episode ids start again in each test: forget the sockets of earlier tests' seats.
    studio_of(live_app).connections.clear()
    studio_of(live_app).seat_devices.clear()
    throttle.reset(live_app)  # one test's presses stay its own
    room = Studio(live_app, client, episode)
    yield room
    room.close()
    studio_of(live_app).shows.clear()


def send(client, event, payload):
    return client.emit(event, payload, namespace=STUDIO, callback=True)


def command(client, name, **args):
    return send(client, "command", {"name": name, **args})


def received(client):
    return [(m["name"], m["args"][0] if m["args"] else None)
            for m in client.get_received(STUDIO)]


def last_state(client):
    states = [payload for name, payload in received(client) if name == "state"]
    return states[-1] if states else None
