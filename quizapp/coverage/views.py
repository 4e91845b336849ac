"""The coverage dashboard: province, unit, school; the lists behind every number; the
yearly report (print page, XLSX, CSV); plan targets; anonymising a closed year."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from quizapp.campaigns.service import may_see_names
from quizapp.core.permissions import requires
from quizapp.coverage import privacy, quality, report, service
from quizapp.coverage.forms import INDICATOR_LABELS, TargetForm
from quizapp.coverage.models import CoverageTarget
from quizapp.extensions import db
from quizapp.schools.models import LEVELS, AdminUnit, School
from quizapp.schools.years import parse_year, year_closed, year_label

bp = Blueprint("coverage", __name__, url_prefix="/coverage")
LIST_FILTERS = ("all", "held", "missing", "critical", "no_critical", "no_enrolment")


def _filters():
    """Read ?year=2025-2026&level=secondary (bad values fall back to the defaults)."""
    year = parse_year(request.args.get("year"), service.current_year())
    level = request.args.get("level", "secondary")
    if level not in dict(service.level_choices()):
        level = "secondary"
    return year, level


def _context(year, level, **extra):
    return {"year": year, "year_label": year_label(year), "level": level,
            "levels": service.level_choices(), "years": service.years_available(),
            "k": service.min_participants(), **extra}


@bp.get("/")
@requires("coverage.view")
def dashboard():
    """The province: indicators against targets, units, missing schools, months, topics."""
    year, level = _filters()
    rows = service.school_rows(year, level)
    total = service.totals(rows)
    return render_template(
        "coverage/dashboard.html", scope="province", rows=rows, total=total,
        indicators=service.indicators(total, service.targets_for(year)),
        units=service.by_unit(rows), missing=[r for r in rows if not r.held],
        months=service.monthly(year, level), topics=service.topic_mastery(year, level),
        identity_note=quality.summary(year), **_context(year, level))


@bp.get("/quality")
@requires("coverage.view")
def quality_panel():
    """Data quality: unmatched and empty schools, unverified claims, likely duplicates, groups."""
    year, level = _filters()
    return render_template("coverage/quality.html", quality=quality.year_quality(year),
                           identity_note=quality.summary(year), **_context(year, level))


@bp.get("/units/<int:unit_id>")
@requires("coverage.view")
def unit(unit_id):
    """One unit: the same figures, its schools instead of the units."""
    area = db.get_or_404(AdminUnit, unit_id)
    year, level = _filters()
    rows = service.school_rows(year, level, unit_id=area.id)
    total = service.totals(rows)
    return render_template(
        "coverage/dashboard.html", scope="unit", unit=area, rows=rows, total=total,
        indicators=service.indicators(total, service.targets_for(year)),
        missing=[r for r in rows if not r.held],
        months=service.monthly(year, level, unit_id=area.id),
        topics=service.topic_mastery(year, level, unit_id=area.id, by="school"),
        **_context(year, level))


@bp.get("/schools")
@requires("coverage.view")
def school_list():
    """The schools behind a number: held, missing, critical... in a unit or the province."""
    year, level = _filters()
    unit_id = request.args.get("unit", type=int)
    which = request.args.get("filter", "all")
    if which not in LIST_FILTERS:
        which = "all"
    rows = service.school_rows(year, level, unit_id=unit_id)
    keep = {"all": lambda r: True, "held": lambda r: r.held, "missing": lambda r: not r.held,
            "critical": lambda r: r.critical, "no_critical": lambda r: not r.critical,
            "no_enrolment": lambda r: r.enrolment == 0}[which]
    area = db.session.get(AdminUnit, unit_id) if unit_id else None
    return render_template("coverage/schools.html", rows=[r for r in rows if keep(r)],
                           which=which, unit=area, **_context(year, level))


def _school_page(school, year, level, students):
    rows = service.school_rows(year, "all", school_id=school.id)
    row = rows[0] if rows else None
    return render_template(
        "coverage/school.html", school=school, row=row,
        programs=service.programs(year, "all", school_id=school.id),
        classes=service.school_classes(year, school.id),
        topics=service.topic_mastery(year, "all", school_id=school.id, by="school"),
        months=service.monthly(year, "all", school_id=school.id),
        students=students, **_context(year, level))


@bp.get("/schools/<int:school_id>")
@requires("coverage.view")
def school(school_id):
    """A school: its programs, participants per class, scores by topic (names: admin only)."""
    item = db.get_or_404(School, school_id)
    year, level = _filters()
    students = privacy.school_students(year, item.id) \
        if may_see_names(current_user, item.id) else None
    return _school_page(item, year, level, students)


@bp.get("/my-school")
@requires("contests.run")
def my_school():
    """A host's own school, with the names of its students."""
    year, level = _filters()
    if current_user.school_id is None:
        return render_template("coverage/no_school.html", **_context(year, level))
    item = db.get_or_404(School, current_user.school_id)
    return _school_page(item, year, level, privacy.school_students(year, item.id))


