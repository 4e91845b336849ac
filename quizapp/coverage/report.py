"""The yearly report: an XLSX workbook (summary, one sheet per district, schools, topics,
months, schools without a program), a CSV of the schools, and the data of the print page.

The workbook is written in openpyxl's write-only mode from the aggregated rows (a few
hundred schools), so its memory does not grow with the number of answers.
"""

import csv
import io
import re

from quizapp.accounts.models import utcnow
from quizapp.coverage import service
from quizapp.coverage.calendar import LOCAL_OFFSET, year_label
from quizapp.schools.models import LEVELS
from quizapp.uploads import safe_cell

INDICATOR_LABELS = {
    "program": "Trường có chương trình tuyên truyền hằng năm",
    "critical": "Trường có chương trình về đọc tin, tư duy phản biện, thông tin sai lệch",
    "reached": "Học sinh được tuyên truyền (người tham gia khác nhau / sĩ số)",
}
# The workbook is the Vietnamese official report, also when made from the terminal.
LEVEL_NAMES = {"secondary": "THCS, THPT và liên cấp", "all": "Mọi cấp học",
               **{key: labels[0] for key, labels in LEVELS.items()}}
SCHOOL_HEADER = ["Mã trường", "Tên trường", "Huyện", "Cấp học", "Sĩ số", "Số chương trình",
                 "Số chương trình tư duy phản biện", "Lượt tham gia", "Học sinh tham gia",
                 "% học sinh được tuyên truyền", "Đã tổ chức", "Có chương trình tư duy phản biện"]
DISTRICT_HEADER = ["Huyện", "Số trường", "Trường đã tổ chức", "%", "Trường có CT tư duy phản biện",
                   "%", "Sĩ số", "Học sinh được tuyên truyền", "%"]


def yearly_report(year: int, level: str = "secondary") -> dict:
    """Return every figure of the report as plain data (pages and files share it)."""
    rows = service.school_rows(year, level)
    total = service.totals(rows)
    targets = service.targets_for(year)
    return {
        "year": year, "year_label": year_label(year), "level": level,
        "k": service.min_participants(), "rows": rows, "total": total,
        "indicators": service.indicators(total, targets), "districts": service.by_district(rows),
        "missing": [r for r in rows if not r.held],
        "topics": service.topic_mastery(year, level), "months": service.monthly(year, level),
        "generated": _now_local(),
    }


def _now_local():
    return (utcnow() + LOCAL_OFFSET).replace(microsecond=0)


def school_line(row) -> list:
    return [row.code, row.name, row.district, row.level_label, row.enrolment, row.programs,
            row.critical_programs, row.participations, row.participants, row.reached_pct,
            "có" if row.held else "chưa", "có" if row.critical else "chưa"]


def district_line(name, t) -> list:
    return [name, t.schools, t.held, t.held_pct, t.critical, t.critical_pct, t.enrolment,
            t.reached, t.reached_pct]


def _target_text(target) -> str:
    if target is None:
        return "chưa đặt"
    return f"{'>' if target.strict else '≥'} {target.percent}%"


def _met_text(item) -> str:
    return {True: "đạt", False: "chưa đạt", None: "—"}[item["met"]]


def sheet_title(name: str, taken: set) -> str:
    """Return a valid, unique sheet title (31 characters, no []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip(" '")[:31] or "Sheet"
    title, n = base, 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def workbook_bytes(year: int, level: str = "secondary") -> bytes:
    out = io.BytesIO()
    write_workbook(year, out, level)
    return out.getvalue()


def write_workbook(year: int, target, level: str = "secondary") -> None:
    """Write the yearly workbook to `target` (a path or a binary file object)."""
    from openpyxl import Workbook

    data = yearly_report(year, level)
    book = Workbook(write_only=True)
    taken = set()

    def sheet(name, header=None):
        ws = book.create_sheet(sheet_title(name, taken))
        if header:
            ws.append(header)
        return ws

    def put(ws, values):
        ws.append([safe_cell(v) for v in values])

    summary = sheet("Tổng hợp")
    put(summary, [f"Báo cáo kết quả tuyên truyền an toàn thông tin trong trường học – "
                  f"năm học {data['year_label']}"])
    put(summary, ["Năm học", data["year_label"]])
    put(summary, ["Cấp học", LEVEL_NAMES.get(level, level)])
    put(summary, ["Ngưỡng tính một chương trình (số người tham gia tối thiểu của trường)",
                  data["k"]])
    put(summary, ["Lập lúc", data["generated"].strftime("%d/%m/%Y %H:%M")])
    put(summary, [])
    put(summary, ["Chỉ tiêu", "Kết quả (%)", "Tử số", "Mẫu số", "Mục tiêu", "Đánh giá"])
    for item in data["indicators"]:
        put(summary, [INDICATOR_LABELS[item["key"]], item["value"], item["part"], item["whole"],
                      _target_text(item["target"]), _met_text(item)])
    put(summary, [])
    put(summary, DISTRICT_HEADER)
    for district in data["districts"]:
        put(summary, district_line(district["name"], district["totals"]))
    put(summary, district_line("Toàn tỉnh", data["total"]))

    by_district = {}
    for row in data["rows"]:
        by_district.setdefault(row.district, []).append(row)
    for name in sorted(by_district):
        ws = sheet(name, SCHOOL_HEADER)
        for row in by_district[name]:
            put(ws, school_line(row))

    schools = sheet("Trường", SCHOOL_HEADER)
    for row in data["rows"]:
        put(schools, school_line(row))

    topics = data["topics"]
    topic_sheet = sheet("Chủ đề", ["Huyện"] + [t.name for t in topics["topics"]])
    for group in topics["groups"]:
        put(topic_sheet, [group["name"]] + [group["cells"].get(t.id, {}).get("pct")
                                            for t in topics["topics"]])
    put(topic_sheet, ["Toàn tỉnh"] + [topics["overall"].get(t.id, {}).get("pct")
                                      for t in topics["topics"]])
    put(topic_sheet, ["Số câu trả lời"] + [topics["overall"].get(t.id, {}).get("answers")
                                           for t in topics["topics"]])

    months = sheet("Theo tháng", ["Tháng", "Lượt tham gia", "Số chương trình"])
    for month in data["months"]:
        put(months, [month["label"], month["participations"], month["programs"]])

    missing = sheet("Chưa tổ chức", ["Mã trường", "Tên trường", "Huyện", "Cấp học", "Sĩ số"])
    for row in data["missing"]:
        put(missing, [row.code, row.name, row.district, row.level_label, row.enrolment])
    book.save(target)


def csv_bytes(year: int, level: str = "secondary") -> bytes:
    """The schools of the report, one line each, as UTF-8 CSV (Excel opens it with accents)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Năm học"] + SCHOOL_HEADER)
    for row in service.school_rows(year, level):
        writer.writerow([year_label(year)] + [safe_cell(v) for v in school_line(row)])
    return out.getvalue().encode("utf-8-sig")
