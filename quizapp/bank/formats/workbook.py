"""Open an uploaded .xlsx safely and read its first sheet's rows; write cells that stay text.

Shared by xlsx_format (our layout) and kahoot_xlsx (Kahoot's template). The zip directory is
checked before openpyxl sees the file (guards.check_xlsx_container), the workbook is opened
read-only, and only a bounded rectangle of cells is read, whatever size the sheet declares.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
from flask_babel import gettext as _
from openpyxl.cell.cell import Cell

from quizapp.bank.formats import guards

MAX_COLUMNS = 40
# Question rows plus room for titles, instructions and blank lines.
MAX_ROWS = guards.MAX_QUESTIONS + 1_000


class FormulaCell:
    """Marks a cell that holds a formula: imports refuse formulas rather than guess their value."""

    def __init__(self, formula: str):
        self.formula = formula


def read_rows(data: bytes, filename: str) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row number, cell values) for the first sheet's non-empty rows.

    Raises ImportRejected when the file is not an .xlsx, is a zip bomb, or has too many rows.
    A formula cell comes back as a FormulaCell.
    """
    guards.check_xlsx_container(data, filename)
    try:
        # openpyxl warns about harmless oddities of files made by other tools (no default
        # style, unknown extensions); an import must not fail on those.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        guards.reject(filename, _("không mở được tệp Excel: %(problem)s", problem=exc))
    except Exception as exc:  # openpyxl raises many kinds on malformed XML inside the zip
        guards.reject(
            filename, _("không mở được tệp Excel (%(problem)s)", problem=type(exc).__name__)
        )
    try:
        if not book.worksheets:
            guards.reject(filename, _("tệp Excel không có trang tính nào"))
        sheet = book.worksheets[0]
        declared = sheet.max_row or 0
        if declared > MAX_ROWS:
            guards.reject(
                filename,
                _(
                    "trang tính có %(n)s dòng, tối đa %(limit)s câu hỏi",
                    n=f"{declared:,}",
                    limit=f"{guards.MAX_QUESTIONS:,}",
                ),
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = sheet.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLUMNS)
            for number, cells in enumerate(rows, start=1):
                values = [_value(cell) for cell in cells]
                if any(v not in (None, "") for v in values):
                    yield number, values
    finally:
        book.close()


def _value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        return FormulaCell(str(value))
    if isinstance(value, str):
        return value.strip()
    return value


def set_text(cell: Cell, value: Any) -> None:
    """Write `value` into `cell`; a string is always stored as text, never as a formula."""
    cell.value = value
    if isinstance(value, str):
        # openpyxl turns any string starting with "=" into a formula; force it back to text.
        cell.data_type = "s"
