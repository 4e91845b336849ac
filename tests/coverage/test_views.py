"""Who sees what: viewers see figures and never names; a host sees their own school's
students; an admin sees names, edits targets and anonymises a closed year."""

import pytest

from quizapp.contests.models import Player
from quizapp.core.permissions import may_see_names
from quizapp.coverage import service
from quizapp.coverage.models import CoverageTarget
from quizapp.coverage.periods import parse_period
from tests.coverage.conftest import YEAR

Q = "?period=2024-2025"
PERIOD = parse_period("2024-2025")
NAMES = ("Nguyễn Văn An", "Trần Bình", "Học sinh Một", "S2 HS 0", "nguyen van an")


def text(response):
    assert response.status_code == 200, response.status_code
    return response.data.decode()


def test_viewer_sees_figures_and_no_names(client, login_as, year_2024):
    login_as("viewer")
    pages = [f"/coverage/{Q}", f"/coverage/units/{year_2024['a'].id}{Q}",
             f"/coverage/units/{year_2024['b'].id}{Q}",
             f"/coverage/schools/{year_2024['s4'].id}{Q}", f"/coverage/schools{Q}&filter=missing",
             f"/coverage/programs{Q}", f"/coverage/report{Q}", f"/coverage/targets{Q}"]
    bodies = [text(client.get(url)) for url in pages]
    for body in bodies:
        for name in NAMES:
            assert name not in body
    dashboard = bodies[0]
    assert "80%" in dashboard and "chưa đạt" in dashboard and "Trường S6" in dashboard
    assert "Trên 80% các trường trung học cơ sở" in dashboard  # the plan's own words
    assert 'id="coverage-data"' in dashboard and "<script>" not in dashboard
    assert client.get(f"/coverage/my-school{Q}").status_code == 403
    assert client.get("/campaigns/").status_code == 403
    # every school at every level it teaches: S1, S2, S3 (THCS and THPT), S4, S5, S6
    assert client.get(f"/coverage/report.csv{Q}").data.decode("utf-8-sig").count("\n") == 8


def test_numbers_link_to_what_they_count(client, login_as, year_2024):
    login_as("viewer")
    dashboard = text(client.get(f"/coverage/{Q}"))
    above_missing = dashboard.split('id="missing"')[0]
    assert "filter=held" in dashboard and "filter=missing" not in above_missing
    held = text(client.get(f"/coverage/schools{Q}&filter=held"))
    assert all(f"Trường {c}" in held for c in ("S1", "S2", "S3", "S4"))
    assert "Trường S6" not in held
    critical = text(client.get(f"/coverage/programs{Q}&critical=1&counted=1"))
    assert "Nửa về tin giả" in critical and "Mật khẩu" not in critical.split("<tbody>")[1]
    school = text(client.get(f"/coverage/schools/{year_2024['s4'].id}{Q}"))
    assert "7A" in school  # the class, not the students


def test_host_sees_only_their_own_school(client, login_as, year_2024):
    login_as("host", username="gv.s4", school=year_2024["s4"])
    page = text(client.get(f"/coverage/my-school{Q}"))
    assert "Nguyễn Văn An" in page and "Trần Bình" in page
    assert "Học sinh Một" not in page and "S2 HS 0" not in page
    assert client.get(f"/coverage/schools/{year_2024['s1'].id}{Q}").status_code == 403
    assert client.get(f"/coverage/{Q}").status_code == 403


def test_host_without_school_and_name_rule(client, login_as, year_2024, make_user):
    login_as("host")
    assert "chưa gắn" in text(client.get("/coverage/my-school"))
    viewer = make_user("viewer", username="xem")
    host = make_user("host", username="gv2", school=year_2024["s1"])
    assert not may_see_names(viewer, year_2024["s1"].id)
    assert may_see_names(host, year_2024["s1"].id)
    assert not may_see_names(host, year_2024["s2"].id)


