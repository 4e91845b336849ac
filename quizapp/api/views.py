"""The endpoints of /api/v1 (docs/api.md): bank questions, contests, games and results.

Every view runs for the user of a token (auth.token_view), sees only what that user owns
(core.permissions `owns`/`owned`; anything else is `not_found`, so ids do not leak) and
checks its input with the same services as the web pages.
"""

from flask import Blueprint, g, jsonify, request
from sqlalchemy import func

from quizapp.api import fields, shapes
from quizapp.api.auth import token_view
from quizapp.api.errors import ApiError, error_response
from quizapp.bank.models import Question, Topic
from quizapp.bank.textnorm import normalize_text
from quizapp.contests import results, service
from quizapp.contests.live.games import open_game
from quizapp.contests.models import DEFAULT_OPTIONS, POINTS, Answer, Contest, Game, Player
from quizapp.core.errors import API_ERRORS
from quizapp.core.permissions import owned, owns
from quizapp.extensions import csrf, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # the API reads no cookie (auth.py): a forged request has nothing to ride on

CONTEST_FIELDS = ("title", "practice", "options", "questions")
QUESTION_FIELDS = ("id", "time_limit_s", "points")
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large",
              500: "server_error"}


def init_app(app) -> None:
    """Answer unknown /api/ addresses, wrong methods and oversized bodies in the API's shape."""
    app.extensions[API_ERRORS] = lambda status: error_response(
        ApiError(HTTP_CODES[status])) if status in HTTP_CODES else None
    app.register_blueprint(bp)


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/questions")
@token_view
def question_list():
    """Approved bank questions a live contest can use, searched and filtered."""
    query = Question.query.filter(Question.status == "approved",
                                  Question.kind.in_(service.LIVE_KINDS))
    search = fields.text(_arg("q"), "q", 200)
    for word in normalize_text(search, accents=False).split()[:8]:
        query = query.filter(Question.search_text.contains(word))
    topic = _arg("topic")
    if topic:
        query = query.join(Topic).filter(Topic.slug == fields.text(topic, "topic", 64))
    kind = _arg("kind")
    if kind:
        if kind not in service.LIVE_KINDS:
            raise ApiError("invalid_field", "kind")
        query = query.filter(Question.kind == kind)
    difficulty = fields.query_integer("difficulty", None, 1, 3)
    if difficulty:
        query = query.filter(Question.difficulty == difficulty)
    return jsonify(fields.paginate(query.order_by(Question.id), shapes.question))


@bp.get("/contests")
@token_view
def contest_list():
    query = owned(Contest.query, Contest, g.api_user).order_by(Contest.id.desc())
    return jsonify(fields.paginate(query, shapes.contest))


@bp.post("/contests")
@token_view
def contest_create():
    """Create a contest from approved questions, checked whole before anything is written."""
    body = fields.json_object()
    fields.only(body, CONTEST_FIELDS)
    if "title" not in body:
        raise ApiError("invalid_field", "title")
    practice = fields.flag(body.get("practice", False), "practice")
    title = _checked("title", service.clean_title, fields.text(body["title"], "title", 1000))
    options = _options(body.get("options", {}))
    items = _question_items(body.get("questions", []))
    contest = _checked("questions", service.create_contest_with, g.api_user, title, items,
                       options, practice)
    return jsonify(shapes.contest(contest)), 201


@bp.get("/contests/<int:contest_id>")
@token_view
def contest_read(contest_id):
    return jsonify(shapes.contest(_own_contest(contest_id)))


@bp.patch("/contests/<int:contest_id>")
@token_view
def contest_update(contest_id):
    """Change any of title, practice, options; `questions` replaces the whole list."""
    contest = _own_contest(contest_id)
    body = fields.json_object()
    fields.only(body, CONTEST_FIELDS)
    title = contest.title
    if "title" in body:
        title = _checked("title", service.clean_title, fields.text(body["title"], "title", 1000))
    practice = fields.flag(body.get("practice", contest.practice), "practice")
    options = _options(body["options"]) if "options" in body else contest.options
    items = _question_items(body["questions"]) if "questions" in body else [
        (item.question_id, item.time_limit_s, item.points) for item in contest.questions]
    # The whole list is checked again: turning practice off must not keep a draft question.
    _checked("questions", service.check_question_list, practice, items)
    contest.title, contest.practice, contest.options = title, practice, options
    service.set_questions(contest, items)
    return jsonify(shapes.contest(contest))


