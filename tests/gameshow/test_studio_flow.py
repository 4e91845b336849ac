"""A show through the studio sockets: MC, judge, four contestants, screens and the record."""

from quizapp.gameshow.models import EpisodeCommand

from .conftest import command, last_state, received, send


def test_first_buzz_wins_and_the_loser_is_told(studio, clock):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    seats = [studio.seat(n) for n in (1, 2, 3, 4)]
    assert command(mc, "start_round")["ok"]
    assert command(mc, "start_round")["ok"]  # cut the individual turn: the common turn
    assert command(mc, "next_question")["ok"]
    assert send(seats[0], "buzz", {})["error"] == "buzzers_closed"
    assert command(mc, "start_timer")["ok"]
    first = send(seats[2], "buzz", {})
    clock.advance(1)
    second = send(seats[1], "buzz", {})
    assert first["won"] is True and second["won"] is False
    state = last_state(judge)
    assert state["turn"]["answering"] == 3
    assert [b[:1] + b[2:] for b in state["turn"]["buzzes"]] == [[3, "won"], [2, "late"]]
    assert state["turn"]["buzzes"][1][1] - state["turn"]["buzzes"][0][1] == 1
    assert first["received_ms"] == state["turn"]["buzzes"][0][1]  # the server's receive time
    assert state["answer"]["reference"]  # the judge sees the answer
    assert last_state(seats[2])["me"]["buzzer"] == "won"
    assert command(judge, "judge", correct=False)["ok"]
    state = last_state(seats[2])
    assert state["me"]["buzzer"] == "locked"
    assert state["seats"][2]["score"] == 0  # -5 floored at zero
    cues = [payload["name"] for name, payload in received(mc) if name == "cue"]
    assert cues == ["buzz", "wrong"]


def test_roles_are_enforced(studio):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    seat = studio.seat(1)
    screen = studio.screen()
    assert command(seat, "start_round")["error"] == "forbidden"
    assert command(screen, "start_round")["error"] == "forbidden"
    assert command(judge, "start_round")["error"] == "forbidden"
    assert command(mc, "judge", correct=True)["error"] == "forbidden"
    assert send(screen, "buzz", {})["error"] == "forbidden"
    assert send(mc, "buzz", {"seat": 1})["error"] == "forbidden"
    assert send(seat, "type_answer", {"text": "x"})["error"] == "wrong_phase"


def test_watch_refuses_bad_credentials(studio, live_app):
    from flask import g

    from quizapp.extensions import socketio
    from quizapp.live.tokens import seat_token

    g.pop("_login_user", None)  # the test's app context still remembers the producer's login
    stranger = socketio.test_client(live_app, namespace="/studio")
    for payload, code in (
        ({"role": "seat", "token": "forged"}, "invalid_token"),
        ({"role": "seat", "token": seat_token(studio.episode.id + 1, 1)}, "show_not_live"),
        ({"role": "screen", "episode_id": studio.episode.id, "key": "nope"}, "forbidden"),
        ({"role": "mc", "episode_id": studio.episode.id}, "forbidden"),
        ({"role": "wizard", "episode_id": studio.episode.id}, "bad_request"),
        ("not an object", "bad_request"),
    ):
        reply = stranger.emit("watch", payload, namespace="/studio", callback=True)
        assert reply.get("error") == code, (payload, reply)
    assert send(stranger, "buzz", {})["error"] == "not_watching"
    stranger.disconnect("/studio")


def test_keyboard_buzzes_for_a_seat_and_everything_is_recorded(studio):
    mc, keys = studio.staff("mc"), studio.staff("keys")
    command(mc, "start_round")
    command(mc, "start_round")
    command(mc, "next_question")
    assert send(keys, "buzz", {"seat": 9})["error"] == "bad_request"
    send(keys, "buzz", {"seat": 4})  # too early: refused, but kept in the record
    command(mc, "start_timer")
    assert send(keys, "buzz", {"seat": 4})["won"]
    rows = EpisodeCommand.query.filter_by(episode_id=studio.episode.id).order_by(
        EpisodeCommand.seq).all()
    assert [(r.command["name"], r.outcome) for r in rows] == [
        ("start_round", "ok"), ("start_round", "ok"), ("next_question", "ok"),
        ("buzz", "buzzers_closed"), ("start_timer", "ok"), ("buzz", "ok")]
    assert rows[-1].actor == "keys:producer#4"


def test_buzzing_is_rate_limited(studio):
    mc = studio.staff("mc")
    seat = studio.seat(2)
    command(mc, "start_round")
    codes = [send(seat, "buzz", {}).get("error") for _ in range(8)]
    assert codes.count("rate_limited") >= 3
