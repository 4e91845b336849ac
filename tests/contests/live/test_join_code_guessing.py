"""Guessing the 4-digit join code: a penalty per address and per game, and the host is told;
rate limits counted by the `limits` library, shared by the workers through Redis."""

import pytest

from quizapp.contests.live import joincode
from quizapp.contests.live.games import open_game
from quizapp.contests.live.joincode import join_code
from quizapp.contests.live.registry import registry_of
from quizapp.extensions import socketio
from quizapp.live import throttle
from tests.contests.conftest import ack, events


def phone_from(app, address):
    """A /play test client whose connection comes from `address`."""
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return socketio.test_client(app, namespace="/play", flask_test_client=browser)


def _codes(app, game):
    right = join_code(app.config["SECRET_KEY"], game.id, registry_of(app).clock())
    wrong = [f"{n:04d}" for n in range(10_000) if f"{n:04d}" != right]
    return right, wrong


def test_an_address_that_keeps_guessing_is_stopped_even_with_the_right_code(
        live_app, contest_factory, host_user):
    game = open_game(contest_factory(join_code=True), host_user)
    right, wrong = _codes(live_app, game)
    guesser = phone_from(live_app, "203.0.113.9")
    replies = [ack(guesser, "join", {"pin": game.pin, "nickname": "Bot", "code": code})["error"]
               for code in wrong[:8]]
    assert replies[:joincode.WRONG_PER_ADDRESS] == ["join_code_wrong"] * joincode.WRONG_PER_ADDRESS
    assert set(replies[joincode.WRONG_PER_ADDRESS:]) == {"rate_limited"}
    assert ack(guesser, "join", {"pin": game.pin, "nickname": "Bot", "code": right})[
        "error"] == "rate_limited"  # a lucky guess after the penalty does not get in
    pupil = phone_from(live_app, "198.51.100.20")  # another address is not held back
    assert ack(pupil, "join", {"pin": game.pin, "nickname": "Lan", "code": right})["ok"]


def test_a_game_under_attack_stops_checking_addresses_that_guessed_and_tells_the_host(
        live_app, contest_factory, host_user, client):
    from tests.conftest import TEST_PASSWORD

    game = open_game(contest_factory(join_code=True), host_user)
    client.post("/login", data={"username": host_user.username, "password": TEST_PASSWORD})
    host = socketio.test_client(live_app, namespace="/host", flask_test_client=client)
    assert ack(host, "watch", {"game_id": game.id}, "/host")["ok"]
    right, wrong = _codes(live_app, game)
    guesses = iter(wrong)
    for n in range(joincode.WRONG_PER_GAME):  # one wrong guess each from many addresses
        bot = phone_from(live_app, f"10.9.{n // 250}.{n % 250}")
        assert ack(bot, "join", {"pin": game.pin, "nickname": "Bot",
                                 "code": next(guesses)})["error"] == "join_code_wrong"
    alerts = [payload for name, payload in events(host, "/host") if name == "alert"]
    assert alerts == [{"code": "join_code_guessing"}]
    # The budget is spent: an address that guessed wrong is no longer checked at all...
    again = phone_from(live_app, "10.9.0.0")
    assert ack(again, "join", {"pin": game.pin, "nickname": "Bot", "code": right})[
        "error"] == "rate_limited"
    # ...while a pupil who has not typed a wrong code still gets in.
    pupil = phone_from(live_app, "198.51.100.21")
    assert ack(pupil, "join", {"pin": game.pin, "nickname": "Lan", "code": right})["ok"]


def test_limits_are_shared_by_workers_through_redis(tmp_path, _session_app):
    from tests.conftest import make_app
    from tests.server import RedisServer

    redis = RedisServer(tmp_path).start()
    try:
        workers = [make_app(tmp_path, RATE_LIMIT_STORAGE=redis.url,
                            SQLALCHEMY_DATABASE_URI=_session_app.config[
                                "SQLALCHEMY_DATABASE_URI"]) for _ in range(2)]
        allowed = []
        for n in range(10):
            with workers[n % 2].app_context():
                allowed.append(throttle.allow("join-ip:192.0.2.1", 6, 60))
        assert allowed.count(True) == 6  # not 6 per worker
    finally:
        redis.stop()


def test_a_flood_of_distinct_keys_does_not_reset_anyone_elses_count(live_app):
    with live_app.app_context():
        for _ in range(3):
            assert throttle.allow("pin-miss:203.0.113.1", 3, 60)
        for n in range(5000):
            throttle.allow(f"pin-miss:10.{n // 250}.{n % 250}.1", 3, 60)
        assert not throttle.allow("pin-miss:203.0.113.1", 3, 60)


def test_storage_follows_the_message_queue():
    assert throttle.storage_uri({"MESSAGE_QUEUE": None}) == "memory://"
    assert throttle.storage_uri({"MESSAGE_QUEUE": "redis://r:6379/0"}) == "redis://r:6379/0"
    assert throttle.storage_uri({"MESSAGE_QUEUE": "amqp://x"}) == "memory://"
    assert throttle.storage_uri({"MESSAGE_QUEUE": "redis://r", "RATE_LIMIT_STORAGE":
                                 "memory://"}) == "memory://"


@pytest.mark.parametrize("sid", ["a", "b"])
def test_per_connection_counters_go_with_the_connection(sid):
    for _ in range(5):
        assert throttle.allow_connection(sid, "answer", 5, 1)
    assert not throttle.allow_connection(sid, "answer", 5, 1)
    throttle.forget_connection(sid)
    assert throttle.allow_connection(sid, "answer", 5, 1)
    throttle.forget_connection(sid)
