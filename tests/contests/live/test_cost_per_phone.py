"""What one phone costs the server: a join is one batched insert, a reveal one shared message.

Timings are measured in bench/live_game.py; these tests check the work itself (statements
sent to the database, messages and their order), which must hold on any machine.
"""

import contextlib

import pytest
from sqlalchemy import event

from quizapp.contests.live.registry import registry_of
from quizapp.contests.models import Player
from quizapp.extensions import db
from quizapp.extensions import socketio as app_socketio
from tests.contests.conftest import ack, events


@contextlib.contextmanager
def statements():
    """Record every SQL statement the app sends while the block runs."""
    seen = []

    def record(_conn, _cursor, statement, *_):
        seen.append(" ".join(statement.split()).upper())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_a_join_sends_the_database_one_insert_and_nothing_else(game, phone):
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "An"})["ok"]  # looks the PIN up
    with statements() as seen:
        reply = ack(phone(), "join", {"pin": game.pin, "nickname": "Bình"})
    assert reply["ok"]
    assert len(seen) == 1 and seen[0].startswith("INSERT INTO PLAYER"), seen
    # ...and the player it acknowledged is committed (read from a fresh session).
    db.session.remove()
    assert db.session.query(Player).filter_by(game_id=game.id, player_key=reply["player_id"]) \
        .one().nickname == "Bình"


def test_joins_arriving_together_share_one_insert(game, phone, live_app):
    """As served (batch writer on), joins wait for one multi-row insert per heartbeat."""
    from quizapp.engine import Join
    from quizapp.live.ticker import beat

    registry = registry_of(live_app)
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "Đầu"})["ok"]
    registry.batch_answers = True
    live = registry.get(game.id)
    # What two join handlers do before they wait for their tickets (the test client would
    # wait for each ack in turn).
    tickets = [registry.run(live, Join(f"p-batch{i}", f"Bạn {i}", "", ""), {})
               for i in range(2)]
    assert registry.writer.pending == 2 and not any(t.stored for t in tickets)
    with statements() as seen:
        beat(live_app)
    assert [s.split(" (")[0] for s in seen] == ["INSERT INTO PLAYER"]
    assert all(t.wait(0) for t in tickets)


def test_a_finished_game_forgets_its_pin_at_once(game, phone, host_socket):
    pin = game.pin
    assert ack(phone(), "join", {"pin": pin, "nickname": "Chi"})["ok"]
    assert ack(host_socket, "command", {"game_id": game.id, "name": "end"}, "/host")["ok"]
    reply = ack(phone(), "join", {"pin": pin, "nickname": "Dũng"})
    assert reply["error"] == "unknown_pin"


def test_an_unknown_pin_is_not_remembered(game, phone, live_app):
    assert ack(phone(), "join", {"pin": "999999", "nickname": "Em"})["error"] == "unknown_pin"
    assert "999999" not in registry_of(live_app).pins._games


def test_the_reveal_reaches_each_phone_before_its_own_points(game, phone, host_socket):
    phones = [phone() for _ in range(3)]
    for i, client in enumerate(phones):
        assert ack(client, "join", {"pin": game.pin, "nickname": f"Phone {i}"})["ok"]
    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    question = events(phones[0])[-1][1]["question"]
    for client in phones:
        events(client)
    ack(phones[0], "answer", {"question": question["id"], "choices": [1]})
    ack(host_socket, "command", {"game_id": game.id, "name": "next"}, "/host")  # close
    ack(host_socket, "command", {"game_id": game.id, "name": "next"}, "/host")  # reveal
    received = [events(client) for client in phones]
    for messages in received:
        assert [name for name, _ in messages][-2:] == ["reveal", "me"], messages
        assert "me" not in (messages[-2][1] or {})  # the shared part carries nobody's block
    # The phone that answered right is told its points in its own block, the others not.
    assert received[0][-1][1]["result"]["correct"] is True
    assert received[0][-1][1]["result"]["points"] > 0
    assert [r[-1][1]["result"]["points"] for r in received[1:]] == [0, 0]
    assert len({r[-1][1]["player_id"] for r in received}) == 3


def test_messages_are_json_only(live_app):
    """The packet class skips the library's scan for bytes: a payload with bytes fails loudly
    instead of going out as a binary attachment."""
    packet_class = app_socketio.server.packet_class
    assert packet_class.uses_binary_events is False
    with pytest.raises(TypeError):
        packet_class(2, data=["x", {"blob": b"\x00"}], namespace="/play").encode()