@bp.get("/programs")
@requires("coverage.view")
def program_list():
    """The programs behind a number (a unit's, a school's, critical-thinking ones...)."""
    year, level = _filters()
    unit_id = request.args.get("unit", type=int)
    school_id = request.args.get("school", type=int)
    counted = request.args.get("counted") == "1"
    critical = request.args.get("critical") == "1"
    items = service.programs(year, level, unit_id=unit_id, school_id=school_id,
                             counted_only=counted, critical_only=critical)
    return render_template(
        "coverage/programs.html", items=items, counted=counted, critical=critical,
        unit=db.session.get(AdminUnit, unit_id) if unit_id else None,
        school=db.session.get(School, school_id) if school_id else None,
        **_context(year, level))


@bp.get("/report")
@requires("coverage.view")
def report_page():
    """The yearly report as a print-friendly page."""
    year, level = _filters()
    return render_template("coverage/report.html", data=report.yearly_report(year, level),
                           labels=report.INDICATOR_LABELS, **_context(year, level))


@bp.get("/report.<fmt>")
@requires("coverage.view")
def report_file(fmt):
    year, level = _filters()
    name = f"bao-cao-an-toan-thong-tin-{year_label(year)}"
    if fmt == "xlsx":
        body = report.workbook_bytes(year, level)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body, mimetype = report.csv_bytes(year, level), "text/csv; charset=utf-8"
    else:
        abort(404)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename={name}.{fmt}"})


@bp.get("/targets")
@requires("coverage.view")
def targets():
    """The plan targets (an admin edits them here)."""
    service.ensure_default_targets()
    items = CoverageTarget.query.order_by(CoverageTarget.first_year.desc(),
                                          CoverageTarget.indicator).all()
    form = TargetForm(formdata=None)
    form.levels.data = list(service.SECONDARY)
    year, level = _filters()
    return render_template("coverage/targets.html", items=items, form=form,
                           indicator_labels=INDICATOR_LABELS, level_labels=LEVELS,
                           editable=current_user.role == "admin", **_context(year, level))


@bp.post("/targets")
@requires("schools.manage")  # admin only: targets are plan data, like the school registry
def target_save():
    target_id = request.form.get("target_id", type=int)
    target = db.get_or_404(CoverageTarget, target_id) if target_id else None
    if request.form.get("action") == "delete" and target is not None:
        db.session.delete(target)
        db.session.commit()
        flash(_("Đã xoá mục tiêu."), "success")
        return redirect(url_for(".targets"))
    form = TargetForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return redirect(url_for(".targets"))
    target = target or CoverageTarget()
    form.populate_obj(target)
    target.levels = list(form.levels.data)
    target.source = (form.source.data or "").strip()
    db.session.add(target)
    db.session.commit()
    flash(_("Đã lưu mục tiêu."), "success")
    return redirect(url_for(".targets"))


@bp.get("/privacy")
@requires("users.manage")
def privacy_page():
    """Anonymise the student names of a closed school year (admin)."""
    done = privacy.anonymised_years()
    closed = [y for y in service.years_available() if year_closed(y)]
    return render_template("coverage/privacy.html", closed_years=closed, done=done)


@bp.post("/privacy/anonymise")
@requires("users.manage")
def anonymise():
    year = parse_year(request.form.get("year"))
    if year is None or request.form.get("confirm") != year_label(year):
        flash(_("Hãy gõ đúng năm học (ví dụ 2024-2025) để xác nhận."), "danger")
        return redirect(url_for(".privacy_page"))
    try:
        record = privacy.anonymise_year(year, current_user)
    except privacy.PrivacyError as refused:
        flash(str(refused), "danger")
    else:
        flash(_("Đã ẩn danh năm học %(year)s: %(a)d bài làm, %(p)d người chơi.",
                year=year_label(year), a=record.attempts, p=record.players), "success")
    return redirect(url_for(".privacy_page"))


@bp.app_template_filter("cov_pct")
def format_pct(value):
    """83.3 -> "83,3%" in Vietnamese, "83.3%" in English; None -> "—"."""
    if value is None:
        return "—"
    text = f"{value:.1f}".removesuffix(".0")
    return (text if _english() else text.replace(".", ",")) + "%"


@bp.app_template_filter("cov_num")
def format_number(value):
    """12345 -> "12.345" in Vietnamese, "12,345" in English."""
    if value is None:
        return "—"
    text = f"{int(value):,}"
    return text if _english() else text.replace(",", ".")


def _english() -> bool:
    from flask_babel import get_locale

    return str(get_locale()) == "en"
