"""The one spreadsheet writer: styled header, widths, frozen panes, print setup, safe cells."""

import io

from openpyxl import load_workbook

from quizapp.core.spreadsheet import Sheet, csv_bytes, csv_sections, sheet_title, workbook_bytes


def test_header_is_bold_frozen_and_repeated_on_every_printed_page():
    data = workbook_bytes([Sheet("Điểm", ["Hạng", "Biệt danh rất dài của người chơi"],
                                 [[1, "An"], [2, "Bình"]], preamble=[["Báo cáo"], []],
                                 landscape=True)])
    sheet = load_workbook(io.BytesIO(data))["Điểm"]
    assert sheet["A1"].value == "Báo cáo" and sheet["A1"].font.b
    assert [c.value for c in sheet[3]] == ["Hạng", "Biệt danh rất dài của người chơi"]
    assert sheet["A3"].font.b and sheet["A3"].fill.fgColor.rgb.endswith("D9E2F3")
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert [c.value for c in sheet[5]] == [2, "Bình"]


def test_widths_are_capped_so_one_long_cell_does_not_hide_the_table():
    data = workbook_bytes([Sheet("S", ["a"], [["x" * 500]])])
    assert load_workbook(io.BytesIO(data))["S"].column_dimensions["A"].width <= 60


def test_every_text_cell_is_formula_safe_in_xlsx_and_csv():
    hostile = ["=HYPERLINK(\"http://evil\")", "+1", "-2+3", "@SUM(A1)", "\tx"]
    data = workbook_bytes([Sheet("S", ["=h"], [hostile], preamble=[["=cmd|' /C calc'!A0"]])])
    sheet = load_workbook(io.BytesIO(data))["S"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(v.startswith("'") for v in values), values
    assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row if c.value)
    text = csv_bytes([hostile], header=["=h"]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'=h" in text and "'@SUM" in text
    assert csv_bytes([[1, 2]]).startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the accents
    assert b"'=x" in csv_sections([Sheet("T", ["h"], [["=x"]])])
    assert workbook_bytes([Sheet("S", [], [[-5, 3.5]])])  # numbers stay numbers


def test_sheet_titles_are_valid_and_unique():
    taken = set()
    assert sheet_title("Xã Ia H'Drai", taken) == "Xã Ia H'Drai"
    assert sheet_title("a/b:c*d?[e]" * 5, taken) == "a b c d  e a b c d  e a b c d  e"[:31]
    assert sheet_title("Xã Ia H'Drai", taken) == "Xã Ia H'Drai (2)"


def test_an_empty_list_of_sheets_still_gives_a_valid_workbook():
    assert load_workbook(io.BytesIO(workbook_bytes([]))).sheetnames == ["Sheet"]
