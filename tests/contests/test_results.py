"""Results of a finished game, on the page and in the exports."""

import csv
import io

import openpyxl

from tests.contests.conftest import ack


def play_one_game(game, phone, host_socket, clock):
    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    players = {}
    for name, school in (("Lan", "THCS A"), ("Minh", "THCS A"), ("=cmd|' /C calc'!A0", "X")):
        client = phone()
        ack(client, "join", {"pin": game.pin, "nickname": name, "school": school})
        players[name] = client
    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    question = game.contest.questions[0].question_id
    clock.advance(1000)
    ack(players["Lan"], "answer", {"question": question, "choices": [1]})
    ack(players["Minh"], "answer", {"question": question, "choices": [0]})
    ack(host_socket, "command", {"game_id": game.id, "name": "end"}, "/host")


def test_results_page_and_exports(game, phone, host_socket, clock, client):
    play_one_game(game, phone, host_socket, clock)
    page = client.get(f"/contests/games/{game.id}/results").get_data(as_text=True)
    assert "Lan" in page and "THCS A" in page
    rows = list(csv.reader(io.StringIO(client.get(
        f"/contests/games/{game.id}/results.csv").data.decode("utf-8-sig"))))
    assert rows[0][:5] == ["hạng", "biệt danh", "trường", "lớp", "điểm"]
    assert rows[1][1] == "Lan" and rows[1][0] == "1" and int(rows[1][4]) > 0
    assert any(r[1].startswith("'=cmd") for r in rows)  # formula injection neutralised
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        f"/contests/games/{game.id}/results.xlsx").data))
    assert book.sheetnames == ["Người chơi", "Câu hỏi", "Trường"]
    questions = book["Câu hỏi"]
    assert questions["D2"].value == 2 and questions["E2"].value == 50
    schools = {r[0].value: r[1].value for r in book["Trường"].iter_rows(min_row=2)}
    assert schools["THCS A"] == 2


def test_a_poll_is_never_wrong_and_partial_credit_counts(live_app, host_user, phone,
                                                          host_socket, clock, client):
    """One grading rule, the engine's: a poll answer is answered, not wrong, on the page and in
    the workbook; half of a multiple choice earns half the points."""
    from quizapp.contests.live.games import open_game
    from quizapp.contests.service import create_contest
    from tests.contests.conftest import make_questions

    questions = make_questions(6)
    poll, multiple = questions[5], questions[3]
    contest = create_contest(host_user, "Thăm dò và nhiều đáp án", [poll.id, multiple.id],
                             {"preview_ms": 0, "shuffle_answers": False, "speed_scoring": False})
    game = open_game(contest, host_user)
    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    lan = phone()
    ack(lan, "join", {"pin": game.pin, "nickname": "Lan", "school": "THCS A"})
    command = {"game_id": game.id, "name": "next"}
    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    ack(lan, "answer", {"question": poll.id, "choices": [0]})  # the only player: it closes
    for _ in range(3):  # reveal, leaderboard, next question
        ack(host_socket, "command", command, "/host")
    clock.advance(1000)
    ack(lan, "answer", {"question": multiple.id, "choices": [0]})  # one of the two right ones
    ack(host_socket, "command", {"game_id": game.id, "name": "end"}, "/host")

    page = client.get(f"/contests/games/{game.id}/results").get_data(as_text=True)
    assert '<td class="num">0/1</td>' in page  # right of graded: the poll is not a wrong answer
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        f"/contests/games/{game.id}/results.xlsx").data))
    row = [c.value for c in book["Người chơi"][2]]
    assert row[1] == "Lan" and row[5:8] == [2, 1, 0]  # answered, with a right answer, right
    assert row[4] == 500  # half of 1000: the engine's partial credit, no speed scoring


def test_a_true_false_question_marks_its_right_choice(live_app, host_user, phone, host_socket,
                                                       clock, client):
    """The answer distribution of a true/false question marks the right one of its two choices
    (the page's ✓, and the JSON API's "correct"), like every other listed choice."""
    from quizapp.contests.live.games import open_game
    from quizapp.contests.results import game_report
    from quizapp.contests.service import create_contest
    from tests.contests.conftest import make_questions

    statement = make_questions(2)[1]  # "share your OTP with relatives": false
    contest = create_contest(host_user, "Đúng hay sai", [statement.id],
                             {"preview_ms": 0, "shuffle_answers": False})
    game = open_game(contest, host_user)
    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    lan = phone()
    ack(lan, "join", {"pin": game.pin, "nickname": "Lan", "school": "THCS A"})
    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    clock.advance(1000)
    ack(lan, "answer", {"question": statement.id, "choices": [1]})
    ack(host_socket, "command", {"game_id": game.id, "name": "end"}, "/host")

    distribution = game_report(game)["questions"][0]["distribution"]
    assert distribution == [{"label": "Đúng", "count": 0, "correct": False},
                            {"label": "Sai", "count": 1, "correct": True}]
