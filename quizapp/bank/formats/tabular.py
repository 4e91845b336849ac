"""Map our own spreadsheet layout (one header row, one question a row) to and from Question.

Shared by csv_format and xlsx_format so both carry exactly the same columns. Headers are
"Vietnamese / english"; a file may use either half alone, in any order, and may leave out
optional columns. Choice columns hold the choices (single, multiple, poll) or the items in their
correct order (ordering). The "correct" column holds the numbers of the right choices ("1,3"),
"đúng"/"sai" (true_false), or the accepted answers separated by "|" (type_answer, open).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from quizapp.bank.formats.layout import (
    AUDIENCE_ALIASES,
    CHOICE_COLUMNS,
    COLUMNS,
    FALSE_WORDS,
    TRUE_FALSE_WRITTEN,
    TRUE_WORDS,
    YES_NO_WRITTEN,
)
from quizapp.bank.formats.question import (
    KINDS,
    ExportRejected,
    FormatError,
    Question,
    read_question_mapping,
    validate_question,
)
from quizapp.engine.schema import LISTED_CHOICE_KINDS

ANSWER_SEPARATOR = "|"
COLUMN_NAMES = [name for name, _ in COLUMNS]
HEADERS = [f"{vietnamese} / {name}" for name, vietnamese in COLUMNS]
REQUIRED = ("kind", "text")

_LETTERS = "abcdef"
_SPLIT = re.compile(r"[,;]")


def _label_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for (name, vietnamese), header in zip(COLUMNS, HEADERS, strict=True):
        for form in (name, vietnamese, header, name.replace("_", " ")):
            forms[_fold(form)] = name
    return forms


def _fold(label: str) -> str:
    return " ".join(label.replace("\n", " ").split()).casefold()


_FORMS = _label_forms()


def cell_text(value: Any) -> str:
    """Return a spreadsheet cell as text: 2.0 -> "2", True -> "true", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_header(cells: list[Any], filename: str, line: int) -> tuple[dict[int, str], list]:
    """Return {column index: column name} for a header row, and its errors."""
    errors: list[FormatError] = []
    columns: dict[int, str] = {}
    for index, cell in enumerate(cells):
        label = cell_text(cell).strip()
        if not label:
            continue
        name = _FORMS.get(_fold(label))
        if name is None:
            errors.append(
                FormatError(filename, line, label, _("cột không rõ; xem tệp mẫu để biết tên cột"))
            )
        elif name in columns.values():
            errors.append(FormatError(filename, line, name, _("cột bị lặp lại")))
        else:
            columns[index] = name
    for name in REQUIRED:
        if name not in columns.values():
            errors.append(FormatError(filename, line, name, _("thiếu cột bắt buộc")))
    return columns, errors


def row_to_question(row: dict[str, str]) -> tuple[Question | None, list[FormatError]]:
    """Return the question of one row (column name -> text) and its errors (field set, no line)."""
    errors: list[FormatError] = []
    kind = row.get("kind", "").strip().lower()
    values = [row.get(f"choice_{i}", "").strip() for i in range(1, CHOICE_COLUMNS + 1)]
    filled = [v for v in values if v]
    if any(values[len(filled) :]) or (filled and not values[0]):
        errors.append(
            FormatError("", None, "choice_1", _("các lựa chọn phải điền liền nhau từ cột 1"))
        )
    mapping: dict[str, Any] = {"kind": kind or None, "text": row.get("text", "").strip()}
    if row.get("key", "").strip():
        mapping["key"] = row["key"].strip()
    correct = row.get("correct", "").strip()
    if kind in LISTED_CHOICE_KINDS:
        marks = _correct_numbers(correct, len(filled), errors)
        mapping["choices"] = [
            {"text": text, "correct": i + 1 in marks} for i, text in enumerate(filled)
        ]
    elif correct and kind in ("ordering",):
        errors.append(
            FormatError("", None, "correct", _("loại '%(kind)s' không dùng cột này", kind=kind))
        )
    if kind == "true_false":
        answer = _boolean(correct, "correct", errors)
        if answer is not None:
            mapping["answer"] = answer
        if filled:
            errors.append(FormatError("", None, "choice_1", _("câu đúng/sai không dùng lựa chọn")))
    elif kind in ("type_answer", "open"):
        mapping["answers"] = [
            part.strip() for part in correct.split(ANSWER_SEPARATOR) if part.strip()
        ]
        if filled:
            errors.append(
                FormatError(
                    "", None, "choice_1", _("đáp án của loại này ghi ở cột 'Đáp án đúng / correct'")
                )
            )
    elif kind == "ordering":
        mapping["items"] = filled
    accent = row.get("accent_insensitive", "").strip()
    if kind == "type_answer":
        flag = _boolean(accent, "accent_insensitive", errors) if accent else True
        if flag is not None:
            mapping["accent_insensitive"] = flag
    elif accent:
        errors.append(FormatError("", None, "accent_insensitive", _("chỉ dùng cho type_answer")))
    mapping["explanation"] = row.get("explanation", "").strip()
    difficulty = row.get("difficulty", "").strip()
    if difficulty:
        if difficulty in ("1", "2", "3"):
            mapping["difficulty"] = int(difficulty)
        else:
            errors.append(FormatError("", None, "difficulty", _invalid(difficulty, "1–3")))
    audience = _split(row.get("audience", ""))
    if audience:
        mapping["audience"] = [AUDIENCE_ALIASES.get(a.casefold(), a) for a in audience]
    tags = _split(row.get("tags", ""))
    if tags:
        mapping["tags"] = tags
    if row.get("source", "").strip():
        mapping["source"] = row["source"].strip()
    topic = row.get("topic", "").strip() or None
    if kind not in KINDS:
        errors.append(FormatError("", None, "kind", _invalid(kind, ", ".join(KINDS))))
        return None, errors
    question, found = read_question_mapping(mapping, topic=topic)
    errors += found
    if question is not None:
        found = validate_question(question)
        if any(e.field == "correct" for e in errors):
            # A bad "correct" cell already explains why the choices lack a right answer.
            found = [e for e in found if e.field != "choices"]
        errors += found
    return question, errors


