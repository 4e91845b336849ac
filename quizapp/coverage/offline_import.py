"""The department's file of programs held outside the app (CSV or XLSX), all or nothing.

One row per program and school: school code, first and last day, kind, its description when
the kind is "other", topic, critical thinking (yes/no), organiser (school/department), and the
participants per level. Vietnamese or English headers, in any order. Every row is checked by
the same rules as the form (coverage/offline.py); any error lists every problem with its file,
line and column, and nothing is written.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from quizapp.coverage import offline
from quizapp.coverage.models import OfflineProgram, OfflineProgramChange
from quizapp.extensions import db
from quizapp.schools.models import PUPIL_LEVELS, School
from quizapp.schools.registry import RegistryRejected, RowError, fold, map_header, read_table
from quizapp.uploads import UploadRefused, check_size

MAX_ROWS = 5_000
LEVEL_SHORT = {"primary": "TH", "lower_secondary": "THCS", "upper_secondary": "THPT",
               "continuing_education": "GDTX", "university": "DH CD"}
COLUMNS = ("school", "starts_on", "ends_on", "kind", "kind_detail", "topic", "critical",
           "channel") + tuple(f"participants_{level}" for level in PUPIL_LEVELS)
REQUIRED = ("school", "starts_on", "kind", "topic", "channel")
# Folded header spellings accepted for each column (Vietnamese without accents, English).
HEADER_ALIASES = {
    "school": ("ma truong", "school code", "school"),
    "starts_on": ("tu ngay", "ngay", "ngay bat dau", "from", "start", "date"),
    "ends_on": ("den ngay", "ngay ket thuc", "to", "end"),
    "kind": ("hinh thuc", "kind"),
    "kind_detail": ("hinh thuc khac", "mo ta hinh thuc", "kind detail", "other kind"),
    "topic": ("noi dung", "chu de", "topic"),
    "critical": ("tu duy phan bien", "critical thinking", "critical"),
    "channel": ("don vi to chuc", "to chuc", "organiser", "organizer"),
    **{f"participants_{level}": (f"so hs {short.lower()}", f"hs {short.lower()}",
                                 f"{level} pupils", level)
       for level, short in LEVEL_SHORT.items()},
}
KIND_ALIASES = {
    "assembly": ("chao co", "sinh hoat duoi co", "chao co sinh hoat duoi co", "assembly"),
    "lesson": ("tiet hoc", "long ghep", "tiet hoc long ghep", "tiet hoc long ghep vao bai hoc",
               "lesson"),
    "conference": ("hoi nghi", "toa dam", "hoi nghi toa dam", "conference"),
    "extracurricular": ("ngoai khoa", "extracurricular"),
    "contest": ("cuoc thi", "cuoc thi to chuc ngoai ung dung", "contest"),
    "other": ("khac", "other"),
}
CHANNEL_ALIASES = {"school": ("truong", "nha truong", "nha truong tu to chuc", "school"),
                   "department": ("so", "chien dich cua so", "so gd dt", "so gddt",
                                  "department")}
YES = ("co", "x", "1", "yes", "true", "dung")
NO = ("", "khong", "0", "no", "false")


def template_header() -> list[str]:
    """The template's column titles, in Vietnamese (the department's own files)."""
    with force_locale("vi"):
        return [str(title) for title in _titles().values()]


def _titles() -> dict:
    titles = {"school": _("mã trường"), "starts_on": _("từ ngày"), "ends_on": _("đến ngày"),
              "kind": _("hình thức"), "kind_detail": _("hình thức khác"),
              "topic": _("nội dung"), "critical": _("tư duy phản biện"),
              "channel": _("đơn vị tổ chức")}
    for level, short in LEVEL_SHORT.items():
        titles[f"participants_{level}"] = _("số HS %(level)s", level=short.replace(" ", "/"))
    return titles


def template_csv() -> bytes:
    from quizapp.core.spreadsheet import csv_bytes

    with force_locale("vi"):
        sample = ["MAU-THCS-1", "2026-10-05", "2026-10-05", str(offline.KIND_LABELS["assembly"]),
                  "", _("Nhận diện tin giả trên mạng xã hội"), _("có"), _("trường"),
                  "", "420", "", "", ""]
    return csv_bytes([sample], template_header())


def _map_header(header, filename):
    """Columns by their English or Vietnamese titles or aliases (registry.map_header's rules)."""
    titles = _titles()
    with force_locale("vi"):
        vietnamese = _titles()
    aliases = {name: [*HEADER_ALIASES.get(name, ()), titles[name], vietnamese[name]]
               for name in titles}
    return map_header(header, filename, aliases, titles, REQUIRED)


def _choice(text, aliases):
    key = fold(text)
    for value, spellings in aliases.items():
        if key in spellings or key == value:
            return value
    return None


def import_programs(data: bytes, filename: str, user) -> int:
    """Add every program of the file, or raise RegistryRejected with every error."""
    try:
        check_size(data, filename)
        header, rows = read_table(data, filename)
    except UploadRefused as refused:
        raise RegistryRejected([RowError(filename, refused.line, None, refused.message)]) \
            from None
    columns, errors = _map_header(header, filename)
    if errors:
        raise RegistryRejected(errors)
    titles = _titles()
    schools = {fold(s.code): s for s in School.query.filter(School.active.is_(True))}
    records = []
    for line, row in rows:
        if len(records) >= MAX_ROWS:
            errors.append(RowError(filename, line, None, _("quá %(n)d dòng", n=MAX_ROWS)))
            break
        cells = {name: (row[index] or "").strip() if index < len(row) else ""
                 for name, index in columns.items()}
        if not any(cells.values()):
            continue
        row_errors = []

        def error(column, message, line=line, row_errors=row_errors):
            row_errors.append(RowError(filename, line, titles.get(column, column), message))

        school = schools.get(fold(cells["school"]))
        if school is None:
            error("school", _("không có trường đang hoạt động mã '%(c)s'",
                              c=cells["school"][:40]))
            errors.extend(row_errors)
            continue
        kind = _choice(cells["kind"], KIND_ALIASES)
        channel = _choice(cells["channel"], CHANNEL_ALIASES)
        critical = fold(cells.get("critical", ""))
        if critical not in YES + NO:
            error("critical", _("ghi 'có' hoặc 'không'"))
        values = {"starts_on": cells["starts_on"], "ends_on": cells.get("ends_on", ""),
                  "kind": kind or "", "kind_detail": cells.get("kind_detail", ""),
                  "topic": cells["topic"], "critical": critical in YES,
                  "channel": channel or "",
                  "participants": {level: cells.get(f"participants_{level}", "")
                                   for level in PUPIL_LEVELS
                                   if cells.get(f"participants_{level}", "")}}
        fields, problems = offline.clean(values, school)
        for field, message in problems:
            column = "participants_" + school.teaches[0] if field == "participants" \
                else field
            error(column, message)
        errors.extend(row_errors)
        if not row_errors:
            records.append(fields)
    if errors:
        raise RegistryRejected(errors)
    if not records:
        raise RegistryRejected([RowError(filename, None, None, _("tệp không có dòng nào"))])
    name = offline.user_name(user)
    try:
        for fields in records:
            program = OfflineProgram(**fields, created_by_id=getattr(user, "id", None),
                                     created_by_name=name)
            db.session.add(program)
            db.session.flush()
            db.session.add(OfflineProgramChange(
                program_id=program.id, school_id=program.school_id, action="created",
                by_id=getattr(user, "id", None), by_name=name,
                after=offline.snapshot(program)))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(records)
