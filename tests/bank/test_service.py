"""Saving, importing, reviewing and exporting questions in the database."""

import pytest

from quizapp.bank import formats, service
from quizapp.bank.models import Question, QuestionRevision, Topic
from quizapp.extensions import db
from tests.bank.conftest import single


def test_save_creates_a_draft_with_history(topic, make_user):
    editor = make_user("editor")
    question, near = service.save_question(single(), topic, editor)
    assert question.status == "draft" and near == []
    assert question.body["choices"][2] == {"text": "Tr0ng-Dong!Kon-Tum-2025", "correct": True}
    revision = question.revisions[0]
    assert (revision.action, revision.user.username) == ("created", "editor1")


def test_edit_records_what_changed(topic, make_user):
    editor = make_user("editor")
    question, _ = service.save_question(single(), topic, editor)
    service.save_question(single(difficulty=3), topic, editor, question)
    latest = question.revisions[0]
    assert latest.action == "edited" and latest.changes == {"difficulty": [1, 3]}


def test_invalid_question_is_refused_with_the_field(topic):
    with pytest.raises(service.QuestionRejected) as caught:
        service.save_question(single(choices=[]), topic, None)
    assert any(e.field.startswith("choices") for e in caught.value.errors)
    assert Question.query.count() == 0


def test_exact_duplicate_is_refused_ignoring_case_and_punctuation(topic):
    service.save_question(single(), topic, None)
    with pytest.raises(service.QuestionRejected, match="trùng với câu hỏi"):
        service.save_question(single("mật khẩu NÀO mạnh nhất ?!"), topic, None)


def test_near_duplicate_is_a_warning(topic):
    service.save_question(single("Mật khẩu nào sau đây là mạnh nhất cho tài khoản?"), topic, None)
    _, near = service.save_question(
        single("Mật khẩu nào sau đây là mạnh nhất cho tài khoản em?"), topic, None
    )
    assert len(near) == 1 and near[0][1] >= 0.9


def test_review_workflow(topic, make_user):
    editor, reviewer = make_user("editor"), make_user("editor", username="reviewer")
    question, _ = service.save_question(single(), topic, editor)
    assert service.change_status([question], "review", editor) == 1
    assert service.change_status([question], "approved", reviewer) == 1
    assert question.status == "approved"
    assert service.change_status([question], "review", editor) == 0  # not a valid step
    actions = [
        (r.action, r.changes.get("status"))
        for r in QuestionRevision.query.order_by(QuestionRevision.id)
    ]
    assert actions[-1] == ("status", ["review", "approved"])


def test_search_text_has_no_diacritics(topic):
    question, _ = service.save_question(single(), topic, None)
    assert "mat khau nao manh nhat" in question.search_text


def test_to_record_round_trips(topic):
    record = single(key="mat-khau-001", topic="mat-khau")
    question, _ = service.save_question(record, topic, None)
    assert service.to_record(question) == record


def test_game_question_carries_id_and_native_fields(topic):
    question, _ = service.save_question(single(), topic, None)
    data = service.game_question(question)
    assert data["id"] == question.id and data["kind"] == "single"
    assert len(data["choices"]) == 4


def test_load_shipped_bank_twice(app):
    created = service.load_shipped_bank()
    assert created >= 400
    retired = Question.query.filter_by(status="retired").count()
    assert retired >= 2  # phap-luat-051, san-pham-trong-nuoc-021 (docs/content-review.md)
    assert Question.query.filter_by(status="approved").count() == created - retired
    assert Topic.query.count() == 10
    assert Topic.query.filter_by(critical_thinking=True).one().slug == "tin-gia"
    assert service.load_shipped_bank() == 0


def test_import_is_all_or_nothing(topic):
    gift = (
        "::a:: Câu hỏi hợp lệ một? {=Đúng ~Sai}\n\n::b:: Câu không có đáp án đúng? {~Một ~Hai}\n"
    ).encode()
    with pytest.raises(service.QuestionRejected) as caught:
        service.import_file(gift, "bad.gift", None, topic_slug="mat-khau")
    assert caught.value.errors[0].file == "bad.gift" and caught.value.errors[0].line == 3
    assert Question.query.count() == 0


