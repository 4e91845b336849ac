"""A show's 50:50 on the viewers' phones: choices taken away leave the view and refuse answers."""

from quizapp.engine import (
    ChoicesRemoved,
    Game,
    Next,
    OpenQuestion,
    RemoveChoices,
    SubmitAnswer,
    player_view,
)
from tests.engine.engine_helpers import (
    join,
    new_game,
    open_game,
    refused,
    shown,
    single,
    type_answer,
)


def test_removed_choices_leave_the_shuffled_view_and_their_answers_are_refused():
    game = open_game([single(correct=2)], shuffle_answers=True, seed=11)
    assert player_view(game)["question"]["removed"] == []
    events = game.handle(RemoveChoices(1, (0, 3)), 1500)
    assert events == [ChoicesRemoved(1, (0, 3), True)]
    question = player_view(game)["question"]
    gone = sorted([shown(game, 0, 0), shown(game, 0, 3)])
    assert question["removed"] == gone  # displayed positions, whatever the shuffle
    assert {question["choices"][k] for k in gone} == {"Lựa chọn 0", "Lựa chọn 3"}
    assert refused(game, SubmitAnswer("p1", 1, choices=(gone[0],))) == "choice_removed"
    assert "p1" not in game.runs[0].answers  # a refused answer does not count
    left = next(k for k in range(4) if k not in gone)
    game.handle(SubmitAnswer("p1", 1, choices=(left,)), 2000)
    assert game.runs[0].answers["p1"].displayed == {"choices": [left]}


def test_a_removal_before_the_question_opens_waits_for_it_and_survives_a_restore():
    game = new_game([single(1), single(2, correct=1)], preview_ms=0)
    join(game, "p1")
    game.handle(OpenQuestion(1), 1000)
    events = game.handle(RemoveChoices(2, [0, 2]), 1200)  # the next one, not on the phones yet
    assert events == [ChoicesRemoved(2, (0, 2), False)]
    assert player_view(game)["question"]["removed"] == []
    restored = Game.restore(game.snapshot())
    for _ in range(2):
        restored.handle(Next(), 3000)
    restored.handle(OpenQuestion(2), 4000)
    gone = sorted([shown(restored, 1, 0), shown(restored, 1, 2)])
    assert player_view(restored)["question"]["removed"] == gone
    assert refused(restored, SubmitAnswer("p1", 2, choices=(gone[1],)), 4100) == \
        "choice_removed"


def test_only_wrong_choices_of_an_unrevealed_choice_question_can_be_removed():
    game = open_game([single(correct=1), type_answer(2)])
    assert refused(game, RemoveChoices(1, (1, 2))) == "invalid_removal"  # the right one
    assert refused(game, RemoveChoices(1, (0, 2, 3))) == "invalid_removal"  # one left
    assert refused(game, RemoveChoices(1, (4,))) == "invalid_removal"
    assert refused(game, RemoveChoices(1, ())) == "invalid_removal"
    assert refused(game, RemoveChoices(2, (0,))) == "invalid_removal"  # a typed answer
    assert refused(game, RemoveChoices(9, (0,))) == "question_not_open"
    game.handle(RemoveChoices(1, (0,)), 1500)
    game.handle(RemoveChoices(1, (0, 3)), 1600)  # again, and one more: the union
    assert game.runs[0].removed == [0, 3]
    for _ in range(2):
        game.handle(Next(), 2000)  # closed, revealed
    assert refused(game, RemoveChoices(1, (2,))) == "wrong_phase"
