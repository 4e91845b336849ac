"""Programs held outside the app: who may record them, the checks, the evidence file, the counts.

A school's host records the programs their own school held (an assembly, a lesson, a
conference...); an admin (the department) records them for any school, including the
department's own campaigns held in schools. Each record names one school, its days, kind,
topic, whether it is about critical thinking and misinformation, who organised it, and its
participants per level the school teaches (never more than the school's enrolment at that
level).

Counting (docs/coverage.md): a program belongs to the period of its last day, like a program
in the app. At each level where its declared participants reach K, the school held a program
(and a critical-thinking one when marked so). Declared participants cannot be told apart
pupil by pupil, neither from each other nor from the pupils identified in the app: a school's
declared figure at a level is the largest attendance of one of its programs in the period
(sessions of one school mostly reach the same pupils again), shown apart from the identified
pupils, and "pupils reached" adds it to them, capped at the enrolment.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from quizapp.core.clock import today_local, utcnow
from quizapp.coverage.models import (
    OFFLINE_CHANNELS,
    OFFLINE_KINDS,
    OfflineProgram,
    OfflineProgramChange,
)
from quizapp.coverage.periods import Period, PeriodError, parse_day
from quizapp.extensions import db
from quizapp.schools.models import LEVELS, PUPIL_LEVELS, School
from quizapp.uploads import UploadRefused, check_size

KIND_LABELS = {
    "assembly": _l("Chào cờ, sinh hoạt dưới cờ"),
    "lesson": _l("Tiết học, lồng ghép vào bài học"),
    "conference": _l("Hội nghị, tọa đàm"),
    "extracurricular": _l("Ngoại khóa"),
    "contest": _l("Cuộc thi tổ chức ngoài ứng dụng"),
    "other": _l("Khác"),
}
CHANNEL_LABELS = {"school": _l("Nhà trường tự tổ chức"), "department": _l("Chiến dịch của Sở")}
MAX_TOPIC, MAX_DETAIL, MAX_DAYS, MAX_COUNT = 200, 120, 366, 1_000_000
EVIDENCE_TYPES = {"PDF": "application/pdf", "JPEG": "image/jpeg", "PNG": "image/png"}
EVIDENCE_SUFFIX = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
MAX_EVIDENCE_PIXELS = 8000 * 8000
assert set(KIND_LABELS) == set(OFFLINE_KINDS) and set(CHANNEL_LABELS) == set(OFFLINE_CHANNELS)


class OfflineRefused(ValueError):
    """The record was refused; `errors` is [(field, message)] and nothing was written."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors))
        self.errors = errors


@dataclass
class Evidence:
    """An uploaded evidence file, checked: its bytes, its sniffed type and a display name."""

    data: bytes
    content_type: str
    name: str


# Who may do what --------------------------------------------------------------------------

def may_record(user, school_id) -> bool:
    """An admin for any school; a host for their own school only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == "admin":
        return True
    return user.role == "host" and user.school_id is not None and user.school_id == school_id


def may_see(user, school_id) -> bool:
    """The department (admins, viewers) sees every school's programs; a host their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role in ("admin", "viewer"):
        return True
    return user.role == "host" and user.school_id is not None and user.school_id == school_id


def visible(query, user):
    """Restrict a query over OfflineProgram to the programs `user` may see."""
    if getattr(user, "role", None) in ("admin", "viewer"):
        return query
    school_id = getattr(user, "school_id", None)
    if getattr(user, "role", None) != "host" or school_id is None:
        return query.where(OfflineProgram.id.is_(None))
    return query.where(OfflineProgram.school_id == school_id)


# Checks ------------------------------------------------------------------------------------

def _day(value, field, errors):
    if isinstance(value, date):
        return value
    if not str(value or "").strip():
        errors.append((field, _("không được để trống")))
        return None
    try:
        return parse_day(str(value))
    except PeriodError as error:
        errors.append((field, str(error)))
        return None


