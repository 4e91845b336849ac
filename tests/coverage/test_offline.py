"""Programs held outside the app: the counting rules, who may record and see them, hostile
evidence files, the department's import, frozen periods, and the report's separate figures."""

import io
import re
from datetime import date

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from PIL import Image

from quizapp.coverage import freeze, offline, report, service
from quizapp.coverage.models import OfflineProgram, OfflineProgramChange
from quizapp.coverage.offline_import import import_programs
from quizapp.coverage.periods import parse_period
from quizapp.extensions import db
from quizapp.schools.registry import RegistryRejected

PERIOD = parse_period("2025")  # calendar year 2025, as of 15/12/2025


def record(school, user=None, **changes):
    values = {"starts_on": "2025-10-06", "ends_on": "2025-10-06", "kind": "assembly",
              "topic": "Nhận diện tin giả", "critical": True, "channel": "school",
              "participants": {school.teaches[0]: 40}}
    values.update(changes)
    return offline.save(None, values, school, user)


@pytest.fixture
def two_schools(world, k3):
    unit = world.unit("u1", "Phường Một")
    a = world.school("A", unit, "lower_secondary", 100)
    b = world.school("B", unit, "lower_secondary", 50)
    return a, b


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# Counting ---------------------------------------------------------------------------------

def test_a_recorded_program_counts_as_held_and_critical(two_schools):
    a, b = two_schools
    record(a, participants={"lower_secondary": 40})
    record(b, critical=False, participants={"lower_secondary": 2})  # below K = 3
    rows = {r.code: r for r in service.school_rows(PERIOD)}
    assert (rows["A"].held, rows["A"].critical, rows["A"].participants) == (True, True, 0)
    assert (rows["A"].declared, rows["A"].reached) == (40, 40)
    assert (rows["B"].held, rows["B"].partial, rows["B"].declared) == (False, True, 2)
    total = service.totals(rows.values())
    assert (total.held, total.critical, total.declared, total.reached) == (1, 1, 42, 42)


def test_declared_pupils_take_the_largest_session_and_stay_within_enrolment(two_schools, world):
    a, _b = two_schools
    record(a, participants={"lower_secondary": 60})
    record(a, starts_on="2025-11-03", ends_on="2025-11-03", participants={"lower_secondary": 90})
    contest = world.contest(world.host, world.questions(world.topic("mat-khau"), 1))
    from tests.coverage.conftest import at, players

    world.game(contest, at(2025, 10, 20), players(a, "7A", 30, [True]))
    row = {r.code: r for r in service.school_rows(PERIOD)}["A"]
    assert (row.programs, row.participants, row.declared) == (3, 30, 90)
    assert row.reached == 100  # 30 identified + 90 declared, capped at the enrolment of 100
    channels = {c["channel"]: c for c in service.channels(PERIOD, [row])}
    # the game's host names no school: a department program, apart from the school's own
    assert (channels["department"]["programs"], channels["department"]["participations"]) == \
        (1, 30)
    assert (channels["school"]["programs"], channels["school"]["participations"]) == (0, 0)
    assert (channels["school"]["offline_programs"], channels["school"]["attendances"]) == \
        (2, 150)


def test_a_program_counts_per_level_in_a_lien_cap_school(world, k3):
    unit = world.unit("u1", "Phường Một")
    school = world.school("L", unit, "lower_upper", 0)
    school.enrolment_by_level = {"lower_secondary": 200, "upper_secondary": 100}
    school.enrolment = 300
    db.session.commit()
    record(school, participants={"lower_secondary": 5, "upper_secondary": 2})
    rows = {r.level: r for r in service.school_rows(PERIOD)}
    assert rows["lower_secondary"].held and not rows["upper_secondary"].held
    assert rows["upper_secondary"].partial


def test_a_program_belongs_to_the_period_of_its_last_day(two_schools):
    a, _b = two_schools
    record(a, starts_on="2025-12-10", ends_on="2025-12-20")
    assert not {r.code: r for r in service.school_rows(PERIOD)}["A"].held  # as of 15/12
    assert {r.code: r for r in service.school_rows(parse_period("2025", "2025-12-31"))}[
        "A"].held


