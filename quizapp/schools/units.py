"""Administrative units as data: import them, move a school between them, read the past map.

The unit list (provinces, xã / phường / đặc khu, and former districts kept for history) is
imported from a CSV or XLSX file, all or nothing, with the line and column of every error.
Columns: code, name, kind, parent code, valid from, valid to ("mã", "tên", "loại",
"mã cấp trên", "hiệu lực từ", "hiệu lực đến"); rows upsert by code, a parent may come later in
the file. Official codes are the administrator's to supply: nothing here invents a unit list.

A school's unit can change (a merger, a correction); the old unit is kept in
`SchoolUnitHistory` with the last day it applied, so `unit_on(day)` draws a past year on the map
it was reported on.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from quizapp.core.spreadsheet import csv_bytes
from quizapp.extensions import db
from quizapp.schools.models import (
    COMMUNE_LEVEL,
    UNIT_KINDS,
    AdminUnit,
    School,
    SchoolUnitHistory,
)
from quizapp.schools.registry import (
    RowError,
    data_rows,
    duplicate_code,
    fold,
    refuse_if_bad,
)
from quizapp.schools.seed import TEMPLATE_UNIT_ROWS

MAX_ROWS = 20_000
COLUMNS = ("code", "name", "kind", "parent", "valid_from", "valid_to")
REQUIRED = ("code", "name", "kind")
HEADERS = {"code": _l("mã"), "name": _l("tên"), "kind": _l("loại"), "parent": _l("mã cấp trên"),
           "valid_from": _l("hiệu lực từ"), "valid_to": _l("hiệu lực đến")}
HEADER_ALIASES = {
    "code": ("code", "ma", "ma don vi", "ma dvhc"),
    "name": ("name", "ten", "ten don vi"),
    "kind": ("kind", "loai", "cap", "loai don vi"),
    "parent": ("parent", "parent code", "ma cap tren", "ma tinh", "thuoc"),
    "valid_from": ("valid from", "valid_from", "hieu luc tu", "tu ngay"),
    "valid_to": ("valid to", "valid_to", "hieu luc den", "den ngay"),
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


@dataclass
class UnitImport:
    added: int
    updated: int


def template_csv() -> bytes:
    """The import layout with four SAMPLE rows (codes MAU-..., names marked "mẫu")."""
    return csv_bytes(TEMPLATE_UNIT_ROWS, [str(HEADERS[c]) for c in COLUMNS])


def import_units(data: bytes, filename: str) -> UnitImport:
    """Upsert units from a CSV or XLSX file; raise RegistryRejected and write nothing on error."""
    kinds = {alias: key for key, (vi, en, aliases) in UNIT_KINDS.items()
             for alias in (*aliases, fold(vi), fold(en), key)}
    parsed, seen, kinds_seen, errors = {}, {}, {}, []
    for line, values in data_rows(data, filename, HEADER_ALIASES, HEADERS, REQUIRED, MAX_ROWS,
                                  errors):
        record, row_errors = _validate(values, line, filename, kinds)
        errors.extend(row_errors)
        code = values.get("code", "")
        if code in seen:
            errors.append(duplicate_code(filename, line, HEADERS["code"], code[:40], seen[code]))
        elif code:
            seen[code] = line
            kinds_seen[code] = record["kind"]
            if not row_errors:
                parsed[code] = (line, record)
    existing = {u.code: u for u in AdminUnit.query.all()}
    errors.extend(_check_parents(parsed, kinds_seen, existing, filename))
    refuse_if_bad(parsed, errors, filename)
    return _upsert(parsed, existing)


def parse_day(text: str) -> date | None:
    """Read 01/07/2025, 2025-07-01 or a spreadsheet date ("2025-07-01 00:00:00")."""
    text = text.strip()
    if " " in text and text.endswith("00:00:00"):
        text = text.split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _validate(values, line, filename, kinds):
    errors = []

    def error(column, message):
        errors.append(RowError(filename, line, str(HEADERS[column]), message))

    code, name = values.get("code", ""), values.get("name", "")
    if not code:
        error("code", _("không được để trống"))
    elif len(code) > 32 or any(ch.isspace() or not ch.isprintable() for ch in code):
        error("code", _("giá trị '%(value)s' không hợp lệ (tối đa 32 ký tự, không có khoảng trắng)",
                        value=code[:40]))
    if not name:
        error("name", _("không được để trống"))
    elif len(name) > 120 or any(not ch.isprintable() for ch in name):
        error("name", _("dài quá %(n)d ký tự hoặc có ký tự điều khiển", n=120))
    kind = kinds.get(fold(values.get("kind", "")))
    if kind is None:
        error("kind", _("giá trị '%(value)s' không hợp lệ (Tỉnh, Xã, Phường, Đặc khu, Huyện)",
                        value=values.get("kind", "")[:30]))
    days = {}
    for column in ("valid_from", "valid_to"):
        raw = values.get(column, "")
        days[column] = parse_day(raw) if raw else None
        if raw and days[column] is None:
            error(column, _("ngày '%(value)s' không đọc được (dạng 01/07/2025)", value=raw[:20]))
    if days["valid_from"] and days["valid_to"] and days["valid_to"] < days["valid_from"]:
        error("valid_to", _("ngày hết hiệu lực trước ngày có hiệu lực"))
    parent = values.get("parent", "")
    if parent and parent == code:
        error("parent", _("một đơn vị không thể là cấp trên của chính nó"))
    if kind == "province" and parent:
        error("parent", _("tỉnh không có đơn vị cấp trên"))
    if kind in COMMUNE_LEVEL and not parent:
        error("parent", _("xã, phường, đặc khu phải có mã tỉnh cấp trên"))
    record = {"code": code, "name": name, "kind": kind, "parent": parent,
              "valid_from": days["valid_from"], "valid_to": days["valid_to"]}
    return record, errors


def _check_parents(parsed, kinds_seen, existing, filename):
    """Every parent exists (in the file or the database), is a province, and no cycle."""
    errors = []
    for line, record in parsed.values():
        parent = record["parent"]
        if not parent:
            continue
        kind = kinds_seen[parent] if parent in kinds_seen else \
            existing[parent].kind if parent in existing else None
        if kind is None:
            errors.append(RowError(filename, line, str(HEADERS["parent"]),
                                   _("không có đơn vị mã '%(code)s'", code=parent[:40])))
        elif kind != "province":
            errors.append(RowError(filename, line, str(HEADERS["parent"]), _(
                "đơn vị cấp trên '%(code)s' không phải tỉnh", code=parent[:40])))
    return errors


def _upsert(parsed, existing) -> UnitImport:
    added = updated = 0
    try:
        by_code = dict(existing)
        for code, (_line, record) in parsed.items():
            unit = by_code.get(code)
            if unit is None:
                unit = AdminUnit(code=code)
                db.session.add(unit)
                by_code[code] = unit
                added += 1
            else:
                updated += 1
            unit.name, unit.kind = record["name"], record["kind"]
            unit.valid_from, unit.valid_to = record["valid_from"], record["valid_to"]
            unit.is_sample = False
        db.session.flush()
        for code, (_line, record) in parsed.items():
            parent = by_code.get(record["parent"]) if record["parent"] else None
            by_code[code].parent_id = parent.id if parent else None
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return UnitImport(added=added, updated=updated)


def assign_unit(school: School, unit: AdminUnit, effective: date) -> None:
    """Put `school` in `unit` from `effective` on, keeping the old unit for the days before.

    The caller commits. Moving a school twice on one day keeps only the last move.
    """
    if school.unit_id == unit.id or school.id is None or school.unit_id is None:
        school.unit = unit
        return
    last = effective - timedelta(days=1)
    earlier = SchoolUnitHistory.query.filter(
        SchoolUnitHistory.school_id == school.id, SchoolUnitHistory.until >= last).all()
    for row in earlier:  # a correction on the same day replaces the move, not stacks it
        db.session.delete(row)
    if not earlier:
        db.session.add(SchoolUnitHistory(school_id=school.id, unit_id=school.unit_id,
                                         until=last))
    school.unit = unit


def unit_on(day: date) -> dict[int, int]:
    """Return {school_id: unit_id} as the map stood on `day` (for schools that moved since)."""
    found = {}
    for school_id, unit_id, _until in db.session.execute(
            select(SchoolUnitHistory.school_id, SchoolUnitHistory.unit_id,
                   SchoolUnitHistory.until)
            .where(SchoolUnitHistory.until >= day)
            .order_by(SchoolUnitHistory.until.desc())):
        found[school_id] = unit_id  # the earliest row still covering `day` wins
    return found


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    is_sample: bool


def unit_tree() -> dict[int, UnitInfo]:
    """Every unit, by id (a few thousand at most: read once per page)."""
    return {row[0]: UnitInfo(*row) for row in db.session.execute(
        select(AdminUnit.id, AdminUnit.code, AdminUnit.name, AdminUnit.kind,
               AdminUnit.parent_id, AdminUnit.is_sample))}


def ancestors(tree: dict, unit_id: int) -> list[UnitInfo]:
    """The unit and its parents, nearest first (stops on a loop)."""
    chain, seen = [], set()
    while unit_id is not None and unit_id in tree and unit_id not in seen:
        seen.add(unit_id)
        chain.append(tree[unit_id])
        unit_id = tree[unit_id].parent_id
    return chain
