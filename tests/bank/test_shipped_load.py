"""`quizapp bank load`: load or update the shipped bank without overwriting editors' changes."""

from dataclasses import replace
from datetime import date

import pytest

from quizapp.bank import service
from quizapp.bank.models import Question, QuestionRevision, Topic

TOPIC = "topic:\n  slug: otp\n  name: Mã OTP\n  name_en: OTP\nquestions:\n"


def question(key, text, explanation="Vì mã OTP chỉ dành cho bạn.", extra=""):
    return (f'  - key: {key}\n    kind: true_false\n    text: "{text}"\n    answer: true\n'
            f'    explanation: "{explanation}"\n    difficulty: 1\n    audience: [public]\n{extra}')


def write(tmp_path, *questions):
    (tmp_path / "otp.yaml").write_text(TOPIC + "".join(questions), encoding="utf-8")
    return tmp_path


RETIRED = ("    status: retired\n    history:\n      - date: 2026-12-06\n"
           "        note: \"Loại: kế hoạch đã kết thúc.\"\n")
LEGAL = ("    valid_as_of: 2026-12-06\n    sources:\n"
         "      - {doc: luat-bvdlcn-2025, article: \"Điều 7\"}\n")


def test_a_second_load_changes_nothing(app, tmp_path):
    bank = write(tmp_path, question("otp-001", "Không đưa OTP cho ai."),
                 question("otp-002", "OTP của kế hoạch cũ.", extra=RETIRED),
                 question("otp-003", "Luật cấm mua bán dữ liệu.", extra=LEGAL))
    first = service.sync_shipped_bank(bank)
    assert (first.created, first.updated, first.retired, first.skipped) == (3, 0, 1, [])
    assert Topic.query.filter_by(slug="otp").count() == 1
    old = Question.query.filter_by(key="otp-002").one()
    assert old.status == "retired"
    assert any(r.changes.get("note") == "Loại: kế hoạch đã kết thúc." for r in old.revisions)
    cited = Question.query.filter_by(key="otp-003").one()
    assert cited.valid_as_of == date(2026, 12, 6)
    assert cited.sources == [{"doc": "luat-bvdlcn-2025", "article": "Điều 7"}]
    second = service.sync_shipped_bank(bank)
    assert (second.created, second.updated, second.retired, second.unchanged) == (0, 0, 0, 3)
    assert Question.query.count() == 3


def test_a_corrected_file_updates_questions_nobody_edited(app, tmp_path):
    service.sync_shipped_bank(write(tmp_path, question("otp-001", "Không đưa OTP cho ai.")))
    report = service.sync_shipped_bank(write(
        tmp_path, question("otp-001", "Không đưa OTP cho ai.", explanation="Giải thích mới."),
        question("otp-002", "Câu thứ hai.", extra=RETIRED)))
    assert (report.created, report.updated, report.skipped) == (1, 1, [])
    stored = Question.query.filter_by(key="otp-001").one()
    assert stored.explanation == "Giải thích mới."
    last = QuestionRevision.query.filter_by(question_id=stored.id).order_by(
        QuestionRevision.id.desc()).first()
    assert last.action == "shipped" and last.changes["explanation"][1] == "Giải thích mới."


def test_a_question_an_editor_changed_is_skipped_and_reported(app, tmp_path):
    bank = write(tmp_path, question("otp-001", "Không đưa OTP cho ai."),
                 question("otp-002", "Câu sẽ bị loại."))
    service.sync_shipped_bank(bank)
    stored = Question.query.filter_by(key="otp-001").one()
    edited = service.to_record(stored)
    service.save_question(replace(edited, explanation="Biên tập viên đã sửa."), stored.topic,
                          None, question=stored)
    write(tmp_path, question("otp-001", "Không đưa OTP cho ai.", explanation="Tệp mới."),
          question("otp-002", "Câu sẽ bị loại.", extra=RETIRED))
    report = service.sync_shipped_bank(bank)
    assert report.skipped == [("otp-001", "changed in the editor since it was last loaded")]
    # The edit of an approved question waits as a proposal, and the load leaves it alone.
    kept = Question.query.filter_by(key="otp-001").one()
    assert kept.proposal.record["explanation"] == "Biên tập viên đã sửa."
    assert kept.explanation != "Tệp mới."
    assert report.retired == 1
    assert Question.query.filter_by(key="otp-002").one().status == "retired"


def test_a_bank_with_a_defect_loads_nothing(app, tmp_path):
    bank = write(tmp_path, question("otp-001", "Một."), question("otp-001", "Hai."))
    with pytest.raises(service.QuestionRejected, match="otp-001"):
        service.sync_shipped_bank(bank)
    assert Question.query.count() == 0
