"""Self-paced campaigns: creation rules, playing over plain HTTP forms, one attempt each,
closed windows, and hostile input that gets a clear error and writes nothing."""

from datetime import date, timedelta

import pytest

from quizapp.campaigns import service
from quizapp.campaigns.models import Attempt, AttemptAnswer, Campaign
from quizapp.core.clock import today_local
from quizapp.extensions import db
from quizapp.schools.years import school_year_of, year_bounds


@pytest.fixture
def setup(world):
    unit = world.unit("huyen-a", "Đơn vị A")
    school = world.school("THCS-A", unit)
    other = world.school("THCS-B", unit)
    topic = world.topic("tin-gia", critical=True)
    questions = world.questions(topic, 3)
    contest = world.contest(world.host, questions, title="Nhận diện tin giả")
    today = today_local()
    closes = min(today + timedelta(days=7), year_bounds(school_year_of(today))[1])
    campaign = service.create_campaign(world.host, contest, "", today, closes,
                                       [school.id, other.id])
    link = next(s for s in campaign.schools if s.school_id == school.id)
    return {"campaign": campaign, "link": link, "school": school, "other": other,
            "contest": contest, "questions": questions, "world": world}


def join(client, link, class_name="8A", name="Nguyễn Thị Hoa", code=""):
    return client.post(f"/c/{link.code}", data={"class_name": class_name, "student_name": name,
                                                "student_code": code})


def answer(client, link, question_id, **fields):
    return client.post(f"/c/{link.code}/play", data={"question_id": question_id, **fields})


def play_through(client, link, questions, choice="0"):
    for question in questions:
        response = answer(client, link, question.id, choice=choice)
        assert response.status_code == 302, response.data.decode()[:400]


def test_create_refuses_bad_windows_and_schools(setup):
    w, contest, school = setup["world"], setup["contest"], setup["school"]
    with pytest.raises(service.CampaignError, match="năm học"):
        service.create_campaign(w.host, contest, "x", date(2031, 8, 20), date(2031, 9, 5),
                                [school.id], today=date(2031, 8, 1))
    with pytest.raises(service.CampaignError, match="đã qua"):
        service.create_campaign(w.host, contest, "x", date(2020, 1, 1), date(2020, 1, 2),
                                [school.id])
    with pytest.raises(service.CampaignError, match="trường"):
        service.create_campaign(w.host, contest, "x", today_local(), today_local(), [])
    with pytest.raises(service.CampaignError, match="không tồn tại"):
        service.create_campaign(w.host, contest, "x", today_local(), today_local(), [999999])


def test_only_approved_questions_are_frozen_into_the_campaign(setup):
    w = setup["world"]
    draft = w.questions(setup["questions"][0].topic, 1, status="draft")[0]
    practice = w.contest(w.host, setup["questions"][:1] + [draft], practice=True)
    campaign = service.create_campaign(w.host, practice, "", today_local(), today_local(),
                                       [setup["school"].id])
    assert campaign.practice  # played, but never a program in the report
    assert len(campaign.questions) == 2
    setup["contest"].questions[0].question.status = "retired"
    db.session.commit()
    fresh = service.create_campaign(w.host, setup["contest"], "", today_local(), today_local(),
                                    [setup["school"].id])
    assert [q.question_id for q in fresh.questions] == [q.id for q in setup["questions"][1:]]


def test_a_student_plays_to_the_end_and_sees_score_and_explanations(client, setup):
    link, questions = setup["link"], setup["questions"]
    page = client.get(f"/c/{link.code}")
    assert page.status_code == 200 and "Nhận diện tin giả" in page.data.decode()
    assert join(client, link).headers["Location"].endswith(f"/c/{link.code}/play")
    first = client.get(f"/c/{link.code}/play").data.decode()
    assert questions[0].text in first and 'name="choice"' in first
    response = answer(client, link, questions[0].id, choice="0")
    feedback = client.get(response.headers["Location"]).data.decode()
    assert "Chính xác" in feedback and "Giải thích câu" in feedback
    # the verdict's tick is an icon (static/js/icons.js), not a character a phone's font may lack
    assert 'data-icon="check"' in feedback and "✓" not in feedback
    answer(client, link, questions[1].id, choice="1")  # wrong
    answer(client, link, questions[2].id, choice="0")
    done = client.get(f"/c/{link.code}/done").data.decode()
    assert "2000" in done and "2/3" in done
    assert 'data-icon="check"' in done and 'data-icon="cross"' in done
    assert not set("✓✗◐") & set(done)
    attempt = Attempt.query.one()
    assert attempt.finished_at is not None and attempt.score == 2000
    assert [a.points for a in attempt.answers] == [1000, 0, 1000]  # no speed scoring