# Checks -----------------------------------------------------------------------------------

@pytest.mark.parametrize("changes, field, words", [
    ({"participants": {"lower_secondary": 101}}, "participants_lower_secondary", "vượt sĩ số"),
    ({"participants": {"upper_secondary": 5}}, "participants_upper_secondary", "không dạy"),
    ({"participants": {"lower_secondary": "abc"}}, "participants_lower_secondary",
     "không phải số"),
    ({"participants": {}}, "participants", "ít nhất một cấp"),
    ({"ends_on": "2025-10-01"}, "ends_on", "trước ngày bắt đầu"),
    ({"ends_on": "2099-01-01", "starts_on": "2098-12-30"}, "ends_on", "chưa diễn ra"),
    ({"starts_on": "31/02/2025"}, "starts_on", "không đọc được"),
    ({"kind": "party"}, "kind", "không hợp lệ"),
    ({"kind": "other", "kind_detail": ""}, "kind_detail", "không được để trống"),
    ({"topic": ""}, "topic", "không được để trống"),
    ({"topic": "x" * 201}, "topic", "dài quá"),
    ({"topic": "tin\x00giả"}, "topic", "điều khiển"),
    ({"channel": "tv"}, "channel", "không hợp lệ"),
])
def test_bad_records_are_refused_with_the_field_and_nothing_is_written(two_schools, changes,
                                                                        field, words):
    a, _b = two_schools
    with pytest.raises(offline.OfflineRefused) as refused:
        record(a, **changes)
    assert any(f == field and words in m for f, m in refused.value.errors), \
        refused.value.errors
    assert OfflineProgram.query.count() == 0 and OfflineProgramChange.query.count() == 0


def test_a_school_with_no_enrolment_at_a_level_is_told_to_fix_the_registry(world, k3):
    school = world.school("Z", world.unit("u1", "Phường Một"), "lower_secondary", 0)
    with pytest.raises(offline.OfflineRefused, match="chưa có sĩ số"):
        record(school)


# Who may record and see -------------------------------------------------------------------

def _form(**changes):
    data = {"starts_on": "2025-10-06", "ends_on": "", "kind": "lesson", "topic": "Mật khẩu",
            "channel": "school", "participants_lower_secondary": "30"}
    data.update(changes)
    return data


def test_a_host_records_for_their_own_school_only(two_schools, browser_of, app):
    a, b = two_schools
    host_a = browser_of("host", "gv.a", school=a)
    response = host_a.post("/coverage/offline/new", data=_form())
    assert response.status_code == 302
    assert host_a.post(f"/coverage/offline/new?school={b.id}", data=_form()).status_code == 403
    program_b = record(b, topic="Chương trình của trường B")
    listing = host_a.get("/coverage/offline/?period=2025").get_data(as_text=True)
    assert "Mật khẩu" in listing and "Chương trình của trường B" not in listing
    assert host_a.get(f"/coverage/offline/{program_b.id}/edit").status_code == 404
    assert host_a.post(f"/coverage/offline/{program_b.id}/delete").status_code == 404
    assert host_a.get(f"/coverage/offline/{program_b.id}/evidence").status_code == 404
    assert OfflineProgram.query.filter_by(school_id=a.id).count() == 1
    page = host_a.get("/coverage/my-school?period=2025").get_data(as_text=True)
    assert "Mật khẩu" in page


