"""Read and write Kahoot's quiz spreadsheet template (the .xlsx of "Import spreadsheet").

Kahoot's layout: a title and instructions at the top, a header row (row 8 in Kahoot's own file)
with "Question - max 120 characters", "Answer 1 - max 75 characters" ... "Answer 4 ...",
"Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs" and
"Correct answer(s) - choose at least one"; column A numbers the questions; one question a row
below. Correct answers are answer numbers, several separated by commas ("1,3").

The importer finds the header row by its labels, so files whose title block grew or shrank
still read. Kahoot carries no explanation, difficulty, audience, tags or key: imported questions
get an empty explanation (the editor adds one) and the defaults of docs/formats.md.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import openpyxl
from flask_babel import gettext as _
from openpyxl.styles import Font

from quizapp.bank.formats import guards
from quizapp.bank.formats.question import (
    Choice,
    ExportRejected,
    FormatError,
    ImportRejected,
    Question,
    validate_question,
)
from quizapp.bank.formats.tabular import cell_text
from quizapp.bank.formats.workbook import FormulaCell, read_rows, set_text
from quizapp.engine.questions import TRUE_FALSE_CHOICES

NAME = "kahoot_xlsx"
EXTENSIONS = (".xlsx",)
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

QUESTION_MAX = 120
ANSWER_MAX = 75
MAX_ANSWERS = 4
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
EXPORT_TIME_LIMIT = 30
HEADER_ROW = 8
HEADERS = [
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
_HEADER_SCAN_ROWS = 30


def looks_like_kahoot(data: bytes, filename: str) -> bool:
    """Return True if the first sheet has Kahoot's header row (used to tell .xlsx layouts apart)."""
    try:
        for number, values in read_rows(data, filename):
            if _header_columns(values) is not None:
                return True
            if number > _HEADER_SCAN_ROWS:
                return False
    except ImportRejected:
        return False
    return False


def parse(data: bytes, filename: str) -> list[Question]:
    """Return the questions of a Kahoot spreadsheet; raise ImportRejected with every error."""
    errors: list[FormatError] = []
    questions: list[Question] = []
    columns: dict[str, int] | None = None
    count = 0
    for number, values in read_rows(data, filename):
        if columns is None:
            columns = _header_columns(values)
            if columns is None and number > _HEADER_SCAN_ROWS:
                break
            continue
        count += 1
        guards.check_count(count, filename)
        question, found = _read_row(values, columns)
        errors += [error.at(file=filename, line=number) for error in found]
        if question is not None and not found:
            questions.append(question)
    if columns is None:
        guards.reject(
            filename,
            _(
                "không tìm thấy dòng tiêu đề của mẫu Kahoot (Question, Answer 1–4, Time limit, "
                "Correct answer(s))"
            ),
        )
    if errors:
        raise ImportRejected(errors)
    guards.check_not_empty(len(questions), filename)
    return questions


def write(questions: list[Question]) -> bytes:
    """Return a file in Kahoot's template layout; raise ExportRejected for questions it can't carry.

    Kahoot takes single and multiple choice with 2–4 answers, questions up to 120 and answers up
    to 75 characters; true_false is written as the two answers "Đúng" / "Sai".
    """
    problems = [p for number, q in enumerate(questions, 1) for p in _export_problems(q, number)]
    if problems:
        raise ExportRejected(problems)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    set_text(sheet["B2"], "Quiz template")
    sheet["B2"].font = Font(bold=True, size=14)
    set_text(
        sheet["B4"],
        "Add questions, at least two answer alternatives, time limit and choose correct answers. "
        "Questions have a limit of 120 characters and answers 75 characters. "
        "If several answers are correct, separate them with a comma.",
    )
    for column, header in enumerate(HEADERS, start=2):
        set_text(sheet.cell(row=HEADER_ROW, column=column), header)
        sheet.cell(row=HEADER_ROW, column=column).font = Font(bold=True)
    sheet.column_dimensions["B"].width = 60
    for number, question in enumerate(questions, start=1):
        row = HEADER_ROW + number
        if question.kind == "true_false":
            answers = list(TRUE_FALSE_CHOICES)
            correct = "1" if question.answer else "2"
        else:
            answers = [c.text for c in question.choices]
            correct = ",".join(str(i) for i, c in enumerate(question.choices, 1) if c.correct)
        sheet.cell(row=row, column=1, value=number)
        set_text(sheet.cell(row=row, column=2), question.text)
        for i, text in enumerate(answers):
            set_text(sheet.cell(row=row, column=3 + i), text)
        sheet.cell(row=row, column=7, value=EXPORT_TIME_LIMIT)
        # A single number is a number in Kahoot's own file; "1,3" is text.
        sheet.cell(row=row, column=8, value=int(correct) if correct.isdigit() else correct)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _export_problems(question: Question, number: int) -> list[FormatError]:
    where = question.key or _("câu %(n)d", n=number)
    problems = []
    if question.kind not in ("single", "multiple", "true_false"):
        problems.append(
            _("Kahoot chỉ nhận câu chọn đáp án, không nhận loại '%(kind)s'", kind=question.kind)
        )
    elif len(question.choices) > MAX_ANSWERS:
        problems.append(
            _(
                "có %(n)d lựa chọn, Kahoot nhận tối đa %(limit)d",
                n=len(question.choices),
                limit=MAX_ANSWERS,
            )
        )
    if len(question.text) > QUESTION_MAX:
        problems.append(
            _(
                "câu hỏi dài %(n)d ký tự, Kahoot nhận tối đa %(limit)d",
                n=len(question.text),
                limit=QUESTION_MAX,
            )
        )
    for choice in question.choices:
        if len(choice.text) > ANSWER_MAX:
            problems.append(
                _(
                    "lựa chọn '%(choice)s…' dài hơn %(limit)d ký tự",
                    choice=choice.text[:30],
                    limit=ANSWER_MAX,
                )
            )
    return [FormatError("", number, where, message) for message in problems]


