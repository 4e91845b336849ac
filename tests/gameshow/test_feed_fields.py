"""The broadcast feed's flat fields, vMix rows and XML: every round type, never an early answer."""

import json
from xml.etree import ElementTree

from quizapp.engine.show import (
    Buzz,
    ChoosePack,
    Judge,
    LockAnswer,
    NextQuestion,
    PauseClock,
    PickRow,
    PlaceStar,
    ResumeClock,
    Reveal,
    Show,
    StartRound,
    StartTimer,
    TakeKeyword,
    Tick,
    TypeAnswer,
    UseLifeline,
    public_view,
)
from quizapp.gameshow import feed
from tests.engine.show.show_helpers import (
    CONTESTANTS,
    Clock,
    QuestionMaker,
    olympia,
    olympia_content,
    preset,
)


def values_of(show, now):
    return feed.fields(public_view(show), None, now)


def secrets(show):
    """What no feed may carry right now: the answer and typed answers before the reveal, the
    keyword and the rows not opened yet."""
    hidden = []
    turn = show.turn
    view = public_view(show)
    solved = (view["obstacle"] or {}).get("keyword") is not None  # the keyword is on air
    if turn is not None and turn.phase != "revealed":
        if show.question.kind == "type_answer" and not (solved and turn.kind != "row"):
            hidden += [a.casefold() for a in show.question.answers]
        hidden += [answer.text.casefold() for answer in turn.typed.values()]
    rules = show.rules
    if rules is not None and rules.type == "obstacle" and show.rs:
        content = show.content[rules.key]
        if not solved:
            hidden.append(content["keyword"].reference.casefold())
            hidden += [q.reference.casefold() for i, q in enumerate(content["rows"], start=1)
                       if i not in show.rs.opened]
            if content.get("centre") is not None and not show.rs.centre_opened:
                hidden.append(content["centre"].reference.casefold())
    return [h for h in hidden if h]


def check(show, clock):
    """Every shape of the feed (flat JSON, vMix rows, XML, CasparCG XML) keeps the secrets."""
    values = values_of(show, clock.now)
    bodies = [json.dumps(values, ensure_ascii=False), json.dumps(feed.rows(values),
                                                                 ensure_ascii=False),
              feed.xml(values).decode("utf-8"), feed.xml_caspar(values).decode("utf-8")]
    for body in bodies:
        folded = body.casefold()
        leaked = [s for s in secrets(show) if s in folded]
        assert not leaked, (leaked, show.turn and show.turn.phase)
    if show.turn is not None and show.turn.phase != "revealed":
        assert values["answer"] == values["correct_choice"] == ""
        for seat in show.seats:
            n = seat.seat
            assert values[f"seat{n}_typed"] == values[f"seat{n}_typed_correct"] == ""
    return values


def step(clock, show, command, advance=10):
    clock(command, advance)
    return check(show, clock)


def to_round(show, clock, key):
    while show.rules is None or show.rules.key != key or show.stage != "playing":
        clock(StartRound())


def test_individual_round_names_the_owner_and_the_round():
    show = olympia()
    clock = Clock(show)
    step(clock, show, StartRound())
    values = step(clock, show, NextQuestion())
    assert values["round_number"] == "1" and values["round_type"] == "individual"
    assert values["round_count"] == str(len(show.preset.rounds))
    assert values["turn_seat"] == "1" and values["turn_name"] == CONTESTANTS[0]["name"]
    values = step(clock, show, StartTimer())
    step(clock, show, Judge(True))
    values = step(clock, show, Reveal())
    assert values["answer"] == show.question.answers[0]


