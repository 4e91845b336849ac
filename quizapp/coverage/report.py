"""The yearly report: an XLSX workbook (summary, one sheet per unit, schools, topics,
months, schools without a program), a CSV of the schools, and the data of the print page.

The workbook is written in openpyxl's write-only mode from the aggregated rows (a few
hundred schools), so its memory does not grow with the number of answers.
"""

import io

from quizapp.core import spreadsheet
from quizapp.core.clock import format_local, utcnow
from quizapp.core.spreadsheet import Sheet
from quizapp.coverage import service
from quizapp.schools.models import LEVELS
from quizapp.schools.years import year_label

INDICATOR_LABELS = {
    "program": "Trường có chương trình tuyên truyền hằng năm",
    "critical": "Trường có chương trình về đọc tin, tư duy phản biện, thông tin sai lệch",
    "reached": "Học sinh được tuyên truyền (người tham gia khác nhau / sĩ số)",
}
# The workbook is the Vietnamese official report, also when made from the terminal.
LEVEL_NAMES = {"secondary": "THCS, THPT và liên cấp", "all": "Mọi cấp học",
               **{key: labels[0] for key, labels in LEVELS.items()}}
SCHOOL_HEADER = ["Mã trường", "Tên trường", "Đơn vị", "Cấp học", "Sĩ số", "Số chương trình",
                 "Số chương trình tư duy phản biện", "Lượt tham gia", "Học sinh tham gia",
                 "% học sinh được tuyên truyền", "Đã tổ chức", "Có chương trình tư duy phản biện"]
DISTRICT_HEADER = ["Đơn vị", "Số trường", "Trường đã tổ chức", "%", "Trường có CT tư duy phản biện",
                   "%", "Sĩ số", "Học sinh được tuyên truyền", "%"]


def yearly_report(year: int, level: str = "secondary") -> dict:
    """Return every figure of the report as plain data (pages and files share it)."""
    rows = service.school_rows(year, level)
    total = service.totals(rows)
    targets = service.targets_for(year)
    return {
        "year": year, "year_label": year_label(year), "level": level,
        "k": service.min_participants(), "rows": rows, "total": total,
        "indicators": service.indicators(total, targets), "units": service.by_unit(rows),
        "missing": [r for r in rows if not r.held],
        "topics": service.topic_mastery(year, level), "months": service.monthly(year, level),
        "generated": utcnow().replace(microsecond=0),  # shown through the clock
    }


def school_line(row) -> list:
    return [row.code, row.name, row.unit, row.level_label, row.enrolment, row.programs,
            row.critical_programs, row.participations, row.participants, row.reached_pct,
            "có" if row.held else "chưa", "có" if row.critical else "chưa"]


def unit_line(name, t) -> list:
    return [name, t.schools, t.held, t.held_pct, t.critical, t.critical_pct, t.enrolment,
            t.reached, t.reached_pct]


def _target_text(target) -> str:
    if target is None:
        return "chưa đặt"
    return f"{'>' if target.strict else '≥'} {target.percent}%"


def _met_text(item) -> str:
    return {True: "đạt", False: "chưa đạt", None: "—"}[item["met"]]


def workbook_bytes(year: int, level: str = "secondary") -> bytes:
    out = io.BytesIO()
    write_workbook(year, out, level)
    return out.getvalue()


def write_workbook(year: int, target, level: str = "secondary") -> None:
    """Write the yearly workbook to `target` (a path or a binary file object)."""
    spreadsheet.write_workbook(workbook_sheets(yearly_report(year, level), level), target)


def workbook_sheets(data: dict, level: str) -> list[Sheet]:
    summary = [[INDICATOR_LABELS[item["key"]], item["value"], item["part"], item["whole"],
                _target_text(item["target"]), _met_text(item)] for item in data["indicators"]]
    summary.append([])
    summary.append(DISTRICT_HEADER)
    summary.extend(unit_line(d["name"], d["totals"]) for d in data["units"])
    summary.append(unit_line("Toàn tỉnh", data["total"]))
    sheets = [Sheet("Tổng hợp", ["Chỉ tiêu", "Kết quả (%)", "Tử số", "Mẫu số", "Mục tiêu",
                                 "Đánh giá"], summary, preamble=[
        [f"Báo cáo kết quả tuyên truyền an toàn thông tin trong trường học – "
         f"năm học {data['year_label']}"],
        ["Năm học", data["year_label"]],
        ["Cấp học", LEVEL_NAMES.get(level, level)],
        ["Ngưỡng tính một chương trình (số người tham gia tối thiểu của trường)", data["k"]],
        ["Lập lúc", format_local(data["generated"])], []],
        bold_rows={len(summary) - 1}, landscape=True)]
    by_unit = {}
    for row in data["rows"]:
        by_unit.setdefault(row.unit, []).append(row)
    for name in sorted(by_unit):
        sheets.append(Sheet(name, SCHOOL_HEADER, [school_line(r) for r in by_unit[name]],
                            landscape=True))
    sheets.append(Sheet("Trường", SCHOOL_HEADER, [school_line(r) for r in data["rows"]],
                        landscape=True))
    topics = data["topics"]
    topic_rows = [[g["name"]] + [g["cells"].get(t.id, {}).get("pct") for t in topics["topics"]]
                  for g in topics["groups"]]
    topic_rows.append(["Toàn tỉnh"] + [topics["overall"].get(t.id, {}).get("pct")
                                       for t in topics["topics"]])
    topic_rows.append(["Số câu trả lời"] + [topics["overall"].get(t.id, {}).get("answers")
                                            for t in topics["topics"]])
    sheets.append(Sheet("Chủ đề", ["Đơn vị"] + [t.name for t in topics["topics"]], topic_rows,
                        landscape=True))
    sheets.append(Sheet("Theo tháng", ["Tháng", "Lượt tham gia", "Số chương trình"],
                        [[m["label"], m["participations"], m["programs"]]
                         for m in data["months"]]))
    sheets.append(Sheet("Chưa tổ chức", ["Mã trường", "Tên trường", "Đơn vị", "Cấp học", "Sĩ số"],
                        [[r.code, r.name, r.unit, r.level_label, r.enrolment]
                         for r in data["missing"]]))
    return sheets


def csv_bytes(year: int, level: str = "secondary") -> bytes:
    """The schools of the report, one line each, as UTF-8 CSV (Excel opens it with accents)."""
    return spreadsheet.csv_bytes(([year_label(year)] + school_line(row)
                      for row in service.school_rows(year, level)),
                     ["Năm học"] + SCHOOL_HEADER)