def test_one_attempt_each_even_from_another_phone(app, client, setup):
    link, questions = setup["link"], setup["questions"]
    join(client, link)
    play_through(client, link, questions)
    other_phone = app.test_client()
    response = join(other_phone, link, class_name="Lớp 8a", name="nguyen thi HOA")
    assert response.status_code == 409
    assert "một lần" in response.data.decode()
    assert Attempt.query.count() == 1 and AttemptAnswer.query.count() == 3


def test_an_unfinished_attempt_is_resumed_on_its_own_phone_not_duplicated(client, setup):
    link, questions = setup["link"], setup["questions"]
    join(client, link)
    answer(client, link, questions[0].id, choice="0")
    client.delete_cookie("session")  # the phone lost its session, not its device secret
    assert join(client, link).status_code == 302
    page = client.get(f"/c/{link.code}/play").data.decode()
    assert questions[1].text in page
    assert Attempt.query.count() == 1


def test_answering_twice_counts_once(client, setup):
    link, questions = setup["link"], setup["questions"]
    join(client, link)
    answer(client, link, questions[0].id, choice="0")
    again = answer(client, link, questions[0].id, choice="0")
    assert again.status_code == 400 and "đã được trả lời" in again.data.decode()
    assert AttemptAnswer.query.count() == 1


def test_namesakes_in_one_class_are_told_apart_by_student_code(app, client, setup):
    link = setup["link"]
    assert join(client, link, code="hs-001").status_code == 302
    assert join(app.test_client(), link, code="HS 002").status_code == 302
    assert sorted(a.student_code for a in Attempt.query) == ["HS001", "HS002"]
    assert len({a.identity for a in Attempt.query}) == 1  # the report counts one identity


def test_closed_and_upcoming_windows_refuse_and_write_nothing(client, setup):
    campaign, link = setup["campaign"], setup["link"]
    service.close_now(campaign)
    page = client.get(f"/c/{link.code}").data.decode()
    assert "đã kết thúc" in page
    assert join(client, link).status_code == 400
    campaign.opens_on = campaign.closes_on = today_local() + timedelta(days=3)
    campaign.closed_at = None  # the same campaign as an upcoming one
    db.session.commit()
    response = join(client, link)
    assert response.status_code == 400 and "mở từ ngày" in response.data.decode()
    assert Attempt.query.count() == 0


def test_window_closing_mid_attempt_stops_answers(client, setup):
    link, questions = setup["link"], setup["questions"]
    join(client, link)
    service.close_now(setup["campaign"])
    assert answer(client, link, questions[0].id, choice="0").status_code == 400
    assert AttemptAnswer.query.count() == 0


@pytest.mark.parametrize("fields, message", [
    ({"class_name": "", "student_name": "Hoa"}, "lớp"),
    ({"class_name": "8A", "student_name": ""}, "họ và tên"),
    ({"class_name": "8A", "student_name": "x" * 5000}, "quá dài"),
    ({"class_name": "8A" * 400, "student_name": "Hoa"}, "quá dài"),
    ({"class_name": "8A", "student_name": "Hoa\x00\x07"}, "không hợp lệ"),
    ({"class_name": "8A", "student_name": "=HYPERLINK(\"http://x\")"}, None),
    ({"class_name": "!!!", "student_name": "Hoa"}, "chữ hoặc số"),
    ({"class_name": "8A", "student_name": "Hoa", "student_code": "@@@"}, "chữ và số"),
    ({"class_name": "8A", "student_name": "Hoa", "student_code": "9" * 500}, "quá dài"),
])
def test_hostile_join_input(client, setup, fields, message):
    data = {"class_name": "", "student_name": "", "student_code": "", **fields}
    response = client.post(f"/c/{setup['link'].code}", data=data)
    if message is None:  # stored as text; exports neutralise formulas (safe_cell)
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert message in response.data.decode().lower()
    assert Attempt.query.count() == 0


