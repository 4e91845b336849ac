"""Campaign pages: hosts assign and follow campaigns; students play them from a QR code."""

import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from quizapp.campaigns import groups, service
from quizapp.campaigns.forms import CampaignForm
from quizapp.campaigns.models import Attempt, Campaign, CampaignSchool
from quizapp.config import public_url
from quizapp.contests.models import Contest
from quizapp.contests.service import contests_for
from quizapp.core.clock import today_local
from quizapp.core.permissions import may_see_names, owns, public, requires
from quizapp.core.qr import svg_qr
from quizapp.core.spreadsheet import XLSX_MIMETYPE
from quizapp.extensions import db
from quizapp.schools import rosters
from quizapp.schools.identity import class_key
from quizapp.schools.models import AdminUnit, School

bp = Blueprint("campaigns", __name__)
SESSION_KEY = "campaign_attempts"
DEVICE_COOKIE = "quizapp_device"  # the phone's own secret: campaign attempts belong to it
DEVICE_DAYS = 400


def play_url(link: CampaignSchool) -> str:
    from flask import current_app

    return f"{public_url(current_app)}/c/{link.code}"


def _own(campaign_id) -> Campaign:
    campaign = db.get_or_404(Campaign, campaign_id)
    if not owns(current_user, campaign):
        abort(403)
    return campaign


@bp.get("/campaigns/")
@requires("contests.run")
def campaign_list():
    campaigns = service.campaigns_for(current_user).all()
    return render_template("campaigns/list.html", campaigns=campaigns,
                           state=service.window_state)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@requires("contests.run")
def campaign_new():
    form = CampaignForm()
    contests = contests_for(current_user).all()
    form.contest.choices = [
        SelectChoice(c.id, c.title + (" · " + _("chơi thử") if c.practice else ""))
        for c in contests]
    schools = (School.query.join(AdminUnit).filter(School.active.is_(True))
               .order_by(AdminUnit.name, School.name).all())
    form.schools.choices = [SelectChoice(s.id, f"{s.name} ({s.unit.name})")
                            for s in schools]
    if request.method == "GET":
        form.contest.data = request.args.get("contest", type=int)
        form.opens_on.data = today_local()
        if current_user.school_id:
            form.schools.data = [current_user.school_id]
    if form.validate_on_submit():
        contest = db.session.get(Contest, form.contest.data)
        if contest is None or contest not in contests:
            abort(403)
        try:
            campaign = service.create_campaign(
                current_user, contest, form.title.data, form.opens_on.data,
                form.closes_on.data, form.schools.data, form.classes.data or "",
                form.speed_scoring.data, review_after_close=form.review_after_close.data,
                allow_groups=form.allow_groups.data)
        except service.CampaignError as refused:
            db.session.rollback()
            flash(refused.message, "danger")
        else:
            flash(_("Đã tạo chiến dịch. In áp phích mã QR cho từng trường."), "success")
            return redirect(url_for(".campaign_detail", campaign_id=campaign.id))
    return render_template("campaigns/new.html", form=form, schools=schools)


@bp.get("/campaigns/<int:campaign_id>")
@requires("contests.run")
def campaign_detail(campaign_id):
    campaign = _own(campaign_id)
    return render_template(
        "campaigns/detail.html", campaign=campaign, state=service.window_state(campaign),
        results=service.campaign_results(campaign, current_user), play_url=play_url)


@bp.get("/campaigns/<int:campaign_id>/results.xlsx")
@requires("contests.run")
def campaign_results_export(campaign_id):
    campaign = _own(campaign_id)
    return Response(service.results_workbook(campaign, current_user), mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition":
                             f"attachment; filename=chien-dich-{campaign.id}.xlsx"})


@bp.post("/campaigns/<int:campaign_id>/close")
@requires("contests.run")
def campaign_close(campaign_id):
    campaign = _own(campaign_id)
    service.close_now(campaign)
    flash(_("Đã kết thúc chiến dịch; kết quả được tính vào báo cáo."), "success")
    return redirect(url_for(".campaign_detail", campaign_id=campaign.id))


