"""The coverage dashboard: province, unit, school; the lists behind every number; the
yearly report (print page, XLSX, CSV); plan targets; anonymising a closed year."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from quizapp.core.permissions import may_see_names, requires
from quizapp.coverage import freeze, offline, privacy, quality, report, service
from quizapp.coverage.forms import INDICATOR_LABELS, TargetForm
from quizapp.coverage.models import CoverageTarget
from quizapp.extensions import db
from quizapp.schools import rosters
from quizapp.schools.models import LEVELS, PUPIL_LEVELS, AdminUnit, School
from quizapp.schools.units import ancestors, unit_tree
from quizapp.schools.years import parse_year, school_year_of, year_closed, year_label

bp = Blueprint("coverage", __name__, url_prefix="/coverage")
LIST_FILTERS = ("all", "held", "missing", "critical", "no_critical", "partial", "no_enrolment")


def _filters():
    """Read ?period=2026&as_of=2026-12-15&level=secondary (bad values fall back to defaults)."""
    period = service.period_from_request(request.args)
    level = request.args.get("level", "secondary")
    if level not in dict(service.level_choices()):
        level = "secondary"
    return period, level


def _context(period, level, **extra):
    keys = service.periods_available()
    if period.key not in keys:
        keys.insert(0, period.key)
    return {"period": period, "period_key": period.key, "as_of": period.as_of.isoformat(),
            "period_label": period.label, "level": level, "levels": service.level_choices(),
            "periods": keys, "k": service.min_participants(),
            "frozen": freeze.latest(period.key),
            "sample_only": not service.has_real_schools(), **extra}


def _crumbs(unit_id):
    tree = unit_tree()
    return list(reversed(ancestors(tree, unit_id))) if unit_id else []


@bp.get("/")
@requires("coverage.view")
def dashboard():
    """All schools: indicators against targets, per level, per unit, missing schools."""
    return _area(None)


@bp.get("/quality")
@requires("coverage.view")
def quality_panel():
    """Data quality: unmatched and empty schools, unverified claims, likely duplicates, groups."""
    period, level = _filters()
    year = school_year_of(period.cutoff)
    return render_template("coverage/quality.html", quality=quality.year_quality(year),
                           identity_note=quality.summary(year), **_context(period, level))


@bp.get("/units/<int:unit_id>")
@requires("coverage.view")
def unit(unit_id):
    """One unit (a province, or a xã / phường / đặc khu): the same figures, one level down."""
    area = db.get_or_404(AdminUnit, unit_id)
    return _area(area)


def _area(area):
    period, level = _filters()
    rows = service.school_rows(period, level, unit_id=area.id if area else None)
    total = service.totals(rows)
    tree = unit_tree()
    depth = len(ancestors(tree, area.id)) if area else 0
    provinces = {r.chain[-1] for r in rows if r.chain}
    if area is None and len(provinces) == 1:
        depth = 1  # one province: start at its units
    groups = service.group_rows(rows, depth, tree)
    leaf = area is not None and all(group["id"] == area.id for group in groups)
    return render_template(
        "coverage/dashboard.html", scope="unit" if leaf else "province", unit=area,
        crumbs=_crumbs(area.id) if area else [], rows=rows, total=total,
        indicators=service.indicators(total, period.year, service.levels_of(level)),
        per_level=service.by_level(rows, period.year), units=[] if leaf else groups,
        missing=[r for r in rows if not r.held],
        months=service.monthly(period, rows),
        topics=service.topic_mastery(period, rows, by="school" if leaf else "unit"),
        channels=service.channels(period, rows),
        identity_note=quality.summary(school_year_of(period.cutoff)), **_context(period, level))


@bp.get("/schools")
@requires("coverage.view")
def school_list():
    """The schools behind a number: held, missing, critical... in a unit or everywhere."""
    period, level = _filters()
    unit_id = request.args.get("unit", type=int)
    which = request.args.get("filter", "all")
    if which not in LIST_FILTERS:
        which = "all"
    rows = service.school_rows(period, level, unit_id=unit_id)
    keep = {"all": lambda r: True, "held": lambda r: r.held, "missing": lambda r: not r.held,
            "critical": lambda r: r.critical, "no_critical": lambda r: not r.critical,
            "partial": lambda r: r.partial, "no_enrolment": lambda r: r.enrolment == 0}[which]
    area = db.session.get(AdminUnit, unit_id) if unit_id else None
    return render_template("coverage/schools.html", rows=[r for r in rows if keep(r)],
                           which=which, unit=area, crumbs=_crumbs(unit_id),
                           **_context(period, level))


def _school_page(school, period, level, students):
    rows = service.school_rows(period, "all", school_id=school.id)
    row = service.merge_levels(rows).get(school.id)
    return render_template(
        "coverage/school.html", school=school, row=row, level_rows=rows,
        crumbs=_crumbs(row.unit_id if row else school.unit_id),
        programs=service.programs(period, rows),
        classes=service.school_classes(period, school.id),
        topics=service.topic_mastery(period, rows, by="school"),
        estimated=not rosters.has_roster(school.id), students=students,
        offline_programs=offline.period_programs(period, school.id),
        offline_kinds=offline.KIND_LABELS,
        may_record=offline.may_record(current_user, school.id),
        **_context(period, level))


@bp.get("/schools/<int:school_id>")
@requires("coverage.view")
def school(school_id):
    """A school: its programs, participants per class, scores by topic (names: admin only)."""
    item = db.get_or_404(School, school_id)
    period, level = _filters()
    students = privacy.school_students(period, item.id) \
        if may_see_names(current_user, item.id) else None
    return _school_page(item, period, level, students)


@bp.get("/my-school")
@requires("contests.run")
def my_school():
    """A host's own school, with the names of its students."""
    period, level = _filters()
    if current_user.school_id is None:
        return render_template("coverage/no_school.html", **_context(period, level))
    item = db.get_or_404(School, current_user.school_id)
    return _school_page(item, period, level, privacy.school_students(period, item.id))


