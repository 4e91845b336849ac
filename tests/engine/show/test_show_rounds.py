"""Every round type of the shipped presets, played through commands at server times."""

from quizapp.engine.show import (
    AdjustScore,
    Buzz,
    ChoosePack,
    EndShow,
    Judge,
    LockAnswer,
    NextQuestion,
    PickRow,
    PlaceStar,
    Reveal,
    Show,
    StartRound,
    StartTimer,
    TakeKeyword,
    TypeAnswer,
    Undo,
    UseLifeline,
    WalkAway,
)
from quizapp.engine.show import events as ev

from .show_helpers import CONTESTANTS, Clock, QuestionMaker, code_of, olympia, preset


def scores(show):
    return [s.score for s in show.seats]


def to_round(show, clock, key):
    """Skip rounds (by ending them question by question) until ``key`` is being played."""
    while show.rules is None or show.rules.key != key or show.stage != "playing":
        clock(StartRound())


# ----------------------------------------------------------------- warm-up, individual
def test_individual_turn_scores_each_seat_on_its_own_questions():
    show = olympia()
    clock = Clock(show)
    clock(StartRound())
    clock(NextQuestion())
    assert show.turn.owner == 1 and show.turn.mode == "oral"
    assert code_of(clock, Buzz(2)) == "buzzers_closed"
    clock(StartTimer())
    clock(Judge(True))
    assert scores(show) == [10, 0, 0, 0]
    assert code_of(clock, NextQuestion()) == "question_in_play"
    clock(Reveal())
    for _ in range(5):  # seat 1's other five questions: time runs out, then "wrong"
        clock(NextQuestion())
        clock(StartTimer())
        assert code_of(clock, Reveal()) == "wrong_phase"
        clock.tick(5_000)
        assert show.turn.phase == "closed"
        assert code_of(clock, Reveal()) == "judge_first"
        clock(Judge(False))
        clock(Reveal())
    clock(NextQuestion())
    assert show.turn.owner == 2 and show.turn.number == 1


def test_individual_round_ends_after_every_seat():
    show = olympia()
    clock = Clock(show)
    clock(StartRound())
    events = []
    for _ in range(24):
        clock(NextQuestion())
        clock(StartTimer())
        clock(Judge(True))
        clock(Reveal())
    events = clock(NextQuestion())
    assert isinstance(events[0], ev.RoundOver) and show.stage == "round_over"
    assert scores(show) == [60, 60, 60, 60]


# ----------------------------------------------------------------- warm-up, common (buzzer)
def common(show=None):
    show = show or olympia()
    clock = Clock(show)
    to_round(show, clock, "khoi-dong-chung")
    clock(NextQuestion())
    return show, clock


def test_first_buzz_at_the_server_wins_even_one_ms_ahead():
    show, clock = common()
    clock(StartTimer())
    first = clock(Buzz(3), 0)
    second = clock(Buzz(2), 1)
    assert first[0] == ev.Buzzed(3, clock.now - 1, "won")
    assert second[0] == ev.Buzzed(2, clock.now, "late")
    assert show.turn.answering == 3
    assert [b.outcome for b in show.turn.buzzes] == ["won", "late"]


def test_wrong_buzz_costs_points_but_never_below_zero_and_locks_the_seat():
    show, clock = common()
    show.seats[0].score = 3
    clock(StartTimer())
    clock(Buzz(1))
    clock(Judge(False))
    assert scores(show)[0] == 0  # -5 floored at zero
    assert show.turn.phase == "settled"  # no rebound in the warm-up
    assert code_of(clock, Buzz(2)) == "buzzers_closed"
    clock(Reveal())
    clock(NextQuestion())
    clock(StartTimer())
    clock(Buzz(2))
    clock(Judge(True))
    assert scores(show) == [0, 10, 0, 0]


def test_rebound_lets_the_others_buzz_again_with_the_time_left():
    show = olympia(**{"khoi-dong-chung": {"rebound": True}})
    show, clock = common(show)
    clock(StartTimer())
    clock(Buzz(1), 1_000)
    clock(Judge(False), 2_000)
    assert show.turn.phase == "open"
    assert show.turn.deadline_ms == clock.now + 4_000  # 5 s window, 1 s used
    assert code_of(clock, Buzz(1)) == "locked_out"
    clock(Buzz(4))
    assert show.turn.answering == 4


