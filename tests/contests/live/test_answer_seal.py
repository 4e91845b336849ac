"""The fence between the answers workers store and the owner's reveal (PostgreSQL row locks).

A worker's batch takes the question's `answer_seal` row FOR SHARE and stores nothing for a
sealed question; the owner's seal waits for the batches holding the row, so the rows it reads
afterwards include every answer a worker acknowledged.
"""

import threading

import pytest

from quizapp.contests.live.registry import registry_of
from quizapp.contests.live.tally import (
    SCORED_ELSEWHERE,
    SealedTicket,
    SealedWriter,
    Tallies,
    seal_question,
)
from quizapp.contests.models import Answer, AnswerSeal, Player
from quizapp.extensions import db
from tests.conftest import test_database_url as database_url

pytestmark = pytest.mark.skipif(database_url() is None,
                                reason="the fence is a PostgreSQL row lock (SQLite: one process)")


def scored(game_id, question_id, key):
    return {"game_id": game_id, "seq": SCORED_ELSEWHERE, "player_key": key,
            "question_id": question_id, "received_ms": 5000, "elapsed_ms": 1200,
            "submitted": {"choices": [1]}, "answer": {"choices": [1]}, "correct": True,
            "points": 900}


@pytest.fixture
def questions(live_app, game):
    ids = [cq.question_id for cq in game.contest.questions]
    db.session.add_all([AnswerSeal(game_id=game.id, question_id=q, sealed=False) for q in ids])
    db.session.add_all([Player(game_id=game.id, player_key=f"p{i}", nickname=f"Bạn {i}",
                               joined_ms=0) for i in range(4)])
    db.session.commit()
    return ids


def writer_of(app):
    return SealedWriter(app, Tallies(registry_of(app)))


def test_answers_of_a_sealed_question_are_refused_too_late_and_not_stored(live_app, game,
                                                                          questions):
    first, second = questions[:2]
    seal_question(game.id, first)
    writer = writer_of(live_app)
    late = writer.add_scored(scored(game.id, first, "p0"))
    on_time = writer.add_scored(scored(game.id, second, "p1"))
    writer.flush()
    assert not late.wait(0.01) and late.refused == "too_late"
    assert on_time.wait(0.01) and on_time.refused is None
    assert [(a.player_key, a.question_id) for a in Answer.query.filter_by(game_id=game.id)] \
        == [("p1", second)]


def test_a_second_answer_of_a_player_is_refused_and_the_rest_of_its_batch_kept(live_app, game,
                                                                               questions):
    writer = writer_of(live_app)
    writer.add_scored(scored(game.id, questions[0], "p0"))
    writer.flush()
    again = writer.add_scored(scored(game.id, questions[0], "p0"))
    other = writer.add_scored(scored(game.id, questions[0], "p2"))
    writer.flush()
    assert again.refused == "already_answered" and not again.wait(0.01)
    assert other.wait(0.01)
    assert Answer.query.filter_by(game_id=game.id).count() == 2


def test_the_seal_waits_for_a_batch_being_stored_then_reads_its_rows(live_app, game,
                                                                     questions):
    question = questions[0]
    writer = writer_of(live_app)
    ticket = SealedTicket(Answer, scored(game.id, question, "p3"), threading.Event())
    locked, release, sealed = threading.Event(), threading.Event(), threading.Event()
    seen = []

    def batch():  # a worker's batch, held open between its lock and its commit
        with live_app.app_context():
            kept = writer._fenced([ticket])
            db.session.execute(db.insert(Answer.__table__), [t.row for t in kept])
            locked.set()
            release.wait(10)
            db.session.commit()

    def owner():
        with live_app.app_context():
            seal_question(game.id, question)
            sealed.set()
            seen.extend(key for (key,) in db.session.execute(db.select(Answer.player_key).where(
                Answer.game_id == game.id, Answer.question_id == question)))
            db.session.commit()

    worker_thread = threading.Thread(target=batch)
    worker_thread.start()
    assert locked.wait(10)
    owner_thread = threading.Thread(target=owner)
    owner_thread.start()
    assert not sealed.wait(0.5)  # the seal waits for the batch holding the row
    release.set()
    worker_thread.join(10)
    owner_thread.join(10)
    assert sealed.is_set() and seen == ["p3"]
    late = writer.add_scored(scored(game.id, question, "p2"))
    writer.flush()
    assert late.refused == "too_late"
