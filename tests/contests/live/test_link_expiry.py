"""A finished game's links expire after a grace period: the big screen and player tokens."""

from datetime import timedelta

from quizapp.accounts.models import utcnow
from quizapp.contests.models import Game
from quizapp.extensions import db
from quizapp.live.tokens import screen_key
from tests.contests.conftest import ack


def _finish(live_app, game, seconds_ago):
    row = db.session.get(Game, game.id)
    row.status, row.finished_at = "finished", utcnow() - timedelta(seconds=seconds_ago)
    db.session.commit()


def test_the_big_screen_of_a_finished_game_expires_after_the_grace(live_app, client, game):
    url = f"/live/games/{game.id}/screen?key={screen_key(game.id)}"
    grace = live_app.config["LINK_GRACE_SECONDS"]
    _finish(live_app, game, grace - 60)
    assert client.get(url).status_code == 200  # the podium stays up for a while
    _finish(live_app, game, grace + 60)
    assert client.get(url).status_code == 410
    from quizapp.extensions import socketio

    screen = socketio.test_client(live_app, namespace="/screen")
    reply = ack(screen, "watch", {"game_id": game.id, "key": screen_key(game.id)}, "/screen")
    assert reply["error"] == "link_expired"


def test_a_player_token_does_not_resume_forever(live_app, game, phone):
    joined = ack(phone(), "join", {"pin": game.pin, "nickname": "Lan"})
    token = joined["token"]
    assert ack(phone(), "resume", {"token": token})["ok"]
    _finish(live_app, game, live_app.config["LINK_GRACE_SECONDS"] + 60)
    assert ack(phone(), "resume", {"token": token})["error"] == "link_expired"
