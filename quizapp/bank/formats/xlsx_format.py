"""Read and write questions as .xlsx in our own layout (the columns of tabular.py).

The first sheet holds one header row, then one question a row. `template()` is the empty file
offered for download, with a sheet of instructions and a sheet of examples after it.
Formulas are refused on import; on export every string is stored as text, never as a formula.
"""

from __future__ import annotations

import io

import openpyxl
from flask_babel import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill

from quizapp.bank.formats import guards, tabular
from quizapp.bank.formats.layout import TEMPLATE_EXAMPLES
from quizapp.bank.formats.question import (
    AUDIENCES,
    KINDS,
    FormatError,
    ImportRejected,
    Question,
)
from quizapp.bank.formats.workbook import FormulaCell, read_rows, set_text

NAME = "xlsx"
EXTENSIONS = (".xlsx",)
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def parse(data: bytes, filename: str) -> list[Question]:
    """Return the questions of the first sheet; raise ImportRejected with every error."""
    errors: list[FormatError] = []
    questions: list[Question] = []
    columns: dict[int, str] | None = None
    count = 0
    for number, values in read_rows(data, filename):
        if columns is None:
            columns, header_errors = tabular.read_header(values, filename, number)
            if header_errors:
                raise ImportRejected(header_errors)
            continue
        count += 1
        guards.check_count(count, filename)
        row: dict[str, str] = {}
        row_errors: list[FormatError] = []
        for index, value in enumerate(values):
            name = columns.get(index)
            if isinstance(value, FormulaCell):
                row_errors.append(
                    FormatError(
                        filename,
                        number,
                        name or _("cột %(n)d", n=index + 1),
                        _("ô chứa công thức; hãy dán giá trị (Paste Values) thay cho công thức"),
                    )
                )
                continue
            text = tabular.cell_text(value)
            if name is None:
                if text.strip():
                    row_errors.append(
                        FormatError(
                            filename, number, _("cột %(n)d", n=index + 1), _("ô ngoài các cột")
                        )
                    )
                continue
            row[name] = text
        question, found = tabular.row_to_question(row)
        row_errors += [error.at(file=filename, line=number) for error in found]
        errors += row_errors
        if question is not None and not row_errors:
            questions.append(question)
    if columns is None:
        guards.reject(filename, _("tệp Excel không có dữ liệu (cần một dòng tiêu đề cột)"))
    if errors:
        raise ImportRejected(errors)
    guards.check_not_empty(len(questions), filename)
    return questions


def write(questions: list[Question]) -> bytes:
    """Return an .xlsx with a header row and one row per question, all cells text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Câu hỏi")
    _write_header(sheet)
    for number, question in enumerate(questions, start=1):
        row = tabular.question_to_row(question, number)
        for column, name in enumerate(tabular.COLUMN_NAMES, start=1):
            value = row[name]
            set_text(sheet.cell(row=number + 1, column=column), value if value else None)
    return _save(book)


def template() -> bytes:
    """Return the empty import template: the question sheet, instructions and examples."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Câu hỏi")
    _write_header(sheet)
    guide = book.create_sheet(_("Hướng dẫn"))
    for line in _guide(sheet.title, _("Ví dụ")):
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    examples = book.create_sheet(_("Ví dụ"))
    _write_header(examples)
    for number, question in enumerate(TEMPLATE_EXAMPLES, start=1):
        row = tabular.question_to_row(question, number)
        for column, name in enumerate(tabular.COLUMN_NAMES, start=1):
            set_text(examples.cell(row=number + 1, column=column), row[name] or None)
    return _save(book)


def _write_header(sheet) -> None:
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    for column, header in enumerate(tabular.HEADERS, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = cell.column_letter
        wide = tabular.COLUMN_NAMES[column - 1] in ("text", "explanation")
        sheet.column_dimensions[letter].width = 60 if wide else 18
    sheet.freeze_panes = "A2"


def _save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _guide(questions_sheet: str, examples_sheet: str) -> list[str]:
    """The template's instructions, in the reader's language; the headers stay bilingual."""
    return [
        _("Mẫu nhập câu hỏi quizapp"),
        "",
        _(
            "Điền câu hỏi vào trang '%(questions)s', mỗi dòng một câu. Xem trang '%(examples)s'.",
            questions=questions_sheet,
            examples=examples_sheet,
        ),
        _("Chỉ trang tính đầu tiên được đọc. Không dùng công thức (=...): hãy nhập giá trị."),
        _("Tên cột: phần tiếng Việt hoặc phần tiếng Anh của tiêu đề đều được."),
        _("Loại / kind: %(kinds)s.", kinds=", ".join(KINDS)),
        _(
            "Lựa chọn 1–6: các lựa chọn (single, multiple, poll) hoặc các mục theo đúng thứ tự "
            "(ordering)."
        ),
        _(
            "Đáp án đúng / correct: số thứ tự lựa chọn đúng, vd. '2' hoặc '1,3'; câu true_false: "
            "'đúng' hoặc 'sai'; type_answer và open: các đáp án, ngăn cách bằng '|' "
            "(vd. 'OTP | mã OTP'); để trống với poll và ordering."
        ),
        _("Bỏ qua dấu / accent_insensitive (chỉ type_answer): 'có' (mặc định) hoặc 'không'."),
        _("Giải thích / explanation: bắt buộc, trừ câu poll."),
        _("Độ khó / difficulty: 1 dễ, 2 vừa (mặc định), 3 khó."),
        _(
            "Đối tượng / audience: %(audiences)s (hoặc THCS, THPT, người dân), cách nhau bằng dấu "
            "phẩy; để trống là cả ba.",
            audiences=", ".join(AUDIENCES),
        ),
        _("Thẻ / tags: chữ thường a-z, 0-9 và '-', cách nhau bằng dấu phẩy."),
        _("Mã câu hỏi / key, Nguồn / source, Chủ đề / topic: không bắt buộc."),
    ]
