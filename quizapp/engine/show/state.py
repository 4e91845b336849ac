"""The show's records: seats, the score log, corrections, and saved moments.

A ``Moment`` is what a command may change (the preset and content never change): the show
keeps one before each command (taken back if the command is refused), one before each
judge's decision (the undo history) and one before each question it puts on air (re-ask and
void go back to it). ``plain``/``from_plain`` give and read the JSON of version-2 snapshots.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from quizapp.engine.show.turn import Turn

# The overlay's separately switchable graphics (docs/broadcast.md).
GRAPHICS = ("scoreboard", "lower", "answer", "buzz", "round", "audience", "winner")


class Stage(StrEnum):
    """Where the show is: before the first round, in a round, between rounds, over."""

    LOBBY = "lobby"
    PLAYING = "playing"
    ROUND_OVER = "round_over"
    FINISHED = "finished"


@dataclass(slots=True)
class Seat:
    seat: int
    name: str
    school: str
    score: int = 0

    def plain(self) -> dict[str, Any]:
        return {"seat": self.seat, "name": self.name, "school": self.school, "score": self.score}


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One score change and why (``note``: the reason given for a manual change)."""

    round: str
    seat: int
    qid: int | None
    delta: int
    total: int
    reason: str
    at_ms: int
    note: str | None = None

    def plain(self) -> dict[str, Any]:
        data = {"round": self.round, "seat": self.seat, "qid": self.qid, "delta": self.delta,
                "total": self.total, "reason": self.reason, "at_ms": self.at_ms}
        if self.note is not None:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class Correction:
    """A re-ask, a void or an undo after the reveal, as the record shows it."""

    kind: str
    round: str
    qid: int | None
    replacement: int | None
    at_ms: int

    def plain(self) -> dict[str, Any]:
        return {"kind": self.kind, "round": self.round, "qid": self.qid,
                "replacement": self.replacement, "at_ms": self.at_ms}


@dataclass(slots=True)
class Control:
    """What the MC and the operator set, which corrections and undos never take back."""

    corrections: list[Correction] = field(default_factory=list)
    reserves_used: dict[str, int] = field(default_factory=dict)  # round key -> put on air
    cue: int = 0  # the run-down item on now
    graphics: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(GRAPHICS, True))

    def copy(self) -> Control:
        return Control(list(self.corrections), dict(self.reserves_used), self.cue,
                       dict(self.graphics))

    def plain(self) -> dict[str, Any]:
        return {"corrections": [c.plain() for c in self.corrections],
                "reserves_used": dict(self.reserves_used), "cue": self.cue,
                "graphics": dict(self.graphics)}

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> Control:
        """Snapshots older than show control have none of these fields."""
        return cls([Correction(**c) for c in data.get("corrections", [])],
                   dict(data.get("reserves_used", {})), data.get("cue", 0),
                   {**dict.fromkeys(GRAPHICS, True), **data.get("graphics", {})})


RngState = tuple[Any, ...]
StateReader = Callable[[int, dict[str, Any]], Any]  # (round index, plain) -> round state


@dataclass(slots=True)
class Moment:
    """A copy of what commands change. Never changed in place once taken.

    ``log_len``: the score log only grows, so its length takes it back (None: leave it).
    ``log``: the whole log, as version-1 undo entries kept it. ``control``: kept only in the
    moment before a command, and in an aired moment because version-2 snapshots carry it.
    """

    seats: list[Seat]
    stage: Stage
    round_index: int
    rs: Any  # the round's RoundState, or None outside a round
    turn: Turn | None
    clock_ms: int
    winners: list[int]
    rng: RngState
    log_len: int | None = None
    log: list[LogEntry] | None = None
    control: Control | None = None
    chair: int | None = None  # the seat fastest finger first put in the ladder's chair

    def plain(self) -> dict[str, Any]:
        version, internal, gauss = self.rng
        data: dict[str, Any] = {
            "seats": [seat.plain() for seat in self.seats], "stage": self.stage.value,
            "round_index": self.round_index, "rs": self.rs.plain() if self.rs else {},
            "turn": self.turn.plain() if self.turn else None, "clock_ms": self.clock_ms,
            "winners": list(self.winners), "rng": [version, list(internal), gauss],
        }
        if self.log_len is not None:
            data["log_len"] = self.log_len
        if self.log is not None:
            data["log"] = [entry.plain() for entry in self.log]
        if self.control is not None:
            data.update(self.control.plain())
        if self.chair is not None:
            data["chair"] = self.chair
        return data

    @classmethod
    def from_plain(cls, data: Mapping[str, Any], read_rs: StateReader,
                   control: bool = False) -> Moment:
        version, internal, gauss = data["rng"]
        index = data["round_index"]
        return cls(
            seats=[Seat(**seat) for seat in data["seats"]], stage=Stage(data["stage"]),
            round_index=index, rs=read_rs(index, data["rs"]) if data["rs"] else None,
            turn=Turn.from_plain(data["turn"]) if data["turn"] else None,
            clock_ms=data["clock_ms"], winners=list(data["winners"]),
            rng=(version, tuple(internal), gauss), log_len=data.get("log_len"),
            log=[LogEntry(**entry) for entry in data["log"]] if "log" in data else None,
            control=Control.from_plain(data) if control else None,
            chair=data.get("chair"),
        )


@dataclass(frozen=True, slots=True)
class Aired:
    """The question on air as it was shown, and the moment just before (re-ask, void)."""

    state: Moment
    turn: Turn

    def plain(self) -> dict[str, Any]:
        return {"state": self.state.plain(), "turn": self.turn.plain()}

    @classmethod
    def from_plain(cls, data: Mapping[str, Any], read_rs: StateReader) -> Aired:
        return cls(Moment.from_plain(data["state"], read_rs, control=True),
                   Turn.from_plain(data["turn"]))
