"""The centre-tile question through the studio: the shipped second Olympia demo has one."""

import pytest

from quizapp.extensions import db
from quizapp.gameshow import service
from quizapp.gameshow.models import Episode, EpisodeCommand
from quizapp.gameshow.record import replay
from quizapp.gameshow.studio.shows import studio_of
from quizapp.live.tokens import studio_key
from tests.gameshow.conftest import CONTESTANTS, command, last_state, send


@pytest.fixture
def episode(bank, producer):
    """The studio's episode: the second Olympia demo, whose obstacle has a centre question."""
    text = (service.EPISODE_DIR / "olympia-demo-2.yaml").read_text(encoding="utf-8")
    saved = service.save_episode(producer, "Tuần 2", "olympia", text, CONTESTANTS)
    return service.start_episode(saved, producer)


def test_the_mc_asks_the_centre_question_and_the_record_and_feed_carry_it(
        studio, clock, live_app, client):
    mc, judge, screen = studio.staff("mc"), studio.staff("judge"), studio.screen()
    seat2, seat4 = studio.seat(2), studio.seat(4)
    show = studio_of(live_app).get(studio.episode.id).show

    def time_up():
        clock.advance(16_000)
        studio_of(live_app).beat()

    command(mc, "start_round")
    while show.rules.key != "vuot-chuong-ngai-vat":
        assert command(mc, "start_round")["ok"]
    assert last_state(screen)["obstacle"]["centre"] == {"letters": 7, "state": "hidden",
                                                        "answer": None}
    assert command(judge, "pick_centre")["error"] == "forbidden"
    for row in (1, 2):
        assert command(mc, "pick_row", row=row)["ok"]
        command(mc, "start_timer")
        time_up()
        assert command(mc, "reveal")["ok"]
    assert command(mc, "pick_centre")["ok"]  # the MC asks it before the last two rows
    state = last_state(judge)
    assert state["turn"]["kind"] == "centre" and state["answer"]["reference"] == "xác nhận"
    assert last_state(screen)["turn"]["letters"] == 7
    command(mc, "start_timer")
    assert send(seat2, "type_answer", {"text": "Xac nhan"})["ok"]
    assert send(seat4, "buzz", {})["ok"]  # a keyword claim while the centre is on air
    time_up()
    assert command(judge, "judge", seat=2, correct=True)["ok"]
    assert command(mc, "reveal")["ok"]
    on_screen = last_state(screen)  # each read takes the messages received since the last
    board = on_screen["obstacle"]
    assert board["centre"] == {"letters": 7, "state": "opened", "answer": "xác nhận"}
    assert 0 in board["pieces_open"] and on_screen["seats"][1]["score"] == 10
    assert command(mc, "pick_centre")["error"] == "centre_played"
    feed = client.get(f"/studio/{studio.episode.id}/feed.json?k={studio_key(studio.episode.id)}")
    flat = feed.get_json()["fields"]
    assert flat["centre_state"] == "opened" and flat["centre_answer"] == "xác nhận"
    assert command(mc, "take_keyword")["ok"]
    assert show.turn.owner == 4 and show.turn.value == 40  # three on air: two rows, the centre
    names = [row.command["name"] for row in EpisodeCommand.query.filter_by(
        episode_id=studio.episode.id).order_by(EpisodeCommand.seq)]
    assert "pick_centre" in names
    episode = db.session.get(Episode, studio.episode.id)
    assert replay(episode).snapshot() == show.snapshot()