@bp.get("/contests/<int:contest_id>/games")
@token_view
def contest_games(contest_id):
    contest = _own_contest(contest_id)
    query = Game.query.filter_by(contest_id=contest.id).order_by(Game.id.desc())
    return jsonify(fields.paginate(query, shapes.game))


@bp.post("/contests/<int:contest_id>/games")
@token_view
def game_create(contest_id):
    """Open a live game of the contest: its PIN, the join, console and big-screen links."""
    contest = _own_contest(contest_id)
    try:
        game = open_game(contest, g.api_user)
    except service.ContestError as refused:
        db.session.rollback()
        raise ApiError("cannot_start", message=str(refused)) from None
    return jsonify(shapes.game(game, players=0, answers=0)), 201


@bp.get("/games/<int:game_id>")
@token_view
def game_read(game_id):
    """Where a game stands, from what is stored (answers are stored before they are acked)."""
    game = _own_game(game_id)
    players = db.session.query(func.count(Player.id)).filter_by(
        game_id=game.id, kicked=False).scalar()
    answers = db.session.query(func.count(Answer.id)).filter_by(game_id=game.id).scalar()
    return jsonify(shapes.game(game, players=players, answers=answers))


@bp.get("/games/<int:game_id>/results")
@token_view
def game_results(game_id):
    """The results page as JSON, under the same privacy rule (names of other schools'
    pupils left out for a host; anonymised years hold no names to give)."""
    game = _own_game(game_id)
    return jsonify({"game": shapes.game(game), **results.game_report(game, g.api_user)})


def _arg(name: str) -> str:
    return request.args.get(name, "")


def _own_contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None or not owns(g.api_user, contest):
        raise ApiError("not_found")
    return contest


def _own_game(game_id: int) -> Game:
    game = db.session.get(Game, game_id)
    if game is None or not owns(g.api_user, game.contest):
        raise ApiError("not_found")
    return game


def _checked(field: str, check, *args):
    """Run a service check; its refusal becomes `invalid_field` with its own message."""
    try:
        return check(*args)
    except service.ContestError as refused:
        db.session.rollback()
        raise ApiError("invalid_field", field, str(refused)) from None


def _options(raw) -> dict:
    """Contest options of the right JSON types, then the web editor's own rules."""
    if not isinstance(raw, dict):
        raise ApiError("invalid_field", "options")
    fields.only(raw, DEFAULT_OPTIONS, "options.")
    for name, value in raw.items():
        kind = type(DEFAULT_OPTIONS[name])
        if kind is bool:
            fields.flag(value, f"options.{name}")
        elif kind is int:
            fields.integer(value, f"options.{name}", 0, 100_000)
        elif kind is str:
            fields.text(value, f"options.{name}", 20)
        elif not (isinstance(value, list) and len(value) <= 1000 and all(
                isinstance(name, str) and len(name) <= 40 for name in value)):
            raise ApiError("invalid_field", f"options.{name}")
    if raw.get("preview_ms", 0) > 15_000:
        raise ApiError("invalid_field", "options.preview_ms")
    return _checked("options", service.clean_options, raw)


def _question_items(raw) -> list[tuple[int, int, str]]:
    """`[{"id": 12, "time_limit_s": 20, "points": "standard"}, ...]` as (id, time, points)."""
    if not isinstance(raw, list):
        raise ApiError("invalid_field", "questions")
    items = []
    for index, item in enumerate(raw):
        where = f"questions[{index}]"
        if not isinstance(item, dict):
            raise ApiError("invalid_field", where)
        fields.only(item, QUESTION_FIELDS, f"{where}.")
        if "id" not in item:
            raise ApiError("invalid_field", f"{where}.id")
        points = item.get("points", "standard")
        if points not in POINTS:
            raise ApiError("invalid_field", f"{where}.points")
        items.append((fields.integer(item["id"], f"{where}.id", 1, 2**31 - 1),
                      fields.integer(item.get("time_limit_s", 20), f"{where}.time_limit_s",
                                     5, 240), points))
    return items
