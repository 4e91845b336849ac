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


def test_stored_version_2_snapshots_restore_and_play_the_rest_of_the_episode(played):
    stored, expected = golden("olympia")["snapshots"], golden("olympia")["steps"]
    assert {"claim", "correction", "steal", "tie_break"} <= set(stored)
    sent = played["olympia"].sent
    for moment in stored.values():
        assert moment["snapshot"]["version"] == 2
        show = Show.restore(moment["snapshot"])
        step = moment["step"]
        player = Player(show)
        restored = outputs(show, [], None)
        for part in ("public", "staff", "seats", "snapshot"):  # not the step's events
            assert digest(restored[part]) == expected[step][part], (step, part)
        for command, now in sent[step + 1:]:
            player.apply(command, now)
        assert player.steps == expected[step + 1:], first_difference(
            player.steps, expected[step + 1:], sent[step + 1:])
