"""Periods (calendar year, school year, as of a day with running campaigns), liên cấp levels,
sample schools, the map a period was reported on, and frozen figures that never drift."""

from datetime import date, timedelta

import pytest

from quizapp.contests.models import Contest, ContestQuestion
from quizapp.core.clock import today_local
from quizapp.coverage import freeze, privacy, report, rollup, service
from quizapp.coverage.periods import Period, PeriodError, parse_period
from quizapp.extensions import db
from quizapp.schools.models import School
from quizapp.schools.registry import import_schools
from quizapp.schools.units import assign_unit
from tests.coverage.conftest import at, players

PERIOD = parse_period("2024-2025")


def by_code(rows):
    return {row.code if not row.multi_level else f"{row.code}/{row.level_short}": row
            for row in rows}


def test_parse_periods():
    calendar = parse_period("2026")
    assert (calendar.kind, calendar.start, calendar.as_of) == \
        ("calendar_year", date(2026, 1, 1), date(2026, 12, 15))  # reports are due by 15/12
    school = parse_period("2025-2026", "2026-05-31")
    assert (school.kind, school.start, school.cutoff) == \
        ("school_year", date(2025, 9, 1), date(2026, 5, 31))
    assert parse_period("2025-2026").as_of == date(2026, 8, 31)
    assert parse_period("2026", "15/12/2026").as_of == date(2026, 12, 15)
    assert parse_period("2026", "2027-03-01").cutoff == date(2026, 12, 31)
    assert calendar.previous() == Period("calendar_year", 2025, date(2025, 12, 15))
    for bad in ("26", "2025-2027", "2026-", "x", "", "2026\x00"):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_calendar_year_counts_a_campaign_still_running_on_the_report_day(world, k3):
    unit = world.unit("u", "Phường U")
    school = world.school("S", unit, "lower_secondary", 40)
    contest = world.contest(world.host, world.questions(world.topic("mat-khau"), 2))
    today = today_local()
    opens, closes = today - timedelta(days=5), today + timedelta(days=10)
    started = at(today.year, today.month, today.day) - timedelta(days=3)
    late = at(today.year, today.month, today.day) + timedelta(days=7)
    world.campaign(contest, [school], opens, closes, attempts=[
        *[(school, "7A", f"HS {i}", [True, True], started) for i in range(3)],
        (school, "7B", "HS muộn", [True], late)])
    on_report_day = Period("calendar_year", opens.year, today)
    row = service.school_rows(on_report_day)[0]
    assert (row.held, row.participants) == (True, 3)  # the attempt after the day: not yet
    later = Period("calendar_year", opens.year, today + timedelta(days=8))
    assert service.school_rows(later)[0].participants == 4
    data = report.build_report(on_report_day, trend=False)
    assert [r["pupils"] for r in data["running"]] == [3]
    # the host has no school: a department campaign
    assert {c["channel"]: c["participations"] for c in data["channels"]}["department"] == 3


def test_school_year_and_calendar_year_cut_differently(world, k3):
    unit = world.unit("u", "Xã U")
    school = world.school("S", unit, "upper_secondary", 30)
    contest = world.contest(world.host, world.questions(world.topic("mat-khau"), 1))
    world.game(contest, at(2025, 10, 10), players(school, "10A", 3, [True]))
    world.game(contest, at(2026, 3, 10), players(school, "10B", 4, [True], prefix="B"))
    assert service.school_rows(parse_period("2025"))[0].participants == 3
    assert service.school_rows(parse_period("2026"))[0].participants == 4
    assert service.school_rows(parse_period("2025-2026"))[0].participants == 7
    assert service.school_rows(parse_period("2026", "2026-03-01"))[0].participants == 0


