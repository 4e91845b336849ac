"""A turn: one question on air, from the MC's reading to the reveal.

``mode`` says how it is answered:

- ``oral``: one contestant (``owner``) answers aloud; the judge decides.
- ``buzz``: the first eligible contestant to buzz gets the floor; the judge decides.
- ``typed``: every eligible contestant types an answer before the time is up.
- ``choice``: the contestant picks a choice, and the MC locks it (a ladder question).
- ``order``: every eligible contestant puts the shown items in order (fastest finger first).

Phases: reading -> open -> (answering, buzz mode) -> closed (time up, a decision pending)
-> settled (the outcome is known) -> revealed (the answer is on air).

A turn is typed in memory and plain JSON in snapshots (``plain``/``from_plain``): seat keys
become strings there, and the fields only some rounds use are left out when unset, exactly as
the version-2 snapshots the studio has stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Mode(StrEnum):
    ORAL = "oral"
    BUZZ = "buzz"
    TYPED = "typed"
    CHOICE = "choice"
    ORDER = "order"


class Phase(StrEnum):
    READING = "reading"
    OPEN = "open"
    ANSWERING = "answering"
    CLOSED = "closed"
    SETTLED = "settled"
    REVEALED = "revealed"


class TurnKind(StrEnum):
    QUESTION = "question"
    ROW = "row"  # an obstacle row
    CENTRE = "centre"  # the obstacle's centre-tile question, typed like a row
    KEYWORD = "keyword"  # a claimed obstacle keyword
    KEYWORD_FINAL = "keyword_final"  # the last buzz window for the keyword
    STEAL = "steal"  # the finish's steal after a wrong or missing answer
    BONUS = "bonus"  # a quiz bowl's bonus part, for the seat that answered the toss-up


class BuzzOutcome(StrEnum):
    """What became of one press of a buzzer (every press is kept in the turn and the record)."""

    WON = "won"  # the first press at the server while the buzzers were open
    LATE = "late"  # someone else already had the floor
    EARLY = "early"  # before the buzzers opened: the seat is held for ``early_lockout_ms``
    HELD = "held"  # pressed again while held after an early press


MAX_BUZZES_KEPT = 64
ORDER_LETTERS = "ABCDEF"  # an order as the screens show it: "C A D B"
# Fields a turn carries only in some rounds: absent from its plain form when unset.
OPTIONAL = ("number", "of", "row", "picked_by", "ranks", "shown")


@dataclass(frozen=True, slots=True)
class Call:
    """A phone-a-friend or ask-the-expert call: its clock runs on the turn's deadline."""

    lifeline: str
    time_ms: int
    question_left_ms: int | None  # the question's clock left when the call began (None: none)

    def plain(self) -> dict[str, Any]:
        return {"lifeline": self.lifeline, "time_ms": self.time_ms,
                "question_left_ms": self.question_left_ms}


@dataclass(frozen=True, slots=True)
class Press:
    seat: int
    at_ms: int
    outcome: BuzzOutcome

    def plain(self) -> list[Any]:
        return [self.seat, self.at_ms, self.outcome.value]


@dataclass(frozen=True, slots=True)
class TypedAnswer:
    text: str
    at_ms: int  # when the server received it


def _int_keys(data: dict[str, Any] | None) -> dict[int, Any]:
    return {int(key): value for key, value in (data or {}).items()}


def _str_keys(data: dict[int, Any]) -> dict[str, Any]:
    return {str(key): value for key, value in data.items()}