def test_buzzer_round_gives_the_deadline_in_server_time_and_who_has_the_floor():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "khoi-dong-chung")
    step(clock, show, NextQuestion())
    values = step(clock, show, StartTimer())
    deadline = show.turn.deadline_ms
    assert values["round_type"] == "buzzer" and values["clock"] == "running"
    assert values["deadline_ms"] == str(deadline) and values["server_ms"] == str(clock.now)
    left = deadline - clock.now
    assert values["seconds_left"] == f"{left / 1000:.1f}"
    assert values["timer_s"] == str(-(-left // 1000))
    values = step(clock, show, Buzz(2), 1_500)
    assert values["buzzed"] == CONTESTANTS[1]["name"] and values["seat2_status"] == "answering"
    step(clock, show, Judge(False))
    values = step(clock, show, Reveal())
    assert values["answer"] and values["clock"] == "" and values["deadline_ms"] == ""


def test_obstacle_rows_open_and_the_keyword_shows_only_once_solved():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "vuot-chuong-ngai-vat")
    values = check(show, clock)
    assert values["obstacle_rows"] == "4" and values["obstacle_opened"] == ""
    assert values["keyword_letters"] == str(len("xácthực"))
    assert values["row3_state"] == "hidden" and values["row3_answer"] == ""
    values = step(clock, show, PickRow(3))
    assert values["obstacle_row"] == "3" and values["question_kind"] == "row"
    step(clock, show, StartTimer())
    values = step(clock, show, TypeAnswer(1, show.question.answers[0]), 2_340)
    assert values["seat1_typed_in"] == "1" and values["seat2_typed_in"] == ""
    step(clock, show, TypeAnswer(3, "sai"))
    clock.tick(15_000)
    check(show, clock)
    values = step(clock, show, Reveal())
    assert values["obstacle_opened"] == "3" and values["row3_answer"] == "vân tay"
    assert values["seat1_typed"] == "vân tay" and values["seat1_typed_correct"] == "1"
    assert values["seat1_typed_time"] == "2.34" and values["seat3_typed_correct"] == "0"
    assert values["keyword_solved"] == "" and values["keyword"] == ""
    step(clock, show, Buzz(2))
    step(clock, show, TakeKeyword())
    values = step(clock, show, Judge(True))
    assert values["keyword_solved"] == "1" and values["keyword"] == "xác thực"
    assert values["keyword_solved_by"] == CONTESTANTS[1]["name"]


def test_the_centre_tile_s_question_is_a_row_of_the_feed():
    raw, make = preset("olympia"), QuestionMaker()
    content = olympia_content(make)
    content["vuot-chuong-ngai-vat"]["centre"] = make.typed("mã hóa")
    show = Show.create(raw, content, CONTESTANTS, seed=3)
    clock = Clock(show)
    to_round(show, clock, "vuot-chuong-ngai-vat")
    values = check(show, clock)
    assert (values["centre_state"], values["centre_letters"], values["centre_answer"]) == (
        "hidden", "5", "")
    for row in (1, 2, 3, 4):
        step(clock, show, PickRow(row))
        step(clock, show, StartTimer())
        step(clock, show, TypeAnswer(1, show.question.answers[0]))
        clock.tick(15_000)
        step(clock, show, Reveal())
    values = step(clock, show, NextQuestion())
    assert values["obstacle_centre_on_air"] == "1" and values["question_kind"] == "centre"
    assert values["obstacle_row"] == "" and values["centre_answer"] == ""
    step(clock, show, StartTimer())
    step(clock, show, TypeAnswer(2, "ma hoa"))
    clock.tick(15_000)
    values = step(clock, show, Reveal())
    assert (values["centre_state"], values["centre_answer"]) == ("opened", "mã hóa")
    assert values["seat2_typed_correct"] == "1" and values["obstacle_opened_count"] == "4"
    values = step(clock, show, NextQuestion())
    assert values["obstacle_centre_on_air"] == "" and values["question_kind"] == "keyword_final"


def test_an_obstacle_without_a_centre_leaves_its_fields_empty():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "vuot-chuong-ngai-vat")
    values = check(show, clock)
    assert values["centre_state"] == values["centre_answer"] == values["centre_letters"] == ""


def test_acceleration_carries_typed_answers_with_their_times_after_the_reveal():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "tang-toc")
    step(clock, show, NextQuestion())
    step(clock, show, StartTimer())
    answer = show.question.answers[0]
    step(clock, show, TypeAnswer(3, answer), 1_250)
    step(clock, show, TypeAnswer(1, "nhầm rồi"), 1_000)
    clock.tick(30_000)
    check(show, clock)
    values = step(clock, show, Reveal())
    assert values["round_type"] == "ranked"
    assert (values["seat3_typed"], values["seat3_typed_time"]) == (answer, "1.25")
    assert values["seat3_typed_rank"] == "1" and values["seat3_typed_correct"] == "1"
    assert (values["seat1_typed"], values["seat1_typed_time"]) == ("nhầm rồi", "2.25")
    assert values["seat2_typed"] == "" and values["seat2_typed_time"] == ""


def test_a_typed_answer_the_judge_corrected_is_marked_in_the_feed():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "tang-toc")
    step(clock, show, NextQuestion())
    step(clock, show, StartTimer())
    step(clock, show, TypeAnswer(2, "gần đúng"), 900)
    step(clock, show, TypeAnswer(4, "sai hẳn"), 900)
    clock.tick(30_000)
    step(clock, show, Judge(True, seat=2))
    values = step(clock, show, Reveal())
    assert (values["seat2_typed_correct"], values["seat2_typed_corrected"]) == ("1", "1")
    assert (values["seat4_typed_correct"], values["seat4_typed_corrected"]) == ("0", "")
    assert values["seat2_typed_time"] == "0.90"


def test_finish_carries_the_star_and_whose_turn_it_is():
    show = olympia()
    clock = Clock(show)
    show.seats[2].score = 50
    to_round(show, clock, "ve-dich")
    step(clock, show, ChoosePack([30, 30, 30]))
    values = step(clock, show, PlaceStar())
    assert values["turn_name"] == CONTESTANTS[2]["name"]
    values = step(clock, show, NextQuestion())
    assert values["star"] == "1" and values["star_name"] == CONTESTANTS[2]["name"]
    assert values["seat3_star_used"] == "1" and values["value"] == "30"
    step(clock, show, StartTimer())
    step(clock, show, Judge(False))  # a steal opens
    step(clock, show, Buzz(1))
    step(clock, show, Judge(False))
    values = step(clock, show, Reveal())
    assert values["answer"] == show.question.answers[0]