def _count(value):
    """Read a count ("120", "120.0" from a spreadsheet, "" for none); None when not a count."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= MAX_COUNT else None
    text = str(value or "").strip().replace(" ", "")
    text = text[:-2] if text.endswith(".0") else text
    if not text:
        return 0
    return int(text) if text.isdigit() and len(text) <= 7 and int(text) <= MAX_COUNT else None


def _text(value, field, limit, errors, required=True):
    text = " ".join(str(value or "").split())
    if required and not text:
        errors.append((field, _("không được để trống")))
    elif len(text) > limit:
        errors.append((field, _("dài quá %(n)d ký tự", n=limit)))
    elif any(not ch.isprintable() for ch in text):
        errors.append((field, _("có ký tự điều khiển")))
    return text[:limit]


def level_field(level: str) -> str:
    return f"participants_{level}"


def clean(values: dict, school: School, today: date | None = None) -> tuple[dict, list]:
    """Check one record for `school`; return (fields for OfflineProgram, [(field, message)]).

    `values`: starts_on, ends_on (date or text), kind, kind_detail, topic, critical (bool),
    channel, participants {level: count or text}.
    """
    today = today or today_local()
    errors = []
    starts = _day(values.get("starts_on"), "starts_on", errors)
    ends = _day(values.get("ends_on") or values.get("starts_on"), "ends_on", errors)
    if starts and ends:
        if ends < starts:
            errors.append(("ends_on", _("ngày kết thúc trước ngày bắt đầu")))
        elif (ends - starts).days >= MAX_DAYS:
            errors.append(("ends_on", _("một chương trình kéo dài tối đa %(n)d ngày",
                                        n=MAX_DAYS)))
        if ends > today:
            errors.append(("ends_on", _("chương trình chưa diễn ra: chỉ ghi nhận chương trình "
                                        "đã tổ chức (ngày kết thúc đến hôm nay)")))
        if starts.year < 2000:
            errors.append(("starts_on", _("ngày không hợp lệ")))
    kind = str(values.get("kind") or "")
    if kind not in OFFLINE_KINDS:
        errors.append(("kind", _("hình thức không hợp lệ")))
    detail = _text(values.get("kind_detail"), "kind_detail", MAX_DETAIL, errors,
                   required=kind == "other")
    topic = _text(values.get("topic"), "topic", MAX_TOPIC, errors)
    channel = str(values.get("channel") or "")
    if channel not in OFFLINE_CHANNELS:
        errors.append(("channel", _("đơn vị tổ chức không hợp lệ")))
    participants = {}
    given = values.get("participants") or {}
    for level, raw in given.items():
        count = _count(raw)
        field = level_field(level) if level in PUPIL_LEVELS else "participants"
        if count is None:
            errors.append((field, _("'%(v)s' không phải số học sinh", v=str(raw)[:20])))
        elif count and level not in school.teaches:
            errors.append((field, _("trường %(s)s không dạy cấp %(l)s", s=school.name,
                                    l=_(LEVELS[level][0]) if level in LEVELS else level)))
        elif count:
            enrolment = school.enrolment_at(level)
            if enrolment == 0:
                errors.append((field, _("trường chưa có sĩ số cấp %(l)s: hãy cập nhật danh "
                                        "sách trường trước", l=_(LEVELS[level][0]))))
            elif count > enrolment:
                errors.append((field, _("%(n)d học sinh vượt sĩ số cấp %(l)s của trường "
                                        "(%(e)d)", n=count, l=_(LEVELS[level][0]),
                                        e=enrolment)))
            else:
                participants[level] = count
    if not participants and not any(f.startswith("participants") for f, _m in errors):
        errors.append(("participants", _("hãy ghi số học sinh tham gia ở ít nhất một cấp học")))
    fields = {"school_id": school.id, "starts_on": starts, "ends_on": ends, "kind": kind,
              "kind_detail": detail if kind == "other" else "", "topic": topic,
              "critical": bool(values.get("critical")), "channel": channel,
              "participants": participants}
    return fields, errors


def check_evidence(data: bytes, filename: str) -> Evidence:
    """Accept a PDF, JPEG or PNG by its content (never its name) within the upload limit."""
    name = "".join(ch for ch in (filename or "") if ch.isprintable()).strip()[:200] or "tep"
    try:
        check_size(data, name)
    except UploadRefused as refused:
        raise OfflineRefused([("evidence", refused.message)]) from None
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise OfflineRefused([("evidence", _("tệp PDF không đầy đủ"))])
        return Evidence(data, EVIDENCE_TYPES["PDF"], name)
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            width, height = image.size
            if kind in EVIDENCE_TYPES and width * height <= MAX_EVIDENCE_PIXELS:
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        kind = None
    if kind not in ("JPEG", "PNG"):
        raise OfflineRefused([("evidence", _("chỉ nhận tệp PDF, ảnh JPEG hoặc PNG"))])
    if width * height > MAX_EVIDENCE_PIXELS:
        raise OfflineRefused([("evidence", _("ảnh quá nhiều điểm ảnh"))])
    return Evidence(data, EVIDENCE_TYPES[kind], name)


def evidence_dir() -> Path:
    path = Path(current_app.instance_path) / "offline-evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def evidence_path(program: OfflineProgram) -> Path | None:
    return evidence_dir() / program.evidence_file if program.evidence_file else None


# Writing -----------------------------------------------------------------------------------

def snapshot(program: OfflineProgram) -> dict:
    """What a record said, for the change history."""
    return {"school_id": program.school_id, "starts_on": program.starts_on.isoformat(),
            "ends_on": program.ends_on.isoformat(), "kind": program.kind,
            "kind_detail": program.kind_detail, "topic": program.topic,
            "critical": program.critical, "channel": program.channel,
            "participants": dict(program.participants or {}),
            "evidence": program.evidence_name}


def user_name(user) -> str:
    return (getattr(user, "display_name", None) or getattr(user, "username", None)
            or "quizapp")[:120]


def save(program: OfflineProgram | None, values: dict, school: School, user,
         evidence: Evidence | None = None, drop_evidence: bool = False) -> OfflineProgram:
    """Create (program None) or change a record; every check passes or nothing is written."""
    fields, errors = clean(values, school)
    if errors:
        raise OfflineRefused(errors)
    before = snapshot(program) if program is not None else None
    old_file = program.evidence_file if program is not None else None
    if program is None:
        program = OfflineProgram(created_by_id=getattr(user, "id", None),
                                 created_by_name=user_name(user))
        db.session.add(program)
    else:
        program.updated_by_name = user_name(user)
        program.updated_at = utcnow()
    for key, value in fields.items():
        setattr(program, key, value)
    written = None
    if evidence is not None:
        written = secrets.token_hex(24)
        (evidence_dir() / written).write_bytes(evidence.data)
        program.evidence_file, program.evidence_name = written, evidence.name
        program.evidence_type, program.evidence_size = evidence.content_type, len(evidence.data)
    elif drop_evidence:
        program.evidence_file, program.evidence_name = None, ""
        program.evidence_type, program.evidence_size = "", 0
    try:
        db.session.flush()
        db.session.add(OfflineProgramChange(
            program_id=program.id, school_id=program.school_id,
            action="updated" if before else "created", by_id=getattr(user, "id", None),
            by_name=user_name(user), before=before, after=snapshot(program)))
        db.session.commit()
    except Exception:
        db.session.rollback()
        if written:
            (evidence_dir() / written).unlink(missing_ok=True)
        raise
    if old_file and old_file != program.evidence_file:
        (evidence_dir() / old_file).unlink(missing_ok=True)
    return program


def delete(program: OfflineProgram, user) -> None:
    """Delete a record (and its evidence file); the change history keeps what it said."""
    old_file = program.evidence_file
    db.session.add(OfflineProgramChange(
        program_id=program.id, school_id=program.school_id, action="deleted",
        by_id=getattr(user, "id", None), by_name=user_name(user), before=snapshot(program)))
    db.session.delete(program)
    db.session.commit()
    if old_file:
        (evidence_dir() / old_file).unlink(missing_ok=True)


def history(program_id: int) -> list[OfflineProgramChange]:
    return (OfflineProgramChange.query.filter_by(program_id=program_id)
            .order_by(OfflineProgramChange.at, OfflineProgramChange.id).all())


# Counting ----------------------------------------------------------------------------------

def in_period(period: Period):
    """A select of the programs whose last day falls in the period, up to its report day."""
    return select(OfflineProgram).where(
        OfflineProgram.ends_on.between(period.start, period.cutoff))


def period_programs(period: Period, school_id: int | None = None) -> list[OfflineProgram]:
    """The period's programs (of one school when given), in the order they ended."""
    query = in_period(period)
    if school_id is not None:
        query = query.where(OfflineProgram.school_id == school_id)
    return list(db.session.scalars(query.order_by(OfflineProgram.ends_on, OfflineProgram.id)))


