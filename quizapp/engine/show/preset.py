"""Show presets: the rules of each round as data a producer can copy and change.

``parse_preset(data)`` checks a plain dict (read from YAML by the gameshow package) and
returns a ``Preset``; every problem is reported at once as ``(path, message)`` pairs, the path
naming the field (``rounds[2].time_s``) so the caller can point at the file's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.engine.errors import EngineError
from quizapp.engine.texts import N_, Text

ROUND_TYPES = ("individual", "buzzer", "obstacle", "ranked", "finish", "ladder",
               "fastest_finger")
LIFELINES = ("fifty_fifty", "phone_a_friend", "ask_audience", "ask_the_expert")
CALLS = ("phone_a_friend", "ask_the_expert")  # lifelines that run the call clock (call_s)
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_SEATS, MAX_ROUNDS = 8, 12


class PresetError(EngineError):
    """A preset (or a show's content) does not validate; ``problems`` lists every field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("invalid_preset", "; ".join(f"{p}: {m}" for p, m in problems))


# A field checker returns an error message, or None when the value is acceptable.
Check = Callable[[Any], "str | None"]


def _int(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return Text(N_("phải là số nguyên từ %(low)d đến %(high)d"), low=low, high=high)
        return None
    return check


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else Text(N_("phải là true hoặc false"))


def _text(limit: int) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            return Text(N_("phải là chữ, từ 1 đến %(most)d ký tự"), most=limit)
        return None
    return check


def _int_list(low: int, high: int, min_len: int, max_len: int, ordered: str = "") -> Check:
    def check(value: Any) -> str | None:
        if (not isinstance(value, list) or not min_len <= len(value) <= max_len
                or any(_int(low, high)(v) for v in value)):
            return Text(N_("phải là danh sách %(fewest)d đến %(most)d số nguyên "
                           "từ %(low)d đến %(high)d"),
                        fewest=min_len, most=max_len, low=low, high=high)
        pairs = list(zip(value, value[1:], strict=False))
        if ordered == "up" and any(a >= b for a, b in pairs):
            return Text(N_("phải tăng dần"))
        if ordered == "down" and any(a < b for a, b in pairs):
            return Text(N_("không được tăng"))
        return None
    return check


def _one_of(allowed: tuple[str, ...]) -> str:
    return Text(N_("phải là một trong %(allowed)s"), allowed=", ".join(allowed))


def _choice(allowed: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in allowed else _one_of(allowed)
    return check


def _subset(allowed: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        if (not isinstance(value, list) or len(set(value)) != len(value)
                or any(v not in allowed for v in value)):
            return Text(N_("phải là danh sách không trùng lặp, lấy từ %(allowed)s"),
                        allowed=", ".join(allowed))
        return None
    return check


COMMON_FIELDS: dict[str, tuple[Check, Any]] = {
    "title": (_text(80), None),
    "title_en": (_text(80), ""),
    # Audience phones get this round's questions when the MC starts each timer.
    "audience": (_bool, True),
}
POINTS = _int(-1000, 1000)
FIELDS: dict[str, dict[str, tuple[Check, Any]]] = {
    "individual": {
        "questions_per_seat": (_int(1, 30), 6),
        "time_s": (_int(1, 120), 5),
        "correct": (POINTS, 10),
        "wrong": (POINTS, 0),
        "floor_zero": (_bool, False),
    },
    "buzzer": {
        "questions": (_int(1, 100), 12),
        "time_s": (_int(1, 120), 5),  # the buzz window once the timer starts
        "answer_time_s": (_int(1, 60), 3),  # to answer after winning the buzz
        "correct": (POINTS, 10),
        "wrong": (POINTS, -5),
        "floor_zero": (_bool, True),
        "rebound": (_bool, False),  # after a wrong answer the others may buzz again
        "buzz_while_reading": (_bool, False),
        "only_if_tied": (_bool, False),  # a tie-break: played only when the lead is tied
        # A press before the buzzers open holds that seat's buzzer this long (0: no penalty).
        "early_lockout_ms": (_int(0, 5000), 250),
        "first_correct_ends": (_bool, False),
        # Interrupts (buzz_while_reading): a right answer buzzed before the question was read
        # to the end scores ``power``; a wrong one ``neg`` (only the question's first wrong
        # interrupt; after it the MC reads on for the others).
        "power": (POINTS, 10),
        "neg": (_int(-1000, 0), -5),
        # Bonuses: a right toss-up earns ``bonus_parts`` questions only that seat answers.
        "bonus_parts": (_int(0, 6), 0),
        "bonus_points": (_int(0, 1000), 10),
        "bonus_time_s": (_int(1, 120), 5),
    },
    "obstacle": {
        "rows": (_int(2, 8), 4),
        "time_s": (_int(1, 120), 15),
        "row_points": (POINTS, 10),
        # The centre tile's question (ô trung tâm), when the content has one: typed like a row.
        "centre_points": (POINTS, 10),
        # By the rows on air when the keyword is claimed: none yet, 1, 2, ... (docs/gameshow.md);
        # the centre question counts as one more row (a rows + 2nd value, else the last value).
        "keyword_points": (_int_list(0, 1000, 3, 9, ordered="down"), [60, 60, 50, 40, 30]),
        "keyword_value_at": (_choice(("claim", "answer")), "claim"),
        # The keyword's clue (its question text) stays off air until the judge has decided.
        "keyword_hint_after_decision": (_bool, True),
        "wrong_keyword_eliminates": (_bool, True),
        "final_buzz_s": (_int(1, 120), 15),
        "early_lockout_ms": (_int(0, 5000), 250),  # the final buzz window's early presses
    },
    "ranked": {
        "questions": (_int(1, 30), 4),
        "time_s": (_int(1, 240), 30),
        "rank_points": (_int_list(0, 1000, 1, 8, ordered="down"), [40, 30, 20, 10]),
    },
    "finish": {
        "pack_size": (_int(1, 6), 3),
        "values": (_int_list(1, 1000, 1, 4, ordered="up"), [20, 30]),
        "times_s": (_int_list(1, 240, 1, 4), [15, 20]),
        "star": (_bool, True),
        "star_multiplier": (_int(2, 5), 2),
        "star_wrong_loses": (_bool, True),
        "steal_window_s": (_int(1, 60), 5),
        "steal_answer_time_s": (_int(1, 60), 3),
        "steal_from_owner": (_bool, True),
        # A wrong star answer already cost the owner the value: a steal of it takes nothing more.
        "star_stolen_once": (_bool, True),
        "steal_wrong_percent": (_int(0, 100), 50),
    },
    "ladder": {
        "steps": (_int_list(1, 10**9, 3, 20, ordered="up"),
                  [200, 400, 600, 1000, 2000, 3000, 6000, 10000, 14000, 22000,
                   30000, 40000, 80000, 150000, 250000]),
        "safe_steps": (_int_list(1, 20, 0, 5, ordered="up"), [5, 10]),
        "time_s": (_int(0, 600), 0),  # 0: no clock, the contestant thinks aloud
        "lifelines": (_subset(LIFELINES), list(LIFELINES)),
        "call_s": (_int(5, 120), 30),  # phone-a-friend / ask-the-expert: the call's clock
    },
    # Every seat puts the items of an ordering question in order; the fastest right order
    # wins the chair: the next ladder round is that seat's.
    "fastest_finger": {
        "time_s": (_int(5, 120), 20),
    },
}


@dataclass(frozen=True)
class RoundRules:
    """One round of a preset: its key, type and the numbers its type reads."""

    key: str
    type: str
    title: str
    title_en: str
    audience: bool
    settings: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.settings[name]


@dataclass(frozen=True)
class Preset:
    name: str
    name_en: str
    seats: int
    rounds: tuple[RoundRules, ...]

    def round(self, key: str) -> RoundRules | None:
        return next((r for r in self.rounds if r.key == key), None)


def _check_fields(raw: Mapping[str, Any], fields: dict[str, tuple[Check, Any]], path: str,
                  problems: list[tuple[str, str]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, (check, default) in fields.items():
        if name not in raw:
            if default is None:
                problems.append((f"{path}.{name}", Text(N_("là bắt buộc"))))
            values[name] = default
            continue
        message = check(raw[name])
        if message:
            problems.append((f"{path}.{name}", message))
        values[name] = raw[name]
    return values


def _cross_checks(rules: dict[str, Any], kind: str, path: str,
                  problems: list[tuple[str, str]]) -> None:
    """Checks between fields of one round (only once each field is valid on its own)."""
    if kind == "obstacle" and isinstance(rules["rows"], int) and isinstance(
            rules["keyword_points"], list) and len(rules["keyword_points"]) not in (
                rules["rows"] + 1, rules["rows"] + 2):
        problems.append((f"{path}.keyword_points", Text(N_(
            "cần một giá trị cho mỗi số hàng đã chơi: rows + 1 giá trị "
            "(rows + 2 khi có giá trị riêng sau câu hỏi ô trung tâm)"))))
    if kind == "finish" and isinstance(rules["values"], list) and isinstance(
            rules["times_s"], list) and len(rules["times_s"]) != len(rules["values"]):
        problems.append((f"{path}.times_s",
                         Text(N_("cần một thời gian cho mỗi giá trị trong values"))))
    if kind == "buzzer" and rules["bonus_parts"] and rules["only_if_tied"]:
        problems.append((f"{path}.bonus_parts",
                         Text(N_("vòng phân định hòa (only_if_tied) không có câu thưởng: đặt 0"))))
    if kind == "ladder" and isinstance(rules["steps"], list) and isinstance(
            rules["safe_steps"], list) and any(
                s > len(rules["steps"]) for s in rules["safe_steps"]):
        problems.append((f"{path}.safe_steps", Text(N_("có nấc vượt quá nấc cuối"))))


def _seat_checks(kind: str, rules: dict[str, Any], seats: Any, before: list[str], path: str,
                 problems: list[tuple[str, str]]) -> None:
    """Checks between a round and the preset: who plays a ladder, who can hear the audience."""
    if not isinstance(seats, int):
        return
    if kind == "ladder" and seats != 1 and "fastest_finger" not in before:
        problems.append((f"{path}.type", Text(N_(
            "vòng ladder cần thể thức một thí sinh (seats: 1) "
            "hoặc một vòng fastest_finger trước nó để chọn người chơi"))))
    if kind == "fastest_finger" and seats < 2:
        problems.append((f"{path}.type", Text(N_("vòng fastest_finger cần ít nhất 2 thí sinh"))))
    if (kind == "ladder" and isinstance(rules.get("lifelines"), list)
            and "ask_audience" in rules["lifelines"] and rules.get("audience") is False):
        problems.append((f"{path}.lifelines", Text(N_(
            "ask_audience cần khán giả chơi vòng này (audience: true)"))))


def parse_preset(data: Any) -> Preset:
    """Validate a preset dict; return it as a ``Preset`` or raise ``PresetError``."""
    problems: list[tuple[str, str]] = []
    if not isinstance(data, Mapping):
        raise PresetError([("preset", Text(N_("phải có name, seats và rounds")))])
    top = _check_fields(data, {"name": (_text(80), None), "name_en": (_text(80), ""),
                               "seats": (_int(1, MAX_SEATS), None)}, "preset", problems)
    for extra in sorted(set(data) - {"name", "name_en", "seats", "rounds"}):
        problems.append((f"preset.{extra}", Text(N_("không phải trường của thể thức"))))
    raw_rounds = data.get("rounds")
    rounds: list[RoundRules] = []
    if not isinstance(raw_rounds, list) or not 1 <= len(raw_rounds) <= MAX_ROUNDS:
        problems.append(("rounds", Text(N_("phải là danh sách 1 đến %(most)d vòng"),
                                         most=MAX_ROUNDS)))
        raw_rounds = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_rounds):
        path = f"rounds[{i}]"
        if not isinstance(raw, Mapping):
            problems.append((path, Text(N_("phải là một mục có các trường của vòng"))))
            continue
        kind, key = raw.get("type"), raw.get("key")
        if kind not in ROUND_TYPES:
            problems.append((f"{path}.type", _one_of(ROUND_TYPES)))
            continue
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            problems.append((f"{path}.key", Text(N_("phải gồm 1-40 ký tự a-z, 0-9 và '-'"))))
        elif key in seen:
            problems.append((f"{path}.key", Text(N_("“%(key)s” đã dùng cho một vòng trước"),
                                                  key=key)))
        seen.add(key if isinstance(key, str) else "")
        fields = {**COMMON_FIELDS, **FIELDS[kind]}
        for extra in sorted(set(raw) - set(fields) - {"type", "key"}):
            problems.append((f"{path}.{extra}", Text(N_("không phải trường của vòng %(kind)s"),
                                                       kind=kind)))
        values = _check_fields(raw, fields, path, problems)
        if not any(p.startswith(path + ".") for p, _ in problems):
            _cross_checks(values, kind, path, problems)
        _seat_checks(kind, values, top["seats"], [r.type for r in rounds], path, problems)
        common = {name: values.pop(name) for name in COMMON_FIELDS}
        rounds.append(RoundRules(str(key), kind, common["title"], common["title_en"],
                                 common["audience"], values))
    if problems:
        raise PresetError(problems)
    return Preset(top["name"], top["name_en"], top["seats"], tuple(rounds))