def test_ladder_carries_choices_step_and_lifelines_but_no_correct_choice_early():
    make = QuestionMaker()
    show = Show.create(preset("millionaire"), {"ladder": [make.single() for _ in range(15)]},
                       CONTESTANTS[:1], seed=5)
    clock = Clock(show)
    step(clock, show, StartRound())
    values = step(clock, show, NextQuestion())
    assert values["round_type"] == "ladder" and values["ladder_step"] == "1"
    assert [values[f"choice_{x}"] for x in "abcd"] == ["A", "B", "C", "D"]
    assert values["choice_count"] == "4" and values["choice_e"] == ""
    assert values["ladder_steps"] == "15" and values["step5_safe"] == "1"
    assert values["lifeline_fifty_fifty"] == "available"
    step(clock, show, StartTimer())
    values = step(clock, show, UseLifeline("fifty_fifty"))
    blanks = [x for x in "abcd" if values[f"choice_{x}"] == ""]
    assert len(blanks) == 2 and values["choice_b"] == "B"
    assert values["lifeline_fifty_fifty"] == "used"
    values = step(clock, show, LockAnswer(1))
    assert values["choice_locked"] == "B" and values["correct_choice"] == ""
    values = step(clock, show, Reveal())
    assert values["correct_choice"] == "B" and values["answer"] == "B"
    values = step(clock, show, NextQuestion())
    assert values["ladder_step"] == "2" and values["ladder_banked"] == "200"
    assert values["step1_state"] == "passed" and values["step2_state"] == "current"


def test_quiz_bowl_buzzer_round_keeps_its_answer_until_the_reveal():
    make = QuestionMaker()
    bowl = {"tossups": make.many(20), "bonuses": make.many(60)}
    show = Show.create(preset("quiz-bowl"), {"buzzer": bowl, "tie-break": make.many(3)},
                       CONTESTANTS, seed=7)
    clock = Clock(show)
    step(clock, show, StartRound())
    step(clock, show, NextQuestion())
    step(clock, show, StartTimer())
    step(clock, show, Buzz(4))
    values = step(clock, show, Judge(False))
    assert values["phase"] == "open"  # a rebound: the others may buzz
    clock.tick(20_000)
    check(show, clock)
    values = step(clock, show, Reveal())
    assert values["show"] == show.preset.name and values["answer"]


def test_a_stopped_clock_shows_the_time_it_holds_and_runs_on_from_it():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "khoi-dong-chung")
    step(clock, show, NextQuestion())
    step(clock, show, StartTimer())
    values = step(clock, show, PauseClock(), 2_600)
    left = show.turn.paused_left_ms
    assert values["clock"] == "paused" and values["deadline_ms"] == ""
    assert values["seconds_left"] == f"{left / 1000:.1f}"
    values = step(clock, show, Tick(), 5_000)
    assert values["seconds_left"] == f"{left / 1000:.1f}"  # a stopped clock does not run
    values = step(clock, show, ResumeClock())
    assert values["clock"] == "running"
    assert values["deadline_ms"] == str(clock.now + left)


def test_the_run_down_segment_on_now():
    show = olympia()
    values = values_of(show, 0)
    assert values["segment_title"] == show.rundown[0].title
    assert values["segment_kind"] == show.rundown[0].kind


def test_vmix_rows_are_flat_one_per_seat_and_repeat_the_show_fields():
    show = olympia()
    clock = Clock(show)
    clock(StartRound())
    values = values_of(show, clock.now)
    rows = feed.rows(values)
    assert [row["seat"] for row in rows] == ["1", "2", "3", "4"]
    assert rows[1]["name"] == CONTESTANTS[1]["name"] and rows[1]["school"]
    assert all(row["round_title"] == values["round_title"] for row in rows)
    assert all(isinstance(v, str) for row in rows for v in row.values())
    assert not any(name.startswith("seat2_") for name in rows[0])


def test_xml_has_one_element_per_field_and_one_row_per_seat():
    show = olympia()
    clock = Clock(show)
    clock(StartRound())
    values = values_of(show, clock.now)
    root = ElementTree.fromstring(feed.xml(values))
    assert root.tag == "feed" and [child.tag for child in root] == ["fields", "seats"]
    assert root.findtext("fields/show") == show.preset.name
    assert root.find("fields/show").findall("*") == []  # no <show> inside <show>
    assert [row.findtext("seat") for row in root.findall("seats/row")] == ["1", "2", "3", "4"]
    assert root.findtext("seats/row[2]/name") == CONTESTANTS[1]["name"]
