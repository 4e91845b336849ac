"""Two real workers on PostgreSQL and Redis share one game (DESIGN: one authority per game).

Players are spread over both workers; every player sees every question, every answer is
counted once, both workers deliver the same leaderboard; the game survives the owner's death
and a Redis restart.
"""

import os
import signal
import time

import pytest
import socketio

from tests.server import LiveServer, RedisServer, fresh_postgres_database, wait_for

pytestmark = pytest.mark.skipif(bool(os.environ.get("QUIZAPP_TEST_DATABASE_URL")),
                                reason="starts its own PostgreSQL database and Redis; runs once")


class Phone:
    def __init__(self, server, pin, nickname):
        self.server = server
        self.events = []
        self.token = None
        self.client = self._connect(server)
        reply = self.call("join", {"pin": pin, "nickname": nickname})
        assert reply["ok"], reply
        self.token = reply["token"]
        self.player_id = reply["player_id"]

    def _connect(self, server):
        client = socketio.Client(reconnection=False)
        for name in ("question", "closed", "reveal", "leaderboard", "game_over", "me"):
            client.on(name, self._remember(name), namespace="/play")
        client.connect(server.url, namespaces=["/play"], transports=["websocket"])
        return client

    def _remember(self, name):
        return lambda payload: self.events.append((name, payload))

    def call(self, event, payload):
        return self.client.call(event, payload, namespace="/play", timeout=60)

    def move_to(self, server):
        """Reconnect to another worker (what nginx does when a worker dies) and resume."""
        self.server = server
        self.client = self._connect(server)
        reply = self.call("resume", {"token": self.token})
        assert reply["ok"], reply
        return reply

    def seen(self, name):
        return [payload for event, payload in self.events if event == name]


class Host:
    def __init__(self, server, game_id):
        self.game_id = game_id
        self.client = socketio.Client(reconnection=False)
        self.client.connect(server.url, namespaces=["/host"],
                            headers={"Cookie": server.login_cookie()}, transports=["websocket"])
        assert self.watch()["ok"]

    def watch(self):
        return self.client.call("watch", {"game_id": self.game_id}, namespace="/host",
                                timeout=60)

    def command(self, name):
        reply = self.client.call("command", {"game_id": self.game_id, "name": name},
                                 namespace="/host", timeout=60)
        assert reply["ok"], (name, reply)


@pytest.fixture
def cluster(tmp_path):
    """Two workers sharing a database and Redis; stopped even when one failed to start."""
    redis_server = RedisServer(tmp_path).start()
    database = fresh_postgres_database("quizapp_cluster_test")
    workers = [LiveServer(tmp_path, database, redis_server.url) for _ in range(2)]
    try:
        workers[0].setup()
        for worker in workers:
            worker.start()
        yield workers, redis_server
    finally:
        for worker in workers:
            worker.stop()
        redis_server.stop()


