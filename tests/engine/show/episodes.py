"""Whole episodes played through commands, and a digest of everything each step shows.

The golden test (test_show_golden.py) and the engine bench (bench/show_engine.py) play these.
Each episode is a function of the show as it stands (it reads scores to make a tie, questions
to type a right answer), so it records the commands it sent: a restored snapshot replays the
rest of them. Refused commands are part of the script: a refusal must leave the show as it was.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import (
    AddTime,
    AdjustScore,
    Buzz,
    ChoosePack,
    Cue,
    Judge,
    LockAnswer,
    NextQuestion,
    PauseClock,
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
    UseLifeline,
    VoidQuestion,
    WalkAway,
    contestant_view,
    public_view,
    staff_view,
)

from .show_helpers import CONTESTANTS, QuestionMaker, olympia_content, preset


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(data: Any) -> str:
    return hashlib.sha256(canonical(data).encode()).hexdigest()[:16]


def outputs(show: Show, events: list, error: str | None) -> dict[str, Any]:
    """Everything a step lets out of the show: events, every role's view, the snapshot."""
    return {
        "events": [repr(event) for event in events], "error": error,
        "public": public_view(show), "staff": staff_view(show),
        "seats": [contestant_view(show, n) for n in range(1, show.preset.seats + 1)],
        "snapshot": show.snapshot(rules=False),
    }


@dataclass
class Player:
    """Plays commands on a show, 10 ms apart unless told, and keeps each step's digests."""

    show: Show
    now: int = 1_000
    sent: list[tuple[Any, int]] = field(default_factory=list)
    steps: list[dict[str, str]] = field(default_factory=list)
    on_step: Callable[[Player], None] | None = None

    def __call__(self, command: Any, advance: int = 10) -> list:
        self.now += advance
        return self.apply(command, self.now)

    def apply(self, command: Any, now: int) -> list:
        self.sent.append((copy.deepcopy(command), now))
        events, error = [], None
        try:
            events = self.show.handle(command, now)
        except InvalidCommand as refused:
            error = refused.code
        self.steps.append({part: digest(value)
                           for part, value in outputs(self.show, events, error).items()})
        if self.on_step is not None:
            self.on_step(self)
        return events

    def right(self) -> str:
        return self.show.question.answers[0]


def olympia_show() -> Show:
    make = QuestionMaker()
    content = olympia_content(make)
    content["_reserves"] = {"khoi-dong-chung": make.many(2), "tang-toc": make.many(1)}
    return Show.create(preset("olympia"), content, copy.deepcopy(CONTESTANTS), seed=3)