@bp.post("/campaigns/<int:campaign_id>/attempts/<int:attempt_id>/handover")
@requires("contests.run")
def attempt_handover(campaign_id, attempt_id):
    """Give a one-time code that moves a pupil's attempt to the device that types it."""
    campaign = db.get_or_404(Campaign, campaign_id)
    attempt = db.get_or_404(Attempt, attempt_id)
    if attempt.campaign_id != campaign.id or not (
            owns(current_user, campaign)
            or may_see_names(current_user, attempt.school_id)):
        abort(403)
    code = service.new_handover_code(attempt)
    flash(_("Mã chuyển máy cho %(name)s (lớp %(klass)s): %(code)s — dùng một lần, trong "
            "%(minutes)d phút.", name=attempt.student_name, klass=attempt.class_name,
            code=code, minutes=service.HANDOVER_MINUTES), "success")
    return redirect(url_for(".campaign_detail", campaign_id=campaign.id))


@bp.get("/campaigns/<int:campaign_id>/posters")
@requires("contests.run")
def campaign_posters(campaign_id):
    """One printable A4 page per school: title, dates, QR code and the short link."""
    campaign = _own(campaign_id)
    posters = [{"link": link, "url": play_url(link), "qr": svg_qr(play_url(link))}
               for link in campaign.schools]
    return render_template("campaigns/posters.html", campaign=campaign, posters=posters)


# -- the student's phone -----------------------------------------------------------------

def _link(code) -> CampaignSchool:
    if not (isinstance(code, str) and 4 <= len(code) <= 16 and code.isalnum()):
        abort(404)
    link = CampaignSchool.query.filter_by(code=code.lower()).first()
    if link is None:
        abort(404)
    return link


def _device() -> str:
    """Return this phone's secret (a new one is set on the response by `_keep_device`)."""
    if "quizapp.device" not in request.environ:
        sent = request.cookies.get(DEVICE_COOKIE, "")
        request.environ["quizapp.device"] = (
            sent if 20 <= len(sent) <= 100 and sent.isascii()
            and sent.replace("-", "").replace("_", "").isalnum() else secrets.token_urlsafe(32))
    return request.environ["quizapp.device"]


@bp.after_app_request
def _keep_device(response):
    device = request.environ.get("quizapp.device")
    if device and request.cookies.get(DEVICE_COOKIE) != device:
        response.set_cookie(DEVICE_COOKIE, device, max_age=DEVICE_DAYS * 86400, httponly=True,
                            samesite="Lax", secure=request.is_secure, path="/c/")
    return response


def _my_attempt(link) -> Attempt | None:
    attempt_id = (session.get(SESSION_KEY) or {}).get(link.code)
    if attempt_id is None:
        return None
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.campaign_id != link.campaign_id:
        return None
    if not service.owns_attempt(attempt, _device()):
        return None  # moved to another device by a teacher, or a copied session cookie
    return attempt


def _remember(link, attempt) -> None:
    mine = dict(session.get(SESSION_KEY) or {})
    mine[link.code] = attempt.id
    session[SESSION_KEY] = dict(list(mine.items())[-20:])


@bp.route("/c/<code>", methods=["GET", "POST"])
@public
def join(code):
    """The QR target: the pupil picks class then name from the roster, or types them."""
    link = _link(code)
    device = _device()
    attempt = _my_attempt(link)
    if attempt is not None and request.method == "GET":
        return redirect(url_for(".play", code=link.code))
    state = service.window_state(link.campaign)
    error, field, values = None, None, {}
    status, handover = 200, False
    roster = rosters.has_roster(link.school_id)
    if request.method == "POST":
        values = {name: request.form.get(name, "")[:400] for name in
                  ("class_name", "student_name", "student_code", "roster_entry")}
        group = request.form.get("mode") == "group"
        values["members"] = [m[:160] for m in request.form.getlist("member")[:groups.MAX_FIELDS]]
        values["member_entries"] = [e[:12] for e in
                                    request.form.getlist("member_entry")[:groups.MAX_FIELDS]]
        try:
            if request.form.get("handover", "").strip():
                attempt = service.take_over(link, request.form["handover"][:40], device)
            elif group and roster:
                attempt = groups.start_group_attempt(
                    link, values["class_name"],
                    entry_ids=request.form.getlist("member_entry"), device=device)
            elif group:
                attempt = groups.start_group_attempt(
                    link, values["class_name"], names=request.form.getlist("member"),
                    device=device)
            else:
                attempt = service.start_attempt(
                    link, values["class_name"], values["student_name"],
                    values["student_code"], device=device,
                    roster_entry_id=values["roster_entry"] or None if roster else None)
        except service.CampaignError as refused:
            db.session.rollback()
            error, field, status = refused.message, refused.field, 400
            if isinstance(refused, (service.AlreadyPlayed, service.NameTaken,
                                    service.DeviceUsed, service.InAnotherAttempt)):
                status = 409
            # a teacher's handover code is the way on, except for a pupil counted elsewhere
            handover = status == 409 and not isinstance(refused, service.InAnotherAttempt)
        else:
            _remember(link, attempt)
            return redirect(url_for(".play", code=link.code))
    chosen_class = (values.get("class_name") or request.args.get("class", ""))[:40]
    classes = [c for c in rosters.roster_classes(link.school_id)
               if not link.classes or class_key(c) in {class_key(x) for x in link.classes}] \
        if roster else []
    pupils = rosters.roster_pupils(link.school_id, chosen_class) \
        if roster and chosen_class and class_key(chosen_class) in {class_key(c) for c in classes} \
        else []
    return render_template("campaigns/join.html", link=link, campaign=link.campaign,
                           state=state, error=error, field=field, values=values,
                           roster=roster, classes=classes, chosen_class=chosen_class,
                           pupils=pupils, taken=handover,
                           group=request.method == "POST" and request.form.get("mode") == "group",
                           group_size=groups.GROUP_SIZE,
                           closed_message=None if state == "open"
                           else service._closed_message(link.campaign)), status


