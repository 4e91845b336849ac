"""GIFT and Aiken, from files written by hand the way teachers write them for Moodle."""

import pytest

from quizapp.bank.formats import aiken, gift
from quizapp.bank.formats.question import Choice, ExportRejected, ImportRejected, Question


def test_gift_sample_reads_every_supported_construct(sample):
    questions = gift.parse(sample("an-toan.gift"), "an-toan.gift")
    kinds = [q.kind for q in questions]
    assert kinds == [
        "single",
        "true_false",
        "multiple",
        "type_answer",
        "true_false",
        "single",
        "open",
    ]
    strong, otp, signs, short, escaped, missing_word, essay = questions
    assert {q.topic for q in questions} == {"an-toan-mang"}  # from $CATEGORY
    assert [c.text for c in strong.choices if c.correct] == ["Tr@ng-Xanh-Mua-Thu-7!"]
    assert strong.choices[0].text == "123456"  # per-answer feedback "#..." dropped
    assert strong.explanation == "Mật khẩu mạnh dài, trộn chữ, số và ký hiệu."
    assert otp.answer is False and otp.explanation == "Ngân hàng không bao giờ hỏi OTP."
    assert [c.correct for c in signs.choices] == [True, True, False]
    assert signs.difficulty == 3 and signs.audience == ["upper_secondary", "public"]  # comment
    assert signs.tags == ["otp", "vishing"]
    assert short.answers == ["OTP", "mã OTP"]
    assert escaped.text == "Dấu {ngoặc nhọn} và ~ dấu ngã: phải viết kèm dấu \\ phía trước."
    assert missing_word.text == "Kẻ gian thường dùng _____ để nạn nhân không kịp suy nghĩ."
    assert essay.answers == ["Để kẻ gian không mạo danh mình."]
    assert strong.difficulty == 2 and strong.audience == [
        "lower_secondary",
        "upper_secondary",
        "public",
    ]


def test_gift_errors_name_their_lines(sample, rejected):
    errors = rejected(gift.parse, sample("bad.gift"), "bad.gift")
    assert {(e.line, e.field) for e in errors} == {(2, "answers"), (4, "choices"), (6, "answers")}


def test_gift_bad_quizapp_comment_is_reported_on_its_line():
    data = '// quizapp: {"difficulty": 9, "colour": 1}\n::x:: Câu? {T####Vì.}\n'.encode()
    with pytest.raises(ImportRejected) as caught:
        gift.parse(data, "x.gift")
    assert {(e.line, e.field) for e in caught.value.errors} == {(1, "colour"), (2, "difficulty")}


def test_gift_export_escapes_and_refuses_what_gift_cannot_carry():
    question = Question(
        kind="single",
        key="mat-khau-001",
        text="Dấu {ngoặc} = ~ # : ?",
        choices=[Choice("a=b", True), Choice("c~d")],
        explanation="Vì #1.",
    )
    text = gift.write([question]).decode()
    assert "::mat-khau-001:: Dấu \\{ngoặc\\} \\= \\~ \\# \\: ? {=a\\=b ~c\\~d ####Vì \\#1.}" in text
    assert gift.parse(text.encode(), "x.gift") == [question]
    with pytest.raises(ExportRejected):
        gift.write([Question(kind="ordering", text="x", items=["a", "b", "c"])])


def test_aiken_sample(sample):
    first, second = aiken.parse(sample("an-toan.aiken.txt"), "an-toan.aiken.txt")
    assert first.kind == "single" and len(first.choices) == 3
    assert first.choices[1] == Choice("Bạn trúng thưởng iPhone, bấm link để nhận quà", True)
    assert first.choices[2].text == "Nhà mạng báo cước tháng này"  # "C)" works like "C."
    assert [c.correct for c in second.choices] == [False, True, False, False]
    assert first.explanation == "" and first.difficulty == 2


def test_aiken_errors_name_their_lines(sample, rejected):
    errors = rejected(aiken.parse, sample("bad.aiken.txt"), "bad.aiken.txt")
    assert {(e.line, e.field) for e in errors} == {(4, "ANSWER"), (8, "choices"), (11, "ANSWER")}


def test_aiken_export_carries_single_and_true_false_only():
    true_false = Question(kind="true_false", text="OTP là bí mật.", answer=True, explanation="x")
    assert aiken.write([true_false]).decode() == "OTP là bí mật.\nA. Đúng\nB. Sai\nANSWER: A\n"
    with pytest.raises(ExportRejected) as caught:
        aiken.write(
            [Question(kind="multiple", text="x", choices=[Choice("a", True), Choice("b", True)])]
        )
    assert "multiple" in caught.value.errors[0].message
