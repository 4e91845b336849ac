"""Admin pages for the school registry (list, search, add, edit, deactivate, import, export)
and for the administrative units (list, import, template)."""

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_
from wtforms.fields.choices import SelectChoice

from quizapp.core.permissions import requires
from quizapp.extensions import db
from quizapp.schools import registry, units
from quizapp.schools.forms import RegistryUploadForm, SchoolForm
from quizapp.schools.models import LEVELS, UNIT_KINDS, AdminUnit, School, code_is, level_name

bp = Blueprint("schools", __name__, url_prefix="/admin/schools")
bp.add_app_template_filter(level_name, "level_name")
PAGE_SIZE = 50


@bp.get("/")
@requires("schools.manage")
def school_list():
    """List schools with search by code or name and unit/level filters."""
    query = School.query.join(AdminUnit)
    search = request.args.get("q", "").strip()
    if search:
        like = f"%{search}%"
        query = query.filter(or_(School.code.ilike(like), School.name.ilike(like)))
    unit = request.args.get("unit", type=int)
    if unit:
        query = query.filter(School.unit_id == unit)
    level = request.args.get("level")
    if level in LEVELS:
        query = query.filter(School.level == level)
    page = query.order_by(AdminUnit.name, School.name).paginate(per_page=PAGE_SIZE)
    return render_template(
        "schools/list.html", page=page, search=search, units=AdminUnit.query.order_by(
            AdminUnit.name).all(), unit=unit, level=level, levels=LEVELS,
        upload=RegistryUploadForm())


@bp.route("/new", methods=["GET", "POST"])
@requires("schools.manage")
def school_new():
    return _edit(School(active=True, enrolment=0))


@bp.route("/<int:school_id>", methods=["GET", "POST"])
@requires("schools.manage")
def school_edit(school_id):
    return _edit(db.get_or_404(School, school_id))


def _edit(school):
    form = SchoolForm(obj=school)
    today = date.today()
    form.unit_id.choices = [SelectChoice(u.id, f"{u.name} ({u.code})")
                            for u in AdminUnit.query.order_by(AdminUnit.name)
                            if u.valid_on(today) or u.id == school.unit_id]
    if form.validate_on_submit():
        clash = School.query.filter(code_is(form.code.data), School.id != school.id).first()
        if clash:
            form.code.errors.append(_("Mã này đã dùng cho %(name)s.", name=clash.name))
        else:
            units.assign_unit(school, db.session.get(AdminUnit, form.unit_id.data), today)
            del form.unit_id  # already applied, with its history
            form.populate_obj(school)
            school.is_sample = False
            db.session.add(school)
            db.session.commit()
            flash(_("Đã lưu %(name)s.", name=school.name), "success")
            return redirect(url_for("schools.school_list"))
    return render_template("schools/form.html", form=form, school=school)


@bp.post("/import")
@requires("schools.manage")
def school_import():
    """Import a registry file; on any error show every error and change nothing."""
    return _import_upload(registry.import_schools, "schools.school_list",
                          _("Đã nhập: %(added)d trường mới, %(updated)d trường cập nhật."))


def _import_upload(importer, list_endpoint: str, done_message: str):
    """Run `importer` on the uploaded file: all-or-nothing, every error shown on a failure."""
    form = RegistryUploadForm()
    if not form.validate_on_submit():
        flash(_("Hãy chọn một tệp .xlsx hoặc .csv."), "danger")
        return redirect(url_for(list_endpoint))
    upload = form.file.data
    try:
        result = importer(upload.read(), upload.filename or _("tệp tải lên"))
    except registry.RegistryRejected as rejected:
        return render_template("schools/import_errors.html", errors=rejected.errors), 422
    flash(done_message % {"added": result.added, "updated": result.updated}, "success")
    return redirect(url_for(list_endpoint))


@bp.get("/export.<fmt>")
@requires("schools.manage")
def school_export(fmt):
    if fmt == "csv":
        body, mimetype = registry.export_csv(), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = registry.export_xlsx()
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        return redirect(url_for("schools.school_list"))
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=truong-hoc.{fmt}"})


@bp.get("/units")
@requires("schools.manage")
def unit_list():
    """The administrative units with their kind, parent, validity and number of schools."""
    items = AdminUnit.query.order_by(AdminUnit.kind, AdminUnit.name).all()
    counts = dict(db.session.query(School.unit_id, db.func.count()).group_by(School.unit_id))
    return render_template("schools/units.html", items=items, counts=counts, kinds=UNIT_KINDS,
                           upload=RegistryUploadForm())


@bp.post("/units/import")
@requires("schools.manage")
def unit_import():
    """Import a unit list; on any error show every error and change nothing."""
    return _import_upload(units.import_units, "schools.unit_list",
                          _("Đã nhập: %(added)d đơn vị mới, %(updated)d đơn vị cập nhật."))


@bp.get("/units/template.csv")
@requires("schools.manage")
def unit_template():
    return Response(units.template_csv(), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": "attachment; filename=don-vi-hanh-chinh-mau.csv"})
