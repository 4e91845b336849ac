"""What people read is in their language: socket refusals, pages' error texts, plurals, labels."""

import json
import re

from quizapp.extensions import socketio


def speak(client, code):
    """Switch the test client's language (and drop the language Babel cached in the app
    context the tests share; a server gives each request its own)."""
    from flask_babel import refresh

    client.set_cookie("quizapp_lang", code)
    refresh()


def strings_of(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="strings">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_a_refused_join_is_explained_in_the_phone_s_language(live_app, client):
    """The ack carries a code; the phone's page knows the code's text in its own language
    (joins run without a request, so the server's own text is the default language's)."""
    phone = socketio.test_client(live_app, namespace="/play")
    reply = phone.emit("join", {"pin": "000000", "nickname": "Lan"}, namespace="/play",
                       callback=True)
    assert reply["ok"] is False and reply["error"] == "unknown_pin"
    assert reply["message"] == "Không có cuộc thi nào với mã PIN này."
    speak(client, "en")
    errors = strings_of(client.get("/play").get_data(as_text=True))["errors"]
    assert errors[reply["error"]] == "There is no contest with this PIN."


def test_live_pages_carry_every_error_code_and_plural_forms(client):
    speak(client, "en")
    strings = strings_of(client.get("/play").get_data(as_text=True))
    assert strings["errors"]["unknown_pin"] == "There is no contest with this PIN."
    assert strings["errors"]["kicked_by_host"] == "The host has removed you from the contest."
    assert strings["players"] == {"one": "{n} player", "other": "{n} players"}
    speak(client, "vi")
    strings = strings_of(client.get("/play").get_data(as_text=True))
    assert strings["players"] == {"one": "{n} người chơi", "other": "{n} người chơi"}
    assert strings["errors"]["unknown_pin"] == "Không có cuộc thi nào với mã PIN này."


def test_the_login_prompt_is_in_the_reader_s_language(client):
    speak(client, "en")
    page = client.get("/bank/", follow_redirects=True).get_data(as_text=True)
    assert "Please log in to open this page." in page
    speak(client, "vi")
    page = client.get("/bank/", follow_redirects=True).get_data(as_text=True)
    assert "Hãy đăng nhập để mở trang này." in page
    assert "Please log in" not in page


def test_history_levels_and_topics_in_english(app, client, login_as):
    from quizapp.bank.models import Question, QuestionRevision, Topic
    from quizapp.extensions import db
    from quizapp.schools.models import level_name

    login_as("admin")
    topic = Topic(slug="mk", name="Mật khẩu", name_en="Passwords")
    question = Question(key="mk-1", kind="single", text="Câu hỏi thử?", topic=topic,
                        status="draft", audience="public", normalized_text="cau hoi thu",
                        search_text="cau hoi thu", body={"choices": [{"text": "A", "correct": True},
                                                          {"text": "B"}]})
    db.session.add_all([topic, question])
    db.session.flush()
    db.session.add_all([QuestionRevision(question=question, action="imported", changes={}),
                        QuestionRevision(question=question, action="edited",
                                         changes={"text": ["Cũ?", "Câu hỏi thử?"]})])
    db.session.commit()
    speak(client, "en")
    page = client.get(f"/bank/{question.id}/history").get_data(as_text=True)
    assert "imported from a file" in page and "edited" in page and "<strong>Text</strong>" in page
    assert ">imported<" not in page
    assert "Passwords" in client.get("/bank/").get_data(as_text=True)
    with app.test_request_context(headers={"Cookie": "quizapp_lang=en"}):
        assert level_name("lower_secondary") == "Lower secondary"
        assert topic.label == "Passwords"
    speak(client, "vi")
    page = client.get(f"/bank/{question.id}/history").get_data(as_text=True)
    assert "nhập từ tệp" in page and "<strong>Nội dung</strong>" in page


def test_results_workbook_names_kinds_in_words_in_both_languages(game, phone, host_socket, clock,
                                                                 client):
    import io

    import openpyxl

    from tests.contests.test_results import play_one_game

    play_one_game(game, phone, host_socket, clock)

    def workbook():
        data = client.get(f"/contests/games/{game.id}/results.xlsx").data
        return openpyxl.load_workbook(io.BytesIO(data))

    book = workbook()
    kind = book["Câu hỏi"]["C2"].value
    assert kind == "Chọn một đáp án" and "_" not in kind
    speak(client, "en")
    book = workbook()
    assert book.sheetnames == ["Players", "Question", "School"]
    header = [c.value for c in book["Players"][1]]
    assert header[:2] == ["rank", "nickname"] and header[3:5] == ["class", "score"]
    assert book["Question"]["C2"].value == "Single choice"


def test_upload_refusals_in_the_reader_s_language(app):
    import pytest
    from flask_babel import refresh

    from quizapp.uploads import UploadRefused, check_size, check_xlsx_container

    with app.test_request_context(headers={"Cookie": "quizapp_lang=en"}):
        refresh()
        with pytest.raises(UploadRefused, match="empty file"):
            check_size(b"  ", "rong.csv")
        with pytest.raises(UploadRefused, match="not a valid Excel .xlsx file"):
            check_xlsx_container(b"not a zip", "sai.xlsx")
    with app.test_request_context():
        refresh()
        with pytest.raises(UploadRefused, match="tệp rỗng"):
            check_size(b"", "rong.csv")
