"""The show's state for broadcast graphics: flat fields for vMix, templateData for CasparCG.

Built from the public view only, so the feed carries no answer before the reveal.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

POLL_LETTERS = "ABCDEF"


def fields(view: dict[str, Any], audience: dict[str, Any] | None, now_ms: int) -> dict[str, str]:
    """Flatten a public view into named text fields (stable names: docs/broadcast.md)."""
    out: dict[str, Any] = {"show": view["preset"]["name"], "stage": view["stage"]}
    current = view["round"] or {}
    out["round_title"] = current.get("title", "")
    turn = view["turn"] or {}
    out["question_number"] = turn.get("number") or ""
    out["question_text"] = turn.get("text", "")
    out["phase"] = turn.get("phase", "")
    deadline = turn.get("deadline_ms")
    out["timer_s"] = max(0, -(-(deadline - now_ms) // 1000)) if deadline else ""
    out["value"] = turn.get("value") or ""
    names = {s["seat"]: s["name"] for s in view["seats"]}
    out["buzzed"] = names.get(turn.get("answering"), "")
    revealed = turn.get("revealed") or {}
    out["answer"] = revealed.get("answer", "")
    for seat in view["seats"]:
        n = seat["seat"]
        out[f"seat{n}_name"] = seat["name"]
        out[f"seat{n}_school"] = seat["school"]
        out[f"seat{n}_score"] = seat["score"]
        out[f"seat{n}_rank"] = view["standings"].index(n) + 1
        out[f"seat{n}_status"] = ("eliminated" if seat["eliminated"] else
                                  "answering" if turn.get("answering") == n else "")
    out["leader"] = names.get(view["standings"][0], "") if view["standings"] else ""
    if audience:
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
    return {name: "" if value is None else str(value) for name, value in out.items()}


def xml_flat(values: dict[str, str]) -> bytes:
    """``<show><round_title>…</round_title>…</show>``: one node per field, for vMix XPath."""
    root = ElementTree.Element("show")
    for name, value in values.items():
        ElementTree.SubElement(root, name).text = value
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def xml_caspar(values: dict[str, str]) -> bytes:
    """CasparCG's ``<templateData>``: one componentData per field, its text in ``data``."""
    root = ElementTree.Element("templateData")
    for name, value in values.items():
        component = ElementTree.SubElement(root, "componentData", id=name)
        ElementTree.SubElement(component, "data", id="text", value=value)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
