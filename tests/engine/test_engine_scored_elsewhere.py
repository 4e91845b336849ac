"""Answers scored by another process (the worker that received them): AcceptScored."""

import pytest

from quizapp.engine import (
    AcceptScored,
    AnswerCountChanged,
    InvalidCommand,
    Next,
    Pause,
    Phase,
    QuestionClosed,
    ScoredAnswer,
    SubmitAnswer,
    check_answer_time,
    player_view,
    score_answer,
)
from quizapp.engine.questions import grade
from tests.engine.engine_helpers import (
    advance_to_next_question,
    correct_shown,
    open_game,
    single,
    wrong_shown,
)


def scored_elsewhere(game, player_id, choices, now, streak=None):
    """What a worker does with the owner's clock: check, grade and score by the engine's rules."""
    index, run = game.index, game.run
    check_answer_time(index, game.index, game.phase, game.paused, game.deadline_ms, now)
    question = game.questions[index]
    graded = grade(question, choices, None, None)
    elapsed = now - run.opened_ms - run.paused_ms
    player = game.players[player_id]
    points, _, _ = score_answer(question, game.options, graded.fraction, graded.correct,
                                elapsed, game.limit_ms(index),
                                player.streak if streak is None else streak)
    return ScoredAnswer(player_id, question.id, now, elapsed, {"choices": list(choices)},
                        graded.answer, graded.correct, points)


def test_an_answer_scored_elsewhere_counts_exactly_as_one_sent_to_the_game():
    questions = [single(1), single(2)]
    here = open_game(questions, players=("p1", "p2"), streak_bonus=True)
    there = open_game(questions, players=("p1", "p2"), streak_bonus=True)
    for step, now in ((0, 4000), (1, 12000)):
        right, wrong = correct_shown(here, step), (wrong_shown(here, step),)
        here.handle(SubmitAnswer("p1", questions[step]["id"], choices=right), now)
        here.handle(SubmitAnswer("p2", questions[step]["id"], choices=wrong), now + 500)
        there.handle(AcceptScored((scored_elsewhere(there, "p1", right, now),
                                   scored_elsewhere(there, "p2", wrong, now + 500))), now + 600)
        assert there.phase is here.phase is Phase.CLOSED  # everyone answered
        advance_to_next_question(here, now + 2000)
        advance_to_next_question(there, now + 2000)
    for player in ("p1", "p2"):
        assert player_view(there, player) == player_view(here, player)
        ours, theirs = there.players[player], here.players[player]
        assert (ours.score, ours.streak, ours.correct_count) == \
            (theirs.score, theirs.streak, theirs.correct_count)
    assert there.players["p1"].streak == 2
    assert there.runs[1].answers["p1"].streak_bonus == here.runs[1].answers["p1"].streak_bonus \
        == 100


def test_answers_stored_before_the_reveal_count_even_after_the_question_closed():
    game = open_game([single(1)], players=("p1", "p2", "p3"))
    late = scored_elsewhere(game, "p2", correct_shown(game, 0), 5000)
    game.handle(Next(), 6000)  # the host closes: the worker stored p2's answer just before
    assert game.phase is Phase.CLOSED
    events = game.handle(AcceptScored((late,)), 6100)
    assert [type(e) for e in events] == [AnswerCountChanged]
    assert events[0].answered == 1
    game.handle(Next(), 7000)  # reveal
    assert game.players["p2"].score == late.points > 0
    assert player_view(game, "p2")["me"]["result"]["points"] == late.points
    # After the reveal nothing more is counted (the reveal read every stored row).
    after = ScoredAnswer("p3", 1, 4000, 3000, {"choices": [0]}, {"choices": [0]}, True, 900)
    before = game.snapshot()
    assert game.handle(AcceptScored((after,)), 7000) == []
    assert game.snapshot() == before


def test_one_answer_per_player_whoever_scored_it_and_only_known_players():
    game = open_game([single(1), single(2)], players=("p1", "p2"))
    game.handle(SubmitAnswer("p1", 1, choices=correct_shown(game, 0)), 3000)
    again = scored_elsewhere(game, "p1", (wrong_shown(game, 0),), 3500)
    stranger = ScoredAnswer("p9", 1, 3500, 2500, {"choices": [0]}, {"choices": [0]}, True, 900)
    other_question = ScoredAnswer("p2", 2, 3500, 2500, {"choices": [0]}, {"choices": [0]},
                                  True, 900)
    assert game.handle(AcceptScored((again, stranger, other_question)), 3600) == []
    assert game.run.answers["p1"].correct is True
    assert set(game.run.answers) == {"p1"}
    events = game.handle(AcceptScored((scored_elsewhere(game, "p2", (0,), 3700),)), 3800)
    closed = [e for e in events if isinstance(e, QuestionClosed)]
    assert len(closed) == 1 and closed[0].reason == "all_answered"


def test_the_clock_rule_a_worker_applies_is_the_games_own():
    game = open_game([single(1)], players=("p1",))
    with pytest.raises(InvalidCommand) as late:
        scored_elsewhere(game, "p1", (0,), game.deadline_ms)
    assert late.value.code == "too_late"
    game.handle(Pause(), 2000)
    with pytest.raises(InvalidCommand) as paused:
        scored_elsewhere(game, "p1", (0,), 2500)
    assert paused.value.code == "game_paused"


def test_a_restored_game_keeps_the_answers_scored_elsewhere():
    game = open_game([single(1)], players=("p1", "p2"))
    game.handle(AcceptScored((scored_elsewhere(game, "p1", correct_shown(game, 0), 4000),)),
                4100)
    copy = type(game).restore(game.snapshot())
    assert copy.answered_count == 1
    copy.handle(Next(), 5000)
    copy.handle(Next(), 5000)
    game.handle(Next(), 5000)
    game.handle(Next(), 5000)
    assert copy.snapshot() == game.snapshot()
