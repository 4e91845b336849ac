"""The batch writer: a handler acknowledges a join or an answer only once its row is stored."""

from types import SimpleNamespace

from quizapp.contests.live.persistence import BatchWriter
from quizapp.contests.models import Answer, Player


def accepted(player_key, question_id, points=1000):
    return SimpleNamespace(player_id=player_key, question_id=question_id, received_ms=5000,
                           elapsed_ms=1200, answer={"choices": [1]}, correct=True,
                           points=points)


def new_player(key):
    return SimpleNamespace(player_id=key, nickname=f"Bạn {key}", school="THCS Lê Lợi",
                           class_name="8A", joined_ms=1000)


def test_a_batch_stores_players_before_their_answers_and_releases_every_waiter(live_app, game):
    writer = BatchWriter(live_app)
    question = game.contest.questions[0].question_id
    joins = [writer.add_player(game.id, i + 1, new_player(f"p{i}"), None) for i in range(3)]
    answers = [writer.add_answer(game.id, 4 + i, accepted(f"p{i}", question), {"choices": [1]})
               for i in range(3)]
    assert writer.pending == 6
    assert not joins[0].wait(timeout=0.01)  # not stored yet: no acknowledgement
    assert writer.flush() == 6
    assert all(ticket.wait(timeout=0.01) for ticket in joins + answers)
    assert writer.pending == 0
    assert Player.query.filter_by(game_id=game.id).count() == 3
    assert Answer.query.filter_by(game_id=game.id).count() == 3
    assert writer.flush() == 0


def test_rows_added_after_a_flush_wait_for_the_next_batch(live_app, game):
    writer = BatchWriter(live_app)
    first = writer.add_player(game.id, 1, new_player("p1"), None)
    writer.flush()
    second = writer.add_player(game.id, 2, new_player("p2"), None)
    assert first.wait(timeout=0.01)
    assert not second.wait(timeout=0.01)
    writer.flush()
    assert second.wait(timeout=0.01)


def test_a_row_already_stored_counts_as_stored_and_the_rest_of_its_batch_is_kept(
        live_app, game):
    """After a restart the same answer may come again: the unique key says it is stored."""
    writer = BatchWriter(live_app)
    question = game.contest.questions[0].question_id
    writer.add_player(game.id, 1, new_player("p1"), None)
    writer.add_answer(game.id, 2, accepted("p1", question), {"choices": [1]})
    writer.flush()
    again = writer.add_answer(game.id, 2, accepted("p1", question), {"choices": [1]})
    other = writer.add_player(game.id, 3, new_player("p2"), None)
    writer.flush()
    assert again.wait(timeout=0.01) and other.wait(timeout=0.01)
    assert Answer.query.filter_by(game_id=game.id).count() == 1
    assert Player.query.filter_by(game_id=game.id).count() == 2


def test_a_row_the_database_refuses_is_not_acknowledged_and_the_rest_is_kept(live_app, game):
    writer = BatchWriter(live_app)
    good = writer.add_player(game.id, 1, new_player("p1"), None)
    refused = writer.add_player(game.id, 2, new_player("p2"), None)
    refused.row["nickname"] = None  # NOT NULL: an integrity error that is no duplicate
    writer.flush()
    assert good.wait(timeout=0.01)
    assert not refused.wait(timeout=0.01)
    assert [p.player_key for p in Player.query.filter_by(game_id=game.id)] == ["p1"]


def test_a_batch_that_cannot_be_written_is_not_acknowledged_and_nothing_is_kept(
        live_app, game):
    writer = BatchWriter(live_app)
    first = writer.add_player(game.id, 1, new_player("p1"), None)
    broken = writer.add_player(game.id, 2, new_player("p2"), None)
    broken.row["joined_ms"] = object()  # the driver cannot bind it: the whole insert fails
    writer.flush()
    assert not first.wait(timeout=0.01)
    assert not broken.wait(timeout=0.01)
    assert Player.query.filter_by(game_id=game.id).count() == 0
