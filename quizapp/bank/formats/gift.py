"""Read and write Moodle's GIFT text format.

Supported: multiple choice (`{=right ~wrong}`), several right answers (`{~%50%a ~%50%b ~%-100%c}`),
true/false (`{T}`, `{FALSE}`), short answer (`{=a =b}`), essay (`{}` -> open), missing-word
questions (text after the block; the gap becomes "_____"), titles `::t::`, `//` comment lines,
per-answer feedback `#...` (dropped), general feedback `####...` (-> explanation), `$CATEGORY:`
and the escapes \\~ \\= \\# \\{ \\} \\: \\\\ and \\n.
What GIFT has no syntax for travels in one documented comment line before the question:
`// quizapp: {"difficulty": 2, "audience": [...], "tags": [...], ...}` (JSON). Moodle ignores it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask_babel import gettext as _

from quizapp.bank.formats import guards
from quizapp.bank.formats.question import (
    KEY_RE,
    SLUG_RE,
    ExportRejected,
    FormatError,
    ImportRejected,
    Question,
    read_question_mapping,
    validate_question,
)

NAME = "gift"
EXTENSIONS = (".gift", ".txt")
MEDIA_TYPE = "text/plain"

META_PREFIX = "// quizapp:"
META_KEYS = (
    "key",
    "topic",
    "difficulty",
    "audience",
    "tags",
    "source",
    "accent_insensitive",
    "answers",
)
GAP = "_____"
_SPECIAL = "~=#{}:\\"
_FORMAT_PREFIX = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = re.compile(r"^(TRUE|FALSE|T|F)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)


class _Record:
    def __init__(
        self, line: int, lines: list[str], meta: tuple[int, str] | None, category: str | None
    ):
        self.line = line
        self.text = "\n".join(lines)
        self.meta = meta
        self.category = category


def parse(data: bytes, filename: str) -> list[Question]:
    """Return the questions of a GIFT file; raise ImportRejected with every error and its line."""
    text = guards.decode_text(data, filename)
    records = _split_records(text)
    guards.check_count(len(records), filename)
    errors: list[FormatError] = []
    questions: list[Question] = []
    for record in records:
        found: list[FormatError] = []
        question = _read_record(record, found)
        errors += [e.at(file=filename, line=e.line or record.line) for e in found]
        if question is not None and not found:
            questions.append(question)
    if errors:
        raise ImportRejected(errors)
    guards.check_not_empty(len(questions), filename)
    return questions


def write(questions: list[Question]) -> bytes:
    """Return a GIFT file; raise ExportRejected for ordering and poll questions (no GIFT syntax)
    and for answers containing "->"."""
    problems = []
    for number, q in enumerate(questions, 1):
        where = q.key or _("câu %(n)d", n=number)
        if q.kind in ("ordering", "poll"):
            problems.append(
                FormatError("", number, where, _("GIFT không có dạng câu '%(kind)s'", kind=q.kind))
            )
        if any("->" in c.text for c in q.choices) or any("->" in a for a in q.answers):
            # GIFT has no escape for "->": Moodle would read the question as matching.
            problems.append(FormatError("", number, where, _("GIFT đọc '->' là câu ghép cặp")))
    if problems:
        raise ExportRejected(problems)
    return "\n".join(_write_question(q) for q in questions).encode("utf-8")


def escape(text: str) -> str:
    """Escape GIFT's special characters and newlines."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return out.replace("\n", "\\n")