def add_figures(cells: dict, period: Period, k: int) -> None:
    """Add the period's offline programs to the cells {(school, level): figures} in place.

    At each level with K declared participants or more the program counts as held (and as a
    critical-thinking program when marked so); `declared` keeps the largest attendance of one
    program, `attendances` their sum, `offline` how many programs were recorded.
    """
    for school_id, participants, critical in db.session.execute(
            select(OfflineProgram.school_id, OfflineProgram.participants,
                   OfflineProgram.critical)
            .where(OfflineProgram.ends_on.between(period.start, period.cutoff))):
        for level, count in (participants or {}).items():
            count = int(count)
            if count <= 0:
                continue
            cell = cells[(school_id, level)]
            cell["offline"] += 1
            cell["attendances"] += count
            cell["declared"] = max(cell["declared"], count)
            if count >= k:
                cell["programs"] += 1
                cell["critical"] += int(bool(critical))


def by_channel(period: Period, school_ids) -> dict:
    """{channel: {"programs": n, "attendances": declared sum}} for the schools given."""
    wanted = set(school_ids)
    found = defaultdict(lambda: {"programs": 0, "attendances": 0})
    for school_id, channel, participants in db.session.execute(
            select(OfflineProgram.school_id, OfflineProgram.channel,
                   OfflineProgram.participants)
            .where(OfflineProgram.ends_on.between(period.start, period.cutoff))):
        if school_id in wanted:
            found[channel]["programs"] += 1
            found[channel]["attendances"] += sum(int(n) for n in (participants or {}).values())
    return found

