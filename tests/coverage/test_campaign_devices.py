"""Campaign attempts belong to the device that started them (issue 15.5, hardening 16.5)."""

import re
from datetime import timedelta

import pytest

from quizapp.campaigns import service
from quizapp.campaigns.models import Attempt, AttemptAnswer
from quizapp.core.clock import today_local, utcnow
from quizapp.extensions import db
from quizapp.schools.rosters import import_roster
from quizapp.schools.years import school_year_of, year_bounds
from tests.conftest import TEST_PASSWORD
from tests.coverage.test_campaigns import answer, join, play_through


@pytest.fixture
def setup(world):
    unit = world.unit("huyen-a", "Đơn vị A")
    school = world.school("THCS-A", unit)
    other = world.school("THCS-B", unit)
    questions = world.questions(world.topic("tin-gia", critical=True), 3)
    contest = world.contest(world.host, questions, title="Nhận diện tin giả")
    today = today_local()
    closes = min(today + timedelta(days=7), year_bounds(school_year_of(today))[1])
    campaign = service.create_campaign(world.host, contest, "", today, closes,
                                       [school.id, other.id])
    link = next(s for s in campaign.schools if s.school_id == school.id)
    return {"campaign": campaign, "link": link, "school": school, "other": other,
            "questions": questions, "world": world}


def error_text(response):
    found = re.search(r'id="join-error">([^<]*)<', response.get_data(as_text=True))
    return found.group(1) if found else ""


def test_replay_takeover_a_second_phone_cannot_answer_for_a_classmate(app, client, setup):
    """The falsification of issue 15: same class and name on another phone, mid-attempt."""
    link, questions = setup["link"], setup["questions"]
    join(client, link)
    answer(client, link, questions[0].id, choice="0")
    thief = app.test_client()
    refused = join(thief, link, class_name="lớp 8a", name="nguyen thi hoa")
    assert refused.status_code == 409
    assert "máy khác" in error_text(refused) and "mã chuyển máy" in error_text(refused)
    # The thief's phone is not in the attempt: answering goes back to the join page.
    sneaky = answer(thief, link, questions[1].id, choice="0")
    assert sneaky.status_code == 302 and sneaky.headers["Location"].endswith(f"/c/{link.code}")
    assert AttemptAnswer.query.count() == 1
    # The real pupil is not blocked: they carry on from their own phone.
    assert questions[1].text in client.get(f"/c/{link.code}/play").get_data(as_text=True)


def test_a_copied_session_cookie_without_the_device_secret_is_useless(app, client, setup):
    link, questions = setup["link"], setup["questions"]
    join(client, link)
    session_cookie = client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", session_cookie.value)
    response = thief.get(f"/c/{link.code}/play")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/c/{link.code}")
    assert answer(thief, link, questions[0].id, choice="0").status_code == 302
    assert AttemptAnswer.query.count() == 0


def test_one_attempt_per_device_no_throwaway_names(client, setup):
    link, questions = setup["link"], setup["questions"]
    join(client, link, name="Tên Giả Một")
    play_through(client, link, questions)
    client.delete_cookie("session")
    second = join(client, link, name="Nguyễn Thị Hoa")
    assert second.status_code == 409 and "Mỗi máy làm một bài" in error_text(second)
    assert Attempt.query.count() == 1


def sign_in(client, user):
    client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})


def test_a_teacher_hands_an_attempt_to_another_device(app, client, setup):
    link, questions, host = setup["link"], setup["questions"], setup["world"].host
    join(client, link)
    answer(client, link, questions[0].id, choice="0")
    attempt = Attempt.query.one()
    teacher = app.test_client()
    sign_in(teacher, host)
    page = teacher.post(f"/campaigns/{link.campaign_id}/attempts/{attempt.id}/handover",
                        follow_redirects=True).get_data(as_text=True)
    code = re.search(r"Mã chuyển máy cho Nguyễn Thị Hoa \(lớp 8A\): ([A-Z0-9]{6})", page)
    assert code, page[:2000]
    new_phone = app.test_client()
    moved = new_phone.post(f"/c/{link.code}", data={"handover": code.group(1).lower()})
    assert moved.status_code == 302
    assert questions[1].text in new_phone.get(f"/c/{link.code}/play").get_data(as_text=True)
    # the old phone no longer holds it, and the code is used up
    assert client.get(f"/c/{link.code}/play").status_code == 302
    again = app.test_client().post(f"/c/{link.code}", data={"handover": code.group(1)})
    assert again.status_code == 400 and "hết hạn" in error_text(again)


