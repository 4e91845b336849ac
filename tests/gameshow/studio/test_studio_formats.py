"""Format rules through the studio sockets: fastest finger first from the seats, an empty
ask-the-audience poll kept off air, and the record replaying both."""

from quizapp.engine.show import public_view
from quizapp.gameshow.models import EpisodeCommand
from quizapp.gameshow.studio.shows import studio_of
from quizapp.gameshow.wire import command_from_record
from quizapp.live.ticker import beat
from tests.conftest import TEST_PASSWORD
from tests.gameshow.conftest import CONTESTANTS, Studio, command, make_episode, received, send


def open_studio(live_app, client, producer, preset, contestants):
    client.post("/login", data={"username": producer.username, "password": TEST_PASSWORD})
    studio_of(live_app).shows.clear()
    studio_of(live_app).connections.clear()
    return Studio(live_app, client, make_episode(producer, preset=preset,
                                                 contestants=contestants))


def test_an_ask_the_audience_poll_without_votes_stays_off_air(bank, producer, live_app, client):
    room = open_studio(live_app, client, producer, "millionaire", CONTESTANTS[:1])
    mc, overlay, screen = room.staff("mc"), room.screen("overlay"), room.screen("screen")
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    assert command(mc, "use_lifeline", lifeline="ask_audience")["ok"]
    beat(live_app)
    for watcher in (overlay, screen):
        blocks = [p for name, p in received(watcher) if name == "audience"]
        assert blocks and blocks[-1]["poll"] is None  # never 0% bars on air
    staff = [p for name, p in received(mc) if name == "audience"]
    assert staff[-1]["poll"]["counts"] == [0, 0, 0, 0]  # the console says "no votes"
    room.close()


def test_fastest_finger_is_played_from_the_seats_and_replayed_from_the_record(
        bank, producer, live_app, client):
    room = open_studio(live_app, client, producer, "millionaire-fff", CONTESTANTS)
    mc, seats = room.staff("mc"), {n: room.seat(n) for n in (1, 2, 3, 4)}
    command(mc, "start_round")
    command(mc, "next_question")
    assert send(seats[1], "submit_order", {"order": [0, 1, 2, 3]})["error"] == "answers_closed"
    command(mc, "start_timer")
    for bad in ({}, {"order": "0123"}, {"order": [0, 1, 2, True]}, {"order": list(range(7))},
                {"order": [0, 1, 2, 3, 4, 5]}):
        assert send(seats[1], "submit_order", bad)["ok"] is False
    assert send(mc, "submit_order", {"order": [0, 1, 2, 3]})["error"] == "forbidden"
    live = studio_of(live_app).get(room.episode.id)
    shown = public_view(live.show)["turn"]["choices"]
    question = live.show.question
    right = [shown.index(item) for item in question.choices]
    assert send(seats[3], "submit_order", {"order": right})["ok"]
    assert send(seats[2], "submit_order", {"order": right[::-1]})["ok"]
    assert send(seats[3], "submit_order", {"order": right})["error"] == "already_answered"
    states = [p for name, p in received(seats[3]) if name == "state"]
    assert states[-1]["me"]["can_order"] is False and states[-1]["me"]["typed"]
    kept = EpisodeCommand.query.filter_by(episode_id=room.episode.id).order_by(
        EpisodeCommand.seq).all()
    orders = [row for row in kept if row.command["name"] == "submit_order"]
    assert [(row.actor, row.outcome) for row in orders] == [("seat:3", "ok"), ("seat:2", "ok")]
    assert command_from_record(orders[0].command).order == right
    room.close()
