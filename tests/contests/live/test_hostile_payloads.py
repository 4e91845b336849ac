"""Malformed and hostile socket payloads get error acks; the game is never corrupted."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.contests.models import Answer, Player
from tests.contests.conftest import ack

JUNK = [None, 1, "x", [], [1, 2], {"a": 1}, True, 1.5, "<script>alert(1)</script>",
        "a" * 10_000, {"pin": {"$gt": ""}}, {"pin": ["123456"]}, {"pin": "12345a"},
        {"pin": "1" * 10_000}, {"pin": "123456", "nickname": 7}]


@pytest.mark.parametrize("payload", JUNK)
def test_join_rejects_malformed_payloads(game, phone, payload):
    reply = ack(phone(), "join", payload)
    assert reply["ok"] is False and reply["error"] in ("bad_request", "unknown_pin")
    assert Player.query.count() == 0


def test_unknown_pin(game, phone):
    assert ack(phone(), "join", {"pin": "000000", "nickname": "Lan"})["error"] == "unknown_pin"


@pytest.mark.parametrize("payload", [
    None, {}, {"question": "1", "choices": [0]}, {"question": 1}, {"question": 1, "choices": []},
    {"question": 1, "choices": [0, 0, 0, 0, 0, 0, 0]}, {"question": 1, "choices": [-1]},
    {"question": 1, "choices": ["0"]}, {"question": 1, "text": "a" * 201},
    {"question": 1, "choices": [0], "text": "x"}, {"question": True, "choices": [0]},
    {"question": 2**40, "choices": [0]}, {"question": 1, "order": "012"},
])
def test_answer_rejects_malformed_payloads(game, phone, host_socket, payload):
    player = phone()
    ack(player, "join", {"pin": game.pin, "nickname": "Lan"})
    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    reply = ack(player, "answer", payload)
    assert reply["ok"] is False and reply["error"] in ("bad_request", "question_not_open",
                                                       "invalid_answer")
    assert Answer.query.count() == 0


def test_more_than_one_payload_is_refused(game, phone, host_socket):
    player = phone()
    extra = {"pin": game.pin, "nickname": "Lan"}
    assert player.emit("join", extra, extra, namespace="/play", callback=True)["error"] == \
        "bad_request"
    assert ack(player, "join", extra)["ok"]
    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    answer = {"question": 1, "choices": [0]}
    reply = player.emit("answer", answer, answer, namespace="/play", callback=True)
    assert reply["ok"] is False and reply["error"] == "bad_request"
    assert Answer.query.count() == 0


def test_answer_before_joining(game, phone):
    assert ack(phone(), "answer", {"question": 1, "choices": [0]})["error"] == "not_joined"


def test_forged_or_foreign_tokens_are_refused(game, phone, contest_factory, host_user):
    from quizapp.contests.live.games import open_game

    player = phone()
    joined = ack(player, "join", {"pin": game.pin, "nickname": "Lan"})
    assert ack(phone(), "resume", {"token": joined["token"] + "x"})["error"] == "invalid_token"
    assert ack(phone(), "resume", {"token": {"g": 1}})["error"] == "invalid_token"
    other = open_game(game.contest, host_user)
    reply = ack(phone(), "join", {"pin": other.pin, "nickname": "Lan", "token": joined["token"]})
    assert reply["error"] == "invalid_token"  # as docs/protocol.md says; join again without it
    reply = ack(phone(), "join", {"pin": other.pin, "nickname": "Lan"})
    assert reply["ok"] and reply["game_id"] == other.id and reply["player_id"] != joined[
        "player_id"]


def test_nicknames_are_cleaned_and_checked(game, phone):
    first = ack(phone(), "join", {"pin": game.pin, "nickname": "  Lan\u200b \u202e "})
    assert first["ok"] and first["state"]["me"]["nickname"] == "Lan"
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "LAN"})["error"] == \
        "nickname_taken"
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "x" * 41})["error"] == \
        "nickname_too_long"
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "\u200b"})["error"] == \
        "nickname_empty"
    html = ack(phone(), "join", {"pin": game.pin, "nickname": "<b>Minh</b>"})
    assert html["ok"]  # stored as text; pages render it escaped


def test_join_flood_from_one_connection_is_rate_limited(game, phone):
    flooder = phone()
    replies = [ack(flooder, "join", {"pin": "999999", "nickname": f"b{i}"}) for i in range(15)]
    assert replies[-1]["error"] == "rate_limited"
    assert ack(phone(), "join", {"pin": game.pin, "nickname": "Lan"})["ok"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["pin", "nickname", "question", "choices", "text", "order", "token",
                         "school", "class", "x"]), inner, max_size=6),
    max_leaves=12))
def test_fuzzed_payloads_never_crash(live_app, payload):
    from quizapp.extensions import socketio

    client = socketio.test_client(live_app, namespace="/play")
    for event in ("join", "resume", "answer"):
        reply = client.emit(event, payload, namespace="/play", callback=True)
        assert isinstance(reply, dict) and reply["ok"] is False
        assert reply["error"] != "server_error"
    client.disconnect("/play")
