"""Hand-built coverage worlds: schools, topics, finished games and closed campaigns.

Games and campaigns are written straight into the tables (as the live adapter and the
campaign pages would leave them), so each test states exactly who answered what.
"""

from datetime import date, datetime

import pytest

from quizapp.bank.formats.question import Choice
from quizapp.bank.formats.question import Question as Record
from quizapp.bank.models import Topic
from quizapp.bank.service import change_status, save_question
from quizapp.campaigns.models import (
    Attempt,
    AttemptAnswer,
    Campaign,
    CampaignQuestion,
    CampaignSchool,
)
from quizapp.contests.models import Answer, Game, Player
from quizapp.contests.service import create_contest
from quizapp.extensions import db
from quizapp.schools.identity import participant_identity
from quizapp.schools.models import AdminUnit, School


@pytest.fixture
def k3(app):
    """K = 3 participants per school for a program to count (small, readable fixtures)."""
    before = app.config.get("COVERAGE_MIN_PARTICIPANTS")
    app.config["COVERAGE_MIN_PARTICIPANTS"] = 3
    yield 3
    if before is None:  # the app sets a default now; restore whatever was there
        app.config.pop("COVERAGE_MIN_PARTICIPANTS", None)
    else:
        app.config["COVERAGE_MIN_PARTICIPANTS"] = before


class World:
    """Builders for one test's data."""

    def __init__(self):
        self.counter = 0
        self.host = None

    def unit(self, code, name):
        item = AdminUnit(code=code, name=name)
        db.session.add(item)
        db.session.commit()
        return item

    def school(self, code, unit, level="lower_secondary", enrolment=100, active=True):
        item = School(code=code, name=f"Trường {code}", unit=unit, level=level,
                      enrolment=enrolment, active=active)
        db.session.add(item)
        db.session.commit()
        return item

    def topic(self, slug, critical=False):
        item = Topic(slug=slug, name=f"Chủ đề {slug}", name_en=slug, critical_thinking=critical)
        db.session.add(item)
        db.session.commit()
        return item

    def questions(self, topic, count, status="approved"):
        made = []
        for _ in range(count):
            self.counter += 1
            record = Record(kind="single", text=f"Câu hỏi số {self.counter} về {topic.slug}?",
                            choices=[Choice("Đúng rồi", True), Choice("Sai rồi")],
                            explanation=f"Giải thích câu {self.counter}.")
            question, _ = save_question(record, topic, None)
            if status != "draft":
                change_status([question], status, None)
            made.append(question)
        return made

    def contest(self, host, questions, practice=False, title="Cuộc thi"):
        return create_contest(host, title, [q.id for q in questions], practice=practice)

    def game(self, contest, finished_at, players, status="finished"):
        """players: [(school or None, class, nickname, [True/False per question])]."""
        game = Game(contest=contest, host_id=contest.host_id, seed=1, status=status,
                    finished_at=finished_at if status == "finished" else None)
        db.session.add(game)
        db.session.flush()
        questions = [cq.question_id for cq in contest.questions]
        for index, (school, class_name, nickname, results) in enumerate(players):
            key = f"p{index}"
            db.session.add(Player(game_id=game.id, player_key=key, nickname=nickname,
                                  school_id=school.id if school else None,
                                  school_name=school.name if school else "",
                                  school_source="link" if school else "empty",
                                  class_name=class_name, joined_ms=0,
                                  score=1000 * sum(results)))
            for question_id, correct in zip(questions, results, strict=False):
                db.session.add(Answer(game_id=game.id, player_key=key, question_id=question_id,
                                      received_ms=1, elapsed_ms=1, submitted={}, answer={},
                                      correct=correct, points=1000 * correct))
        db.session.commit()
        return game

    def campaign(self, contest, schools, opens_on, closes_on, attempts=(), practice=False):
        """attempts: [(school, class, name, [True/False per question], started_at)]."""
        campaign = Campaign(title=contest.title, contest=contest, created_by_id=contest.host_id,
                            opens_on=opens_on, closes_on=closes_on, practice=practice)
        campaign.questions = [CampaignQuestion(question_id=cq.question_id, position=i)
                              for i, cq in enumerate(contest.questions)]
        for school in schools:
            self.counter += 1
            campaign.schools.append(CampaignSchool(school=school, code=f"code{self.counter:04d}",
                                                   classes=[]))
        db.session.add(campaign)
        db.session.flush()
        questions = [cq.question_id for cq in contest.questions]
        for school, class_name, name, results, started in attempts:
            attempt = Attempt(campaign_id=campaign.id, school_id=school.id,
                              class_name=class_name, student_name=name,
                              identity=participant_identity(class_name, name),
                              started_at=started, score=1000 * sum(results),
                              finished_at=started if len(results) == len(questions) else None)
            db.session.add(attempt)
            db.session.flush()
            for question_id, correct in zip(questions, results, strict=False):
                db.session.add(AttemptAnswer(attempt_id=attempt.id, question_id=question_id,
                                             answer={}, correct=correct))
        db.session.commit()
        return campaign


