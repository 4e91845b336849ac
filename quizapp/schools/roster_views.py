"""Class rosters: a school's staff imports its own classes, an admin any school's."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func

from quizapp.core.permissions import requires
from quizapp.extensions import db
from quizapp.schools import rosters
from quizapp.schools.forms import RosterUploadForm
from quizapp.schools.models import RosterEntry, School

bp = Blueprint("rosters", __name__, url_prefix="/rosters")


def _school_for_user(school_id) -> School | None:
    """The school the user may manage: a host only their own, an admin any (or all: None)."""
    if current_user.role == "admin":
        return db.get_or_404(School, school_id) if school_id else None
    if school_id and school_id != current_user.school_id:
        abort(403)
    return db.session.get(School, current_user.school_id) if current_user.school_id else None


@bp.route("/", methods=["GET", "POST"])
@requires("rosters.manage")
def roster_page():
    """The classes of a school's roster (counts only) and the import form."""
    school = _school_for_user(request.values.get("school", type=int))
    no_school = school is None and current_user.role != "admin"
    if no_school and request.method == "POST":
        abort(403)  # a host whose account names no school has no roster to import
    form = RosterUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = rosters.import_roster(upload.read(), upload.filename or _("tệp tải lên"),
                                           school, replace=form.replace.data)
        except rosters.RosterRejected as rejected:
            return render_template("schools/import_errors.html", errors=rejected.errors,
                                   back=url_for(".roster_page",
                                                school=school.id if school else None)), 422
        flash(_("Đã nhập danh sách lớp: %(added)d học sinh mới, %(updated)d cập nhật, "
                "%(left)d đã chuyển đi.", added=result.added, updated=result.updated,
                left=result.left), "success")
        return redirect(url_for(".roster_page", school=school.id if school else None))
    classes = []
    if school is not None:
        classes = db.session.query(RosterEntry.class_name, func.count()).filter_by(
            school_id=school.id, active=True).group_by(RosterEntry.class_name).all()
        classes.sort(key=lambda row: rosters._natural(row[0].lower()))
    schools = School.query.filter_by(active=True).order_by(School.name).all() \
        if current_user.role == "admin" else []
    return render_template("schools/roster.html", school=school, classes=classes, form=form,
                           schools=schools, no_school=no_school)
