"""Build contests from the bank and turn them into what the live engine plays."""

import random

from flask_babel import gettext as _
from sqlalchemy import func

from quizapp.bank.models import Question, Topic
from quizapp.bank.service import game_question
from quizapp.contests.models import (
    DEFAULT_OPTIONS,
    NICKNAME_POLICIES,
    POINTS,
    SCHOOL_SCOPES,
    TEAM_MODES,
    Contest,
    ContestQuestion,
)
from quizapp.core.permissions import owned
from quizapp.engine import GameOptions
from quizapp.extensions import db

MAX_QUESTIONS = 100
LIVE_KINDS = ("single", "multiple", "true_false", "type_answer", "ordering", "poll")


class ContestError(ValueError):
    """A user-facing reason why a contest change was refused."""


def usable_statuses(contest: Contest):
    """Approved questions only, except in a practice contest, where drafts may be tried."""
    return statuses_for(contest.practice)


def statuses_for(practice: bool):
    return ("approved", "review", "draft") if practice else ("approved",)


def create_contest(host, title, question_ids=(), options=None, practice=False,
                   time_limit_s=20, points="standard") -> Contest:
    """Create a contest for `host` (and the host's school) with the given questions."""
    title = clean_title(title)
    contest = Contest(title=title, host=host, school_id=getattr(host, "school_id", None),
                      practice=practice, options=clean_options(options or {}))
    db.session.add(contest)
    add_questions(contest, question_ids, time_limit_s, points)
    return contest


def clean_title(title) -> str:
    title = (title or "").strip()
    if not 1 <= len(title) <= 200:
        raise ContestError(_("Tên cuộc thi cần 1–200 ký tự."))
    return title


def clean_options(raw: dict) -> dict:
    """Return the contest options with defaults filled in and values checked."""
    options = {**DEFAULT_OPTIONS}
    for name in ("speed_scoring", "streak_bonus", "shuffle_answers", "show_text_on_phones",
                 "late_join", "join_code"):
        if name in raw:
            options[name] = bool(raw[name])
    if raw.get("team_mode", "") not in TEAM_MODES:
        raise ContestError(_("Chế độ đội không hợp lệ."))
    options["team_mode"] = raw.get("team_mode", "")
    if raw.get("nickname_policy", "free") not in NICKNAME_POLICIES:
        raise ContestError(_("Cách đặt biệt danh không hợp lệ."))
    options["nickname_policy"] = raw.get("nickname_policy", "free")
    if raw.get("school_scope", "") not in SCHOOL_SCOPES:
        raise ContestError(_("Cách xác định trường của người chơi không hợp lệ."))
    options["school_scope"] = raw.get("school_scope", "")
    roster = raw.get("roster") or []
    if isinstance(roster, str):
        roster = roster.splitlines()
    options["roster"] = [name.strip()[:40] for name in roster if name.strip()][:1000]
    if options["nickname_policy"] == "roster" and not options["roster"]:
        raise ContestError(
            _("Hãy nhập danh sách học sinh (mỗi dòng một tên) cho chế độ danh sách lớp."))
    max_players = int(raw.get("max_players", DEFAULT_OPTIONS["max_players"]))
    if not 1 <= max_players <= 100_000:
        raise ContestError(_("Số người chơi tối đa: 1–100.000."))
    options["max_players"] = max_players
    preview = int(raw.get("preview_ms", DEFAULT_OPTIONS["preview_ms"]))
    options["preview_ms"] = max(0, min(preview, 15000))
    return options


def add_questions(contest: Contest, question_ids, time_limit_s=20, points="standard") -> int:
    """Append questions (skipping ones already in the contest); return how many were added."""
    check_settings(time_limit_s, points)
    present = {cq.question_id for cq in contest.questions}
    wanted = [i for i in dict.fromkeys(question_ids) if i not in present]
    if len(present) + len(wanted) > MAX_QUESTIONS:
        raise ContestError(_("Một cuộc thi có tối đa %(n)d câu hỏi.", n=MAX_QUESTIONS))
    questions = usable_questions(contest.practice, wanted)
    for question_id in wanted:
        contest.questions.append(ContestQuestion(
            question=questions[question_id], position=len(contest.questions),
            time_limit_s=time_limit_s, points=points))
    db.session.commit()
    return len(wanted)


def usable_questions(practice: bool, question_ids) -> dict[int, Question]:
    """Return {id: question} for questions a contest may use; raise ContestError at the first
    that is missing, not approved (outside practice) or not playable live."""
    ids = list(question_ids)
    questions = {q.id: q for q in Question.query.filter(Question.id.in_(ids))} if ids else {}
    statuses = statuses_for(practice)
    for question_id in ids:
        question = questions.get(question_id)
        if question is None:
            raise ContestError(_("Không có câu hỏi #%(id)s.", id=question_id))
        if question.status not in statuses:
            raise ContestError(_("Câu hỏi #%(id)s chưa được duyệt.", id=question_id))
        if question.kind not in LIVE_KINDS:
            raise ContestError(_("Câu hỏi #%(id)s là câu trả lời miệng, chỉ dùng cho gameshow.",
                                 id=question_id))
    return questions


