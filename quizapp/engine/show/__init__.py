"""The pure gameshow engine: presets, rounds, buzzers and the judge (DESIGN rule 1).

    show = Show.create(preset, content, [{"name": "An", "school": "THPT A"}, ...], seed=1)
    events = show.handle(StartRound(), now_ms)
    view = public_view(show)

See docs/gameshow.md for the presets, round rules and views.
"""

from quizapp.engine.show.commands import (
    CONTESTANT_COMMANDS,
    JUDGE_COMMANDS,
    MC_COMMANDS,
    AddTime,
    AdjustScore,
    Buzz,
    ChoosePack,
    Cue,
    EndShow,
    Judge,
    LockAnswer,
    NextQuestion,
    PauseClock,
    PickCentre,
    PickRow,
    PlaceStar,
    ReAsk,
    ResumeClock,
    Reveal,
    SetGraphic,
    ShowCommand,
    StartRound,
    StartTimer,
    SubmitOrder,
    TakeKeyword,
    Tick,
    TypeAnswer,
    Undo,
    UseLifeline,
    VoidQuestion,
    WalkAway,
)
from quizapp.engine.show.content import ContentError, ShowQuestion, build_content
from quizapp.engine.show.preset import Preset, PresetError, parse_preset
from quizapp.engine.show.show import Show
from quizapp.engine.show.views import contestant_view, public_view, staff_view

__all__ = [
    "CONTESTANT_COMMANDS", "JUDGE_COMMANDS", "MC_COMMANDS", "AddTime", "AdjustScore", "Buzz",
    "ChoosePack", "ContentError", "Cue", "EndShow", "Judge", "LockAnswer", "NextQuestion",
    "PauseClock",
    "PickCentre", "PickRow", "PlaceStar", "Preset", "PresetError", "ReAsk", "ResumeClock", "Reveal",
    "SetGraphic", "Show",
    "ShowCommand", "ShowQuestion", "StartRound", "StartTimer", "SubmitOrder", "TakeKeyword",
    "Tick",
    "TypeAnswer", "Undo", "UseLifeline", "VoidQuestion", "WalkAway", "build_content",
    "contestant_view", "parse_preset", "public_view", "staff_view",
]