def test_one_game_across_two_workers(cluster):
    (first, second), _ = cluster
    game = first.open_game(questions=2, time_limit_s=60)
    host = Host(first, game["id"])
    phones = [Phone((first, second)[i % 2], game["pin"], f"Bạn {i}") for i in range(6)]
    health = [first.health(), second.health()]
    assert health[0]["worker"] != health[1]["worker"]
    assert all(h["message_queue"] == "ok" and h["connections"] >= 3 for h in health)

    host.command("start")
    for index, question in enumerate(game["questions"]):
        wait_for(lambda i=index: all(len(p.seen("question")) > i for p in phones))
        for n, phone in enumerate(phones):
            assert phone.call("answer", {"question": question, "choices": [n % 2]})["ok"]
        wait_for(lambda i=index: all(len(p.seen("closed")) > i for p in phones))
        host.command("next")  # reveal
        host.command("next")  # leaderboard
        if index == 0:
            # The leaderboard's blocks are the reveal's: each phone keeps the one it has.
            wait_for(lambda: all(p.seen("leaderboard") and len(p.seen("me")) == 1
                                 for p in phones))
            # Two phones change worker (each builds the blocks of the phones it holds).
            for phone, worker in ((phones[1], first), (phones[2], second)):
                phone.client.disconnect()
                phone.move_to(worker)
        if index + 1 < len(game["questions"]):
            host.command("next")
    host.command("next")  # finish
    wait_for(lambda: all(p.seen("game_over") for p in phones))
    boards = [phone.seen("game_over")[-1]["leaderboard"] for phone in phones]
    assert all(board == boards[0] for board in boards)  # the same on both workers
    reveals = [phone.seen("reveal") for phone in phones]
    assert all(len(r) == 2 and r[0]["reveal"]["answered"] == 6 for r in reveals)
    ranks = {row["nickname"]: row["rank"] for row in boards[0]}
    for phone in phones:  # its own block after each reveal and the game over
        mine = phone.seen("me")
        assert len(mine) == 3 and {me["player_id"] for me in mine} == {phone.player_id}
        assert mine[-1]["rank"] == ranks[mine[-1]["nickname"]]
    stored = first.python(
        "from quizapp import create_app\nfrom quizapp.contests.models import Answer\n"
        "app = create_app({'ASYNC_MODE': 'threading'})\nwith app.app_context():\n"
        f"    print(Answer.query.filter_by(game_id={game['id']}).count())\n")
    assert stored.strip().splitlines()[-1] == "12"


def test_the_owner_dies_mid_question(cluster):
    (first, second), _ = cluster
    game = first.open_game(questions=1, time_limit_s=90)
    host = Host(first, game["id"])  # the first request: `first` owns the game
    phones = [Phone((first, second)[i % 2], game["pin"], f"Bạn {i}") for i in range(4)]
    host.command("start")
    question = game["questions"][0]
    wait_for(lambda: all(p.seen("question") for p in phones))
    assert all(p.call("answer", {"question": question, "choices": [0]})["ok"]
               for p in phones[:2])

    first.kill()
    for phone in phones[0::2]:  # their worker died: they come back through the other one
        phone.move_to(second)
    states = [p.call("resume", {"token": p.token})["state"] for p in phones]
    assert [s["me"]["answered"] for s in states] == [True, True, False, False]
    assert all(p.call("answer", {"question": question, "choices": [1]})["ok"]
               for p in phones[2:])
    host = Host(second, game["id"])
    wait_for(lambda: host.watch()["state"]["phase"] == "closed")
    host.command("next")
    wait_for(lambda: all(p.seen("reveal") for p in phones))
    assert phones[1].seen("reveal")[-1]["reveal"]["distribution"][:2] == [2, 2]


def test_redis_restart_during_a_game(cluster):
    (first, second), redis_server = cluster
    game = first.open_game(questions=2, time_limit_s=90)
    host = Host(first, game["id"])
    phones = [Phone((first, second)[i % 2], game["pin"], f"Bạn {i}") for i in range(4)]
    host.command("start")
    wait_for(lambda: all(p.seen("question") for p in phones))

    redis_server.stop()
    time.sleep(1)
    redis_server.start()
    wait_for(lambda: first.health()["message_queue"] == "ok"
             and second.health()["message_queue"] == "ok")
    # A worker's Socket.IO subscription comes back on python-socketio's own schedule (retries
    # after 1, 2, 4 s): messages sent before then miss its phones, which re-sync with `resume`.
    phones[1].call("resume", {"token": phones[1].token})
    time.sleep(8)
    question = game["questions"][0]
    for phone in phones:
        reply = phone.call("answer", {"question": question, "choices": [0]})
        assert reply["ok"], reply
    wait_for(lambda: all(p.seen("closed") for p in phones), seconds=30)
    host.command("next")
    wait_for(lambda: all(p.seen("reveal") for p in phones), seconds=30)
    assert phones[1].seen("reveal")[-1]["reveal"]["answered"] == 4
    host.command("next")
    wait_for(lambda: all(p.seen("leaderboard") for p in phones), seconds=30)


