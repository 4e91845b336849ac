"""Freeze a reported period: an immutable snapshot of every figure, who froze it and when.

Once a period is frozen, its report (page and files) is drawn from the snapshot, so a later
registry import, a deactivated school, an edited old contest, a practice flag or an
anonymisation changes nothing already submitted. A correction is a new version with a reason;
`differences` lists what changed between two versions.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.core.clock import format_local
from quizapp.coverage.models import CoverageFreeze
from quizapp.coverage.periods import Period
from quizapp.extensions import db

MAX_REASON = 500


class FreezeError(ValueError):
    """A user-facing reason why a freeze was refused."""


def latest(period_key: str) -> CoverageFreeze | None:
    return (CoverageFreeze.query.filter_by(period=period_key)
            .order_by(CoverageFreeze.version.desc()).first())


def versions(period_key: str) -> list[CoverageFreeze]:
    return (CoverageFreeze.query.filter_by(period=period_key)
            .order_by(CoverageFreeze.version).all())


def frozen_periods() -> list[CoverageFreeze]:
    """The latest version of every frozen period, newest period first."""
    last = (select(CoverageFreeze.period, func.max(CoverageFreeze.version).label("v"))
            .group_by(CoverageFreeze.period).subquery())
    return (CoverageFreeze.query.join(last, (CoverageFreeze.period == last.c.period)
                                      & (CoverageFreeze.version == last.c.v))
            .order_by(CoverageFreeze.period.desc()).all())


def freeze(period: Period, user=None, reason: str = "", number: str = "") -> CoverageFreeze:
    """Snapshot the report of `period`; a period already frozen needs a reason."""
    from quizapp.coverage.report import build_report

    reason = (reason or "").strip()
    if len(reason) > MAX_REASON or any(not ch.isprintable() for ch in reason):
        raise FreezeError(_("Lý do tối đa %(n)d ký tự, không có ký tự điều khiển.",
                            n=MAX_REASON))
    if len(number) > 40 or any(not ch.isprintable() for ch in number):
        raise FreezeError(_("Số văn bản tối đa 40 ký tự."))
    previous = latest(period.key)
    if previous is not None and not reason:
        raise FreezeError(_("Kỳ %(p)s đã chốt (phiên bản %(v)d); phiên bản mới cần ghi lý do.",
                            p=period.key, v=previous.version))
    with force_locale("vi"):  # the document as submitted is Vietnamese, whoever froze it
        figures = build_report(period, number=number)
    record = CoverageFreeze(
        period=period.key, as_of=period.as_of, version=(previous.version + 1) if previous else 1,
        reason=reason, by_id=getattr(user, "id", None),
        by_name=getattr(user, "display_name", None) or getattr(user, "username", None)
        or "quizapp", figures=figures)
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:  # two admins froze the same period at the same moment
        db.session.rollback()
        raise FreezeError(_("Kỳ này vừa được chốt bởi người khác; hãy tải lại trang.")) \
            from None
    return record


def with_stamp(record: CoverageFreeze) -> dict:
    """The frozen figures with who froze them, when, and why (for the files and the page)."""
    return {**record.figures, "frozen": {
        "version": record.version, "by": record.by_name, "reason": record.reason,
        "at": format_local(record.at)}}


def differences(old: dict, new: dict, path: str = "") -> list[dict]:
    """Every figure that differs between two snapshots: [{path, old, new}].

    Lists of schools are compared by school code and level; other lists by position.
    """
    skip = {"generated", "frozen"}
    out = []
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if key in skip:
                continue
            out += differences(old.get(key), new.get(key), f"{path}.{key}" if path else key)
    elif isinstance(old, list) and isinstance(new, list):
        if all(isinstance(x, dict) and "code" in x for x in old + new):
            before = {(x["code"], x.get("level")): x for x in old}
            after = {(x["code"], x.get("level")): x for x in new}
            for key in sorted(set(before) | set(after)):
                label = f"{path}[{key[0]} {key[1] or ''}]".replace(" ]", "]")
                out += differences(before.get(key), after.get(key), label)
        else:
            for index in range(max(len(old), len(new))):
                a = old[index] if index < len(old) else None
                b = new[index] if index < len(new) else None
                out += differences(a, b, f"{path}[{index}]")
    elif old != new:
        out.append({"path": path, "old": old, "new": new})
    return out
