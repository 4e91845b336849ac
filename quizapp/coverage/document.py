"""The coverage report as an administrative document (Nghị định 30/2020/NĐ-CP), DOCX and PDF.

Layout of a report ("báo cáo") in the decree's appendix: the issuing body over its parent body
(top left) with the document number; the national motto (top right) with place and date; the
title; the body; "Nơi nhận" (bottom left) and the signature block (bottom right). The DOCX is
written with python-docx (Times New Roman, as the decree asks); the PDF with reportlab and the
bundled DejaVu Serif, so it needs no internet and no office suite.
"""

import io
from datetime import date
from pathlib import Path

from quizapp.core.clock import format_local
from quizapp.coverage.plan import PLAN_SOURCE
from quizapp.coverage.report import (
    CHANNEL_HEADER,
    LEVEL_HEADER,
    UNIT_HEADER,
    channel_line,
    level_line,
    met_text,
    target_text,
    title_of,
    unit_line,
)

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FONTS = Path(__file__).resolve().parent / "fonts"
MAX_LISTED = 400  # schools listed by name in a section; the XLSX has them all


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
             "tự học), đối chiếu với các chỉ tiêu tại mục II.2 của "
             f"{PLAN_SOURCE.split(', mục')[0]}."]
    if stamp:
        intro.append(f"Số liệu đã chốt: phiên bản {stamp['version']}, {stamp['by']}, "
                     f"{stamp['at']}" + (f"; lý do: {stamp['reason']}" if stamp["reason"]
                                         else "") + ".")
    out.append(("", intro, None, None))
    rows = [[i["label"], _num(i["value"]) + "%" if i["value"] is not None else "—",
             f"{_num(i['part'])}/{_num(i['whole'])}", target_text(i), met_text(i)]
            for i in data["indicators"]]
    sources = [f"Căn cứ: “{i['source']}” (Kế hoạch, mục II.2)." for i in data["indicators"]]
    out.append(("I. KẾT QUẢ THEO CHỈ TIÊU CỦA KẾ HOẠCH", sources,
                ["Chỉ tiêu", "Kết quả", "Tử số/mẫu số", "Mục tiêu", "Đánh giá"], rows))
    out.append(("II. THEO CẤP HỌC",
                ["Trường liên cấp được tính ở từng cấp học với sĩ số của cấp đó. Cấp học không "
                 "có mục tiêu trong kế hoạch ghi “không đặt”."],
                LEVEL_HEADER, [[_num(v) for v in level_line(item)] for item in data["levels"]]))
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
                    ["Mã", "Tên trường", "Đơn vị", "Cấp", "HS tham gia"],
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

    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.paragraphs[0].text = doc["parent"].upper()
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    line(left, doc["issuer"].upper(), bold=True)
    line(left, "_______")
    line(left, _number(doc))
    right.paragraphs[0].add_run(MOTTO[0]).bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    line(right, MOTTO[1], bold=True, size=14)
    line(right, "_______________")
    line(right, dated(doc), italic=True, size=14)
    line(document, "BÁO CÁO", bold=True, size=14)
    line(document, title_of(data)[len("Báo cáo "):].capitalize(), bold=True, size=14)
    for heading, paragraphs, header, rows in sections(data):
        if heading:
            line(document, heading, bold=True, center=False)
        for text in paragraphs:
            line(document, text, center=False)
        if header:
            table = document.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.paragraphs[0].add_run(str(text)).bold = True
            for values in rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, values, strict=True):
                    cell.text = str(text)
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
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


def _widths(total: float, columns: int) -> list[float]:
    """The first column (a name) twice as wide as the figures."""
    unit = total / (columns + 1)
    return [2 * unit] + [unit] * (columns - 1)


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
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        LongTable,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _register_fonts()
    doc = data["document"]
    base = ParagraphStyle("base", fontName="DejaVuSerif", fontSize=10.5, leading=14)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    bold_center = ParagraphStyle("bc", parent=center, fontName="DejaVuSerif-Bold")
    heading = ParagraphStyle("h", parent=base, fontName="DejaVuSerif-Bold", spaceBefore=8,
                             spaceAfter=4)
    cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName="DejaVuSerif-Bold")

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
                              + [[p(v, cell) for v in values] for values in rows],
                              colWidths=_widths(width, len(header)), repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E2F3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [Spacer(1, 0.15 * cm), table, Spacer(1, 0.2 * cm)]
    recipients = [p("Nơi nhận:", heading)] + [p(f"- {name};", cell) for name in
                                               doc["recipients"]]
    signer = [p(doc["signer_title"].upper(), bold_center),
              p("(Ký, ghi rõ họ tên, đóng dấu)", center), Spacer(1, 2 * cm),
              p(doc["signer_name"], bold_center)]
    story += [Spacer(1, 0.6 * cm), Table([[recipients, signer]],
                                         colWidths=[width / 2, width / 2])]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm, title=title_of(data),
                      author=doc["issuer"]).build(story)
    return out.getvalue()
