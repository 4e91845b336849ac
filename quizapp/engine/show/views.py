"""What each studio role sees (DESIGN rule 2: views are the only way state leaves the show).

``public_view`` feeds the studio screen, the broadcast overlay and the data feed: it never
carries an answer before the reveal. ``contestant_view`` adds a seat's own buzzer and answer
state. ``staff_view`` is for the MC and the judge, who see the reference answer all along.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizapp.engine.show.content import RESERVES, ShowQuestion
from quizapp.engine.show.state import Stage
from quizapp.engine.show.turn import ORDER_LETTERS, Mode, Phase, Turn, TurnKind

if TYPE_CHECKING:
    from quizapp.engine.show.show import Show

OPEN_VERDICT_MODES = (Mode.ORAL, Mode.BUZZ)  # decisions announced live on air
LETTER_KINDS = (TurnKind.ROW, TurnKind.CENTRE, TurnKind.KEYWORD, TurnKind.KEYWORD_FINAL)


def _round(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or show.stage == Stage.FINISHED:
        return None  # the end is nobody's round (not the skipped tie-break's)
    return {"key": rules.key, "type": rules.type, "title": rules.title,
            "title_en": rules.title_en or rules.title, "index": show.round_index,
            "count": len(show.preset.rounds), "audience": rules.audience}


def _verdicts(turn: Turn) -> dict[str, bool]:
    return {str(seat): correct for seat, correct in turn.verdicts.items()}


def _corrected(turn: Turn, seat: int) -> bool:
    """Whether the judge overruled the machine's match of this typed answer."""
    return seat in turn.matched and turn.verdicts.get(seat) != turn.matched[seat]


def _revealed(question: ShowQuestion, turn: Turn) -> dict[str, Any]:
    opened, answer = turn.opened_ms, question.reference
    if turn.mode == Mode.ORDER and turn.shown is not None:  # by the letters on screen: C → A …
        answer = " → ".join(ORDER_LETTERS[turn.shown.index(i)] for i in range(len(turn.shown)))
    return {"answer": answer, "explanation": question.explanation,
            "correct_choice": question.correct,
            "typed": {str(seat): {"text": answer.text, "correct": bool(turn.verdicts.get(seat)),
                                  "corrected": _corrected(turn, seat),
                                  "ms": answer.at_ms - opened if opened else None}
                      for seat, answer in turn.typed.items()},
            "ranks": {str(seat): rank for seat, rank in (turn.ranks or {}).items()}}


def _clue_held(show: Show, turn: Turn) -> bool:
    """A claimed keyword's clue stays off air until the judge accepts an answer (or the reveal):
    read out while a contestant answers, it would hand the keyword to everyone watching."""
    rules = show.rules
    return (turn.kind in (TurnKind.KEYWORD, TurnKind.KEYWORD_FINAL) and rules is not None
            and bool(rules.settings.get("keyword_hint_after_decision"))
            and turn.phase != Phase.REVEALED and True not in turn.verdicts.values())


def _choices(question: ShowQuestion, turn: Turn) -> list[str]:
    """The choices as shown: ordering items in their shuffled order, 50:50's two taken away
    (blank, so no screen, overlay, phone or feed can show them; their places stay)."""
    if question.kind == "type_answer":
        return []
    if turn.mode == Mode.ORDER and turn.shown is not None:
        return [question.choices[i] for i in turn.shown]
    return ["" if i in turn.hidden else text for i, text in enumerate(question.choices)]


def _call(turn: Turn) -> dict[str, Any] | None:
    """A phone-a-friend or ask-the-expert call and its clock (the turn's deadline meanwhile)."""
    if turn.call is None:
        return None
    return {"lifeline": turn.call.lifeline, "time_ms": turn.call.time_ms,
            "deadline_ms": turn.deadline_ms, "paused_left_ms": turn.paused_left_ms}


