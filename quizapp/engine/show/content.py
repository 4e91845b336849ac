"""What a show plays: the questions of each round, checked against the preset's rounds.

The gameshow package resolves bank keys into native question dicts (plus ``id`` and ``key``);
``build_content(preset, raw)`` checks the shape each round type needs and returns the rounds'
questions as ``ShowQuestion``s.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.engine.matching import answer_matches
from quizapp.engine.questions import TRUE_FALSE_CHOICES
from quizapp.engine.show.preset import Preset, PresetError, RoundRules
from quizapp.engine.show.rundown import RUNDOWN, build_rundown
from quizapp.engine.texts import N_, Text

SHOW_KINDS = ("type_answer", "single", "true_false")
ORDERING = ("ordering",)  # fastest finger first: items to put in order


class ContentError(PresetError):
    """A show's content does not fit its preset; ``problems`` lists every field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.code = "invalid_content"


@dataclass(frozen=True)
class ShowQuestion:
    """A question as the show uses it: read aloud, answered orally, typed or by choice."""

    id: int
    key: str
    kind: str
    text: str
    answers: tuple[str, ...]  # type_answer: accepted variants, the first is the reference
    choices: tuple[str, ...]  # single and true_false; ordering: the items in the right order
    correct: int | None  # index of the correct choice (None for ordering)
    explanation: str
    media: str | None
    accent_insensitive: bool

    @property
    def reference(self) -> str:
        """The answer the judge and MC see, and the screen shows at the reveal."""
        if self.kind == "type_answer":
            return self.answers[0]
        if self.kind == "ordering":
            return " → ".join(self.choices)
        assert self.correct is not None
        return self.choices[self.correct]

    @property
    def letters(self) -> int:
        """How many letters and digits the reference answer has (an obstacle row's clue)."""
        return sum(1 for ch in self.reference if unicodedata.category(ch)[0] in "LN")

    def matches(self, text: str) -> bool:
        """Whether a typed answer is right (type_answer: any variant; choices: the text)."""
        accepted = self.answers if self.kind == "type_answer" else (self.reference,)
        return answer_matches(text, accepted, self.accent_insensitive)


def _question(raw: Any, path: str, problems: list[tuple[str, str]],
              kinds: tuple[str, ...] = SHOW_KINDS) -> ShowQuestion | None:
    if not isinstance(raw, Mapping):
        problems.append((path, Text(N_("phải là mã câu hỏi"))))
        return None
    label = f"{path} ({raw.get('key', raw.get('id'))})"
    kind = raw.get("kind")
    if kind not in kinds:
        problems.append((label, Text(N_("là câu hỏi loại %(kind)s; vòng này dùng %(allowed)s"),
                                    kind=kind, allowed=", ".join(kinds))))
        return None
    qid, text = raw.get("id"), raw.get("text")
    if not isinstance(qid, int) or isinstance(qid, bool) or not isinstance(text, str) or not text:
        problems.append((label, Text(N_("thiếu mã số hoặc nội dung"))))
        return None
    answers: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    correct = None
    if kind == "type_answer":
        answers = tuple(a for a in raw.get("answers") or () if isinstance(a, str) and a.strip())
        if not answers:
            problems.append((label, Text(N_("chưa có đáp án"))))
            return None
    elif kind == "true_false":
        choices, correct = TRUE_FALSE_CHOICES, 0 if raw.get("answer") is True else 1
    elif kind == "ordering":
        items = raw.get("items")
        if (not isinstance(items, list) or not 3 <= len(items) <= 6
                or any(not isinstance(i, str) or not i.strip() for i in items)):
            problems.append((label, Text(N_("cần 3 đến 6 mục để sắp xếp"))))
            return None
        choices = tuple(items)
    else:
        items = raw.get("choices") or []
        choices = tuple(str(c.get("text", "")) for c in items if isinstance(c, Mapping))
        right = [i for i, c in enumerate(items) if isinstance(c, Mapping) and c.get("correct")]
        if len(choices) < 2 or len(right) != 1:
            problems.append((label, Text(N_("cần ít nhất 2 phương án và đúng một phương án đúng"))))
            return None
        correct = right[0]
    return ShowQuestion(qid, str(raw.get("key", qid)), kind, text, answers, choices, correct,
                        str(raw.get("explanation") or ""), raw.get("media") or None,
                        raw.get("accent_insensitive", True) is not False)