@pytest.mark.parametrize("fields", [
    {"choice": "7"}, {"choice": "-1"}, {"choice": "abc"}, {"choice": ["0", "1"]}, {},
    {"choice": "0" * 5000}, {"text": "x"}, {"choice": ["0"] * 50},
])
def test_hostile_answers_get_a_clear_error_and_write_nothing(client, setup, fields):
    link, questions = setup["link"], setup["questions"]
    join(client, link)
    response = answer(client, link, questions[0].id, **fields)
    assert response.status_code == 400
    assert "flash-danger" in response.data.decode()
    assert AttemptAnswer.query.count() == 0


def test_wrong_question_id_and_unknown_codes(client, setup):
    link, questions = setup["link"], setup["questions"]
    join(client, link)
    assert answer(client, link, questions[2].id, choice="0").status_code == 400
    assert answer(client, link, "'; DROP TABLE attempt; --", choice="0").status_code == 400
    assert AttemptAnswer.query.count() == 0
    assert client.get("/c/nosuchcode").status_code == 404
    assert client.get("/c/" + "a" * 300).status_code == 404
    assert client.get("/c/ab%00cd").status_code == 404


def test_class_restricted_campaign(setup):
    w = setup["world"]
    campaign = service.create_campaign(w.host, setup["contest"], "", today_local(),
                                       today_local(), [setup["school"].id],
                                       classes_text="8A\n8B, 9A")
    link = campaign.schools[0]
    assert link.classes == ["8A", "8B", "9A"]
    with pytest.raises(service.CampaignError, match="không thuộc"):
        service.start_attempt(link, "7C", "Hoa", device="d" * 32)
    attempt = service.start_attempt(link, "lớp 8b", "Hoa", device="d" * 32)
    assert attempt.class_name == "8B"


def test_host_pages_results_and_posters(client, login_as, setup):
    host = setup["world"].host
    from tests.conftest import TEST_PASSWORD

    client.post("/login", data={"username": host.username, "password": TEST_PASSWORD})
    campaign = setup["campaign"]
    assert client.get("/campaigns/").status_code == 200
    detail = client.get(f"/campaigns/{campaign.id}").data.decode()
    assert f"/c/{setup['link'].code}" in detail
    posters = client.get(f"/campaigns/{campaign.id}/posters").data.decode()
    assert posters.count('class="poster"') == 2 and "<svg" in posters


def test_campaign_form_creates_and_refuses_clearly(client, login_as, setup):
    admin = login_as("admin")
    assert admin
    today = today_local()
    response = client.post("/campaigns/new", data={
        "contest": setup["contest"].id, "title": "Qua form", "opens_on": today.isoformat(),
        "closes_on": today.isoformat(), "schools": [setup["school"].id]})
    assert response.status_code == 302
    assert Campaign.query.filter_by(title="Qua form").count() == 1
    response = client.post("/campaigns/new", data={
        "contest": setup["contest"].id, "title": "Sai", "opens_on": today.isoformat(),
        "closes_on": (today - timedelta(days=1)).isoformat(), "schools": [setup["school"].id]})
    assert response.status_code == 200 and "Ngày đóng" in response.data.decode()
    assert Campaign.query.filter_by(title="Sai").count() == 0


def test_an_approved_edit_does_not_change_the_grading_of_a_running_campaign(client, setup,
                                                                           make_user):
    from quizapp.bank import review
    from quizapp.bank.formats.question import Choice
    from quizapp.bank.formats.question import Question as Record
    from quizapp.bank.service import save_question

    link, questions = setup["link"], setup["questions"]
    first = questions[0]
    flipped = Record(kind="single", text=first.text, choices=[Choice("Đúng rồi"),
                                                              Choice("Sai rồi", True)],
                     explanation="Đáp án đã đổi.")
    save_question(flipped, first.topic, make_user("editor", username="author"), first)
    review.approve_proposal(first, make_user("editor", username="reviewer"))
    assert first.body["choices"][1].get("correct")  # the bank now says the second is right
    join(client, link)
    answer(client, link, first.id, choice="0")
    stored = AttemptAnswer.query.filter_by(question_id=first.id).one()
    assert stored.correct  # graded on the question as the campaign was created with it