def test_import_refuses_questions_already_in_the_bank(topic):
    service.save_question(single(), topic, None)
    gift = "Mật khẩu nào mạnh nhất? {=A ~B}\n".encode()
    with pytest.raises(service.QuestionRejected, match="đã có trong ngân hàng"):
        service.import_file(gift, "dup.gift", None, topic_slug="mat-khau")


def test_import_needs_a_topic(app):
    with pytest.raises(service.QuestionRejected, match="chủ đề"):
        service.import_file("Câu hỏi? {T}\n".encode(), "t.gift", None)


def test_export_every_format_of_the_shipped_bank(app):
    service.load_shipped_bank()
    single_choice = Question.query.filter_by(kind="single").limit(20).all()
    for fmt in ("yaml", "csv", "xlsx", "gift", "aiken", "moodle_xml"):
        assert service.export_questions(single_choice, fmt), fmt


def test_kahoot_export_names_the_questions_it_cannot_carry(topic):
    from quizapp.bank.formats.question import ExportRejected

    question, _ = service.save_question(single("Câu hỏi dài " + "rất " * 40 + "?"), topic, None)
    with pytest.raises(ExportRejected) as caught:
        service.export_questions([question], "kahoot_xlsx")
    assert "Kahoot nhận tối đa 120" in str(caught.value)


def test_imported_drafts_may_lack_an_explanation_but_cannot_be_approved(topic):
    aiken = "Có nên chia sẻ mã OTP không?\nA. Có\nB. Không\nANSWER: B\n".encode()
    service.import_file(aiken, "otp.txt", None, fmt="aiken", topic_slug="mat-khau")
    question = Question.query.one()
    assert service.to_record(question).explanation == ""
    assert service.change_status([question], "approved", None) == 0
    # Only the shipped bank is stored approved; even there an explanation is required.
    records = formats.parse(aiken.replace(b"OTP", b"PIN"), "pin.txt", "aiken")
    with pytest.raises(service.QuestionRejected, match="lời giải thích"):
        service.import_records(records, "pin.txt", None, "mat-khau", status="approved")


def test_moodle_categories_pick_known_topics_and_the_rest_go_to_the_chosen_topic(topic):
    from pathlib import Path

    sample = Path(__file__).parent / "formats" / "samples" / "an-toan.moodle.xml"
    data = sample.read_bytes()
    # The sample's category, "an-toan-mang", is no topic of this bank.
    with pytest.raises(service.QuestionRejected) as caught:
        service.import_file(data, "an-toan.moodle.xml", None)
    [error] = caught.value.errors
    assert "chủ đề 'an-toan-mang' chưa có" in error.message and "mat-khau" in error.message
    assert Question.query.count() == 0
    report = service.import_file(data, "an-toan.moodle.xml", None, topic_slug="mat-khau")
    assert report.created == Question.query.filter_by(topic_id=topic.id).count() > 0

    known = data.replace(b"$course$/top/an-toan-mang", b"$course$/top/lua-dao")
    other = Topic(slug="lua-dao", name="Lừa đảo", name_en="Scams")
    db.session.add(other)
    db.session.commit()
    QuestionRevision.query.delete()
    Question.query.delete()
    db.session.commit()
    report = service.import_file(known, "b.moodle.xml", None, topic_slug="mat-khau")
    assert Question.query.filter_by(topic_id=other.id).count() == report.created


def test_a_game_gets_no_bank_metadata_and_its_question_is_json(topic):
    import json
    from datetime import date

    from quizapp.bank.formats.question import SourceRef

    record = single(sources=[SourceRef("luat-bvdlcn-2025", "Điều 7")], valid_as_of=date.today())
    question, _near = service.save_question(record, topic, None)
    data = service.game_question(question)
    assert not set(service.BANK_ONLY_KEYS) & set(data)
    assert json.loads(json.dumps(data))["choices"][2]["correct"] is True
