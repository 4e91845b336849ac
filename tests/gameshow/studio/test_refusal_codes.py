"""Studio refusals docs/protocol.md lists and no other test reached."""

from quizapp.extensions import socketio

from ..conftest import STUDIO, command


def test_obstacle_refusals_and_an_unknown_show(studio, live_app, client):
    mc = studio.staff("mc")
    for _ in range(3):  # individual, common, then the obstacle round
        assert command(mc, "start_round")["ok"]
    assert command(mc, "pick_row", row=5)["error"] == "invalid_row"  # the preset has 4 rows
    assert command(mc, "take_keyword")["error"] == "no_claim"
    stranger = socketio.test_client(live_app, namespace=STUDIO, flask_test_client=client)
    reply = stranger.emit("watch", {"role": "mc", "episode_id": 999_999}, namespace=STUDIO,
                          callback=True)
    assert reply["error"] == "unknown_show"


def test_a_star_in_a_preset_without_one_is_no_star(bank, producer, live_app, client):
    """A producer's copy of the Olympia rules with the star turned off: placing it in the
    finish round is refused with `no_star`, and the show stays as it was."""
    from quizapp.gameshow import service
    from quizapp.gameshow.studio.shows import studio_of

    from ..conftest import CONTESTANTS, TEST_PASSWORD, Studio, last_state

    rules = service.builtin_presets()["olympia"].replace("star: true", "star: false")
    assert "star: false" in rules
    service.save_preset("olympia-no-star", rules, producer)
    episode = service.start_episode(service.save_episode(
        producer, "Về đích không ngôi sao", "olympia-no-star", service.demo_content("olympia"),
        CONTESTANTS), producer)
    client.post("/login", data={"username": producer.username, "password": TEST_PASSWORD})
    studio_of(live_app).shows.clear()
    room = Studio(live_app, client, episode)
    try:
        mc = room.staff("mc")
        for _ in range(5):  # individual, common, obstacle, acceleration, then the finish
            assert command(mc, "start_round")["ok"]
        assert command(mc, "choose_pack", values=[20, 30, 30])["ok"]
        assert command(mc, "place_star")["error"] == "no_star"
        assert command(mc, "next_question")["ok"]  # the show goes on, the question unstarred
        state = last_state(mc)
        assert state["turn"]["value"] == 20 and state["turn"]["star"] is False
    finally:
        room.close()
        studio_of(live_app).shows.clear()
