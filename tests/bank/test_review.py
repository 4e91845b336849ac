"""The review workflow: approver is not the author, imports wait for review, edits of approved
questions are proposals, and what runs keeps the question it started with."""

import io

from quizapp.bank import review, service
from quizapp.bank.models import Question, QuestionProposal, QuestionRevision
from quizapp.extensions import db

from .conftest import single


def test_an_author_cannot_approve_their_own_question(topic, make_user):
    author, other = make_user("editor", username="author"), make_user("editor", username="other")
    question, _ = service.save_question(single(), topic, author)
    assert service.change_status([question], "approved", author) == 0
    assert question.status == "draft"
    assert service.change_status([question], "approved", other) == 1
    assert question.status == "approved"


def test_an_admin_who_edited_a_draft_cannot_approve_it_either(topic, make_user):
    writer, admin = make_user("editor"), make_user("admin")
    question, _ = service.save_question(single(), topic, writer)
    service.save_question(single(explanation="Giải thích tốt hơn, do quản trị viên viết."),
                          topic, admin, question)
    assert review.authors_since_approval(question) == {writer.id, admin.id}
    assert service.change_status([question], "approved", admin) == 0


def test_self_approval_can_be_allowed_and_is_recorded(app, topic, make_user):
    author = make_user("editor")
    question, _ = service.save_question(single(), topic, author)
    app.config["BANK_SELF_APPROVAL"] = True
    try:
        assert service.change_status([question], "approved", author) == 1
    finally:
        app.config["BANK_SELF_APPROVAL"] = False
    approval = QuestionRevision.query.filter_by(action="status").one()
    assert approval.changes == {"status": ["draft", "approved"], "self_approved": True}


def test_the_status_page_says_why_an_author_cannot_approve(client, login_as, topic):
    editor = login_as("editor")
    question, _ = service.save_question(single(), topic, editor)
    client.post(f"/bank/{question.id}/status", data={"status": "approved"})
    page = client.get(f"/bank/{question.id}").get_data(as_text=True)
    assert "không tự duyệt" in page
    assert db.session.get(Question, question.id).status == "draft"


