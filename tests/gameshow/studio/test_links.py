"""Studio, overlay, feed and seat links: they expire with the show, the producer rotates them,
and a seat link open on another device asks before taking the seat over."""

from datetime import timedelta

from quizapp.accounts.models import utcnow
from quizapp.extensions import db, socketio
from quizapp.gameshow.models import Episode
from quizapp.live.tokens import seat_token, studio_key

from ..conftest import STUDIO, send


def _watch(client, payload):
    return client.emit("watch", payload, namespace=STUDIO, callback=True)


def _seat_client(live_app):
    return socketio.test_client(live_app, namespace=STUDIO)


def test_links_expire_a_grace_period_after_the_show(studio, live_app, client):
    episode = db.session.get(Episode, studio.episode.id)
    key = studio_key(episode.id)
    urls = [f"/studio/{episode.id}/screen?k={key}", f"/studio/{episode.id}/feed.json?k={key}",
            f"/studio/{episode.id}/overlay?k={key}",
            f"/studio/seat/{seat_token(episode.id, 1)}"]
    assert all(client.get(url).status_code == 200 for url in urls)
    grace = live_app.config["LINK_GRACE_SECONDS"]
    episode.finished_at = utcnow() - timedelta(seconds=grace - 60)
    db.session.commit()
    assert all(client.get(url).status_code == 200 for url in urls)  # still in the grace
    episode.finished_at = utcnow() - timedelta(seconds=grace + 60)
    db.session.commit()
    assert [client.get(url).status_code for url in urls] == [410] * 4
    late = _seat_client(live_app)
    assert _watch(late, {"role": "seat", "token": seat_token(episode.id, 1)})[
        "error"] == "link_expired"
    assert _watch(late, {"role": "screen", "episode_id": episode.id, "key": key})[
        "error"] == "link_expired"


def test_the_producer_rotates_every_link(studio, client):
    episode = studio.episode
    old_key, old_seat = studio_key(episode.id), seat_token(episode.id, 1)
    assert client.post(f"/shows/{episode.id}/links/rotate").status_code == 302
    db.session.expire_all()
    episode = db.session.get(Episode, episode.id)
    assert episode.link_version == 1
    assert client.get(f"/studio/{episode.id}/screen?k={old_key}").status_code == 403
    assert client.get(f"/studio/seat/{old_seat}").status_code == 404
    new_key = studio_key(episode.id, 1)
    assert client.get(f"/studio/{episode.id}/screen?k={new_key}").status_code == 200
    page = client.get(f"/shows/{episode.id}").get_data(as_text=True)
    assert new_key in page and old_key not in page
    assert seat_token(episode.id, 1, 1) in page
    stale = _seat_client(studio.app)
    assert _watch(stale, {"role": "seat", "token": old_seat})["error"] == "invalid_token"
    assert _watch(stale, {"role": "screen", "episode_id": episode.id, "key": old_key})[
        "error"] == "forbidden"


def test_a_seat_open_on_another_device_asks_before_taking_over(studio, live_app):
    token = seat_token(studio.episode.id, 2)
    first, second = _seat_client(live_app), _seat_client(live_app)
    assert _watch(first, {"role": "seat", "token": token, "device": "tablet-a"})["ok"]
    refused = _watch(second, {"role": "seat", "token": token, "device": "phone-b"})
    assert refused["error"] == "seat_in_use"
    assert send(first, "buzz", {})["error"] != "not_watching"  # the first still holds the seat
    taken = _watch(second, {"role": "seat", "token": token, "device": "phone-b",
                            "take_over": True})
    assert taken["ok"] and taken["seat"] == 2
    told = [m["name"] for m in first.get_received(STUDIO)]
    assert "seat_taken_over" in told
    assert send(first, "buzz", {})["error"] == "not_watching"


def test_the_same_device_takes_its_seat_back_without_asking(studio, live_app):
    token = seat_token(studio.episode.id, 3)
    before = _seat_client(live_app)
    assert _watch(before, {"role": "seat", "token": token, "device": "tablet-a"})["ok"]
    after = _seat_client(live_app)  # the phone reconnected before the old socket was dropped
    assert _watch(after, {"role": "seat", "token": token, "device": "tablet-a"})["ok"]
    assert "seat_taken_over" not in [m["name"] for m in before.get_received(STUDIO)]
