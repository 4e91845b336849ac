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
