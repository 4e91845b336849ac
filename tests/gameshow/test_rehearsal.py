"""Rehearsals: a resettable live copy of a draft that never opens the audience game."""

from quizapp.contests.models import Game
from quizapp.extensions import db
from quizapp.gameshow.models import Episode
from quizapp.gameshow.studio.shows import studio_of

from .conftest import STUDIO, command, make_episode


def test_a_draft_is_rehearsed_on_a_copy_and_reset(bank, producer, client, live_app):
    from quizapp.extensions import socketio
    from tests.conftest import TEST_PASSWORD

    draft = make_episode(producer, start=False)
    client.post("/login", data={"username": producer.username, "password": TEST_PASSWORD})
    games_before = Game.query.count()
    page = client.post(f"/shows/{draft.id}/rehearse", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert 'id="rehearsal-note"' in text and "Khán giả không chơi" in text
    copy = Episode.query.filter_by(rehearsal_of_id=draft.id).one()
    assert copy.status == "live" and copy.audience_game_id is None
    assert Game.query.count() == games_before  # no audience game was opened
    assert db.session.get(Episode, draft.id).status == "draft"

    mc = socketio.test_client(live_app, namespace=STUDIO, flask_test_client=client)
    reply = mc.emit("watch", {"episode_id": copy.id, "role": "mc"}, namespace=STUDIO,
                    callback=True)
    assert reply["ok"]
    assert command(mc, "start_round")["ok"] and command(mc, "next_question")["ok"]
    assert command(mc, "start_timer")["ok"]  # an audience round: still no phones involved
    assert studio_of(live_app).get(copy.id).show.turn.phase == "open"

    # Rehearse again: the first copy ends (its record stays), a fresh one starts.
    client.post(f"/shows/{draft.id}/rehearse")
    db.session.expire_all()
    assert db.session.get(Episode, copy.id).status == "finished"
    assert command(mc, "next_question")["error"] in ("show_finished", "show_not_live")
    fresh = Episode.query.filter_by(rehearsal_of_id=draft.id, status="live").one()
    assert fresh.id != copy.id and fresh.seq == 0
    assert client.get(f"/shows/{draft.id}").get_data(as_text=True).count(
        f"/shows/{fresh.id}") >= 1
    mc.disconnect(STUDIO)

    # A rehearsal copy is never put on air itself, and going live ends the rehearsal.
    assert client.post(f"/shows/{fresh.id}/rehearse").status_code == 302
    client.post(f"/shows/{fresh.id}/start")
    assert db.session.get(Episode, fresh.id).audience_game_id is None
    client.post(f"/shows/{draft.id}/start")
    db.session.expire_all()
    assert db.session.get(Episode, draft.id).status == "live"
    assert db.session.get(Episode, fresh.id).status == "finished"
    assert client.post(f"/shows/{draft.id}/rehearse").status_code == 302  # refused: on air
    assert Episode.query.filter_by(rehearsal_of_id=draft.id, status="live").count() == 0