def test_nobody_buzzing_settles_the_question_at_time_up():
    show, clock = common()
    clock(StartTimer())
    events = clock.tick(5_000)
    assert isinstance(events[0], ev.TimeUp) and show.turn.phase == "settled"
    clock(Reveal())


def test_undo_takes_back_the_last_decision_only_on_this_question():
    show, clock = common()
    clock(StartTimer())
    clock(Buzz(2))
    clock(Judge(False))
    assert show.turn.phase == "settled"
    clock(Undo())
    assert show.turn.phase == "answering" and show.turn.answering == 2
    clock(Judge(True))
    assert scores(show) == [0, 10, 0, 0]
    clock(Reveal())
    clock(NextQuestion())
    assert code_of(clock, Undo()) == "nothing_to_undo"


def test_manual_score_change_needs_a_reason_and_is_logged():
    show, clock = common()
    assert code_of(clock, AdjustScore(1, 5, "")) == "reason_required"
    assert code_of(clock, AdjustScore(9, 5, "x")) == "invalid_seat"
    assert code_of(clock, AdjustScore(1, 0, "x")) == "invalid_delta"
    clock(AdjustScore(1, 5, "Trả lời đúng nhưng bị bấm nhầm"))
    assert scores(show)[0] == 5
    assert show.log[-1].reason == "manual" and show.log[-1].note.startswith("Trả lời")
    clock(Undo())
    assert scores(show)[0] == 0


# ----------------------------------------------------------------- obstacle
def obstacle():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "vuot-chuong-ngai-vat")
    return show, clock


def test_a_row_is_typed_by_everyone_and_opens_a_piece_when_someone_is_right():
    show, clock = obstacle()
    assert code_of(clock, NextQuestion()) == "pick_row"
    clock(PickRow(2))
    assert show.question.letters == 3 and show.turn.picked_by == 1
    assert code_of(clock, TypeAnswer(1, "otp")) == "answers_closed"
    clock(StartTimer())
    clock(TypeAnswer(1, "otp"))
    clock(TypeAnswer(2, "mã"))
    assert code_of(clock, TypeAnswer(1, "again")) == "already_answered"
    clock.tick(15_000)
    assert show.turn.verdicts == {1: True, 2: False}
    clock(Judge(True, seat=2))  # the judge accepts a variant the matcher did not know
    clock(Reveal())
    assert scores(show) == [10, 10, 0, 0]
    assert show.rs.opened == [2]
    clock(PickRow(1))
    assert show.turn.picked_by == 2
    assert code_of(clock, PickRow(1)) == "question_in_play"


def test_a_row_nobody_solves_stays_closed():
    show, clock = obstacle()
    clock(PickRow(1))
    clock(StartTimer())
    clock.tick(15_000)
    clock(Reveal())
    assert show.rs.played == [1] and show.rs.opened == []
    assert code_of(clock, PickRow(1)) == "row_played"


def test_a_keyword_claim_waits_for_the_row_and_a_wrong_keyword_eliminates():
    show, clock = obstacle()
    clock(PickRow(1))
    clock(StartTimer())
    claimed = clock(Buzz(3))
    assert claimed == [ev.KeywordClaimed(3, clock.now)]
    assert code_of(clock, Buzz(3)) == "already_claimed"
    assert code_of(clock, TakeKeyword()) == "question_in_play"
    clock.tick(15_000)
    clock(Reveal())
    clock(TakeKeyword())
    assert show.turn.kind == "keyword" and show.turn.owner == 3
    assert show.turn.value == 60  # claimed while the first row was on air
    events = clock(Judge(False))
    assert ev.Eliminated(3) in events
    assert code_of(clock, Reveal()) == "not_revealable"
    clock(PickRow(2))
    assert 3 not in show.turn.seats
    clock(StartTimer())
    assert code_of(clock, TypeAnswer(3, "otp")) == "not_your_turn"
    assert code_of(clock, Buzz(3)) == "locked_out"


def test_a_right_keyword_scores_by_rows_on_air_and_ends_the_round():
    show, clock = obstacle()
    for row in (1, 2):
        clock(PickRow(row))
        clock(StartTimer())
        clock.tick(15_000)
        clock(Reveal())
    clock(Buzz(4))
    clock(TakeKeyword())
    clock(Judge(True))
    clock(Reveal())
    assert scores(show) == [0, 0, 0, 50]  # claimed after two rows
    assert isinstance(clock(NextQuestion())[0], ev.RoundOver)


