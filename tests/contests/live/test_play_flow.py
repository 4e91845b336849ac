"""A whole game over Socket.IO: phones join and answer, the host drives, results are stored."""

import pytest

from quizapp.contests.models import Answer, Game, Player
from quizapp.extensions import db
from tests.contests.conftest import ack, events


def join(phone, game, nickname, school="", class_name="8A"):
    client = phone()
    reply = ack(client, "join", {"pin": game.pin, "nickname": nickname, "school": school,
                                 "class": class_name})
    assert reply["ok"], reply
    return client, reply


def command(host_socket, game, name, **extra):
    return ack(host_socket, "command", {"game_id": game.id, "name": name, **extra}, "/host")


def test_a_whole_game(game, phone, host_socket, clock):
    assert ack(host_socket, "watch", {"game_id": game.id}, "/host")["ok"]
    lan, lan_join = join(phone, game, "Lan")
    minh, _ = join(phone, game, "Minh")
    assert lan_join["state"]["phase"] == "lobby" and lan_join["token"]
    assert Player.query.filter_by(game_id=game.id).count() == 2

    assert command(host_socket, game, "start") == {"ok": True, "phase": "open", "paused": False}
    question = [p for n, p in events(lan) if n == "question"][-1]["question"]
    assert question["kind"] == "single" and len(question["choices"]) == 3
    assert "correct_choices" not in str(question)

    clock.advance(2000)
    reply = ack(lan, "answer", {"question": question["id"], "choices": [1]})
    assert reply == {"ok": True, "received_ms": clock.now}
    assert ack(lan, "answer", {"question": question["id"], "choices": [0]})["error"] == \
        "already_answered"
    clock.advance(3000)
    assert ack(minh, "answer", {"question": question["id"], "choices": [0]})["ok"]
    closed = [p for n, p in events(lan) if n == "closed"]
    assert closed, "everyone answered: the question closes by itself"

    assert command(host_socket, game, "next")["ok"]  # reveal
    received = events(lan)
    reveal = [p for n, p in received if n == "reveal"][-1]
    assert reveal["reveal"]["correct_choices"] == [1] and "me" not in reveal
    assert [n for n, _ in received][-2:] == ["reveal", "me"]  # its own block right after
    mine = received[-1][1]
    assert mine["result"]["correct"] is True
    assert mine["result"]["points"] == 950  # 1000 × (1 − 2/20/2)
    minh_me = [p for n, p in events(minh) if n == "me"][-1]
    assert minh_me["result"]["correct"] is False

    assert command(host_socket, game, "end")["ok"]
    received = events(lan)
    over = [p for n, p in received if n == "game_over"][-1]
    assert over["podium"][0]["nickname"] == "Lan" and received[-1] == ("me", received[-1][1])
    assert received[-1][1]["rank"] == 1
    row = db.session.get(Game, game.id)
    db.session.refresh(row)
    assert row.status == "finished" and row.pin is None
    assert {p.nickname: p.rank for p in row.players} == {"Lan": 1, "Minh": 2}
    assert Answer.query.filter_by(game_id=game.id).count() == 2


def test_answers_after_the_deadline_are_refused(game, phone, host_socket, clock):
    from quizapp.live.ticker import beat

    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    lan, _ = join(phone, game, "Lan")
    join(phone, game, "Minh")
    command(host_socket, game, "start")
    question = [p for n, p in events(lan) if n == "question"][-1]["question"]
    clock.advance(20_001)
    reply = ack(lan, "answer", {"question": question["id"], "choices": [1]})
    assert reply["error"] == "too_late"
    beat(host_socket.app)  # the server's timer fires
    assert [n for n, _ in events(lan)][-1] == "closed"
    assert Answer.query.count() == 0


