"""Format rules of the ladder and the quiz bowl, through commands in and views out.

Millionaire: 50:50 takes two wrong choices off every public view, a phone-a-friend or
ask-the-expert call runs its own clock, fastest finger first gives the chair to the fastest
right order. Quiz bowl (NAQT-style): interrupts score power or a neg, a right toss-up earns a
bonus of N parts only that seat answers.
"""

import copy

import pytest

from quizapp.engine.show import (
    AddTime,
    Buzz,
    ContentError,
    Judge,
    LockAnswer,
    NextQuestion,
    PauseClock,
    PresetError,
    ResumeClock,
    Reveal,
    Show,
    StartRound,
    StartTimer,
    SubmitOrder,
    Undo,
    UseLifeline,
    contestant_view,
    parse_preset,
    public_view,
    staff_view,
)
from quizapp.engine.show import events as ev

from .show_helpers import CONTESTANTS, Clock, QuestionMaker, code_of, preset


def scores(show):
    return [seat["score"] for seat in public_view(show)["seats"]]


def turn_of(show):
    return public_view(show)["turn"]


def ordering(make, items=("one", "two", "three", "four")):
    qid = make.next_id
    make.next_id += 1
    return {"id": qid, "key": f"q-{qid}", "kind": "ordering", "text": f"Order {qid}",
            "items": list(items), "explanation": "In order."}


# ----------------------------------------------------------------- the ladder's lifelines
def ladder(**rules):
    make = QuestionMaker()
    data = preset("millionaire")
    data["rounds"][0].update(rules)
    show = Show.create(data, {"ladder": [make.single() for _ in range(15)]},
                       copy.deepcopy(CONTESTANTS[:1]), seed=5)
    clock = Clock(show)
    clock(StartRound())
    clock(NextQuestion())
    return show, clock


def test_fifty_fifty_takes_two_wrong_choices_off_every_public_view():
    show, clock = ladder()
    clock(UseLifeline("fifty_fifty"))
    turn = turn_of(show)
    assert len(turn["hidden"]) == 2 and 1 not in turn["hidden"]  # B is right
    removed = [["A", "B", "C", "D"][i] for i in turn["hidden"]]
    for view in (public_view(show), contestant_view(show, 1)):
        choices = view["turn"]["choices"]
        assert [choices[i] for i in view["turn"]["hidden"]] == ["", ""]
        assert not set(removed) & set(choices)  # the text is gone, not just marked
    assert len(turn["choices"]) == 4  # the places stay, so nothing on screen jumps
    clock(StartTimer())
    assert code_of(clock, LockAnswer(turn["hidden"][0])) == "invalid_answer"


def test_phone_a_friend_runs_a_call_clock_that_ends_by_itself():
    show, clock = ladder()
    events = clock(UseLifeline("phone_a_friend"))
    assert events == [ev.LifelineUsed("phone_a_friend")]
    call = turn_of(show)["call"]
    assert call == {"lifeline": "phone_a_friend", "time_ms": 30_000,
                    "deadline_ms": clock.now + 30_000, "paused_left_ms": None}
    assert show.next_deadline_ms == clock.now + 30_000
    assert code_of(clock, StartTimer()) == "call_running"  # the call first
    assert clock.tick(29_000) == []
    events = clock.tick(1_000)
    assert events == [ev.CallEnded("phone_a_friend")]
    assert turn_of(show)["call"] is None and show.next_deadline_ms is None
    assert turn_of(show)["phase"] == "reading"  # the question itself did not time out
    assert code_of(clock, UseLifeline("phone_a_friend")) == "lifeline_used"
    clock(StartTimer())
    clock(LockAnswer(1))
    assert ev.Judged(1, True) in clock(Reveal())