def test_ending_a_campaign_now_keeps_its_dates_true(client, setup, world):
    """Opened today and ended at once: it reads today–today, not a day before it was made."""
    from quizapp.coverage import rollup
    from quizapp.coverage.models import CoverageProgram

    campaign, today = setup["campaign"], today_local()
    client.post("/login", data={"username": world.host.username,
                                "password": "correct-horse-battery"})
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert 'data-confirm="Kết thúc chiến dịch ngay bây giờ?' in page  # asked before it happens
    client.post(f"/campaigns/{campaign.id}/close")
    db.session.refresh(campaign)
    assert (campaign.opens_on, campaign.closes_on) == (today, today)
    assert campaign.closed_at is not None
    assert service.window_state(campaign) == "closed"
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    day = today.strftime("%d/%m/%Y")
    assert f"{day} – {day}" in page and "kết thúc sớm lúc" in page
    rollup.refresh(today)  # counted from the moment it ended, not from tomorrow
    assert CoverageProgram.query.filter_by(kind="campaign", source_id=campaign.id).count() == 1


def test_campaign_grades_like_the_live_game(client, world):
    """The engine's rule here too: a poll is no wrong answer, half a multiple choice is half
    the points (500, as live without speed scoring), shown as partly right."""
    from quizapp.bank.formats.question import Choice
    from quizapp.bank.formats.question import Question as Record
    from quizapp.bank.service import change_status, save_question

    unit = world.unit("huyen-p", "Đơn vị P")
    school = world.school("THCS-P", unit)
    topic = world.topic("thao-luan")
    made = []
    for record in (
            Record(kind="poll", text="Bạn đã bật xác thực hai lớp chưa?",
                   choices=[Choice("Rồi"), Choice("Chưa")]),
            Record(kind="multiple", text="Dấu hiệu nào cho thấy tin nhắn lừa đảo?",
                   choices=[Choice("Giục chuyển tiền gấp", True), Choice("Đường link lạ", True),
                            Choice("Tin của cô chủ nhiệm")], explanation="Tạo áp lực.")):
        question, _ = save_question(record, topic, None)
        change_status([question], "approved", None)
        made.append(question)
    today = today_local()
    campaign = service.create_campaign(world.host, world.contest(world.host, made), "", today,
                                       today, [school.id])
    link = campaign.schools[0]
    assert join(client, link).status_code == 302
    assert answer(client, link, made[0].id, choice="0").status_code == 302
    attempt = Attempt.query.one()
    shown = service.play_question(attempt, 1)
    right = next(i for i, native in enumerate(shown.display) if native in shown.correct)
    assert answer(client, link, made[1].id, choice=str(right)).status_code == 302
    assert attempt.score == 500
    page = client.get(f"/c/{link.code}/done").get_data(as_text=True)
    assert "0/1 câu đúng" in page  # one graded question; the poll is not counted as wrong
    assert "Đúng một phần +500" in page
    assert "Câu thăm dò ý kiến: không tính đúng sai" in page


def test_campaign_results_download_as_a_workbook(client, setup, world, login_as):
    """The page's rows, as a workbook; pupils' names only for those who may see them."""
    import io

    import openpyxl

    link, questions = setup["link"], setup["questions"]
    join(client, link, name="Nguyễn Thị Phương Thảo Nguyên")
    play_through(client, link, questions)
    client.post("/login", data={"username": world.host.username,
                                "password": "correct-horse-battery"})
    host_book = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/campaigns/{setup['campaign'].id}/results.xlsx").data))
    assert "Học sinh" not in host_book.sheetnames  # not the host's school: no names
    client.post("/logout")
    login_as("admin")
    page = client.get(f"/campaigns/{setup['campaign'].id}").get_data(as_text=True)
    assert f"/campaigns/{setup['campaign'].id}/results.xlsx" in page
    response = client.get(f"/campaigns/{setup['campaign'].id}/results.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Trường", "Lớp", "Học sinh"]
    pupils = [[c.value for c in row] for row in book["Học sinh"].iter_rows(min_row=2)]
    assert pupils == [[setup["school"].name, "8A", "Nguyễn Thị Phương Thảo Nguyên", None,
                       Attempt.query.one().score, 3, 3, "có", None]]
    schools = {row[0].value: row[1].value for row in book["Trường"].iter_rows(min_row=4)}
    assert schools[setup["school"].name] == 1 and schools[setup["other"].name] == 0
