"""Import and export the school registry (CSV or XLSX), all-or-nothing with precise errors.

Columns: code, name, district, level, enrolment — Vietnamese headers ("mã", "tên", "huyện",
"cấp học", "sĩ số") are accepted too, in any order. Rows upsert by code.
"""

import csv
import io
from dataclasses import dataclass

from quizapp.core.spreadsheet import Sheet, csv_bytes, workbook_bytes
from quizapp.engine import fold_accents
from quizapp.extensions import db
from quizapp.schools.models import LEVELS, District, School
from quizapp.uploads import UploadRefused, decode_text, is_zip, open_xlsx

MAX_ROWS = 20_000
COLUMNS = ("code", "name", "district", "level", "enrolment")
HEADERS_VI = {"code": "mã", "name": "tên", "district": "huyện", "level": "cấp học",
              "enrolment": "sĩ số"}
HEADER_ALIASES = {
    "code": ("code", "ma", "ma truong"),
    "name": ("name", "ten", "ten truong"),
    "district": ("district", "huyen", "huyen/thanh pho", "don vi hanh chinh"),
    "level": ("level", "cap hoc", "cap"),
    "enrolment": ("enrolment", "enrollment", "si so", "so hoc sinh"),
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


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics (đ -> d) and extra space, to match leniently."""
    return " ".join(fold_accents(str(text)).lower().split())


def import_schools(data: bytes, filename: str) -> ImportResult:
    """Upsert schools from a CSV or XLSX file; raise RegistryRejected and write nothing on error."""
    try:
        header, rows = _read_table(data, filename)
    except UploadRefused as refused:
        raise RegistryRejected([RowError(filename, refused.line, None, refused.message)]) \
            from None
    columns, errors = _map_header(header, filename)
    if errors:
        raise RegistryRejected(errors)
    districts = _district_lookup()
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
        record, row_errors = _validate_row(values, line, filename, districts, levels)
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
    return _upsert(parsed)


def export_rows():
    """Yield the header and every school in the import layout."""
    yield [HEADERS_VI[c] for c in COLUMNS]
    for school in School.query.join(District).order_by(District.name, School.name):
        yield [school.code, school.name, school.district.name, LEVELS[school.level][0],
               school.enrolment]


def export_csv() -> bytes:
    return csv_bytes(export_rows())


def export_xlsx() -> bytes:
    rows = export_rows()
    header = next(rows)
    return workbook_bytes([Sheet("Trường học", header, rows)])


def _read_table(data, filename):
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
    for name in COLUMNS:
        if name not in columns:
            errors.append(RowError(filename, 1, HEADERS_VI[name],
                                   f"thiếu cột '{HEADERS_VI[name]}' ({name})"))
    return columns, errors


def _cell(row, index):
    return row[index].strip() if index < len(row) and row[index] is not None else ""


def _district_lookup():
    lookup = {}
    for district in District.query.all():
        lookup[fold(district.code)] = district
        lookup[fold(district.name)] = district
        # "Đắk Hà" matches "Huyện Đắk Hà", "Kon Tum" matches "Thành phố Kon Tum"
        for prefix in ("huyen ", "thanh pho ", "tp "):
            if fold(district.name).startswith(prefix):
                lookup[fold(district.name)[len(prefix):]] = district
    return lookup


def _validate_row(values, line, filename, districts, levels):
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
    district = districts.get(fold(values["district"]))
    if district is None:
        error("district", f"giá trị '{values['district'][:60]}' không phải huyện/thành phố đã biết")
    level = levels.get(fold(values["level"]))
    if level is None:
        error("level", f"giá trị '{values['level'][:40]}' không hợp lệ "
                       "(TH, THCS, THPT, Liên cấp, GDTX)")
    enrolment = None
    raw = values["enrolment"]
    if raw.endswith(".0"):
        raw = raw[:-2]  # spreadsheets hand whole numbers over as "420.0"
    raw = raw.replace(".", "").replace(",", "").replace(" ", "")  # "1.200" / "1 200"
    if not raw.isdigit() or int(raw) > 1_000_000:
        error("enrolment", f"giá trị '{values['enrolment'][:20]}' không phải số học sinh hợp lệ")
    else:
        enrolment = int(raw)
    record = dict(code=code, name=name, district=district, level=level, enrolment=enrolment)
    return record, errors


def _upsert(records):
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
