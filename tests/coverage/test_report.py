"""The report of a period read back from its files: XLSX cell by cell, DOCX and PDF text in
the administrative-document layout, CSV; the CLI and the dashboard's downloads."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from quizapp.coverage import report
from quizapp.coverage.document import column_widths, sections
from quizapp.coverage.models import CoverageTarget
from quizapp.coverage.periods import parse_period
from quizapp.extensions import db

PERIOD = parse_period("2024-2025")


def rows_of(sheet):
    """The rows without the empty cells openpyxl pads them with to the widest row."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    return rows


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def workbook(data):
    body, mimetype = report.render(data, "xlsx")
    assert mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(body))


def test_workbook_cells(year_2024):
    book = workbook(report.build_report(PERIOD))
    assert book.sheetnames == ["Tổng hợp", "Theo cấp học", "Theo đơn vị", "Trường",
                               "Chưa có chương trình", "Chưa có CT tư duy phản biện",
                               "Hoạt động chưa đủ K", "Theo đơn vị tổ chức", "Ngoài ứng dụng",
                               "Xu hướng", "Phương pháp"]
    summary = rows_of(book["Tổng hợp"])
    assert summary[2][:2] == ["Kỳ báo cáo", "năm học 2024–2025"]
    assert summary[5][1] == 3  # K
    assert summary[7] == ["Căn cứ", "Số liệu được đối chiếu với các chỉ tiêu tại mục II.2 "
                          "của Kế hoạch số 3630/KH-UBND ngày 08/10/2021 của UBND tỉnh Kon Tum "
                          "(cũ)."]
    header = summary.index(["Chỉ tiêu", "Kết quả (%)", "Tử số", "Mẫu số", "Mục tiêu",
                            "Đánh giá", "Cách tính (Kế hoạch, mục II.2)",
                            "Căn cứ của mục tiêu"])
    program, critical, reached = summary[header + 1: header + 4]
    assert program[1:6] == [66.7, 4, 6, "> 80%", "chưa đạt"]
    assert program[6].startswith("Trên 80% các trường trung học cơ sở")
    assert program[7].startswith("Kế hoạch số 3630/KH-UBND") and len(reached) == 7
    assert critical[1:6] == [16.7, 1, 6, "≥ 50%", "chưa đạt"]
    assert reached[1:6] == [19.0, 11, 58, "không đặt", "—"]  # no plan figure for pupils
    levels = {r[0]: r for r in rows_of(book["Theo cấp học"])[1:]}
    assert set(levels) == {"Tiểu học", "Trung học cơ sở", "Trung học phổ thông"}
    assert levels["Trung học cơ sở"][1:6] == [4, 3, 75.0, "> 80%", "chưa đạt"]
    assert levels["Trung học phổ thông"][1:4] == [2, 1, 50.0]
    assert levels["Tiểu học"][4:6] == ["không đặt", "—"]  # primary: no target, no verdict
    units = rows_of(book["Theo đơn vị"])
    assert units[-1] == ["Tổng cộng", 6, 4, 66.7, 1, 16.7, 58, 11, 19.0]
    schools = rows_of(book["Trường"])
    assert len(schools) == 1 + 7  # S3 is a THCS row and a THPT row
    s3 = [r for r in schools if r[0] == "S3"]
    assert [r[4] for r in s3] == ["THCS", "THPT"] and s3[0][3] == "Liên cấp THCS-THPT"
    missing = rows_of(book["Chưa có chương trình"])[1:]
    assert [(r[0], r[3]) for r in missing] == [("S3", "THPT"), ("S6", "THCS")]
    partial = rows_of(book["Hoạt động chưa đủ K"])[1:]
    assert partial == []  # S2's two players in G2: S2 held G_edge anyway
    assert book["Tổng hợp"].freeze_panes is not None
    assert book["Trường"].page_setup.orientation == "landscape"


def test_administrative_layout_in_docx_and_pdf(year_2024, app):
    app.config["REPORT_SIGNER_NAME"] = "Nguyễn Thị Thử"
    data = report.build_report(PERIOD, number="245")
    for text in (docx_text(report.render(data, "docx")[0]),
                 pdf_text(report.render(data, "pdf")[0])):
        for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "UBND TỈNH QUẢNG NGÃI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
                         "Số: 245/BC-SGDĐT", "Quảng Ngãi, ngày 31 tháng 08 năm 2025",
                         "BÁO CÁO", "Nơi nhận:", "Lưu: VT", "GIÁM ĐỐC", "Nguyễn Thị Thử",
                         "Trên 80% các trường trung học cơ sở", "Trường S6",
                         "PHƯƠNG PHÁP TÍNH"):
            assert expected in text.replace("\n", " ") or expected in text, expected


