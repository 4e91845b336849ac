"""The in-memory question every format maps to and from, its rules, and import errors.

The rules are those of docs/question-schema.md. Error messages go through the catalogue (in the
reader's language; Vietnamese on the command line); field names stay as in the schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from quizapp.engine.schema import (  # the schema's rules: one home, shared with the engine
    ANSWER_MAX,
    AUDIENCES,
    CHOICE_MAX,
    EXPLANATION_MAX,
    ITEM_MAX,
    KIND_KEYS,
    KIND_SPECIFIC_KEYS,
    KINDS,
    MAX_CHOICES,
    MAX_ITEMS,
    MIN_CHOICES,
    MIN_ITEMS,
    REFERENCE_ANSWER_MAX,
    TEXT_MAX,
)

SOURCE_MAX = 300
DEFAULT_DIFFICULTY = 2
ARTICLE_MAX = 120
HISTORY_NOTE_MAX = 500
# What a bank file may say of a question; no `status` means approved (docs/question-schema.md).
FILE_STATUSES = ("approved", "retired")

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{3,}$")
TAG_RE = re.compile(r"^[a-z0-9-]+$")
# Control characters break spreadsheets and XML on export; a newline or tab is fine.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_KIND_KEYS = KIND_KEYS
COMMON_KEYS = (
    "key",
    "kind",
    "text",
    "explanation",
    "difficulty",
    "audience",
    "tags",
    "source",
    "valid_as_of",
    "sources",
    "status",
    "history",
)
_SOURCE_KEYS = ("doc", "article", "history")
_HISTORY_KEYS = ("date", "note")


@dataclass(frozen=True)
class FormatError:
    """One problem in an imported file: where it is (file, line or row, field) and what it is.

    `line` is a 1-based line (text formats), row (spreadsheets) or the line of the XML element;
    None when the whole file is at fault. `message` is a translated sentence without the location;
    `describe()` gives the full sentence for users, `str()` the compiler-style form for logs.
    """

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        line = "" if self.line is None else str(self.line)
        return f"{self.file}:{line}: {self.field}: {self.message}"

    def describe(self) -> str:
        """Return the sentence for editors: "dòng 14, trường 'difficulty': ..."."""
        parts = []
        if self.line is not None:
            parts.append(_("dòng %(line)d", line=self.line))
        if self.field:
            parts.append(_("trường '%(field)s'", field=self.field))
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message

    def at(self, *, file: str | None = None, line: int | None = None) -> FormatError:
        """Return this error with a file name, and `line` if it had no line of its own."""
        return replace(
            self,
            file=self.file if file is None else file,
            line=self.line if self.line is not None else line,
        )


class ImportRejected(Exception):
    """An import refused as a whole; `errors` lists every problem found, each with its location."""

    def __init__(self, errors: list[FormatError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class ExportRejected(Exception):
    """Questions a format cannot carry; `errors` names each question (field `key` or number)."""

    def __init__(self, errors: list[FormatError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool = False


@dataclass(frozen=True)
class SourceRef:
    """A legal document a question relies on: its id in questions/legal/documents.yaml.

    `history` says the question cites the document as history (it says the document was
    replaced or ended), which is the only way a superseded document may be cited.
    """

    doc: str
    article: str = ""
    history: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"doc": self.doc}
        if self.article:
            out["article"] = self.article
        if self.history:
            out["history"] = True
        return out


@dataclass(frozen=True)
class HistoryNote:
    """An editorial event of a shipped question (why it was retired, re-anchored ...)."""

    date: date
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "note": self.note}


@dataclass(frozen=True)
class Question:
    """One question in the native shape; fields a kind does not use stay empty / None.

    Frozen so parsers hand out values, not shared state; the lists inside are not copied, so do
    not mutate them.
    """

    kind: str
    text: str
    key: str | None = None
    choices: list[Choice] = field(default_factory=list)
    answer: bool | None = None
    answers: list[str] = field(default_factory=list)
    accent_insensitive: bool = True
    items: list[str] = field(default_factory=list)
    explanation: str = ""
    difficulty: int = DEFAULT_DIFFICULTY
    audience: list[str] = field(default_factory=lambda: list(AUDIENCES))
    tags: list[str] = field(default_factory=list)
    source: str = ""
    topic: str | None = None
    valid_as_of: date | None = None
    sources: list[SourceRef] = field(default_factory=list)
    status: str | None = None
    history: list[HistoryNote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the native YAML mapping in schema order, without keys the kind does not use.

        `topic` is not part of the mapping: in the native format it is the file's `topic:` block.
        """
        out: dict[str, Any] = {}
        if self.key is not None:
            out["key"] = self.key
        out["kind"] = self.kind
        out["text"] = self.text
        uses = _KIND_KEYS.get(self.kind, set())
        if "choices" in uses:
            out["choices"] = [
                {"text": c.text, "correct": True} if c.correct else {"text": c.text}
                for c in self.choices
            ]
        if "answer" in uses:
            out["answer"] = self.answer
        if "answers" in uses:
            out["answers"] = list(self.answers)
        if "accent_insensitive" in uses:
            out["accent_insensitive"] = self.accent_insensitive
        if "items" in uses:
            out["items"] = list(self.items)
        if self.explanation or self.kind != "poll":
            out["explanation"] = self.explanation
        out["difficulty"] = self.difficulty
        out["audience"] = list(self.audience)
        if self.tags:
            out["tags"] = list(self.tags)
        if self.source:
            out["source"] = self.source
        if self.valid_as_of is not None:
            out["valid_as_of"] = self.valid_as_of
        if self.sources:
            out["sources"] = [ref.to_dict() for ref in self.sources]
        if self.status is not None:
            out["status"] = self.status
        if self.history:
            out["history"] = [note.to_dict() for note in self.history]
        return out

    def to_json_dict(self) -> dict[str, Any]:
        """Return `to_dict()` with dates as ISO text, for JSON columns; `from_dict` reads it."""
        out = self.to_dict()
        if self.valid_as_of is not None:
            out["valid_as_of"] = self.valid_as_of.isoformat()
        if self.history:
            out["history"] = [{"date": n.date.isoformat(), "note": n.note} for n in self.history]
        return out

    @classmethod
    def from_dict(cls, data: Any, *, topic: str | None = None) -> Question:
        """Build a question from a native mapping; raise ImportRejected listing every field error.

        Types are checked (no coercion of `"2"` to 2), unknown keys and keys the kind does not use
        are errors, and the result is validated with `validate_question`. The errors carry the
        field but no file or line: the caller relocates them.
        """
        question, errors = read_question_mapping(data, topic=topic)
        if question is not None:
            errors += validate_question(question)
        if errors:
            raise ImportRejected(errors)
        assert question is not None
        return question