@dataclass(slots=True)
class Turn:
    qid: int
    mode: Mode
    seats: list[int]
    kind: TurnKind = TurnKind.QUESTION
    owner: int | None = None
    phase: Phase = Phase.READING
    time_ms: int | None = None
    answer_ms: int | None = None
    deadline_ms: int | None = None
    remaining_ms: int | None = None  # the buzz window left when a seat took the floor
    opened_ms: int | None = None
    buzzes: list[Press] = field(default_factory=list)  # in the order they reached the server
    answering: int | None = None
    locked: list[int] = field(default_factory=list)
    held: dict[int, int] = field(default_factory=dict)  # seat -> held until (early press)
    won_ms: int | None = None
    reopened_ms: int | None = None
    paused_left_ms: int | None = None
    paused_by: str | None = None
    typed: dict[int, TypedAnswer] = field(default_factory=dict)
    verdicts: dict[int, bool] = field(default_factory=dict)
    # Typed answers: the machine's match at time-up, which the judge may overrule before the
    # reveal (the verdict then differs, and the screens and the record say it was corrected).
    matched: dict[int, bool] = field(default_factory=dict)
    value: int = 0
    star: bool = False
    label: str = ""
    hidden: list[int] = field(default_factory=list)  # choices a 50:50 took away
    audience_poll: bool = False
    choice: int | None = None
    revealable: bool = True
    number: int | None = None  # the question's number in its round, and out of how many
    of: int | None = None
    row: int | None = None  # an obstacle row, and who picked it
    picked_by: int | None = None
    ranks: dict[int, int] | None = None  # acceleration: each right seat's rank
    shown: list[int] | None = None  # fastest finger first: the items' shown order
    orders: dict[int, list[int]] = field(default_factory=dict)  # each seat's order (shown)
    call: Call | None = None  # a lifeline call running
    interrupt: bool = False  # the floor was won before the question was read to the end

    @property
    def paused(self) -> bool:
        return self.paused_left_ms is not None

    def copy(self) -> Turn:
        """A copy that shares nothing a command changes (presses and answers are frozen)."""
        return replace(self, seats=list(self.seats), buzzes=list(self.buzzes),
                       locked=list(self.locked), held=dict(self.held), typed=dict(self.typed),
                       verdicts=dict(self.verdicts), matched=dict(self.matched),
                       hidden=list(self.hidden),
                       ranks=None if self.ranks is None else dict(self.ranks),
                       orders=dict(self.orders))

    def plain(self) -> dict[str, Any]:
        data = {
            "qid": self.qid, "kind": self.kind.value, "mode": self.mode.value,
            "seats": list(self.seats), "owner": self.owner, "phase": self.phase.value,
            "time_ms": self.time_ms, "answer_ms": self.answer_ms,
            "deadline_ms": self.deadline_ms, "remaining_ms": self.remaining_ms,
            "opened_ms": self.opened_ms, "buzzes": [press.plain() for press in self.buzzes],
            "answering": self.answering, "locked": list(self.locked),
            "held": _str_keys(self.held), "won_ms": self.won_ms,
            "reopened_ms": self.reopened_ms, "paused_left_ms": self.paused_left_ms,
            "paused_by": self.paused_by,
            "typed": {str(seat): [a.text, a.at_ms] for seat, a in self.typed.items()},
            "verdicts": _str_keys(self.verdicts), "matched": _str_keys(self.matched),
            "value": self.value, "star": self.star,
            "label": self.label, "hidden": list(self.hidden),
            "audience_poll": self.audience_poll, "choice": self.choice,
            "revealable": self.revealable,
        }
        for name in OPTIONAL:
            value = getattr(self, name)
            if value is not None:
                data[name] = _str_keys(value) if name == "ranks" else value
        if self.orders:
            data["orders"] = _str_keys(self.orders)
        if self.call is not None:
            data["call"] = self.call.plain()
        if self.interrupt:
            data["interrupt"] = True
        return data

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Turn:
        """Read a turn from a snapshot (version 1 turns lack the later timing fields)."""
        return cls(
            qid=data["qid"], mode=Mode(data["mode"]), seats=list(data["seats"]),
            kind=TurnKind(data["kind"]), owner=data["owner"], phase=Phase(data["phase"]),
            time_ms=data["time_ms"], answer_ms=data["answer_ms"],
            deadline_ms=data["deadline_ms"], remaining_ms=data.get("remaining_ms"),
            opened_ms=data.get("opened_ms"),
            buzzes=[Press(seat, at, BuzzOutcome(outcome))
                    for seat, at, outcome in data.get("buzzes", [])],
            answering=data.get("answering"), locked=list(data.get("locked", [])),
            held=_int_keys(data.get("held")), won_ms=data.get("won_ms"),
            reopened_ms=data.get("reopened_ms"), paused_left_ms=data.get("paused_left_ms"),
            paused_by=data.get("paused_by"),
            typed={int(seat): TypedAnswer(text, at)
                   for seat, (text, at) in data.get("typed", {}).items()},
            verdicts=_int_keys(data.get("verdicts")), matched=_int_keys(data.get("matched")),
            value=data.get("value", 0),
            star=data.get("star", False), label=data.get("label", ""),
            hidden=list(data.get("hidden", [])), audience_poll=data.get("audience_poll", False),
            choice=data.get("choice"), revealable=data.get("revealable", True),
            number=data.get("number"), of=data.get("of"), row=data.get("row"),
            picked_by=data.get("picked_by"),
            ranks=_int_keys(data["ranks"]) if data.get("ranks") is not None else None,
            shown=data.get("shown"), orders=_int_keys(data.get("orders")),
            call=Call(**data["call"]) if data.get("call") else None,
            interrupt=data.get("interrupt", False),
        )