def test_docx_tables_repeat_their_header_and_keep_rows_whole_across_pages(year_2024):
    document = Document(io.BytesIO(report.render(report.build_report(PERIOD), "docx")[0]))
    tables = document.tables[1:-1]  # between the document's header and its signature
    assert tables and all(t.rows[0]._tr.trPr.xpath("./w:tblHeader") for t in tables)
    assert all(row._tr.trPr.xpath("./w:cantSplit") for t in tables for row in t.rows)
    assert not document.tables[-1].rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    headings = [p for p in document.paragraphs if p.text.startswith(("I.", "II.", "IX."))]
    assert len(headings) == 3 and all(p.paragraph_format.keep_with_next for p in headings)


def test_the_issuer_is_a_setting(year_2024, app):
    app.config.update(REPORT_ISSUER="PHÒNG THỬ NGHIỆM", REPORT_PLACE="Nơi Thử",
                      REPORT_RECIPIENTS=["Đơn vị nhận"])
    text = docx_text(report.render(report.build_report(PERIOD), "docx")[0])
    assert "PHÒNG THỬ NGHIỆM" in text and "Nơi Thử, ngày" in text and "Đơn vị nhận" in text


def test_exports_neutralise_formulas(year_2024):
    year_2024["s6"].name = "=HYPERLINK(\"http://x\",\"bấm\")"
    db.session.commit()
    data = report.build_report(PERIOD)
    book = workbook(data)
    assert rows_of(book["Chưa có chương trình"])[2][1].startswith("'=")
    assert "'=HYPERLINK" in report.render(data, "csv")[0].decode("utf-8-sig")
    assert "=HYPERLINK" in docx_text(report.render(data, "docx")[0])  # shown as text


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_cli_writes_each_format(runner, year_2024, tmp_path, fmt):
    target = tmp_path / f"bao-cao.{fmt}"
    result = runner.invoke(args=["report", "coverage", "--period", "2024-2025", "--as-of",
                                 "2025-08-31", "--format", fmt, str(target)])
    assert result.exit_code == 0, result.output
    assert "live figures" in result.output
    body = target.read_bytes()
    text = {"docx": docx_text, "pdf": pdf_text}.get(fmt)
    if text:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text(body)
    else:
        assert load_workbook(io.BytesIO(body)).sheetnames[0] == "Tổng hợp"


@pytest.mark.parametrize("args, message", [
    (["--period", "2024-2026"], "2026 hoặc 2025-2026"),
    (["--period", "năm ngoái"], "không hợp lệ"),
    (["--period", "2026", "--as-of", "2026-13-01"], "không đọc được"),
    (["--period", "2026", "--as-of", "2025-12-15"], "trước khi kỳ bắt đầu"),
])
def test_cli_refuses_bad_periods(runner, tmp_path, args, message):
    result = runner.invoke(args=["report", "coverage", *args, str(tmp_path / "x.docx")])
    assert result.exit_code != 0 and message in result.output


def test_downloads_from_the_dashboard(client, login_as, year_2024):
    login_as("viewer")
    for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF"), ("csv", b"\xef")):
        response = client.get(f"/coverage/report.{fmt}?period=2024-2025")
        assert response.status_code == 200 and response.data.startswith(magic), fmt
        assert "2024-2025" in response.headers["Content-Disposition"]
    assert client.get("/coverage/report.exe?period=2024-2025").status_code == 404
    page = client.get("/coverage/report?period=2024-2025").data.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Nơi nhận:" in page
    assert "<h2>II. THEO CẤP HỌC</h2>" in page
    assert "<h3>3. Học sinh được tuyên truyền</h3>" in page  # a table of section II


def report_texts(period):
    data = report.build_report(period)
    return (data, docx_text(report.render(data, "docx")[0]),
            pdf_text(report.render(data, "pdf")[0]).replace("\n", " "))


