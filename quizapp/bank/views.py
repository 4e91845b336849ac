"""The bank editor: list and search, edit with a phone preview, review, import and export."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import or_

from quizapp.bank import formats, review, service
from quizapp.bank.formats.question import ExportRejected
from quizapp.bank.forms import (
    ACTION_LABELS,
    AUDIENCE_LABELS,
    FIELD_LABELS,
    FORMAT_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    ImportForm,
    QuestionForm,
)
from quizapp.bank.media import ImageRefused, media_path, store_image
from quizapp.bank.models import STATUSES, Media, Question, Topic
from quizapp.bank.questionform import fill_form, record_from_form
from quizapp.bank.textnorm import normalize_text
from quizapp.core.permissions import requires
from quizapp.extensions import db

bp = Blueprint("bank", __name__, url_prefix="/bank")
PAGE_SIZE = 25
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_TYPES = {"yaml": ("yaml", "application/yaml"), "csv": ("csv", "text/csv"),
                "xlsx": ("xlsx", XLSX_TYPE), "kahoot_xlsx": ("kahoot.xlsx", XLSX_TYPE),
                "gift": ("gift.txt", "text/plain"), "aiken": ("aiken.txt", "text/plain"),
                "moodle_xml": ("xml", "application/xml")}


def filtered_questions():
    """Return the question query for the list's search box and filters (request args)."""
    query = Question.query
    search = request.args.get("q", "").strip()
    if search:
        # search_text is stored without diacritics, so "mat khau" finds "mật khẩu".
        for word in normalize_text(search, accents=False).split()[:8]:
            query = query.filter(Question.search_text.contains(word))
    topic = request.args.get("topic", "")
    if topic:
        query = query.join(Topic).filter(Topic.slug == topic)
    if request.args.get("kind", "") in KIND_LABELS:
        query = query.filter(Question.kind == request.args["kind"])
    status = request.args.get("status", "")
    if status == "review":  # an approved question's pending edit waits for review too
        query = query.filter(or_(Question.status == "review", Question.proposal.has()))
    elif status in STATUS_LABELS:
        query = query.filter(Question.status == status)
    if request.args.get("recheck") == "1":
        # Legal citations that break the rule or were not reviewed for a year: computed by the
        # same check as `quizapp bank check`, then filtered by id.
        ids = service.needing_recheck(query.filter(Question.status != "retired"))
        query = query.filter(Question.id.in_(ids))
    difficulty = request.args.get("difficulty", type=int)
    if difficulty in (1, 2, 3):
        query = query.filter(Question.difficulty == difficulty)
    audience = request.args.get("audience", "")
    if audience in AUDIENCE_LABELS:
        query = query.filter(or_(Question.audience == audience,
                                 Question.audience.contains(audience)))
    return query


@bp.get("/")
@requires("bank.edit")
def question_list():
    page = filtered_questions().order_by(Question.id).paginate(per_page=PAGE_SIZE)
    return render_template(
        "bank/list.html", page=page, topics=Topic.query.order_by(Topic.name).all(),
        args=request.args, kinds=KIND_LABELS, statuses=STATUS_LABELS,
        audiences=AUDIENCE_LABELS, formats=FORMAT_LABELS)


@bp.post("/bulk")
@requires("bank.edit")
def bulk_action():
    """Approve, send to review, retire, tag or export the selected questions."""
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()][:5000]
    questions = Question.query.filter(Question.id.in_(ids)).order_by(Question.id).all()
    action = request.form.get("action", "")
    back = redirect(request.referrer if _local(request.referrer) else url_for(".question_list"))
    if not questions:
        flash(_("Hãy chọn ít nhất một câu hỏi."), "warning")
        return back
    if action in STATUSES:
        changed = service.change_status(questions, action, current_user)
        flash(ngettext("Đã chuyển %(num)d câu hỏi sang “%(status)s”.",
                       "Đã chuyển %(num)d câu hỏi sang “%(status)s”.", changed,
                status=STATUS_LABELS[action]), "success")
    elif action == "tag":
        tag = request.form.get("tag", "").strip().lower()
        if not tag or len(tag) > 64:
            flash(_("Hãy nhập tên thẻ."), "warning")
        else:
            changed = service.add_tag(questions, tag, current_user)
            flash(ngettext("Đã gắn thẻ “%(tag)s” cho %(num)d câu hỏi.",
                           "Đã gắn thẻ “%(tag)s” cho %(num)d câu hỏi.", changed, tag=tag),
                  "success")
    elif action.startswith("export:"):
        return _export(questions, action.split(":", 1)[1])
    return back


@bp.get("/export")
@requires("bank.edit")
def export():
    """Export the questions matching the current filters."""
    return _export(filtered_questions().order_by(Question.id).all(),
                   request.args.get("format", "yaml"))


def _export(questions, fmt):
    if fmt not in EXPORT_TYPES:
        abort(400)
    try:
        body = service.export_questions(questions, fmt)
    except ExportRejected as rejected:
        return render_template("bank/errors.html", errors=rejected.errors,
                               title=_("Định dạng này không chứa được các câu hỏi sau")), 422
    extension, mimetype = EXPORT_TYPES[fmt]
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=cau-hoi.{extension}"})


@bp.route("/new", methods=["GET", "POST"])
@requires("bank.edit")
def question_new():
    return _edit(None)


@bp.route("/<int:question_id>", methods=["GET", "POST"])
@requires("bank.edit")
def question_edit(question_id):
    return _edit(db.get_or_404(Question, question_id))


