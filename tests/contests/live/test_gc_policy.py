"""The heartbeat keeps full garbage collections off a worker that is serving phones."""

import gc

import pytest

from quizapp.contests.live.registry import registry_of
from quizapp.live.gcpolicy import BUSY_THRESHOLDS, FREEZE_EVERY_MS, GcPolicy
from quizapp.live.ticker import beat


@pytest.fixture
def policy():
    thresholds = gc.get_threshold()
    yield GcPolicy()
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_what_is_alive_is_frozen_while_phones_are_connected(policy):
    kept = [object() for _ in range(10)]
    policy.beat(busy=True, now_ms=10_000)
    assert gc.get_freeze_count() >= len(kept)


def test_objects_made_later_are_frozen_at_the_next_beat_after_a_second(policy):
    policy.beat(busy=True, now_ms=10_000)
    frozen = gc.get_freeze_count()
    kept = [[] for _ in range(500)]  # tracked by the collector
    policy.beat(busy=True, now_ms=10_000 + FREEZE_EVERY_MS // 2)
    assert gc.get_freeze_count() == frozen  # not yet: once a second is enough
    policy.beat(busy=True, now_ms=10_000 + FREEZE_EVERY_MS)
    assert gc.get_freeze_count() >= frozen + len(kept)


def test_everything_is_unfrozen_when_the_last_phone_has_left(policy):
    policy.beat(busy=True, now_ms=10_000)
    policy.beat(busy=False, now_ms=10_500)
    assert gc.get_freeze_count() == 0
    assert not policy.frozen


def test_a_quiet_worker_never_freezes(policy):
    policy.beat(busy=False, now_ms=10_000)
    assert gc.get_freeze_count() == 0


def test_young_collections_are_spaced_out_while_busy_and_restored_when_quiet(policy):
    before = gc.get_threshold()
    policy.beat(busy=True, now_ms=10_000)
    assert gc.get_threshold() == BUSY_THRESHOLDS
    policy.beat(busy=True, now_ms=10_000 + FREEZE_EVERY_MS)
    policy.beat(busy=False, now_ms=10_000 + 2 * FREEZE_EVERY_MS)
    assert gc.get_threshold() == before



def test_the_heartbeat_freezes_while_a_phone_is_in_a_game_and_unfreezes_when_it_leaves(
        live_app, game, phone, clock):
    """The whole path: a joined phone makes the worker busy, its disconnect makes it quiet."""
    registry = registry_of(live_app)
    client = phone()
    reply = client.emit("join", {"pin": game.pin, "nickname": "Lan"}, namespace="/play",
                        callback=True)
    assert reply["ok"], reply
    try:
        beat(registry.app)
        assert gc.get_freeze_count() > 0
        client.disconnect("/play")
        clock.advance(50)
        beat(registry.app)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_every_collection_of_the_process_is_counted_with_its_cpu_time(policy):
    from quizapp.live.gcpolicy import TIMER

    before = TIMER.report()
    gc.collect()
    gc.collect(0)
    after = TIMER.report()
    assert after["collections"] == before["collections"] + 2
    assert after["cpu_s"] >= before["cpu_s"]
