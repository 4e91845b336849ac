"""The record replays any moment; the feed and exports carry what graphics and reports need."""

import io
import json
from xml.etree import ElementTree

from openpyxl import load_workbook

from quizapp.engine.show import Show
from quizapp.extensions import db
from quizapp.gameshow import record
from quizapp.gameshow.models import Episode
from quizapp.gameshow.studio.shows import studio_of
from quizapp.live.tokens import studio_key

from .conftest import command, last_state, send


def play_a_little(studio):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    seat = studio.seat(2)
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    command(judge, "judge", correct=True)
    command(mc, "reveal")
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    send(seat, "buzz", {})
    command(judge, "judge", correct=True)
    command(judge, "adjust", seat=1, delta=5, reason="Bấm chuông bị kẹt")
    return mc, judge


def test_a_restarted_worker_carries_on_from_the_stored_row(studio, live_app):
    mc, judge = play_a_little(studio)
    before = studio_of(live_app).get(studio.episode.id).show.snapshot()
    studio_of(live_app).shows.clear()  # a new process: nothing in memory
    assert command(mc, "reveal")["ok"]
    show = studio_of(live_app).get(studio.episode.id).show
    assert show.seats[1].score == 10 and show.seats[0].score == 15
    assert before["seats"] == [seat.plain() for seat in Show.restore(before).seats]


def test_the_record_replays_to_the_stored_state_and_to_any_moment(studio):
    play_a_little(studio)
    episode = db.session.get(Episode, studio.episode.id)
    assert record.replay(episode).snapshot(rules=False) == episode.snapshot
    assert "content" not in episode.snapshot  # stored once, in start_snapshot
    buzz = next(c for c in episode.commands if c.command["name"] == "buzz")
    moment = record.replay(episode, buzz.seq)
    assert moment.turn.answering == 2 and moment.turn.buzzes[0].at_ms == buzz.at_ms


def test_record_page_and_exports(studio, client):
    play_a_little(studio)
    episode_id = studio.episode.id
    page = client.get(f"/shows/{episode_id}/record?seq=3")
    assert page.status_code == 200 and "Sau lệnh số 3" in page.get_data(as_text=True)
    book = load_workbook(io.BytesIO(client.get(f"/shows/{episode_id}/results.xlsx").data))
    assert book.sheetnames == ["Kết quả", "Điểm từng câu", "Nhật ký lệnh"]
    rows = list(book["Kết quả"].iter_rows(values_only=True))
    assert rows[1][2:] == ("Nguyễn An", "THPT Kon Tum", 15)
    notes = [r[5] for r in book["Điểm từng câu"].iter_rows(values_only=True)]
    assert "Bấm chuông bị kẹt" in notes
    text = client.get(f"/shows/{episode_id}/results.csv").data.decode("utf-8-sig")
    assert "Trọng tài điều chỉnh" in text and "Trần Bình" in text


def test_feed_gives_fields_without_the_answer_until_the_reveal(studio, client):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    command(mc, "start_round")
    command(mc, "next_question")
    command(mc, "start_timer")
    key = studio_key(studio.episode.id)
    base = f"/studio/{studio.episode.id}"
    assert client.get(f"{base}/feed.json?k=wrong").status_code == 403
    fields = client.get(f"{base}/feed.json?k={key}").get_json()["fields"]
    reference = last_state(judge)["answer"]["reference"]
    assert fields["seat1_name"] == "Nguyễn An" and fields["round_title"].startswith("Khởi động")
    assert fields["question_text"] and fields["answer"] == ""
    assert reference not in json.dumps(client.get(f"{base}/feed.json?k={key}").get_json(),
                                       ensure_ascii=False)
    command(judge, "judge", correct=True)
    command(mc, "reveal")
    flat = ElementTree.fromstring(client.get(f"{base}/feed.xml?k={key}").data)
    assert flat.tag == "feed" and flat.findtext("fields/answer") == reference
    assert flat.findtext("fields/seat1_score") == "10"
    caspar = ElementTree.fromstring(client.get(f"{base}/feed.xml?k={key}&format=caspar").data)
    assert caspar.tag == "templateData"
    assert caspar.find("componentData[@id='seat1_score']/data").get("value") == "10"


def test_overlay_may_be_framed_but_other_pages_may_not(studio, client):
    key = studio_key(studio.episode.id)
    overlay = client.get(f"/studio/{studio.episode.id}/overlay?k={key}")
    assert overlay.status_code == 200
    assert "X-Frame-Options" not in overlay.headers
    assert "frame-ancestors *" in overlay.headers["Content-Security-Policy"]
    screen = client.get(f"/studio/{studio.episode.id}/screen?k={key}")
    assert screen.headers["X-Frame-Options"] == "DENY"
    assert client.get(f"/studio/{studio.episode.id}/screen?k=bad").status_code == 403
    assert client.get("/studio/seat/forged-token").status_code == 404


def test_a_worker_that_kept_a_show_sees_what_another_worker_applied(studio, live_app):
    """Two workers share one episode row: a kept copy is never served once it is behind."""
    from quizapp.gameshow.studio.shows import Studio

    other_worker = Studio(live_app)
    kept = other_worker.get(studio.episode.id)
    seq_before = kept.seq
    play_a_little(studio)  # applied by this worker's studio
    fresh = other_worker.get(studio.episode.id)
    row = db.session.get(Episode, studio.episode.id)
    assert fresh.seq == row.seq > seq_before
    assert fresh.show.snapshot(rules=False) == row.snapshot


def test_the_obstacle_picture_is_served_only_to_the_studio_key(app, client, episode):
    assert client.get("/static/gameshow/obstacle-1.svg").status_code == 404
    key = studio_key(episode.id)
    url = f"/studio/{episode.id}/picture"
    response = client.get(url, query_string={"k": key, "p": "obstacle-1.svg"})
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    assert client.get(url, query_string={"p": "obstacle-1.svg"}).status_code == 403
    assert client.get(url, query_string={"k": "forged", "p": "obstacle-1.svg"}).status_code == 403
    # Only the pictures this episode names, looked up by name, never as a path.
    for other in ("obstacle-2.svg", "../pictures.py", "/etc/passwd", "/play/media/1"):
        assert client.get(url, query_string={"k": key, "p": other}).status_code == 404