def _fold(value: object) -> str:
    return (
        " ".join(cell_text(value).split()).casefold() if not isinstance(value, FormulaCell) else ""
    )


def _header_columns(values: list) -> dict[str, int] | None:
    labels = [_fold(v) for v in values]
    columns: dict[str, int] = {}
    for index, label in enumerate(labels):
        if label.startswith("question") and "#" not in label and "text" not in columns:
            columns["text"] = index
        elif label.startswith("time limit"):
            columns["time"] = index
        elif label.startswith("correct answer"):
            columns["correct"] = index
        else:
            match = re.match(r"answer ([1-4])\b", label)
            if match:
                columns[f"answer_{match.group(1)}"] = index
    needed = {"text", "answer_1", "answer_2", "correct"}
    return columns if needed <= columns.keys() else None


def _read_row(values: list, columns: dict[str, int]) -> tuple[Question | None, list[FormatError]]:
    errors: list[FormatError] = []

    def cell(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(values):
            return ""
        value = values[index]
        if isinstance(value, FormulaCell):
            errors.append(FormatError("", None, name, _("ô chứa công thức; hãy nhập giá trị")))
            return ""
        return cell_text(value).strip()

    text = cell("text")
    slots = [cell(f"answer_{n}") for n in range(1, MAX_ANSWERS + 1)]
    correct_cell = cell("correct")
    # Kahoot allows gaps (answers 1 and 3 only); keep answer numbers to map "correct" back.
    filled = [(n, t) for n, t in enumerate(slots, start=1) if t]
    if not text and not filled and not correct_cell:
        return None, []
    marks: set[int] = set()
    for part in re.split(r"[,;\s]+", correct_cell):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= MAX_ANSWERS:
            errors.append(
                FormatError(
                    "", None, "correct", _("'%(value)s' không phải số đáp án 1–4", value=part)
                )
            )
        elif not slots[int(part) - 1]:
            errors.append(
                FormatError("", None, "correct", _("đáp án %(value)s đang để trống", value=part))
            )
        else:
            marks.add(int(part))
    if not correct_cell:
        errors.append(
            FormatError("", None, "correct", _("cần ít nhất một đáp án đúng (vd. 2 hoặc 1,3)"))
        )
    choices = [Choice(t, n in marks) for n, t in filled]
    question = Question(
        kind="multiple" if len(marks) > 1 else "single",
        text=text,
        choices=choices,
    )
    if not errors:
        for error in validate_question(question, require_explanation=False):
            errors.append(replace(error, field=_kahoot_field(error.field, filled)))
    return question, errors


def _kahoot_field(field: str, filled: list[tuple[int, str]]) -> str:
    """Name the Kahoot column behind a schema field: "choices[1].text" -> "Answer 3"."""
    match = re.match(r"choices\[(\d+)\]", field)
    if match and int(match.group(1)) < len(filled):
        return f"Answer {filled[int(match.group(1))][0]}"
    return {"text": "Question", "choices": "Answer 1–4"}.get(field, field)
