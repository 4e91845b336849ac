"""Programs held outside the app: the list (a school's own, or the department's view of every
school), the record form, edit and delete with their history, the evidence file, the import."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from quizapp.core.permissions import requires
from quizapp.coverage import offline, offline_import, service
from quizapp.coverage.models import OFFLINE_CHANNELS, OFFLINE_KINDS, OfflineProgram
from quizapp.extensions import db
from quizapp.schools.models import AdminUnit, School
from quizapp.schools.registry import RegistryRejected
from quizapp.schools.units import ancestors, unit_tree
from quizapp.uploads import upload_limit

bp = Blueprint("offline", __name__, url_prefix="/coverage/offline")
FIELDS = ("starts_on", "ends_on", "kind", "kind_detail", "topic", "channel")


def _own_school() -> School | None:
    return db.session.get(School, current_user.school_id) if current_user.school_id else None


def _schools_for_user():
    """The schools the user may record for: every active school for an admin, else their own."""
    if current_user.role == "admin":
        return School.query.filter_by(active=True).order_by(School.name).all()
    own = _own_school()
    return [own] if own is not None else []


def _visible_program(program_id) -> OfflineProgram:
    """The program, or 404 for one the user may not see (its existence is not told)."""
    program = db.get_or_404(OfflineProgram, program_id)
    if not offline.may_see(current_user, program.school_id):
        abort(404)
    return program


@bp.get("/")
@requires("offline.view")
def program_list():
    """The programs held outside the app in a period, by school or unit (the user's scope)."""
    period = service.period_from_request(request.args)
    unit_id = request.args.get("unit", type=int)
    school_id = request.args.get("school", type=int)
    query = offline.visible(offline.in_period(period), current_user)
    if school_id:
        query = query.where(OfflineProgram.school_id == school_id)
    items = list(db.session.scalars(query.order_by(OfflineProgram.ends_on.desc(),
                                                   OfflineProgram.id.desc())))
    if unit_id:
        tree = unit_tree()
        items = [p for p in items
                 if unit_id in {u.id for u in ancestors(tree, p.school.unit_id)}]
    department = current_user.role in ("admin", "viewer")
    units = AdminUnit.query.order_by(AdminUnit.name).all() if department else []
    schools = School.query.filter_by(active=True).order_by(School.name).all() \
        if department else _schools_for_user()
    return render_template(
        "coverage/offline_list.html", items=items, period=period, period_key=period.key,
        periods=service.periods_available(), unit_id=unit_id, school_id=school_id,
        units=units, schools=schools, department=department,
        no_school=not department and current_user.school_id is None,
        kinds=offline.KIND_LABELS, channels=offline.CHANNEL_LABELS,
        may_record=lambda p: offline.may_record(current_user, p.school_id))


def _form_values():
    values = {name: request.form.get(name, "") for name in FIELDS}
    values["critical"] = request.form.get("critical") == "1"
    values["participants"] = {key.removeprefix("participants_"): value
                              for key, value in request.form.items()
                              if key.startswith("participants_")}
    return values


def _uploaded_evidence():
    upload = request.files.get("evidence")
    if upload is None or not upload.filename:
        return None
    data = upload.read(upload_limit() + 1)
    return offline.check_evidence(data, upload.filename)


def _render_form(school, program, values, errors=None, status=200):
    grouped = {}
    for field, message in errors or []:
        grouped.setdefault(field, []).append(message)
    return render_template(
        "coverage/offline_form.html", school=school, program=program, values=values,
        errors=grouped, kinds=[(k, offline.KIND_LABELS[k]) for k in OFFLINE_KINDS],
        channels=[(c, offline.CHANNEL_LABELS[c]) for c in OFFLINE_CHANNELS],
        form=FlaskForm(), history=offline.history(program.id) if program else [],
        k=service.min_participants(),
        schools=_schools_for_user() if program is None else []), status


def _save(program, school):
    values = _form_values()
    try:
        evidence = _uploaded_evidence()
        saved = offline.save(program, values, school, current_user, evidence,
                             drop_evidence=request.form.get("drop_evidence") == "1")
    except offline.OfflineRefused as refused:
        return _render_form(school, program, values, refused.errors, 422)
    flash(_("Đã ghi nhận chương trình ngoài ứng dụng."), "success")
    return redirect(url_for(".program_list", school=saved.school_id,
                            period=str(saved.ends_on.year)))


@bp.route("/new", methods=["GET", "POST"])
@requires("offline.record")
def new():
    """Record a program: a host for their own school, an admin for the school chosen."""
    school_id = request.values.get("school", type=int)
    if current_user.role != "admin":
        school = _own_school()
        if school is None:
            return render_template("coverage/offline_form.html", school=None, program=None,
                                   no_school=True, schools=[], values={}, errors={},
                                   kinds=[], channels=[], form=FlaskForm(), history=[],
                                   k=service.min_participants())
        if school_id and school_id != school.id:
            abort(403)
    else:
        school = db.session.get(School, school_id) if school_id else None
    if school is not None and not offline.may_record(current_user, school.id):
        abort(403)
    if request.method == "POST":
        FlaskForm().validate_on_submit() or abort(400)
        if school is None:
            abort(400)
        return _save(None, school)
    values = {"channel": "school" if current_user.role != "admin" else "department",
              "kind": "assembly", "participants": {}}
    return _render_form(school, None, values)[0]


@bp.route("/<int:program_id>/edit", methods=["GET", "POST"])
@requires("offline.record")
def edit(program_id):
    """Change a record (the history keeps what it said before)."""
    program = _visible_program(program_id)
    if not offline.may_record(current_user, program.school_id):
        abort(403)
    if request.method == "POST":
        FlaskForm().validate_on_submit() or abort(400)
        return _save(program, program.school)
    values = offline.snapshot(program)
    return _render_form(program.school, program, values)[0]


@bp.post("/<int:program_id>/delete")
@requires("offline.record")
def delete(program_id):
    program = _visible_program(program_id)
    if not offline.may_record(current_user, program.school_id):
        abort(403)
    FlaskForm().validate_on_submit() or abort(400)
    school_id = program.school_id
    offline.delete(program, current_user)
    flash(_("Đã xoá chương trình (lịch sử thay đổi vẫn được giữ)."), "success")
    return redirect(url_for(".program_list", school=school_id))


@bp.get("/<int:program_id>/evidence")
@requires("offline.view")
def evidence(program_id):
    """The evidence file, to staff who may see the school; always a download, never a page."""
    program = _visible_program(program_id)
    path = offline.evidence_path(program)
    if path is None or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=program.evidence_type, as_attachment=True,
                         download_name=f"minh-chung-{program.id}."
                                       f"{offline.EVIDENCE_SUFFIX[program.evidence_type]}")
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/import", methods=["GET", "POST"])
@requires("schools.manage")  # the department (admin): one file for many schools
def import_file():
    """Import many records from CSV or XLSX: every row is right or nothing is written."""
    form = FlaskForm()
    if request.method == "POST":
        form.validate_on_submit() or abort(400)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Hãy chọn tệp."), "danger")
            return redirect(url_for(".import_file"))
        try:
            count = offline_import.import_programs(upload.read(upload_limit() + 1),
                                                   upload.filename, current_user)
        except RegistryRejected as rejected:
            return render_template("schools/import_errors.html", errors=rejected.errors,
                                   back=url_for(".import_file")), 422
        flash(_("Đã nhập %(n)d chương trình ngoài ứng dụng.", n=count), "success")
        return redirect(url_for(".program_list"))
    return render_template("coverage/offline_import.html", form=form,
                           columns=offline_import.template_header())


@bp.get("/import/template.csv")
@requires("schools.manage")
def import_template():
    return Response(offline_import.template_csv(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             "attachment; filename=chuong-trinh-ngoai-ung-dung.csv"})