def test_a_call_stops_the_question_clock_and_gives_it_back_afterwards():
    show, clock = ladder(time_s=45, call_s=20)
    clock(StartTimer())
    opened = clock.now
    clock(UseLifeline("ask_the_expert"), 5_000)  # 40 s of the question left
    assert turn_of(show)["call"]["deadline_ms"] == clock.now + 20_000
    clock(PauseClock(), 1_000)  # the MC may stop the call's clock too
    assert turn_of(show)["call"]["paused_left_ms"] == 19_000
    clock(AddTime(5))
    clock(ResumeClock(), 60_000)
    assert turn_of(show)["call"]["deadline_ms"] == clock.now + 24_000
    clock.tick(24_000)
    assert turn_of(show)["call"] is None
    assert turn_of(show)["deadline_ms"] == clock.now + 40_000  # the question's time is back
    assert clock.now > opened + 45_000 and turn_of(show)["phase"] == "open"
    clock(LockAnswer(0))  # the final answer also ends a call, had one been running
    assert ev.Judged(1, False) in clock(Reveal())


def test_locking_the_answer_hangs_up_the_call():
    show, clock = ladder()
    clock(StartTimer())
    clock(UseLifeline("phone_a_friend"))
    clock(LockAnswer(1), 3_000)
    assert turn_of(show)["call"] is None and show.next_deadline_ms is None
    assert clock.tick(40_000) == []


def test_ask_the_audience_marks_the_question_for_the_viewers_split():
    show, clock = ladder(lifelines=["ask_audience"])
    assert code_of(clock, UseLifeline("phone_a_friend")) == "invalid_lifeline"
    assert clock(UseLifeline("ask_audience")) == [ev.LifelineUsed("ask_audience")]
    assert turn_of(show)["audience_poll"] is True and turn_of(show)["call"] is None


# ----------------------------------------------------------------- fastest finger first
def fastest_finger(count=3):
    make = QuestionMaker()
    content = {"nhanh-tay": [ordering(make) for _ in range(count)],
               "ladder": [make.single() for _ in range(15)]}
    show = Show.create(preset("millionaire-fff"), content, copy.deepcopy(CONTESTANTS), seed=9)
    clock = Clock(show)
    clock(StartRound())
    clock(NextQuestion())
    return show, clock


def right_order(show):
    """The displayed indices in the right order (only a test may read the answer so)."""
    shown = turn_of(show)["choices"]
    return [shown.index(item) for item in ("one", "two", "three", "four")]


def test_fastest_finger_items_are_shuffled_and_the_order_is_secret_until_the_reveal():
    show, clock = fastest_finger()
    turn = turn_of(show)
    assert turn["mode"] == "order" and sorted(turn["choices"]) == sorted(
        ["one", "two", "three", "four"])
    assert turn["choices"] != ["one", "two", "three", "four"]  # never shown already in order
    assert code_of(clock, SubmitOrder(1, [0, 1, 2, 3])) == "answers_closed"
    clock(StartTimer())
    clock(SubmitOrder(2, right_order(show)))
    view = public_view(show)
    assert view["turn"]["answered"] == [2] and view["turn"]["revealed"] is None
    assert "one → two" not in str(view) and "one → two" in str(staff_view(show))


def test_fastest_right_order_takes_the_chair_and_plays_the_ladder():
    show, clock = fastest_finger()
    clock(StartTimer())
    right = right_order(show)
    wrong = list(reversed(right))
    clock(SubmitOrder(3, wrong), 1_200)  # fastest, but wrong
    clock(SubmitOrder(2, right), 800)
    clock(SubmitOrder(4, right), 300)
    assert code_of(clock, SubmitOrder(2, right)) == "already_answered"
    for bad in ([0, 1, 2], [0, 0, 1, 2], [0, 1, 2, 9], "0123", [True, 1, 2, 3]):
        assert code_of(clock, SubmitOrder(1, bad)) == "invalid_answer"
    assert code_of(clock, Reveal()) == "wrong_phase"  # the clock runs until time is up
    clock.tick(20_000)
    events = clock(Reveal())
    assert ev.FastestFingerResult(2, ()) in events
    revealed = turn_of(show)["revealed"]
    assert revealed["typed"]["2"]["correct"] and not revealed["typed"]["3"]["correct"]
    assert revealed["typed"]["2"]["ms"] == 2_000 and revealed["ranks"] == {"2": 1, "4": 2}
    assert revealed["answer"] == " → ".join("ABCD"[i] for i in right)  # the letters on screen
    assert public_view(show)["fastest_finger"]["winner"] == 2
    assert isinstance(clock(NextQuestion())[0], ev.RoundOver)
    clock(StartRound())
    clock(NextQuestion())
    turn = turn_of(show)
    assert turn["owner"] == 2 and turn["seats"] == [2]
    assert public_view(show)["ladder"]["seat"] == 2
    clock(StartTimer())
    clock(LockAnswer(1))
    clock(Reveal())
    assert scores(show) == [0, 200, 0, 0]


