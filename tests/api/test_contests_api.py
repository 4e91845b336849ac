"""Questions and contests through /api/v1: the web editor's rules, pages of results, and
refusals of malformed, oversized, hostile input and of other users' objects."""

import json

import pytest

from quizapp.contests.models import Contest
from quizapp.extensions import db

from .conftest import Api, refused


@pytest.fixture
def host(make_user):
    return make_user("host", username="gv.api")


def new_contest(api, questions, **fields):
    body = {"title": "Thi qua API", "questions": [{"id": q.id} for q in questions], **fields}
    response = api.post("/contests", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_questions_are_listed_searched_and_paged_without_answers(app, host, api_as,
                                                                   questions):
    api = api_as(host)
    listed = api.get("/questions?per_page=2").get_json()
    assert listed["total"] == 6 and len(listed["items"]) == 2 and listed["has_next"]
    last = api.get("/questions?per_page=2&page=3").get_json()
    assert len(last["items"]) == 2 and not last["has_next"]
    assert api.get("/questions?page=9").get_json()["items"] == []
    text = json.dumps(api.get("/questions?per_page=100").get_json())
    assert '"correct"' not in text and "One-time password" not in text and "OTP\"" not in text
    found = api.get("/questions?q=mat khau manh").get_json()["items"]  # accents ignored
    assert [q["text"] for q in found] == ["Mật khẩu nào mạnh nhất?"]
    assert found[0]["choices"] == ["123456", "Tr0ng-Dong!Kon-Tum", "matkhau"]
    assert api.get("/questions?kind=true_false").get_json()["total"] == 1
    assert api.get("/questions?topic=mat-khau&difficulty=2").get_json()["total"] == 6
    assert api.get("/questions?topic=khong-co").get_json()["total"] == 0
    refused(api.get("/questions?page=0"), 422, "invalid_field", "page")
    refused(api.get("/questions?per_page=101"), 422, "invalid_field", "per_page")
    refused(api.get("/questions?page=-1"), 422, "invalid_field", "page")
    refused(api.get("/questions?page=1e3"), 422, "invalid_field", "page")
    refused(api.get("/questions?kind=oral"), 422, "invalid_field", "kind")
    refused(api.get("/questions?q=" + "x" * 201), 422, "invalid_field", "q")
    refused(api.get("/questions?difficulty=9"), 422, "invalid_field", "difficulty")


def test_draft_questions_are_not_listed_nor_usable(app, host, api_as, questions):
    from quizapp.bank.models import Question

    draft = questions[0]
    draft.status = "draft"
    db.session.commit()
    api = api_as(host)
    assert draft.id not in [q["id"] for q in api.get("/questions?per_page=100").get_json()[
        "items"]]
    body = refused(api.post("/contests", json={"title": "x", "questions": [{"id": draft.id}]}),
                   422, "invalid_field", "questions")
    assert f"#{draft.id}" in body["message"]
    practice = new_contest(api, [draft], practice=True)  # a practice contest may try drafts
    refused(api.patch(f"/contests/{practice['id']}", json={"practice": False}), 422,
            "invalid_field", "questions")
    assert db.session.get(Contest, practice["id"]).practice
    assert Question.query.count() == 6


def test_a_contest_is_created_read_updated_and_listed(app, host, api_as, questions):
    api = api_as(host)
    created = new_contest(api, questions[:3], options={"streak_bonus": False,
                                                        "max_players": 40})
    assert [q["id"] for q in created["questions"]] == [q.id for q in questions[:3]]
    assert created["questions"][0]["time_limit_s"] == 20
    assert created["options"]["streak_bonus"] is False
    assert created["options"]["max_players"] == 40 and created["options"]["late_join"] is True
    assert created["edit_url"] == f"http://quiz.test/contests/{created['id']}"
    contest = db.session.get(Contest, created["id"])
    assert contest.host_id == host.id and len(contest.questions) == 3
    assert api.get(f"/contests/{created['id']}").get_json() == created

    changed = api.patch(f"/contests/{created['id']}", json={
        "title": "Vòng hai", "questions": [
            {"id": questions[2].id, "time_limit_s": 30, "points": "double"},
            {"id": questions[4].id}]}).get_json()
    assert changed["title"] == "Vòng hai"
    assert [(q["id"], q["time_limit_s"], q["points"]) for q in changed["questions"]] == [
        (questions[2].id, 30, "double"), (questions[4].id, 20, "standard")]
    assert changed["options"]["max_players"] == 40  # untouched fields stay

    for _ in range(2):
        new_contest(api, questions[:1])
    page = api.get("/contests?per_page=2").get_json()
    assert page["total"] == 3 and page["has_next"] and page["items"][0]["id"] > created["id"]


@pytest.mark.parametrize("body, status, code, field", [
    ({}, 422, "invalid_field", "title"),
    ({"title": ""}, 422, "invalid_field", "title"),
    ({"title": "   "}, 422, "invalid_field", "title"),
    ({"title": "x" * 201}, 422, "invalid_field", "title"),
    ({"title": 5}, 422, "invalid_field", "title"),
    ({"title": "x", "owner": 1}, 400, "unknown_field", "owner"),
    ({"title": "x", "practice": "yes"}, 422, "invalid_field", "practice"),
    ({"title": "x", "options": []}, 422, "invalid_field", "options"),
    ({"title": "x", "options": {"host_id": 2}}, 400, "unknown_field", "options.host_id"),
    ({"title": "x", "options": {"late_join": 1}}, 422, "invalid_field", "options.late_join"),
    ({"title": "x", "options": {"max_players": 0}}, 422, "invalid_field", "options"),
    ({"title": "x", "options": {"max_players": 2**40}}, 422, "invalid_field",
     "options.max_players"),
    ({"title": "x", "options": {"preview_ms": 60_000}}, 422, "invalid_field",
     "options.preview_ms"),
    ({"title": "x", "options": {"team_mode": "house"}}, 422, "invalid_field", "options"),
    ({"title": "x", "options": {"nickname_policy": "roster"}}, 422, "invalid_field",
     "options"),
    ({"title": "x", "options": {"roster": "Lan"}}, 422, "invalid_field", "options.roster"),
    ({"title": "x", "options": {"roster": ["x" * 41]}}, 422, "invalid_field",
     "options.roster"),
    ({"title": "x", "questions": {"id": 1}}, 422, "invalid_field", "questions"),
    ({"title": "x", "questions": [1]}, 422, "invalid_field", "questions[0]"),
    ({"title": "x", "questions": [{}]}, 422, "invalid_field", "questions[0].id"),
    ({"title": "x", "questions": [{"id": "1"}]}, 422, "invalid_field", "questions[0].id"),
    ({"title": "x", "questions": [{"id": True}]}, 422, "invalid_field", "questions[0].id"),
    ({"title": "x", "questions": [{"id": 1, "x": 1}]}, 400, "unknown_field",
     "questions[0].x"),
    ({"title": "x", "questions": [{"id": 1, "time_limit_s": 4}]}, 422, "invalid_field",
     "questions[0].time_limit_s"),
    ({"title": "x", "questions": [{"id": 1, "points": "triple"}]}, 422, "invalid_field",
     "questions[0].points"),
    ({"title": "x", "questions": [{"id": 999_999}]}, 422, "invalid_field", "questions"),
    ({"title": "x", "questions": [{"id": 2**40}]}, 422, "invalid_field", "questions[0].id"),
])
def test_bad_contests_are_refused_naming_the_field_and_nothing_is_written(
        app, host, api_as, questions, body, status, code, field):
    refused(api_as(host).post("/contests", json=body), status, code, field)
    assert Contest.query.count() == 0


def test_a_question_twice_or_too_many_questions_are_refused(app, host, api_as, questions):
    api = api_as(host)
    twice = [{"id": questions[0].id}, {"id": questions[0].id}]
    refused(api.post("/contests", json={"title": "x", "questions": twice}), 422,
            "invalid_field", "questions")
    many = [{"id": i} for i in range(1, 102)]
    body = refused(api.post("/contests", json={"title": "x", "questions": many}), 422,
                   "invalid_field", "questions")
    assert "100" in body["message"]
    assert Contest.query.count() == 0


def test_malformed_oversized_and_hostile_bodies(app, host, api_as, questions):
    api = api_as(host)
    raw = {"Content-Type": "application/json"}
    for data in (b"{", b"[]", b"\"x\"", b"null", b"{\"title\": NaN}", b"\xff\xfe",
                 b"[" * 50_000 + b"]" * 50_000,
                 b"{\"title\": Infinity}"):
        response = api.post("/contests", data=data, headers=raw)
        assert response.status_code in (400, 413), data[:20]
        assert response.get_json()["error"] in ("invalid_json", "too_large")
    refused(api.post("/contests", data=b"{\"title\": \"x\"}", headers={
        "Content-Type": "text/plain"}), 415, "unsupported_media_type")
    refused(api.post("/contests", data=b"title=x", headers={
        "Content-Type": "application/x-www-form-urlencoded"}), 415, "unsupported_media_type")
    refused(api.post("/contests", json={"title": "x", "pad": "y" * 70_000}), 413, "too_large")
    deep = b"[" * 30_000 + b"]" * 30_000
    refused(api.post("/contests", data=b"{\"title\": " + deep + b"}", headers=raw), 400,
            "invalid_json")
    refused(api.post("/contests", data=b"{\"title\": \"x\",", headers=raw), 400, "invalid_json")
    hostile = new_contest(api, questions[:1], title="<script>alert(1)</script>'; DROP TABLE x")
    assert hostile["title"] == "<script>alert(1)</script>'; DROP TABLE x"
    assert Contest.query.count() == 1


def test_other_users_contests_and_games_are_not_found(app, host, make_user, api_as,
                                                       questions):
    mine = api_as(host)
    created = new_contest(mine, questions[:2])
    game = mine.post(f"/contests/{created['id']}/games").get_json()
    stranger = api_as(make_user("host", username="gv.khac"))
    for response in (stranger.get(f"/contests/{created['id']}"),
                     stranger.patch(f"/contests/{created['id']}", json={"title": "mine now"}),
                     stranger.get(f"/contests/{created['id']}/games"),
                     stranger.post(f"/contests/{created['id']}/games"),
                     stranger.get(f"/games/{game['id']}"),
                     stranger.get(f"/games/{game['id']}/results"),
                     stranger.get("/contests/999999"), stranger.get("/games/999999")):
        refused(response, 404, "not_found")
    assert stranger.get("/contests").get_json()["total"] == 0
    assert db.session.get(Contest, created["id"]).title == "Thi qua API"
    admin = api_as(make_user("admin"))
    assert admin.get(f"/contests/{created['id']}").status_code == 200
    assert admin.get(f"/games/{game['id']}").status_code == 200


def test_unknown_addresses_and_methods_answer_in_the_api_shape(app, host, api_as):
    api = api_as(host)
    refused(api.get("/nothing-here"), 404, "not_found")
    refused(Api(app).get("/nothing-here"), 404, "not_found")
    refused(api.call("DELETE", "/contests"), 405, "method_not_allowed")
    assert api.get("/contests").headers["Cache-Control"] == "no-store"


def test_a_contest_without_questions_cannot_start(app, host, api_as):
    api = api_as(host)
    empty = api.post("/contests", json={"title": "Chưa có câu"}).get_json()
    body = refused(api.post(f"/contests/{empty['id']}/games"), 409, "cannot_start")
    assert "câu hỏi" in body["message"]


def test_an_unexpected_failure_is_server_error_and_keeps_nothing(app, host, api_as, questions,
                                                                monkeypatch):
    from quizapp.contests import service

    def broken(practice, items):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "check_question_list", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    refused(api_as(host).post("/contests", json={"title": "x", "questions": [
        {"id": questions[0].id}]}), 500, "server_error")
    assert Contest.query.count() == 0


def test_messages_in_english_on_request(app):
    response = Api(app).get("/contests", headers={"Accept-Language": "en"})
    body = refused(response, 401, "token_required")
    assert body["message"].startswith("An API token is needed")