def unescape(text: str) -> str:
    """Undo GIFT escapes; a backslash before any other character stays as it is."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _SPECIAL:
                out.append(nxt)
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _write_question(q: Question) -> str:
    meta: dict[str, Any] = {"difficulty": q.difficulty, "audience": q.audience}
    if q.tags:
        meta["tags"] = q.tags
    if q.source:
        meta["source"] = q.source
    if q.topic:
        meta["topic"] = q.topic
    if q.kind == "type_answer" and not q.accent_insensitive:
        meta["accent_insensitive"] = False
    if q.kind == "open":
        meta["answers"] = q.answers
    lines = [f"{META_PREFIX} {json.dumps(meta, ensure_ascii=False)}"]
    # Always a title: Moodle names the question by it, and a text starting with "//" or
    # "$CATEGORY:" would otherwise read as a comment or a category line.
    name = q.key or q.text[:40]
    if not q.key and KEY_RE.match(name):
        name = f"({name})"  # a key-shaped title would come back as a key
    title = f"::{escape(name)}:: "
    if q.kind == "single":
        body = " ".join(("=" if c.correct else "~") + escape(c.text) for c in q.choices)
    elif q.kind == "multiple":
        share = _fraction(100 / sum(1 for c in q.choices if c.correct))
        body = " ".join(f"~%{share if c.correct else '-100'}%" + escape(c.text) for c in q.choices)
    elif q.kind == "true_false":
        body = "TRUE" if q.answer else "FALSE"
    elif q.kind == "type_answer":
        body = " ".join("=" + escape(a) for a in q.answers)
    else:  # open: an essay; its reference answers are in the comment line
        body = ""
    if q.explanation:
        body = f"{body} ####{escape(q.explanation)}".strip()
    lines.append(f"{title}{escape(q.text)} {{{body}}}")
    return "\n".join(lines) + "\n"


def _fraction(value: float) -> str:
    # Moodle accepts weights from a fixed list written with five decimals (33.33333).
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _split_records(text: str) -> list[_Record]:
    records: list[_Record] = []
    current: list[str] = []
    start = 0
    meta: tuple[int, str] | None = None
    category: str | None = None

    def flush() -> None:
        nonlocal current, meta
        if current:
            records.append(_Record(start, current, meta, category))
            meta = None
        current = []

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith(META_PREFIX):
            meta = (number, stripped[len(META_PREFIX) :])
        elif stripped.startswith("//"):
            continue
        elif stripped.startswith("$CATEGORY:") and not current:
            category = stripped[len("$CATEGORY:") :].strip()
        else:
            if not current:
                start = number
            current.append(line)
    flush()
    return records


def _find(text: str, target: str, start: int = 0) -> int:
    """Return the index of the first unescaped `target` at or after `start`, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def _split_unescaped(text: str, markers: str) -> list[tuple[str, str]]:
    """Split an answer block into (marker, body) at each unescaped marker character."""
    parts: list[tuple[str, str]] = []
    i = 0
    begin = -1
    marker = ""
    leading = ""
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in markers:
            if begin >= 0:
                parts.append((marker, text[begin:i]))
            else:
                leading = text[:i]
            marker, begin = text[i], i + 1
        i += 1
    if begin >= 0:
        parts.append((marker, text[begin:]))
    else:
        leading = text
    if leading.strip():
        parts.insert(0, ("", leading))
    return parts


def _read_record(record: _Record, errors: list[FormatError]) -> Question | None:
    source = record.text

    def line_at(index: int) -> int:
        return record.line + source.count("\n", 0, max(index, 0))

    def fail(index: int, field: str, message: str) -> None:
        errors.append(FormatError("", line_at(index), field, message))

    key = None
    body_start = 0
    if source.lstrip().startswith("::"):
        opening = source.index("::")
        closing = _find(source, "::", opening + 2)
        if closing < 0:
            fail(opening, "title", _("tiêu đề '::' chưa được đóng bằng '::'"))
            return None
        title = unescape(source[opening + 2 : closing]).strip()
        key = title if KEY_RE.match(title) else None
        body_start = closing + 2
    open_at = _find(source, "{", body_start)
    if open_at < 0:
        fail(body_start, "answers", _("thiếu khối đáp án {...} (câu mô tả không được hỗ trợ)"))
        return None
    close_at = _find(source, "}", open_at + 1)
    if close_at < 0:
        fail(open_at, "answers", _("khối đáp án '{' chưa được đóng bằng '}'"))
        return None
    after = source[close_at + 1 :]
    if _find(after, "{") >= 0:
        fail(close_at, "answers", _("chỉ hỗ trợ một khối đáp án {...} trong mỗi câu hỏi"))
        return None
    text = unescape(_FORMAT_PREFIX.sub("", source[body_start:open_at])).strip()
    if after.strip():
        text = f"{text} {GAP} {unescape(after).strip()}"
    block = source[open_at + 1 : close_at]
    mapping: dict[str, Any] = {"text": text}
    if key:
        mapping["key"] = key
    feedback_at = _find(block, "####")
    if feedback_at >= 0:
        mapping["explanation"] = unescape(block[feedback_at + 4 :]).strip()
        block = block[:feedback_at]
    if not _read_block(block, mapping, lambda f, m: fail(open_at, f, m)):
        return None
    topic = _category_slug(record.category)
    if record.meta is not None:
        meta_line, meta_text = record.meta
        topic = _apply_meta(meta_text, mapping, topic, meta_line, errors)
    question, found = read_question_mapping(mapping, topic=topic)
    if question is not None:
        found += validate_question(question, require_explanation=False)
    for error in found:
        errors.append(error.at(line=line_at(open_at if error.field != "text" else body_start)))
    return question


