"""The run-down: the show's segments and breaks, in order, that the MC steps through.

An episode's content may list it (``rundown:`` in the YAML, ``content[RUNDOWN]`` here); without
one, each round is a segment. The current item is on the MC's console and in the public view,
so the overlay and the feed know when the show is in a break.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.engine.show.preset import Preset
from quizapp.engine.texts import N_, Text

RUNDOWN = "_rundown"
KINDS = ("segment", "break")
MAX_ITEMS, MAX_TITLE, MAX_DURATION_S = 60, 80, 3600


@dataclass(frozen=True)
class RundownItem:
    title: str
    kind: str = "segment"  # segment | break
    round: str | None = None  # the round this segment plays, when it plays one
    duration_s: int | None = None  # planned length, for the MC's timing

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "kind": self.kind, "round": self.round,
                "duration_s": self.duration_s}


def build_rundown(preset: Preset, raw: Any, problems: list[tuple[str, str]]
                  ) -> tuple[RundownItem, ...]:
    """Check a run-down (or make the default: one segment per round); report each bad field."""
    if raw is None:
        return tuple(RundownItem(r.title, "segment", r.key) for r in preset.rounds)
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_ITEMS:
        problems.append(("rundown", Text(N_("phải là danh sách 1 đến %(most)d mục"),
                                         most=MAX_ITEMS)))
        return ()
    items = []
    for i, entry in enumerate(raw):
        path = f"rundown[{i}]"
        if not isinstance(entry, Mapping):
            problems.append((path, Text(N_("cần title và kind (segment hoặc break)"))))
            continue
        title, kind = entry.get("title"), entry.get("kind", "segment")
        key, duration = entry.get("round"), entry.get("duration_s")
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
            problems.append((f"{path}.title", Text(N_("phải là chữ, từ 1 đến %(most)d ký tự"),
                                                   most=MAX_TITLE)))
        if kind not in KINDS:
            problems.append((f"{path}.kind", Text(N_("phải là segment hoặc break"))))
        if key is not None and preset.round(str(key)) is None:
            problems.append((f"{path}.round", Text(N_("không phải vòng của thể thức này"))))
        if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool)
                                     or not 1 <= duration <= MAX_DURATION_S):
            problems.append((f"{path}.duration_s",
                             Text(N_("phải là số giây từ 1 đến %(most)d"), most=MAX_DURATION_S)))
        items.append(RundownItem(str(title).strip(), str(kind),
                                 str(key) if key is not None else None, duration))
    extra = [p for p in problems if p[0].startswith("rundown")]
    return () if extra else tuple(items)
