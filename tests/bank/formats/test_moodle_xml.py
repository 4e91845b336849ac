"""Moodle XML from a hand-written file in the shape of Moodle's export."""

import xml.etree.ElementTree as ET

import pytest

from quizapp.bank.formats import moodle_xml
from quizapp.bank.formats.question import Choice, ExportRejected, Question


def test_moodle_sample_maps_each_question_type(sample):
    questions = moodle_xml.parse(sample("an-toan.moodle.xml"), "an-toan.moodle.xml")
    assert [q.kind for q in questions] == [
        "single",
        "multiple",
        "true_false",
        "type_answer",
        "open",
    ]
    strong, signs, otp, short, essay = questions  # the description is skipped
    assert {q.topic for q in questions} == {"an-toan-mang"}
    assert strong.text == "Mật khẩu nào dưới đây mạnh nhất?"  # HTML turned into text
    assert strong.explanation == "Mật khẩu mạnh dài & khó đoán."
    assert strong.choices[1] == Choice("Tr@ng-Xanh-Mua-Thu-7!", True)
    assert strong.tags == ["mat-khau"]  # a free Moodle tag becomes a slug
    assert [c.correct for c in signs.choices] == [True, True, False]
    assert otp.answer is False
    assert short.answers == ["OTP", "mã OTP"]  # the 0% answer is not accepted
    assert short.difficulty == 1 and short.audience == ["lower_secondary"]  # quizapp: tags
    assert essay.answers == ["Kẻ gian có thể mạo danh.", "Có thể bị vay tiền đứng tên mình."]


def test_moodle_errors_name_the_element_and_its_line(sample, rejected):
    errors = rejected(moodle_xml.parse, sample("bad.moodle.xml"), "bad.moodle.xml")
    assert {(e.line, e.field) for e in errors} == {
        (7, "question[1]/answer"),
        (10, "question[2]/type"),
    }


def test_export_is_moodle_shaped_and_reads_back():
    questions = [
        Question(
            kind="ordering",
            key="su-co-001",
            text="Sắp xếp <các bước> & xử lý",
            items=["Ngắt mạng", "Báo cáo", "Khôi phục"],
            explanation="Vì.",
            tags=["su-co"],
            topic="su-co",
        ),
        Question(
            kind="true_false", text="OTP là bí mật.", answer=True, explanation="x", topic="su-co"
        ),
    ]
    data = moodle_xml.write(questions)
    root = ET.fromstring(data)
    assert [q.get("type") for q in root] == ["category", "ordering", "truefalse"]
    assert root[0].findtext("category/text") == "$course$/top/su-co"
    assert root[1].findtext("idnumber") == "su-co-001"
    assert moodle_xml.parse(data, "x.xml") == questions
    with pytest.raises(ExportRejected):
        moodle_xml.write([Question(kind="poll", text="x", choices=[Choice("a"), Choice("b")])])


def test_an_unknown_quizapp_tag_is_a_located_error(rejected):
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>otp</text></name>
    <questiontext format="html"><text>OTP la bi mat.</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
    <tags><tag><text>quizapp:colour=red</text></tag></tags>
  </question>
</quiz>
"""
    errors = rejected(moodle_xml.parse, data, "tags.xml")
    assert [(e.line, e.field) for e in errors] == [(8, "question[1]/tags")]
    assert "quizapp:colour=red" in errors[0].message