def _edit(question):
    form = QuestionForm()
    form.topic.choices = [(t.slug, t.name) for t in Topic.query.order_by(Topic.name)]
    if request.method == "GET":
        fill_form(form, review.editable_view(question))
    errors = []
    if form.validate_on_submit():
        record = record_from_form(form)
        topic = Topic.query.filter_by(slug=form.topic.data).first_or_404()
        try:
            media_id = _uploaded_media(form)
            saved, near = service.save_question(record, topic, current_user, question,
                                                media_id=media_id)
        except ImageRefused as refused:
            db.session.rollback()
            form.image.errors.append(str(refused))
        except service.QuestionRejected as rejected:
            db.session.rollback()
            errors = rejected.errors
        else:
            if saved.proposal is not None:
                flash(_("Đã lưu bản sửa của câu hỏi #%(id)d; bản đã duyệt vẫn được dùng cho "
                        "đến khi một người khác duyệt bản sửa.", id=saved.id), "success")
            else:
                flash(_("Đã lưu câu hỏi #%(id)d.", id=saved.id), "success")
            for other, ratio in near:
                flash(_("Gần giống câu hỏi #%(id)d (%(pct)d%%): %(text)s", id=other.id,
                        pct=int(ratio * 100), text=other.text[:80]), "warning")
            return redirect(url_for(".question_edit", question_id=saved.id))
    legal_findings = []
    if question is not None:
        # The findings of what the form shows: a pending proposal, else the question.
        legal_findings = [(f.severity, f.render(_))
                          for f in service.legal_findings_of(review.editable_view(question))]
    return render_template("bank/edit.html", form=form, question=question, errors=errors,
                           statuses=STATUS_LABELS, kinds=KIND_LABELS,
                           legal_findings=legal_findings)


def _uploaded_media(form):
    """Return the new media id, 0 to remove the image, or None to keep it as it is."""
    if form.remove_image.data:
        return 0
    upload = form.image.data
    if upload and getattr(upload, "filename", ""):
        return store_image(upload.read(), current_user).id
    return None


@bp.get("/<int:question_id>/history")
@requires("bank.edit")
def question_history(question_id):
    question = db.get_or_404(Question, question_id)
    return render_template("bank/history.html", question=question, actions=ACTION_LABELS,
                           fields=FIELD_LABELS)


@bp.post("/<int:question_id>/status")
@requires("bank.edit")
def question_status(question_id):
    question = db.get_or_404(Question, question_id)
    status = request.form.get("status", "")
    if status == "approved" and review.approval_refusal(question, current_user):
        flash(_("Người viết không tự duyệt câu hỏi của mình; hãy nhờ một người khác duyệt."),
              "danger")
    elif status in STATUSES and service.change_status([question], status, current_user):
        flash(_("Trạng thái: %(status)s.", status=STATUS_LABELS[status]), "success")
    else:
        flash(_("Không thể chuyển sang trạng thái này."), "danger")
    return redirect(url_for(".question_edit", question_id=question.id))


@bp.post("/<int:question_id>/proposal")
@requires("bank.edit")
def question_proposal(question_id):
    """Approve or discard the pending edit of an approved question."""
    question = db.get_or_404(Question, question_id)
    if request.form.get("action") == "discard":
        review.discard_proposal(question, current_user)
        flash(_("Đã bỏ bản sửa; câu hỏi giữ bản đã duyệt."), "success")
    else:
        try:
            review.approve_proposal(question, current_user)
        except review.ReviewRefused:
            db.session.rollback()
            flash(_("Người viết không tự duyệt câu hỏi của mình; hãy nhờ một người khác duyệt.")
                  if review.approval_refusal(question, current_user)
                  else _("Không có bản sửa hợp lệ nào đang chờ duyệt."), "danger")
        else:
            flash(_("Đã duyệt bản sửa; từ nay các cuộc thi mới dùng bản này."), "success")
    return redirect(url_for(".question_edit", question_id=question.id))


@bp.route("/import", methods=["GET", "POST"])
@requires("bank.edit")
def import_questions():
    """Import a question file; on any error show each with its line and field, store nothing."""
    form = ImportForm()
    form.topic.choices = [("", _("— theo tệp —"))] + [
        (t.slug, t.name) for t in Topic.query.order_by(Topic.name)]
    if form.validate_on_submit():
        upload = form.file.data
        filename = upload.filename or "tep-tai-len"
        try:
            report = service.import_file(upload.read(), filename, current_user,
                                         fmt=form.format.data or None,
                                         topic_slug=form.topic.data or None,
                                         status=form.status.data)
        except service.QuestionRejected as rejected:
            db.session.rollback()
            return render_template("bank/import.html", form=form, errors=rejected.errors,
                                   formats=FORMAT_LABELS), 422
        flash(ngettext("Đã nhập %(num)d câu hỏi.", "Đã nhập %(num)d câu hỏi.", report.created),
              "success")
        return redirect(url_for(".question_list", status=form.status.data))
    return render_template("bank/import.html", form=form, errors=[], formats=FORMAT_LABELS)


@bp.get("/template.xlsx")
@requires("bank.edit")
def xlsx_template():
    return Response(formats.xlsx_format.template(), mimetype=EXPORT_TYPES["xlsx"][1],
                    headers={"Content-Disposition": "attachment; filename=mau-cau-hoi.xlsx"})


@bp.get("/media/<int:media_id>")
@requires("staff")
def media(media_id):
    item = db.get_or_404(Media, media_id)
    return Response(media_path(item).read_bytes(), mimetype=item.content_type,
                    headers={"Cache-Control": "private, max-age=86400"})


def _local(url):
    return bool(url) and url.startswith(request.host_url)