def _error(field_name: str, message: str) -> FormatError:
    return FormatError("", None, field_name, message)


def _invalid(value: Any, allowed) -> str:
    return _(
        "giá trị '%(value)s' không hợp lệ (%(allowed)s)", value=value, allowed=", ".join(allowed)
    )


def _unused(name: str, kind: str) -> FormatError:
    return _error(name, _("loại '%(kind)s' không dùng trường này", kind=kind))


def _too_long(name: str, value: str, limit: int) -> FormatError:
    return _error(name, _("dài %(n)d ký tự, tối đa %(limit)d", n=len(value), limit=limit))


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _str_list(value: Any, name: str, errors: list[FormatError]) -> list[str]:
    if not isinstance(value, list):
        errors.append(_error(name, _("phải là một danh sách")))
        return []
    out = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            errors.append(_error(f"{name}[{i}]", _("phải là chuỗi văn bản")))
        else:
            # A bare number in a YAML list (an answer "2025") is text the author meant.
            out.append(item if isinstance(item, str) else str(item))
    return out


def read_question_mapping(
    data: Any, *, topic: str | None = None
) -> tuple[Question | None, list[FormatError]]:
    """Read a native mapping into a Question (rules not checked); return it and its type errors.

    Returns (None, errors) when the mapping cannot make a question at all (not a mapping, no kind).
    """
    errors: list[FormatError] = []
    if not isinstance(data, dict):
        return None, [_error("", _("mỗi câu hỏi phải là một bảng khoá: giá trị (mapping)"))]
    kind = data.get("kind")
    if kind not in KINDS:
        shown = "" if kind is None else str(kind)
        msg = _("thiếu loại câu hỏi") if kind is None else _invalid(shown, KINDS)
        errors.append(_error("kind", msg))
    uses = _KIND_KEYS.get(kind, set(KIND_SPECIFIC_KEYS))
    for name in data:
        if name in COMMON_KEYS:
            continue
        if name not in KIND_SPECIFIC_KEYS:
            errors.append(_error(str(name), _("trường không có trong định dạng câu hỏi")))
        elif kind in KINDS and name not in uses:
            errors.append(
                _error(
                    str(name), _("loại '%(kind)s' không dùng trường này, hãy bỏ nó đi", kind=kind)
                )
            )

    kwargs: dict[str, Any] = {"kind": kind if kind in KINDS else "single", "topic": topic}
    key = data.get("key")
    if key is not None:
        if _is_str(key):
            kwargs["key"] = key
        else:
            errors.append(_error("key", _("phải là chuỗi văn bản")))
    text = data.get("text")
    if text is None:
        errors.append(_error("text", _("thiếu nội dung câu hỏi")))
        kwargs["text"] = ""
    elif not _is_str(text):
        errors.append(_error("text", _("phải là chuỗi văn bản (đặt trong dấu ngoặc kép)")))
        kwargs["text"] = str(text)
    else:
        kwargs["text"] = text

    if "choices" in data and "choices" in uses:
        raw = data["choices"]
        choices = []
        if not isinstance(raw, list):
            errors.append(_error("choices", _("phải là một danh sách lựa chọn")))
            raw = []
        for i, item in enumerate(raw):
            name = f"choices[{i}]"
            if not isinstance(item, dict):
                errors.append(
                    _error(name, _("mỗi lựa chọn phải có dạng {text: ..., correct: ...}"))
                )
                continue
            for extra in item:
                if extra not in ("text", "correct"):
                    errors.append(_error(f"{name}.{extra}", _("trường không có trong lựa chọn")))
            ctext = item.get("text")
            if isinstance(ctext, (int, float)) and not isinstance(ctext, bool):
                ctext = str(ctext)
            if not _is_str(ctext):
                errors.append(_error(f"{name}.text", _("phải là chuỗi văn bản")))
                ctext = ""
            correct = item.get("correct", False)
            if not isinstance(correct, bool):
                errors.append(_error(f"{name}.correct", _("phải là true hoặc false")))
                correct = False
            choices.append(Choice(ctext, correct))
        kwargs["choices"] = choices
    if "answer" in data and "answer" in uses:
        if isinstance(data["answer"], bool):
            kwargs["answer"] = data["answer"]
        else:
            errors.append(_error("answer", _("phải là true hoặc false")))
    if "answers" in data and "answers" in uses:
        kwargs["answers"] = _str_list(data["answers"], "answers", errors)
    if "accent_insensitive" in data and "accent_insensitive" in uses:
        if isinstance(data["accent_insensitive"], bool):
            kwargs["accent_insensitive"] = data["accent_insensitive"]
        else:
            errors.append(_error("accent_insensitive", _("phải là true hoặc false")))
    if "items" in data and "items" in uses:
        kwargs["items"] = _str_list(data["items"], "items", errors)
    explanation = data.get("explanation", "")
    if explanation is None:
        explanation = ""
    if _is_str(explanation):
        kwargs["explanation"] = explanation
    else:
        errors.append(_error("explanation", _("phải là chuỗi văn bản")))
    if "difficulty" in data:
        difficulty = data["difficulty"]
        if isinstance(difficulty, int) and not isinstance(difficulty, bool):
            kwargs["difficulty"] = difficulty
        else:
            errors.append(_error("difficulty", _invalid(difficulty, ["1–3"])))
    if "audience" in data:
        kwargs["audience"] = _str_list(data["audience"], "audience", errors)
    if "tags" in data:
        kwargs["tags"] = _str_list(data["tags"], "tags", errors)
    source = data.get("source", "")
    if source is None:
        source = ""
    if _is_str(source):
        kwargs["source"] = source
    else:
        errors.append(_error("source", _("phải là chuỗi văn bản")))
    if "valid_as_of" in data:
        kwargs["valid_as_of"] = _read_date(data["valid_as_of"], "valid_as_of", errors)
    if "sources" in data:
        kwargs["sources"] = _read_sources(data["sources"], errors)
    if "status" in data:
        if data["status"] in FILE_STATUSES:
            kwargs["status"] = data["status"]
        else:
            errors.append(_error("status", _invalid(data["status"], FILE_STATUSES)))
    if "history" in data:
        kwargs["history"] = _read_history(data["history"], errors)
    if kind not in KINDS:
        return None, errors
    return Question(**kwargs), errors


