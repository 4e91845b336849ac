"""Generate one province-year and time the coverage dashboard and the report files.

    .venv/bin/python bench/coverage.py                                   # SQLite file
    .venv/bin/python bench/coverage.py --database postgresql://postgres@127.0.0.1:5432/test

The database is RESET (every table dropped, migrations run again): use a scratch database.
Default volume: 300 schools, 100,000 participants (40% in live games of 25, 60% in ten
campaigns), 20 answers each = 2,000,000 answers, all in school year 2024-2025. Inserts are
bulk (executemany in chunks). Pages are timed through the app (Flask test client, signed in
as a viewer), so templates and the service functions are both in the figure.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QUIZAPP_ASYNC_MODE", "threading")

YEAR = 2024
CHUNK = 20_000
GAME_SIZE = 25
CAMPAIGNS = 10


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_app(url):
    from quizapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
                       "WTF_CSRF_ENABLED": False, "ASYNC_MODE": "threading",
                       "PUBLIC_URL": "http://bench"})


def reset(app):
    from flask_migrate import upgrade
    from sqlalchemy import inspect, text

    from quizapp.extensions import MIGRATIONS_DIR, db

    db.drop_all()
    with db.engine.begin() as connection:
        if inspect(connection).has_table("alembic_version"):
            connection.execute(text("DROP TABLE alembic_version"))
    upgrade(directory=str(MIGRATIONS_DIR))


def bulk(model, rows):
    from sqlalchemy import insert

    from quizapp.extensions import db

    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start:start + CHUNK])


def generate(schools_n, participants_n, answers_each, rng):
    from quizapp.accounts.service import create_user
    from quizapp.bank.models import Question, Topic
    from quizapp.bank.service import load_shipped_bank
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
    from quizapp.schools.models import AdminUnit, School
    load_shipped_bank()
    province = AdminUnit(code="BENCH", name="Tỉnh bench", kind="province")
    db.session.add(province)
    db.session.add_all([AdminUnit(code=f"BENCH-{i:03d}", name=f"Xã bench {i:03d}",
                                  kind="commune", parent=province) for i in range(96)])
    db.session.commit()
    host = create_user("bench.host", "bench-password-1", "host")
    create_user("bench.viewer", "bench-password-1", "viewer")
    units = AdminUnit.query.filter(AdminUnit.kind == "commune").all()
    levels = ["lower_secondary"] * 6 + ["upper_secondary"] * 3 + ["lower_upper"]
    rows = []
    for i in range(schools_n):
        level, enrolment = rng.choice(levels), rng.randint(300, 1500)
        split = {"lower_secondary": enrolment // 2,
                 "upper_secondary": enrolment - enrolment // 2} if level == "lower_upper" else {}
        rows.append({"code": f"B{i:04d}", "name": f"Trường bench {i:04d}",
                     "unit_id": units[i % len(units)].id, "level": level,
                     "enrolment": enrolment, "enrolment_by_level": split, "active": True,
                     "is_sample": False})
    bulk(School, rows)
    db.session.commit()
    school_ids = [s.id for s in School.query.order_by(School.id)]
    active = school_ids[: int(len(school_ids) * 0.9)]  # 10% of schools hold nothing
    critical = {t.id for t in Topic.query.filter_by(critical_thinking=True)}
    pool = Question.query.filter_by(status="approved").filter(
        Question.kind.in_(("single", "true_false", "multiple"))).all()
    fake = [q for q in pool if q.topic_id in critical]
    other = [q for q in pool if q.topic_id not in critical]
    contests = []
    for index in range(10):
        picked = (rng.sample(fake, min(len(fake), answers_each // 2)) if index % 3 == 0 else [])
        picked += rng.sample(other, answers_each - len(picked))
        contest = Contest(title=f"Bench contest {index}", host_id=host.id, options={})
        contest.questions = [ContestQuestion(question_id=q.id, position=i)
                             for i, q in enumerate(picked)]
        db.session.add(contest)
        contests.append(contest)
    db.session.commit()
    question_lists = {c.id: [cq.question_id for cq in c.questions] for c in contests}
    first = date(YEAR, 9, 1)
    answers_total = 0

    live_n = int(participants_n * 0.4)
    games = live_n // GAME_SIZE
    for number in range(games):
        contest = contests[number % len(contests)]
        school = rng.choice(active)
        finished = datetime.combine(first + timedelta(days=rng.randrange(330)),
                                    datetime.min.time()) + timedelta(hours=3)
        game = Game(contest_id=contest.id, host_id=host.id, seed=1, status="finished",
                    finished_at=finished, started_at=finished)
        db.session.add(game)
        db.session.flush()
        players, answers = [], []
        for p in range(GAME_SIZE):
            key = f"p{p}"
            players.append({"game_id": game.id, "player_key": key,
                            "nickname": f"HS {rng.randrange(400)}", "school_id": school,
                            "school_name": "", "class_name": f"{rng.randint(6, 12)}A",
                            "joined_ms": 0, "kicked": False, "score": 0})
            for question_id in question_lists[contest.id]:
                ok = rng.random() < 0.7
                answers.append({"game_id": game.id, "player_key": key,
                                "question_id": question_id, "received_ms": 0, "elapsed_ms": 0,
                                "submitted": {}, "answer": {}, "correct": ok,
                                "points": 1000 * ok})
        bulk(Player, players)
        bulk(Answer, answers)
        answers_total += len(answers)
        if number % 100 == 99:
            db.session.commit()
    db.session.commit()

    campaign_n = participants_n - games * GAME_SIZE
    per_campaign = campaign_n // CAMPAIGNS
    for number in range(CAMPAIGNS):
        contest = contests[number]
        opens = first + timedelta(days=20 + 30 * number)
        campaign = Campaign(title=f"Bench campaign {number}", contest_id=contest.id,
                            created_by_id=host.id, opens_on=opens,
                            closes_on=opens + timedelta(days=14))
        campaign.questions = [CampaignQuestion(question_id=q, position=i)
                              for i, q in enumerate(question_lists[contest.id])]
        targets = rng.sample(active, min(len(active), 100))
        for index, school in enumerate(targets):
            campaign.schools.append(CampaignSchool(school_id=school,
                                                   code=f"b{number:02d}{index:04d}", classes=[]))
        db.session.add(campaign)
        db.session.flush()
        attempts = []
        for index in range(per_campaign):
            school = targets[index % len(targets)]
            class_name, name = f"{rng.randint(6, 12)}A", f"Học sinh {number}-{index}"
            started = datetime.combine(opens, datetime.min.time()) + timedelta(hours=3)
            attempts.append({"campaign_id": campaign.id, "school_id": school,
                             "class_name": class_name, "student_name": name,
                             "student_code": "", "identity": participant_identity(class_name,
                                                                                    name),
                             "started_at": started, "finished_at": started, "score": 0,
                             "anonymised": False})
        bulk(Attempt, attempts)
        db.session.commit()
        ids = [i for (i,) in db.session.query(Attempt.id).filter_by(campaign_id=campaign.id)]
        rows = []
        for attempt_id in ids:
            for question_id in question_lists[contest.id]:
                ok = rng.random() < 0.65
                rows.append({"attempt_id": attempt_id, "question_id": question_id,
                             "answer": {}, "correct": ok, "points": 1000 * ok,
                             "elapsed_ms": 0, "answered_at": datetime(YEAR, 10, 1)})
            if len(rows) >= CHUNK * 5:
                bulk(AttemptAnswer, rows)
                answers_total += len(rows)
                rows = []
        bulk(AttemptAnswer, rows)
        answers_total += len(rows)
        db.session.commit()
    return {"games": games, "live": games * GAME_SIZE, "campaigns": CAMPAIGNS,
            "attempts": per_campaign * CAMPAIGNS, "answers": answers_total}


def timed(label, action, repeat=3):
    """Run `action` `repeat` times; print min/median/max wall time and the median CPU time.

    On a shared machine the wall time follows the load; the CPU time of this process (the
    app and SQLite in it; PostgreSQL's own work is not in it) is what the page costs.
    """
    times, cpu = [], []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"  {label:40} min {min(times) * 1000:7.0f}  median "
          f"{statistics.median(times) * 1000:7.0f}  max {max(times) * 1000:7.0f} ms"
          f"   cpu {statistics.median(cpu) * 1000:6.0f} ms", flush=True)
    return result, max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="sqlite:////tmp/bench-coverage.sqlite3")
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--answers-each", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse the data of a previous run")
    args = parser.parse_args()
    rng = random.Random(6)
    app = build_app(args.database)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with app.app_context():
        from quizapp.coverage import rollup
        from quizapp.coverage.models import CoverageProgram
        from quizapp.extensions import db
        from quizapp.schools.models import AdminUnit, School

        if not args.keep:
            reset(app)
            start = time.perf_counter()
            counts = generate(args.schools, args.participants, args.answers_each, rng)
            print(f"generated {counts} in {time.perf_counter() - start:.0f} s "
                  f"(peak RSS {rss_mb():.0f} MB)", flush=True)
            start = time.perf_counter()
            added = rollup.refresh()
            print(f"first roll-up of {added} programs: {time.perf_counter() - start:.1f} s "
                  f"(peak RSS {rss_mb():.0f} MB)", flush=True)
        print(f"programs rolled up: {CoverageProgram.query.count()}")
        start = time.perf_counter()
        rollup.refresh()
        print(f"refresh with nothing new: {(time.perf_counter() - start) * 1000:.0f} ms")
        unit = AdminUnit.query.filter_by(kind="commune").order_by(AdminUnit.id).first().id
        school = School.query.order_by(School.id).first().id
        db.session.remove()
    client = app.test_client()
    response = client.post("/login", data={"username": "bench.viewer",
                                           "password": "bench-password-1"})
    assert response.status_code == 302, response.status_code
    q = f"period={YEAR}-{YEAR + 1}"
    pages = [("province dashboard", f"/coverage/?{q}"),
             ("province dashboard, all levels", f"/coverage/?{q}&level=all"),
             ("unit dashboard", f"/coverage/units/{unit}?{q}"),
             ("school page", f"/coverage/schools/{school}?{q}"),
             ("schools without a program", f"/coverage/schools?{q}&filter=missing"),
             ("programs list", f"/coverage/programs?{q}"),
             ("calendar year as of 15/12", f"/coverage/?period={YEAR}&as_of={YEAR}-12-15"),
             ("report page (document layout)", f"/coverage/report?{q}"),
             ("freeze page", f"/coverage/freezes?{q}"),
             ("CSV export", f"/coverage/report.csv?{q}")]
    print("pages (HTTP through the app, signed in as a viewer):")
    slowest = 0.0
    for label, url in pages:
        def fetch(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response
        _, worst = timed(label, fetch)
        slowest = max(slowest, worst)
    export = 0.0
    for fmt in ("docx", "pdf"):
        _, worst = timed(f"{fmt.upper()} report", lambda fmt=fmt: client.get(
            f"/coverage/report.{fmt}?{q}"))
        export = max(export, worst)
    response, worst = timed("XLSX report", lambda: client.get(f"/coverage/report.xlsx?{q}"))
    export = max(export, worst)
    tracemalloc.start()  # a separate run: tracing slows Python down several times
    client.get(f"/coverage/report.xlsx?{q}")
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    print(f"workbook: {len(response.data) / 1024:.0f} KB, Python heap peak during export "
          f"{peak:.1f} MB; process peak RSS {rss_mb():.0f} MB")
    print(f"slowest page {slowest * 1000:.0f} ms (target < 1000); export {export:.2f} s "
          f"(target < 30); load average at end: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
