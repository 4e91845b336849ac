"""The coverage report as an administrative document (Nghị định 30/2020/NĐ-CP), DOCX and PDF.

Layout of a report ("báo cáo") in the decree's appendix: the issuing body over its parent body
(top left) with the document number; the national motto (top right) with place and date; the
title; the body; "Nơi nhận" (bottom left) and the signature block (bottom right). The DOCX is
written with python-docx (Times New Roman, as the decree asks); the PDF with reportlab and the
bundled DejaVu Serif, so it needs no internet and no office suite.
"""

import io
import re
from datetime import date
from pathlib import Path

from quizapp.core.clock import format_local
from quizapp.coverage.report import (
    CHANNEL_HEADER,
    UNIT_HEADER,
    basis_intro,
    basis_line,
    channel_line,
    met_text,
    target_text,
    title_of,
    unit_line,
)

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FONTS = Path(__file__).resolve().parent / "fonts"
MAX_LISTED = 400  # schools listed by name in a section; the XLSX has them all
# Section II as one table per indicator (title, whole, its key, part, its key): the
# spreadsheet's fourteen columns do not fit a portrait page without breaking words.
LEVEL_TABLES = (
    ("1. Trường có chương trình tuyên truyền hằng năm", "Số trường", "schools", "Đã tổ chức",
     "held"),
    ("2. Trường có chương trình về đọc tin, tư duy phản biện, thông tin sai lệch", "Số trường",
     "schools", "Có chương trình", "critical"),
    ("3. Học sinh được tuyên truyền", "Sĩ số", "enrolment", "Được tuyên truyền", "reached"),
)
DOCX_TEXT_WIDTH_PT = (21 - 3 - 2) / 2.54 * 72  # A4 less the 3 cm and 2 cm margins
SHORT_CELL = 12  # characters: a cell this short stays on one line
CELL_PADDING = 6  # points each side of a PDF table cell (reportlab's default)
FIGURE = re.compile(r"(?=.*\d)[\d.,%/ —-]+")  # a cell that is a number: right-aligned in the PDF