def test_after_all_rows_a_final_buzz_decides_the_keyword():
    show, clock = obstacle()
    for row in (1, 2, 3, 4):
        clock(PickRow(row))
        clock(StartTimer())
        clock.tick(15_000)
        clock(Reveal())
    clock(NextQuestion())
    assert show.turn.kind == "keyword_final" and show.turn.value == 30
    clock(StartTimer())
    clock(Buzz(1))
    clock(Judge(False))
    assert show.turn.phase == "open"  # the others may still buzz
    clock(Buzz(2))
    clock(Judge(True))
    clock(Reveal())
    assert scores(show) == [0, 30, 0, 0]
    assert show.rs.eliminated == [1]


# ----------------------------------------------------------------- acceleration
def test_acceleration_ranks_correct_answers_by_server_receive_time():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "tang-toc")
    clock(NextQuestion())
    answer = show.question.answers[0]
    clock(StartTimer())
    clock(TypeAnswer(3, answer), 1_000)
    clock(TypeAnswer(1, "nonsense"), 1_000)
    clock(TypeAnswer(4, answer.upper()), 1_000)
    clock(TypeAnswer(2, show.question.answers[1]), 1)
    clock.tick(30_000)
    clock(Reveal())
    assert scores(show) == [0, 20, 40, 30]
    assert show.turn.ranks == {3: 1, 4: 2, 2: 3}


# ----------------------------------------------------------------- finish
def finish():
    show = olympia()
    clock = Clock(show)
    show.seats[2].score = 50
    show.seats[1].score = 30
    to_round(show, clock, "ve-dich")
    return show, clock


def test_finish_goes_in_order_of_score_and_packs_are_checked():
    show, clock = finish()
    assert show.rs.order == [3, 2, 1, 4]
    assert code_of(clock, NextQuestion()) == "choose_pack"
    assert code_of(clock, ChoosePack([20, 20])) == "invalid_pack"
    assert code_of(clock, ChoosePack([20, 25, 30])) == "invalid_pack"
    clock(ChoosePack([20, 30, 30]))
    clock(NextQuestion())
    assert show.turn.owner == 3 and show.turn.value == 20
    assert show.turn.time_ms == 15_000


def test_star_doubles_a_right_answer_and_costs_the_value_when_wrong():
    show, clock = finish()
    clock(ChoosePack([30, 30, 30]))
    clock(PlaceStar())
    clock(NextQuestion())
    assert show.turn.star
    clock(StartTimer())
    clock(Judge(True))
    clock(Reveal())
    assert scores(show)[2] == 110
    assert code_of(clock, PlaceStar()) == "star_used"
    # seat 2 stars and misses: loses 30, then nobody steals
    for _ in range(2):
        clock(NextQuestion())
        clock(StartTimer())
        clock(Judge(True))
        clock(Reveal())
    clock(ChoosePack([30, 20, 20]))
    clock(NextQuestion())
    clock(PlaceStar())  # while the MC is reading is still in time
    clock(StartTimer())
    events = clock(Judge(False))
    assert any(isinstance(x, ev.StealOpened) for x in events)
    assert scores(show)[1] == 0
    clock.tick(5_000)
    assert show.turn.phase == "settled"
    clock(Reveal())


def test_a_steal_takes_the_value_from_the_owner_and_a_wrong_steal_costs_half():
    show, clock = finish()
    clock(ChoosePack([20, 30, 30]))
    clock(NextQuestion())
    clock(StartTimer())
    clock.tick(15_000)
    clock(Judge(False))  # no answer in time
    assert show.turn.kind == "steal" and show.turn.seats == [1, 2, 4]
    assert code_of(clock, Buzz(3)) == "not_your_turn"
    clock(Buzz(4))
    clock(Judge(True))
    assert scores(show) == [0, 30, 30, 20]
    clock(Reveal())
    clock(NextQuestion())
    clock(StartTimer())
    clock(Judge(False))
    clock(Buzz(1))
    clock(Judge(False))
    assert scores(show)[0] == -15
    assert show.turn.phase == "settled"  # a steal gets one answer


# ----------------------------------------------------------------- tie-break
def test_tie_break_is_skipped_without_a_tie_and_played_with_one():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "ve-dich")
    show.seats[0].score = 100
    clock(EndShow())
    assert show.stage == "finished" and show.winners == [1]

    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "ve-dich")
    show.rs.pos = 4  # every seat has played its pack
    show.seats[0].score = show.seats[2].score = 90
    clock(NextQuestion())
    events = clock(StartRound())
    assert events == [ev.RoundStarted("cau-hoi-phu")]
    clock(NextQuestion())
    assert show.turn.seats == [1, 3]
    clock(StartTimer())
    assert code_of(clock, Buzz(2)) == "not_your_turn"
    clock(Buzz(3))
    clock(Judge(True))
    clock(Reveal())
    assert isinstance(clock(NextQuestion())[0], ev.RoundOver)
    assert isinstance(clock(StartRound())[-1], ev.ShowFinished)
    assert show.winners == [3]


