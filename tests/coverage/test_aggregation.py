"""The indicators on a hand-built school year whose every figure is known in advance.

School year 2024 (2024-2025), K = 3, the plan's targets (>80% and >=50% of THCS and THPT
schools; the 100% is for university students, so pupils have no target).

unit A: S1 THCS enrolment 3   live game G1 (half critical), 4 players -> held, critical;
                                  reached capped at the enrolment (4 players, 3 enrolled)
            S2 THPT enrolment 20  G2 with 2 players (< K), G_edge with 3 players finished at
                                  23:59 local on 31 Aug 2025 -> held; G_late one minute later
                                  belongs to 2025
            S3 THCS-THPT enrol. 0 only a campaign CP1, 3 attempts in grade 9 -> held at THCS,
                                  not at THPT; left out of "reached" (no enrolment)
unit B: S4 THCS enrolment 5   G3 with An, Bình, Chi; An also plays CP1 as "nguyen van an",
                                  class "Lớp 7a" -> 3 distinct students
            S5 primary            a game of 5 -> outside the secondary population
            S6 THCS enrolment 30  nothing -> missing
Excluded: a practice contest's game, an unfinished game, a player without a school, a player
with no answers.
"""

from quizapp.coverage import rollup, service
from quizapp.coverage.models import CoverageProgram
from quizapp.coverage.periods import parse_period
from tests.coverage.conftest import YEAR, at, players

PERIOD = parse_period(f"{YEAR}-{YEAR + 1}")


def by_code(rows):
    """Rows by school code; a liên cấp school's rows as "S3/THCS", "S3/THPT"."""
    return {row.code if not row.multi_level else f"{row.code}/{row.level_short}": row
            for row in rows}


def test_school_figures(year_2024):
    rows = by_code(service.school_rows(PERIOD))
    # primary S5 is not in the plan's set; S3 (THCS-THPT) is a THCS row and a THPT row
    assert set(rows) == {"S1", "S2", "S3/THCS", "S3/THPT", "S4", "S6"}
    s1, s2, s3, s4, s6 = (rows[c] for c in ("S1", "S2", "S3/THCS", "S4", "S6"))
    assert not rows["S3/THPT"].held and rows["S3/THPT"].participants == 0
    assert (s1.programs, s1.critical_programs, s1.participants, s1.reached) == (1, 1, 4, 3)
    assert s1.reached_pct == 100.0
    assert (s2.programs, s2.critical_programs, s2.participants) == (1, 0, 5)
    assert s2.reached_pct == 25.0
    assert (s3.programs, s3.participants, s3.reached, s3.reached_pct) == (1, 3, 0, None)
    assert (s4.programs, s4.participants, s4.participations) == (1, 3, 4)
    assert not s6.held and s6.participants == 0


def test_province_indicators_against_the_plan(year_2024):
    total = service.totals(service.school_rows(PERIOD))
    assert (total.schools, total.held, total.critical) == (6, 4, 1)
    assert (total.reached, total.enrolment) == (3 + 5 + 0 + 3 + 0, 3 + 20 + 0 + 5 + 30)
    result = {i["key"]: i for i in service.indicators(total, YEAR, service.SECONDARY)}
    assert result["program"]["value"] == 66.7
    assert result["program"]["met"] is False  # the plan says "more than 80%"
    assert result["critical"]["value"] == 16.7 and result["critical"]["met"] is False
    assert result["reached"]["value"] == 19.0
    assert result["reached"]["target"] is None and result["reached"]["met"] is None
    assert result["program"]["source"].startswith("Trên 80% các trường trung học cơ sở")
    assert total.no_enrolment == 2


def test_year_boundary_is_local_midnight_of_1_september(year_2024):
    next_year = by_code(service.school_rows(parse_period(f"{YEAR + 1}-{YEAR + 2}")))
    assert next_year["S2"].programs == 1 and next_year["S2"].critical_programs == 1
    assert next_year["S2"].participants == 3
    assert sum(r.participants for r in next_year.values()) == 3


