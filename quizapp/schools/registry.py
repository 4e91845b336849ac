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

from quizapp.core.clock import format_local
from quizapp.core.spreadsheet import Sheet, csv_bytes, workbook_bytes
from quizapp.engine.folding import name_key
from quizapp.extensions import db
from quizapp.schools.models import LEVELS, TEACHES, AdminUnit, School
from quizapp.uploads import UploadRefused, decode_text, is_zip, open_xlsx

MAX_ROWS = 20_000
COLUMNS = ("code", "name", "unit", "level", "enrolment")
LEVEL_COLUMNS = {"enrol_primary": "primary", "enrol_lower": "lower_secondary",
                 "enrol_upper": "upper_secondary"}
HEADERS_VI = {"code": "mã", "name": "tên", "unit": "đơn vị", "level": "cấp học",
              "enrolment": "sĩ số", "enrol_primary": "sĩ số TH", "enrol_lower": "sĩ số THCS",
              "enrol_upper": "sĩ số THPT"}
HEADER_ALIASES = {
    "code": ("code", "ma", "ma truong"),
    "name": ("name", "ten", "ten truong"),
    "unit": ("unit", "don vi", "don vi hanh chinh", "xa/phuong", "xa, phuong, dac khu",
             "district", "huyen"),
    "level": ("level", "cap hoc", "cap", "loai truong"),
    "enrolment": ("enrolment", "enrollment", "si so", "so hoc sinh"),
    "enrol_primary": ("enrolment primary", "si so tieu hoc"),
    "enrol_lower": ("enrolment lower secondary", "si so trung hoc co so"),
    "enrol_upper": ("enrolment upper secondary", "si so trung hoc pho thong"),
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
            where.append(f"dòng {self.line}")
        if self.column:
            where.append(f"cột '{self.column}'")
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
    try:
        header, rows = read_table(data, filename)
    except UploadRefused as refused:
        raise RegistryRejected([RowError(filename, refused.line, None, refused.message)]) \
            from None
    columns, errors = _map_header(header, filename)
    if errors:
        raise RegistryRejected(errors)
    today = effective or date.today()
    units = _unit_lookup(today)
    levels = {alias: key for key, (vi, en, aliases) in LEVELS.items()
              for alias in (*aliases, fold(vi), fold(en))}
    parsed, seen = [], {}
    for line, row in rows:
        if len(parsed) >= MAX_ROWS:
            errors.append(RowError(filename, line, None, f"quá {MAX_ROWS} dòng"))
            break
        values = {name: _cell(row, index) for name, index in columns.items()}
        if not any(values.values()):
            continue
        record, row_errors = _validate_row(values, line, filename, units, levels)
        errors.extend(row_errors)
        code = values["code"]
        if code and code in seen:
            errors.append(RowError(filename, line, HEADERS_VI["code"],
                                   f"mã '{code}' trùng với dòng {seen[code]}"))
        elif code:
            seen[code] = line
        if not row_errors:
            parsed.append(record)
    if errors:
        raise RegistryRejected(errors)
    if not parsed:
        raise RegistryRejected([RowError(filename, None, None, "tệp không có dòng dữ liệu nào")])
    return _upsert(parsed, today)


def export_rows():
    """Yield the header and every school in the import layout."""
    yield [HEADERS_VI[c] for c in (*COLUMNS, *LEVEL_COLUMNS)]
    for school in School.query.join(AdminUnit).order_by(AdminUnit.name, School.name):
        split = [school.enrolment_at(level) if len(school.teaches) > 1 else None
                 for level in LEVEL_COLUMNS.values()]
        yield [school.code, school.name, school.unit.code, LEVELS[school.level][0],
               school.enrolment, *split]


def export_csv() -> bytes:
    return csv_bytes(export_rows())


def export_xlsx() -> bytes:
    rows = export_rows()
    header = next(rows)
    return workbook_bytes([Sheet("Trường học", header, rows)])


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
            raise UploadRefused(filename, f"tệp CSV lỗi: {error}") from None
    if not rows:
        raise UploadRefused(filename, "tệp rỗng")
    return rows[0][1], rows[1:]


def _map_header(header, filename):
    wanted = {fold(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
    wanted.update({fold(vi): name for name, vi in HEADERS_VI.items()})
    columns, errors = {}, []
    for index, cell in enumerate(header):
        name = wanted.get(fold(cell or ""))
        if name and name not in columns:
            columns[name] = index
    for name in COLUMNS[:4]:  # the enrolment may come per level only
        if name not in columns:
            errors.append(RowError(filename, 1, HEADERS_VI[name],
                                   f"thiếu cột '{HEADERS_VI[name]}' ({name})"))
    return columns, errors


def _cell(row, index):
    return row[index].strip() if index < len(row) and row[index] is not None else ""


def _unit_lookup(today: date):
    """{folded code or name: unit or an error text} for the units in force on `today`."""
    lookup = {}
    for unit in AdminUnit.query.all():
        if not unit.valid_on(today):
            ended = format_local(unit.valid_to, "%d/%m/%Y")
            value = f"đơn vị '{unit.name}' đã hết hiệu lực ({ended})"
        else:
            value = unit
        lookup[fold(unit.code)] = value
        name = fold(unit.name)
        if isinstance(lookup.get(name), AdminUnit) and value is not lookup[name] \
                and isinstance(value, AdminUnit):
            lookup[name] = f"có nhiều đơn vị tên '{unit.name}': hãy ghi mã đơn vị"
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
        errors.append(RowError(filename, line, HEADERS_VI[column], message))

    code, name = values["code"], values["name"]
    if not code:
        error("code", "không được để trống")
    elif len(code) > 32 or any(ch.isspace() for ch in code):
        error("code", f"giá trị '{code[:40]}' không hợp lệ "
                      "(tối đa 32 ký tự, không có khoảng trắng)")
    if not name:
        error("name", "không được để trống")
    elif len(name) > 200:
        error("name", "dài quá 200 ký tự")
    unit = units.get(fold(values["unit"]))
    if unit is None:
        error("unit", f"giá trị '{values['unit'][:60]}' không phải đơn vị hành chính đã nhập "
                      "(mã hoặc tên xã, phường, đặc khu)")
    elif not isinstance(unit, AdminUnit):
        error("unit", unit)
        unit = None
    level = levels.get(fold(values["level"]))
    if level is None:
        error("level", f"giá trị '{values['level'][:40]}' không hợp lệ (TH, THCS, THPT, "
                       "TH-THCS, THCS-THPT, TH-THCS-THPT, GDTX, ĐH/CĐ)")
    enrolment = None
    values.setdefault("enrolment", "")
    if values["enrolment"]:
        enrolment = _number(values["enrolment"])
        if enrolment is None:
            error("enrolment",
                  f"giá trị '{values['enrolment'][:20]}' không phải số học sinh hợp lệ")
    split = {}
    if level is not None and len(TEACHES[level]) > 1:
        for column, pupil_level in LEVEL_COLUMNS.items():
            raw = values.get(column, "")
            if pupil_level not in TEACHES[level]:
                if raw and raw not in ("0", "0.0"):
                    error(column, "trường không dạy cấp này")
                continue
            count = _number(raw) if raw else None
            if count is None:
                error(column, "trường liên cấp cần sĩ số của từng cấp học")
            else:
                split[pupil_level] = count
        if len(split) == len(TEACHES[level]):
            if enrolment is not None and enrolment != sum(split.values()):
                error("enrolment", f"sĩ số {enrolment} khác tổng sĩ số các cấp "
                                   f"({sum(split.values())})")
            enrolment = sum(split.values())
    elif enrolment is None and not values["enrolment"]:
        error("enrolment", "không được để trống")
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