def test_untied_show_skips_the_tie_break_round():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "ve-dich")
    show.seats[1].score = 10
    show.rs.pos = 4
    clock(NextQuestion())
    events = clock(StartRound())
    assert events[0] == ev.RoundSkipped("cau-hoi-phu", "no_tie")
    assert show.stage == "finished" and show.winners == [2]


# ----------------------------------------------------------------- ladder
def ladder():
    make = QuestionMaker()
    show = Show.create(preset("millionaire"), {"ladder": [make.single() for _ in range(15)]},
                       CONTESTANTS[:1], seed=5)
    clock = Clock(show)
    clock(StartRound())
    return show, clock


def climb(clock, choice=1):
    clock(NextQuestion())
    clock(StartTimer())
    clock(LockAnswer(choice))
    return clock(Reveal())


def test_ladder_climbs_and_falls_back_to_the_last_safe_step():
    show, clock = ladder()
    for _ in range(6):
        climb(clock)
    assert scores(show) == [3000]
    events = climb(clock, choice=0)
    assert ev.Judged(1, False) in events
    assert scores(show) == [2000] and show.rs.result == "lost"
    assert isinstance(clock(NextQuestion())[0], ev.RoundOver)


def test_ladder_lifelines_and_walking_away():
    show, clock = ladder()
    climb(clock)
    clock(NextQuestion())
    assert code_of(clock, LockAnswer(1)) == "wrong_phase"  # the clock has not started
    clock(UseLifeline("fifty_fifty"))
    assert len(show.turn.hidden) == 2 and 1 not in show.turn.hidden
    assert code_of(clock, UseLifeline("fifty_fifty")) == "lifeline_used"
    assert code_of(clock, UseLifeline("double_dip")) == "invalid_lifeline"
    events = clock(UseLifeline("ask_audience"))
    assert events == [ev.LifelineUsed("ask_audience")] and show.turn.audience_poll
    clock(StartTimer())
    assert code_of(clock, LockAnswer(show.turn.hidden[0])) == "invalid_answer"
    clock(WalkAway())
    clock(Reveal())
    assert scores(show) == [200] and show.rs.result == "walked"


def test_ladder_to_the_top_wins():
    show, clock = ladder()
    for _ in range(15):
        climb(clock)
    assert show.rs.result == "won" and scores(show) == [250000]


# ----------------------------------------------------------------- general
def test_a_failed_command_leaves_the_show_unchanged():
    show, clock = common()
    before = show.snapshot()
    assert code_of(clock, Judge("yes")) == "invalid_verdict"
    assert code_of(clock, Buzz(True)) == "invalid_seat"
    assert code_of(clock, PickRow(1)) == "wrong_round"
    assert show.snapshot() == before


def test_snapshot_restore_continues_the_same_show_mid_question():
    show, clock = common()
    clock(StartTimer())
    clock(Buzz(2))
    copy = Show.restore(show.snapshot())
    for target in (show, copy):
        target.handle(Judge(True), clock.now + 5)
    assert copy.snapshot() == show.snapshot()


def test_finished_show_refuses_commands():
    show, clock = common()
    clock(EndShow())
    assert code_of(clock, StartRound()) == "show_finished"


def test_a_pack_that_would_empty_a_pool_is_refused():
    show, clock = finish()
    for _ in range(4):  # four seats choosing 30-point packs need 12; the pool has 12
        clock(ChoosePack([30, 30, 30]))
        for _ in range(3):
            clock(NextQuestion())
            clock(StartTimer())
            clock(Judge(True))
            clock(Reveal())
        if show.rs.pos == 3:
            show.rs.drawn[30] = 11
            assert code_of(clock, ChoosePack([30, 30, 30])) == "pool_empty"
            clock(ChoosePack([20, 20, 30]))
            break


def test_the_score_log_records_when_each_change_happened():
    show, clock = common()
    clock(StartTimer())
    clock(Buzz(1), 700)
    clock(Judge(True), 2_000)
    assert show.log[-1].at_ms == clock.now and show.log[-1].qid == show.turn.qid
