"""Separate staff accounts per episode, and the record's broadcast timecode."""

import pytest

from quizapp.gameshow import record, service
from quizapp.gameshow.models import EpisodeCommand
from quizapp.gameshow.timecode import TimecodeError, format_frames, parse, timecode_at
from tests.conftest import TEST_PASSWORD

from .conftest import STUDIO, command, send


def test_timecode_counts_frames_from_the_start_or_the_time_of_day():
    assert parse("10:00:00:00", 25) == 10 * 3600 * 25
    assert format_frames(parse("01:02:03:24", 25), 25) == "01:02:03:24"
    on_air = 1_764_000_000_000
    assert timecode_at(on_air + 1_520, 25, "10:00:00:00", on_air) == "10:00:01:13"
    assert timecode_at(on_air + 1_520, 50, "10:00:00:00", on_air) == "10:00:01:26"
    # 2025-11-24 16:00:00 UTC is 23:00 in Việt Nam; 41 ms later is frame 1 at 25 fps.
    assert timecode_at(on_air + 41, 25) == "23:00:00:01"
    assert timecode_at(on_air + 3_600_000, 25) == "00:00:00:00"  # wraps at midnight
    for bad, fps in (("10:00:00:25", 25), ("24:00:00:00", 25), ("10:00:00", 25), ("", 25),
                     ("1O:00:00:00", 25)):
        with pytest.raises(TimecodeError):
            parse(bad, fps)


def test_the_time_of_day_timecode_is_read_in_the_one_configured_zone():
    """No offset setting of its own: QUIZAPP_TIMEZONE (core/clock), summer time included."""
    from flask import Flask

    on_air = 1_764_000_000_000  # 2025-11-24 16:00:00 UTC
    summer = 1_751_371_200_000  # 2025-07-01 12:00:00 UTC
    for zone, winter_tc, summer_tc in (("Asia/Ho_Chi_Minh", "23:00:00:01", "19:00:00:01"),
                                       ("Europe/London", "16:00:00:01", "13:00:00:01"),
                                       ("America/New_York", "11:00:00:01", "08:00:00:01")):
        app = Flask(__name__)
        app.config["TIMEZONE"] = zone
        with app.app_context():
            assert timecode_at(on_air + 41, 25) == winter_tc
            assert timecode_at(summer + 41, 25) == summer_tc
            # A start timecode counts from the go-live moment whatever the zone.
            assert timecode_at(on_air + 1_520, 25, "10:00:00:00", on_air) == "10:00:01:13"


def test_each_console_opens_only_for_its_assigned_account(studio, client, make_user,
                                                           live_app):
    judge_user = make_user("viewer", username="trongtai")
    make_user("host", username="vanhanh")
    episode = studio.episode
    with pytest.raises(service.EpisodeError) as refused:
        service.set_production(episode, {"judge": "trongtai", "keys": "trongtai"}, 25, "")
    assert [p.field for p in refused.value.errors] == ["keys"]
    with pytest.raises(service.EpisodeError) as refused:
        service.set_production(episode, {"mc": "nobody"}, 29, "10:00:00:99")
    assert [p.field for p in refused.value.errors] == ["mc", "timecode"]
    service.set_production(episode, {"judge": "trongtai", "keys": "vanhanh"}, 25, "10:00:00:00")
    # The producer still runs the MC console, but no longer the judge's.
    assert client.get(f"/studio/{episode.id}/mc").status_code == 200
    assert client.get(f"/studio/{episode.id}/judge").status_code == 403
    reply = studio.flask_client  # the producer's session
    from quizapp.extensions import socketio
    producer_socket = socketio.test_client(live_app, namespace=STUDIO, flask_test_client=reply)
    assert send(producer_socket, "watch", {"episode_id": episode.id,
                                           "role": "judge"})["error"] == "forbidden"
    producer_socket.disconnect(STUDIO)
    client.get("/logout")
    client.post("/login", data={"username": judge_user.username, "password": TEST_PASSWORD})
    assert client.get(f"/studio/{episode.id}/judge").status_code == 200
    assert client.get(f"/studio/{episode.id}/mc").status_code == 403
    judge = socketio.test_client(live_app, namespace=STUDIO, flask_test_client=client)
    assert send(judge, "watch", {"episode_id": episode.id, "role": "judge"})["ok"]
    assert command(judge, "adjust", seat=1, delta=5, reason="Phúc khảo")["error"] == \
        "wrong_phase"  # the show has not started: refused, and nothing is kept
    judge.disconnect(STUDIO)


def test_the_record_shows_timecode_next_to_every_command(studio, client, clock):
    episode = studio.episode
    service.set_production(episode, {}, 25, "10:00:00:00")
    mc, seat = studio.staff("mc"), studio.seat(2)
    command(mc, "start_round")
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    clock.advance(2_040)
    send(seat, "buzz", {})
    row = EpisodeCommand.query.filter_by(episode_id=episode.id, actor="seat:2").one()
    expected = timecode_at(row.command["at_ms"], 25, "10:00:00:00", episode.on_air_ms)
    assert expected == "10:00:02:01"  # on air 0 ms before the first command, then 2,040 ms
    page = client.get(f"/shows/{episode.id}/record").get_data(as_text=True)
    assert expected in page
    sheets = record._sheets(episode)
    log = dict((title, rows) for title, _, rows in sheets)["Nhật ký lệnh"]
    assert log[-1][1] == expected and log[-1][3] == "seat:2"


def test_the_producer_assigns_staff_on_the_episode_page(studio, client, make_user):
    make_user("viewer", username="trongtai")
    episode = studio.episode
    page = client.get(f"/shows/{episode.id}").get_data(as_text=True)
    assert 'id="production"' in page
    reply = client.post(f"/shows/{episode.id}/production", data={
        "mc": "", "judge": "trongtai", "keys": "", "timecode_fps": "50",
        "timecode_start": "09:59:30:00"}, follow_redirects=True)
    assert "Đã lưu phân công" in reply.get_data(as_text=True)
    assert episode.staff == {"judge": "trongtai"} and episode.timecode_fps == 50
    reply = client.post(f"/shows/{episode.id}/production", data={
        "judge": "ma-khong-co", "timecode_fps": "50", "timecode_start": "9:59"},
        follow_redirects=True)
    text = reply.get_data(as_text=True)
    assert "ma-khong-co" in text and "HH:MM:SS:FF" in text
    assert episode.staff == {"judge": "trongtai"}  # nothing half-saved
    reply = client.post(f"/shows/{episode.id}/production", data={
        "judge": "x" * 500, "timecode_fps": "29"}, follow_redirects=True)
    assert reply.status_code == 200 and episode.timecode_fps == 50
