"""An answer the database refuses is not acknowledged: the phone is told `storage_failed`."""

from tests.contests.conftest import ack
from tests.contests.live.test_protocol_conformance import _open_first_question


def test_an_answer_the_database_refuses_is_storage_failed(live_app, game, phone):
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    from quizapp.extensions import db

    player, question = _open_first_question(live_app, game, phone)

    def refuse_answers(conn, cursor, statement, *_):
        if statement.lstrip().upper().startswith("INSERT INTO ANSWER"):
            raise OperationalError(statement, {}, Exception("disk full"))

    event.listen(db.engine, "before_cursor_execute", refuse_answers)
    try:
        reply = ack(player, "answer", {"question": question["id"], "choice": 0})
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse_answers)
    assert reply["error"] == "storage_failed"
