"""Scoring rules with exact numbers: speed, partial credit, streaks, ties, teams."""

from fractions import Fraction

import pytest

from quizapp.engine import GameOptions, Join, Next, Pause, Resume, Start, SubmitAnswer
from quizapp.engine.scoring import answer_points, round_half_up, speed_factor, streak_bonus
from tests.engine.engine_helpers import (
    advance_to_next_question,
    correct_shown,
    join,
    multiple,
    new_game,
    open_game,
    ordering,
    poll,
    shown,
    single,
    true_false,
    type_answer,
    wrong_shown,
)


def answer_single(game, pid, now, right=True, index=None):
    index = game.index if index is None else index
    q = game.questions[index]
    choice = correct_shown(game, index)[0] if right else wrong_shown(game, index)
    return game.handle(SubmitAnswer(pid, q.id, choices=(choice,)), now)[0]


@pytest.mark.parametrize(
    ("elapsed", "points"),
    [(0, 1000), (5000, 875), (10000, 750), (19999, 500), (1, 1000), (133, 997), (20000, 500)],
)
def test_speed_formula(elapsed, points):
    # round(1000 * (1 - (t / 20000) / 2)), halves up: t=133 -> 996.675 -> 997
    assert answer_points(1000, Fraction(1), elapsed, 20000, True) == points


def test_rounding_is_half_up():
    assert round_half_up(Fraction(1, 2)) == 1
    assert round_half_up(Fraction(5, 2)) == 3
    assert answer_points(1000, Fraction(1), 1, 1000, True) == 1000  # 999.5 -> 1000


def test_speed_factor_clamps():
    assert speed_factor(-50, 1000, True) == 1
    assert speed_factor(5000, 1000, True) == Fraction(1, 2)
    assert speed_factor(700, 1000, False) == 1


def test_answer_points_in_a_game():
    game = open_game([single(), single(2)], players=("p1", "p2", "p3"))  # opened at 1000
    assert answer_single(game, "p1", 1000).points == 1000
    assert answer_single(game, "p2", 6000).points == 875
    event = answer_single(game, "p3", 11000, right=False)
    assert (event.points, event.correct) == (0, False)


def test_speed_scoring_off_gives_full_points():
    game = open_game([single()], players=("p1", "p2"), speed_scoring=False)
    assert answer_single(game, "p1", 20999).points == 1000


@pytest.mark.parametrize(("level", "points"), [("none", 0), ("standard", 875), ("double", 1750)])
def test_points_levels(level, points):
    game = open_game([single(points=level)], players=("p1", "p2"))
    assert answer_single(game, "p1", 6000).points == points


@pytest.mark.parametrize(
    ("picked_native", "points", "correct"),
    [
        ((0, 1, 2), 1000, True),  # all three correct
        ((0, 1), 667, False),  # 2/3 -> 666.67
        ((0,), 333, False),  # 1/3
        ((0, 1, 3), 333, False),  # (2 - 1) / 3
        ((0, 3), 0, False),  # (1 - 1) / 3
        ((3,), 0, False),  # negative -> 0
    ],
)
def test_multiple_partial_credit(picked_native, points, correct):
    game = open_game([multiple(correct=(0, 1, 2))], players=("p1", "p2"), speed_scoring=False)
    picked = tuple(shown(game, 0, i) for i in picked_native)
    event = game.handle(SubmitAnswer("p1", 2, choices=picked), 2000)[0]
    assert (event.points, event.correct) == (points, correct)
    assert event.answer == {"choices": sorted(picked_native)}


def test_multiple_partial_credit_with_speed():
    game = open_game([multiple(correct=(0, 1))], players=("p1", "p2"))
    picked = (shown(game, 0, 0),)
    event = game.handle(SubmitAnswer("p1", 2, choices=picked), 6000)[0]
    assert event.points == 438  # 1000 * 0.875 * 1/2 = 437.5 -> 438


def test_ordering_is_all_or_nothing():
    game = open_game([ordering()], players=("p1", "p2", "p3"), speed_scoring=False)
    right = tuple(shown(game, 0, i) for i in range(4))
    nearly = tuple(shown(game, 0, i) for i in (0, 1, 3, 2))
    ok = game.handle(SubmitAnswer("p1", 5, order=right), 2000)[0]
    bad = game.handle(SubmitAnswer("p2", 5, order=nearly), 2000)[0]
    assert (ok.points, ok.correct, ok.answer) == (1000, True, {"order": [0, 1, 2, 3]})
    assert (bad.points, bad.correct, bad.answer) == (0, False, {"order": [0, 1, 3, 2]})


