"""A host builds a contest from the bank, runs it, and reads the results."""

from quizapp.bank.service import load_shipped_bank
from quizapp.contests.models import Contest, Game
from quizapp.extensions import db


def new_contest(client, **fields):
    data = {"title": "Thi an toàn thông tin lớp 8", "speed_scoring": "y", "streak_bonus": "y",
            "shuffle_answers": "y", "show_text_on_phones": "y", "late_join": "y",
            "team_mode": "", "nickname_policy": "free", "preview_s": 4, **fields}
    response = client.post("/contests/new", data=data)
    assert response.status_code == 302, response.data
    return Contest.query.order_by(Contest.id.desc()).first()


def test_host_draws_questions_by_topic_and_runs_the_contest(client, login_as):
    load_shipped_bank()
    host = login_as("host")
    contest = new_contest(client)
    assert contest.host_id == host.id
    client.post(f"/contests/{contest.id}/questions", data={
        "action": "draw", "count": 5, "topics": ["tin-gia"], "difficulty": "",
        "time_limit_s": 30, "points": "double"})
    assert len(contest.questions) == 5
    assert {cq.question.topic.slug for cq in contest.questions} == {"tin-gia"}
    assert all(cq.time_limit_s == 30 and cq.points == "double" for cq in contest.questions)
    assert all(cq.question.kind != "open" for cq in contest.questions)
    response = client.post(f"/contests/{contest.id}/run")
    game = Game.query.one()
    assert response.headers["Location"] == f"/live/games/{game.id}/host"
    page = client.get(f"/live/games/{game.id}/host").get_data(as_text=True)
    assert game.pin in page


def test_search_without_accents_and_add_by_hand(client, login_as):
    load_shipped_bank()
    login_as("host")
    contest = new_contest(client)
    page = client.get(f"/contests/{contest.id}?q=mat+khau").get_data(as_text=True)
    assert "mật khẩu" in page.lower()
    from quizapp.bank.models import Question

    ids = [q.id for q in Question.query.filter_by(kind="single").limit(3)]
    client.post(f"/contests/{contest.id}/questions", data={"action": "add", "ids": ids})
    assert [cq.question_id for cq in contest.questions] == ids


def test_reorder_update_and_remove(client, login_as):
    load_shipped_bank()
    login_as("host")
    contest = new_contest(client)
    client.post(f"/contests/{contest.id}/questions", data={"action": "draw", "count": 3})
    first, second, third = [cq.id for cq in contest.questions]
    url = f"/contests/{contest.id}/questions"
    moved = client.post(url, data={"action": "down", "item": first})
    assert moved.location.endswith(f"#item-{first}")  # back to the moved row (keyboard users)
    db.session.expire_all()
    assert [cq.id for cq in contest.questions] == [second, first, third]
    client.post(url, data={"action": "update", "item": third, "time_limit_s": 300,
                           "points": "standard"})
    assert "5–240 giây" in client.get(f"/contests/{contest.id}").get_data(as_text=True)
    client.post(url, data={"action": "remove", "item": second})
    db.session.expire_all()
    assert [cq.id for cq in contest.questions] == [first, third]


def test_drafts_only_in_practice_contests(client, login_as):
    from quizapp.bank.models import Question

    load_shipped_bank()
    draft = Question.query.first()
    draft.status = "draft"
    db.session.commit()
    login_as("host")
    real = new_contest(client)
    client.post(f"/contests/{real.id}/questions", data={"action": "add", "ids": [draft.id]})
    assert real.questions == []
    practice = new_contest(client, title="Chơi thử", practice="y")
    client.post(f"/contests/{practice.id}/questions", data={"action": "add", "ids": [draft.id]})
    assert [cq.question_id for cq in practice.questions] == [draft.id]


def test_roster_policy_needs_a_roster(client, login_as):
    login_as("host")
    response = client.post("/contests/new", data={
        "title": "Lớp 8A", "team_mode": "", "nickname_policy": "roster", "preview_s": 4})
    assert "danh sách học sinh" in response.get_data(as_text=True)


def test_hosts_only_see_their_own_contests(client, login_as, make_user):
    from quizapp.contests.service import create_contest

    other = make_user("host", username="gv.khac")
    theirs = create_contest(other, "Của người khác")
    login_as("host")
    assert "Của người khác" not in client.get("/contests/").get_data(as_text=True)
    assert client.get(f"/contests/{theirs.id}").status_code == 403
    assert client.post(f"/contests/{theirs.id}/run").status_code == 403


def test_an_empty_contest_cannot_run(client, login_as):
    login_as("host")
    contest = new_contest(client)
    response = client.post(f"/contests/{contest.id}/run", follow_redirects=True)
    assert "chưa có câu hỏi" in response.get_data(as_text=True)
    assert Game.query.count() == 0


def test_saving_one_row_says_so_and_returns_to_it(client, login_as):
    load_shipped_bank()
    login_as("host")
    contest = new_contest(client)
    client.post(f"/contests/{contest.id}/questions", data={"action": "draw", "count": 3})
    second = contest.questions[1].id
    response = client.post(f"/contests/{contest.id}/questions", data={
        "action": "update", "item": second, "time_limit_s": 45, "points": "double"})
    assert response.headers["Location"].endswith(f"#item-{second}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu câu 2: 45 giây, Nhân đôi." in page
    assert f'<tr id="item-{second}" class="saved-row">' in page