def question_to_row(question: Question, number: int) -> dict[str, str]:
    """Return the row of one question; raise ExportRejected if it has more than 6 values."""
    values: list[str]
    correct = ""
    if question.kind in LISTED_CHOICE_KINDS:
        values = [c.text for c in question.choices]
        correct = ",".join(str(i + 1) for i, c in enumerate(question.choices) if c.correct)
    elif question.kind == "ordering":
        values = list(question.items)
    elif question.kind in ("type_answer", "open"):
        values = []
        if any(ANSWER_SEPARATOR in answer for answer in question.answers):
            raise ExportRejected(
                [
                    FormatError(
                        "",
                        number,
                        question.key or _("câu %(n)d", n=number),
                        _(
                            "đáp án chứa '%(separator)s', ký tự dùng để ngăn cách các đáp án",
                            separator=ANSWER_SEPARATOR,
                        ),
                    )
                ]
            )
        correct = f" {ANSWER_SEPARATOR} ".join(question.answers)
    else:
        values = []
        correct = TRUE_FALSE_WRITTEN[0 if question.answer else 1]
    if len(values) > CHOICE_COLUMNS:
        raise ExportRejected(
            [
                FormatError(
                    "",
                    number,
                    question.key or _("câu %(n)d", n=number),
                    _(
                        "có %(n)d giá trị, bảng tính chỉ có %(columns)d cột lựa chọn",
                        n=len(values),
                        columns=CHOICE_COLUMNS,
                    ),
                )
            ]
        )
    row = {
        "key": question.key or "",
        "kind": question.kind,
        "text": question.text,
        "correct": correct,
        "accent_insensitive": (
            YES_NO_WRITTEN[0 if question.accent_insensitive else 1]
            if question.kind == "type_answer"
            else ""
        ),
        "explanation": question.explanation,
        "difficulty": str(question.difficulty),
        "audience": ", ".join(question.audience),
        "tags": ", ".join(question.tags),
        "source": question.source,
        "topic": question.topic or "",
    }
    for i in range(CHOICE_COLUMNS):
        row[f"choice_{i + 1}"] = values[i] if i < len(values) else ""
    return row


def _invalid(value: str, allowed: str) -> str:
    """The error of a cell outside its allowed values (an empty cell is shown as such)."""
    shown = value or _("(trống)")
    return _("giá trị '%(value)s' không hợp lệ (%(allowed)s)", value=shown, allowed=allowed)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(cell) if part.strip()]


def _boolean(cell: str, field: str, errors: list[FormatError]) -> bool | None:
    folded = cell.strip().casefold()
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    errors.append(FormatError("", None, field, _invalid(cell, _("đúng hoặc sai"))))
    return None


def _correct_numbers(cell: str, count: int, errors: list[FormatError]) -> set[int]:
    marks: set[int] = set()
    for part in _split(cell.replace(" ", ",")):
        folded = part.casefold()
        if folded.isdigit():
            number = int(folded)
        elif len(folded) == 1 and folded in _LETTERS:
            number = _LETTERS.index(folded) + 1
        else:
            errors.append(
                FormatError(
                    "",
                    None,
                    "correct",
                    _("'%(value)s' không phải số thứ tự lựa chọn (1–6)", value=part),
                )
            )
            continue
        if not 1 <= number <= count:
            errors.append(
                FormatError(
                    "",
                    None,
                    "correct",
                    _("lựa chọn số %(number)d không có (chỉ có %(n)d)", number=number, n=count),
                )
            )
        marks.add(number)
    return marks
