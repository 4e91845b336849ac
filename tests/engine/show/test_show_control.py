"""Show control: stop and run the clock, add time, re-ask, void for a reserve, corrections."""

import copy

import pytest

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import (
    AddTime,
    Buzz,
    ContentError,
    Judge,
    NextQuestion,
    PauseClock,
    PickRow,
    ReAsk,
    ResumeClock,
    Reveal,
    Show,
    StartTimer,
    TypeAnswer,
    Undo,
    VoidQuestion,
    contestant_view,
    staff_view,
)
from quizapp.engine.show import events as ev

from .show_helpers import CONTESTANTS, Clock, QuestionMaker, olympia_content, preset
from .test_show_rounds import code_of, scores, to_round


def with_reserves(**reserves):
    make = QuestionMaker()
    content = olympia_content(make)
    content["_reserves"] = {key: make.many(count) for key, count in reserves.items()}
    return Show.create(preset("olympia"), content, copy.deepcopy(CONTESTANTS), seed=3)


def common(show=None):
    show = show or with_reserves(**{"khoi-dong-chung": 1})
    clock = Clock(show)
    to_round(show, clock, "khoi-dong-chung")
    clock(NextQuestion())
    return show, clock


def test_a_stopped_clock_keeps_its_time_and_holds_presses():
    show, clock = common()
    clock(StartTimer())
    assert code_of(clock, ResumeClock()) == "not_paused"
    events = clock(PauseClock(), 1_200)
    assert events == [ev.ClockPaused(show.turn.qid, 3_790, "mc")]  # 5 s - 10 ms - 1.2 s
    assert contestant_view(show, 1)["me"]["buzzer"] == "closed"
    assert code_of(clock, Buzz(1)) == "clock_paused"
    assert clock.tick(60_000) == []  # a stopped clock never runs out
    clock(AddTime(5))
    clock(ResumeClock(), 100)
    assert show.turn.deadline_ms == clock.now + 8_790
    assert clock(Buzz(1), 50)[0].won  # not "early": the buzzers opened before the stop


def test_add_time_and_pause_need_a_clock_and_sane_numbers():
    show, clock = common()
    assert code_of(clock, PauseClock()) == "no_clock"  # still reading
    assert code_of(clock, AddTime(5)) == "no_clock"
    clock(StartTimer())
    for bad in (0, 301, "5", True):
        assert code_of(clock, AddTime(bad)) == "invalid_time"
    assert code_of(clock, PauseClock(as_of_ms=clock.now + 10_000)) == "invalid_time"
    before = show.turn.deadline_ms
    clock(AddTime(10))
    assert show.turn.deadline_ms == before + 10_000


def test_recovery_stops_the_clock_as_it_stood_at_the_last_command():
    show, clock = common()
    clock(StartTimer())
    clock(Buzz(2), 1_000)  # 4 s of the buzz window left; 3 s to answer from here
    last = clock.now
    clock(PauseClock(as_of_ms=last, reason="recovery"), 45_000)  # back after 45 s down
    assert show.turn.paused_left_ms == 3_000 and show.turn.paused_by == "recovery"
    clock(ResumeClock(), 10)
    assert show.turn.deadline_ms == clock.now + 3_000


def test_re_ask_takes_back_the_points_and_shows_the_question_again():
    show, clock = common()
    qid = show.turn.qid
    clock(StartTimer())
    clock(Buzz(3))
    clock(Judge(True))
    assert scores(show) == [0, 0, 10, 0]
    events = clock(ReAsk())
    assert events[-1] == ev.QuestionReplaced(qid, qid, "reask")
    assert scores(show) == [0, 0, 0, 0]
    assert show.turn.phase == "reading" and show.turn.buzzes == []
    assert show.log[-1].reason == "reask" and show.log[-1].delta == -10
    assert show.corrections[-1].kind == "reask"
    clock(StartTimer())
    clock(Buzz(1))
    clock(Judge(True))
    clock(Reveal())
    assert scores(show) == [10, 0, 0, 0]
    clock(NextQuestion())
    assert show.rs.q == 2  # the round moved on by one question, not two


def test_void_puts_the_round_s_reserve_on_air_once():
    show, clock = common()
    qid = show.turn.qid
    reserve = show.content["_reserves"]["khoi-dong-chung"][0].id
    clock(StartTimer())
    events = clock(VoidQuestion())
    assert events[-1] == ev.QuestionReplaced(qid, reserve, "void")
    assert show.turn.qid == reserve and show.question.id == reserve
    assert staff_view(show)["reserves_left"] == 0
    assert code_of(clock, VoidQuestion()) == "no_reserve"
    clock(ReAsk())  # the reserve itself may be asked again
    assert show.turn.qid == reserve


