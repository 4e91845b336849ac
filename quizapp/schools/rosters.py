"""Import class rosters (CSV or XLSX), all-or-nothing with the file, line and column of each error.

Columns: class, full name, optional pupil code, and, for the department's file covering many
schools, the school code. Vietnamese headers ("lớp", "họ và tên", "mã học sinh", "mã trường")
are accepted in any order. A row updates the pupil with the same code (a class change keeps
the person), else the pupil with the same class and name, else adds a pupil. With `replace`,
pupils of the school missing from the file are marked as having left (kept, so their earlier
participations stay theirs).
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from quizapp.extensions import db
from quizapp.schools.identity import class_key, code_key, name_key
from quizapp.schools.models import RosterEntry, School
from quizapp.schools.registry import (
    RegistryRejected,
    RowError,
    data_rows,
    duplicate_code,
    fold,
    refuse_if_bad,
)

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
MAX_CLASS_CHARS, MAX_NAME_CHARS, MAX_CODE_CHARS = 40, 80, 32
COLUMNS = ("class", "name", "code", "school")
HEADERS = {"class": _l("lớp"), "name": _l("họ và tên"), "code": _l("mã học sinh"),
           "school": _l("mã trường")}
HEADER_ALIASES = {
    "class": ("lop", "class", "ten lop"),
    "name": ("ho va ten", "ho ten", "ten", "full name", "name", "hoc sinh", "ten hoc sinh"),
    "code": ("ma hoc sinh", "ma hs", "ma dinh danh", "pupil code", "student code", "code"),
    "school": ("ma truong", "school code", "school"),
}
REQUIRED = ("class", "name")
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\- ]{0,31}")


class RosterRejected(RegistryRejected):
    """The roster file was refused; nothing was written."""


@dataclass
class RosterResult:
    added: int
    updated: int
    left: int


def import_roster(data: bytes, filename: str, school: School | None,
                  replace: bool = False) -> RosterResult:
    """Import a roster for `school` (or, when None, for the schools named in a school column)."""
    schools = {} if school is not None else {
        fold(s.code): s for s in School.query.filter(School.active.is_(True))}
    parsed, codes_seen, errors = [], {}, []
    required = (*REQUIRED, "school") if school is None else REQUIRED
    for line, values in data_rows(data, filename, HEADER_ALIASES, HEADERS, required, MAX_ROWS,
                                  errors, RosterRejected, max_bytes=MAX_BYTES):
        # names and classes are compared word by word: one space between words
        values = {name: " ".join(text.split()) for name, text in values.items()}
        record, row_errors = _validate(values, line, filename, school, schools)
        if record and record["code"]:
            key = (record["school"].id, record["code"])
            if key in codes_seen:
                row_errors.append(duplicate_code(filename, line, HEADERS["code"],
                                                 record["code"], codes_seen[key]))
            codes_seen.setdefault(key, line)
        errors.extend(row_errors)
        if not row_errors:
            parsed.append(record)
    refuse_if_bad(parsed, errors, filename, RosterRejected)
    return _save(parsed, replace)


def _validate(values, line, filename, school, schools):
    errors = []

    def error(column, message):
        errors.append(RowError(filename, line, str(HEADERS[column]), message))

    class_name, name, code = values.get("class", ""), values.get("name", ""), \
        values.get("code", "")
    if school is None:
        school = schools.get(fold(values.get("school", "")))
        if school is None:
            error("school", _("mã trường '%(code)s' không có trong danh mục (hoặc đã ngừng "
                              "hoạt động)", code=values.get("school", "")[:40]))
    if not class_name:
        error("class", _("không được để trống"))
    elif len(class_name) > MAX_CLASS_CHARS or not class_key(class_name):
        error("class", _("tên lớp '%(value)s' không hợp lệ (tối đa %(n)d ký tự, có chữ hoặc số)",
                         value=class_name[:40], n=MAX_CLASS_CHARS))
    if not name:
        error("name", _("không được để trống"))
    elif len(name) > MAX_NAME_CHARS:
        error("name", _("dài quá %(n)d ký tự", n=MAX_NAME_CHARS))
    elif len(name_key(name).replace(" ", "")) < 2 or _has_control(name):
        error("name", _("họ và tên '%(value)s' không hợp lệ", value=name[:40]))
    if code and not _CODE.fullmatch(code):
        error("code", _("mã học sinh '%(value)s' chỉ gồm chữ và số (tối đa %(n)d)",
                        value=code[:40], n=MAX_CODE_CHARS))
    record = {"school": school, "class_name": class_name, "name": name,
              "code": code_key(code) if code else ""}
    return (record if not errors else None), errors


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text)


def _save(records, replace: bool) -> RosterResult:
    school_ids = {r["school"].id for r in records}
    existing = RosterEntry.query.filter(RosterEntry.school_id.in_(school_ids)).all()
    by_code = {(e.school_id, e.pupil_code): e for e in existing if e.pupil_code}
    by_name = defaultdict(list)
    for entry in sorted(existing, key=lambda e: e.id):
        by_name[(entry.school_id, entry.class_key, name_key(entry.full_name))].append(entry)
    touched, added, updated = set(), 0, 0
    try:
        for record in records:
            sid = record["school"].id
            entry = by_code.get((sid, record["code"])) if record["code"] else None
            if entry is None:
                candidates = [e for e in by_name[(sid, class_key(record["class_name"]),
                                                  name_key(record["name"]))]
                              if e.id not in touched and (not record["code"]
                                                          or not e.pupil_code)]
                entry = candidates[0] if candidates else None
            if entry is None:
                entry = RosterEntry(school_id=sid)
                db.session.add(entry)
                added += 1
            else:
                updated += 1
            entry.class_name = record["class_name"]
            entry.class_key = class_key(record["class_name"])
            entry.full_name = record["name"]
            entry.pupil_code = record["code"] or entry.pupil_code or ""
            entry.active = True
            db.session.flush()
            touched.add(entry.id)
        left = 0
        if replace:
            for entry in existing:
                if entry.id not in touched and entry.active:
                    entry.active = False
                    left += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return RosterResult(added=added, updated=updated, left=left)


def has_roster(school_id: int) -> bool:
    return db.session.query(RosterEntry.id).filter_by(school_id=school_id,
                                                      active=True).first() is not None


def roster_classes(school_id: int) -> list[str]:
    """Return the class names of a school's roster in natural order (6A, 6B, 10A...)."""
    names = {}
    for class_name, key in db.session.query(RosterEntry.class_name, RosterEntry.class_key) \
            .filter_by(school_id=school_id, active=True).distinct():
        names.setdefault(key, class_name)
    return [names[k] for k in sorted(names, key=_natural)]