def _question_list(raw: Any, path: str, minimum: int, problems: list[tuple[str, str]],
                   kinds: tuple[str, ...] = SHOW_KINDS) -> list[ShowQuestion]:
    if not isinstance(raw, list) or len(raw) < minimum:
        problems.append((path, Text(N_("cần ít nhất %(fewest)d câu hỏi"), fewest=minimum)))
        return []
    built = [_question(q, f"{path}[{i}]", problems, kinds) for i, q in enumerate(raw)]
    return [q for q in built if q is not None]


def _round_content(rules: RoundRules, raw: Any, seats: int, path: str,
                   problems: list[tuple[str, str]]) -> Any:
    typed = ("type_answer",)
    if rules.type == "individual":
        if not isinstance(raw, Mapping):
            problems.append((path, Text(N_("cần danh sách câu hỏi cho từng vị trí 1-%(seats)d"),
                                       seats=seats)))
            return {}
        by_seat = {str(k): v for k, v in raw.items()}
        return {str(seat): _question_list(by_seat.get(str(seat)), f"{path}.{seat}",
                                          rules["questions_per_seat"], problems)
                for seat in range(1, seats + 1)}
    if rules.type == "buzzer":
        return _buzzer_content(rules, raw, path, problems)
    if rules.type == "fastest_finger":
        return _question_list(raw, path, 1, problems, ORDERING)
    if rules.type == "ranked":
        return _question_list(raw, path, rules["questions"], problems, typed)
    if rules.type == "ladder":
        return _question_list(raw, path, len(rules["steps"]), problems, ("single",))
    if rules.type == "obstacle":
        if not isinstance(raw, Mapping):
            problems.append((path, Text(N_("cần rows, keyword và picture"))))
            return {}
        rows = _question_list(raw.get("rows"), f"{path}.rows", rules["rows"], problems, typed)
        keyword = _question(raw.get("keyword"), f"{path}.keyword", problems, typed)
        picture = raw.get("picture")
        if picture is not None and (not isinstance(picture, str) or len(picture) > 300):
            problems.append((f"{path}.picture", Text(N_("phải là đường dẫn ảnh"))))
        for extra in sorted(set(map(str, raw)) - {"rows", "keyword", "picture", "centre"}):
            problems.append((f"{path}.{extra}", Text(N_(
                "không phải trường của vòng chướng ngại vật (rows, keyword, picture, centre)"))))
        built = {"rows": rows[: rules["rows"]], "keyword": keyword, "picture": picture}
        if raw.get("centre") is not None:  # optional: the centre tile's question (ô trung tâm)
            built["centre"] = _question(raw["centre"], f"{path}.centre", problems, typed)
        return built
    # finish: a pool of questions per value, drawn in order as the packs are chosen; a pack
    # that would empty a pool is refused when it is chosen (pool_empty)
    if not isinstance(raw, Mapping):
        problems.append((path, Text(N_("cần danh sách câu hỏi cho từng mức điểm"))))
        return {}
    pools = {str(k): v for k, v in raw.items()}
    return {str(value): _question_list(pools.get(str(value)), f"{path}.{value}",
                                       rules["pack_size"], problems, typed)
            for value in rules["values"]}