def _read_block(block: str, mapping: dict[str, Any], fail) -> bool:
    stripped = block.strip()
    if not stripped:
        mapping["kind"] = "open"
        return True
    true_false = _TRUE_FALSE.match(stripped)
    if true_false:
        mapping["kind"] = "true_false"
        mapping["answer"] = true_false.group(1).upper().startswith("T")
        return True
    if stripped.startswith("#"):
        fail("answers", _("câu dạng số (numerical) không được hỗ trợ"))
        return False
    parts = _split_unescaped(stripped, "=~")
    if parts and parts[0][0] == "":
        fail("answers", _("khối đáp án phải bắt đầu bằng '=' hoặc '~'"))
        return False
    answers: list[tuple[str, float | None, str]] = []
    for marker, body in parts:
        if _find(body, "->") >= 0:
            fail("answers", _("câu ghép cặp (matching) không được hỗ trợ"))
            return False
        body = body.strip()
        weight = None
        match = _WEIGHT.match(body)
        if match:
            weight = float(match.group(1))
            body = body[match.end() :]
        feedback_at = _find(body, "#")
        if feedback_at >= 0:
            body = body[:feedback_at]  # per-answer feedback has no place in our schema
        answers.append((marker, weight, unescape(body).strip()))
    if all(marker == "=" for marker, _, _ in answers):
        mapping["kind"] = "type_answer"
        mapping["answers"] = [text for _, weight, text in answers if weight is None or weight > 0]
        return True

    def is_correct(marker: str, weight: float | None) -> bool:
        return weight > 0 if weight is not None else marker == "="

    weighted = any(m == "~" and w is not None and w > 0 for m, w, _ in answers)
    correct = sum(1 for m, w, _ in answers if is_correct(m, w))
    mapping["kind"] = "multiple" if weighted or correct > 1 else "single"
    mapping["choices"] = [{"text": t, "correct": is_correct(m, w)} for m, w, t in answers]
    return True


def _category_slug(category: str | None) -> str | None:
    if not category:
        return None
    last = category.rstrip("/").rsplit("/", 1)[-1].strip()
    if last == "top" or last.startswith("$"):
        return None  # Moodle's root category, not a topic
    return last if SLUG_RE.match(last) else None


def _apply_meta(
    meta_text: str, mapping: dict[str, Any], topic: str | None, line: int, errors: list
) -> str | None:
    try:
        meta = json.loads(meta_text)
    except json.JSONDecodeError as exc:
        errors.append(
            FormatError(
                "",
                line,
                "quizapp",
                _("chú thích quizapp không phải JSON: %(problem)s", problem=exc.msg),
            )
        )
        return topic
    if not isinstance(meta, dict):
        errors.append(
            FormatError(
                "", line, "quizapp", _("chú thích quizapp phải là một đối tượng JSON {...}")
            )
        )
        return topic
    for name, value in meta.items():
        if name not in META_KEYS:
            errors.append(FormatError("", line, name, _("khoá không có trong chú thích quizapp")))
        elif name == "topic":
            if isinstance(value, str) and SLUG_RE.match(value):
                topic = value
            else:
                errors.append(
                    FormatError(
                        "", line, "topic", _("mã chủ đề '%(topic)s' không hợp lệ", topic=value)
                    )
                )
        elif name == "answers" and mapping.get("kind") != "open":
            errors.append(FormatError("", line, "answers", _("chỉ dùng cho câu tự luận {}")))
        elif name == "accent_insensitive" and mapping.get("kind") != "type_answer":
            errors.append(FormatError("", line, name, _("chỉ dùng cho câu trả lời ngắn")))
        else:
            mapping[name] = value
    return topic
