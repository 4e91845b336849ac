"""A seat link in use on a socket of another worker asks before taking over: seat holds in a
real Redis, shared by two workers' SeatHolds, and the /studio handlers using them."""

import time

import pytest

from quizapp.extensions import socketio
from quizapp.gameshow.studio import seats
from quizapp.gameshow.studio.seats import SeatHolds, seat_key
from quizapp.gameshow.studio.shows import studio_of
from quizapp.live.ticker import beat
from quizapp.live.tokens import seat_token
from tests.server import RedisServer

from ..conftest import STUDIO, send


@pytest.fixture
def redis_url(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server.url
    server.stop()


@pytest.fixture
def with_holds(studio, live_app, redis_url):
    """This worker's studio keeps its seats in Redis, as with a Redis message queue."""
    local = studio_of(live_app)
    local.seat_holds = SeatHolds(redis_url)
    yield local.seat_holds
    local.seat_holds = None


def _seat(live_app, episode_id, seat, **extra):
    client = socketio.test_client(live_app, namespace=STUDIO)
    reply = client.emit("watch", {"role": "seat", "token": seat_token(episode_id, seat),
                                  **extra}, namespace=STUDIO, callback=True)
    return client, reply


def test_two_workers_share_one_hold_per_seat(redis_url, monkeypatch):
    first, second = SeatHolds(redis_url), SeatHolds(redis_url)
    first.claim(7, 2, "sid-a", "tablet-a")
    assert second.holder(7, 2) == ("sid-a", "tablet-a")
    assert second.holder(7, 3) is None
    second.claim(7, 2, "sid-b", "phone-b")  # taken over on the second worker
    assert first.holds("sid-a") is False
    assert first.renew(force=True) == ["sid-a"]  # the first worker learns it lost the seat
    first.release("sid-a")  # and giving it back does not free the second worker's hold
    assert first.holder(7, 2) == ("sid-b", "phone-b")
    second.release("sid-b")
    assert first.holder(7, 2) is None


def test_a_hold_lapses_when_its_worker_stops_renewing_and_comes_back_after_a_restart(
        redis_url, monkeypatch):
    monkeypatch.setattr(seats, "HOLD_MS", 300)
    dead, alive, other = SeatHolds(redis_url), SeatHolds(redis_url), SeatHolds(redis_url)
    dead.claim(8, 1, "sid-dead", "")
    alive.claim(8, 2, "sid-alive", "")
    time.sleep(0.2)
    assert alive.renew(force=True) == []
    time.sleep(0.2)
    assert other.holder(8, 1) is None  # the dead worker's seat is free again
    assert other.holder(8, 2) == ("sid-alive", "")
    alive.redis.flushall()  # Redis restarted empty
    assert alive.renew(force=True) == [] and other.holder(8, 2) == ("sid-alive", "")


def test_a_seat_held_on_another_worker_asks_before_taking_over(studio, live_app, with_holds,
                                                               redis_url):
    episode_id = studio.episode.id
    other_worker = SeatHolds(redis_url)
    other_worker.claim(episode_id, 1, "sid-on-the-other-worker", "tablet-a")

    _, refused = _seat(live_app, episode_id, 1, device="phone-b")
    assert refused["error"] == "seat_in_use"
    _, refused = _seat(live_app, episode_id, 1)  # no device id: not known to be the same one
    assert refused["error"] == "seat_in_use"
    assert other_worker.holder(episode_id, 1).sid == "sid-on-the-other-worker"

    taker, taken = _seat(live_app, episode_id, 1, device="phone-b", take_over=True)
    assert taken["ok"] and taken["seat"] == 1
    assert other_worker.holder(episode_id, 1).device == "phone-b"
    assert other_worker.renew(force=True) == ["sid-on-the-other-worker"]
    assert send(taker, "buzz", {})["error"] != "not_watching"


def test_the_same_device_through_another_worker_takes_its_seat_back(studio, live_app,
                                                                     with_holds, redis_url):
    episode_id = studio.episode.id
    other_worker = SeatHolds(redis_url)
    other_worker.claim(episode_id, 2, "sid-before-the-reconnect", "tablet-a")
    _, back = _seat(live_app, episode_id, 2, device="tablet-a")
    assert back["ok"]
    assert other_worker.renew(force=True) == ["sid-before-the-reconnect"]


def test_a_seat_taken_over_elsewhere_is_dropped_here(studio, live_app, with_holds,
                                                      redis_url):
    """At once if its socket sends anything, else at this worker's next beat."""
    episode_id = studio.episode.id
    local = studio_of(live_app)
    other_worker = SeatHolds(redis_url)
    pressing, _ = _seat(live_app, episode_id, 3, device="tablet-3")
    quiet, _ = _seat(live_app, episode_id, 4, device="tablet-4")
    watching = {sid for sid, known in local.connections.items() if known[1] == "seat"}
    assert len(watching) == 2
    for seat in (3, 4):
        other_worker.claim(episode_id, seat, f"sid-elsewhere-{seat}", "phone")
    assert send(pressing, "buzz", {})["error"] == "not_watching"
    assert send(pressing, "type_answer", {"text": "x"})["error"] == "not_watching"
    assert len([k for k in local.connections.values() if k[1] == "seat"]) == 1
    with_holds._renewed_at = 0  # the next beat renews
    beat(live_app)
    assert [k for k in local.connections.values() if k[1] == "seat"] == []
    assert other_worker.holder(episode_id, 4).sid == "sid-elsewhere-4"  # left alone
    assert quiet.is_connected(STUDIO)


def test_leaving_gives_the_seat_back(studio, live_app, with_holds, redis_url):
    episode_id = studio.episode.id
    other_worker = SeatHolds(redis_url)
    client, reply = _seat(live_app, episode_id, 1, device="tablet-a")
    assert reply["ok"] and other_worker.holder(episode_id, 1).device == "tablet-a"
    with_holds._renewed_at = 0
    beat(live_app)
    assert other_worker.redis.pttl(seat_key(episode_id, 1)) > 0  # renewed, still lapsing
    client.disconnect(STUDIO)
    assert other_worker.holder(episode_id, 1) is None
    _, again = _seat(live_app, episode_id, 1, device="phone-b")
    assert again["ok"]  # nobody to ask
