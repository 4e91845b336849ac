"""Our own spreadsheet layout, as CSV and as XLSX: hand-made files, errors by row, templates."""

import csv
import io

import openpyxl
import pytest

from quizapp.bank.formats import csv_format, tabular, xlsx_format
from quizapp.bank.formats.question import Choice, ImportRejected, Question, validate_question


def test_vietnamese_excel_csv_with_bom_and_semicolons(sample):
    questions = csv_format.parse(sample("cau-hoi-excel.csv"), "cau-hoi-excel.csv")
    assert [q.key for q in questions] == [f"lua-dao-10{i}" for i in range(1, 6)]
    single, multiple, true_false, typed, ordering = questions
    assert single.choices[2] == Choice("Mèo-ăn-cá; 3 lần!", True)
    assert single.audience == ["lower_secondary", "upper_secondary"]  # THCS, THPT aliases
    assert [c.correct for c in multiple.choices] == [True, True, False]
    assert true_false.answer is False and true_false.difficulty == 2  # default
    assert true_false.audience == ["lower_secondary", "upper_secondary", "public"]  # default
    assert typed.answers == ["2FA", "2-FA"] and typed.difficulty == 3
    assert ordering.items == ["Dừng lại, không bấm", "Kiểm tra người gửi", "Hỏi người tin cậy"]


def test_machine_headers_quotes_and_a_poll(sample):
    first, poll = csv_format.parse(sample("comma.csv"), "comma.csv")
    assert first.text == 'Câu hỏi có dấu phẩy, và "ngoặc kép"'
    assert poll.kind == "poll" and not any(c.correct for c in poll.choices)


def test_every_bad_row_is_reported_with_its_line(sample, rejected):
    errors = rejected(csv_format.parse, sample("bad.csv"), "bad.csv")
    assert {(e.line, e.field) for e in errors} == {
        (3, "difficulty"),
        (4, "choices"),
        (5, "kind"),
    }


def test_unknown_and_missing_columns_are_refused():
    with pytest.raises(ImportRejected) as caught:
        csv_format.parse("Câu hỏi / text,Màu\nA,B\n".encode(), "x.csv")
    assert {(e.line, e.field) for e in caught.value.errors} == {(1, "Màu"), (1, "kind")}


def test_quoted_newline_keeps_line_numbers_right():
    data = 'kind,text,correct,explanation\ntrue_false,"hai\ndòng",đúng,x\ntrue_false,,đúng,x\n'
    with pytest.raises(ImportRejected) as caught:
        csv_format.parse(data.encode(), "x.csv")
    assert [(e.line, e.field) for e in caught.value.errors] == [(4, "text")]


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_export_neutralises_formulas_and_import_restores_them(dangerous):
    question = Question(kind="true_false", text=dangerous, answer=True, explanation=dangerous)
    data = csv_format.write([question])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    text_cell = rows[1][tabular.COLUMN_NAMES.index("text")]
    assert text_cell == "'" + dangerous
    if dangerous.strip() == dangerous:
        assert csv_format.parse(data, "x.csv") == [question]


def test_neutralise_is_reversible_even_for_apostrophes():
    for cell in ["=1", "'=1", "''=1", "'abc", "abc", "-"]:
        assert csv_format.unneutralise(csv_format.neutralise(cell)) == cell


def hand_made_xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_hand_made_xlsx_with_numbers_in_cells():
    data = hand_made_xlsx(
        [
            ["Loại", "Câu hỏi", "Lựa chọn 1", "Lựa chọn 2", "Đáp án đúng", "Giải thích", "Độ khó"],
            ["single", "Năm nay là năm?", 2024, 2025, 2, "Vì.", 3],
            [None, None, None],
            ["true_false", "OTP là bí mật", None, None, "Đúng", "Vì.", None],
        ]
    )
    first, second = xlsx_format.parse(data, "x.xlsx")
    assert [c.text for c in first.choices] == ["2024", "2025"] and first.difficulty == 3
    assert second.answer is True


def test_xlsx_errors_name_the_row_and_formulas_are_refused():
    data = hand_made_xlsx(
        [
            ["kind", "text", "choice_1", "choice_2", "correct", "explanation"],
            ["single", "=1+1", "a", "b", "1", "x"],
            ["single", "ok", "a", "b", "7", "x"],
        ]
    )
    with pytest.raises(ImportRejected) as caught:
        xlsx_format.parse(data, "x.xlsx")
    assert {(e.line, e.field) for e in caught.value.errors} == {(2, "text"), (3, "correct")}


def test_xlsx_export_stores_formula_like_text_as_text():
    question = Question(
        kind="true_false", text='=HYPERLINK("http://x","bấm")', answer=True, explanation="@x"
    )
    data = xlsx_format.write([question])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cell = sheet.cell(row=2, column=tabular.COLUMN_NAMES.index("text") + 1)
    assert cell.data_type == "s" and cell.value == question.text
    assert xlsx_format.parse(data, "x.xlsx") == [question]


def test_template_has_bilingual_headers_and_examples_that_import():
    data = xlsx_format.template()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Câu hỏi", "Hướng dẫn", "Ví dụ"]
    headers = [c.value for c in book["Câu hỏi"][1]]
    assert headers[:3] == ["Mã câu hỏi / key", "Loại / kind", "Câu hỏi / text"]
    # The examples sheet, moved first, is a valid import: the template teaches a working layout.
    book.move_sheet("Ví dụ", offset=-2)
    out = io.BytesIO()
    book.save(out)
    assert len(xlsx_format.parse(out.getvalue(), "vi-du.xlsx")) == 3


def test_import_errors_and_the_template_in_english(app):
    """Errors carry their file, line and field as placeholders of catalogue messages; the
    template's instructions and sheet names follow the reader's language, the headers stay
    bilingual so the file reads the same for everyone."""
    from flask_babel import refresh

    bad = "Loại / kind,Câu hỏi / text,Độ khó / difficulty\nsingle,Hỏi?,7\n".encode()
    with app.test_request_context(headers={"Cookie": "quizapp_lang=en"}):
        refresh()
        with pytest.raises(ImportRejected) as caught:
            csv_format.parse(bad, "bad.csv")
        described = [e.describe() for e in caught.value.errors]
        book = openpyxl.load_workbook(io.BytesIO(xlsx_format.template()))
        one = validate_question(Question(kind="single", text="Hỏi?", explanation="Vì.",
                                         choices=[Choice("A", True)]))
    assert "line 2, field 'difficulty': value '7' is not valid (1–3)" in described
    assert "1 choice, needs 2 to 6" in [e.message for e in one]  # English plurals
    assert any(d.startswith("line 2, field 'choices': 0 choices, needs 2 to") for d in described)
    assert book.sheetnames == ["Question", "Instructions", "Examples"]
    assert [c.value for c in book["Question"][1]][:2] == ["Mã câu hỏi / key", "Loại / kind"]
    guide = [row[0].value for row in book["Instructions"].iter_rows() if row[0].value]
    assert guide[0] == "quizapp question import template"
    assert all(not tabular_vietnamese(line) for line in guide[1:4])
    with app.test_request_context(), pytest.raises(ImportRejected) as caught:
        refresh()  # Vietnamese, the default
        csv_format.parse(bad, "bad.csv")
    assert "dòng 2, trường 'difficulty': giá trị '7' không hợp lệ (1–3)" in [
        e.describe() for e in caught.value.errors]


def tabular_vietnamese(text):
    return any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