def test_a_lien_cap_school_counts_at_each_level_with_its_own_enrolment(world, k3):
    unit = world.unit("u", "Xã U")
    both = world.school("LC", unit, "primary_lower", 300)
    both.enrolment_by_level = {"primary": 200, "lower_secondary": 100}
    db.session.commit()
    contest = world.contest(world.host, world.questions(world.topic("mat-khau"), 1))
    world.game(contest, at(2025, 10, 10), players(both, "3A", 3, [True])
               + players(both, "7A", 2, [True], prefix="B") + [(both, "CLB", "Ai đó", [True])])
    rows = by_code(service.school_rows(parse_period("2025-2026"), "all"))
    primary, lower = rows["LC/TH"], rows["LC/THCS"]
    assert (primary.enrolment, primary.participants, primary.held) == (200, 3, True)
    assert (lower.enrolment, lower.participants, lower.held) == (100, 2, False)
    assert lower.partial  # pupils took part, fewer than K
    # the plan's population (THCS and THPT) counts only the THCS row, with 100 pupils
    secondary = service.totals(service.school_rows(parse_period("2025-2026")))
    assert (secondary.schools, secondary.held, secondary.enrolment) == (1, 0, 100)


def test_sample_schools_stop_counting_once_a_real_registry_is_imported(world, k3, units):
    from quizapp.schools.seed import load_sample_schools, load_sample_units

    load_sample_units()
    load_sample_schools()
    period = parse_period("2025-2026")
    assert len(service.school_rows(period)) == 20 and not service.has_real_schools()
    assert all(r.is_sample for r in service.school_rows(period))
    import_schools("mã,tên,đơn vị,cấp học,sĩ số\nR1,Trường THCS Thật,T-P1,THCS,300\n"
                   .encode(), "that.csv")
    assert [r.code for r in service.school_rows(period)] == ["R1"]
    assert "Trường mẫu không được tính" in " ".join(
        report.build_report(period, trend=False)["method"]["notes"])


def test_a_past_period_keeps_the_map_it_was_reported_on(world, k3):
    old, new = world.unit("old", "Xã Cũ"), world.unit("new", "Phường Mới")
    school = world.school("S", old, "lower_secondary", 30)
    contest = world.contest(world.host, world.questions(world.topic("mat-khau"), 1))
    world.game(contest, at(2025, 3, 10), players(school, "7A", 3, [True]))
    assign_unit(school, new, date(2025, 9, 1))
    db.session.commit()
    assert service.school_rows(PERIOD)[0].unit == "Xã Cũ"
    assert service.school_rows(parse_period("2025-2026"))[0].unit == "Phường Mới"


def figures(period=PERIOD):
    data = report.report_data(period)
    return {k: v for k, v in data.items() if k not in ("generated", "frozen")}


def live(period=PERIOD):
    data = report.build_report(period)
    return {k: v for k, v in data.items() if k != "generated"}


def drift_registry_import(ctx):
    import_schools("mã,tên,đơn vị,cấp học,sĩ số\nS1,Trường S1,huyen-b,THCS,900\n"
                   "S7,Trường S7,huyen-a,THPT,400\n".encode(), "nam-sau.csv")


def drift_deactivate(ctx):
    ctx["s6"].active = False
    db.session.commit()


def drift_edit_old_contest(ctx):
    contest = Contest.query.filter_by(title="Mật khẩu").first()
    topic = ctx["fake"]
    for question in ctx["world"].questions(topic, 4):
        db.session.add(ContestQuestion(contest_id=contest.id, question_id=question.id,
                                       position=99 + question.id))
    db.session.commit()
    rollup.rebuild()


def drift_practice_flag(ctx):
    Contest.query.filter_by(title="Nửa về tin giả").first().practice = True
    db.session.commit()
    rollup.refresh()


def drift_anonymise(ctx):
    privacy.anonymise_year(2024, None)


def drift_move_school(ctx):
    assign_unit(ctx["s1"], ctx["b"], date(2025, 1, 1))
    db.session.commit()


@pytest.mark.parametrize("drift", [drift_registry_import, drift_deactivate,
                                   drift_edit_old_contest, drift_practice_flag,
                                   drift_anonymise, drift_move_school])
