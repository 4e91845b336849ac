"""End to end: a contest made by API, a game opened by API, phones playing through the
Socket.IO test client, the host console driving it, status and results read by API."""

from datetime import datetime

from quizapp.contests.models import Game, Player
from quizapp.coverage import privacy
from quizapp.extensions import db
from quizapp.schools.models import AdminUnit, School
from tests.contests.conftest import ack, events

from .conftest import refused


def play(api, host_socket, phone, clock, questions):
    """Create, open and play a two-question game; return the game's API body and phones."""
    contest = api.post("/contests", json={
        "title": "An toàn thông tin lớp 8", "options": {"preview_ms": 0,
                                                        "shuffle_answers": False},
        "questions": [{"id": questions[0].id, "time_limit_s": 20},
                      {"id": questions[1].id, "time_limit_s": 10, "points": "double"}],
    }).get_json()
    opened = api.post(f"/contests/{contest['id']}/games")
    assert opened.status_code == 201
    game = opened.get_json()
    assert game["status"] == "lobby" and len(game["pin"]) == 6
    assert game["join_url"] == f"http://quiz.test/play/{game['pin']}"
    assert game["host_console_url"] == f"http://quiz.test/live/games/{game['id']}/host"
    screen = game["screen_url"].removeprefix("http://quiz.test")
    assert api.client.get(screen).status_code == 200  # the big screen's signed link works
    assert ack(host_socket, "watch", {"game_id": game["id"]}, "/host")["ok"]

    phones = {}
    for name in ("Lan", "Minh"):
        phones[name] = phone()
        assert ack(phones[name], "join", {"pin": game["pin"], "nickname": name})["ok"]
    host = {"game_id": game["id"]}
    assert ack(host_socket, "command", {**host, "name": "start"}, "/host")["ok"]
    for number, (lan_choice, minh_choice) in enumerate(((1, 0), (1, 1))):
        question = [p for n, p in events(phones["Lan"]) if n == "question"][-1]["question"]
        assert question["id"] == questions[number].id
        clock.advance(1000)
        assert ack(phones["Lan"], "answer", {"question": question["id"],
                                            "choices": [lan_choice]})["ok"]
        clock.advance(1000)
        assert ack(phones["Minh"], "answer", {"question": question["id"],
                                             "choices": [minh_choice]})["ok"]
        if number == 0:
            running = api.get(f"/games/{game['id']}").get_json()
            assert (running["status"], running["players"], running["answers"]) == \
                ("running", 2, 2)
            for _ in range(3):  # reveal, leaderboard, the next question
                assert ack(host_socket, "command", {**host, "name": "next"}, "/host")["ok"]
    assert ack(host_socket, "command", {**host, "name": "end"}, "/host")["ok"]
    return game, phones


def test_a_game_made_and_read_by_api_played_by_phones(app, live_app, host_user, api_as,
                                                       questions, host_socket, phone, clock):
    api = api_as(host_user)
    game, _ = play(api, host_socket, phone, clock, questions)
    status = api.get(f"/games/{game['id']}").get_json()
    assert status["status"] == "finished" and status["pin"] is None
    assert status["join_url"] is None and status["finished_at"].endswith("Z")
    results = api.get(f"/games/{game['id']}/results").get_json()
    assert results["game"]["id"] == game["id"]
    ranked = [(p["rank"], p["nickname"], p["correct"]) for p in results["players"]]
    assert ranked == [(1, "Lan", 2), (2, "Minh", 1)]
    assert results["players"][0]["score"] > results["players"][1]["score"] > 0
    first, second = results["questions"]
    assert (first["answered"], first["correct_pct"]) == (2, 50)
    assert (second["answered"], second["correct_pct"]) == (2, 100)
    assert [c["count"] for c in first["distribution"]] == [1, 1, 0]
    listed = api.get(f"/contests/{game['contest_id']}/games").get_json()
    assert [g["id"] for g in listed["items"]] == [game["id"]]


def test_results_by_api_follow_the_privacy_rules(app, live_app, host_user, api_as, questions,
                                                 host_socket, phone, clock):
    """A host gets names only of their own school's pupils; an anonymised year has none."""
    api = api_as(host_user)
    game, _ = play(api, host_socket, phone, clock, questions)
    unit = AdminUnit(code="U", name="Xã U")
    mine = School(code="A", name="THCS A", unit=unit, level="lower_secondary")
    other = School(code="B", name="THCS B", unit=unit, level="lower_secondary")
    db.session.add_all([unit, mine, other])
    db.session.flush()
    for player in Player.query.filter_by(game_id=game["id"]):
        player.school_id = mine.id if player.nickname == "Lan" else other.id
    host_user.school_id = mine.id
    db.session.commit()
    names = {p["nickname"] for p in api.get(f"/games/{game['id']}/results").get_json()[
        "players"]}
    assert names == {"Lan", "(học sinh trường khác)"}

    stored = db.session.get(Game, game["id"])
    stored.finished_at = datetime(2025, 3, 1, 3)  # school year 2024-2025, which has ended
    db.session.commit()
    privacy.anonymise_year(2024, None)
    db.session.expire_all()
    text = api.get(f"/games/{game['id']}/results").get_data(as_text=True)
    assert "Lan" not in text and "Minh" not in text


def test_a_finished_game_cannot_be_reopened_but_the_contest_can_run_again(
        app, live_app, host_user, api_as, questions, host_socket, phone, clock):
    api = api_as(host_user)
    game, _ = play(api, host_socket, phone, clock, questions)
    again = api.post(f"/contests/{game['contest_id']}/games").get_json()
    assert again["id"] != game["id"] and again["pin"] and again["status"] == "lobby"
    refused(api.post(f"/games/{game['id']}"), 405, "method_not_allowed")
