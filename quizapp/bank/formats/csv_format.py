"""Read and write questions as CSV in our own layout (the columns of tabular.py).

Files are UTF-8 (Excel's "CSV UTF-8" adds a BOM, which is fine). The delimiter is sniffed from the
header row: ',' or ';' (Vietnamese Excel saves ';' because ',' is its decimal mark) or tab.
Export writes ',' with a BOM so Excel opens Vietnamese text correctly, and neutralises formula
injection: a cell starting with = + - @ TAB or CR gets a leading apostrophe, removed on import.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from quizapp.bank.formats import guards, tabular
from quizapp.bank.formats.question import FormatError, ImportRejected, Question

NAME = "csv"
EXTENSIONS = (".csv",)
MEDIA_TYPE = "text/csv"

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Return a cell a spreadsheet will show as text, never run as a formula.

    A cell that already starts with apostrophes before a trigger gets one more, so that
    `unneutralise` gives back exactly the original.
    """
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_TRIGGERS) else cell


def unneutralise(cell: str) -> str:
    """Undo `neutralise` on import, so "-5 độ" survives a round trip."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def parse(data: bytes, filename: str) -> list[Question]:
    """Return the questions of a CSV file; raise ImportRejected with every error and its line."""
    text = guards.decode_text(data, filename)
    first_line = next(line for line in text.split("\n") if line.strip())
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    errors: list[FormatError] = []
    questions: list[Question] = []
    columns: dict[int, str] | None = None
    rows = 0
    end_of_last = 0
    try:
        for cells in reader:
            line = end_of_last + 1
            end_of_last = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns, header_errors = tabular.read_header(cells, filename, line)
                if header_errors:
                    raise ImportRejected(header_errors)
                continue
            rows += 1
            guards.check_count(rows, filename)
            row = {}
            for index, cell in enumerate(cells):
                name = columns.get(index)
                if name is None:
                    if cell.strip():
                        errors.append(
                            FormatError(
                                filename, line, _("cột %(n)d", n=index + 1), _("ô ngoài các cột")
                            )
                        )
                    continue
                row[name] = unneutralise(cell)
            question, found = tabular.row_to_question(row)
            errors += [error.at(file=filename, line=line) for error in found]
            if question is not None and not found:
                questions.append(question)
    except csv.Error as exc:
        guards.reject(
            filename, _("CSV sai cấu trúc: %(problem)s", problem=exc), line=reader.line_num
        )
    if errors:
        raise ImportRejected(errors)
    guards.check_not_empty(len(questions), filename)
    return questions


def write(questions: list[Question]) -> bytes:
    """Return a CSV file (UTF-8 with BOM, ',' delimiter, CRLF) with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(tabular.HEADERS)
    for number, question in enumerate(questions, start=1):
        row = tabular.question_to_row(question, number)
        writer.writerow([neutralise(row[name]) for name in tabular.COLUMN_NAMES])
    return out.getvalue().encode("utf-8-sig")