def test_true_false():
    game = open_game([true_false(answer=False)], players=("p1", "p2"), speed_scoring=False)
    right = game.handle(SubmitAnswer("p1", 3, choices=(1,)), 2000)[0]  # "Sai"
    wrong = game.handle(SubmitAnswer("p2", 3, choices=(0,)), 2000)[0]
    assert (right.points, right.answer) == (1000, {"value": False})
    assert (wrong.points, wrong.answer) == (0, {"value": True})


@pytest.mark.parametrize(
    ("typed", "correct"),
    [("mat khau bi mat", True), ("  Mật   khẩu bí mật! ", True), ("secret passphrase", True),
     ("mật khẩu", False)],
)  # fmt: skip
def test_type_answer(typed, correct):
    game = open_game([type_answer()], players=("p1", "p2"), speed_scoring=False)
    event = game.handle(SubmitAnswer("p1", 4, text=typed), 2000)[0]
    assert (event.correct, event.points) == (correct, 1000 if correct else 0)
    assert event.answer == {"text": typed}


def test_poll_scores_nothing():
    game = open_game([poll()], players=("p1", "p2"))
    event = game.handle(SubmitAnswer("p1", 6, choices=(2,)), 1000)[0]
    assert (event.correct, event.points) == (None, 0)


def play_series(questions, answers, **options):
    """answers: per question, the list of (player, right?) answering at open + 0 ms."""
    game = open_game(questions, players=("p1", "p2"), speed_scoring=False, **options)
    points = []
    now = 1000
    for index, answered in enumerate(answers):
        for pid, right in answered:
            q = game.questions[index]
            if q.kind == "poll":
                event = game.handle(SubmitAnswer(pid, q.id, choices=(0,)), now)[0]
            else:
                event = answer_single(game, pid, now, right)
            if pid == "p1":
                points.append(event.points)
        if game.phase.value == "open":
            game.handle(Next(), now)
        if index + 1 < len(answers):
            advance_to_next_question(game, now)
    game.handle(Next(), now)
    return game, points


def test_streak_bonus_rule():
    assert [streak_bonus(n) for n in range(0, 9)] == [0, 0, 100, 200, 300, 400, 500, 500, 500]


def test_streak_bonus_grows_and_caps_at_500():
    questions = [single(i) for i in range(1, 9)]
    game, points = play_series(questions, [[("p1", True)]] * 8)
    assert points == [1000, 1100, 1200, 1300, 1400, 1500, 1500, 1500]
    assert game.players["p1"].streak == 8
    assert game.players["p1"].score == sum(points)


def test_wrong_answer_and_missing_answer_break_the_streak():
    questions = [single(i) for i in range(1, 7)]
    answers = [[("p1", True)], [("p1", True)], [("p1", False)], [("p1", True)], [("p1", True)],
               [], ]  # fmt: skip
    game, points = play_series(questions, answers)
    assert points == [1000, 1100, 0, 1000, 1100]
    assert game.players["p1"].streak == 0  # missed the last question


def test_polls_and_no_point_questions_do_not_break_streaks():
    questions = [single(1), poll(2), single(3, points="none"), single(4)]
    answers = [[("p1", True)], [("p1", True)], [("p1", True)], [("p1", True)]]
    game, points = play_series(questions, answers)
    assert points == [1000, 0, 0, 1100]
    assert game.players["p1"].streak == 2


def test_poll_unanswered_does_not_break_streak():
    answers = [[("p1", True)], [], [("p1", True)]]
    game, points = play_series([single(1), poll(2), single(3)], answers)
    assert points == [1000, 1100]


def test_partial_credit_breaks_the_streak():
    questions = [single(1), multiple(2, correct=(0, 1)), single(3)]
    game = open_game(questions, players=("p1", "p2"), speed_scoring=False)
    answer_single(game, "p1", 1000)
    game.handle(Next(), 1000)
    advance_to_next_question(game, 1000)
    event = game.handle(SubmitAnswer("p1", 2, choices=(shown(game, 1, 0),)), 1000)[0]
    assert (event.points, event.streak_bonus) == (500, 0)
    game.handle(Next(), 1000)
    advance_to_next_question(game, 1000)
    assert answer_single(game, "p1", 1000).points == 1000


def test_streak_bonus_off():
    game, points = play_series([single(1), single(2)], [[("p1", True)]] * 2, streak_bonus=False)
    assert points == [1000, 1000]
    assert game.players["p1"].streak == 2


def test_ties_broken_by_total_answer_time_then_join_order():
    game = open_game([single(1)], players=("a", "b", "c", "d"), speed_scoring=False)
    answer_single(game, "c", 1000 + 1000)  # correct, fast
    answer_single(game, "a", 1000 + 1000)  # correct, same time as c, joined first
    answer_single(game, "b", 1000 + 3000)  # correct, slower
    game.handle(Next(), 5000)  # close (d did not answer)
    game.handle(Next(), 5000)  # reveal
    assert [p.player_id for p in game.standings()] == ["a", "c", "b", "d"]
    assert game.rank_of("d") == 4