def _read_date(value: Any, name: str, errors: list[FormatError]) -> date | None:
    # YAML reads 2026-12-06 as a date; a quoted "2026-12-06" (CSV, JSON) is accepted too.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.append(
        _error(name, _("giá trị '%(value)s' không phải ngày dạng YYYY-MM-DD", value=value))
    )
    return None


def _read_sources(value: Any, errors: list[FormatError]) -> list[SourceRef]:
    if not isinstance(value, list):
        errors.append(_error("sources", _("phải là danh sách văn bản (doc, article, history)")))
        return []
    refs = []
    for i, item in enumerate(value):
        name = f"sources[{i}]"
        if isinstance(item, str):
            item = {"doc": item}
        if not isinstance(item, dict):
            errors.append(_error(name, _("mỗi nguồn phải có dạng {doc: ..., article: ...}")))
            continue
        for extra in item:
            if extra not in _SOURCE_KEYS:
                errors.append(_error(f"{name}.{extra}", _("trường không có trong nguồn")))
        doc, article = item.get("doc"), item.get("article", "")
        history = item.get("history", False)
        if not _is_str(doc):
            errors.append(_error(f"{name}.doc", _("cần mã văn bản (chuỗi)")))
            continue
        if not _is_str(article):
            errors.append(_error(f"{name}.article", _("phải là chuỗi văn bản")))
            article = ""
        if not isinstance(history, bool):
            errors.append(_error(f"{name}.history", _("phải là true hoặc false")))
            history = False
        refs.append(SourceRef(doc, article, history))
    return refs