def test_an_equal_fastest_time_is_played_again_by_the_tied_seats_only():
    show, clock = fastest_finger()
    clock(StartTimer())
    right = right_order(show)
    clock(SubmitOrder(1, right), 500)
    clock(SubmitOrder(3, right), 0)  # the same millisecond
    clock(SubmitOrder(4, right), 100)
    clock.tick(20_000)
    assert ev.FastestFingerResult(None, (1, 3)) in clock(Reveal())
    clock(NextQuestion())
    assert turn_of(show)["seats"] == [1, 3]
    clock(StartTimer())
    assert code_of(clock, SubmitOrder(4, right_order(show))) == "not_your_turn"


def test_nobody_right_plays_the_next_question_and_none_left_skips_the_ladder():
    show, clock = fastest_finger(count=1)
    clock(StartTimer())
    clock(SubmitOrder(1, list(reversed(right_order(show)))))
    clock.tick(20_000)
    assert ev.FastestFingerResult(None, (1, 2, 3, 4)) in clock(Reveal())
    assert isinstance(clock(NextQuestion())[0], ev.RoundOver)  # no question left
    events = clock(StartRound())
    assert ev.RoundSkipped("ladder", "no_contestant") in events
    assert public_view(show)["stage"] == "finished"


def test_fastest_finger_survives_a_snapshot_and_an_undo_free_reveal():
    show, clock = fastest_finger()
    clock(StartTimer())
    clock(SubmitOrder(4, right_order(show)))
    restored = Show.restore(show.snapshot())
    assert public_view(restored) == public_view(show)
    assert code_of(clock, Undo()) == "nothing_to_undo"  # the machine decides, not the judge


# ----------------------------------------------------------------- quiz bowl
def quiz_bowl(**rules):
    make = QuestionMaker()
    data = preset("quiz-bowl")
    data["rounds"][0].update(rules)
    parts = data["rounds"][0]["bonus_parts"]
    tossups = make.many(data["rounds"][0]["questions"])
    buzzer = {"tossups": tossups, "bonuses": make.many(len(tossups) * parts)} if parts else \
        tossups
    show = Show.create(data, {"buzzer": buzzer, "tie-break": make.many(3)},
                       copy.deepcopy(CONTESTANTS), seed=2)
    clock = Clock(show)
    clock(StartRound())
    clock(NextQuestion())
    return show, clock


