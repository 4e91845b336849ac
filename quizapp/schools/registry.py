"""Import and export the school registry (CSV or XLSX), all-or-nothing with precise errors.

Columns: code, name, unit, level, enrolment — Vietnamese headers ("mã", "tên", "đơn vị",
"cấp học", "sĩ số") are accepted too, in any order; a liên cấp school also gives its pupils per
level ("sĩ số TH", "sĩ số THCS", "sĩ số THPT"). The unit is the code or name of an
administrative unit in force (schools/units.py). Rows upsert by code; a school whose unit
changes keeps its old unit for the days before the import.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from quizapp.core.clock import format_local
from quizapp.core.spreadsheet import Sheet, csv_bytes, workbook_bytes
from quizapp.engine.folding import name_key
from quizapp.extensions import db
from quizapp.schools.models import LEVELS, TEACHES, AdminUnit, School
from quizapp.uploads import UploadRefused, check_size, decode_text, is_zip, open_xlsx

MAX_ROWS = 20_000
COLUMNS = ("code", "name", "unit", "level", "enrolment")
LEVEL_COLUMNS = {"enrol_primary": "primary", "enrol_lower": "lower_secondary",
                 "enrol_upper": "upper_secondary"}
# Column names as the reader's language writes them: in error messages and exports (the English
# ones are the English aliases, so an export imports back in either language).
HEADERS = {"code": _l("mã"), "name": _l("tên"), "unit": _l("đơn vị"), "level": _l("cấp học"),
           "enrolment": _l("sĩ số"), "enrol_primary": _l("sĩ số TH"),
           "enrol_lower": _l("sĩ số THCS"), "enrol_upper": _l("sĩ số THPT")}
HEADER_ALIASES = {
    "code": ("code", "ma", "ma truong"),
    "name": ("name", "ten", "ten truong"),
    "unit": ("unit", "don vi", "don vi hanh chinh", "xa/phuong", "xa, phuong, dac khu",
             "district", "huyen"),
    "level": ("level", "cap hoc", "cap", "loai truong"),
    "enrolment": ("enrolment", "enrollment", "si so", "so hoc sinh"),
    "enrol_primary": ("enrolment primary", "si so th", "si so tieu hoc"),
    "enrol_lower": ("enrolment lower secondary", "si so thcs", "si so trung hoc co so"),
    "enrol_upper": ("enrolment upper secondary", "si so thpt", "si so trung hoc pho thong"),
}


@dataclass(frozen=True)
class RowError:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self):
        where = [self.file]
        if self.line is not None:
            where.append(_("dòng %(line)d", line=self.line))
        if self.column:
            where.append(_("cột '%(column)s'", column=self.column))
        return ", ".join(where) + f": {self.message}"


class RegistryRejected(ValueError):
    """The file was refused; nothing was written. `errors` lists every problem found."""

    def __init__(self, errors):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ImportResult:
    added: int
    updated: int


def fold(text: object) -> str:
    """Return the key a header, code or name is matched on (the engine's one folding rule)."""
    return name_key(str(text))


def import_schools(data: bytes, filename: str, effective: date | None = None) -> ImportResult:
    """Upsert schools from a CSV or XLSX file; raise RegistryRejected and write nothing on error.

    `effective` is the first day a changed unit applies (default: today).
    """
    today = effective or date.today()
    units = _unit_lookup(today)
    levels = {alias: key for key, (vi, en, aliases) in LEVELS.items()
              for alias in (*aliases, fold(vi), fold(en))}
    parsed, seen, errors = [], {}, []
    # the enrolment may come per level only
    for line, values in data_rows(data, filename, HEADER_ALIASES, HEADERS, COLUMNS[:4],
                                  MAX_ROWS, errors):
        record, row_errors = _validate_row(values, line, filename, units, levels)
        errors.extend(row_errors)
        code = values["code"]
        if code and code in seen:
            errors.append(duplicate_code(filename, line, HEADERS["code"], code, seen[code]))
        elif code:
            seen[code] = line
        if not row_errors:
            parsed.append(record)
    refuse_if_bad(parsed, errors, filename)
    return _upsert(parsed, today)


def export_rows():
    """Yield the header and every school in the import layout."""
    yield [str(HEADERS[c]) for c in (*COLUMNS, *LEVEL_COLUMNS)]
    for school in School.query.join(AdminUnit).order_by(AdminUnit.name, School.name):
        split = [school.enrolment_at(level) if len(school.teaches) > 1 else None
                 for level in LEVEL_COLUMNS.values()]
        yield [school.code, school.name, school.unit.code, str(LEVELS[school.level][0]),
               school.enrolment, *split]


def export_csv() -> bytes:
    return csv_bytes(export_rows())


def export_xlsx() -> bytes:
    rows = export_rows()
    header = next(rows)
    return workbook_bytes([Sheet(_("Trường học"), header, rows)])


def read_table(data, filename):
    """Return (header cells, [(line number, cells)]) from CSV text or the first XLSX sheet."""
    if is_zip(data) or filename.lower().endswith(".xlsx"):
        book = open_xlsx(data, filename)
        try:
            rows = [(n, ["" if v is None else str(v) for v in row]) for n, row in
                    enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)]
        finally:
            book.close()
    else:
        text = decode_text(data, filename)
        sample = text[:4096]
        # Excel in a Vietnamese locale saves CSV with ';' separators.
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            rows = list(enumerate(reader, start=1))
        except csv.Error as error:
            raise UploadRefused(filename, _("tệp CSV lỗi: %(error)s", error=error)) from None
    if not rows:
        raise UploadRefused(filename, _("tệp rỗng"))
    return rows[0][1], rows[1:]


