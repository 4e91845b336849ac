"""Demo coverage data: a few finished live games and one closed campaign for the SAMPLE
schools only (codes MAU-..., names marked "(mẫu)"), every title marked "(demo)".

It lets a new installation show a filled dashboard; it never touches real schools.
Deterministic (a seeded Random), so screenshots and tests see the same picture.
"""

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from quizapp.bank.models import Question, Topic
from quizapp.campaigns.models import (
    Attempt,
    AttemptAnswer,
    Campaign,
    CampaignQuestion,
    CampaignSchool,
)
from quizapp.contests.models import Answer, Contest, ContestQuestion, Game, Player
from quizapp.extensions import db
from quizapp.schools.identity import participant_identity
from quizapp.schools.models import School
from quizapp.schools.years import year_bounds

GIVEN = ("Anh", "Bình", "Chi", "Dũng", "Hà", "Hoa", "Khánh", "Lan", "Minh", "Nam", "Ngọc",
         "Phúc", "Quân", "Thảo", "Trang", "Tuấn", "Vy", "Y Liên", "A Thắng", "Hờ Mai")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "A", "Y", "Đinh", "Hoàng", "Võ", "Rơ Chăm")


def seed_demo(year: int, host, seed: int = 2025) -> int:
    """Add demo programs for the sample schools in school year `year`; return how many."""
    rng = random.Random(seed)
    schools = School.query.filter_by(is_sample=True, active=True).order_by(School.code).all()
    fake = Topic.query.filter_by(critical_thinking=True).all()
    approved = Question.query.filter(Question.status == "approved",
                                     Question.kind.in_(("single", "true_false")))
    critical_q = approved.filter(Question.topic_id.in_([t.id for t in fake])).limit(10).all() \
        if fake else []
    other_q = approved.filter(Question.topic_id.notin_([t.id for t in fake])).limit(40).all()
    if not schools or len(other_q) < 10:
        return 0
    first, last = year_bounds(year)
    general = _contest(host, "Rung chuông vàng an toàn thông tin (demo)",
                       rng.sample(other_q, 10))
    critical = _contest(host, "Nhận diện tin giả (demo)",
                        critical_q[:6] + rng.sample(other_q, 4)) if critical_q else general
    made = 0
    for index, school in enumerate(schools):
        if index % 5 == 4:  # every fifth sample school has held nothing yet
            continue
        contest = critical if index % 3 == 0 else general
        day = first + timedelta(days=30 + rng.randrange(200))
        # 02:00 UTC is 09:00 in Vietnam: a morning assembly
        when = datetime.combine(min(day, last), datetime.min.time()) + timedelta(hours=2)
        count = rng.randint(12, 35) if index % 7 else rng.randint(3, 8)
        _game(contest, host, school, when, count, rng)
        made += 1
    campaign_schools = schools[1::4]
    if campaign_schools:
        _campaign(critical, host, campaign_schools, first + timedelta(days=60),
                  first + timedelta(days=74), rng)
        made += 1
    db.session.commit()
    return made


def _contest(host, title, questions) -> Contest:
    contest = Contest(title=title, host_id=host.id, options={}, practice=False)
    contest.questions = [ContestQuestion(question_id=q.id, position=i)
                         for i, q in enumerate(questions)]
    db.session.add(contest)
    db.session.flush()
    return contest


def _name(rng) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(GIVEN)} {rng.randint(1, 99)}"


def _game(contest, host, school, finished_at, count, rng) -> None:
    game = Game(contest_id=contest.id, host_id=host.id, seed=1, status="finished",
                created_at=finished_at, started_at=finished_at, finished_at=finished_at)
    db.session.add(game)
    db.session.flush()
    players, answers = [], []
    for number in range(count):
        key = f"d{number}"
        skill = rng.random()
        results = [rng.random() < 0.35 + 0.6 * skill for _ in contest.questions]
        players.append({"game_id": game.id, "player_key": key, "nickname": _name(rng),
                        "school_id": school.id, "school_name": school.name,
                        "class_name": f"{rng.choice((6, 7, 8, 9))}A{rng.randint(1, 3)}",
                        "joined_ms": 0, "kicked": False, "score": 1000 * sum(results)})
        answers += [{"game_id": game.id, "player_key": key, "question_id": item.question_id,
                     "received_ms": 0, "elapsed_ms": 5000, "submitted": {}, "answer": {},
                     "correct": ok, "points": 1000 * ok}
                    for item, ok in zip(contest.questions, results, strict=True)]
    db.session.execute(insert(Player), players)
    db.session.execute(insert(Answer), answers)


def _campaign(contest, host, schools, opens_on: date, closes_on: date, rng) -> None:
    campaign = Campaign(title="Tuần lễ tự học an toàn thông tin (demo)", contest_id=contest.id,
                        created_by_id=host.id, opens_on=opens_on, closes_on=closes_on)
    campaign.questions = [CampaignQuestion(question_id=item.question_id, position=i)
                          for i, item in enumerate(contest.questions)]
    for number, school in enumerate(schools):
        campaign.schools.append(CampaignSchool(school_id=school.id, code=f"demo{number:04d}",
                                               classes=[]))
    db.session.add(campaign)
    db.session.flush()
    seen = set()
    for school in schools:
        for _ in range(rng.randint(15, 40)):
            class_name, name = f"{rng.choice((10, 11, 12))}A{rng.randint(1, 4)}", _name(rng)
            identity = participant_identity(class_name, name)
            if (school.id, identity) in seen:  # a random namesake in the same class
                continue
            seen.add((school.id, identity))
            results = [rng.random() < 0.7 for _ in campaign.questions]
            started = datetime.combine(opens_on, datetime.min.time()) + timedelta(
                hours=rng.randrange(24 * (closes_on - opens_on).days))
            attempt = Attempt(campaign_id=campaign.id, school_id=school.id,
                              class_name=class_name, student_name=name,
                              identity=identity, started_at=started, finished_at=started,
                              score=1000 * sum(results))
            db.session.add(attempt)
            db.session.flush()
            db.session.execute(insert(AttemptAnswer), [
                {"attempt_id": attempt.id, "question_id": item.question_id, "answer": {},
                 "correct": ok, "points": 1000 * ok, "elapsed_ms": 0, "answered_at": started}
                for item, ok in zip(campaign.questions, results, strict=True)])