def test_a_right_interrupt_scores_power_and_earns_a_three_part_bonus():
    show, clock = quiz_bowl(power=15)
    events = clock(Buzz(2))  # while the MC is still reading: an interrupt
    assert ev.Buzzed(2, clock.now, "won") in events
    assert turn_of(show)["interrupt"] is True
    clock(Judge(True))
    assert scores(show) == [0, 15, 0, 0]
    assert public_view(show)["quiz_bowl"] == {"bonus_for": 2, "bonus_part": 0, "bonus_parts": 3,
                                              "negged": []}
    clock(Reveal())
    for part in (1, 2, 3):
        clock(NextQuestion())
        turn = turn_of(show)
        assert (turn["kind"], turn["owner"], turn["seats"]) == ("bonus", 2, [2])
        assert (turn["number"], turn["of"], turn["value"]) == (part, 3, 10)
        assert code_of(clock, Buzz(1)) == "buzzers_closed"  # only the bonus's seat answers
        clock(StartTimer())
        assert turn_of(show)["deadline_ms"] == clock.now + 5_000
        clock(Judge(part != 2))  # no bounce-back: a missed part is nobody's
        clock(Reveal())
    assert scores(show) == [0, 35, 0, 0]
    clock(NextQuestion())
    turn = turn_of(show)
    assert turn["kind"] == "question" and turn["number"] == 2 and turn["mode"] == "buzz"


def test_a_wrong_interrupt_is_negged_once_and_the_mc_reads_on_for_the_others():
    show, clock = quiz_bowl()
    clock(Buzz(1))
    clock(Judge(False))
    assert scores(show) == [-5, 0, 0, 0]
    turn = turn_of(show)
    assert turn["phase"] == "reading" and turn["locked"] == [1]  # the MC finishes reading
    assert public_view(show)["quiz_bowl"]["negged"] == [1]
    clock(Buzz(3))  # a second interrupt
    clock(Judge(False))
    assert scores(show) == [-5, 0, 0, 0]  # NAQT: only the first wrong interrupt is negged
    clock(StartTimer())
    assert turn_of(show)["deadline_ms"] == clock.now + 3_000
    clock(Buzz(4), 1_000)
    assert turn_of(show)["interrupt"] is False
    clock(Judge(True))
    assert scores(show) == [-5, 0, 0, 10]  # read to the end: the plain toss-up value
    assert public_view(show)["quiz_bowl"]["bonus_for"] == 4


def test_a_wrong_answer_after_the_question_was_read_costs_nothing_and_nobody_gets_a_bonus():
    show, clock = quiz_bowl()
    clock(StartTimer())
    clock(Buzz(2))
    clock(Judge(False))
    assert scores(show) == [0, 0, 0, 0] and turn_of(show)["phase"] == "open"
    clock.tick(3_000)
    clock(Reveal())
    clock(NextQuestion())
    assert turn_of(show)["kind"] == "question" and turn_of(show)["number"] == 2


def test_undo_takes_a_bonus_back_with_the_toss_up_decision():
    show, clock = quiz_bowl()
    clock(Buzz(2))
    clock(Judge(True))
    clock(Undo())
    assert scores(show) == [0, 0, 0, 0]
    assert public_view(show)["quiz_bowl"]["bonus_for"] is None


def test_without_interrupts_an_early_press_is_held_not_negged():
    show, clock = quiz_bowl(buzz_while_reading=False)
    assert ev.Buzzed(1, clock.now + 10, "early") in clock(Buzz(1))
    assert scores(show) == [0, 0, 0, 0] and turn_of(show)["phase"] == "reading"


def test_bonuses_off_plays_toss_ups_only():
    show, clock = quiz_bowl(bonus_parts=0)
    clock(Buzz(1))
    clock(Judge(True))
    clock(Reveal())
    clock(NextQuestion())
    assert turn_of(show)["number"] == 2 and public_view(show)["quiz_bowl"]["bonus_for"] is None


# ----------------------------------------------------------------- preset and content checks
def problems_of(data):
    with pytest.raises(PresetError) as caught:
        parse_preset(data)
    return dict(caught.value.problems)


def content_problems(preset_data, content, seats=4):
    with pytest.raises(ContentError) as caught:
        Show.create(preset_data, content, copy.deepcopy(CONTESTANTS[:seats]))
    return dict(caught.value.problems)