def check_question_list(practice: bool, items) -> dict[int, Question]:
    """Check a whole question list of (question id, time limit, points) without writing."""
    if len(items) > MAX_QUESTIONS:
        raise ContestError(_("Một cuộc thi có tối đa %(n)d câu hỏi.", n=MAX_QUESTIONS))
    seen = set()
    for question_id, time_limit_s, points in items:
        check_settings(time_limit_s, points)
        if question_id in seen:
            raise ContestError(_("Câu hỏi #%(id)s có hai lần.", id=question_id))
        seen.add(question_id)
    return usable_questions(practice, [item[0] for item in items])


def create_contest_with(host, title, items, options=None, practice=False) -> Contest:
    """Create a contest with its whole question list of (question id, time limit, points),
    checked first and written in one transaction (the API's create)."""
    contest = Contest(title=clean_title(title), host=host,
                      school_id=getattr(host, "school_id", None), practice=practice,
                      options=clean_options(options or {}))
    questions = check_question_list(practice, items)
    db.session.add(contest)
    _place_questions(contest, items, questions)
    db.session.commit()
    return contest


def set_questions(contest: Contest, items) -> None:
    """Make the contest's questions exactly `items` (question id, time limit, points), in
    order, all or nothing; a question kept keeps its row."""
    _place_questions(contest, items, check_question_list(contest.practice, items))
    db.session.commit()


def _place_questions(contest: Contest, items, questions: dict[int, Question]) -> None:
    kept = {cq.question_id: cq for cq in contest.questions}
    rows = []
    for position, (question_id, time_limit_s, points) in enumerate(items):
        row = kept.get(question_id) or ContestQuestion(question=questions[question_id])
        row.position, row.time_limit_s, row.points = position, time_limit_s, points
        rows.append(row)
    contest.questions = rows


def draw_questions(contest: Contest, count: int, topics=(), difficulty=None, audience=None,
                   time_limit_s=20, points="standard", rng=None) -> int:
    """Add `count` random questions matching the filters; return how many were found."""
    if not 1 <= count <= MAX_QUESTIONS:
        raise ContestError(_("Số câu cần rút: 1–%(n)d.", n=MAX_QUESTIONS))
    query = Question.query.filter(Question.status.in_(usable_statuses(contest)),
                                  Question.kind.in_(LIVE_KINDS))
    if topics:
        query = query.join(Topic).filter(Topic.slug.in_(list(topics)))
    if difficulty:
        query = query.filter(Question.difficulty == int(difficulty))
    if audience:
        query = query.filter(Question.audience.contains(audience))
    present = [cq.question_id for cq in contest.questions]
    if present:
        query = query.filter(Question.id.notin_(present))
    ids = [q.id for q in query.with_entities(Question.id)]
    chosen = (rng or random.SystemRandom()).sample(ids, min(count, len(ids)))
    return add_questions(contest, chosen, time_limit_s, points)


def check_settings(time_limit_s, points):
    if not isinstance(time_limit_s, int) or not 5 <= time_limit_s <= 240:
        raise ContestError(_("Thời gian mỗi câu: 5–240 giây."))
    if points not in POINTS:
        raise ContestError(_("Điểm: none, standard hoặc double."))


def update_question(contest_question: ContestQuestion, time_limit_s, points) -> None:
    check_settings(time_limit_s, points)
    contest_question.time_limit_s = time_limit_s
    contest_question.points = points
    db.session.commit()


def move_question(contest: Contest, contest_question_id: int, offset: int) -> None:
    """Move a question up (-1) or down (+1) in the contest."""
    items = list(contest.questions)
    index = next(i for i, cq in enumerate(items) if cq.id == contest_question_id)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for position, cq in enumerate(items):
            cq.position = position
        db.session.commit()


def remove_question(contest: Contest, contest_question_id: int) -> None:
    items = [cq for cq in contest.questions if cq.id != contest_question_id]
    contest.questions = items
    for position, cq in enumerate(items):
        cq.position = position
    db.session.commit()


def engine_questions(contest: Contest) -> list[dict]:
    """Return the contest's questions as the engine takes them (native dict + id + settings)."""
    return [{**game_question(cq.question), "time_limit_s": cq.time_limit_s, "points": cq.points}
            for cq in contest.questions]


def engine_options(contest: Contest) -> GameOptions:
    return GameOptions(
        speed_scoring=contest.option("speed_scoring"),
        streak_bonus=contest.option("streak_bonus"),
        shuffle_answers=contest.option("shuffle_answers"),
        show_text_on_phones=contest.option("show_text_on_phones"),
        team_mode=contest.option("team_mode") or None,
        late_join=contest.option("late_join"),
        preview_ms=contest.option("preview_ms"),
        max_players=contest.option("max_players"),
    )


def contests_for(user):
    """Return the contests a user may see: their own, or all for an admin."""
    return owned(Contest.query.order_by(Contest.id.desc()), Contest, user)


def question_count(contest_id) -> int:
    return db.session.query(func.count(ContestQuestion.id)).filter_by(
        contest_id=contest_id).scalar()