def play_olympia(play: Player) -> None:
    """Every Olympia round with undo, corrections, show control, claims, star, steal, tie-break."""
    show = play.show
    play(Cue(1))
    play(SetGraphic("lower", False))
    play(Judge(True))  # refused: nothing on air
    play(StartRound())
    for number in range(24):  # individual: six questions for each seat
        play(NextQuestion())
        play(StartTimer())
        if number % 5 == 3:
            play(Tick(), 6_000)  # time is up: the judge still decides
        play(Judge(number % 3 != 1))
        if number % 7 == 2:
            play(Undo())
            play(Judge(True))
        play(Reveal())
    play(AdjustScore(2, 5, "bù điểm câu hỏi lỗi"))
    play(AdjustScore(2, 0, "không"))  # refused
    play(StartRound())  # common turn
    for number in range(6):
        play(NextQuestion())
        if number == 1:
            play(Buzz(1))  # early: held
        play(StartTimer())
        if number == 2:
            play(PauseClock())
            play(Buzz(2))  # refused: the clock is stopped
            play(AddTime(5))
            play(ResumeClock())
        if number == 3:
            play(Tick(), 6_000)  # nobody buzzed
            play(Reveal())
            continue
        play(Buzz(3, at_ms=play.now + 4), 8)
        play(Buzz(2, at_ms=play.now + 1), 5)  # pressed first, applied second
        play(Judge(number % 2 == 0))
        if number == 4:
            play(ReAsk())
            play(StartTimer())
            play(Buzz(4))
            play(Judge(True))
        if number == 5:
            play(VoidQuestion())
            play(StartTimer())
            play(Buzz(1))
            play(Judge(False))
        play(Reveal())
        if number == 0:
            play(Undo())  # refused without confirmation: the answer is on air
            play(Undo(confirm=True))
            play(Judge(True))
            play(Reveal())
    play(StartRound())  # obstacle
    play(PickRow(2))
    play(StartTimer())
    play(TypeAnswer(1, play.right()))
    play(TypeAnswer(2, "sai"))
    play(Buzz(4))  # claims the keyword
    play(TypeAnswer(3, play.right()))
    play(Tick(), 15_000)
    play(Judge(False, seat=3))
    play(Reveal())
    play(TakeKeyword())
    play(Judge(False))  # eliminated
    for row in (1, 4):
        play(PickRow(row))
        play(StartTimer())
        play(TypeAnswer(2, play.right()))
        play(TypeAnswer(1, "không biết"))
        play(Tick(), 15_000)
        play(Reveal())
    play(PickRow(3))
    play(StartTimer())
    play(Tick(), 15_000)
    play(Reveal())
    play(NextQuestion())  # the last buzz window for the keyword
    play(StartTimer())
    play(Buzz(1))
    play(Judge(False))
    play(Buzz(2))
    play(Judge(True))
    play(Reveal())
    play(StartRound())  # acceleration
    for number in range(4):
        play(NextQuestion())
        play(StartTimer())
        for seat, delay in ((3, 2_000), (1, 900), (2, 900), (4, 4_000)):
            play(TypeAnswer(seat, play.right() if (seat + number) % 3 else "sai"), delay)
        play(Tick(), 30_000)
        if number == 1:
            play(Judge(True, seat=4))
            play(Undo())
            play(Judge(True, seat=4))
        if number == 2:
            play(VoidQuestion())
            play(StartTimer())
            play(TypeAnswer(1, play.right()))
            play(Tick(), 30_000)
        play(Reveal())
    play(StartRound())  # finish
    for turn in range(4):
        play(ChoosePack([20, 30, 20] if turn % 2 else [30, 30, 20]))
        for number in range(3):
            if number == turn % 3:
                play(PlaceStar())
            play(NextQuestion())
            play(StartTimer())
            wrong = (turn + number) % 2 == 1
            play(Judge(not wrong))
            if wrong and number == 0:
                stealer = show.rs.order[(turn + 1) % 4]
                play(Buzz(stealer))
                play(Judge(turn % 2 == 0))
            elif wrong:
                play(Tick(), 5_000)  # nobody steals
            play(Reveal())
    scores = sorted((s.score for s in show.seats), reverse=True)
    leader = next(s.seat for s in show.seats if s.score == scores[0])
    second = next(s.seat for s in show.seats if s.seat != leader and s.score == scores[1])
    if scores[0] != scores[1]:
        play(AdjustScore(second, scores[0] - scores[1], "điểm phúc khảo"))
    play(StartRound())  # the tie-break
    play(NextQuestion())
    play(StartTimer())
    play(Buzz(leader))
    play(Judge(False))
    play(Buzz(second))
    play(Judge(True))
    play(Reveal())
    play(NextQuestion())
    play(StartRound())


def ladder_show() -> Show:
    make = QuestionMaker()
    return Show.create(preset("millionaire"), {"ladder": [make.single() for _ in range(15)]},
                       copy.deepcopy(CONTESTANTS[:1]), seed=5)


def play_ladder(play: Player) -> None:
    play(StartRound())
    for step in range(7):
        play(NextQuestion())
        play(StartTimer())
        if step == 2:
            play(UseLifeline("fifty_fifty"))
            play(UseLifeline("fifty_fifty"))  # refused: used
        if step == 4:
            play(UseLifeline("ask_audience"))
        if step == 6:
            play(WalkAway())
        else:
            play(LockAnswer(1))
        play(Reveal())
    play(NextQuestion())
    play(StartRound())


EPISODES: dict[str, tuple[Callable[[], Show], Callable[[Player], None]]] = {
    "olympia": (olympia_show, play_olympia),
    "ladder": (ladder_show, play_ladder),
}


def play_episode(name: str, on_step: Callable[[Player], None] | None = None) -> Player:
    make, script = EPISODES[name]
    player = Player(make(), on_step=on_step)
    script(player)
    return player


GOLDEN = Path(__file__).parent / "golden"
# Moments worth restoring from a stored snapshot: the first step at which each holds.
MOMENTS: dict[str, Callable[[Show], bool]] = {
    "claim": lambda show: bool(getattr(show.rs, "claims", None)) and show.turn is not None
    and show.turn.phase == "open",
    "correction": lambda show: bool(show.corrections) and bool(show.undo),
    "steal": lambda show: show.turn is not None and show.turn.kind == "steal",
    "tie_break": lambda show: show.rules is not None and show.rules.key == "cau-hoi-phu"
    and show.turn is not None,
}


def keep_moments(player: Player, stored: dict[str, Any]) -> None:
    for moment, holds in MOMENTS.items():
        if moment not in stored and holds(player.show):
            stored[moment] = {"step": len(player.steps) - 1, "snapshot": player.show.snapshot()}


def write_golden() -> None:
    """Record each episode's digests and its stored snapshots (run with the code to keep)."""
    GOLDEN.mkdir(exist_ok=True)
    for name in EPISODES:
        stored: dict[str, Any] = {}
        player = play_episode(name, lambda player, stored=stored: keep_moments(player, stored))
        golden = {"steps": player.steps, "snapshots": stored}
        (GOLDEN / f"{name}.json").write_text(json.dumps(golden, ensure_ascii=False, indent=0)
                                             + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_golden()