def test_frozen_figures_do_not_move_after_a_drifting_action(year_2024, world, drift):
    record = freeze.freeze(PERIOD, None, number="12")
    frozen = figures()
    before_live = live()
    assert frozen == {k: v for k, v in record.figures.items() if k != "generated"}
    drift({**year_2024, "world": world})
    db.session.expire_all()
    assert figures() == frozen  # the report of the frozen period is the snapshot
    body = report.render(report.report_data(PERIOD), "xlsx")[0]
    again = report.render(freeze.with_stamp(freeze.latest("2024-2025")), "xlsx")[0]
    assert len(body) > 0 and again
    if drift is not drift_anonymise:  # anonymising keeps the live figures too (hashes)
        assert live() != before_live, "the action should change the live figures"
    else:
        assert live()["indicators"] == before_live["indicators"]


def test_a_new_version_needs_a_reason_and_shows_what_changed(year_2024):
    first = freeze.freeze(PERIOD, None)
    with pytest.raises(freeze.FreezeError, match="lý do"):
        freeze.freeze(PERIOD, None)
    year_2024["s6"].active = False
    db.session.commit()
    second = freeze.freeze(PERIOD, None, reason="Trường S6 đã sáp nhập")
    assert (first.version, second.version) == (1, 2)
    changes = {c["path"]: (c["old"], c["new"])
               for c in freeze.differences(first.figures, second.figures)}
    assert changes["total.schools"] == (6, 5)
    assert changes["indicators[0].value"] == (66.7, 80.0)
    assert changes["schools[S6 THCS]"][1] is None  # S6 left the list
    assert report.report_data(PERIOD)["frozen"]["version"] == 2
    with pytest.raises(freeze.FreezeError, match="ký tự"):
        freeze.freeze(PERIOD, None, reason="x\x00y")


def test_cli_freeze_versions_and_export_the_frozen_figures(runner, year_2024, tmp_path):
    result = runner.invoke(args=["report", "freeze", "--period", "2024-2025", "--as-of",
                                 "2025-08-31", "--number", "7"])
    assert result.exit_code == 0 and "version 1" in result.output, result.output
    again = runner.invoke(args=["report", "freeze", "--period", "2024-2025"])
    assert again.exit_code != 0 and "lý do" in again.output
    School.query.filter_by(code="S6").one().active = False
    db.session.commit()
    target = tmp_path / "bc.xlsx"
    out = runner.invoke(args=["report", "coverage", "--period", "2024-2025", str(target)])
    assert "frozen v1" in out.output
    from openpyxl import load_workbook

    assert "Trường S6" in [r[1] for r in load_workbook(target)["Trường"].iter_rows(
        values_only=True)]
    runner.invoke(args=["report", "freeze", "--period", "2024-2025", "--reason", "sáp nhập"])
    listing = runner.invoke(args=["report", "versions", "--period", "2024-2025", "--diff"])
    assert "v1" in listing.output and "v2" in listing.output
    assert "total.schools: 6 -> 5" in listing.output


def test_admin_freezes_on_the_web_and_viewers_cannot(client, login_as, year_2024):
    login_as("viewer")
    assert client.post("/coverage/freezes?period=2024-2025").status_code == 403
    assert client.get("/coverage/freezes?period=2024-2025").status_code == 200
    client.post("/logout")
    login_as("admin")
    page = client.post("/coverage/freezes?period=2024-2025&as_of=2025-08-31",
                       data={"number": "9"}, follow_redirects=True).data.decode()
    assert "phiên bản 1" in page
    year_2024["s6"].active = False
    db.session.commit()
    page = client.post("/coverage/freezes?period=2024-2025&as_of=2025-08-31",
                       data={"reason": "sáp nhập"}, follow_redirects=True).data.decode()
    assert "total.schools" in page and "sáp nhập" in page
    dashboard = client.get("/coverage/?period=2024-2025&as_of=2025-08-31").data.decode()
    assert 'id="frozen-note"' in dashboard
    official = client.get("/coverage/report?period=2024-2025&as_of=2025-08-31").data.decode()
    assert 'id="frozen-stamp"' in official and "phiên bản 2" in official
    assert "Trường S6" not in official.split("IV.")[1].split("V.")[0]
