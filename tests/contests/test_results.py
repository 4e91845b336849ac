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
