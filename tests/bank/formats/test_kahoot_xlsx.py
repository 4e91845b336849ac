"""Kahoot's quiz spreadsheet template, built cell by cell the way Kahoot's own file is laid out."""

import io

import openpyxl
import pytest

from quizapp.bank import formats
from quizapp.bank.formats import kahoot_xlsx
from quizapp.bank.formats.question import Choice, ExportRejected, ImportRejected, Question

KAHOOT_HEADERS = [
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]


def kahoot_file(rows, header_row=8):
    """Kahoot's template: title in B2, instructions in B4, headers on row 8, data from row 9."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B2"] = "Quiz template"
    sheet["B4"] = (
        "Add questions, at least two answer alternatives, time limit and choose correct answers. "
        "If several answers are correct, separate them with a comma."
    )
    for column, header in enumerate(KAHOOT_HEADERS, start=2):
        sheet.cell(row=header_row, column=column, value=header)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=header_row + offset, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_reads_kahoots_layout_with_single_and_several_correct_answers():
    data = kahoot_file(
        [
            [1, "Mật khẩu nào mạnh nhất?", "123456", "Tr@ng-Xanh-7!", "matkhau", None, 20, 2],
            [
                2,
                "Dấu hiệu lừa đảo?",
                "Giục chuyển tiền",
                "Đòi OTP",
                "Chào hỏi",
                "Gửi thiệp",
                30,
                "1,2",
            ],
            [3, "OTP là bí mật?", "Đúng", "Sai", None, None, 10, "1"],
        ]
    )
    first, second, third = kahoot_xlsx.parse(data, "kahoot.xlsx")
    assert first.kind == "single"
    assert first.choices == [Choice("123456"), Choice("Tr@ng-Xanh-7!", True), Choice("matkhau")]
    assert second.kind == "multiple"
    assert [c.correct for c in second.choices] == [True, True, False, False]
    assert third.choices[0].correct
    # What Kahoot cannot carry comes in as the documented defaults.
    assert first.explanation == "" and first.difficulty == 2
    assert first.audience == ["lower_secondary", "upper_secondary", "public"]


def test_registry_tells_kahoot_from_our_own_xlsx():
    data = kahoot_file([[1, "Câu?", "A", "B", None, None, 20, 1]])
    assert formats.detect_format("quiz.xlsx", data) == "kahoot_xlsx"
    assert formats.parse(data, "quiz.xlsx")[0].text == "Câu?"


def test_errors_name_the_row_and_kahoot_column():
    data = kahoot_file(
        [
            [1, "Không có đáp án đúng", "A", "B", None, None, 20, None],
            [2, "Đáp án trỏ vào ô trống", "A", "B", None, None, 20, 3],
            [3, "Chỉ một đáp án", "A", None, None, None, 20, 1],
        ]
    )
    with pytest.raises(ImportRejected) as caught:
        kahoot_xlsx.parse(data, "k.xlsx")
    assert {(e.line, e.field) for e in caught.value.errors} == {
        (9, "correct"),
        (10, "correct"),
        (11, "Answer 1–4"),
    }


def test_a_sheet_without_kahoots_header_is_refused():
    book = openpyxl.Workbook()
    book.active.append(["hello", "world"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportRejected) as caught:
        kahoot_xlsx.parse(out.getvalue(), "k.xlsx")
    assert "Kahoot" in caught.value.errors[0].message


def test_export_uses_kahoots_layout_and_refuses_what_it_cannot_carry():
    question = Question(
        kind="multiple",
        text="Dấu hiệu lừa đảo?",
        choices=[Choice("Giục", True), Choice("Đòi OTP", True), Choice("Chào")],
        explanation="x",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(kahoot_xlsx.write([question]))).active
    assert [c.value for c in sheet[8]][1:8] == KAHOOT_HEADERS
    assert [c.value for c in sheet[9]][:8] == [
        1,
        "Dấu hiệu lừa đảo?",
        "Giục",
        "Đòi OTP",
        "Chào",
        None,
        30,
        "1,2",
    ]
    too_many = Question(kind="single", text="x", choices=[Choice(str(i), i == 0) for i in range(5)])
    long_text = Question(kind="single", text="x" * 121, choices=[Choice("a", True), Choice("b")])
    ordering = Question(kind="ordering", text="x", items=["a", "b", "c"])
    with pytest.raises(ExportRejected) as caught:
        kahoot_xlsx.write([too_many, long_text, ordering])
    assert [e.line for e in caught.value.errors] == [1, 2, 3]


def test_true_false_is_exported_as_two_answers():
    question = Question(kind="true_false", text="OTP là bí mật?", answer=False, explanation="x")
    [back] = kahoot_xlsx.parse(kahoot_xlsx.write([question]), "k.xlsx")
    assert back.choices == [Choice("Đúng"), Choice("Sai", True)]