def stored_answers(worker, game_id, question_id):
    """The stored answers of a question: [(player, scored by the worker it reached)]."""
    out = worker.python(
        "from quizapp import create_app\nfrom quizapp.contests.models import Answer\n"
        "app = create_app({'ASYNC_MODE': 'threading'})\nwith app.app_context():\n"
        f"    for a in Answer.query.filter_by(game_id={game_id}, question_id={question_id}):\n"
        "        print(a.player_key, a.seq == 0)\n")
    return [(key, flag == "True") for key, flag in (line.split() for line in out.splitlines()
                                                    if line.startswith("p-"))]


def test_a_receiving_worker_dies_mid_question(cluster):
    """Answers the second worker scored, stored and acknowledged are counted at the reveal
    although it died before the game's owner heard of them."""
    (first, second), _ = cluster
    game = first.open_game(questions=2, time_limit_s=90)
    host = Host(first, game["id"])  # `first` owns the game
    phones = [Phone((first, second)[i % 2], game["pin"], f"Bạn {i}") for i in range(6)]
    host.command("start")
    question = game["questions"][0]
    wait_for(lambda: all(p.seen("question") for p in phones))
    theirs = phones[1::2]
    assert all(p.call("answer", {"question": question, "choices": [1]})["ok"] for p in theirs)
    second.kill()
    stored = stored_answers(first, game["id"], question)
    # the worker that received them counted them there (not the game's owner)
    assert sorted(stored) == sorted((p.player_id, True) for p in theirs)
    for phone in theirs:
        state = phone.move_to(first)["state"]
        assert state["me"]["answered"] and state["me"]["answer"] == {"choices": [1]}
        assert phone.call("answer", {"question": question, "choices": [0]})["error"] == \
            "already_answered"
    assert all(p.call("answer", {"question": question, "choices": [0]})["ok"]
               for p in phones[0::2])
    wait_for(lambda: all(len(p.seen("closed")) == 1 for p in phones))  # everyone answered
    host.command("next")
    wait_for(lambda: all(p.seen("reveal") and p.seen("me") for p in phones))
    reveal = phones[0].seen("reveal")[-1]["reveal"]
    stored = stored_answers(first, game["id"], question)
    assert reveal["answered"] == len(stored) == 6
    assert reveal["distribution"][:2] == [3, 3]
    for phone in theirs:
        me = phone.seen("me")[-1]
        assert me["answer"] == {"choices": [1]} and me["result"]["correct"] is False


def test_a_slow_workers_answer_after_the_seal_is_refused_not_acknowledged(cluster):
    """A worker stalled while the owner closes and reveals the question: the answer it takes
    afterwards is refused (too_late); it is never acknowledged without being counted."""
    (first, second), _ = cluster
    game = first.open_game(questions=1, time_limit_s=90)
    host = Host(first, game["id"])
    phones = [Phone((first, second)[i % 2], game["pin"], f"Bạn {i}") for i in range(4)]
    host.command("start")
    question = game["questions"][0]
    wait_for(lambda: all(p.seen("question") for p in phones))
    assert phones[1].call("answer", {"question": question, "choices": [0]})["ok"]
    assert phones[0].call("answer", {"question": question, "choices": [0]})["ok"]
    replies = []
    second.process.send_signal(signal.SIGSTOP)  # alive but not running: a saturated worker
    try:
        phones[3].client.emit("answer", {"question": question, "choices": [1]},
                              namespace="/play", callback=replies.append)
        host.command("next")  # close
        host.command("next")  # reveal: the owner seals the question, then reads its rows
        wait_for(lambda: phones[0].seen("reveal"))
    finally:
        second.process.send_signal(signal.SIGCONT)
    wait_for(lambda: replies)
    assert replies[0]["ok"] is False and replies[0]["error"] == "too_late"
    wait_for(lambda: phones[3].seen("reveal"))
    stored = stored_answers(first, game["id"], question)
    reveal = phones[0].seen("reveal")[-1]["reveal"]
    assert reveal["answered"] == len(stored) == 2
    assert phones[3].player_id not in {key for key, _ in stored}
