"""Keep the participation roll-up in step with the finished programs.

A program enters the roll-up once it can no longer change: a live game when it has finished,
a campaign the day after its window closed. Practice contests never enter. Each program is
rolled up once, from the stored players, attempts and answers (never the live state), in
batches so memory stays bounded; `refresh()` is cheap when nothing new has finished, so the
dashboard calls it on every page.

Participant rules (docs/coverage.md): a live player or campaign attempt with at least one
stored answer counts for the pupils and the school that schools.identity's
`counted_participation` gives it (a verified school; one pupil, or each member of a group).
Within one program and school a pupil identity counts once.
"""

from collections import defaultdict
from datetime import date

from flask import has_request_context, request
from sqlalchemy import and_, case, delete, func, insert, or_, select, text
from sqlalchemy.exc import IntegrityError

from quizapp.bank.models import Question, Topic
from quizapp.campaigns.models import Attempt, AttemptAnswer, Campaign, CampaignQuestion
from quizapp.contests.models import Answer, Contest, ContestQuestion, Game, Player
from quizapp.core.clock import local_date, today_local
from quizapp.coverage import participants as reach
from quizapp.coverage.levels import pupil_level
from quizapp.coverage.models import (
    CoverageAnonymisation,
    CoverageParticipant,
    CoverageProgram,
    CoverageProgramSchool,
    CoverageTopicResult,
)
from quizapp.extensions import db
from quizapp.gameshow.models import Episode
from quizapp.schools.models import School
from quizapp.schools.years import school_year_of

GAME_BATCH = 200
CAMPAIGN_BATCH = 4
INSERT_CHUNK = 5000
ANALYZE_AFTER = 100

_correct = func.sum(case((Answer.correct.is_(True), 1), else_=0))
_graded = func.sum(case((Answer.correct.isnot(None), 1), else_=0))


def refresh(today: date | None = None) -> int:
    """Roll up every program that finished since the last call; return how many were added.

    Within one request the check runs once (a page calls several figure functions).
    """
    if has_request_context():
        if request.environ.get("quizapp.coverage_refreshed"):
            return 0
        request.environ["quizapp.coverage_refreshed"] = True
    today = today or today_local()
    wanted = _finished_programs(today)
    existing = {(kind, source): pid for kind, source, pid in db.session.execute(
        select(CoverageProgram.kind, CoverageProgram.source_id, CoverageProgram.id))}
    gone = [pid for key, pid in existing.items() if key not in wanted]
    if gone:
        _remove(gone)
    new = [key for key in wanted if key not in existing]
    games = [source for kind, source in new if kind == "game"]
    campaigns = [source for kind, source in new if kind == "campaign"]
    added = 0
    directories = {}  # school year -> NameDirectory, built once per refresh
    for start in range(0, len(games), GAME_BATCH):
        added += _roll_up(wanted, [("game", i) for i in games[start:start + GAME_BATCH]],
                          directories)
    for start in range(0, len(campaigns), CAMPAIGN_BATCH):
        added += _roll_up(wanted, [("campaign", i)
                                   for i in campaigns[start:start + CAMPAIGN_BATCH]],
                          directories)
    if added >= ANALYZE_AFTER and db.engine.dialect.name == "postgresql":
        # After a big first roll-up the planner's row estimates are stale until autovacuum
        # passes, and it picks nested loops that cost seconds; a few ms of ANALYZE avoid that.
        db.session.execute(text("ANALYZE coverage_program, coverage_program_school, "
                                "coverage_topic_result, coverage_participant"))
        db.session.commit()
    return added


def rebuild(today: date | None = None) -> int:
    """Drop and recompute the roll-up, except anonymised years (their names are gone)."""
    kept = [year for (year,) in db.session.execute(select(CoverageAnonymisation.school_year))]
    ids = [pid for (pid,) in db.session.execute(
        select(CoverageProgram.id).where(CoverageProgram.school_year.notin_(kept)))]
    for start in range(0, len(ids), 500):
        _remove(ids[start:start + 500])
    return refresh(today)


def _remove(program_ids) -> None:
    for model in (CoverageParticipant, CoverageTopicResult, CoverageProgramSchool):
        db.session.execute(delete(model).where(model.program_id.in_(program_ids)))
    db.session.execute(delete(CoverageProgram).where(CoverageProgram.id.in_(program_ids)))
    db.session.commit()