def test_the_department_sees_every_school_and_only_an_admin_records(two_schools, browser_of):
    a, b = two_schools
    record(a, topic="Chương trình A")
    record(b, topic="Chương trình B")
    viewer = browser_of("viewer", "sgd.xem")
    listing = viewer.get("/coverage/offline/?period=2025").get_data(as_text=True)
    assert "Chương trình A" in listing and "Chương trình B" in listing
    only_b = viewer.get(f"/coverage/offline/?period=2025&school={b.id}").get_data(as_text=True)
    assert "Chương trình A" not in only_b
    assert viewer.post(f"/coverage/offline/new?school={a.id}", data=_form()).status_code == 403
    admin = browser_of("admin", "sgd.admin")
    response = admin.post(f"/coverage/offline/new?school={b.id}",
                          data=_form(channel="department",
                                     participants_lower_secondary="20"))
    assert response.status_code == 302
    assert OfflineProgram.query.filter_by(school_id=b.id, channel="department").count() == 1
    editor = browser_of("editor", "bt.vien")
    assert editor.get("/coverage/offline/").status_code == 403


def test_anonymous_visitors_get_nothing(two_schools, client):
    a, _b = two_schools
    program = record(a)
    for url in ("/coverage/offline/", f"/coverage/offline/{program.id}/evidence",
                f"/coverage/offline/{program.id}/edit", "/coverage/offline/new"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(f"/coverage/offline/{program.id}/delete").status_code == 302
    assert OfflineProgram.query.count() == 1


def test_a_refused_form_shows_the_reason_and_writes_nothing(two_schools, browser_of):
    a, _b = two_schools
    host = browser_of("host", "gv.a", school=a)
    response = host.post("/coverage/offline/new",
                         data=_form(participants_lower_secondary="150"))
    assert response.status_code == 422
    assert "150 học sinh vượt sĩ số cấp Trung học cơ sở của trường (100)" in \
        response.get_data(as_text=True)
    assert OfflineProgram.query.count() == 0


def test_edit_and_delete_leave_a_record(two_schools, browser_of):
    a, _b = two_schools
    host = browser_of("host", "gv.a", school=a)
    host.post("/coverage/offline/new", data=_form())
    program = OfflineProgram.query.one()
    response = host.post(f"/coverage/offline/{program.id}/edit",
                         data=_form(topic="Mật khẩu mạnh", participants_lower_secondary="35"))
    assert response.status_code == 302
    db.session.expire_all()
    assert (program.topic, program.participants, program.updated_by_name) == \
        ("Mật khẩu mạnh", {"lower_secondary": 35}, "gv.a")
    page = host.get(f"/coverage/offline/{program.id}/edit").get_data(as_text=True)
    assert 'id="offline-history"' in page
    assert host.post(f"/coverage/offline/{program.id}/delete").status_code == 302
    changes = OfflineProgramChange.query.order_by(OfflineProgramChange.id).all()
    assert [c.action for c in changes] == ["created", "updated", "deleted"]
    assert changes[1].before["participants"] == {"lower_secondary": 30}
    assert changes[2].before["topic"] == "Mật khẩu mạnh" and changes[2].by_name == "gv.a"
    assert OfflineProgram.query.count() == 0


# Evidence files ---------------------------------------------------------------------------

def test_evidence_is_stored_under_an_unguessable_name_and_served_to_allowed_staff(
        two_schools, browser_of, app):
    a, _b = two_schools
    host = browser_of("host", "gv.a", school=a)
    data = _form()
    data["evidence"] = (io.BytesIO(png_bytes()), "../../anh chao co.png")
    assert host.post("/coverage/offline/new", data=data,
                     content_type="multipart/form-data").status_code == 302
    program = OfflineProgram.query.one()
    assert re.fullmatch(r"[0-9a-f]{48}", program.evidence_file)
    assert program.evidence_type == "image/png"
    assert offline.evidence_path(program).read_bytes() == png_bytes()
    response = host.get(f"/coverage/offline/{program.id}/evidence")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.get_data() == png_bytes()
    response.close()
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response = browser_of("viewer", "sgd").get(f"/coverage/offline/{program.id}/evidence")
    assert response.status_code == 200
    response.close()
    other = browser_of("host", "gv.b", school=_b)
    assert other.get(f"/coverage/offline/{program.id}/evidence").status_code == 404
    path = offline.evidence_path(program)
    host.post(f"/coverage/offline/{program.id}/delete")
    assert not path.exists()


@pytest.mark.parametrize("name, body, words", [
    ("trang.pdf", b"<html><script>alert(1)</script></html>", "chỉ nhận tệp PDF"),
    ("anh.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
     "chỉ nhận tệp PDF"),
    ("thieu.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "không đầy đủ"),
    ("rong.pdf", b"", "rỗng"),
    ("gif.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "chỉ nhận tệp PDF"),
    ("zip.pdf", b"PK\x03\x04" + b"\x00" * 100, "chỉ nhận tệp PDF"),
])
def test_hostile_evidence_is_refused_and_nothing_is_written(two_schools, browser_of, app,
                                                            name, body, words):
    a, _b = two_schools
    host = browser_of("host", "gv.a", school=a)
    data = _form()
    data["evidence"] = (io.BytesIO(body), name)
    stored = set(offline.evidence_dir().iterdir())
    response = host.post("/coverage/offline/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and words in response.get_data(as_text=True)
    assert OfflineProgram.query.count() == 0
    assert set(offline.evidence_dir().iterdir()) == stored


def test_evidence_above_the_upload_limit_is_refused(two_schools, app):
    a, _b = two_schools
    before = app.config["UPLOAD_MAX_BYTES"]
    app.config["UPLOAD_MAX_BYTES"] = 1024 * 1024
    try:
        with pytest.raises(offline.OfflineRefused, match="quá lớn"):
            offline.check_evidence(PDF + b"0" * (1024 * 1024) + b"%%EOF", "lon.pdf")
    finally:
        app.config["UPLOAD_MAX_BYTES"] = before
    assert offline.check_evidence(PDF, "ok.pdf").content_type == "application/pdf"


# The department's import ------------------------------------------------------------------

HEADER = "mã trường,từ ngày,đến ngày,hình thức,hình thức khác,nội dung,tư duy phản biện," \
         "đơn vị tổ chức,số HS THCS\n"


def test_import_adds_every_row(two_schools, make_user):
    a, b = two_schools
    admin = make_user("admin", "sgd.admin")
    body = HEADER + "A,2025-10-06,,Chào cờ,,Tin giả,có,Sở,80\n" \
                    "b,06/11/2025,07/11/2025,khác,Sân khấu hoá,Mật khẩu,không,trường,45\n"
    assert import_programs(body.encode(), "ds.csv", admin) == 2
    first, second = OfflineProgram.query.order_by(OfflineProgram.id).all()
    assert (first.kind, first.channel, first.critical, first.participants) == \
        ("assembly", "department", True, {"lower_secondary": 80})
    assert (second.kind_detail, second.starts_on, second.ends_on) == \
        ("Sân khấu hoá", date(2025, 11, 6), date(2025, 11, 7))
    assert OfflineProgramChange.query.count() == 2


def test_import_is_all_or_nothing_with_line_and_column(two_schools, make_user):
    admin = make_user("admin", "sgd.admin")
    body = HEADER + "A,2025-10-06,,Chào cờ,,Tin giả,có,Sở,80\n" \
                    "X9,2025-10-06,,Chào cờ,,Tin giả,có,Sở,80\n" \
                    "B,2025-10-06,,hát,,Tin giả,có,Sở,80\n" \
                    "B,2025-10-06,,Chào cờ,,Tin giả,có,Sở,51\n" \
                    "A,2025-13-06,,Chào cờ,,Tin giả,hmm,Sở,80\n"
    with pytest.raises(RegistryRejected) as rejected:
        import_programs(body.encode(), "ds.csv", admin)
    found = {(e.line, e.column) for e in rejected.value.errors}
    assert {(3, "mã trường"), (4, "hình thức"), (5, "số HS THCS"), (6, "từ ngày"),
            (6, "tư duy phản biện")} <= found
    assert "vượt sĩ số" in str(rejected.value)
    assert OfflineProgram.query.count() == 0


def test_the_department_imports_from_the_terminal_under_its_own_account(
        two_schools, make_user, runner, tmp_path):
    admin = make_user("admin", "sgd-admin")
    template = tmp_path / "mau.csv"
    assert runner.invoke(args=["report", "offline-template", str(template)]).exit_code == 0
    assert template.read_text(encoding="utf-8-sig").startswith("mã trường")
    good = tmp_path / "ds.csv"
    good.write_text(HEADER + "A,2025-10-06,,Chào cờ,,Tin giả,có,Sở,80\n", encoding="utf-8")
    result = runner.invoke(args=["report", "offline-import", str(good), "--user", admin.username])
    assert result.exit_code == 0, result.output
    assert "Imported: 1 program" in result.output
    program = OfflineProgram.query.one()
    assert program.participants == {"lower_secondary": 80}
    assert OfflineProgramChange.query.one().by_id == admin.id


def test_a_refused_file_from_the_terminal_names_line_and_column_and_writes_nothing(
        two_schools, make_user, runner, tmp_path):
    admin = make_user("admin", "sgd-admin")
    bad = tmp_path / "ds.csv"
    bad.write_text(HEADER + "A,2025-10-06,,Chào cờ,,Tin giả,có,Sở,80\n"
                            "X9,2025-13-06,,Chào cờ,,Tin giả,có,Sở,80\n", encoding="utf-8")
    result = runner.invoke(args=["report", "offline-import", str(bad), "--user", admin.username])
    assert result.exit_code == 1
    assert "ds.csv" in result.output and "3" in result.output and "mã trường" in result.output
    assert "nothing was imported" in result.output
    assert OfflineProgram.query.count() == 0


def test_an_oversized_or_binary_file_from_the_terminal_is_refused_before_anything_is_written(
        app, two_schools, make_user, runner, tmp_path, monkeypatch):
    admin = make_user("admin", "sgd-admin")
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024)
    big = tmp_path / "lon.csv"
    big.write_text(HEADER + "A,2025-10-06,,Chào cờ,,Tin giả,có,Sở,80\n" * 40, encoding="utf-8")
    result = runner.invoke(args=["report", "offline-import", str(big), "--user", admin.username])
    assert result.exit_code == 1 and "lon.csv: file too large" in result.output
    binary = tmp_path / "anh.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 3)  # not a workbook
    result = runner.invoke(args=["report", "offline-import", str(binary), "--user",
                                 admin.username])
    assert result.exit_code == 1 and "anh.xlsx" in result.output
    assert OfflineProgram.query.count() == 0


def test_the_terminal_import_needs_an_account_allowed_to_manage_schools(
        two_schools, make_user, runner, tmp_path):
    viewer = make_user("viewer", "viewer1")
    good = tmp_path / "ds.csv"
    good.write_text(HEADER + "A,2025-10-06,,Chào cờ,,Tin giả,có,Sở,80\n", encoding="utf-8")
    for name in (viewer.username, "nobody"):
        result = runner.invoke(args=["report", "offline-import", str(good), "--user", name])
        assert result.exit_code == 2 and "allowed to manage schools" in result.output
    assert OfflineProgram.query.count() == 0


@pytest.mark.parametrize("body, words", [
    (b"", "rỗng"),
    (b"\x00\x01\x02binary", "UTF-8"),
    ("nội dung,khác\nx,y\n".encode(), "thiếu cột"),
    ("mã trường,từ ngày,hình thức,nội dung,đơn vị tổ chức\n".encode(), "không có dòng"),
    ("ma truong;tu ngay\n".encode("utf-16"), "UTF-8"),
])
def test_malformed_import_files_are_refused(two_schools, make_user, body, words):
    admin = make_user("admin", "sgd.admin")
    with pytest.raises(RegistryRejected, match=words):
        import_programs(body, "ds.csv", admin)
    assert OfflineProgram.query.count() == 0


def test_import_reads_xlsx_and_the_web_page_shows_errors(two_schools, browser_of):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["A", "2025-10-06", None, "ngoại khóa", None, "Lừa đảo", "có", "trường", 9000])
    out = io.BytesIO()
    book.save(out)
    admin = browser_of("admin", "sgd.admin")
    response = admin.post("/coverage/offline/import",
                          data={"file": (io.BytesIO(out.getvalue()), "ds.xlsx")},
                          content_type="multipart/form-data")
    assert response.status_code == 422 and "vượt sĩ số" in response.get_data(as_text=True)
    host = browser_of("host", "gv.a", school=two_schools[0])
    assert host.get("/coverage/offline/import").status_code == 403
    template = admin.get("/coverage/offline/import/template.csv")
    assert template.status_code == 200 and "mã trường" in template.get_data(as_text=True)


# Frozen periods and the report ------------------------------------------------------------

def test_a_frozen_period_keeps_its_offline_figures_after_an_edit(two_schools, make_user):
    a, b = two_schools
    admin = make_user("admin", "sgd.admin")
    program = record(a, participants={"lower_secondary": 40})
    frozen = freeze.freeze(PERIOD, admin).figures
    assert frozen["total"]["declared"] == 40
    offline.save(program, {**offline.snapshot(program), "participants":
                           {"lower_secondary": 2}, "critical": False}, a, admin)
    record(b, participants={"lower_secondary": 30})
    live = report.build_report(PERIOD, trend=False)
    assert live["total"]["declared"] == 32 and live["total"]["held"] == 1
    again = report.report_data(PERIOD)
    assert again["total"] == frozen["total"] and again["offline"] == frozen["offline"]
    assert again["channels"] == frozen["channels"]
    offline.delete(OfflineProgram.query.filter_by(school_id=a.id).one(), admin)
    assert report.report_data(PERIOD)["total"] == frozen["total"]


def test_the_report_files_carry_the_separate_figures(two_schools, world):
    a, b = two_schools
    record(a, topic="Chào cờ: nhận diện tin giả", participants={"lower_secondary": 40})
    record(b, channel="department", critical=False, participants={"lower_secondary": 20})
    data = report.build_report(PERIOD, trend=False)
    body, _mime = report.render(data, "xlsx")
    book = load_workbook(io.BytesIO(body))
    channels = [[c.value for c in row] for row in book["Theo đơn vị tổ chức"].iter_rows()]
    assert channels[0] == report.CHANNEL_HEADER
    assert ["Nhà trường tự tổ chức", 0, 0, 1, 40] in channels
    assert ["Chiến dịch của Sở", 0, 0, 1, 20] in channels
    assert ["Khán giả truyền hình", 0, 0, 0, 0] in channels
    listed = [[c.value for c in row] for row in book["Ngoài ứng dụng"].iter_rows()][1:]
    assert [(r[0], r[5], r[7], r[10]) for r in listed] == [
        ("A", "Chào cờ, sinh hoạt dưới cờ", "có", 40), ("B", "Chào cờ, sinh hoạt dưới cờ",
                                                         "không", 20)]
    schools = [[c.value for c in row] for row in book["Trường"].iter_rows()]
    declared = schools[0].index("HS khai báo (ngoài ứng dụng)")
    assert {r[0]: r[declared] for r in schools[1:]} == {"A": 40, "B": 20}
    method = [row[0].value for row in book["Phương pháp"].iter_rows()]
    assert any("không loại trùng được" in (m or "") for m in method)
    docx, _mime = report.render(data, "docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs) + "\n".join(
        cell.text for table in Document(io.BytesIO(docx)).tables for row in table.rows
        for cell in row.cells)
    assert "Chương trình tổ chức ngoài ứng dụng" in text
    assert "Chào cờ: nhận diện tin giả" in text and "CT ngoài ứng dụng" in text


def test_an_old_frozen_snapshot_without_offline_figures_still_renders(year_2024):
    data = report.build_report(parse_period("2024-2025"), trend=False)
    for key in ("offline",):
        data.pop(key)
    for item in data["channels"]:
        item.pop("offline_programs"), item.pop("attendances")
    for school in data["schools"]:
        school.pop("declared")
    for fmt in ("xlsx", "docx", "pdf", "csv"):
        assert report.render(data, fmt)[0]