def data_rows(data: bytes, filename: str, aliases, headers, required, max_rows: int,
              errors: list, rejected=RegistryRejected, max_bytes: int | None = None):
    """Yield (line, {column: text}) for each row of an import table with any text.

    The import's shared frame: a file that cannot be read, or whose header lacks a required
    column, raises `rejected` before any row; past `max_rows` rows an error goes to `errors`
    and the reading stops. Cells are stripped of surrounding white space.
    """
    try:
        if max_bytes is not None:
            check_size(data, filename, max_bytes)
        header, rows = read_table(data, filename)
    except UploadRefused as refused:
        raise rejected([RowError(filename, refused.line, None, refused.message)]) from None
    columns, missing = map_header(header, filename, aliases, headers, required)
    if missing:
        raise rejected(missing)
    count = 0
    for line, row in rows:
        values = {name: row[index].strip() if index < len(row) and row[index] else ""
                  for name, index in columns.items()}
        if not any(values.values()):
            continue
        if count >= max_rows:
            errors.append(RowError(filename, line, None, _("quá %(n)d dòng", n=max_rows)))
            return
        count += 1
        yield line, values


def refuse_if_bad(records, errors: list, filename: str, rejected=RegistryRejected) -> None:
    """Raise `rejected` with every error found, or when the file had no data row."""
    if errors:
        raise rejected(errors)
    if not records:
        raise rejected([RowError(filename, None, None, _("tệp không có dòng dữ liệu nào"))])


def map_header(header, filename, aliases, headers, required):
    """Return ({column: index}, errors) of a header row.

    A column is found by any of its aliases (folded: any case, with or without accents); the
    first occurrence wins. Each missing required column is an error on line 1.
    """
    wanted = {fold(alias): name for name, names in aliases.items() for alias in names}
    columns, errors = {}, []
    for index, cell in enumerate(header):
        name = wanted.get(fold(cell or ""))
        if name and name not in columns:
            columns[name] = index
    for name in required:
        if name not in columns:
            errors.append(RowError(filename, 1, str(headers[name]), _(
                "thiếu cột '%(column)s' (%(name)s)", column=headers[name], name=name)))
    return columns, errors


def duplicate_code(filename, line, column, code, first_line):
    """The error of a code a file gives twice."""
    return RowError(filename, line, str(column), _(
        "mã '%(code)s' trùng với dòng %(line)d", code=code, line=first_line))