def test_the_leaderboard_does_not_send_a_phone_the_block_it_already_has(game, phone,
                                                                         host_socket):
    """After a reveal each phone holds its points, total and rank; the leaderboard's blocks
    are the same, so only the shared part goes out (one message per phone, not two)."""
    phones = [phone() for _ in range(3)]
    for i, client in enumerate(phones):
        assert ack(client, "join", {"pin": game.pin, "nickname": f"Phone {i}"})["ok"]
    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    question = events(phones[0])[-1][1]["question"]
    ack(phones[0], "answer", {"question": question["id"], "choices": [1]})
    for _ in range(2):  # close, reveal
        ack(host_socket, "command", {"game_id": game.id, "name": "next"}, "/host")
    mine = [[me for name, me in events(client) if name == "me"][-1] for client in phones]
    ack(host_socket, "command", {"game_id": game.id, "name": "next"}, "/host")  # leaderboard
    received = [events(client) for client in phones]
    assert [[name for name, _ in messages] for messages in received] == [["leaderboard"]] * 3
    # What each phone shows on the leaderboard (its rank and total) is what it already has.
    board = {row["nickname"]: row for row in received[0][0][1]["leaderboard"]}
    for me in mine:
        assert (me["rank"], me["total"]) == (board[me["nickname"]]["rank"],
                                             board[me["nickname"]]["score"])
    assert mine[0]["total"] > 0 and mine[0]["rank"] == 1
    ack(host_socket, "command", {"game_id": game.id, "name": "end"}, "/host")
    for client in phones:  # the game over brings the final block
        assert [name for name, _ in events(client)][-2:] == ["game_over", "me"]


def test_each_reveal_sends_the_phone_its_block_even_when_nothing_in_it_changed(
        game, phone, host_socket):
    """A phone shows a question's result only from a block sent during that question: a
    phone that let two questions pass (same total, rank, no answer) gets a block each time."""
    client = phone()
    assert ack(client, "join", {"pin": game.pin, "nickname": "Ngủ Quên"})["ok"]

    def command(name):
        return ack(host_socket, "command", {"game_id": game.id, "name": name}, "/host")

    assert command("start")["ok"]
    for _ in range(2):
        while command("next")["phase"] != "revealed":  # close, then reveal
            pass
        received = events(client)
        assert [name for name, _ in received][-2:] == ["reveal", "me"], received
        assert received[-1][1]["answered"] is False
        assert received[-1][1]["result"] == {"correct": False, "points": 0, "streak_bonus": 0}
        assert command("next")["phase"] == "leaderboard"
        assert command("next")["ok"]  # the next question


def test_a_join_is_stored_and_acknowledged_without_waiting_for_the_heartbeat(
        game, phone, live_app):
    """As served (batch writer on), a join's row is written as soon as the handlers that
    are ready have queued theirs: the phone does not wait for the next heartbeat. Here no
    heartbeat runs at all, and the join is still stored before its ack."""
    registry = registry_of(live_app)
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "Đầu"})["ok"]
    registry.batch_answers = True
    with statements() as seen:
        reply = ack(phone(), "join", {"pin": game.pin, "nickname": "Nhanh"})
    assert reply["ok"], reply
    assert [s.split(" (")[0] for s in seen] == ["INSERT INTO PLAYER"]
    db.session.remove()
    assert db.session.query(Player).filter_by(game_id=game.id, player_key=reply["player_id"]) \
        .one().nickname == "Nhanh"


def test_a_joining_handler_gives_its_connection_back_before_it_flushes(
        game, phone, live_app, monkeypatch):
    """The flush takes a connection of its own: handlers that held theirs meanwhile emptied
    PostgreSQL's pool at 10,000 phones and waited on each other until its timeout."""
    from sqlalchemy import select

    registry = registry_of(live_app)
    registry.batch_answers = True
    found = registry.pins.by_pin

    def by_pin_from_the_database(pin):  # a cache miss: the handler's session opens a transaction
        db.session.execute(select(1))
        return found(pin)

    in_transaction_at_flush = []
    flush_soon = registry.writer.flush_soon

    def watched_flush():
        in_transaction_at_flush.append(db.session.registry.has()
                                       and db.session().in_transaction())
        return flush_soon()

    monkeypatch.setattr(registry.pins, "by_pin", by_pin_from_the_database)
    monkeypatch.setattr(registry.writer, "flush_soon", watched_flush)
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "Nhanh"})["ok"]
    assert in_transaction_at_flush == [False]
