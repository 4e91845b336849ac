"""Studio commands as they travel: a name plus arguments, checked, turned into engine commands.

The `/studio` namespace reads them from sockets; the match record keeps them in this form, so
the replay page rebuilds exactly the commands the show received.
"""

from quizapp.engine.show import (
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
from quizapp.live import payloads


def _int_list(payload: dict, name: str, limit: int) -> list[int]:
    value = payload.get(name)
    if (not isinstance(value, list) or not 0 < len(value) <= limit
            or any(isinstance(v, bool) or not isinstance(v, int) for v in value)):
        raise payloads.BadRequest(f"'{name}' must be a list of at most {limit} integers")
    return value


def order_of(payload: dict) -> list[int]:
    """Fastest finger first: shown item indices in the seat's order."""
    return _int_list(payload, "order", 6)


def _boolean(payload: dict, name: str) -> bool:
    value = payload.get(name)
    if not isinstance(value, bool):
        raise payloads.BadRequest(f"'{name}' must be true or false")
    return value


def seat_of(payload: dict, required: bool = True) -> int | None:
    if not required and payload.get("seat") is None:
        return None
    return payloads.integer(payload, "seat", 1, 8)


MC = {
    "start_round": lambda p: StartRound(), "next_question": lambda p: NextQuestion(),
    "start_timer": lambda p: StartTimer(), "reveal": lambda p: Reveal(),
    "pick_row": lambda p: PickRow(payloads.integer(p, "row", 1, 8)),
    "pick_centre": lambda p: PickCentre(),
    "take_keyword": lambda p: TakeKeyword(),
    "choose_pack": lambda p: ChoosePack(_int_list(p, "values", 6)),
    "place_star": lambda p: PlaceStar(),
    "lock_answer": lambda p: LockAnswer(payloads.integer(p, "choice", 0, 5)),
    "use_lifeline": lambda p: UseLifeline(payloads.text(p, "lifeline", 20)),
    "walk_away": lambda p: WalkAway(), "end_show": lambda p: EndShow(),
    "pause_clock": lambda p: PauseClock(), "resume_clock": lambda p: ResumeClock(),
    "add_time": lambda p: AddTime(payloads.integer(p, "seconds", 1, 300)),
    "re_ask": lambda p: ReAsk(), "void_question": lambda p: VoidQuestion(),
    "cue": lambda p: Cue(payloads.integer(p, "index", 0, 59)),
    "graphic": lambda p: SetGraphic(payloads.text(p, "graphic", 20), _boolean(p, "on")),
}
JUDGE = {
    "judge": lambda p: Judge(_boolean(p, "correct"), seat_of(p, required=False)),
    "undo": lambda p: Undo(_boolean(p, "confirm") if "confirm" in p else False),
    "adjust": lambda p: AdjustScore(seat_of(p), payloads.integer(p, "delta", -10_000, 10_000),
                                    payloads.text(p, "reason", 200)),
}
ROLE_COMMANDS = {"mc": MC, "judge": JUDGE}
OTHER = {
    "buzz": lambda p: Buzz(seat_of(p), p.get("at_ms")),  # at_ms: when the press arrived
    "type_answer": lambda p: TypeAnswer(seat_of(p), payloads.text(p, "text", 100)),
    "submit_order": lambda p: SubmitOrder(seat_of(p), order_of(p)),
    "tick": lambda p: Tick(),
    # The heartbeat found a deadline long past (the server was down): the clock stops as it
    # stood at the show's last command, and the MC runs it again.
    "recover_clock": lambda p: PauseClock(payloads.integer(p, "as_of_ms", 0, 2**62),
                                          "recovery"),
}


def command_from_record(record: dict):
    """Rebuild the engine command a record of the match describes."""
    name = record.get("name")
    for table in (MC, JUDGE, OTHER):
        if name in table:
            return table[name](record)
    raise payloads.BadRequest(f"unknown command {str(name)[:20]!r}")
