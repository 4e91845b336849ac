"""The coverage report of a period as plain data, and its files (XLSX, CSV; DOCX, PDF in
coverage/document.py).

`build_report(period)` computes every figure once into JSON-able data: the document header
(issuer, number, place and date, recipients, signer), the plan's indicators with their source
lines, per-level and per-unit tables, the schools without a program or without a
critical-thinking program, partial activity, programs by organiser, the year-over-year trend
and the method notes. A frozen period stores exactly this data (coverage/freeze.py), so its
files come out the same after any later change.
"""

from datetime import date

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select

from quizapp.contests.models import Game, Player
from quizapp.core import spreadsheet
from quizapp.core.clock import format_local, utc_range, utcnow
from quizapp.core.spreadsheet import Sheet
from quizapp.coverage import service
from quizapp.coverage.periods import Period
from quizapp.coverage.plan import PLAN_DOCUMENT, PLAN_SOURCE, PLAN_YEARS
from quizapp.extensions import db
from quizapp.schools.models import PUPIL_LEVELS as PUPIL_ORDER

FORMATS = {
    "xlsx": spreadsheet.XLSX_MIMETYPE,
    "csv": spreadsheet.CSV_MIMETYPE,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
INDICATOR_LABELS = {
    "program": "Tỷ lệ trường THCS, THPT có chương trình tuyên truyền hằng năm",
    "critical": "Tỷ lệ trường THCS, THPT có chương trình về đọc tin, tư duy phản biện, "
                "thông tin sai lệch",
    "reached": "Học sinh, sinh viên được tuyên truyền (người khác nhau / sĩ số)",
}
CHANNEL_LABELS = {"school": "Nhà trường tự tổ chức", "department": "Chiến dịch của Sở",
                  "tv": "Khán giả truyền hình"}
TREND_YEARS = 4
SCHOOL_HEADER = ["Mã trường", "Tên trường", "Đơn vị hành chính", "Loại trường", "Cấp học",
                 "Sĩ số của cấp", "Số chương trình", "Số CT tư duy phản biện",
                 "Học sinh tham gia", "HS khai báo (ngoài ứng dụng)",
                 "% học sinh được tuyên truyền", "Đã tổ chức", "Có CT tư duy phản biện"]
CHANNEL_HEADER = ["Đơn vị tổ chức", "CT trong ứng dụng", "Lượt tham gia (định danh)",
                  "CT ngoài ứng dụng", "Lượt tham gia khai báo"]
OFFLINE_HEADER = ["Mã trường", "Tên trường", "Đơn vị hành chính", "Từ ngày", "Đến ngày",
                  "Hình thức", "Nội dung", "Tư duy phản biện", "Đơn vị tổ chức",
                  "Học sinh tham gia (khai báo, theo cấp)", "Tổng"]
UNIT_HEADER = ["Đơn vị hành chính", "Số trường (theo cấp)", "Đã tổ chức", "%",
               "Có CT tư duy phản biện", "%", "Sĩ số", "Học sinh được tuyên truyền", "%"]
LEVEL_HEADER = ["Cấp học", "Số trường", "Đã tổ chức", "%", "Mục tiêu", "Đánh giá",
                "Có CT tư duy phản biện", "%", "Mục tiêu", "Đánh giá", "Sĩ số",
                "Được tuyên truyền", "%", "Mục tiêu"]


def _target(target) -> dict | None:
    if target is None:
        return None
    return {"percent": target.percent, "strict": target.strict,
            "text": f"{'>' if target.strict else '≥'} {target.percent}%",
            "source": target.source}


def _indicator(item) -> dict:
    return {"key": item["key"], "label": INDICATOR_LABELS[item["key"]], "value": item["value"],
            "part": item["part"], "whole": item["whole"], "target": _target(item["target"]),
            "met": item["met"], "source": item["source"]}


def _totals(t) -> dict:
    return {"schools": t.schools, "held": t.held, "held_pct": t.held_pct,
            "critical": t.critical, "critical_pct": t.critical_pct, "partial": t.partial,
            "enrolment": t.enrolment, "reached": t.reached, "reached_pct": t.reached_pct,
            "participants": t.participants, "declared": t.declared,
            "no_enrolment": t.no_enrolment}


def _school(row) -> dict:
    return {"id": row.id, "code": row.code, "name": row.name, "unit": row.unit,
            "type": row.type_label, "level": row.level_short, "enrolment": row.enrolment,
            "programs": row.programs, "critical_programs": row.critical_programs,
            "participants": row.participants, "declared": row.declared,
            "offline_programs": row.offline_programs, "reached_pct": row.reached_pct,
            "held": row.held, "critical": row.critical, "partial": row.partial,
            "sample": row.is_sample}


def document_header(period: Period, number: str = "") -> dict:
    """The administrative-document frame (Nghị định 30/2020) from the settings."""
    cfg = current_app.config
    return {"parent": cfg["REPORT_PARENT_BODY"], "issuer": cfg["REPORT_ISSUER"],
            "number": number, "issuer_code": cfg["REPORT_ISSUER_CODE"],
            "place": cfg["REPORT_PLACE"], "date": period.as_of.isoformat(),
            "recipients": list(cfg["REPORT_RECIPIENTS"]),
            "signer_title": cfg["REPORT_SIGNER_TITLE"], "signer_name": cfg["REPORT_SIGNER_NAME"]}


def build_report(period: Period, number: str = "", trend: bool = True) -> dict:
    """Every figure of the report of `period`, as JSON-able data (in Vietnamese: the report
    is an administrative document, whatever language the person asking reads)."""
    with force_locale("vi"):
        return _build_report(period, number, trend)


def _build_report(period: Period, number: str, trend: bool) -> dict:
    rows = service.school_rows(period, "secondary")
    every = service.school_rows(period, "all")
    total = service.totals(rows)
    levels = service.by_level(every, period.year)
    data = {
        "period": period.key, "kind": period.kind, "label": period.label,
        "as_of": period.as_of.isoformat(), "start": period.start.isoformat(),
        "cutoff": period.cutoff.isoformat(), "k": service.min_participants(),
        "generated": format_local(utcnow()),
        "document": document_header(period, number),
        "indicators": [_indicator(i) for i in service.indicators(
            total, period.year, service.SECONDARY)],
        "levels": [{"level": item["level"], "label": item["label"], "short": item["short"],
                    **_totals(item["totals"]),
                    "indicators": [_indicator(i) for i in item["indicators"]]}
                   for item in levels],
        "units": [{"id": g["id"], "name": g["name"], **_totals(g["totals"])}
                  for g in service.group_rows(rows)],
        "total": _totals(total),
        "schools": [_school(r) for r in every],
        "missing": [_school(r) for r in rows if not r.held],
        "no_critical": [_school(r) for r in rows if not r.critical],
        "partial": [_school(r) for r in every if r.partial],
        "channels": [{**c, "label": CHANNEL_LABELS[c["channel"]]}
                     for c in service.channels(period, every)],
        "running": [{"title": c["title"], "closes_on": c["closes_on"].isoformat(),
                     "pupils": len(c["pupils"])} for c in service.running_campaigns(period)],
        "offline": offline_rows(period, every),
        "method": method_notes(period),
    }
    data["trend"] = trend_rows(period, data) if trend else []
    return data


def offline_rows(period: Period, rows) -> list[dict]:
    """The programs held outside the app in the period, for the schools of `rows`."""
    from quizapp.coverage import offline

    schools = {r.id: r for r in rows}
    out = []
    for program in offline.period_programs(period):
        row = schools.get(program.school_id)
        if row is None:
            continue
        kind = str(offline.KIND_LABELS[program.kind])
        out.append({
            "code": row.code, "name": row.name, "unit": row.unit,
            "starts_on": program.starts_on.isoformat(), "ends_on": program.ends_on.isoformat(),
            "kind": f"{kind}: {program.kind_detail}" if program.kind_detail else kind,
            "topic": program.topic, "critical": program.critical,
            "channel": CHANNEL_LABELS[program.channel],
            "participants": {service.LEVEL_SHORT[level]: int(count) for level, count
                             in sorted(program.participants.items(),
                                       key=lambda item: PUPIL_ORDER.index(item[0]))},
            "total": program.total_participants})
    return out


def trend_rows(period: Period, current: dict) -> list[dict]:
    """The same indicators for the previous periods (their frozen figures where frozen)."""
    from quizapp.coverage import freeze

    rows = []
    earlier = period
    for _ in range(TREND_YEARS - 1):
        earlier = earlier.previous()
        frozen = freeze.latest(earlier.key)
        data = frozen.figures if frozen else build_report(earlier, trend=False)
        rows.append(_trend_line(data, frozen is not None))
    rows.reverse()
    rows.append(_trend_line(current, False))
    return rows


def _trend_line(data: dict, frozen: bool) -> dict:
    values = {item["key"]: item["value"] for item in data["indicators"]}
    return {"period": data["period"], "as_of": data["as_of"], "frozen": frozen,
            "program": values.get("program"), "critical": values.get("critical"),
            "reached": data["total"]["reached"], "schools": data["total"]["schools"]}


def method_notes(period: Period) -> dict:
    """How the figures were counted, with the counts a reader needs to judge them."""
    unmatched = _unmatched_players(period)
    return {
        "k": service.min_participants(),
        "sample_excluded": service.has_real_schools(),
        "unmatched_players": unmatched,
        "notes": [
            f"Một trường được tính là có chương trình khi có ít nhất một chương trình trong kỳ "
            f"với từ {service.min_participants()} học sinh của trường ở cấp học đó tham gia; "
            "trường liên cấp được tính ở từng cấp học với sĩ số của cấp đó.",
            "Chương trình về tư duy phản biện: ít nhất một nửa số câu hỏi thuộc chủ đề đọc tin, "
            "tư duy phản biện, thông tin sai lệch.",
            "Học sinh được tính một lần dù tham gia nhiều chương trình (cùng trường, lớp và họ "
            "tên sau khi chuẩn hoá, hoặc cùng một dòng trong danh sách lớp); chỉ tính khi trường "
            "được xác minh (đường dẫn của trường, danh sách lớp, hoặc giáo viên xác nhận).",
            f"Kỳ báo cáo: {period.label}, số liệu tính đến ngày {period.as_of_text}; chiến dịch "
            "còn đang mở vào ngày báo cáo được tính với phần đã làm đến ngày đó.",
            f"Người chơi ghi tên trường không khớp danh sách: {unmatched} (không được tính cho "
            "trường nào).",
            "Chương trình tổ chức ngoài ứng dụng (chào cờ, tiết học, hội nghị, ngoại khóa...) "
            "do nhà trường hoặc Sở ghi nhận được tính như chương trình trong ứng dụng, theo số "
            "học sinh khai báo ở từng cấp học. Số khai báo không đối chiếu được với từng học "
            "sinh: không loại trùng được giữa các buổi và với học sinh định danh trong ứng dụng. "
            "Mỗi trường, mỗi cấp lấy số khai báo lớn nhất của một chương trình, cộng với số học "
            "sinh định danh, không vượt quá sĩ số; hai con số được ghi riêng.",
            "Trường mẫu không được tính khi đã có danh sách trường thật."
            if service.has_real_schools() else
            "CHÚ Ý: chưa có danh sách trường thật; số liệu là của các trường MẪU.",
        ],
    }


def _unmatched_players(period: Period) -> int:
    """Players of the period's finished games whose typed school matched no registry school."""
    start, end = utc_range(period.start, period.cutoff)
    return db.session.execute(
        select(func.count(Player.id)).join(Game, Game.id == Player.game_id)
        .where(Game.finished_at >= start, Game.finished_at < end,
               Player.school_source == "unmatched")
    ).scalar_one()


def report_data(period: Period) -> dict:
    """The frozen figures of the period when it is frozen (as of the same day), else live."""
    from quizapp.coverage import freeze

    frozen = freeze.latest(period.key)
    if frozen is not None and frozen.as_of == period.as_of:
        return freeze.with_stamp(frozen)
    return build_report(period)


def render(data: dict, fmt: str) -> tuple[bytes, str]:
    """Return (file bytes, mimetype) of the report in `fmt` (xlsx, csv, docx, pdf)."""
    from quizapp.coverage import document

    if fmt == "xlsx":
        body = spreadsheet.workbook_bytes(workbook_sheets(data))
    elif fmt == "csv":
        body = spreadsheet.csv_bytes(([data["period"]] + school_line(s)
                                      for s in data["schools"]), ["Kỳ"] + SCHOOL_HEADER)
    elif fmt == "docx":
        body = document.docx_bytes(data)
    elif fmt == "pdf":
        body = document.pdf_bytes(data)
    else:
        raise ValueError(fmt)
    return body, FORMATS[fmt]


def target_text(item) -> str:
    return item["target"]["text"] if item["target"] else "không đặt"


def met_text(item) -> str:
    return {True: "đạt", False: "chưa đạt", None: "—"}[item["met"]]


def _from_plan(target) -> bool:
    """A target seeded from the plan (its source is the plan's citation)."""
    return bool(target) and (target.get("source") or "").startswith(PLAN_SOURCE)


def basis_intro(data: dict) -> str:
    """What the figures are measured against, as the report's opening sentence ends.

    Only the plan's years (2021–2025) are measured against the plan's targets. Later years say
    that the plan only defines the indicators, and either point to the targets a department
    entered (each with its own source, in section I) or say that none were entered.
    """
    targets = [i["target"] for i in data["indicators"] if i["target"]]
    if targets and all(_from_plan(t) for t in targets):
        return f"số liệu được đối chiếu với các chỉ tiêu tại mục II.2 của {PLAN_DOCUMENT}"
    method = (f"các chỉ số được tính theo mục II.2 của {PLAN_DOCUMENT}, kế hoạch cho giai "
              f"đoạn {PLAN_YEARS[0]}–{PLAN_YEARS[1]}, để so sánh được giữa các năm")
    if targets:
        return f"{method}; mục tiêu {data['label']} và căn cứ của từng mục tiêu ghi tại mục I"
    return (f"{method}; {data['label']} chưa có mục tiêu nào được nhập trên hệ thống nên cột "
            "“Mục tiêu” ghi “không đặt”")


def _sentence(clause: str) -> str:
    return clause[:1].upper() + clause[1:] + "."


def basis_line(item: dict) -> str:
    """One indicator's basis in section I: the plan's line, and a later target's own source."""
    target = item["target"]
    if _from_plan(target):
        return f"Căn cứ: “{item['source']}” (Kế hoạch, mục II.2)."
    if target:
        goal = (f"{item['label']}: mục tiêu {target['text']}, căn cứ: "
                f"{target.get('source') or 'không ghi văn bản'}.")
    else:
        goal = f"{item['label']}: không đặt mục tiêu."
    return f"{goal} Cách tính theo Kế hoạch, mục II.2: “{item['source']}”."


def school_line(s) -> list:
    return [s["code"], s["name"], s["unit"], s["type"], s["level"], s["enrolment"],
            s["programs"], s["critical_programs"], s["participants"], s.get("declared", 0),
            s["reached_pct"], "có" if s["held"] else "chưa", "có" if s["critical"] else "chưa"]


def channel_line(c) -> list:
    """A channel's figures; periods frozen before programs outside the app have none."""
    return [c["label"], c["programs"], c["participations"], c.get("offline_programs", 0),
            c.get("attendances", 0)]


def offline_line(p) -> list:
    return [p["code"], p["name"], p["unit"], format_local(date.fromisoformat(p["starts_on"])),
            format_local(date.fromisoformat(p["ends_on"])), p["kind"], p["topic"],
            "có" if p["critical"] else "không", p["channel"],
            ", ".join(f"{level}: {n}" for level, n in p["participants"].items()), p["total"]]


def unit_line(name, t) -> list:
    return [name, t["schools"], t["held"], t["held_pct"], t["critical"], t["critical_pct"],
            t["enrolment"], t["reached"], t["reached_pct"]]


def level_line(item) -> list:
    program, critical, reached = item["indicators"]
    return [item["label"], item["schools"], item["held"], item["held_pct"],
            target_text(program), met_text(program), item["critical"], item["critical_pct"],
            target_text(critical), met_text(critical), item["enrolment"], item["reached"],
            item["reached_pct"], target_text(reached)]


def title_of(data: dict) -> str:
    return ("Báo cáo kết quả tuyên truyền, nâng cao nhận thức về an toàn thông tin trong "
            f"trường học {data['label']}")


def workbook_sheets(data: dict) -> list[Sheet]:
    """The report as formatted sheets (written by core/spreadsheet.py)."""
    doc = data["document"]
    stamp = data.get("frozen")
    preamble = [[title_of(data)],
                ["Đơn vị báo cáo", f"{doc['issuer']} – {doc['parent']}"],
                ["Kỳ báo cáo", data["label"]],
                ["Số liệu tính đến ngày", format_local(date.fromisoformat(data["as_of"]))],
                ["Lập lúc", data["generated"]],
                ["Ngưỡng K (học sinh/trường/chương trình)", data["k"]],
                ["Số liệu", f"đã chốt, phiên bản {stamp['version']} ({stamp['by']}, "
                            f"{stamp['at']})" if stamp else "chưa chốt (số liệu hiện tại)"],
                ["Căn cứ", _sentence(basis_intro(data))], []]
    indicators = [[i["label"], i["value"], i["part"], i["whole"], target_text(i), met_text(i),
                   i["source"], (i["target"] or {}).get("source") or ""]
                  for i in data["indicators"]]
    sheets = [Sheet("Tổng hợp", ["Chỉ tiêu", "Kết quả (%)", "Tử số", "Mẫu số", "Mục tiêu",
                                 "Đánh giá", "Cách tính (Kế hoạch, mục II.2)",
                                 "Căn cứ của mục tiêu"], indicators,
                    preamble=preamble, landscape=True),
              Sheet("Theo cấp học", LEVEL_HEADER, [level_line(i) for i in data["levels"]],
                    landscape=True)]
    units = [unit_line(u["name"], u) for u in data["units"]]
    units.append(unit_line("Tổng cộng", data["total"]))
    sheets.append(Sheet("Theo đơn vị", UNIT_HEADER, units, landscape=True,
                        bold_rows={len(units) - 1}))
    sheets.append(Sheet("Trường", SCHOOL_HEADER, [school_line(s) for s in data["schools"]],
                        landscape=True))
    short = ["Mã trường", "Tên trường", "Đơn vị hành chính", "Cấp học", "Sĩ số của cấp"]
    for title, key in (("Chưa có chương trình", "missing"),
                       ("Chưa có CT tư duy phản biện", "no_critical"),
                       ("Hoạt động chưa đủ K", "partial")):
        sheets.append(Sheet(title, short + ["Học sinh tham gia"], [
            [s["code"], s["name"], s["unit"], s["level"], s["enrolment"], s["participants"]]
            for s in data[key]]))
    sheets.append(Sheet("Theo đơn vị tổ chức", CHANNEL_HEADER,
                        [channel_line(c) for c in data["channels"]]))
    sheets.append(Sheet("Ngoài ứng dụng", OFFLINE_HEADER,
                        [offline_line(p) for p in data.get("offline", [])], landscape=True))
    sheets.append(Sheet("Xu hướng", ["Kỳ", "Tính đến", "% trường có CT", "% trường có CT TDPB",
                                     "Học sinh được tuyên truyền", "Số liệu"],
                        [[t["period"], format_local(date.fromisoformat(t["as_of"])), t["program"],
                          t["critical"], t["reached"],
                          "đã chốt" if t["frozen"] else "hiện tại"] for t in data["trend"]]))
    sheets.append(Sheet("Phương pháp", ["Ghi chú"], [[n] for n in data["method"]["notes"]]))
    return sheets
