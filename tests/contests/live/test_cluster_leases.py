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