def _turn(show: Show) -> dict[str, Any] | None:
    turn, question = show.turn, show.question
    if turn is None or question is None:
        return None
    revealed = turn.phase == Phase.REVEALED
    held = _clue_held(show, turn)
    live_verdicts = turn.mode in OPEN_VERDICT_MODES
    view = {
        "qid": turn.qid, "kind": turn.kind.value, "mode": turn.mode.value,
        "phase": turn.phase.value, "number": turn.number, "of": turn.of, "owner": turn.owner,
        "seats": list(turn.seats), "value": turn.value, "star": turn.star,
        "row": turn.row, "picked_by": turn.picked_by,
        "text": None if held else question.text, "media": None if held else question.media,
        "clue_held": held,
        "choices": _choices(question, turn),
        "hidden": list(turn.hidden),
        "letters": question.letters if turn.kind in LETTER_KINDS else None,
        "deadline_ms": turn.deadline_ms, "time_ms": turn.time_ms,
        "paused_left_ms": turn.paused_left_ms, "paused_by": turn.paused_by,
        "answer_ms": turn.answer_ms,
        "answering": turn.answering, "locked": list(turn.locked),
        "buzzes": [press.plain() for press in turn.buzzes],
        "answered": sorted(turn.typed),
        "choice": turn.choice, "audience_poll": turn.audience_poll,
        "call": _call(turn), "interrupt": turn.interrupt,
        "verdicts": _verdicts(turn) if live_verdicts or revealed else {},
        "revealed": _revealed(question, turn) if revealed else None,
    }
    return view


