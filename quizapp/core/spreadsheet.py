"""Write spreadsheets and CSV files people open in Excel: the one home for every export.

Results, gameshow records, the school registry and the coverage report all describe their
tables as `Sheet`s and hand them here. This module decides how a table looks (bold shaded
header, column widths from the content, the header row frozen and repeated on every printed
page, A4 fitted to the page width) and makes every text cell safe against formula injection:
a value that starts with = + - @ or a tab is stored as text with a leading apostrophe, so a
pupil's nickname "=HYPERLINK(...)" is shown, never evaluated.

Workbooks are written in openpyxl's write-only mode: memory stays flat however many rows.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 60
MIN_WIDTH = 6
WIDTH_SAMPLE_ROWS = 500  # widths are measured on the first rows; later rows wrap if longer
HEADER_FILL = "D9E2F3"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"


def safe_cell(value):
    """Neutralise spreadsheet formula injection in an exported text cell."""
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value
    return value


@dataclass
class Sheet:
    """One table: an optional title block above a header row, then the data rows.

    `preamble` lines (a report's title, its period) are written above the header in the
    same safe way; `bold_rows` are indexes into `rows` printed in bold (totals).
    """

    title: str
    header: list
    rows: Iterable
    preamble: list = field(default_factory=list)
    landscape: bool = False
    bold_rows: set = field(default_factory=set)


def sheet_title(name: str, taken: set) -> str:
    """Return a valid, unique sheet title (31 characters, no []:*?/\\)."""
    base = _BAD_TITLE.sub(" ", str(name)).strip(" '")[:31] or "Sheet"
    title, n = base, 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def _width(value) -> int:
    if value is None:
        return 0
    text = f"{value}"
    return max((len(line) for line in text.splitlines()), default=0)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def write_workbook(sheets: Iterable[Sheet], target) -> None:
    """Write `sheets` as one .xlsx to `target` (a path or a binary file object)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook(write_only=True)
    taken = set()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        rows = [[safe_cell(v) for v in row] for row in spec.rows]
        preamble = [[safe_cell(v) for v in line] for line in spec.preamble]
        header = [safe_cell(v) for v in spec.header]
        ws = book.create_sheet(sheet_title(spec.title, taken))
        widths = [_width(v) for v in header]
        for row in rows[:WIDTH_SAMPLE_ROWS]:
            for index, value in enumerate(row):
                if index >= len(widths):
                    widths.append(0)
                widths[index] = max(widths[index], _width(value))
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[_column_letter(index)].width = \
                min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
        header_row = len(preamble) + 1
        if header:
            ws.freeze_panes = f"A{header_row + 1}"
            ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.orientation = "landscape" if spec.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        for number, line in enumerate(preamble):
            cells = []
            for value in line:
                cell = WriteOnlyCell(ws, value=value)
                if number == 0:
                    cell.font = Font(bold=True, size=13)
                cells.append(cell)
            ws.append(cells)
        if header:
            cells = []
            for value in header:
                cell = WriteOnlyCell(ws, value=value)
                cell.font, cell.fill, cell.alignment = bold, fill, wrap
                cells.append(cell)
            ws.append(cells)
        for number, row in enumerate(rows):
            if number in spec.bold_rows:
                cells = []
                for value in row:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.font = bold
                    cells.append(cell)
                ws.append(cells)
            else:
                ws.append(row)
    if not taken:
        book.create_sheet("Sheet")
    book.save(target)


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    out = io.BytesIO()
    write_workbook(sheets, out)
    return out.getvalue()


def csv_bytes(rows: Iterable, header: list | None = None) -> bytes:
    """Return rows as UTF-8 CSV with a BOM (so Excel shows the accents), formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def csv_sections(sheets: Iterable[Sheet]) -> bytes:
    """Several tables in one CSV, each preceded by its title and followed by a blank line."""
    out = []
    for spec in sheets:
        out.append([spec.title])
        out.append(list(spec.header))
        out.extend(spec.rows)
        out.append([])
    return csv_bytes(out)