def _finished_programs(today: date) -> dict:
    """Return {(kind, source_id): program fields} for every program that should be counted."""
    wanted = {}
    question_counts = _contest_question_counts()
    tv_games = {game_id for (game_id,) in db.session.execute(
        select(Episode.audience_game_id).where(Episode.audience_game_id.isnot(None)))}
    rows = db.session.execute(
        select(Game.id, Game.contest_id, Contest.title, Game.finished_at, Contest.school_id)
        .join(Contest, Contest.id == Game.contest_id)
        .where(Game.status == "finished", Game.finished_at.isnot(None),
               Contest.practice.is_(False)))
    for game_id, contest_id, title, finished_at, school_id in rows:
        held = local_date(finished_at)
        total, critical = question_counts.get(contest_id, (0, 0))
        channel = "tv" if game_id in tv_games else "school" if school_id else "department"
        wanted[("game", game_id)] = {
            "kind": "game", "source_id": game_id, "contest_id": contest_id, "title": title,
            "held_on": held, "school_year": school_year_of(held),
            "question_count": total, "critical_count": critical, "channel": channel}
    campaign_counts = campaign_question_counts()
    for campaign_id, contest_id, title, closes_on, school_id in closed_campaigns(today):
        total, critical = campaign_counts.get(campaign_id, (0, 0))
        wanted[("campaign", campaign_id)] = {
            "kind": "campaign", "source_id": campaign_id, "contest_id": contest_id,
            "title": title, "held_on": closes_on, "school_year": school_year_of(closes_on),
            "question_count": total, "critical_count": critical,
            "channel": "school" if school_id else "department"}
    return wanted


def campaign_rows(where):
    """(id, contest, title, last day, organiser's school) of non-practice campaigns."""
    from quizapp.accounts.models import User

    return db.session.execute(
        select(Campaign.id, Campaign.contest_id, Campaign.title, Campaign.closes_on,
               User.school_id)
        .join(User, User.id == Campaign.created_by_id)
        .where(Campaign.practice.is_(False), where)).all()


def closed_campaigns(today: date):
    """Campaigns past their last day, or ended early by their host."""
    return campaign_rows(or_(Campaign.closes_on < today, Campaign.closed_at.isnot(None)))


