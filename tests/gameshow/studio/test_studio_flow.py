"""A show through the studio sockets: MC, judge, four contestants, screens and the record."""

from quizapp.gameshow.models import EpisodeCommand
from quizapp.gameshow.studio.namespace import BUZZ_PER_SECOND
from tests.gameshow.conftest import command, last_state, received, send


def test_first_buzz_wins_and_the_loser_is_told(studio, clock):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    seats = [studio.seat(n) for n in (1, 2, 3, 4)]
    assert command(mc, "start_round")["ok"]
    assert command(mc, "start_round")["ok"]  # cut the individual turn: the common turn
    assert command(mc, "next_question")["ok"]
    early = send(seats[0], "buzz", {})  # before the open: held for the lockout
    assert early["ok"] and early["outcome"] == "early" and not early["won"]
    assert command(mc, "start_timer")["ok"]
    first = send(seats[2], "buzz", {})
    clock.advance(1)
    second = send(seats[1], "buzz", {})
    assert first["won"] is True and second["won"] is False
    state = last_state(judge)
    assert state["turn"]["answering"] == 3
    assert [b[:1] + b[2:] for b in state["turn"]["buzzes"]] == [
        [1, "early"], [3, "won"], [2, "late"]]
    assert state["turn"]["buzzes"][2][1] - state["turn"]["buzzes"][1][1] == 1
    assert first["received_ms"] == state["turn"]["buzzes"][1][1]  # the server's receive time
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


def test_keyboard_buzzes_for_a_seat_and_everything_is_recorded(studio, clock):
    mc, keys = studio.staff("mc"), studio.staff("keys")
    command(mc, "start_round")
    command(mc, "start_round")
    command(mc, "next_question")
    assert send(keys, "buzz", {"seat": 9})["error"] == "bad_request"
    assert send(keys, "buzz", {"seat": 4})["outcome"] == "early"  # held, and kept
    command(mc, "start_timer")
    clock.advance(1_000)  # the hold is over
    assert send(keys, "buzz", {"seat": 4})["won"]
    rows = EpisodeCommand.query.filter_by(episode_id=studio.episode.id).order_by(
        EpisodeCommand.seq).all()
    assert [(r.command["name"], r.command.get("result"), r.outcome) for r in rows] == [
        ("start_round", None, "ok"), ("start_round", None, "ok"), ("next_question", None, "ok"),
        ("buzz", "early", "ok"), ("start_timer", None, "ok"), ("buzz", "won", "ok")]
    assert rows[-1].actor == "keys:producer#4"


def test_buzzing_is_rate_limited_and_every_press_is_kept(studio, monkeypatch):
    from quizapp.live import throttle

    monkeypatch.setattr(throttle, "_now", lambda: 1_000.0)  # eight presses within one second
    mc = studio.staff("mc")
    seat = studio.seat(2)
    command(mc, "start_round")
    codes = [send(seat, "buzz", {}).get("error") for _ in range(8)]
    assert codes.count("rate_limited") == 8 - BUZZ_PER_SECOND
    rows = EpisodeCommand.query.filter_by(episode_id=studio.episode.id, actor="seat:2").all()
    kept = [r.outcome for r in rows]
    assert len(kept) == 8  # every press is in the record, refused ones too
    assert kept.count("rate_limited") == codes.count("rate_limited")
    assert all(r.command["at_ms"] == r.at_ms for r in rows)


def test_a_press_is_stamped_before_any_query(studio, clock):
    """Presses 3 ms apart keep their order and gap however slow the lock and database are."""
    from sqlalchemy import event

    from quizapp.extensions import db

    mc = studio.staff("mc")
    seats = [studio.seat(n) for n in (1, 2)]
    command(mc, "start_round")
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    clock.advance(1_000)

    def slow_query(*_):
        clock.advance(45)  # every statement takes 45 ms of server time

    engine = db.engine
    event.listen(engine, "before_cursor_execute", slow_query)
    try:
        pressed = clock()
        first = send(seats[1], "buzz", {})
        clock.now = pressed + 3  # the second press arrives 3 ms after the first
        second = send(seats[0], "buzz", {})
    finally:
        event.remove(engine, "before_cursor_execute", slow_query)
    assert first.get("received_ms") == pressed, first
    assert second.get("received_ms") == pressed + 3, second
    assert first["won"] and second["outcome"] == "late"
    rows = EpisodeCommand.query.filter_by(episode_id=studio.episode.id).filter(
        EpisodeCommand.actor.like("seat:%")).order_by(EpisodeCommand.seq).all()
    assert [(r.actor, r.command["at_ms"] - pressed) for r in rows] == [("seat:2", 0),
                                                                       ("seat:1", 3)]
