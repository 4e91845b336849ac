"""Snapshots: restore then continue behaves exactly like the original game."""

import json

import pytest

from quizapp.engine import (
    AddTime,
    Game,
    InvalidCommand,
    InvalidGame,
    Join,
    Kick,
    Next,
    Pause,
    Resume,
    SubmitAnswer,
    Tick,
    host_view,
    player_view,
    screen_view,
)
from tests.engine.engine_helpers import (
    correct_shown,
    multiple,
    open_game,
    ordering,
    single,
    true_false,
    type_answer,
)


def run(game, commands):
    out = []
    for command, now in commands:
        try:
            out.append([ev.to_dict() for ev in game.handle(command, now)])
        except InvalidCommand as error:
            out.append(error.code)
    return out


def test_the_snapshot_text_keeps_up_with_answers_added_after_it_was_first_encoded():
    game = open_game([single(1), multiple(2)], players=("p1", "p2", "p3"), team_mode=None)
    first = json.loads(game.snapshot_json())
    assert first["runs"][0]["answers"] == []
    game.handle(SubmitAnswer("p1", 1, choices=correct_shown(game, 0)), 3000)
    game.snapshot_json()
    game.handle(SubmitAnswer("p2", 1, choices=(0,)), 3500)
    game.handle(SubmitAnswer("p3", 1, choices=(1,)), 3600)
    text = game.snapshot_json()
    assert json.loads(text) == json.loads(json.dumps(game.snapshot()))
    assert [a["player_id"] for a in json.loads(text)["runs"][0]["answers"]] == ["p1", "p2", "p3"]
    assert Game.restore(json.loads(text)).snapshot() == game.snapshot()


def test_restore_mid_question_continues_identically():
    questions = [single(1), multiple(2), ordering(3), type_answer(4), true_false(5)]
    game = open_game(questions, players=("p1", "p2", "p3"), team_mode=None)
    game.handle(SubmitAnswer("p1", 1, choices=correct_shown(game, 0)), 3000)
    game.handle(Pause(), 4000)
    game.handle(AddTime(7), 4500)
    snap = json.loads(json.dumps(game.snapshot()))
    restored = Game.restore(snap)
    assert restored.snapshot() == game.snapshot()
    rest = [
        (Resume(), 9000),
        (SubmitAnswer("p2", 1, choices=(0,)), 9500),
        (SubmitAnswer("p2", 1, choices=(1,)), 9600),
        (Join("p4", "Muộn"), 9700),
        (Kick("p3"), 9800),
        (Tick(), 40000),
        (Next(), 41000),
        (Next(), 41000),
        (Next(), 41000),
        (Tick(), 46000),
        (SubmitAnswer("p1", 2, choices=correct_shown(restored, 1)), 47000),
        (SubmitAnswer("p4", 2, choices=(0, 1, 2)), 48000),
        (Next(), 49000),
        (Next(), 49000),
    ]
    assert run(restored, rest) == run(game, rest)
    assert restored.snapshot() == game.snapshot()
    for view in (host_view, screen_view):
        assert view(restored) == view(game)
    assert player_view(restored, "p1") == player_view(game, "p1")
    assert restored.players["p1"].score > 0


def test_snapshot_keeps_rng_state_and_shuffles():
    game = open_game([single(1), single(2)], seed=11)
    snap = game.snapshot()
    restored = Game.restore(snap)
    assert restored.rng.getstate() == game.rng.getstate()
    assert [q.display for q in restored.questions] == [q.display for q in game.questions]
    assert restored.rng.random() == game.rng.random()


def test_snapshot_is_a_copy():
    game = open_game([single()])
    snap = game.snapshot()
    snap["questions"][0]["choices"][0]["text"] = "changed"
    assert game.raw_questions[0]["choices"][0]["text"] != "changed"


@pytest.mark.parametrize(
    "broken",
    [None, {}, {"version": 99}, {"version": 1}, {"version": 1, "options": {}, "questions": []}],
)
def test_restore_refuses_what_is_not_a_snapshot(broken):
    with pytest.raises(InvalidGame) as info:
        Game.restore(broken)
    assert info.value.code == "invalid_snapshot"


def test_restore_refuses_a_bad_display_order():
    snap = open_game([single()]).snapshot()
    snap["display"][0] = [0, 0, 1, 2]
    with pytest.raises(InvalidGame):
        Game.restore(snap)


def test_snapshots_taken_one_after_another_each_hold_the_answers_of_their_time():
    """Answer copies are reused between snapshots; an earlier snapshot must not grow."""
    game = open_game([single(1), single(2)], players=("p1", "p2", "p3"), team_mode=None)
    game.handle(SubmitAnswer("p1", 1, choices=correct_shown(game, 0)), 3000)
    first = game.snapshot()
    first_text = json.dumps(first, sort_keys=True)
    game.handle(SubmitAnswer("p2", 1, choices=(0,)), 3500)
    second = game.snapshot()
    assert [a["player_id"] for a in first["runs"][0]["answers"]] == ["p1"]
    assert json.dumps(first, sort_keys=True) == first_text
    assert [a["player_id"] for a in second["runs"][0]["answers"]] == ["p1", "p2"]
    restored = Game.restore(json.loads(json.dumps(second)))
    assert restored.snapshot() == second
    advance = [(Tick(), 40000), (Next(), 41000), (Next(), 42000), (Next(), 43000),
               (SubmitAnswer("p3", 2, choices=(0,)), 44000)]
    assert run(restored, advance) == run(game, advance)
    assert restored.snapshot() == game.snapshot()