def _read_history(value: Any, errors: list[FormatError]) -> list[HistoryNote]:
    if not isinstance(value, list):
        errors.append(_error("history", _("phải là danh sách {date: ..., note: ...}")))
        return []
    notes = []
    for i, item in enumerate(value):
        name = f"history[{i}]"
        if not isinstance(item, dict):
            errors.append(_error(name, _("mỗi mục phải có dạng {date: ..., note: ...}")))
            continue
        for extra in item:
            if extra not in _HISTORY_KEYS:
                errors.append(_error(f"{name}.{extra}", _("trường không có trong mục lịch sử")))
        when = _read_date(item.get("date"), f"{name}.date", errors)
        note = item.get("note")
        if not _is_str(note):
            errors.append(_error(f"{name}.note", _("cần ghi chú (chuỗi văn bản)")))
            continue
        if when is not None:
            notes.append(HistoryNote(when, note))
    return notes


def _check_length(value: str, name: str, low: int, high: int, errors: list[FormatError]) -> None:
    size = len(value.strip())
    if size < low:
        errors.append(_error(name, _("không được để trống")))
    elif len(value) > high:
        errors.append(_too_long(name, value, high))
    if _CONTROL_RE.search(value):
        errors.append(_error(name, _("có ký tự điều khiển không in được")))


