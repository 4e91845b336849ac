"""A turn: one question on air, from the MC's reading to the reveal.

A turn is a plain JSON-ready dict (so snapshots are a copy). ``mode`` says how it is answered:

- ``oral``: one contestant (``owner``) answers aloud; the judge decides.
- ``buzz``: the first eligible contestant to buzz gets the floor; the judge decides.
- ``typed``: every eligible contestant types an answer before the time is up.
- ``choice``: the contestant picks a choice, and the MC locks it (a ladder question).

Phases: reading -> open -> (answering, buzz mode) -> closed (time up, a decision pending)
-> settled (the outcome is known) -> revealed (the answer is on air).
"""

from __future__ import annotations

from typing import Any

PHASES = ("reading", "open", "answering", "closed", "settled", "revealed")
MAX_BUZZES_KEPT = 64


def new_turn(question_id: int, mode: str, seats: list[int], *, kind: str = "question",
             owner: int | None = None, time_ms: int | None = None, answer_ms: int | None = None,
             value: int = 0, label: str = "", phase: str = "reading", **extra: Any
             ) -> dict[str, Any]:
    """Return a fresh turn dict (``extra`` holds a round's own fields)."""
    return {
        "qid": question_id, "kind": kind, "mode": mode, "seats": list(seats), "owner": owner,
        "phase": phase, "time_ms": time_ms, "answer_ms": answer_ms, "deadline_ms": None,
        "remaining_ms": None, "opened_ms": None, "buzzes": [], "answering": None,
        "locked": [], "held": {}, "won_ms": None, "reopened_ms": None,
        "paused_left_ms": None, "paused_by": None, "typed": {},
        "verdicts": {}, "value": value, "star": False,
        "label": label, "hidden": [], "audience_poll": False, "choice": None,
        "revealable": True, **extra,
    }


def verdict(turn: dict[str, Any], seat: int) -> bool | None:
    return turn["verdicts"].get(str(seat))
