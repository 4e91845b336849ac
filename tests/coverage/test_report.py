"""The yearly workbook read back cell by cell, the CSV, and the CLI that writes the same."""

import io

from openpyxl import load_workbook

from quizapp.core.spreadsheet import sheet_title
from quizapp.coverage import report
from quizapp.extensions import db
from tests.coverage.conftest import YEAR


def rows_of(sheet):
    """The rows without the empty cells openpyxl pads them with to the widest row."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    return rows


def test_workbook_cells(year_2024):
    book = load_workbook(io.BytesIO(report.workbook_bytes(YEAR)))
    assert book.sheetnames == ["Tổng hợp", "Đơn vị A", "Đơn vị B", "Trường", "Chủ đề",
                               "Theo tháng", "Chưa tổ chức"]
    summary = rows_of(book["Tổng hợp"])
    assert summary[1][:2] == ["Năm học", "2024-2025"]
    assert summary[3][1] == 3  # K
    header = summary.index(["Chỉ tiêu", "Kết quả (%)", "Tử số", "Mẫu số", "Mục tiêu",
                            "Đánh giá"])
    program, critical, reached = summary[header + 1: header + 4]
    assert program[1:] == [80.0, 4, 5, "> 80%", "chưa đạt"]
    assert critical[1:] == [20.0, 1, 5, "≥ 50%", "chưa đạt"]
    assert reached[1:] == [19.0, 11, 58, "≥ 100%", "chưa đạt"]
    province = next(r for r in summary if r[:1] == ["Toàn tỉnh"])
    assert province == ["Toàn tỉnh", 5, 4, 80.0, 1, 20.0, 58, 11, 19.0]
    unit_a = rows_of(book["Đơn vị A"])
    assert [r[0] for r in unit_a[1:]] == ["S1", "S2", "S3"]
    s1 = unit_a[1]
    assert s1[4:] == [3, 1, 1, 4, 4, 100.0, "có", "có"]
    assert rows_of(book["Đơn vị A"])[3][4] == 0
    assert rows_of(book["Đơn vị A"])[3][9] is None  # S3: no enrolment, no ratio
    assert len(rows_of(book["Trường"])) == 6
    topics = rows_of(book["Chủ đề"])
    column = topics[0].index("Chủ đề tin-gia")
    assert next(r for r in topics if r[:1] == ["Đơn vị A"])[column] == 75.0
    months = rows_of(book["Theo tháng"])
    assert months[1] == ["09/2024", 0, 0] and months[2] == ["10/2024", 4, 1]
    assert rows_of(book["Chưa tổ chức"])[1:] == [["S6", "Trường S6", "Đơn vị B",
                                                  "Trung học cơ sở", 30]]


def test_exports_neutralise_formulas(year_2024):
    year_2024["s6"].name = "=HYPERLINK(\"http://x\",\"bấm\")"
    db.session.commit()
    book = load_workbook(io.BytesIO(report.workbook_bytes(YEAR)))
    assert rows_of(book["Chưa tổ chức"])[1][1].startswith("'=")
    assert "'=HYPERLINK" in report.csv_bytes(YEAR).decode("utf-8-sig")


def test_sheet_titles_are_valid_and_unique():
    taken = set()
    assert sheet_title("Đơn vị Ia H'Drai", taken) == "Đơn vị Ia H'Drai"
    assert sheet_title("a/b:c*d?[e]" * 5, taken) == "a b c d  e a b c d  e a b c d  e"[:31]
    assert sheet_title("Đơn vị Ia H'Drai", taken) == "Đơn vị Ia H'Drai (2)"


def test_cli_writes_the_same_workbook(runner, year_2024, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    result = runner.invoke(args=["report", "coverage", "--year", "2024-2025", str(target)])
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    assert book.sheetnames[0] == "Tổng hợp"
    assert rows_of(book["Tổng hợp"])[1][1] == "2024-2025"
    bad = runner.invoke(args=["report", "coverage", "--year", "2024-2026", str(target)])
    assert bad.exit_code != 0 and "2025-2026" in bad.output
    csv_target = tmp_path / "bao-cao.csv"
    assert runner.invoke(args=["report", "coverage", "--year", "2024", "--csv",
                               str(csv_target)]).exit_code == 0
    assert csv_target.read_text(encoding="utf-8-sig").splitlines()[1].startswith("2024-2025,S1")


def test_download_from_the_dashboard(client, login_as, year_2024):
    login_as("viewer")
    response = client.get("/coverage/report.xlsx?year=2024-2025")
    assert response.status_code == 200
    assert "2024-2025" in response.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.data)).sheetnames[0] == "Tổng hợp"
    assert client.get("/coverage/report.pdf").status_code == 404