def _obstacle(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or rules.type != "obstacle" or show.rs is None:
        return None
    rs, content = show.rs, show.content[rules.key]
    over = show.stage != Stage.PLAYING or rs.solved_by is not None or (
        rs.final and show.turn is not None and show.turn.phase == Phase.REVEALED)
    rows = []
    for number, question in enumerate(content["rows"], start=1):
        opened = number in rs.opened
        state = "opened" if opened else "played" if number in rs.played else "hidden"
        rows.append({"row": number, "letters": question.letters, "state": state,
                     "answer": question.reference if opened or over else None})
    keyword = content["keyword"]
    current = show.round
    picker = current.picker() if current is not None and not over else None
    view = {
        "rows": rows, "keyword_letters": keyword.letters, "picture": content["picture"],
        "picker": picker,
        "pieces_open": sorted(rs.opened) + ([0] if over or rs.centre_opened else []),
        "claims": [claim.plain() for claim in rs.claims], "eliminated": list(rs.eliminated),
        "tried": list(rs.tried), "solved_by": rs.solved_by,
        "keyword": keyword.reference if over else None,
    }
    centre = content.get("centre")
    if centre is not None:  # the centre tile's question (piece 0 of the picture)
        state = "opened" if rs.centre_opened else "played" if rs.centre_played else "hidden"
        view["centre"] = {"letters": centre.letters, "state": state,
                          "answer": centre.reference if rs.centre_opened or over else None}
    return view


def _finish(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or rules.type != "finish" or show.rs is None:
        return None
    rs = show.rs
    on_turn = rs.order[rs.pos] if rs.pos < len(rs.order) else None
    return {"order": list(rs.order), "on_turn": on_turn,
            "pack": list(rs.pack) if rs.pack is not None else None,
            "done": rs.done, "star_used": list(rs.star_used), "star_on": rs.star_on,
            "values": list(rules["values"])}


def _ladder(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or rules.type != "ladder" or show.rs is None:
        return None
    rs = show.rs
    return {"steps": list(rules["steps"]), "safe_steps": list(rules["safe_steps"]),
            "step": rs.step, "used": list(rs.used), "result": rs.result,
            "lifelines": list(rules["lifelines"]), "seat": rs.seat}


def _fastest_finger(show: Show) -> dict[str, Any] | None:
    rules = show.rules
    if rules is None or rules.type != "fastest_finger" or show.rs is None:
        return None
    return {"winner": show.rs.winner, "replay": list(show.rs.replay)}


def _quiz_bowl(show: Show) -> dict[str, Any] | None:
    """A buzzer round with interrupts or bonuses: whose bonus is on, who was negged."""
    rules = show.rules
    if (rules is None or rules.type != "buzzer" or show.rs is None
            or not (rules["buzz_while_reading"] or rules["bonus_parts"])):
        return None
    rs = show.rs
    return {"bonus_for": rs.bonus_for, "bonus_part": rs.bonus_part,
            "bonus_parts": rules["bonus_parts"], "negged": list(rs.negged)}


def public_view(show: Show) -> dict[str, Any]:
    """The show as the studio screen, the overlay, the data feed and viewers may see it."""
    obstacle = _obstacle(show)
    eliminated = set(obstacle["eliminated"]) if obstacle else set()
    return {
        "stage": show.stage.value,
        "preset": {"name": show.preset.name, "name_en": show.preset.name_en or show.preset.name,
                   "seats": show.preset.seats},
        "round": _round(show),
        "seats": [{**seat.plain(), "eliminated": seat.seat in eliminated}
                  for seat in show.seats],
        "standings": [s.seat for s in show.standings()],
        "turn": _turn(show),
        "obstacle": obstacle,
        "finish": _finish(show),
        "ladder": _ladder(show),
        "fastest_finger": _fastest_finger(show),
        "quiz_bowl": _quiz_bowl(show),
        "winners": list(show.winners),
        "rundown": {"items": [item.as_dict() for item in show.rundown], "cue": show.cue},
        "graphics": dict(show.graphics),
        "clock_ms": show.clock_ms,
    }


def contestant_view(show: Show, seat: int) -> dict[str, Any]:
    """The public view plus this seat's buzzer and answer box."""
    view = public_view(show)
    turn = show.turn
    buzzer, can_type, can_order, typed, held = "closed", False, False, None, None
    obstacle = view["obstacle"]
    if obstacle:
        obstacle["picture"] = None  # the picture is the keyword's hint: screens only
        if show.stage == Stage.PLAYING and (
                turn is None or turn.kind in (TurnKind.ROW, TurnKind.CENTRE)) and (
                seat not in obstacle["eliminated"] and seat not in obstacle["tried"]
                and obstacle["solved_by"] is None and not show.rs.final
                and all(claim[0] != seat for claim in obstacle["claims"])):
            buzzer = "armed"  # a buzz claims the keyword
    if turn is not None and show.stage == Stage.PLAYING:
        typed_entry = turn.typed.get(seat)
        typed = typed_entry.text if typed_entry else None
        rules = show.rules
        if turn.mode == Mode.BUZZ and seat in turn.seats:
            early = turn.phase == Phase.READING and rules and rules.settings.get(
                "buzz_while_reading")
            if seat in turn.locked:
                buzzer = "locked"
            elif turn.answering == seat:
                buzzer = "won"
            elif turn.paused:
                buzzer = "closed"  # the clock is stopped: presses wait for it
            elif turn.phase == Phase.OPEN or early:
                buzzer = "armed"
            elif turn.phase == Phase.READING:
                # The button works while the MC reads, so no device waits for the open to
                # reach it: the server judges every press by when it arrived (an early one
                # holds the seat for the preset's early_lockout_ms).
                buzzer = "ready"
            held = turn.held.get(seat)
        can_type = (turn.mode == Mode.TYPED and turn.phase == Phase.OPEN
                    and seat in turn.seats and typed is None and not turn.paused)
        can_order = (turn.mode == Mode.ORDER and turn.phase == Phase.OPEN
                     and seat in turn.seats and typed is None and not turn.paused)
    view["me"] = {"seat": seat, "buzzer": buzzer, "can_type": can_type, "can_order": can_order,
                  "typed": typed,
                  "held_until_ms": held if turn is not None and show.stage == Stage.PLAYING
                  and turn.mode == Mode.BUZZ else None}
    return view


def staff_view(show: Show) -> dict[str, Any]:
    """Everything the MC and the judge need, the reference answer included."""
    view = public_view(show)
    turn, question = show.turn, show.question
    if turn is not None and question is not None:
        view["turn"].update(text=question.text, media=question.media)  # held clues included
        view["answer"] = {
            "reference": question.reference, "accepted": list(question.answers),
            "explanation": question.explanation, "correct_choice": question.correct,
            "typed": {str(seat): {"text": answer.text, "at_ms": answer.at_ms,
                                  "ms": answer.at_ms - turn.opened_ms if turn.opened_ms
                                  else None,
                                  "correct": turn.verdicts.get(seat),
                                  "matched": turn.matched.get(seat),
                                  "corrected": _corrected(turn, seat)}
                      for seat, answer in turn.typed.items()},
            "verdicts": _verdicts(turn), "revealable": turn.revealable,
        }
    rules = show.rules
    if rules is not None and rules.type == "obstacle" and view["obstacle"]:
        content = show.content[rules.key]
        view["obstacle"]["answers"] = [q.reference for q in content["rows"]]
        view["obstacle"]["keyword_answer"] = content["keyword"].reference
        if content.get("centre") is not None:
            view["obstacle"]["centre_answer"] = content["centre"].reference
    view["rules"] = dict(rules.settings) if rules else {}
    view["can_undo"] = bool(show.undo)
    view["undo_is_correction"] = bool(show.undo) and turn is not None and \
        turn.phase == Phase.REVEALED
    view["corrections"] = [entry.plain() for entry in show.corrections[-20:]]
    rules_key = rules.key if rules else ""
    reserves = show.content.get(RESERVES, {}).get(rules_key, [])
    view["reserves_left"] = len(reserves) - show.reserves_used.get(rules_key, 0)
    view["log"] = [entry.plain() for entry in show.log[-50:]]
    return view
