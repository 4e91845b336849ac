"""Random command sequences on a show: domain refusals only, atomic, snapshots round-trip."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import (
    AddTime,
    AdjustScore,
    Buzz,
    ChoosePack,
    Cue,
    Judge,
    NextQuestion,
    PauseClock,
    PickCentre,
    PickRow,
    PlaceStar,
    ReAsk,
    ResumeClock,
    Reveal,
    SetGraphic,
    Show,
    StartRound,
    StartTimer,
    TakeKeyword,
    Tick,
    TypeAnswer,
    Undo,
    VoidQuestion,
    contestant_view,
    public_view,
    staff_view,
)

from .show_helpers import CONTESTANTS, QuestionMaker, olympia_content, preset

seats = st.one_of(st.integers(0, 5), st.just(None), st.just("1"), st.just(True))
commands = st.one_of(
    st.sampled_from([StartRound(), NextQuestion(), StartTimer(), Reveal(), TakeKeyword(),
                     PickCentre(), PlaceStar(), ReAsk(), VoidQuestion(), ResumeClock(), Undo(),
                     Undo(confirm=True), Tick()]),
    st.builds(Buzz, seats, st.one_of(st.none(), st.integers(-5, 200_000))),
    st.builds(TypeAnswer, seats, st.sampled_from(["answer 1", "sai", "", "x" * 101, 5])),
    st.builds(Judge, st.sampled_from([True, False, None]), seats),
    st.builds(PickRow, st.one_of(st.integers(0, 5), st.just("2"))),
    st.builds(ChoosePack, st.sampled_from([[20, 20, 30], [30, 30, 30], [20], "20", [True] * 3])),
    st.builds(AdjustScore, seats, st.integers(-20_000, 20_000), st.sampled_from(["lỗi", ""])),
    st.builds(PauseClock, st.one_of(st.none(), st.integers(-1, 200_000)),
              st.sampled_from(["mc", "recovery", "x"])),
    st.builds(AddTime, st.sampled_from([0, 1, 5, 301, "5"])),
    st.builds(Cue, st.integers(-1, 8)),
    st.builds(SetGraphic, st.sampled_from(["lower", "winner", "nope"]), st.booleans()),
)
steps = st.lists(st.tuples(commands, st.integers(0, 20_000)), min_size=1, max_size=60)


def fresh() -> Show:
    make = QuestionMaker()
    content = olympia_content(make)
    content["_reserves"] = {"khoi-dong-chung": make.many(1)}
    content["vuot-chuong-ngai-vat"]["centre"] = make.typed()  # the obstacle's centre tile
    return Show.create(preset("olympia"), content, copy.deepcopy(CONTESTANTS), seed=1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_every_command_applies_whole_or_leaves_the_show_as_it_was(script):
    show, now = fresh(), 1_000
    for command, advance in script:
        now += advance
        before = show.snapshot(rules=False)
        try:
            show.handle(command, now)
        except InvalidCommand:
            assert show.snapshot(rules=False) == before, command
        for view in (public_view(show), staff_view(show), contestant_view(show, 2)):
            json.dumps(view)  # every view is plain JSON
    copy_ = Show.restore(show.snapshot())
    assert copy_.snapshot() == show.snapshot()
    assert public_view(copy_) == public_view(show) and staff_view(copy_) == staff_view(show)