def _contest_question_counts() -> dict:
    critical = func.sum(case((Topic.critical_thinking.is_(True), 1), else_=0))
    rows = db.session.execute(
        select(ContestQuestion.contest_id, func.count(), critical)
        .join(Question, Question.id == ContestQuestion.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .group_by(ContestQuestion.contest_id))
    return {contest_id: (total, int(crit or 0)) for contest_id, total, crit in rows}


def campaign_question_counts() -> dict:
    critical = func.sum(case((Topic.critical_thinking.is_(True), 1), else_=0))
    rows = db.session.execute(
        select(CampaignQuestion.campaign_id, func.count(), critical)
        .join(Question, Question.id == CampaignQuestion.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .group_by(CampaignQuestion.campaign_id))
    return {campaign_id: (total, int(crit or 0)) for campaign_id, total, crit in rows}


def _roll_up(wanted: dict, keys, directories: dict) -> int:
    """Insert the programs `keys` with their schools, topics and participants; one commit."""
    program_ids = {}
    for key in keys:
        program = CoverageProgram(**wanted[key])
        db.session.add(program)
        db.session.flush()
        program_ids[key] = program.id
    kind = keys[0][0]
    sources = {source: program_ids[(k, source)] for k, source in keys}
    for year in {wanted[key]["school_year"] for key in keys}:
        if year not in directories:
            directories[year] = reach.year_directory(year)
    directory = _MergedDirectories(directories, wanted, kind)
    if kind == "game":
        people, topics = _game_rows(list(sources), directory)
        held = {source: wanted[("game", source)]["held_on"] for source in sources}
    else:
        people, topics = _campaign_rows(list(sources), directory)
        held = None
    schools = defaultdict(lambda: {"participants": 0, "answers": 0, "correct": 0,
                                   "score_sum": 0})
    seen = set()
    participants = []
    types = school_types()
    for reached in people:
        program_id = sources[reached.source_id]
        day = held[reached.source_id] if held is not None else local_date(reached.moment)
        totals = schools[(program_id, reached.school_id)]
        first = True
        for pupil in reached.pupils:
            if (program_id, pupil.school_id, pupil.identity) in seen:
                continue
            seen.add((program_id, pupil.school_id, pupil.identity))
            participants.append({
                "program_id": program_id, "school_id": pupil.school_id,
                "school_year": wanted[(kind, reached.source_id)]["school_year"],
                "month": day.year * 100 + day.month, "class_key": pupil.class_key,
                "identity": pupil.identity,
                "level": pupil_level(types.get(pupil.school_id, ""), pupil.class_key)})
            totals["participants"] += 1
            if first:  # a group's answers are counted once, with its first member
                totals["answers"] += reached.graded
                totals["correct"] += reached.correct
                totals["score_sum"] += reached.score
                first = False
    try:
        if schools:
            db.session.execute(insert(CoverageProgramSchool), [
                {"program_id": pid, "school_id": sid, **totals}
                for (pid, sid), totals in schools.items()])
        topic_rows = [{"program_id": sources[source], "school_id": school_id,
                       "topic_id": topic_id, "answers": int(answers),
                       "correct": int(correct or 0)}
                      for source, school_id, topic_id, answers, correct in topics]
        for start in range(0, len(topic_rows), INSERT_CHUNK):
            db.session.execute(insert(CoverageTopicResult),
                               topic_rows[start:start + INSERT_CHUNK])
        for start in range(0, len(participants), INSERT_CHUNK):
            db.session.execute(insert(CoverageParticipant),
                               participants[start:start + INSERT_CHUNK])
        db.session.commit()
    except IntegrityError:  # another worker rolled up the same programs at the same moment
        db.session.rollback()
        return 0
    return len(keys)


def school_types() -> dict[int, str]:
    """{school id: school type} (a few hundred rows: read once per batch)."""
    return dict(db.session.execute(select(School.id, School.level)).all())


class _MergedDirectories:
    """Route each lookup to the directory of its program's school year."""

    def __init__(self, directories, wanted, kind):
        self.by_source = {source: directories[fields["school_year"]]
                          for (k, source), fields in wanted.items() if k == kind
                          and fields["school_year"] in directories}

    def of(self, source_id):
        return self.by_source[source_id]


def _game_rows(game_ids, directories):
    people = []
    counted = set()
    for game_id in game_ids:
        directory = directories.of(game_id)
        people.extend(reach.game_reached([game_id], directory))
        counted |= reach.counted_player_keys([game_id], directory)
    joined = and_(Answer.game_id == Player.game_id, Answer.player_key == Player.player_key)
    per_player = db.session.execute(
        select(Answer.game_id, Player.player_key, Player.school_id, Question.topic_id,
               func.count(), _correct)
        .join(Player, joined)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.game_id.in_(game_ids), Answer.correct.isnot(None),
               Player.school_id.isnot(None), Player.kicked.is_(False))
        .group_by(Answer.game_id, Player.player_key, Player.school_id, Question.topic_id))
    topics = defaultdict(lambda: [0, 0])
    for game_id, player_key, school_id, topic_id, answers, correct in per_player:
        if (game_id, player_key) in counted:
            cell = topics[(game_id, school_id, topic_id)]
            cell[0] += answers
            cell[1] += int(correct or 0)
    return people, [(g, s, t, a, c) for (g, s, t), (a, c) in topics.items()]


def _campaign_rows(campaign_ids, directories):
    correct = func.sum(case((AttemptAnswer.correct.is_(True), 1), else_=0))
    people = []
    for campaign_id in campaign_ids:
        people.extend(reach.campaign_reached([campaign_id], directories.of(campaign_id)))
    topics = db.session.execute(
        select(Attempt.campaign_id, Attempt.school_id, Question.topic_id, func.count(), correct)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .join(Question, Question.id == AttemptAnswer.question_id)
        .where(Attempt.campaign_id.in_(campaign_ids), AttemptAnswer.correct.isnot(None))
        .group_by(Attempt.campaign_id, Attempt.school_id, Question.topic_id)).all()
    return people, topics
