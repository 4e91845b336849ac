"""Fair buzzers: receive times decide, early presses are held, every press is kept."""

import pytest

from quizapp.engine import InvalidCommand
from quizapp.engine.show import Buzz, Judge, NextQuestion, Show, StartTimer, Tick, Undo
from quizapp.engine.show import events as ev

from .show_helpers import Clock, olympia
from .test_show_rounds import to_round


def common(**settings):
    show = olympia(**{"khoi-dong-chung": settings}) if settings else olympia()
    clock = Clock(show)
    to_round(show, clock, "khoi-dong-chung")
    clock(NextQuestion())
    return show, clock


def test_an_earlier_press_applied_later_still_takes_the_floor():
    show, clock = common()
    clock(StartTimer())
    opened = clock.now
    # Seat 2 pressed 3 ms before seat 4, but seat 4's press reached the lock first.
    clock(Buzz(4, at_ms=opened + 8), 20)
    events = clock(Buzz(2, at_ms=opened + 5), 1)
    assert events == [ev.Buzzed(2, opened + 5, "won")]
    assert show.turn.answering == 2
    assert [p.plain() for p in show.turn.buzzes] == [[2, opened + 5, "won"],
                                                     [4, opened + 8, "late"]]
    assert show.turn.deadline_ms == opened + 5 + 3_000  # the answer time runs from the press
    assert show.turn.remaining_ms == 5_000 - 5


def test_an_earlier_press_cannot_take_the_floor_after_the_judge_decided():
    show, clock = common(rebound=True)
    clock(StartTimer())
    opened = clock.now
    clock(Buzz(4, at_ms=opened + 8), 20)
    clock(Judge(False))  # seat 4 was wrong: the floor is open again (rebound)
    assert clock(Buzz(2, at_ms=clock.now - 1), 0)[0].outcome == "late"  # while 4 answered
    clock(Buzz(1, at_ms=clock.now + 1), 2)
    assert show.turn.answering == 1
    events = clock(Buzz(3, at_ms=opened + 2), 1)  # pressed while seat 4 had the floor
    assert events == [ev.Buzzed(3, opened + 2, "late")]
    assert show.turn.answering == 1


def test_an_early_press_holds_the_seat_for_the_lockout_time():
    show, clock = common(early_lockout_ms=400)
    early = clock(Buzz(1), 10)
    assert early == [ev.Buzzed(1, clock.now, "early")]
    pressed_early = clock.now
    clock(StartTimer(), 5)
    # Seat 1 hammers the button 18 ms after the open: still held, so seat 3 wins.
    assert clock(Buzz(1), 18) == [ev.Buzzed(1, clock.now, "held")]
    assert clock(Buzz(3), 40)[0].won
    assert [b.outcome for b in show.turn.buzzes] == ["early", "held", "won"]
    assert show.turn.held == {1: pressed_early + 400}


def test_the_hold_ends_after_the_lockout_time():
    show, clock = common(early_lockout_ms=100)
    clock(Buzz(2), 10)
    clock(StartTimer(), 50)
    assert clock(Buzz(2), 60)[0].won  # 110 ms after the early press


def test_a_press_stamped_before_the_open_but_applied_after_it_is_early():
    show, clock = common()
    clock(StartTimer())
    events = clock(Buzz(3, at_ms=clock.now - 2), 5)
    assert events[0].outcome == "early"
    assert show.turn.phase == "open"


def test_no_lockout_when_the_preset_sets_zero_and_reading_presses_when_allowed():
    show, clock = common(early_lockout_ms=0)
    assert clock(Buzz(2))[0].outcome == "early"
    clock(StartTimer())
    assert clock(Buzz(2), 1)[0].won
    show, clock = common(buzz_while_reading=True)
    assert clock(Buzz(2))[0].won


def test_press_times_are_checked():
    show, clock = common()
    clock(StartTimer())
    for stamp in (clock.now + 1_000, -1, "5", True):
        with pytest.raises(InvalidCommand) as caught:
            show.handle(Buzz(1, at_ms=stamp), clock.now + 10)
        assert caught.value.code == "invalid_time"


def test_a_tick_with_nothing_due_changes_nothing_and_snapshots_survive():
    show, clock = common()
    clock(StartTimer())
    before = show.snapshot()
    assert show.handle(Tick(), clock.now + 1) == []
    assert show.snapshot() == before
    clock(Buzz(2))
    clock(Judge(True))
    copy = Show.restore(show.snapshot())
    assert copy.snapshot() == show.snapshot()


def test_a_version_one_snapshot_still_restores_with_its_undo_history():
    show, clock = common()
    clock(StartTimer())
    clock(Buzz(2))
    clock(Judge(True))
    old = show.snapshot()
    old["version"] = 1
    entry = {k: v for k, v in old.items() if k != "undo"}
    entry["log"] = []  # version 1 kept the whole state before each decision
    entry["seats"] = [{**seat, "score": 0} for seat in old["seats"]]
    old["undo"] = [entry]
    restored = Show.restore(old)
    restored.handle(Undo(), clock.now + 5)
    assert restored.log == [] and restored.seats[1].score == 0