@pytest.mark.parametrize("name", ["millionaire", "millionaire-fff", "quiz-bowl"])
def test_shipped_format_presets_carry_their_rules(name):
    parsed = parse_preset(preset(name))
    ladder = parsed.round("ladder")
    if ladder is not None:
        assert ladder["lifelines"] == ["fifty_fifty", "phone_a_friend", "ask_audience",
                                       "ask_the_expert"] and ladder["call_s"] == 30
    if name == "quiz-bowl":
        rules = parsed.round("buzzer")
        assert (rules["buzz_while_reading"], rules["neg"], rules["wrong"]) == (True, -5, 0)
        assert (rules["bonus_parts"], rules["bonus_points"], rules["bonus_time_s"]) == (3, 10, 5)
        assert parsed.round("tie-break")["bonus_parts"] == 0
    if name == "millionaire-fff":
        assert parsed.seats == 4 and parsed.round("nhanh-tay")["time_s"] == 20


@pytest.mark.parametrize("field, value", [
    ("lifelines", ["phone_a_friend", "phone_a_friend"]), ("lifelines", ["call_mom"]),
    ("lifelines", "fifty_fifty"), ("lifelines", [None]), ("call_s", 0), ("call_s", 121),
    ("call_s", "30"), ("call_s", True), ("call_s", 10**100)])
def test_malformed_ladder_fields_are_named(field, value):
    data = preset("millionaire")
    data["rounds"][0][field] = value
    assert f"rounds[0].{field}" in problems_of(data)


@pytest.mark.parametrize("field, value", [
    ("neg", 5), ("neg", -1001), ("neg", "-5"), ("power", 1001), ("power", None),
    ("bonus_parts", 7), ("bonus_parts", -1), ("bonus_parts", True), ("bonus_points", -10),
    ("bonus_time_s", 0), ("bonus_time_s", 3.5)])
def test_malformed_quiz_bowl_fields_are_named(field, value):
    data = preset("quiz-bowl")
    data["rounds"][0][field] = value
    assert f"rounds[0].{field}" in problems_of(data)


def test_rules_that_do_not_fit_together_are_refused():
    data = preset("millionaire")
    data["seats"] = 4  # four contestants but nobody to choose who plays
    assert "vòng fastest_finger" in problems_of(data)["rounds[0].type"]
    data = preset("millionaire")
    data["rounds"][0]["audience"] = False
    assert "audience: true" in problems_of(data)["rounds[0].lifelines"]
    data = preset("millionaire-fff")
    data["seats"] = 1
    assert "rounds[0].type" in problems_of(data)
    data = preset("millionaire-fff")
    data["rounds"][0]["time_s"] = 4
    assert "rounds[0].time_s" in problems_of(data)
    data = preset("quiz-bowl")
    data["rounds"][1]["bonus_parts"] = 3
    assert "only_if_tied" in problems_of(data)["rounds[1].bonus_parts"]


def test_format_content_is_checked_against_the_rules():
    make = QuestionMaker()
    found = content_problems(preset("millionaire-fff"), {
        "nhanh-tay": [make.single(), ordering(make, ("a", "b"))],
        "ladder": [make.single() for _ in range(15)]})
    assert "là câu hỏi loại single" in found["rounds.nhanh-tay[0] (q-1)"]
    assert found["rounds.nhanh-tay[1] (q-2)"] == "cần 3 đến 6 mục để sắp xếp"
    found = content_problems(preset("millionaire-fff"), {
        "nhanh-tay": [ordering(make, ("a", "b", 3, "d"))],
        "ladder": [make.single() for _ in range(15)]})
    assert list(found) == ["rounds.nhanh-tay[0] (q-18)"]
    bowl = preset("quiz-bowl")
    found = content_problems(bowl, {"buzzer": make.many(20), "tie-break": make.many(1)})
    assert found["rounds.buzzer"] == "vòng có câu thưởng cần tossups và bonuses"
    found = content_problems(bowl, {"buzzer": {"tossups": make.many(20),
                                               "bonuses": make.many(59)},
                                    "tie-break": make.many(1)})
    assert found["rounds.buzzer.bonuses"] == "cần ít nhất 60 câu hỏi"