def validate_question(q: Question, *, require_explanation: bool = True) -> list[FormatError]:
    """Return every rule of docs/question-schema.md that `q` breaks (empty list: valid).

    `require_explanation=False` is for importers of formats that cannot carry an explanation
    (Aiken, Kahoot): such questions arrive as drafts and an editor adds it before review.
    Errors carry the field only; callers add file and line.
    """
    errors: list[FormatError] = []
    if q.kind not in KINDS:
        errors.append(_error("kind", _invalid(q.kind, KINDS)))
        return errors
    if q.key is not None and not KEY_RE.match(q.key):
        errors.append(
            _error(
                "key", _("mã '%(key)s' không đúng dạng <chủ-đề>-NNN (vd. mat-khau-001)", key=q.key)
            )
        )
    if q.topic is not None and not SLUG_RE.match(q.topic):
        errors.append(
            _error("topic", _("mã chủ đề '%(topic)s' chỉ gồm a-z, 0-9 và '-'", topic=q.topic))
        )
    _check_length(q.text, "text", 1, TEXT_MAX, errors)

    uses = _KIND_KEYS[q.kind]
    if "choices" in uses:
        _validate_choices(q, errors)
    elif q.choices:
        errors.append(_error("choices", _("loại '%(kind)s' không dùng lựa chọn", kind=q.kind)))
    if q.kind == "true_false":
        if not isinstance(q.answer, bool):
            errors.append(
                _error("answer", _("câu đúng/sai cần 'answer: true' hoặc 'answer: false'"))
            )
    elif q.answer is not None:
        errors.append(_unused("answer", q.kind))
    if "answers" in uses:
        if not q.answers:
            errors.append(_error("answers", _("cần ít nhất một đáp án")))
        limit = ANSWER_MAX if q.kind == "type_answer" else REFERENCE_ANSWER_MAX
        for i, text in enumerate(q.answers):
            _check_length(text, f"answers[{i}]", 1, limit, errors)
    elif q.answers:
        errors.append(_unused("answers", q.kind))
    if "items" in uses:
        if not MIN_ITEMS <= len(q.items) <= MAX_ITEMS:
            errors.append(
                _error(
                    "items",
                    ngettext(
                        "có %(num)d mục, cần từ %(low)d đến %(high)d",
                        "có %(num)d mục, cần từ %(low)d đến %(high)d",
                        len(q.items),
                        low=MIN_ITEMS,
                        high=MAX_ITEMS,
                    ),
                )
            )
        for i, text in enumerate(q.items):
            _check_length(text, f"items[{i}]", 1, ITEM_MAX, errors)
        _no_duplicates(q.items, "items", errors)
    elif q.items:
        errors.append(_unused("items", q.kind))

    if q.kind != "poll" and require_explanation and not q.explanation.strip():
        errors.append(_error("explanation", _("cần lời giải thích (1–3 câu) cho người chơi")))
    if len(q.explanation) > EXPLANATION_MAX:
        errors.append(_too_long("explanation", q.explanation, EXPLANATION_MAX))
    for name in ("explanation", "source"):
        if _CONTROL_RE.search(getattr(q, name)):
            errors.append(_error(name, _("có ký tự điều khiển không in được")))
    if isinstance(q.difficulty, bool) or q.difficulty not in (1, 2, 3):
        errors.append(_error("difficulty", _invalid(q.difficulty, ["1–3"])))
    if not q.audience:
        errors.append(
            _error(
                "audience",
                _("cần ít nhất một đối tượng (%(allowed)s)", allowed=", ".join(AUDIENCES)),
            )
        )
    for i, name in enumerate(q.audience):
        if name not in AUDIENCES:
            errors.append(_error(f"audience[{i}]", _invalid(name, AUDIENCES)))
    _no_duplicates(q.audience, "audience", errors)
    for i, tag in enumerate(q.tags):
        if not TAG_RE.match(tag):
            errors.append(
                _error(f"tags[{i}]", _("thẻ '%(tag)s' chỉ gồm chữ thường a-z, 0-9 và '-'", tag=tag))
            )
    _no_duplicates(q.tags, "tags", errors)
    if len(q.source) > SOURCE_MAX:
        errors.append(_too_long("source", q.source, SOURCE_MAX))
    for i, ref in enumerate(q.sources):
        if not SLUG_RE.match(ref.doc):
            errors.append(
                _error(
                    f"sources[{i}].doc",
                    _("mã văn bản '%(doc)s' chỉ gồm a-z, 0-9 và '-'", doc=ref.doc),
                )
            )
        if len(ref.article) > ARTICLE_MAX:
            errors.append(_too_long(f"sources[{i}].article", ref.article, ARTICLE_MAX))
        if _CONTROL_RE.search(ref.article):
            errors.append(_error(f"sources[{i}].article", _("có ký tự điều khiển không in được")))
    _no_duplicates([ref.doc for ref in q.sources], "sources", errors)
    if q.status is not None and q.status not in FILE_STATUSES:
        errors.append(_error("status", _invalid(q.status, FILE_STATUSES)))
    for i, note in enumerate(q.history):
        _check_length(note.note, f"history[{i}].note", 1, HISTORY_NOTE_MAX, errors)
    if q.status == "retired" and not q.history:
        errors.append(_error("history", _("câu bị loại (retired) cần ghi lý do trong 'history'")))
    return errors


def _validate_choices(q: Question, errors: list[FormatError]) -> None:
    count = len(q.choices)
    if not MIN_CHOICES <= count <= MAX_CHOICES:
        errors.append(
            _error(
                "choices",
                ngettext(
                    "có %(num)d lựa chọn, cần từ %(low)d đến %(high)d",
                    "có %(num)d lựa chọn, cần từ %(low)d đến %(high)d",
                    count,
                    low=MIN_CHOICES,
                    high=MAX_CHOICES,
                ),
            )
        )
    for i, choice in enumerate(q.choices):
        _check_length(choice.text, f"choices[{i}].text", 1, CHOICE_MAX, errors)
    _no_duplicates([c.text for c in q.choices], "choices", errors)
    correct = sum(1 for c in q.choices if c.correct)
    if q.kind == "single" and correct != 1:
        errors.append(
            _error("choices", _("câu một đáp án cần đúng 1 lựa chọn đúng, có %(n)d", n=correct))
        )
    elif q.kind == "multiple" and correct < 1:
        errors.append(_error("choices", _("câu nhiều đáp án cần ít nhất 1 lựa chọn đúng")))
    elif q.kind == "poll" and correct:
        errors.append(_error("choices", _("câu thăm dò (poll) không có lựa chọn đúng")))


def _no_duplicates(values: list[str], name: str, errors: list[FormatError]) -> None:
    seen: set[str] = set()
    for value in values:
        folded = value.strip().casefold()
        if folded in seen:
            errors.append(_error(name, _("'%(value)s' bị lặp lại", value=value)))
        seen.add(folded)