@pytest.fixture
def world(app, make_user):
    builder = World()
    builder.host = make_user("host", username="gv.coverage")
    return builder


def at(year, month, day, hour=3):
    """A naive UTC datetime (03:00 UTC is 10:00 in Kon Tum)."""
    return datetime(year, month, day, hour)


def players(school, class_name, count, results, prefix="HS"):
    return [(school, class_name, f"{prefix} {i}", results) for i in range(count)]


YEAR = 2024


@pytest.fixture
def year_2024(world, k3):
    w = world
    a, b = w.unit("huyen-a", "Đơn vị A"), w.unit("huyen-b", "Đơn vị B")
    s1 = w.school("S1", a, "lower_secondary", 3)
    s2 = w.school("S2", a, "upper_secondary", 20)
    s3 = w.school("S3", a, "lower_upper", 0)
    s4 = w.school("S4", b, "lower_secondary", 5)
    s5 = w.school("S5", b, "primary", 50)
    s6 = w.school("S6", b, "lower_secondary", 30)
    fake, safe = w.topic("tin-gia", critical=True), w.topic("mat-khau")
    fake_q, safe_q = w.questions(fake, 3), w.questions(safe, 5)
    mixed = w.contest(w.host, fake_q[:2] + safe_q[:2], title="Nửa về tin giả")
    plain = w.contest(w.host, fake_q[2:3] + safe_q[2:5], title="Mật khẩu")
    practice = w.contest(w.host, safe_q[:1], practice=True, title="Chơi thử")
    w.game(mixed, at(2024, 10, 15), players(s1, "6A", 4, [True, False, True, True])
           + [(None, "6A", "Không trường", [True] * 4), (s1, "6A", "Chưa trả lời", [])])
    w.game(plain, at(2024, 11, 5), players(s2, "10A", 2, [True] * 4, prefix="S2 HS"))
    w.game(plain, at(2025, 8, 31, 16) .replace(minute=59),
           players(s2, "11B", 3, [True] * 4, prefix="S2 B"))
    w.game(mixed, at(2025, 8, 31, 17), players(s2, "12C", 3, [True] * 4, prefix="S2 C"))
    w.game(plain, at(2025, 1, 10), [(s4, "7A", "Nguyễn Văn An", [True] * 4),
                                    (s4, "7A", "Trần Bình", [True] * 4),
                                    (s4, "7A", "Lê Chi", [True] * 4)])
    w.game(plain, at(2024, 12, 1), players(s5, "5A", 5, [True] * 4))
    w.game(practice, at(2024, 12, 2), players(s6, "8A", 5, [True]))
    w.game(mixed, None, players(s6, "8A", 5, [True] * 4), status="running")
    w.campaign(plain, [s3, s4], date(2025, 3, 1), date(2025, 3, 31), attempts=[
        (s3, "9A", "Học sinh Một", [True] * 4, at(2025, 3, 10)),
        (s3, "9A", "Học sinh Hai", [True] * 4, at(2025, 3, 10)),
        (s3, "9B", "Học sinh Ba", [True, True], at(2025, 3, 10)),
        (s4, "Lớp 7a", "nguyen van an", [True] * 4, at(2025, 3, 11)),
    ])
    return {"s1": s1, "s2": s2, "s3": s3, "s4": s4, "s5": s5, "s6": s6, "a": a, "b": b,
            "fake": fake, "safe": safe}