@bp.route("/c/<code>/play", methods=["GET", "POST"])
@public
def play(code):
    """The current question (GET), or the answer to it (POST, then the explanation)."""
    link = _link(code)
    attempt = _my_attempt(link)
    if attempt is None:
        return redirect(url_for(".join", code=link.code))
    total = len(link.campaign.questions)
    if request.method == "POST":
        try:
            answer = service.submit_answer(attempt, request.form.get("question_id", ""),
                                           request.form)
        except service.CampaignError as refused:
            db.session.rollback()
            if isinstance(refused, service.AlreadyPlayed):
                return redirect(url_for(".done", code=link.code))
            position = service.current_position(attempt)
            if position is None:
                return redirect(url_for(".done", code=link.code))
            question = service.play_question(attempt, position)
            return render_template("campaigns/question.html", link=link, attempt=attempt,
                                   question=question, number=position + 1, total=total,
                                   error=refused.message), 400
        return redirect(url_for(".feedback", code=link.code, question=answer.question_id))
    position = service.current_position(attempt)
    if position is None:
        return redirect(url_for(".done", code=link.code))
    if service.window_state(link.campaign) != "open":
        return render_template("campaigns/join.html", link=link, campaign=link.campaign,
                               state="closed", error=None, field=None, values={},
                               closed_message=service._closed_message(link.campaign))
    service.mark_shown(attempt)
    question = service.play_question(attempt, position)
    return render_template("campaigns/question.html", link=link, attempt=attempt,
                           question=question, number=position + 1, total=total, error=None)


@bp.get("/c/<code>/feedback")
@public
def feedback(code):
    """Right or wrong, the right answer and the explanation of the question just answered."""
    link = _link(code)
    attempt = _my_attempt(link)
    if attempt is None:
        return redirect(url_for(".join", code=link.code))
    rows = {row["number"]: row for row in service.review(attempt)}
    number = next((n for n, row in rows.items()
                   if str(attempt.campaign.questions[n - 1].question_id)
                   == request.args.get("question", "")), None)
    if number is None:
        return redirect(url_for(".play", code=link.code))
    return render_template("campaigns/feedback.html", link=link, attempt=attempt,
                           row=rows[number], total=len(attempt.campaign.questions),
                           last=attempt.finished_at is not None,
                           review_open=service.review_open(attempt.campaign))


@bp.get("/c/<code>/done")
@public
def done(code):
    link = _link(code)
    attempt = _my_attempt(link)
    if attempt is None:
        return redirect(url_for(".join", code=link.code))
    if attempt.finished_at is None and service.window_state(link.campaign) == "open":
        return redirect(url_for(".play", code=link.code))
    rows = service.review(attempt)
    review_open = service.review_open(attempt.campaign)
    return render_template("campaigns/done.html", link=link, attempt=attempt,
                           rows=rows if review_open else [], review_open=review_open,
                           total=len(attempt.campaign.questions),
                           correct=sum(1 for r in rows if r["correct"]),
                           graded=sum(1 for r in rows if r["correct"] is not None))
