"""Answer acceptance rules, joins, kicks, renames and the shuffle mapping."""

import pytest

from quizapp.engine import (
    Join,
    Kick,
    Next,
    Pause,
    PlayerJoined,
    PlayerKicked,
    PlayerRenamed,
    Rename,
    Start,
    SubmitAnswer,
    Tick,
    player_view,
    screen_view,
)
from quizapp.engine.nicknames import MAX_NICKNAME_LENGTH
from tests.engine.engine_helpers import (
    correct_shown,
    join,
    multiple,
    new_game,
    open_game,
    ordering,
    poll,
    refused,
    single,
    true_false,
    type_answer,
)


def test_second_answer_is_refused_and_counts_once():
    game = open_game([single()], players=("p1", "p2"))
    game.handle(SubmitAnswer("p1", 1, choices=(0,)), 2000)
    assert refused(game, SubmitAnswer("p1", 1, choices=(1,))) == "already_answered"
    assert len(game.runs[0].answers) == 1


def test_answer_at_or_after_the_deadline_is_too_late():
    game = open_game([single()])  # deadline 21000
    game.handle(SubmitAnswer("p1", 1, choices=(0,)), 20999)
    assert refused(game, SubmitAnswer("p2", 1, choices=(0,)), 21000) == "too_late"
    game.handle(Tick(), 21000)
    assert refused(game, SubmitAnswer("p2", 1, choices=(0,)), 21001) == "too_late"


def test_answer_to_an_earlier_question_is_too_late():
    game = open_game([single(1), single(2)], preview_ms=0)
    for _ in range(4):
        game.handle(Next(), 2000)
    assert game.index == 1
    assert refused(game, SubmitAnswer("p1", 1, choices=(0,))) == "too_late"


@pytest.mark.parametrize("question_id", [99, 2, "1", None])
def test_unknown_or_future_question_is_not_open(question_id):
    game = open_game([single(1), single(2)])
    assert refused(game, SubmitAnswer("p1", question_id, choices=(0,))) == "question_not_open"


def test_answer_in_preview_or_lobby_is_not_open():
    game = new_game([single()], preview_ms=4000)
    join(game, "p1")
    assert refused(game, SubmitAnswer("p1", 1, choices=(0,))) == "question_not_open"
    game.handle(Start(), 0)
    assert refused(game, SubmitAnswer("p1", 1, choices=(0,))) == "question_not_open"


def test_answer_while_paused():
    game = open_game([single()])
    game.handle(Pause(), 1500)
    assert refused(game, SubmitAnswer("p1", 1, choices=(0,))) == "game_paused"


def test_kicked_and_unknown_players_are_not_in_game():
    game = open_game([single()], players=("p1", "p2", "p3"))
    assert game.handle(Kick("p2"), 1500)[0] == PlayerKicked("p2", 2)
    assert refused(game, SubmitAnswer("p2", 1, choices=(0,))) == "not_in_game"
    assert refused(game, SubmitAnswer("ghost", 1, choices=(0,))) == "not_in_game"
    assert refused(game, Join("p2", "Trở lại")) == "player_kicked"
    assert refused(game, Kick("p2")) == "not_in_game"
    assert refused(game, Kick("ghost")) == "unknown_player"
    assert refused(game, Rename("ghost", "X")) == "unknown_player"


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        (single(), {"choices": (4,)}),
        (single(), {"choices": (-1,)}),
        (single(), {"choices": (0, 1)}),
        (single(), {"choices": ()}),
        (single(), {"choices": (True,)}),
        (single(), {"choices": ("0",)}),
        (single(), {"text": "A"}),
        (multiple(), {"choices": (0, 0)}),
        (multiple(), {"choices": 1}),
        (true_false(), {"choices": (2,)}),
        (poll(), {"choices": (0, 1)}),
        (type_answer(), {"text": ""}),
        (type_answer(), {"text": "x" * 201}),
        (type_answer(), {"choices": (0,)}),
        (ordering(), {"order": (0, 1, 2)}),
        (ordering(), {"order": (0, 1, 2, 2)}),
        (ordering(), {"order": (0, 1, 2, 4)}),
    ],
)
def test_malformed_answers_are_invalid(question, fields):
    game = open_game([question])
    assert refused(game, SubmitAnswer("p1", question["id"], **fields)) == "invalid_answer"


def test_json_lists_are_accepted_as_indices():
    game = open_game([multiple()])
    game.handle(SubmitAnswer("p1", 2, choices=[0, 1]), 2000)