def test_admin_sees_names_on_a_school_page(client, login_as, year_2024):
    login_as("admin")
    page = text(client.get(f"/coverage/schools/{year_2024['s4'].id}{Q}"))
    assert "Nguyễn Văn An" in page and "Lê Chi" in page


def test_targets_are_data_an_admin_edits(client, login_as, year_2024):
    login_as("viewer")
    assert client.post("/coverage/targets", data={}).status_code == 403
    client.post("/logout")
    login_as("admin")
    assert client.get("/coverage/targets").status_code == 200  # seeds the plan's targets
    target = CoverageTarget.query.filter_by(indicator="program").one()
    response = client.post("/coverage/targets", data={
        "target_id": target.id, "indicator": "program", "percent": 75, "first_year": 2021,
        "last_year": 2025, "levels": ["lower_secondary", "upper_secondary"]})
    assert response.status_code == 302
    indicators = {i["key"]: i for i in service.indicators(
        service.totals(service.school_rows(PERIOD)), YEAR, service.SECONDARY)}
    assert indicators["program"]["value"] == 66.7 and indicators["program"]["met"] is False
    client.post("/coverage/targets", data={
        "target_id": target.id, "indicator": "program", "percent": 60, "first_year": 2021,
        "last_year": 2025, "levels": ["lower_secondary", "upper_secondary"]})
    indicators = {i["key"]: i for i in service.indicators(
        service.totals(service.school_rows(PERIOD)), YEAR, service.SECONDARY)}
    assert indicators["program"]["met"] is True  # 66.7% >= 60%
    bad = client.post("/coverage/targets", data={
        "indicator": "reached", "percent": 150, "first_year": 2026, "last_year": 2020,
        "levels": ["primary"]}, follow_redirects=True)
    assert "flash-danger" in bad.data.decode()
    assert CoverageTarget.query.count() == 3


def test_anonymising_a_closed_year_keeps_the_figures(client, login_as, year_2024):
    before = service.totals(service.school_rows(PERIOD))
    login_as("viewer")
    assert client.post("/coverage/privacy/anonymise",
                       data={"year": "2024-2025", "confirm": "2024-2025"}).status_code == 403
    client.post("/logout")
    login_as("admin")
    refused = client.post("/coverage/privacy/anonymise",
                          data={"year": "2024-2025", "confirm": "2024"}, follow_redirects=True)
    assert "xác nhận" in refused.data.decode()
    done = client.post("/coverage/privacy/anonymise",
                       data={"year": "2024-2025", "confirm": "2024-2025"}, follow_redirects=True)
    assert "Đã ẩn danh" in done.data.decode()
    page = text(client.get(f"/coverage/schools/{year_2024['s4'].id}{Q}"))
    assert "Nguyễn Văn An" not in page and "Học sinh " in page
    after = service.totals(service.school_rows(PERIOD))
    assert (after.held, after.critical, after.reached) == (before.held, before.critical,
                                                            before.reached)
    # the game finished at 00:00 on 1 September 2025 belongs to the next, open year
    assert Player.query.filter(Player.nickname.like("S2 C%")).count() == 3
    again = client.post("/coverage/privacy/anonymise",
                        data={"year": "2024-2025", "confirm": "2024-2025"}, follow_redirects=True)
    assert "đã được ẩn danh" in again.data.decode()


@pytest.mark.parametrize("query", ["?period=abc", "?period=2024-2030", "?level=<script>",
                                   "?period=99999999999999999999", "?as_of=2026-02-30",
                                   "?period=2026&as_of=2025-01-01", "?as_of=%00"])
def test_bad_filters_fall_back_to_defaults(client, login_as, query):
    login_as("viewer")
    assert client.get(f"/coverage/{query}").status_code == 200


def test_a_report_day_left_from_another_period_falls_back_to_that_periods_default(app):
    from quizapp.coverage.periods import parse_period as read

    assert service.period_from_request({"period": "2026", "as_of": "2025-08-31"}) == \
        read("2026")
    assert service.period_from_request({"period": "2024-2025", "as_of": "2025-05-01"}) == \
        read("2024-2025", "2025-05-01")