def test_reconnect_with_token_keeps_the_score(game, phone, host_socket, clock):
    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    lan, joined = join(phone, game, "Lan")
    command(host_socket, game, "start")
    question = [p for n, p in events(lan) if n == "question"][-1]["question"]
    ack(lan, "answer", {"question": question["id"], "choices": [1]})
    command(host_socket, game, "next")
    lan.disconnect("/play")

    again = phone()
    resumed = ack(again, "resume", {"token": joined["token"]})
    assert resumed["ok"] and resumed["player_id"] == joined["player_id"]
    assert resumed["state"]["phase"] == "revealed"
    assert resumed["state"]["me"]["total"] == 1000
    rejoined = ack(phone(), "join", {"pin": game.pin, "nickname": "ignored",
                                     "token": joined["token"]})
    assert rejoined["player_id"] == joined["player_id"]


def test_player_socket_cannot_send_host_commands(game, phone):
    lan, _ = join(phone, game, "Lan")
    reply = lan.emit("command", {"game_id": game.id, "name": "start"}, namespace="/play",
                     callback=True)
    assert reply["error"] == "forbidden"  # /play has no host events: refused, as documented
    db.session.expire_all()
    assert db.session.get(Game, game.id).status == "lobby"
    from quizapp.extensions import socketio

    sneaky = socketio.test_client(lan.app, namespace="/host")
    assert not sneaky.is_connected("/host")


def test_kick_and_rename(game, phone, host_socket):
    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    lan, joined = join(phone, game, "Lan")
    command(host_socket, game, "rename", player_id=joined["player_id"], nickname="Lan Anh")
    assert Player.query.one().nickname == "Lan Anh"
    assert command(host_socket, game, "kick", player_id=joined["player_id"])["ok"]
    assert ("kicked", {"error": "kicked_by_host",
                       "message": "Người tổ chức đã mời bạn rời cuộc thi."}) in events(lan)
    assert Player.query.one().kicked is True
    assert ack(phone(), "resume", {"token": joined["token"]})["error"] == "player_kicked"


def test_other_hosts_cannot_watch_or_command(game, live_app, make_user):
    from quizapp.extensions import socketio
    from tests.conftest import TEST_PASSWORD

    other = make_user("host", username="gv.khac")
    client = live_app.test_client()
    client.post("/login", data={"username": other.username, "password": TEST_PASSWORD})
    socket = socketio.test_client(live_app, namespace="/host", flask_test_client=client)
    assert ack(socket, "watch", {"game_id": game.id}, "/host")["error"] == "forbidden"
    assert ack(socket, "command", {"game_id": game.id, "name": "start"}, "/host")["error"] == \
        "forbidden"
    assert ack(socket, "find", {"game_id": game.id, "text": "Lan"}, "/host")["error"] == \
        "forbidden"


def test_the_host_finds_players_by_nickname(game, phone, host_socket):
    join(phone, game, "Lan")
    join(phone, game, "Lân Anh")
    join(phone, game, "Minh")
    found = ack(host_socket, "find", {"game_id": game.id, "text": "LAN"}, "/host")
    assert found["ok"] and [p["nickname"] for p in found["players"]] == ["Lan", "Lân Anh"]
    assert {"player_id", "score", "rank", "in_game", "suspect"} <= set(found["players"][0])
    assert ack(host_socket, "find", {"game_id": game.id, "text": "Hùng"}, "/host") == \
        {"ok": True, "players": []}
    for bad in ({"game_id": game.id}, {"game_id": game.id, "text": 7},
                {"game_id": game.id, "text": "x" * 101}, {"text": "Lan"}, "Lan"):
        assert ack(host_socket, "find", bad, "/host")["error"] == "bad_request", bad
    assert ack(host_socket, "find", {"game_id": 999_999, "text": "Lan"}, "/host")["error"] == \
        "unknown_game"



def test_a_script_answering_instantly_is_flagged_to_the_host(game, phone, host_socket, clock,
                                                            live_app):
    """Answers within 0.3 s of the question opening are counted; two mark the player."""
    from quizapp.contests.live.registry import registry_of

    bot, _ = join(phone, game, "Bot")
    person, _ = join(phone, game, "Lan")
    command(host_socket, game, "start")
    for _ in range(2):
        qid = registry_of(live_app).get(game.id).engine.question.id
        clock.advance(50)
        assert ack(bot, "answer", {"question": qid, "choices": [0]})["ok"]
        clock.advance(2_000)
        assert ack(person, "answer", {"question": qid, "choices": [1]})["ok"]
        for _ in range(3):  # reveal, leaderboard, next question
            command(host_socket, game, "next")
    state = ack(host_socket, "watch", {"game_id": game.id}, "/host")["state"]
    players = {p["nickname"]: p for p in state["players"]}
    assert players["Bot"]["fast_answers"] == 2 and players["Bot"]["suspect"] is True
    assert players["Lan"]["fast_answers"] == 0 and players["Lan"]["suspect"] is False
    phone_state = [p for n, p in events(person) if n in ("leaderboard", "me")]
    assert "fast_answers" not in str(phone_state)  # only the host sees the flag


