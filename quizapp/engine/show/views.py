"""What each studio role sees (DESIGN rule 2: views are the only way state leaves the show).

``public_view`` feeds the studio screen, the broadcast overlay and the data feed: it never
carries an answer before the reveal. ``contestant_view`` adds a seat's own buzzer and answer
state. ``staff_view`` is for the MC and the judge, who see the reference answer all along.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizapp.engine.show.content import RESERVES, ShowQuestion

if TYPE_CHECKING:
    from quizapp.engine.show.show import Show

OPEN_VERDICT_MODES = ("oral", "buzz")  # decisions announced live on air


def _round(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or show.stage == "finished":
        return None  # the end is nobody's round (not the skipped tie-break's)
    return {"key": rules.key, "type": rules.type, "title": rules.title,
            "title_en": rules.title_en or rules.title, "index": show.round_index,
            "count": len(show.preset.rounds), "audience": rules.audience}


def _revealed(question: ShowQuestion, turn: dict[str, Any]) -> dict[str, Any]:
    return {"answer": question.reference, "explanation": question.explanation,
            "correct_choice": question.correct,
            "typed": {seat: {"text": text, "correct": bool(turn["verdicts"].get(seat)),
                             "ms": at - turn["opened_ms"] if turn.get("opened_ms") else None}
                      for seat, (text, at) in turn["typed"].items()},
            "ranks": dict(turn.get("ranks", {}))}


def _turn(show: Show) -> dict[str, Any] | None:
    turn, question = show.turn, show.question
    if turn is None or question is None:
        return None
    revealed = turn["phase"] == "revealed"
    live_verdicts = turn["mode"] in OPEN_VERDICT_MODES
    shown_choices = question.kind != "type_answer"
    view = {
        "qid": turn["qid"], "kind": turn["kind"], "mode": turn["mode"], "phase": turn["phase"],
        "number": turn.get("number"), "of": turn.get("of"), "owner": turn["owner"],
        "seats": list(turn["seats"]), "value": turn["value"], "star": turn["star"],
        "row": turn.get("row"), "picked_by": turn.get("picked_by"),
        "text": question.text, "media": question.media,
        "choices": list(question.choices) if shown_choices else [],
        "hidden": list(turn["hidden"]), "letters": question.letters if turn["kind"] in (
            "row", "keyword", "keyword_final") else None,
        "deadline_ms": turn["deadline_ms"], "time_ms": turn["time_ms"],
        "paused_left_ms": turn.get("paused_left_ms"), "paused_by": turn.get("paused_by"),
        "answer_ms": turn["answer_ms"],
        "answering": turn["answering"], "locked": list(turn["locked"]),
        "buzzes": [list(b) for b in turn["buzzes"]],
        "answered": sorted(int(s) for s in turn["typed"]),
        "choice": turn["choice"], "audience_poll": turn["audience_poll"],
        "verdicts": dict(turn["verdicts"]) if live_verdicts or revealed else {},
        "revealed": _revealed(question, turn) if revealed else None,
    }
    return view


def _obstacle(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or rules.type != "obstacle" or not show.rs:
        return None
    rs, content = show.rs, show.content[rules.key]
    over = show.stage != "playing" or rs["solved_by"] is not None or (
        rs["final"] and show.turn is not None and show.turn["phase"] == "revealed")
    rows = []
    for number, question in enumerate(content["rows"], start=1):
        opened = number in rs["opened"]
        state = "opened" if opened else "played" if number in rs["played"] else "hidden"
        rows.append({"row": number, "letters": question.letters, "state": state,
                     "answer": question.reference if opened or over else None})
    keyword = content["keyword"]
    current = show.round
    picker = current.picker() if current is not None and not over else None
    return {
        "rows": rows, "keyword_letters": keyword.letters, "picture": content["picture"],
        "picker": picker,
        "pieces_open": sorted(rs["opened"]) + ([0] if over else []),
        "claims": [list(c) for c in rs["claims"]], "eliminated": list(rs["eliminated"]),
        "tried": list(rs["tried"]), "solved_by": rs["solved_by"],
        "keyword": keyword.reference if over else None,
    }


def _finish(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or rules.type != "finish" or not show.rs:
        return None
    rs = show.rs
    on_turn = rs["order"][rs["pos"]] if rs["pos"] < len(rs["order"]) else None
    return {"order": list(rs["order"]), "on_turn": on_turn, "pack": rs["pack"],
            "done": rs["done"], "star_used": list(rs["star_used"]), "star_on": rs["star_on"],
            "values": list(rules["values"])}


def _ladder(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or rules.type != "ladder" or not show.rs:
        return None
    rs = show.rs
    return {"steps": list(rules["steps"]), "safe_steps": list(rules["safe_steps"]),
            "step": rs["step"], "used": list(rs["used"]), "result": rs["result"],
            "lifelines": list(rules["lifelines"])}


def public_view(show: Show) -> dict[str, Any]:
    """The show as the studio screen, the overlay, the data feed and viewers may see it."""
    obstacle = _obstacle(show)
    eliminated = set(obstacle["eliminated"]) if obstacle else set()
    return {
        "stage": show.stage,
        "preset": {"name": show.preset.name, "name_en": show.preset.name_en or show.preset.name,
                   "seats": show.preset.seats},
        "round": _round(show),
        "seats": [{**seat, "eliminated": seat["seat"] in eliminated} for seat in show.seats],
        "standings": [s["seat"] for s in show.standings()],
        "turn": _turn(show),
        "obstacle": obstacle,
        "finish": _finish(show),
        "ladder": _ladder(show),
        "winners": list(show.winners),
        "rundown": {"items": [item.as_dict() for item in show.rundown], "cue": show.cue},
        "graphics": dict(show.graphics),
        "clock_ms": show.clock_ms,
    }


def contestant_view(show: Show, seat: int) -> dict[str, Any]:
    """The public view plus this seat's buzzer and answer box."""
    view = public_view(show)
    turn = show.turn
    buzzer, can_type, typed, held = "closed", False, None, None
    obstacle = view["obstacle"]
    if obstacle:
        obstacle["picture"] = None  # the picture is the keyword's hint: screens only
        if show.stage == "playing" and (turn is None or turn["kind"] == "row") and (
                seat not in obstacle["eliminated"] and seat not in obstacle["tried"]
                and obstacle["solved_by"] is None and not show.rs["final"]
                and all(s != seat for s, _ in obstacle["claims"])):
            buzzer = "armed"  # a buzz claims the keyword
    if turn is not None and show.stage == "playing":
        typed_entry = turn["typed"].get(str(seat))
        typed = typed_entry[0] if typed_entry else None
        rules = show.rules
        if turn["mode"] == "buzz" and seat in turn["seats"]:
            early = turn["phase"] == "reading" and rules and rules.settings.get(
                "buzz_while_reading")
            if seat in turn["locked"]:
                buzzer = "locked"
            elif turn["answering"] == seat:
                buzzer = "won"
            elif turn.get("paused_left_ms") is not None:
                buzzer = "closed"  # the clock is stopped: presses wait for it
            elif turn["phase"] == "open" or early:
                buzzer = "armed"
            elif turn["phase"] == "reading":
                # The button works while the MC reads, so no device waits for the open to
                # reach it: the server judges every press by when it arrived (an early one
                # holds the seat for the preset's early_lockout_ms).
                buzzer = "ready"
            held = turn.get("held", {}).get(str(seat))
        can_type = (turn["mode"] == "typed" and turn["phase"] == "open"
                    and seat in turn["seats"] and typed is None
                    and turn.get("paused_left_ms") is None)
    view["me"] = {"seat": seat, "buzzer": buzzer, "can_type": can_type, "typed": typed,
                  "held_until_ms": held if turn is not None and show.stage == "playing"
                  and turn["mode"] == "buzz" else None}
    return view


