"""The native YAML topic file: reading the hand-written sample, errors with lines, writing."""

import pytest

from quizapp.bank.formats import yaml_format
from quizapp.bank.formats.question import KINDS, ImportRejected
from quizapp.bank.formats.yaml_format import TopicInfo


def test_sample_topic_file_reads_every_kind(sample):
    topic, questions = yaml_format.parse_topic_file(sample("lua-dao.yaml"), "lua-dao.yaml")
    assert topic == TopicInfo("lua-dao", "Lừa đảo trực tuyến", "Online scams", False)
    assert [q.kind for q in questions] == list(KINDS[:3]) + [
        "type_answer",
        "ordering",
        "poll",
        "open",
    ]
    assert {q.topic for q in questions} == {"lua-dao"}
    first = questions[0]
    assert first.key == "lua-dao-001"
    assert [c.text for c in first.choices if c.correct] == ["Không bấm, hỏi người lớn hoặc thầy cô"]
    assert first.audience == ["lower_secondary", "upper_secondary"]
    assert questions[2].answer is False
    assert questions[3].answers == ["OTP", "mã OTP"]
    assert questions[4].items[0] == "Đổi mật khẩu ngay"
    assert questions[6].source == "Luật An ninh mạng 2018"
    assert questions[1].difficulty == 2 and questions[6].difficulty == 3


def test_errors_name_the_line_and_field_of_each_problem(sample, rejected):
    errors = rejected(yaml_format.parse, sample("bad.yaml"), "bad.yaml")
    found = {(e.line, e.field) for e in errors}
    assert (9, "choices") in found  # two correct answers in a single question
    assert (15, "difficulty") in found
    assert (16, "audience[1]") in found
    assert (20, "choices") in found  # true_false must not have choices
    assert (22, "explanation") in found
    assert (23, "tags[0]") in found
    message = next(e for e in errors if e.field == "difficulty")
    assert message.describe() == "dòng 15, trường 'difficulty': giá trị '5' không hợp lệ (1–3)"


def test_topic_block_is_required_for_bank_files_only():
    data = b"questions:\n  - kind: true_false\n    text: x\n    answer: true\n    explanation: y\n"
    assert yaml_format.parse(data, "x.yaml")[0].topic is None
    with pytest.raises(ImportRejected) as caught:
        yaml_format.parse_topic_file(data, "x.yaml")
    assert [e.field for e in caught.value.errors] == ["topic"]


def test_topic_block_is_checked():
    data = "topic:\n  slug: Mật Khẩu\n  name: Mật khẩu\nquestions: []\n".encode()
    with pytest.raises(ImportRejected) as caught:
        yaml_format.parse_topic_file(data, "x.yaml")
    assert {(e.line, e.field) for e in caught.value.errors} >= {
        (2, "topic.slug"),
        (2, "topic.name_en"),
    }


def test_duplicate_keys_and_wrong_types_are_errors_not_silent_overrides():
    data = (
        b"questions:\n"
        b"  - kind: true_false\n"
        b"    text: 2024\n"
        b"    answer: true\n"
        b"    answer: false\n"
        b"    explanation: y\n"
        b"    difficulty: '2'\n"
    )
    with pytest.raises(ImportRejected) as caught:
        yaml_format.parse(data, "x.yaml")
    assert {(e.line, e.field) for e in caught.value.errors} == {
        (3, "text"),
        (5, "answer"),
        (7, "difficulty"),
    }


def test_syntax_error_gives_its_line():
    with pytest.raises(ImportRejected) as caught:
        yaml_format.parse(b"questions:\n  - kind: single\n   text: [unclosed\n", "x.yaml")
    [error] = caught.value.errors
    assert error.line == 3 and "YAML" in error.message


def test_python_tags_are_refused():
    data = b"questions: !!python/object/apply:os.system ['echo hi']\n"
    with pytest.raises(ImportRejected):
        yaml_format.parse(data, "x.yaml")


def test_written_topic_file_reads_back_and_looks_like_the_schema(sample):
    topic, questions = yaml_format.parse_topic_file(sample("lua-dao.yaml"), "lua-dao.yaml")
    data = yaml_format.write_topic_file(topic, questions)
    text = data.decode()
    assert text.startswith("topic:\n  slug: lua-dao\n")
    assert "  - key: lua-dao-001\n" in text
    assert "audience: [lower_secondary, upper_secondary]" in text
    assert "Lừa đảo" in text  # not \u escapes
    assert yaml_format.parse_topic_file(data, "lua-dao.yaml") == (topic, questions)


LEGAL_QUESTION = """topic: {slug: phap-luat, name: Luật, name_en: Law}
questions:
  - key: phap-luat-001
    kind: true_false
    text: "Luật Bảo vệ dữ liệu cá nhân 2025 cấm mua bán dữ liệu cá nhân."
    answer: true
    explanation: "Đúng."
    difficulty: 1
    audience: [public]
    valid_as_of: 2026-12-06
    sources:
      - {doc: luat-bvdlcn-2025, article: "Điều 7"}
      - {doc: nd-13-2023, history: true}
    status: retired
    history:
      - {date: 2026-12-06, note: "Thay bằng câu mới."}
"""


def test_legal_sources_status_and_history_read_and_write_back():
    from datetime import date

    _topic, [question] = yaml_format.parse_topic_file(LEGAL_QUESTION.encode(), "p.yaml")
    assert question.valid_as_of == date(2026, 12, 6)
    assert [(s.doc, s.article, s.history) for s in question.sources] == [
        ("luat-bvdlcn-2025", "Điều 7", False), ("nd-13-2023", "", True)]
    assert question.status == "retired" and question.history[0].note == "Thay bằng câu mới."
    from dataclasses import replace

    again = yaml_format.parse(yaml_format.write([question]), "again.yaml")
    assert again == [replace(question, topic=None)]  # write() carries no topic block


@pytest.mark.parametrize(("old", "new", "field", "line"), [
    ("valid_as_of: 2026-12-06", "valid_as_of: hôm qua", "valid_as_of", 10),
    ("{doc: nd-13-2023, history: true}", "{doc: ND 13, history: true}", "sources[1].doc", 13),
    ("{doc: nd-13-2023, history: true}", "{doc: nd-13-2023, history: co}", "sources[1].history",
     13),
    ("{doc: nd-13-2023, history: true}", "{doc: nd-13-2023, law: x}", "sources[1].law", 13),
    ("status: retired", "status: deleted", "status", 14),
    ("    history:\n      - {date: 2026-12-06, note: \"Thay bằng câu mới.\"}\n", "", "history",
     3),
])
def test_bad_legal_fields_are_refused_with_line_and_field(old, new, field, line):
    text = LEGAL_QUESTION.replace(old, new)
    assert text != LEGAL_QUESTION
    with pytest.raises(ImportRejected) as caught:
        yaml_format.parse_topic_file(text.encode(), "p.yaml")
    assert any(e.field == field and e.line == line for e in caught.value.errors), [
        str(e) for e in caught.value.errors]
