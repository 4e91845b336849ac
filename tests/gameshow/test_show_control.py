"""Show control through the studio sockets: the clock, re-ask, void, corrections, recovery."""

from quizapp.extensions import db
from quizapp.gameshow.models import Episode, EpisodeCommand
from quizapp.gameshow.record import replay
from quizapp.gameshow.studio.shows import studio_of

from .conftest import command, last_state, send


def to_common_turn(studio):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    command(mc, "start_round")
    command(mc, "start_round")
    command(mc, "next_question")
    return mc, judge


def test_the_mc_stops_the_clock_adds_time_and_runs_it_again(studio, clock):
    mc, judge = to_common_turn(studio)
    seat = studio.seat(2)
    assert command(mc, "pause_clock")["error"] == "no_clock"
    command(mc, "start_timer")
    clock.advance(1_000)
    assert command(mc, "pause_clock")["ok"]
    state = last_state(judge)
    assert state["turn"]["paused_left_ms"] == 4_000 and state["turn"]["deadline_ms"] is None
    assert send(seat, "buzz", {})["error"] == "clock_paused"
    assert command(mc, "add_time", seconds=0)["error"] == "bad_request"
    assert command(mc, "add_time", seconds=5)["ok"]
    assert command(judge, "pause_clock")["error"] == "forbidden"
    clock.advance(30_000)
    assert command(mc, "resume_clock")["ok"]
    assert last_state(judge)["turn"]["deadline_ms"] == clock() + 9_000


def test_re_ask_and_void_are_replayed_from_the_record(studio, clock):
    mc, judge = to_common_turn(studio)
    seat = studio.seat(1)
    command(mc, "start_timer")
    clock.advance(500)
    send(seat, "buzz", {})
    command(judge, "judge", correct=True)
    assert last_state(judge)["seats"][0]["score"] == 10
    assert command(mc, "re_ask")["ok"]
    state = last_state(judge)
    assert state["seats"][0]["score"] == 0 and state["turn"]["phase"] == "reading"
    assert state["corrections"][-1]["kind"] == "reask"
    assert command(mc, "void_question")["error"] == "no_reserve"  # the demo has no reserves
    episode = db.session.get(Episode, studio.episode.id)
    assert replay(episode).snapshot() == studio_of(studio.app).get(episode.id).show.snapshot()


def test_undo_after_the_reveal_is_confirmed_and_recorded(studio, clock):
    mc, judge = to_common_turn(studio)
    seat = studio.seat(3)
    command(mc, "start_timer")
    send(seat, "buzz", {})
    command(judge, "judge", correct=True)
    command(mc, "reveal")
    assert last_state(judge)["undo_is_correction"] is True
    assert command(judge, "undo")["error"] == "confirm_correction"
    assert command(judge, "undo", confirm="yes")["error"] == "bad_request"
    assert command(judge, "undo", confirm=True)["ok"]
    row = EpisodeCommand.query.filter_by(episode_id=studio.episode.id).order_by(
        EpisodeCommand.seq.desc()).first()
    assert row.command == {"name": "undo", "confirm": True} and row.actor.startswith("judge:")
    assert last_state(judge)["corrections"][-1]["kind"] == "undo_after_reveal"


def test_a_restart_mid_question_stops_the_clock_with_its_time_left(studio, clock, live_app):
    mc, judge = to_common_turn(studio)
    command(mc, "start_timer")
    clock.advance(1_200)
    send(studio.seat(4), "buzz", {})  # 3 s to answer from this press
    # The worker dies; a minute later a new one loads the show from its row.
    studio_of(live_app).shows.clear()
    clock.advance(60_000)
    assert studio_of(live_app).get(studio.episode.id) is not None
    studio_of(live_app).beat()
    show = studio_of(live_app).get(studio.episode.id).show
    assert show.turn.phase == "answering"  # not timed out
    assert show.turn.paused_left_ms == 3_000 and show.turn.paused_by == "recovery"
    row = EpisodeCommand.query.filter_by(episode_id=studio.episode.id, actor="recovery").one()
    assert row.command["name"] == "recover_clock"
    assert command(mc, "resume_clock")["ok"]
    episode = db.session.get(Episode, studio.episode.id)
    assert replay(episode).snapshot() == show.snapshot()


def test_a_late_tick_within_the_grace_still_times_out(studio, clock, live_app):
    mc, judge = to_common_turn(studio)
    command(mc, "start_timer")
    clock.advance(5_500)
    studio_of(live_app).beat()
    assert last_state(judge)["turn"]["phase"] == "settled"


def test_the_mc_cues_the_run_down_and_everyone_sees_it(studio):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    screen = studio.screen()
    assert command(mc, "cue", index=2)["ok"]
    assert last_state(screen)["rundown"]["cue"] == 2
    assert command(mc, "cue", index=59)["error"] == "invalid_cue"
    assert command(mc, "cue", index="2")["error"] == "bad_request"
    assert command(judge, "cue", index=1)["error"] == "forbidden"