@bp.get("/programs")
@requires("coverage.view")
def program_list():
    """The programs behind a number (a unit's, a school's, critical-thinking ones...)."""
    period, level = _filters()
    unit_id = request.args.get("unit", type=int)
    school_id = request.args.get("school", type=int)
    counted = request.args.get("counted") == "1"
    critical = request.args.get("critical") == "1"
    rows = service.school_rows(period, level, unit_id=unit_id, school_id=school_id)
    items = service.programs(period, rows, counted_only=counted, critical_only=critical)
    return render_template(
        "coverage/programs.html", items=items, counted=counted, critical=critical,
        unit=db.session.get(AdminUnit, unit_id) if unit_id else None, crumbs=_crumbs(unit_id),
        school=db.session.get(School, school_id) if school_id else None,
        **_context(period, level))


@bp.get("/report")
@requires("coverage.view")
def report_page():
    """The report of a period as a print-friendly page (frozen figures when frozen)."""
    from quizapp.coverage import document

    period, level = _filters()
    data = report.report_data(period)
    return render_template("coverage/report.html", data=data,
                           sections=document.sections(data), title=report.title_of(data),
                           place_date=document.dated(data["document"]),
                           **_context(period, level))


@bp.get("/freezes")
@requires("coverage.view")
def freezes():
    """Frozen periods, the versions of the selected one and what each version changed."""
    period, level = _filters()
    items = freeze.versions(period.key)
    changes = [(b, freeze.differences(a.figures, b.figures))
               for a, b in zip(items, items[1:], strict=False)]
    return render_template("coverage/freezes.html", items=items, changes=changes,
                           frozen_periods=freeze.frozen_periods(),
                           editable=current_user.role == "admin", **_context(period, level))


@bp.post("/freezes")
@requires("schools.manage")  # admin only: a frozen period is what the department submits
def freeze_period():
    period, _level = _filters()
    try:
        record = freeze.freeze(period, current_user, request.form.get("reason", ""),
                               request.form.get("number", "").strip())
    except freeze.FreezeError as refused:
        flash(str(refused), "danger")
    else:
        flash(_("Đã chốt số liệu kỳ %(p)s, phiên bản %(v)d.", p=record.period,
                v=record.version), "success")
    return redirect(url_for(".freezes", period=period.key, as_of=period.as_of.isoformat()))


@bp.get("/report.<fmt>")
@requires("coverage.view")
def report_file(fmt):
    """The report as DOCX, PDF or XLSX (frozen figures when the period is frozen), or CSV."""
    period, _level = _filters()
    if fmt not in report.FORMATS:
        abort(404)
    body, mimetype = report.render(report.report_data(period), fmt)
    name = f"bao-cao-an-toan-thong-tin-{period.key}"
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
    period, level = _filters()
    return render_template("coverage/targets.html", items=items, form=form,
                           indicator_labels=INDICATOR_LABELS,
                           level_labels={key: LEVELS[key] for key in PUPIL_LEVELS},
                           editable=current_user.role == "admin", **_context(period, level))


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
    closed = [int(k[:4]) for k in service.periods_available() if "-" in k
              and year_closed(int(k[:4]))]
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
        flash(_("Đã ẩn danh năm học %(year)s: %(attempts)s, %(players)s.", year=year_label(year),
                attempts=ngettext("%(num)d bài làm", "%(num)d bài làm", record.attempts),
                players=ngettext("%(num)d người chơi", "%(num)d người chơi", record.players)),
              "success")
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
    """The reader's language, looked up once per request (a page formats thousands of cells)."""
    english = g.get("coverage_english")
    if english is None:
        english = g.coverage_english = str(get_locale()) == "en"
    return english