def test_a_year_after_the_plan_says_no_target_was_entered(year_2024):
    """The plan set targets for 2021–2025: a 2026 report measures the same indicators but
    does not claim to check them against the plan, and names the plan's province as former."""
    data, *texts = report_texts(parse_period("2026"))
    assert [i["target"] for i in data["indicators"]] == [None, None, None]
    for text in texts:
        assert "năm 2026 chưa có mục tiêu nào được nhập trên hệ thống" in text
        assert "UBND tỉnh Kon Tum (cũ), kế hoạch cho giai đoạn 2021–2025" in text
        assert "đối chiếu với các chỉ tiêu" not in text and "CỦA KẾ HOẠCH" not in text
        assert "không đặt mục tiêu. Cách tính theo Kế hoạch, mục II.2: “Trên 80% các" in text


def test_a_department_target_is_cited_with_its_own_source(year_2024, client, login_as):
    source = "Kế hoạch số 15/KH-SGDĐT ngày 20/01/2026 của Sở GDĐT tỉnh Quảng Ngãi"
    db.session.add(CoverageTarget(indicator="program", percent=60, strict=False,
                                  first_year=2026, last_year=2026,
                                  levels=["lower_secondary", "upper_secondary"], source=source))
    db.session.commit()
    data, *texts = report_texts(parse_period("2026"))
    for text in texts:
        assert "mục tiêu năm 2026 và căn cứ của từng mục tiêu ghi tại mục I" in text
        assert f"chương trình tuyên truyền hằng năm: mục tiêu ≥ 60%, căn cứ: {source}." in text
    summary = rows_of(workbook(data)["Tổng hợp"])
    assert [row[7] for row in summary if row[:1] == [data["indicators"][0]["label"]]] == [source]
    login_as("viewer")
    page = client.get("/coverage/?period=2026").data.decode()
    assert f"Căn cứ của mục tiêu: {source}" in page and "Cách tính: Kế hoạch, mục II.2" in page
    assert "Căn cứ: Kế hoạch, mục II.2" not in page


LONG_NAME = "Trường Phổ thông Dân tộc Nội trú Trung học cơ sở và Trung học phổ thông huyện Cũ"


def test_report_tables_break_no_word_or_number(year_2024, world):
    """Every table fits its page with each word and number on one line: the level table as
    three tables of six columns, each column at least its longest word."""
    world.school("S-DAI", year_2024["s1"].unit, "lower_secondary", 12345).name = LONG_NAME
    db.session.commit()
    data = report.build_report(PERIOD)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from quizapp.coverage.document import _register_fonts
    _register_fonts()

    def measure(text, bold):
        return stringWidth(text, "DejaVuSerif-Bold" if bold else "DejaVuSerif", 8)

    tables = [(title, header, rows) for title, _, header, rows in sections(data) if header]
    assert max(len(header) for _, header, _ in tables) <= 9
    for title, header, rows in tables:
        widths = column_widths(header, rows, 453.5, measure)
        assert abs(sum(widths) - 453.5) < 0.01, title
        for n, column in enumerate(zip(header, *rows, strict=True)):
            longest = max(measure(word, i == 0) for i, cell in enumerate(column)
                          for word in str(cell).split())
            assert widths[n] >= longest + 12, (title, column[0])
    lines = pdf_text(report.render(data, "pdf")[0]).splitlines()
    text = " ".join(line.strip() for line in lines)
    thcs = next(level for level in data["levels"] if level["label"] == "Trung học cơ sở")
    for whole in (f"{thcs['enrolment']:,}".replace(",", "."), "không đặt", "Trung học cơ sở",
                  "Đánh giá", "Mục tiêu", LONG_NAME):
        assert whole in text, whole
    assert not [line for line in lines if line.strip() in ("khô", "ng", "đặt", "rườ", "Mụ")]


@pytest.mark.parametrize("extra", [20, 27, 34])
def test_pdf_signature_keeps_the_last_paragraph_and_lists_have_no_empty_table(year_2024,
                                                                             extra):
    data = report.build_report(PERIOD)
    data["method"]["notes"] += [f"Ghi chú thêm số {n} để phần cuối dài ra." * 4
                                for n in range(extra)]
    pages = PdfReader(io.BytesIO(report.render(data, "pdf")[0])).pages
    last = pages[-1].extract_text().replace("\n", " ")
    assert "Nơi nhận:" in last and f"Ghi chú thêm số {extra - 1} " in last
    assert data["partial"] == []
    partial = next(s for s in sections(data) if s[0].startswith("VI."))
    assert partial[1:] == (["Số trường: 0."], None, [])