def test_an_obstacle_row_is_re_asked_with_its_keyword_claims_kept():
    show = with_reserves()
    clock = Clock(show)
    to_round(show, clock, "vuot-chuong-ngai-vat")
    clock(PickRow(2))
    clock(StartTimer())
    clock(Buzz(3))  # a keyword claim, at any time
    clock(TypeAnswer(1, "OTP"))
    clock(ReAsk())
    assert show.turn.typed == {} and [c.seat for c in show.rs.claims] == [3]
    assert code_of(clock, VoidQuestion()) == "no_reserve"


def test_undo_after_the_reveal_needs_confirmation_and_is_a_correction():
    show, clock = common()
    clock(StartTimer())
    clock(Buzz(2))
    clock(Judge(True))
    clock(Reveal())
    assert staff_view(show)["undo_is_correction"] is True
    assert code_of(clock, Undo()) == "confirm_correction"
    events = clock(Undo(confirm=True))
    assert events == [ev.Undone(show.turn.qid, True)]
    assert scores(show) == [0, 0, 0, 0]
    assert show.corrections[-1].kind == "undo_after_reveal"
    clock(Judge(False))
    clock(Reveal())
    assert show.corrections[-1].kind == "undo_after_reveal"  # kept through later decisions


def test_corrections_survive_snapshots_and_failed_commands():
    show, clock = common()
    clock(StartTimer())
    clock(ReAsk())
    copy_ = Show.restore(show.snapshot())
    assert copy_.corrections == show.corrections and copy_.aired == show.aired
    before = show.snapshot()
    assert code_of(clock, AddTime(0)) == "invalid_time"
    assert show.snapshot() == before


def test_reserves_are_checked_against_the_rounds():
    make = QuestionMaker()
    content = olympia_content(make)
    content["_reserves"] = {"vuot-chuong-ngai-vat": make.many(1), "khong-co": make.many(1),
                            "tang-toc": [make.single()]}
    with pytest.raises(ContentError) as refused:
        Show.create(preset("olympia"), content, copy.deepcopy(CONTESTANTS))
    paths = sorted(path.split(" ")[0] for path, _ in refused.value.problems)
    assert paths == ["reserves.khong-co", "reserves.tang-toc[0]", "reserves.vuot-chuong-ngai-vat"]


def test_an_old_snapshot_without_corrections_restores():
    show, clock = common()
    data = show.snapshot()
    for name in ("aired", "corrections", "reserves_used"):
        data.pop(name)
    restored = Show.restore(data)
    assert restored.corrections == [] and restored.aired is None
    with pytest.raises(InvalidCommand):
        restored.handle(ReAsk(), clock.now + 1)


def test_the_run_down_defaults_to_the_rounds_and_the_mc_cues_through_it():
    from quizapp.engine.show import Cue, public_view

    show = with_reserves()
    view = public_view(show)["rundown"]
    assert [item["round"] for item in view["items"]] == [r.key for r in show.preset.rounds]
    assert view["cue"] == 0
    clock = Clock(show)
    assert clock(Cue(3)) == [ev.CueChanged(3)]
    assert code_of(clock, Cue(99)) == "invalid_cue"
    assert Show.restore(show.snapshot()).cue == 3


def test_a_run_down_with_breaks_is_checked_field_by_field():
    content = olympia_content()
    content["_rundown"] = [{"title": "Mở đầu", "duration_s": 90},
                           {"title": "Quảng cáo", "kind": "break", "duration_s": 120},
                           {"title": "Khởi động", "round": "khoi-dong-rieng"}]
    show = Show.create(preset("olympia"), content, copy.deepcopy(CONTESTANTS))
    assert [item.kind for item in show.rundown] == ["segment", "break", "segment"]
    content["_rundown"] = [{"title": "", "kind": "pause", "round": "nope", "duration_s": 0}]
    with pytest.raises(ContentError) as refused:
        Show.create(preset("olympia"), content, copy.deepcopy(CONTESTANTS))
    assert sorted(path for path, _ in refused.value.problems) == [
        "rundown[0].duration_s", "rundown[0].kind", "rundown[0].round", "rundown[0].title"]


def test_the_operator_switches_each_overlay_graphic():
    from quizapp.engine.show import SetGraphic, public_view

    show = with_reserves()
    clock = Clock(show)
    assert all(public_view(show)["graphics"].values())
    assert clock(SetGraphic("scoreboard", False)) == [ev.GraphicSwitched("scoreboard", False)]
    assert public_view(show)["graphics"]["scoreboard"] is False
    assert code_of(clock, SetGraphic("weather", True)) == "invalid_graphic"
    assert code_of(clock, SetGraphic("lower", "yes")) == "invalid_graphic"
    assert Show.restore(show.snapshot()).graphics["scoreboard"] is False
