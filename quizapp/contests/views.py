"""Contest pages: list, build (settings, questions by hand or drawn), run, results."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from quizapp.bank.forms import AUDIENCE_LABELS, KIND_LABELS, STATUS_LABELS
from quizapp.bank.models import Question, Topic
from quizapp.bank.textnorm import normalize_text
from quizapp.contests import attribution, results, service
from quizapp.contests.forms import ContestForm
from quizapp.contests.live.games import open_game
from quizapp.contests.live.links import join_url
from quizapp.contests.models import POINTS, Contest, ContestQuestion, Game
from quizapp.core.permissions import owns, requires
from quizapp.core.qr import svg_qr
from quizapp.extensions import db
from quizapp.schools.matching import registry_choices
from quizapp.schools.models import School

bp = Blueprint("contests", __name__, url_prefix="/contests")
POINT_LABELS = {"none": _l("Không điểm"), "standard": _l("Thường"), "double": _l("Nhân đôi")}
MAX_SCHOOL_LINKS = 60  # QR codes on one printed page set; more makes a page too slow to print


def _own(contest_id) -> Contest:
    contest = db.get_or_404(Contest, contest_id)
    if not owns(current_user, contest):
        abort(403)
    return contest


@bp.get("/")
@requires("contests.run")
def contest_list():
    contests = service.contests_for(current_user).all()
    return render_template("contests/list.html", contests=contests)


@bp.route("/new", methods=["GET", "POST"])
@requires("contests.run")
def contest_new():
    form = ContestForm()
    if form.validate_on_submit():
        try:
            contest = service.create_contest(current_user, form.title.data, (), form.options(),
                                             practice=form.practice.data)
        except service.ContestError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            return redirect(url_for(".contest_edit", contest_id=contest.id))
    return render_template("contests/new.html", form=form)


@bp.route("/<int:contest_id>", methods=["GET", "POST"])
@requires("contests.run")
def contest_edit(contest_id):
    """Settings, the question list, and the panels to add questions."""
    contest = _own(contest_id)
    form = ContestForm()
    if request.method == "GET":
        form.load(contest)
    elif form.validate_on_submit():
        try:
            contest.options = service.clean_options(form.options())
            contest.title = form.title.data.strip()
            contest.practice = form.practice.data
            db.session.commit()
            flash(_("Đã lưu cài đặt."), "success")
        except service.ContestError as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        return redirect(url_for(".contest_edit", contest_id=contest.id))
    search = request.args.get("q", "").strip()
    found = []
    if search:
        query = Question.query.filter(Question.status.in_(service.usable_statuses(contest)),
                                      Question.kind.in_(service.LIVE_KINDS))
        for word in normalize_text(search, accents=False).split()[:8]:
            query = query.filter(Question.search_text.contains(word))
        found = query.order_by(Question.id).limit(50).all()
    return render_template(
        "contests/edit.html", contest=contest, form=form, search=search, found=found,
        topics=Topic.query.order_by(Topic.name).all(), kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        audiences=AUDIENCE_LABELS, points=POINTS)


@bp.post("/<int:contest_id>/questions")
@requires("contests.run")
def contest_questions(contest_id):
    """Add chosen questions, draw random ones, or change, move or remove one."""
    contest = _own(contest_id)
    action = request.form.get("action", "")
    time_limit = request.form.get("time_limit_s", 20, type=int)
    points = request.form.get("points", "standard")
    try:
        if action == "add":
            ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
            added = service.add_questions(contest, ids, time_limit, points)
            flash(ngettext("Đã thêm %(num)d câu hỏi.", "Đã thêm %(num)d câu hỏi.", added),
                  "success")
        elif action == "draw":
            added = service.draw_questions(
                contest, request.form.get("count", 10, type=int),
                topics=request.form.getlist("topics"),
                difficulty=request.form.get("difficulty", type=int),
                audience=request.form.get("audience") or None, time_limit_s=time_limit,
                points=points)
            flash(ngettext("Đã rút ngẫu nhiên %(num)d câu hỏi.",
                           "Đã rút ngẫu nhiên %(num)d câu hỏi.", added), "success")
        else:
            item = db.get_or_404(ContestQuestion, request.form.get("item", 0, type=int))
            if item.contest_id != contest.id:
                abort(404)
            if action == "update":
                service.update_question(item, time_limit, points)
                # Say which row was saved, and come back to it (the row is highlighted).
                flash(_("Đã lưu câu %(n)d: %(s)d giây, %(p)s.", n=item.position + 1,
                        s=item.time_limit_s, p=POINT_LABELS[item.points]), "success")
                return redirect(url_for(".contest_edit", contest_id=contest.id)
                                + f"#item-{item.id}")
            elif action in ("up", "down"):
                service.move_question(contest, item.id, -1 if action == "up" else 1)
                # Back to the moved row: a keyboard user goes on from where they were.
                return redirect(url_for(".contest_edit", contest_id=contest.id)
                                + f"#item-{item.id}")
            elif action == "remove":
                service.remove_question(contest, item.id)
    except service.ContestError as refused:
        db.session.rollback()
        flash(str(refused), "danger")
    return redirect(url_for(".contest_edit", contest_id=contest.id) + "#questions")


@bp.post("/<int:contest_id>/run")
@requires("contests.run")
def contest_run(contest_id):
    """Open a new game of this contest (a PIN) and go to its console."""
    contest = _own(contest_id)
    try:
        game = open_game(contest, current_user)
    except service.ContestError as refused:
        flash(str(refused), "danger")
        return redirect(url_for(".contest_edit", contest_id=contest.id))
    return redirect(url_for("live.host_console", game_id=game.id))


@bp.get("/games/<int:game_id>/results")
@requires("contests.run")
def game_results(game_id):
    game = db.get_or_404(Game, game_id)
    if not owns(current_user, game.contest):
        abort(403)
    return render_template("contests/results.html", game=game,
                           report=results.game_report(game, current_user), kinds=KIND_LABELS)


@bp.get("/games/<int:game_id>/results.<fmt>")
@requires("contests.run")
def game_results_export(game_id, fmt):
    game = db.get_or_404(Game, game_id)
    if not owns(current_user, game.contest):
        abort(403)
    if fmt == "xlsx":
        body = results.export_xlsx(game, current_user)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body, mimetype = results.export_csv(game, current_user), "text/csv; charset=utf-8"
    else:
        abort(404)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=ket-qua-{game.id}.{fmt}"})


@bp.route("/games/<int:game_id>/schools", methods=["GET", "POST"])
@requires("contests.run")
def game_schools(game_id):
    """Where the players came from: per-school QR codes before, resolving claims after."""
    game = db.get_or_404(Game, game_id)
    if not owns(current_user, game.contest):
        abort(403)
    if request.method == "POST":
        school = db.session.get(School, request.form.get("school_id", type=int) or 0)
        if school is None or not school.active:
            flash(_("Hãy chọn một trường trong danh mục."), "danger")
        elif request.form.get("action") == "resolve":
            count = attribution.resolve(game, request.form.get("name", "")[:200], school)
            flash(ngettext("Đã gán %(num)d người chơi cho %(school)s.",
                           "Đã gán %(num)d người chơi cho %(school)s.", count, school=school.name),
                  "success")
        elif request.form.get("action") == "confirm":
            count = attribution.confirm(game, school, request.form.get("source", "picked"))
            flash(ngettext("Đã xác nhận %(num)d người chơi của %(school)s.",
                           "Đã xác nhận %(num)d người chơi của %(school)s.", count,
                    school=school.name), "success")
        return redirect(url_for(".game_schools", game_id=game.id))
    wanted = request.args.getlist("school", type=int)
    if len(wanted) > MAX_SCHOOL_LINKS:
        flash(_("Mỗi lần in được tối đa %(n)d trường; đã tạo mã cho %(n)d trường đầu tiên.",
                n=MAX_SCHOOL_LINKS), "warning")
    chosen = [s for s in (db.session.get(School, i) for i in wanted[:MAX_SCHOOL_LINKS])
              if s is not None]
    links = [{"school": s, "url": join_url(game.pin, attribution.school_link(game.id, s.id))}
             for s in chosen] if game.pin else []
    for item in links:
        item["qr"] = svg_qr(item["url"])
    scope = attribution.game_scope(game.contest.options, game.contest.school_id)
    return render_template("contests/schools.html", game=game, scope=scope, links=links,
                           claims=attribution.claims(game), choices=registry_choices(),
                           max_links=MAX_SCHOOL_LINKS)
