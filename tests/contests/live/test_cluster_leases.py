"""Leases without a whole cluster: a private Redis and this process's registry."""

import pytest

from quizapp.contests.live import authority
from quizapp.contests.live.cluster import Cluster, lease_key
from quizapp.contests.live.registry import registry_of
from quizapp.live.handlers import Refused
from tests.server import RedisServer


@pytest.fixture
def cluster(live_app, tmp_path):
    server = RedisServer(tmp_path).start()
    registry = registry_of(live_app)
    registry.cluster = Cluster(registry, server.url)
    yield registry.cluster
    registry.cluster = None
    server.stop()


def test_a_look_that_must_not_take_the_lease_leaves_an_unowned_game_alone(cluster, game):
    registry = cluster.registry
    with pytest.raises(Refused) as refused:
        authority.call(registry, game.id, "audience", take_lease=False)
    assert refused.value.code == "unavailable"
    assert cluster.redis.get(lease_key(game.id)) is None
    assert authority.call(registry, game.id, "audience")["pin"] == game.pin  # a command takes it
    assert cluster.redis.get(lease_key(game.id)) == cluster.worker_id
    assert authority.call(registry, game.id, "audience", take_lease=False)["pin"] == game.pin


def test_a_game_owned_elsewhere_is_not_asked_about_on_every_request(cluster, game):
    cluster.redis.set(lease_key(game.id), "another-worker", px=15_000)
    assert cluster.owns_or_acquires(game.id) is False
    assert cluster.owner_of(game.id) == "another-worker"
    cluster.redis.delete(lease_key(game.id))  # the other worker died a moment ago
    assert cluster.owns_or_acquires(game.id) is False  # still remembered for up to a second
    cluster._owners.clear()
    assert cluster.owns_or_acquires(game.id) is True


def test_a_finished_game_gives_its_lease_back_at_the_next_renewal(cluster, game):
    from quizapp.engine import End

    registry = cluster.registry
    authority.call(registry, game.id, "audience")  # this worker takes the game
    cluster.renew_leases()
    assert cluster.redis.get(lease_key(game.id)) == cluster.worker_id
    registry.run(registry.get(game.id), End())
    cluster.renew_leases()
    assert cluster.redis.get(lease_key(game.id)) is None
    assert game.id not in registry.games
    cluster.renew_leases()  # and it is not taken back on the rounds after
    assert cluster.redis.get(lease_key(game.id)) is None


def test_releasing_never_takes_a_lease_another_worker_holds(cluster, game):
    cluster.redis.set(lease_key(game.id), "another-worker", px=15_000)
    cluster.release(game.id)
    assert cluster.redis.get(lease_key(game.id)) == "another-worker"


def test_malformed_messages_cost_themselves_not_the_readers(cluster, game, live_app):
    import json
    import threading

    cluster.owns_or_acquires(game.id)
    garbage = ["not json", "[]", "{}", json.dumps({"id": 7, "reply": 1}),
               json.dumps({"id": "x", "game_id": game.id})]
    request = {"id": "r1", "reply_to": "asker", "game_id": game.id, "operation": "audience",
               "args": {}}
    cluster.redis.rpush(cluster.inbox, *garbage, json.dumps(request))
    cluster.serve_inbox(live_app)
    cluster._pusher.flush()
    for _ in range(100):  # the request is served in its own task
        cluster._pusher.flush()
        replies = cluster.redis.lrange("quizapp:replies:asker", 0, -1)
        if replies:
            break
        threading.Event().wait(0.05)
    assert json.loads(replies[0])["reply"]["result"]["pin"] == game.pin

    done, box = threading.Event(), []
    cluster._waiting["r2"] = (done, box)
    cluster.redis.rpush(cluster.replies, *garbage, json.dumps({"id": "r2", "reply": {"ok": 1}}))
    cluster.take_replies()
    assert done.is_set() and box == [{"ok": 1}]
