"""Open a run of a contest: a Game row with a fresh PIN and the engine's first snapshot."""

import secrets

from flask_babel import gettext as _

from quizapp.contests.models import Game
from quizapp.contests.service import ContestError, engine_options, engine_questions
from quizapp.engine import Game as EngineGame
from quizapp.engine import InvalidGame
from quizapp.extensions import db
from quizapp.live.clock import now_ms


def new_pin() -> str:
    """Return a random 6-digit PIN not used by any live game."""
    while True:
        pin = f"{secrets.randbelow(900_000) + 100_000}"
        if not Game.query.filter_by(pin=pin).first():
            return pin


def open_game(contest, host) -> Game:
    """Create a game for `contest` in the lobby and return it (its PIN admits players)."""
    if not contest.questions:
        raise ContestError(_("Cuộc thi chưa có câu hỏi nào."))
    seed = secrets.randbits(48)
    try:
        engine = EngineGame.create(engine_questions(contest), engine_options(contest), seed=seed)
    except InvalidGame as error:
        raise ContestError(_("Không thể bắt đầu: %(reason)s", reason=error.message)) from None
    game = Game(contest=contest, host=host, pin=new_pin(), seed=seed,
                snapshot=engine.snapshot(), snapshot_ms=now_ms())
    db.session.add(game)
    db.session.commit()
    return game
