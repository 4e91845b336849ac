"""Whole episodes show exactly what they showed when the golden files were written.

Every step's events, refusal, public, staff and contestant views and snapshot are compared by
digest with tests/engine/show/golden/*.json (written by ``python -m tests.engine.show.episodes``
with the code whose behaviour is kept). The stored snapshots there are version-2 snapshots as
the studio stores them: they must restore and play the rest of the episode identically.
"""

import json

import pytest

from quizapp.engine.show import Show

from .episodes import EPISODES, GOLDEN, Player, digest, outputs, play_episode


def golden(name):
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


def first_difference(steps, expected, sent):
    for index, (got, want) in enumerate(zip(steps, expected, strict=False)):
        if got != want:
            parts = sorted(part for part in want if got.get(part) != want[part])
            return f"step {index} ({sent[index][0]!r}): {parts} differ"
    return f"{len(steps)} steps played, {len(expected)} expected"


@pytest.fixture(scope="module")
def played():
    return {name: play_episode(name) for name in EPISODES}


@pytest.mark.parametrize("name", sorted(EPISODES))
def test_every_step_of_an_episode_shows_what_it_did_before(played, name):
    expected, player = golden(name)["steps"], played[name]
    assert player.steps == expected, first_difference(player.steps, expected, player.sent)


STATE = ("public", "staff", "seats", "snapshot")


def replay_from(moment, played, parts=STATE, events=True, until=None):
    """Restore a stored snapshot, compare it with its step, and play the rest of the episode."""
    expected, sent = golden("olympia")["steps"], played["olympia"].sent
    show = Show.restore(moment["snapshot"])
    step = moment["step"]
    restored = outputs(show, [], None)
    for part in parts:  # not the step's events: they are not part of the state
        assert digest(restored[part]) == expected[step][part], (step, part)
    player = Player(show)
    end = len(sent) if until is None else until
    for command, now in sent[step + 1:end]:
        player.apply(command, now)
    keep = ("error", *(("events",) if events else ()), *parts)
    steps = [{part: digests[part] for part in keep} for digests in player.steps]
    wanted = [{part: digests[part] for part in keep} for digests in expected[step + 1:end]]
    assert steps == wanted, first_difference(steps, wanted, sent[step + 1:end])
    assert show.snapshot() == Show.restore(show.snapshot()).snapshot()


def test_stored_version_2_snapshots_restore_and_play_the_rest_of_the_episode(played):
    stored = golden("olympia")["snapshots"]
    assert {"claim", "correction", "steal", "tie_break"} <= set(stored)
    for moment in stored.values():
        assert moment["snapshot"]["version"] == 2
        replay_from(moment, played)


def test_snapshots_stored_before_the_typed_show_still_restore_and_play_on(played):
    """stored-v2.json: written by the dict-based show, before claims kept their rows, with the
    preset of the time (keyword points 80/60/40/20/10, so their totals differ from today's
    episode). Each restores to the state it holds, and every later command is accepted or
    refused as in today's episode (up to the tie-break for the moments before it: the tie the
    script makes depends on the totals)."""
    stored = json.loads((GOLDEN / "stored-v2.json").read_text(encoding="utf-8"))
    assert set(stored) == {"claim", "correction", "steal", "tie_break"}
    for name, moment in stored.items():
        data = moment["snapshot"]
        assert data["version"] == 2 and "matched" not in data["turn"]
        show = Show.restore(data)
        assert [seat.plain() for seat in show.seats] == data["seats"]
        assert (show.stage, show.round_index, show.turn.qid) == (
            data["stage"], data["round_index"], data["turn"]["qid"])
        replay_from(moment, played, parts=(), events=False,
                    until=None if name == "tie_break" else stored["tie_break"]["step"])
