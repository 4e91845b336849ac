"""The show's state for broadcast graphics: flat fields, vMix rows, XML and CasparCG templateData.

Built from the public view only, so the feed carries no answer before the reveal. Every field
name is stable and listed in docs/broadcast.md; every value is text ("" when not applicable).
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

POLL_LETTERS = "ABCDEF"
SEAT_FIELD = re.compile(r"seat(\d+)_(\w+)$")


def _seconds(ms: int | None, digits: int = 1) -> str:
    return "" if ms is None else f"{max(0, ms) / 1000:.{digits}f}"


def _show_fields(view: dict[str, Any], out: dict[str, Any]) -> None:
    out.update(show=view["preset"]["name"], stage=view["stage"])
    current = view["round"] or {}
    out["round_title"] = current.get("title", "")
    out["round_key"] = current.get("key", "")
    out["round_type"] = current.get("type", "")
    out["round_number"] = current["index"] + 1 if current else ""
    out["round_count"] = current.get("count", "")
    rundown = view.get("rundown") or {}
    items, cue = rundown.get("items") or [], rundown.get("cue") or 0
    segment = items[cue] if 0 <= cue < len(items) else {}
    out["segment_title"] = segment.get("title", "")
    out["segment_kind"] = segment.get("kind", "")  # "break": graphics may show a bumper


def _clock_fields(turn: dict[str, Any], now_ms: int, out: dict[str, Any]) -> None:
    """The deadline in server time and what is left, so a template can count down itself."""
    deadline, paused = turn.get("deadline_ms"), turn.get("paused_left_ms")
    left = paused if paused is not None else deadline - now_ms if deadline else None
    out["timer_s"] = max(0, -(-left // 1000)) if left is not None else ""
    out["seconds_left"] = _seconds(left)
    out["deadline_ms"] = deadline if deadline and paused is None else ""
    out["server_ms"] = now_ms
    out["timer_total_s"] = _seconds(turn.get("time_ms")) if turn.get("time_ms") else ""
    out["clock"] = "paused" if paused is not None else "running" if deadline else ""


def _choice_fields(turn: dict[str, Any], revealed: dict[str, Any], out: dict[str, Any]) -> None:
    choices, hidden = turn.get("choices") or [], set(turn.get("hidden") or [])
    out["choice_count"] = len(choices) or ""
    for i, letter in enumerate(POLL_LETTERS):
        # a choice 50:50 took away is blank, so it leaves the screen
        out[f"choice_{letter.lower()}"] = choices[i] if i < len(choices) and i not in hidden else ""
    locked = turn.get("choice")
    out["choice_locked"] = POLL_LETTERS[locked] if isinstance(locked, int) else ""
    correct = revealed.get("correct_choice")
    out["correct_choice"] = POLL_LETTERS[correct] if isinstance(correct, int) else ""


def _turn_fields(view: dict[str, Any], names: dict[int, str], now_ms: int,
                 out: dict[str, Any]) -> None:
    turn = view["turn"] or {}
    out["question_number"] = turn.get("number") or ""
    out["question_of"] = turn.get("of") or ""
    out["question_text"] = turn.get("text", "")
    out["question_kind"] = turn.get("kind", "")
    out["mode"] = turn.get("mode", "")
    out["phase"] = turn.get("phase", "")
    out["value"] = turn.get("value") or ""
    out["star"] = "1" if turn.get("star") else ""
    _clock_fields(turn, now_ms, out)
    finish, obstacle = view.get("finish") or {}, view.get("obstacle") or {}
    on_turn = turn.get("owner") or finish.get("on_turn") or obstacle.get("picker")
    out["turn_seat"] = on_turn or ""
    out["turn_name"] = names.get(on_turn, "")
    out["star_name"] = out["turn_name"] if turn.get("star") else ""
    out["buzzed"] = names.get(turn.get("answering"), "")
    out["buzzed_seat"] = turn.get("answering") or ""
    revealed = turn.get("revealed") or {}
    out["answer"] = revealed.get("answer", "")
    _choice_fields(turn, revealed, out)


def _seat_fields(view: dict[str, Any], out: dict[str, Any]) -> None:
    turn = view["turn"] or {}
    revealed = turn.get("revealed") or {}
    typed, ranks = revealed.get("typed") or {}, revealed.get("ranks") or {}
    answered = set(turn.get("answered") or [])
    stars = set((view.get("finish") or {}).get("star_used") or [])
    for seat in view["seats"]:
        n = seat["seat"]
        out[f"seat{n}_name"] = seat["name"]
        out[f"seat{n}_school"] = seat["school"]
        out[f"seat{n}_score"] = seat["score"]
        out[f"seat{n}_rank"] = view["standings"].index(n) + 1
        out[f"seat{n}_status"] = ("eliminated" if seat["eliminated"] else
                                  "answering" if turn.get("answering") == n else "")
        out[f"seat{n}_star_used"] = "1" if n in stars else ""
        out[f"seat{n}_typed_in"] = "1" if n in answered else ""
        mine = typed.get(str(n)) or {}  # only after the reveal
        out[f"seat{n}_typed"] = mine.get("text", "")
        out[f"seat{n}_typed_time"] = _seconds(mine.get("ms"), 2)  # to the hundredth, as shown
        out[f"seat{n}_typed_correct"] = ("1" if mine["correct"] else "0") if mine else ""
        out[f"seat{n}_typed_corrected"] = "1" if mine.get("corrected") else ""
        out[f"seat{n}_typed_rank"] = ranks.get(str(n), "")


def _obstacle_fields(view: dict[str, Any], names: dict[int, str], out: dict[str, Any]) -> None:
    obstacle = view.get("obstacle")
    if not obstacle:
        return
    opened = [r["row"] for r in obstacle["rows"] if r["state"] == "opened"]
    out["obstacle_rows"] = len(obstacle["rows"])
    out["obstacle_opened"] = ",".join(map(str, opened))
    out["obstacle_opened_count"] = len(opened)
    out["obstacle_row"] = (view["turn"] or {}).get("row") or ""
    out["obstacle_picker"] = names.get(obstacle["picker"], "")
    for row in obstacle["rows"]:
        n = row["row"]
        out[f"row{n}_state"] = row["state"]
        out[f"row{n}_letters"] = row["letters"]
        out[f"row{n}_answer"] = row["answer"] or ""  # the view keeps unopened rows' answers out
    # The centre tile's question (ô trung tâm): empty fields when the episode has none.
    centre = obstacle.get("centre") or {}
    out["centre_state"] = centre.get("state", "")
    out["centre_letters"] = centre.get("letters", "")
    out["centre_answer"] = centre.get("answer") or ""
    out["obstacle_centre_on_air"] = "1" if (view["turn"] or {}).get("kind") == "centre" else ""
    out["keyword_letters"] = obstacle["keyword_letters"]
    out["keyword_solved"] = "1" if obstacle["solved_by"] is not None else ""
    out["keyword_solved_by"] = names.get(obstacle["solved_by"], "")
    out["keyword"] = obstacle["keyword"] or ""


def _ladder_fields(view: dict[str, Any], out: dict[str, Any]) -> None:
    ladder = view.get("ladder")
    if not ladder:
        return
    steps, step = ladder["steps"], ladder["step"]
    out["ladder_step"] = min(step + 1, len(steps))
    out["ladder_steps"] = len(steps)
    out["ladder_value"] = steps[min(step, len(steps) - 1)]
    out["ladder_banked"] = steps[step - 1] if step else 0
    reached = [s for s in ladder["safe_steps"] if s <= step]
    out["ladder_safe"] = steps[max(reached) - 1] if reached else 0
    out["ladder_result"] = ladder["result"] or ""
    for k, value in enumerate(steps, start=1):
        out[f"step{k}_value"] = value
        out[f"step{k}_safe"] = "1" if k in ladder["safe_steps"] else ""
        out[f"step{k}_state"] = "passed" if k <= step else "current" if k == step + 1 else ""
    out["lifelines"] = ",".join(ladder["lifelines"])
    for name in ladder["lifelines"]:
        out[f"lifeline_{name}"] = "used" if name in ladder["used"] else "available"


def _audience_fields(audience: dict[str, Any], out: dict[str, Any]) -> None:
    out["audience_players"] = audience.get("players", 0)
    out["audience_pin"] = audience.get("pin") or ""
    for i, school in enumerate(audience.get("schools", [])[:5], start=1):
        out[f"school{i}_name"] = school["school"]
        out[f"school{i}_average"] = school["average"]
    poll = audience.get("poll") or {}
    counts = poll.get("counts") or []
    total = sum(counts) or 1
    for letter, count in zip(POLL_LETTERS, counts, strict=False):
        out[f"poll_{letter.lower()}"] = round(100 * count / total)


def fields(view: dict[str, Any], audience: dict[str, Any] | None, now_ms: int) -> dict[str, str]:
    """Flatten a public view into named text fields (stable names: docs/broadcast.md)."""
    out: dict[str, Any] = {}
    names = {s["seat"]: s["name"] for s in view["seats"]}
    _show_fields(view, out)
    _turn_fields(view, names, now_ms, out)
    _seat_fields(view, out)
    out["leader"] = names.get(view["standings"][0], "") if view["standings"] else ""
    out["winners"] = ", ".join(names.get(s, "") for s in view.get("winners") or [])
    _obstacle_fields(view, names, out)
    _ladder_fields(view, out)
    if audience:
        _audience_fields(audience, out)
    return {name: "" if value is None else str(value) for name, value in out.items()}


def rows(values: dict[str, str]) -> list[dict[str, str]]:
    """One flat row per contestant for vMix: the show's fields plus ``seat``, ``name``, ``score`` …

    Every row repeats the show's fields, so one title bound to a row shows both.
    """
    common: dict[str, str] = {}
    seats: dict[int, dict[str, str]] = {}
    for name, value in values.items():
        match = SEAT_FIELD.match(name)
        if match:
            seats.setdefault(int(match[1]), {})[match[2]] = value
        else:
            common[name] = value
    return [{**common, "seat": str(n), **seats[n]} for n in sorted(seats)] or [common]


def xml(values: dict[str, str]) -> bytes:
    """``<feed><fields>…</fields><seats><row>…</row>…</seats></feed>``: one element per field.

    vMix XPath ``/feed/fields`` gives one row of every field, ``/feed/seats/row`` one row per
    contestant (the same columns as the vMix JSON).
    """
    root = ElementTree.Element("feed", version="2")
    flat = ElementTree.SubElement(root, "fields")
    for name, value in values.items():
        ElementTree.SubElement(flat, name).text = value
    seats = ElementTree.SubElement(root, "seats")
    for row in rows(values) if any(SEAT_FIELD.match(n) for n in values) else []:
        element = ElementTree.SubElement(seats, "row")
        for name, value in row.items():
            ElementTree.SubElement(element, name).text = value
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def xml_caspar(values: dict[str, str]) -> bytes:
    """CasparCG's ``<templateData>``: one componentData per field, its text in ``data``."""
    root = ElementTree.Element("templateData")
    for name, value in values.items():
        component = ElementTree.SubElement(root, "componentData", id=name)
        ElementTree.SubElement(component, "data", id="text", value=value)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
