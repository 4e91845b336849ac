"""Kill the real server mid-question, restart it: phones resume, no acknowledged answer is lost."""

import os
import time

import pytest
import socketio

from tests.server import LiveServer

pytestmark = pytest.mark.skipif(bool(os.environ.get("QUIZAPP_TEST_DATABASE_URL")),
                                reason="runs once, on the SQLite default")


class Phone:
    """A phone: a real Socket.IO client that remembers its token and resumes on reconnect."""

    def __init__(self, url, pin, nickname):
        self.events = []
        self.token = None
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2,
                                      reconnection_delay_max=0.5)
        for name in ("question", "closed", "reveal", "leaderboard", "game_over"):
            self.client.on(name, self._remember(name), namespace="/play")
        self.client.connect(url, namespaces=["/play"], transports=["websocket"])
        reply = self.call("join", {"pin": pin, "nickname": nickname})
        assert reply["ok"], reply
        self.token = reply["token"]

    def _remember(self, name):
        return lambda payload: self.events.append((name, payload))

    def call(self, event, payload):
        return self.client.call(event, payload, namespace="/play", timeout=10)

    def wait_connected(self, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.client.connected and "/play" in self.client.namespaces:
                return
            time.sleep(0.1)
        raise AssertionError("the phone did not reconnect")


def test_server_crash_mid_question(tmp_path):
    server = LiveServer(tmp_path).setup().start()
    try:
        game = server.open_game(questions=2, time_limit_s=90)
        cookie = server.login_cookie()
        host = socketio.Client()
        host.connect(server.url, namespaces=["/host"], headers={"Cookie": cookie},
                     transports=["websocket"])
        assert host.call("watch", {"game_id": game["id"]}, namespace="/host")["ok"]
        phones = [Phone(server.url, game["pin"], f"Bạn {i}") for i in range(5)]
        assert host.call("command", {"game_id": game["id"], "name": "start"},
                         namespace="/host")["ok"]
        question = game["questions"][0]
        acked = [p.call("answer", {"question": question, "choices": [i % 2]})
                 for i, p in enumerate(phones[:3])]
        assert all(a["ok"] for a in acked), acked

        server.kill()
        host.disconnect()
        server.start()

        for phone in phones:
            phone.wait_connected()
            resumed = phone.call("resume", {"token": phone.token})
            assert resumed["ok"], resumed
            assert resumed["state"]["phase"] == "open"
        states = [p.call("resume", {"token": p.token})["state"]["me"] for p in phones]
        assert [s["answered"] for s in states] == [True, True, True, False, False]
        assert phones[0].call("answer", {"question": question, "choices": [1]})["error"] == \
            "already_answered"
        for phone in phones[3:]:
            assert phone.call("answer", {"question": question, "choices": [0]})["ok"]

        host = socketio.Client()
        host.connect(server.url, namespaces=["/host"], headers={"Cookie": server.login_cookie()},
                     transports=["websocket"])
        state = host.call("watch", {"game_id": game["id"]}, namespace="/host")["state"]
        assert state["phase"] == "closed"  # all five answered: it closed by itself
        host.call("command", {"game_id": game["id"], "name": "next"}, namespace="/host")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
                name == "reveal" for name, _ in phones[0].events):
            time.sleep(0.1)
        reveal = [payload for name, payload in phones[0].events if name == "reveal"][-1]
        assert reveal["reveal"]["answered"] == 5
        assert sum(reveal["reveal"]["distribution"]) == 5
        stored = server.python(
            "from quizapp import create_app\n"
            "from quizapp.contests.models import Answer\n"
            "app = create_app({'ASYNC_MODE': 'threading'})\n"
            "with app.app_context():\n"
            f"    print(Answer.query.filter_by(game_id={game['id']}).count())\n")
        assert stored.strip().splitlines()[-1] == "5"
        host.disconnect()
        for phone in phones:
            phone.client.disconnect()
    finally:
        server.stop()