def test_handover_codes_expire_and_bad_codes_are_refused(app, client, setup):
    link = setup["link"]
    join(client, link)
    attempt = Attempt.query.one()
    code = service.new_handover_code(attempt)
    attempt.handover_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    phone = app.test_client()
    for typed in (code, "", "x" * 40, "<script>", "ABC\x00DE"):
        response = phone.post(f"/c/{link.code}", data={"handover": typed})
        assert response.status_code in (200, 400)
    assert db.session.get(Attempt, attempt.id).device_hash == Attempt.query.one().device_hash
    assert client.get(f"/c/{link.code}/play").status_code == 200


def test_only_the_campaign_owner_or_the_school_makes_handover_codes(app, client, setup,
                                                                     make_user):
    link = setup["link"]
    join(client, link)
    attempt = Attempt.query.one()
    stranger = make_user("host", username="gv.khac")
    other = app.test_client()
    sign_in(other, stranger)
    response = other.post(f"/campaigns/{link.campaign_id}/attempts/{attempt.id}/handover")
    assert response.status_code == 403
    assert Attempt.query.one().handover_hash is None


def test_answers_only_after_the_window_closes_when_the_teacher_wishes(client, setup):
    link, questions, campaign = setup["link"], setup["questions"], setup["campaign"]
    campaign.review_after_close = True
    db.session.commit()
    join(client, link)
    response = answer(client, link, questions[0].id, choice="0")
    feedback = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã ghi nhận câu trả lời" in feedback
    assert "Chính xác" not in feedback and "Giải thích câu" not in feedback
    answer(client, link, questions[1].id, choice="0")
    answer(client, link, questions[2].id, choice="0")
    done = client.get(f"/c/{link.code}/done").get_data(as_text=True)
    assert 'id="review-later"' in done and "Giải thích câu" not in done
    service.close_now(campaign)
    after = client.get(f"/c/{link.code}/done").get_data(as_text=True)
    assert "Giải thích câu" in after and 'id="final-score"' in after


@pytest.fixture
def roster(setup):
    import_roster("lớp,họ và tên\n8A,Nguyễn Thị Hoa\n8A,Nguyễn Thị Hoa\n8A,Lê Văn Nam\n"
                  .encode(), "lop.csv", setup["school"])


def test_with_a_roster_the_pupil_picks_class_then_name(app, client, setup, roster):
    link = setup["link"]
    page = client.get(f"/c/{link.code}").get_data(as_text=True)
    assert 'id="roster-class"' in page and 'name="student_name"' not in page
    names = client.get(f"/c/{link.code}?class=8A").get_data(as_text=True)
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', names)
    labels = [label for _, label in options]
    assert labels == ["Nguyễn Thị Hoa (1)", "Nguyễn Thị Hoa (2)", "Lê Văn Nam"]
    first, second = options[0][0], options[1][0]
    assert client.post(f"/c/{link.code}", data={"class_name": "8A",
                                                 "roster_entry": first}).status_code == 302
    namesake = app.test_client()
    assert namesake.post(f"/c/{link.code}", data={"class_name": "8A",
                                                  "roster_entry": second}).status_code == 302
    attempts = Attempt.query.all()
    assert len({a.identity for a in attempts}) == 2  # namesakes are two pupils
    assert {a.roster_entry_id for a in attempts} == {int(first), int(second)}


def test_roster_entries_of_another_school_or_junk_are_refused(app, client, setup, roster):
    link, other = setup["link"], setup["other"]
    import_roster("lớp,họ và tên\n8A,Trần Khác\n".encode(), "b.csv", other)
    from quizapp.schools.models import RosterEntry

    foreign = RosterEntry.query.filter_by(school_id=other.id).one()
    for value in (str(foreign.id), "abc", "-1", "9" * 40, ""):
        response = app.test_client().post(f"/c/{link.code}", data={"class_name": "8A",
                                                                    "roster_entry": value})
        assert response.status_code == 400, value
    assert Attempt.query.count() == 0