def staff_view(show: Show) -> dict[str, Any]:
    """Everything the MC and the judge need, the reference answer included."""
    view = public_view(show)
    turn, question = show.turn, show.question
    if turn is not None and question is not None:
        view["answer"] = {
            "reference": question.reference, "accepted": list(question.answers),
            "explanation": question.explanation, "correct_choice": question.correct,
            "typed": {seat: {"text": text, "at_ms": at,
                             "correct": turn["verdicts"].get(seat)}
                      for seat, (text, at) in turn["typed"].items()},
            "verdicts": dict(turn["verdicts"]), "revealable": turn["revealable"],
        }
    rules = show.rules
    if rules is not None and rules.type == "obstacle" and view["obstacle"]:
        content = show.content[rules.key]
        view["obstacle"]["answers"] = [q.reference for q in content["rows"]]
        view["obstacle"]["keyword_answer"] = content["keyword"].reference
    view["rules"] = dict(rules.settings) if rules else {}
    view["can_undo"] = bool(show.undo)
    view["undo_is_correction"] = bool(show.undo) and turn is not None and \
        turn["phase"] == "revealed"
    view["corrections"] = [dict(entry) for entry in show.corrections[-20:]]
    rules_key = rules.key if rules else ""
    reserves = show.content.get(RESERVES, {}).get(rules_key, [])
    view["reserves_left"] = len(reserves) - show.reserves_used.get(rules_key, 0)
    view["log"] = [dict(entry) for entry in show.log[-50:]]
    return view