def test_imports_arrive_as_drafts_or_in_review_never_approved(client, login_as, topic, runner,
                                                              tmp_path):
    aiken = b"Ma OTP co nen dua cho nguoi khac khong?\nA. Co\nB. Khong\nANSWER: B\n"
    try:
        service.import_file(aiken, "otp.txt", None, fmt="aiken", topic_slug="mat-khau",
                            status="approved")
    except service.QuestionRejected as rejected:
        assert "status" in str(rejected)
    else:
        raise AssertionError("an import arrived approved")
    login_as("editor")
    response = client.post("/bank/import", data={
        "file": (io.BytesIO(aiken), "otp.txt"), "format": "aiken", "topic": "mat-khau",
        "status": "approved"}, content_type="multipart/form-data")
    assert response.status_code == 200 and Question.query.count() == 0
    path = tmp_path / "otp.txt"
    path.write_bytes(aiken)
    result = runner.invoke(args=["bank", "import", str(path), "--format", "aiken",
                                 "--topic", "mat-khau", "--status", "approved"])
    assert result.exit_code != 0 and Question.query.count() == 0
    response = client.post("/bank/import", data={
        "file": (io.BytesIO(aiken), "otp.txt"), "format": "aiken", "topic": "mat-khau",
        "status": "review"}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert Question.query.one().status == "review"


def _approved(topic, author, reviewer, **fields):
    question, _ = service.save_question(single(**fields), topic, author)
    assert service.change_status([question], "approved", reviewer) == 1
    return question


def test_editing_an_approved_question_keeps_the_approved_text_in_use(topic, make_user):
    author, reviewer = make_user("editor", username="author"), make_user("editor",
                                                                          username="reviewer")
    question = _approved(topic, author, reviewer)
    edited = single(choices=[*single().choices[:2], single().choices[3], single().choices[2]],
                    text="Mật khẩu nào mạnh nhất (sửa)?")
    service.save_question(edited, topic, reviewer, question)
    assert question.status == "approved" and question.text == "Mật khẩu nào mạnh nhất?"
    assert service.game_question(question)["text"] == "Mật khẩu nào mạnh nhất?"
    assert question.proposal.record["text"] == "Mật khẩu nào mạnh nhất (sửa)?"
    # The proposal's author (reviewer) may not approve it; the first author may.
    try:
        review.approve_proposal(question, reviewer)
    except review.ReviewRefused:
        pass
    else:
        raise AssertionError("the proposal's author approved it")
    review.approve_proposal(question, author)
    assert question.text == "Mật khẩu nào mạnh nhất (sửa)?" and question.status == "approved"
    assert QuestionProposal.query.count() == 0
    assert QuestionRevision.query.filter_by(action="proposal_approved").count() == 1


def test_a_discarded_proposal_leaves_the_approved_question(topic, make_user):
    author, reviewer = make_user("editor", username="author"), make_user("editor",
                                                                          username="reviewer")
    question = _approved(topic, author, reviewer)
    service.save_question(single(text="Một đề xuất khác?"), topic, author, question)
    review.discard_proposal(question, reviewer)
    assert question.proposal is None and question.text == "Mật khẩu nào mạnh nhất?"


def test_the_editor_shows_the_proposal_and_a_reviewer_approves_it(app, browser_of, topic):
    author, reviewer = browser_of("editor", "author"), browser_of("editor", "reviewer")
    question, _ = service.save_question(single(), topic, None)
    question.status = "approved"
    db.session.commit()
    data = {"topic": "mat-khau", "kind": "single", "text": "Mật khẩu nào mạnh nhất (mới)?",
            "choices-0-text": "123456", "choices-1-text": "matkhau",
            "choices-2-text": "Tr0ng-Dong!Kon-Tum-2025", "choices-2-correct": "y",
            "choices-3-text": "ngày sinh", "explanation": "Dài và khó đoán.", "difficulty": "1",
            "audience": ["lower_secondary"], "tags": "", "source": "", "answer": "true"}
    assert author.post(f"/bank/{question.id}", data=data).status_code == 302
    page = author.get(f"/bank/{question.id}").get_data(as_text=True)
    assert "pending-proposal" in page and "Mật khẩu nào mạnh nhất (mới)?" in page
    listed = reviewer.get("/bank/?status=review").get_data(as_text=True)
    assert f"/bank/{question.id}" in listed and "bản sửa chờ duyệt" in listed
    author.post(f"/bank/{question.id}/proposal", data={"action": "approve"})
    db.session.expire_all()
    assert db.session.get(Question, question.id).text == "Mật khẩu nào mạnh nhất?"
    reviewer.post(f"/bank/{question.id}/proposal", data={"action": "approve"})
    db.session.expire_all()
    assert db.session.get(Question, question.id).text == "Mật khẩu nào mạnh nhất (mới)?"


def test_a_game_keeps_the_questions_it_was_opened_with(topic, make_user):
    from quizapp.contests.live.games import open_game
    from quizapp.contests.service import create_contest
    from quizapp.engine import Game as EngineGame

    author, reviewer = make_user("editor", username="author"), make_user("editor",
                                                                          username="reviewer")
    host = make_user("host")
    question = _approved(topic, author, reviewer)
    game = open_game(create_contest(host, "Thi thử", [question.id]), host)
    service.save_question(single(text="Câu đã sửa sau khi mở?"), topic, author, question)
    review.approve_proposal(question, reviewer)
    assert question.text == "Câu đã sửa sau khi mở?"
    running = EngineGame.restore(game.snapshot)
    assert running.questions[0].text == "Mật khẩu nào mạnh nhất?"


def test_a_proposal_for_a_legal_question_keeps_its_review_date_and_sources(topic, make_user):
    from dataclasses import replace
    from datetime import date

    from quizapp.bank.formats.question import SourceRef

    author = make_user("editor", username="author")
    reviewer = make_user("editor", username="reviewer")
    law = [SourceRef("luat-bvdlcn-2025", "Điều 7")]
    question, _ = service.save_question(single(sources=law, valid_as_of=date(2026, 1, 5)),
                                        topic, author)
    assert service.change_status([question], "approved", reviewer) == 1
    checked = replace(service.to_record(question), valid_as_of=date(2026, 12, 6),
                      sources=[*law, SourceRef("nd-356-2025")])
    service.save_question(checked, topic, reviewer, question)
    assert question.proposal.record["valid_as_of"] == "2026-12-06"  # JSON: a date as text
    assert question.valid_as_of == date(2026, 1, 5)  # the approved content stays in use
    review.approve_proposal(question, author)
    assert question.valid_as_of == date(2026, 12, 6)
    assert question.sources == [{"doc": "luat-bvdlcn-2025", "article": "Điều 7"},
                                {"doc": "nd-356-2025"}]
