"""Admin pages for the school registry: list, search, add, edit, deactivate, import, export."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_
from wtforms.fields.choices import SelectChoice

from quizapp.accounts.permissions import requires
from quizapp.extensions import db
from quizapp.schools import registry
from quizapp.schools.forms import RegistryUploadForm, SchoolForm
from quizapp.schools.models import LEVELS, District, School

bp = Blueprint("schools", __name__, url_prefix="/admin/schools")
PAGE_SIZE = 50


@bp.get("/")
@requires("schools.manage")
def school_list():
    """List schools with search by code or name and district/level filters."""
    query = School.query.join(District)
    search = request.args.get("q", "").strip()
    if search:
        like = f"%{search}%"
        query = query.filter(or_(School.code.ilike(like), School.name.ilike(like)))
    district = request.args.get("district", type=int)
    if district:
        query = query.filter(School.district_id == district)
    level = request.args.get("level")
    if level in LEVELS:
        query = query.filter(School.level == level)
    page = query.order_by(District.name, School.name).paginate(per_page=PAGE_SIZE)
    return render_template(
        "schools/list.html", page=page, search=search, districts=District.query.order_by(
            District.name).all(), district=district, level=level, levels=LEVELS,
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
    form.district_id.choices = [SelectChoice(d.id, d.name)
                               for d in District.query.order_by(District.name)]
    if form.validate_on_submit():
        clash = School.query.filter(School.code == form.code.data, School.id != school.id).first()
        if clash:
            form.code.errors.append(_("Mã này đã dùng cho %(name)s.", name=clash.name))
        else:
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
    form = RegistryUploadForm()
    if not form.validate_on_submit():
        flash(_("Hãy chọn một tệp .xlsx hoặc .csv."), "danger")
        return redirect(url_for("schools.school_list"))
    upload = form.file.data
    try:
        result = registry.import_schools(upload.read(), upload.filename or "tệp tải lên")
    except registry.RegistryRejected as rejected:
        return render_template("schools/import_errors.html", errors=rejected.errors), 422
    flash(_("Đã nhập: %(added)d trường mới, %(updated)d trường cập nhật.",
            added=result.added, updated=result.updated), "success")
    return redirect(url_for("schools.school_list"))


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