def _unit_lookup(today: date):
    """{folded code or name: unit or an error text} for the units in force on `today`."""
    lookup = {}
    for unit in AdminUnit.query.all():
        if not unit.valid_on(today):
            ended = format_local(unit.valid_to, "%d/%m/%Y")
            value = _("đơn vị '%(unit)s' đã hết hiệu lực (%(ended)s)", unit=unit.name,
                      ended=ended)
        else:
            value = unit
        lookup[fold(unit.code)] = value
        name = fold(unit.name)
        if isinstance(lookup.get(name), AdminUnit) and value is not lookup[name] \
                and isinstance(value, AdminUnit):
            lookup[name] = _("có nhiều đơn vị tên '%(unit)s': hãy ghi mã đơn vị", unit=unit.name)
        elif not isinstance(lookup.get(name), AdminUnit):
            lookup.setdefault(name, value)
    return lookup


def _number(text):
    """Read "420", "420.0" (spreadsheets), "1.200" or "1 200"; None when not a count."""
    raw = text[:-2] if text.endswith(".0") else text
    raw = raw.replace(".", "").replace(",", "").replace(" ", "")
    return int(raw) if raw.isdigit() and int(raw) <= 1_000_000 else None


def _validate_row(values, line, filename, units, levels):
    errors = []

    def error(column, message):
        errors.append(RowError(filename, line, str(HEADERS[column]), message))

    code, name = values["code"], values["name"]
    if not code:
        error("code", _("không được để trống"))
    elif len(code) > 32 or any(ch.isspace() for ch in code):
        error("code", _("giá trị '%(value)s' không hợp lệ (tối đa 32 ký tự, không có khoảng trắng)",
                        value=code[:40]))
    if not name:
        error("name", _("không được để trống"))
    elif len(name) > 200:
        error("name", _("dài quá %(n)d ký tự", n=200))
    unit = units.get(fold(values["unit"]))
    if unit is None:
        error("unit", _("giá trị '%(value)s' không phải đơn vị hành chính đã nhập "
                        "(mã hoặc tên xã, phường, đặc khu)", value=values["unit"][:60]))
    elif not isinstance(unit, AdminUnit):
        error("unit", unit)
        unit = None
    level = levels.get(fold(values["level"]))
    if level is None:
        error("level", _("giá trị '%(value)s' không hợp lệ (TH, THCS, THPT, TH-THCS, THCS-THPT, "
                         "TH-THCS-THPT, GDTX, ĐH/CĐ)", value=values["level"][:40]))
    enrolment = None
    values.setdefault("enrolment", "")
    if values["enrolment"]:
        enrolment = _number(values["enrolment"])
        if enrolment is None:
            error("enrolment", _("giá trị '%(value)s' không phải số học sinh hợp lệ",
                                 value=values["enrolment"][:20]))
    split = {}
    if level is not None and len(TEACHES[level]) > 1:
        for column, pupil_level in LEVEL_COLUMNS.items():
            raw = values.get(column, "")
            if pupil_level not in TEACHES[level]:
                if raw and raw not in ("0", "0.0"):
                    error(column, _("trường không dạy cấp này"))
                continue
            count = _number(raw) if raw else None
            if count is None:
                error(column, _("trường liên cấp cần sĩ số của từng cấp học"))
            else:
                split[pupil_level] = count
        if len(split) == len(TEACHES[level]):
            if enrolment is not None and enrolment != sum(split.values()):
                error("enrolment", _("sĩ số %(total)d khác tổng sĩ số các cấp (%(sum)d)",
                                     total=enrolment, sum=sum(split.values())))
            enrolment = sum(split.values())
    elif enrolment is None and not values["enrolment"]:
        error("enrolment", _("không được để trống"))
    record = dict(code=code, name=name, unit=unit, level=level, enrolment=enrolment,
                  enrolment_by_level=split)
    return record, errors


def _upsert(records, today):
    from quizapp.schools.units import assign_unit  # units reads tables with this module

    existing = {s.code: s for s in School.query.filter(
        School.code.in_([r["code"] for r in records])).all()}
    added = updated = 0
    try:
        for record in records:
            school = existing.get(record["code"])
            if school is None:
                db.session.add(School(**record))
                added += 1
            else:
                assign_unit(school, record.pop("unit"), today)
                for key, value in record.items():
                    setattr(school, key, value)
                school.active = True
                school.is_sample = False
                updated += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return ImportResult(added=added, updated=updated)