def test_shuffle_is_seeded_same_for_everyone_and_mapped_back():
    questions = [single(i, correct=i % 4) for i in range(1, 9)]
    first = new_game(questions, seed=3)
    again = new_game(questions, seed=3)
    other = new_game(questions, seed=4)
    displays = [q.display for q in first.questions]
    assert displays == [q.display for q in again.questions]
    assert displays != [q.display for q in other.questions]
    assert any(d != (0, 1, 2, 3) for d in displays)
    for q in first.questions:
        assert sorted(q.display) == [0, 1, 2, 3]
    game = open_game(questions, players=("p1", "p2"), seed=3)
    q = game.questions[0]
    position = correct_shown(game, 0)[0]
    event = game.handle(SubmitAnswer("p1", 1, choices=(position,)), 2000)[0]
    assert event.correct and event.answer == {"choices": [1 % 4]}
    view = player_view(game, "p1")
    assert view["question"]["choices"][position] == q.choices[1]
    assert screen_view(game)["question"]["choices"] == player_view(game)["question"]["choices"]


def test_no_shuffle_keeps_native_order_but_ordering_items_are_always_shuffled():
    game = new_game([single(), ordering(), true_false()], shuffle_answers=False)
    assert game.questions[0].display == (0, 1, 2, 3)
    assert game.questions[1].display != (0, 1, 2, 3)
    assert game.questions[2].display == (0, 1)


def test_join_rules():
    game = new_game([single()], max_players=2)
    assert game.handle(Join("p1", "  Lan\u200b  "), 0)[0] == PlayerJoined("p1", "Lan", None, 1)
    assert refused(game, Join("p1", "Lan 2"), 0) == "already_joined"
    assert refused(game, Join("p2", "LAN"), 0) == "nickname_taken"
    assert refused(game, Join("p2", ""), 0) == "nickname_empty"
    assert refused(game, Join("p2", "x" * (MAX_NICKNAME_LENGTH + 1)), 0) == "nickname_too_long"
    assert len("Nguyễn Thị Phương Thảo Nguyên") <= MAX_NICKNAME_LENGTH  # a full name fits
    assert refused(game, Join("p2", "đụ má"), 0) == "nickname_blocked"
    assert refused(game, Join("", "Minh"), 0) == "invalid_player"
    assert refused(game, Join(5, "Minh"), 0) == "invalid_player"
    assert refused(game, Join("p2", "Minh", "S" * 101), 0) == "field_too_long"
    game.handle(Join("p2", "Minh"), 0)
    assert refused(game, Join("p3", "Hoa"), 0) == "game_full"
    game.handle(Kick("p2"), 0)
    game.handle(Join("p3", "Minh"), 0)  # a kicked player's seat and nickname are free again


def test_late_join_off():
    game = new_game([single()], late_join=False)
    join(game, "p1")
    game.handle(Start(), 0)
    assert refused(game, Join("p2", "Muộn"), 100) == "late_join_closed"


def test_rename():
    game = new_game([single()])
    join(game, "p1", "p2")
    assert game.handle(Rename("p1", "Hoa"), 0) == [PlayerRenamed("p1", "Hoa")]
    assert refused(game, Rename("p2", "hoa"), 0) == "nickname_taken"
    game.handle(Rename("p1", "HOA"), 0)  # own nickname, other case: fine
    game.handle(Join("p3", "Bạn p1"), 0)  # the old nickname is free again
    assert refused(game, Rename("p2", "con cặc"), 0) == "nickname_blocked"


def test_answers_faster_than_a_person_are_counted_for_the_host():
    from quizapp.engine import Game, GameOptions, Join, Next, Start, SubmitAnswer, host_view

    questions = [{"id": i, "kind": "single", "text": f"Q{i}", "explanation": "x",
                  "choices": [{"text": "a", "correct": True}, {"text": "b"}]} for i in (1, 2, 3)]
    game = Game.create(questions, GameOptions(preview_ms=0, shuffle_answers=False), seed=1)
    game.handle(Join("bot", "Bot", "", ""), 0)
    game.handle(Join("lan", "Lan", "", ""), 0)
    game.handle(Start(), 1_000)
    now = 1_000
    for qid in (1, 2, 3):
        game.handle(SubmitAnswer("bot", qid, choices=[0]), now + 299)
        game.handle(SubmitAnswer("lan", qid, choices=[0]), now + (300 if qid == 1 else 4_000))
        for _ in range(3 if qid < 3 else 1):  # reveal, leaderboard, next question
            now += 5_000
            game.handle(Next(), now)
    players = {p["player_id"]: p for p in host_view(game)["players"]}
    assert players["bot"]["fast_answers"] == 3 and players["bot"]["suspect"]
    assert players["lan"]["fast_answers"] == 0 and not players["lan"]["suspect"]
    assert Game.restore(game.snapshot()).players["bot"].fast_answers == 3