def test_paused_time_does_not_count_against_the_player():
    game = open_game([single()], players=("p1", "p2"))  # opened 1000
    game.handle(Pause(), 3000)
    game.handle(Resume(), 60000)  # 57 s paused
    event = answer_single(game, "p1", 63000)
    assert event.elapsed_ms == 5000 and event.points == 875


def test_added_time_lengthens_T():
    from quizapp.engine import AddTime

    game = open_game([single()], players=("p1", "p2"))
    game.handle(AddTime(20), 2000)  # T = 40 s
    assert answer_single(game, "p1", 11000).points == 875  # 1000 * (1 - 10/40/2)


def test_team_average_and_team_ranking():
    game = new_game([single()], team_mode="school", preview_ms=0, speed_scoring=False)
    for pid, school in [("a1", "THCS A"), ("a2", "thcs a"), ("b1", "THCS B"), ("c1", "THCS C")]:
        game.handle(Join(pid, pid, school, ""), 0)
    game.handle(Start(), 1000)
    answer_single(game, "a1", 1000)  # A: (1000 + 0) / 2 = 500
    answer_single(game, "b1", 1000)  # B: 1000
    answer_single(game, "c1", 1000, right=False)  # C: 0
    game.handle(Next(), 2000)
    game.handle(Next(), 2000)
    from quizapp.engine.standings import rank_teams

    teams = rank_teams(game.players.values(), "school")
    assert [(t.label, t.score, t.members) for t in teams] == [
        ("THCS B", 1000, 1), ("THCS A", 500, 2), ("THCS C", 0, 1),
    ]  # fmt: skip


def test_class_teams_need_school_and_class():
    from quizapp.engine import InvalidCommand

    game = new_game([single()], team_mode="class")
    with pytest.raises(InvalidCommand) as info:
        game.handle(Join("p", "Lan", "THCS A", ""), 0)
    assert info.value.code == "team_required"
    game.handle(Join("p", "Lan", "THCS A", "8A"), 0)
    assert game.team_label(game.players["p"]) == "8A · THCS A"


def test_scores_apply_at_reveal_not_before():
    game = open_game([single()], players=("p1", "p2"))
    answer_single(game, "p1", 1000)
    game.handle(Next(), 2000)
    assert game.players["p1"].score == 0  # closed, not yet revealed
    events = game.handle(Next(), 3000)
    lines = {line.player_id: line for line in events[1].lines}
    assert (lines["p1"].points, lines["p1"].total, lines["p1"].rank) == (1000, 1000, 1)
    assert (lines["p2"].points, lines["p2"].total, lines["p2"].rank) == (0, 0, 2)


def test_start_options_defaults():
    options = GameOptions()
    assert (options.speed_scoring, options.streak_bonus, options.shuffle_answers) == (True,) * 3
    assert options.preview_ms == 4000 and options.max_players == 5000
    game = new_game([single()])
    join(game, "p1")
    game.handle(Start(), 0)
    assert game.next_deadline_ms == 4000


def test_worked_example_in_docs():
    questions = [single(1), single(2), single(3), multiple(4, correct=(0, 1, 2), points="double")]
    game = open_game(questions, players=("lan", "minh"))
    for _ in range(2):
        answer_single(game, "lan", game.clock_ms)
        game.handle(Next(), game.clock_ms)
        advance_to_next_question(game, game.clock_ms)
    opened = game.clock_ms
    assert answer_single(game, "lan", opened + 5000).points == 1075  # 875 + streak 3 bonus 200
    game.handle(Next(), opened + 5000)
    advance_to_next_question(game, opened + 5000)
    picked = tuple(shown(game, 3, i) for i in (0, 1, 3))  # two right, one wrong
    event = game.handle(SubmitAnswer("minh", 4, choices=picked), game.clock_ms + 10_000)[0]
    assert event.points == 500


def test_cached_standings_stay_right_when_players_join_late():
    from quizapp.engine.standings import rank_players
    from tests.engine.engine_helpers import correct_shown, new_game, single

    game = new_game([single(1), single(2)], late_join=True)
    join(game, "a", "b", "c")
    game.handle(Start(), 0)
    game.handle(Next(), 4000)  # open
    game.handle(SubmitAnswer("b", 1, choices=list(correct_shown(game, 0))), 5000)
    game.handle(Next(), 6000)
    game.handle(Next(), 6000)  # revealed: b leads
    assert game.rank_of("b") == 1
    for pid in ("d", "e", "f"):
        game.handle(Join(pid, pid.upper()), 7000)  # late, with the standings cached
    assert game.standings() == rank_players(game.players.values())
    assert [game.rank_of(p) for p in "bacdef"] == [1, 2, 3, 4, 5, 6]