def _num(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


def dated(doc: dict) -> str:
    day = date.fromisoformat(doc["date"])
    return f"{doc['place']}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _number(doc: dict) -> str:
    number = doc["number"] or "      "
    return f"Số: {number}/BC-{doc['issuer_code']}"


def sections(data: dict) -> list[tuple]:
    """The body as (heading, paragraphs, table header, table rows) in reading order."""
    out = []
    stamp = data.get("frozen")
    intro = [f"Số liệu {data['label']}, tính đến ngày "
             f"{format_local(date.fromisoformat(data['as_of']))}, từ các chương trình "
             "tuyên truyền trong trường học ghi nhận trên hệ thống (thi trực tiếp, chiến dịch "
             f"tự học); {basis_intro(data)}."]
    if stamp:
        intro.append(f"Số liệu đã chốt: phiên bản {stamp['version']}, {stamp['by']}, "
                     f"{stamp['at']}" + (f"; lý do: {stamp['reason']}" if stamp["reason"]
                                         else "") + ".")
    out.append(("", intro, None, None))
    rows = [[i["label"], _num(i["value"]) + "%" if i["value"] is not None else "—",
             f"{_num(i['part'])}/{_num(i['whole'])}", target_text(i), met_text(i)]
            for i in data["indicators"]]
    out.append(("I. KẾT QUẢ THEO CHỈ TIÊU", [basis_line(i) for i in data["indicators"]],
                ["Chỉ tiêu", "Kết quả", "Tử số/mẫu số", "Mục tiêu", "Đánh giá"], rows))
    out.append(("II. THEO CẤP HỌC",
                ["Trường liên cấp được tính ở từng cấp học với sĩ số của cấp đó. Cấp học không "
                 "có mục tiêu cho kỳ này ghi “không đặt”."], None, None))
    for n, (title, whole, whole_key, part, part_key) in enumerate(LEVEL_TABLES):
        out.append((title, [], ["Cấp học", whole, part, "%", "Mục tiêu", "Đánh giá"],
                    [[item["label"], _num(item[whole_key]), _num(item[part_key]),
                      _num(item[f"{part_key}_pct"]), target_text(item["indicators"][n]),
                      met_text(item["indicators"][n])] for item in data["levels"]]))
    units = [[_num(v) for v in unit_line(u["name"], u)] for u in data["units"]]
    units.append([_num(v) for v in unit_line("Tổng cộng", data["total"])])
    out.append(("III. THEO ĐƠN VỊ HÀNH CHÍNH (TRƯỜNG THCS, THPT)", [], UNIT_HEADER, units))
    for heading, key in (("IV. TRƯỜNG CHƯA CÓ CHƯƠNG TRÌNH", "missing"),
                         ("V. TRƯỜNG CHƯA CÓ CHƯƠNG TRÌNH TƯ DUY PHẢN BIỆN", "no_critical"),
                         ("VI. TRƯỜNG CÓ HOẠT ĐỘNG NHƯNG CHƯA ĐỦ NGƯỠNG", "partial")):
        listed = data[key][:MAX_LISTED]
        more = [f"… và {len(data[key]) - MAX_LISTED} trường khác (xem tệp Excel)."] \
            if len(data[key]) > MAX_LISTED else []
        out.append((heading, [f"Số trường: {len(data[key])}."] + more,
                    ["Mã", "Tên trường", "Đơn vị", "Cấp", "HS tham gia"] if listed else None,
                    [[s["code"], s["name"], s["unit"], s["level"], _num(s["participants"])]
                     for s in listed]))
    out.append(("VII. THEO ĐƠN VỊ TỔ CHỨC", [
        "Chiến dịch còn đang mở vào ngày báo cáo: " + (", ".join(
            f"{r['title']} (đến {format_local(date.fromisoformat(r['closes_on']))}, "
            f"{r['pupils']} học sinh)" for r in data["running"]) or "không có") + "."],
        CHANNEL_HEADER, [[_num(v) for v in channel_line(c)] for c in data["channels"]]))
    held = data.get("offline", [])
    if held:
        out.append(("Chương trình tổ chức ngoài ứng dụng", [
            f"Số chương trình: {len(held)}; học sinh tham gia theo số nhà trường khai báo "
            "(không loại trùng được, xem mục IX)."],
            ["Trường", "Ngày", "Hình thức", "Nội dung", "TDPB", "Tổ chức", "HS"],
            [[p["name"], format_local(date.fromisoformat(p["ends_on"])), p["kind"], p["topic"],
              "có" if p["critical"] else "", p["channel"], _num(p["total"])]
             for p in held[:MAX_LISTED]]))
    out.append(("VIII. SO SÁNH CÁC NĂM", [],
                ["Kỳ", "Tính đến", "% trường có CT", "% có CT TDPB", "HS được tuyên truyền",
                 "Số liệu"],
                [[t["period"], format_local(date.fromisoformat(t["as_of"])),
                  _num(t["program"]), _num(t["critical"]), _num(t["reached"]),
                  "đã chốt" if t["frozen"] else "hiện tại"] for t in data["trend"]]))
    out.append(("IX. PHƯƠNG PHÁP TÍNH", [f"- {n}" for n in data["method"]["notes"]],
                None, None))
    return out


def docx_bytes(data: dict) -> bytes:
    """The report as a Word document."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = data["document"]
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)

    def line(cell_or_doc, text, bold=False, italic=False, size=None, center=True):
        paragraph = cell_or_doc.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    # The decree's header: the bodies (12 pt) in 6.4 cm, the motto (12 pt, one line) and the
    # place and date (13 pt) in the 9.6 cm beside them.
    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    left, right = head.rows[0].cells
    for column, cell, width in zip(head.columns, head.rows[0].cells, (Cm(6.4), Cm(9.6)),
                                   strict=True):
        column.width = cell.width = width  # the grid (LibreOffice) and the cell (Word)
    parent = left.paragraphs[0].add_run(doc["parent"].upper())
    parent.font.size = Pt(12)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    line(left, doc["issuer"].upper(), bold=True, size=12)
    line(left, "_______")
    line(left, _number(doc))
    motto = right.paragraphs[0].add_run(MOTTO[0])
    motto.bold, motto.font.size = True, Pt(12)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    line(right, MOTTO[1], bold=True)
    line(right, "_______________")
    line(right, dated(doc), italic=True)
    line(document, "BÁO CÁO", bold=True, size=14)
    line(document, title_of(data)[len("Báo cáo "):].capitalize(), bold=True, size=14)
    for heading, paragraphs, header, rows in sections(data):
        if heading:  # a heading is never the last line of a page
            spacing = line(document, heading, bold=True, center=False).paragraph_format
            spacing.space_before, spacing.keep_with_next = Pt(10), True
        for text in paragraphs:
            line(document, text, center=False)
        if header:
            table = document.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            _repeat_on_each_page(table.rows[0])
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.paragraphs[0].add_run(str(text)).bold = True
            for values in rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, values, strict=True):
                    cell.text = str(text)
            table.autofit = False
            widths = column_widths(header, rows, DOCX_TEXT_WIDTH_PT, _times_width)
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Pt(width)
            for row in table.rows:
                _keep_on_one_page(row)
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Pt(width)  # Word reads each cell's width, not the column's
                    for paragraph in cell.paragraphs:
                        if FIGURE.fullmatch(paragraph.text):
                            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                        for run in paragraph.runs:
                            run.font.size = Pt(10)
    foot = document.add_table(rows=1, cols=2)
    recipients, signer = foot.rows[0].cells
    first = recipients.paragraphs[0].add_run("Nơi nhận:")
    first.bold, first.italic = True, True
    for name in doc["recipients"]:
        paragraph = recipients.add_paragraph()
        run = paragraph.add_run(f"- {name};")
        run.font.size = Pt(11)
    signer.paragraphs[0].add_run(doc["signer_title"].upper()).bold = True
    signer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    line(signer, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, size=11)
    for _ in range(3):
        signer.add_paragraph()
    line(signer, doc["signer_name"], bold=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _row_property(row, name: str) -> None:
    """Switch on a DOCX table row's property `name` (python-docx has none of these)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _repeat_on_each_page(row) -> None:
    """The header row is repeated at the top of every page a table runs onto."""
    _row_property(row, "tblHeader")


def _keep_on_one_page(row) -> None:
    """A row (a school's two-line name) is not split across two pages."""
    _row_property(row, "cantSplit")


def _times_width(text: str, bold: bool) -> float:
    """A text's width in the DOCX tables' font (Times New Roman, 10 pt) in points; reportlab
    knows Times' metrics, and measures the few Vietnamese letters outside them a little wide."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, "Times-Bold" if bold else "Times-Roman", 10)


def _unbreakable(text: str) -> list[str]:
    """The parts of a cell that must not be broken: a short cell whole ("không đặt"), else
    each word."""
    return [text] if len(text) <= SHORT_CELL else text.split() or [""]


def column_widths(header: list, rows: list, total: float, measure) -> list[float]:
    """Column widths for a table `total` points wide, from what its cells hold.

    Each column gets at least its longest word (a number or a name is never broken across
    lines; a short cell such as "không đặt" is kept whole), and the rest of the width goes
    to the columns whose cells would wrap, in proportion to how much more they would take on
    one line; a header wraps rather than widen its column. `measure(text, bold)` is a
    text's width in points (the header is bold).
    """
    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]

    def width(text, bold):
        return measure(str(text), bold) + 2 * CELL_PADDING

    least = [max(width(word, i == 0) for i, cell in enumerate(column)
                 for word in _unbreakable(str(cell))) for column in columns]
    natural = [max([width(cell, False) for cell in column[1:]] + [least[n]])
               if len(column) > 1 else width(column[0], True)
               for n, column in enumerate(columns)]
    if sum(natural) <= total:
        return [w * total / sum(natural) for w in natural]
    if sum(least) >= total:  # words must break: share the page by the longest words
        return [w * total / sum(least) for w in least]
    spare, wanted = total - sum(least), sum(n - m for n, m in zip(natural, least, strict=True))
    return [m + (n - m) * spare / wanted for n, m in zip(natural, least, strict=True)]


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONTS / "DejaVuSerif.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(FONTS / "DejaVuSerif-Bold.ttf")))
        pdfmetrics.registerFontFamily("DejaVuSerif", normal="DejaVuSerif",
                                      bold="DejaVuSerif-Bold", italic="DejaVuSerif",
                                      boldItalic="DejaVuSerif-Bold")


def pdf_bytes(data: dict) -> bytes:
    """The report as a PDF (A4), with every Vietnamese character in the bundled font."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        KeepTogether,
        LongTable,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _register_fonts()
    doc = data["document"]
    bold_font = "DejaVuSerif-Bold"
    base = ParagraphStyle("base", fontName="DejaVuSerif", fontSize=10.5, leading=14)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    bold_center = ParagraphStyle("bc", parent=center, fontName=bold_font)
    heading = ParagraphStyle("h", parent=base, fontName=bold_font, spaceBefore=8, spaceAfter=4,
                             keepWithNext=1)
    cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName=bold_font)
    figure = ParagraphStyle("figure", parent=cell, alignment=TA_RIGHT)
    recipient = ParagraphStyle("recipient", parent=base, fontSize=9.5, leading=12)

    def measure(text, bold):
        return stringWidth(text, cell_bold.fontName if bold else cell.fontName, cell.fontSize)

    def p(text, style=base):
        return Paragraph(escape(str(text)), style)

    story = [Table([[p(doc["parent"].upper(), center), p(MOTTO[0], bold_center)],
                    [p(doc["issuer"].upper(), bold_center), p(MOTTO[1], bold_center)],
                    [p("_______", center), p("_______________", center)],
                    [p(_number(doc), center), p(dated(doc), center)]],
                   colWidths=[7 * cm, 9.5 * cm]),
             Spacer(1, 0.5 * cm), p("BÁO CÁO", bold_center),
             p(title_of(data)[len("Báo cáo "):].capitalize(), bold_center),
             Spacer(1, 0.4 * cm)]
    width = A4[0] - 5 * cm
    for title, paragraphs, header, rows in sections(data):
        if title:
            story.append(p(title, heading))
        story += [p(text) for text in paragraphs]
        if header:
            table = LongTable([[p(h, cell_bold) for h in header]]
                              + [[p(v, figure if FIGURE.fullmatch(str(v)) else cell)
                                  for v in values] for values in rows],
                              colWidths=column_widths(header, rows, width, measure),
                              repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E2F3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [Spacer(1, 0.15 * cm), table, Spacer(1, 0.2 * cm)]
    recipients = [p("Nơi nhận:", ParagraphStyle("to", parent=recipient, fontName=bold_font))] + [
        p(f"- {name};", recipient) for name in doc["recipients"]]
    signer = [p(doc["signer_title"].upper(), bold_center),
              p("(Ký, ghi rõ họ tên, đóng dấu)", center), Spacer(1, 2 * cm),
              p(doc["signer_name"], bold_center)]
    foot = Table([[recipients, signer]], colWidths=[width / 2, width / 2],
                 style=[("VALIGN", (0, 0), (-1, -1), "TOP")])
    # The signature never stands alone on a page: it keeps the report's last paragraph.
    story.append(KeepTogether([story.pop(), Spacer(1, 0.6 * cm), foot]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm, title=title_of(data),
                      author=doc["issuer"]).build(story)
    return out.getvalue()