def test_an_answer_is_counted_without_a_request_context(game, phone, host_socket, monkeypatch):
    """The hottest event skips Flask's per-event request context (cookie session, URL match)."""
    import flask

    from quizapp.contests.live import operations

    seen = []
    counted = operations.OPERATIONS["answer"]

    def spy(*args, **kwargs):
        seen.append((flask.has_request_context(), flask.has_app_context()))
        return counted(*args, **kwargs)

    monkeypatch.setitem(operations.OPERATIONS, "answer", spy)
    lan, _ = join(phone, game, "Lan")
    command(host_socket, game, "start")
    question = [p for n, p in events(lan) if n == "question"][-1]["question"]
    assert ack(lan, "answer", {"question": question["id"], "choices": [1]})["ok"]
    assert seen == [(False, True)]
    assert Answer.query.filter_by(game_id=game.id).count() == 1


@pytest.fixture
def other_app(live_app, tmp_path):
    """A second app on the same Socket.IO object: it now serves through the newest server."""
    from tests.conftest import make_app

    return make_app(tmp_path)


def test_an_answer_reaches_the_app_its_phone_connected_through(other_app, game, phone,
                                                               host_socket, live_app):
    """Several apps on one Socket.IO object, as in these tests: each answer finds its own."""
    from quizapp.contests.live.registry import registry_of

    lan, _ = join(phone, game, "Lan")
    assert command(host_socket, game, "start")["ok"]
    question = registry_of(live_app).get(game.id).engine.question.id
    assert ack(lan, "answer", {"question": question, "choices": [1]})["ok"]
    assert len(registry_of(live_app).get(game.id).engine.run.answers) == 1
    assert registry_of(other_app).games == {}


def test_the_leaderboard_snapshot_is_stored_and_a_restart_resumes_from_it(
        live_app, game, phone, host_socket, clock):
    """The snapshot is written as JSON text (its answers encoded once): the row reads back as
    the engine's state, and a worker that lost the game from memory rebuilds it from there."""
    from quizapp.contests.live.registry import registry_of

    assert ack(host_socket, "watch", {"game_id": game.id}, "/host")["ok"]
    lan, lan_join = join(phone, game, "Lan")
    minh, _ = join(phone, game, "Minh")
    command(host_socket, game, "start")
    question = [p for n, p in events(lan) if n == "question"][-1]["question"]
    clock.advance(2000)
    assert ack(lan, "answer", {"question": question["id"], "choices": [1]})["ok"]
    assert ack(minh, "answer", {"question": question["id"], "choices": [0]})["ok"]
    command(host_socket, game, "next")  # reveal
    assert command(host_socket, game, "next")["phase"] == "leaderboard"

    registry = registry_of(live_app)
    before = registry.games[game.id].engine.snapshot()
    row = db.session.get(Game, game.id)
    db.session.refresh(row)
    stored = row.snapshot
    assert stored["phase"] == "leaderboard"
    assert [a["player_id"] for a in stored["runs"][0]["answers"]] == \
        [a["player_id"] for a in before["runs"][0]["answers"]]

    registry.forget(game.id)  # as after a restart: the game is rebuilt from the database
    again = phone()
    resumed = ack(again, "resume", {"token": lan_join["token"]})
    assert resumed["ok"], resumed
    assert resumed["state"]["phase"] == "leaderboard"
    assert resumed["state"]["me"]["total"] == 950
    assert registry.games[game.id].engine.snapshot()["players"] == before["players"]