def _buzzer_content(rules: RoundRules, raw: Any, path: str,
                    problems: list[tuple[str, str]]) -> Any:
    """Toss-ups as a list; with bonuses, ``{tossups: [...], bonuses: [...]}``.

    Bonus parts are drawn in order, ``bonus_parts`` for each right toss-up, so the pool holds
    one bonus for every toss-up.
    """
    tossups = 1 if rules["only_if_tied"] else rules["questions"]
    parts = rules["bonus_parts"]
    if not parts:
        return _question_list(raw, path, tossups, problems)
    if not isinstance(raw, Mapping):
        problems.append((path, Text(N_("vòng có câu thưởng cần tossups và bonuses"))))
        return {}
    return {"tossups": _question_list(raw.get("tossups"), f"{path}.tossups", tossups, problems),
            "bonuses": _question_list(raw.get("bonuses"), f"{path}.bonuses", tossups * parts,
                                      problems)}


RESERVES = "_reserves"  # {round key: [question]}: stand-ins for a voided question
MAX_RESERVES = 20
RESERVE_KINDS = {"individual": SHOW_KINDS, "buzzer": SHOW_KINDS, "ranked": ("type_answer",),
                 "finish": ("type_answer",), "ladder": ("single",),
                 "fastest_finger": ORDERING}


def _reserves(preset: Preset, raw: Any, problems: list[tuple[str, str]]) -> dict[str, Any]:
    """Reserve questions per round (an obstacle's rows and keyword are one puzzle: none)."""
    if not isinstance(raw, Mapping):
        problems.append(("reserves", Text(N_("cần danh sách câu dự phòng theo mã vòng"))))
        return {}
    out: dict[str, Any] = {}
    for key, questions in raw.items():
        path = f"reserves.{key}"
        rules = preset.round(str(key))
        if rules is None:
            problems.append((path, Text(N_("không phải vòng của thể thức này"))))
        elif rules.type not in RESERVE_KINDS:
            problems.append((path, Text(N_("vòng chướng ngại vật không dùng câu dự phòng"))))
        elif isinstance(questions, list) and len(questions) > MAX_RESERVES:
            problems.append((path, Text(N_("tối đa %(most)d câu dự phòng mỗi vòng"),
                                       most=MAX_RESERVES)))
        else:
            out[rules.key] = _question_list(questions, path, 1, problems,
                                            RESERVE_KINDS[rules.type])
    return out


def build_content(preset: Preset, raw: Any) -> dict[str, Any]:
    """Check a show's content against its preset; return {round key: questions}.

    ``raw[RESERVES]`` may name reserve questions per round (``content[RESERVES]``).
    """
    problems: list[tuple[str, str]] = []
    if not isinstance(raw, Mapping):
        raise ContentError([("rounds", Text(N_("cần câu hỏi cho từng vòng, theo mã vòng")))])
    raw = dict(raw)
    reserves = raw.pop(RESERVES, None)
    build_rundown(preset, raw.pop(RUNDOWN, None), problems)  # kept by the show (rundown.py)
    for extra in sorted(set(raw) - {r.key for r in preset.rounds}):
        problems.append((f"rounds.{extra}", Text(N_("không phải vòng của thể thức này"))))
    content = {}
    for rules in preset.rounds:
        path = f"rounds.{rules.key}"
        if rules.key not in raw:
            problems.append((path, Text(N_("còn thiếu"))))
            continue
        content[rules.key] = _round_content(rules, raw[rules.key], preset.seats, path, problems)
    if reserves is not None:
        content[RESERVES] = _reserves(preset, reserves, problems)
    ids = [q.id for q in iter_questions(content)]
    if len(set(ids)) != len(ids):
        problems.append(("rounds", Text(N_("một câu hỏi được dùng hai lần trong chương trình"))))
    if problems:
        raise ContentError(problems)
    return content


def iter_questions(content: Mapping[str, Any]):
    """Yield every question of the content once, round by round."""
    for value in content.values():
        if isinstance(value, list):
            yield from value
        elif isinstance(value, Mapping):
            for item in value.values():
                if isinstance(item, list):
                    yield from item
                elif isinstance(item, ShowQuestion):
                    yield item