def roster_pupils(school_id: int, class_name: str) -> list[dict]:
    """Return [{id, name}] of one class, namesakes told apart by a number after the name."""
    entries = RosterEntry.query.filter_by(school_id=school_id, class_key=class_key(class_name),
                                          active=True).order_by(RosterEntry.id).all()
    entries.sort(key=lambda e: (name_key(e.full_name.split()[-1]), name_key(e.full_name)))
    counts = defaultdict(int)
    out = []
    for entry in entries:
        counts[name_key(entry.full_name)] += 1
    seen = defaultdict(int)
    for entry in entries:
        label = entry.full_name
        if counts[name_key(entry.full_name)] > 1:
            seen[name_key(entry.full_name)] += 1
            label = f"{entry.full_name} ({seen[name_key(entry.full_name)]})"
        out.append({"id": entry.id, "name": label})
    return out


def _natural(key: str):
    digits = "".join(ch for ch in key if ch.isdigit())
    return (int(digits) if digits else 0, key)


def roster_entry_of(school_id: int, entry_id) -> RosterEntry | None:
    """Return the active entry `entry_id` of this school's roster, else None (junk included)."""
    text = str(entry_id)
    if not (text.isdigit() and len(text) <= 10 and int(text) < 2**31):
        return None
    entry = db.session.get(RosterEntry, int(text))
    return entry if entry is not None and entry.school_id == school_id and entry.active \
        else None


def roster_nickname(entry: RosterEntry, limit: int = 40) -> str:
    """The name a roster pupil plays under: as the class list shows it ("An (2)" for a
    namesake), shortened from the middle names when longer than `limit`."""
    namesakes = [e.id for e in RosterEntry.query.filter_by(
        school_id=entry.school_id, class_key=entry.class_key, active=True).order_by(
        RosterEntry.id) if name_key(e.full_name) == name_key(entry.full_name)]
    suffix = f" ({namesakes.index(entry.id) + 1})" if len(namesakes) > 1 \
        and entry.id in namesakes else ""
    words = entry.full_name.split()
    name = entry.full_name
    while len(name) + len(suffix) > limit and len(words) > 2:
        words.pop(1)  # drop a middle name first: "Nguyễn ... Thảo Nguyên"
        name = " ".join(words)
    return (name[:limit - len(suffix)] + suffix).strip()