def test_levels_and_units(year_2024):
    every = service.totals(service.school_rows(PERIOD, "all"))
    assert (every.schools, every.held, every.reached, every.enrolment) == (7, 5, 16, 108)
    upper = service.school_rows(PERIOD, "upper_secondary")
    assert [r.code for r in upper] == ["S2", "S3"]
    multi = [r for r in service.school_rows(PERIOD, "lower_secondary") if r.multi_level]
    assert service.totals(multi).reached_pct is None  # nobody enrolled: no ratio, not 0%
    units = {d["name"]: d["totals"] for d in service.by_unit(service.school_rows(PERIOD))}
    assert (units["Đơn vị A"].schools, units["Đơn vị A"].held) == (4, 3)
    assert (units["Đơn vị B"].schools, units["Đơn vị B"].held) == (2, 1)
    only_b = service.school_rows(PERIOD, unit_id=year_2024["b"].id)
    assert {r.code for r in only_b} == {"S4", "S6"}


def test_monthly_participation(year_2024):
    months = {m["month"]: m["participations"]
              for m in service.monthly(PERIOD, service.school_rows(PERIOD))}
    assert list(months)[0] == 202409 and list(months)[-1] == 202508
    assert months[202410] == 4 and months[202411] == 2 and months[202501] == 3
    assert months[202503] == 4 and months[202508] == 3 and months[202412] == 0


def test_topic_mastery_per_unit(year_2024):
    mastery = service.topic_mastery(PERIOD, service.school_rows(PERIOD))
    cells = {g["name"]: g["cells"] for g in mastery["groups"]}
    fake, safe = year_2024["fake"].id, year_2024["safe"].id
    # unit A, tin-gia: G1 4 of 8, G2 2 of 2, G_edge 3 of 3, CP1 3 of 3 (Ba answered 2 safe)
    assert cells["Đơn vị A"][fake] == {"answers": 16, "correct": 12, "pct": 75.0}
    assert cells["Đơn vị A"][safe]["pct"] == 100.0
    assert cells["Đơn vị B"][fake]["answers"] == 4  # G3's three players and An's attempt


def test_programs_behind_the_numbers(year_2024):
    rows = service.school_rows(PERIOD)
    items = service.programs(PERIOD, rows)
    assert len(items) == 5  # G1, G2, G_edge, G3, CP1 (not S5's primary game)
    counted = service.programs(PERIOD, rows, counted_only=True)
    assert {i["program"].title for i in counted} == {"Nửa về tin giả", "Mật khẩu"}
    assert len(counted) == 4  # G2 had only 2 players
    critical = service.programs(PERIOD, rows, critical_only=True)
    assert [i["program"].kind for i in critical] == ["game"]
    assert all(p.held_on.year in (2024, 2025) for p in CoverageProgram.query)


def test_refresh_is_incremental_and_idempotent(year_2024, world):
    assert rollup.refresh() == 7  # G1, G2, G_edge, G_late, G3, S5's game, CP1
    assert rollup.refresh() == 0
    contest = world.contest(world.host, world.questions(year_2024["safe"], 1), title="Mới")
    world.game(contest, at(2025, 5, 5), players(year_2024["s6"], "8A", 3, [True]))
    assert rollup.refresh() == 1
    assert by_code(service.school_rows(PERIOD))["S6"].held
    assert rollup.rebuild() == CoverageProgram.query.count()


def test_k_is_a_setting(year_2024, app):
    app.config["COVERAGE_MIN_PARTICIPANTS"] = 4
    rows = by_code(service.school_rows(PERIOD))
    assert rows["S1"].held and not rows["S2"].held and not rows["S3/THCS"].held


def test_targets_are_seeded_from_the_plan_with_their_levels(app):
    program = service.target_for("program", 2025, service.SECONDARY)
    assert (program.percent, program.strict) == (80, True)
    assert "3630/KH-UBND" in program.source and "Trên 80% các trường" in program.source
    assert service.target_for("program", 2025, ("lower_secondary",)) == program
    critical = service.target_for("critical", 2025, ("upper_secondary",))
    assert (critical.percent, critical.strict) == (50, False)
    # primary and GDTX have no target: never "chưa đạt" against the secondary one
    assert service.target_for("program", 2025, ("primary",)) is None
    assert service.target_for("program", 2025, ("continuing_education",)) is None
    # "100% sinh viên" is for university students, not pupils
    assert service.target_for("reached", 2025, service.SECONDARY) is None
    assert service.target_for("reached", 2025, ("university",)).percent == 100
    assert service.target_for("program", 2026, service.SECONDARY) is None  # plan: 2021-2025
