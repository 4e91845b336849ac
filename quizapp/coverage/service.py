"""The coverage figures: per school, unit and province, by school year and level.

Every function reads the roll-up (coverage.rollup) and the school registry, never the raw
answers, so a page costs a handful of grouped queries over a few hundred thousand rows at
most. Definitions (docs/coverage.md):

- a school *held a program* in a year when at least one program of that year had at least
  K participants from it (K = QUIZAPP_COVERAGE_MIN_PARTICIPANTS, default 10);
- a *critical-thinking program* is such a program whose questions came at least half from
  topics marked critical_thinking;
- *students reached* = distinct participant identities of the school in the year, capped at
  its enrolment, divided by the enrolment; schools with no enrolment on record are left out
  of the ratio (their participants are still shown).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, distinct, func, select

from quizapp.bank.models import Topic
from quizapp.core.clock import today_local
from quizapp.coverage import rollup
from quizapp.coverage.models import (
    CoverageParticipant,
    CoverageProgram,
    CoverageProgramSchool,
    CoverageTarget,
    CoverageTopicResult,
)
from quizapp.extensions import db
from quizapp.schools.identity import name_key
from quizapp.schools.models import LEVELS, AdminUnit, School, level_name
from quizapp.schools.years import school_year_of, year_months

SECONDARY = ("lower_secondary", "upper_secondary", "lower_upper")
PLAN_SOURCE = "Kế hoạch 3630/KH-UBND năm 2021 của UBND tỉnh Kon Tum, mục II.2"
# (indicator, percent, strict): "trên 80%", "50%", "100%" in the plan's section II.2.
PLAN_TARGETS = (("program", 80, True), ("critical", 50, False), ("reached", 100, False))
PLAN_YEARS = (2021, 2025)


def min_participants() -> int:
    """Return K, the participants a program needs from a school to count for it."""
    return max(1, int(current_app.config["COVERAGE_MIN_PARTICIPANTS"]))


def current_year() -> int:
    return school_year_of(today_local())


def ensure_default_targets() -> None:
    """Seed the plan's 2025 targets when no target has been defined at all."""
    if db.session.query(CoverageTarget.id).first() is None:
        for indicator, percent, strict in PLAN_TARGETS:
            db.session.add(CoverageTarget(
                indicator=indicator, percent=percent, strict=strict,
                first_year=PLAN_YEARS[0], last_year=PLAN_YEARS[1], levels=list(SECONDARY),
                source=PLAN_SOURCE))
        db.session.commit()


def targets_for(year: int) -> dict:
    """Return {indicator: CoverageTarget} in force in school year `year`."""
    ensure_default_targets()
    found = {}
    for target in CoverageTarget.query.filter(
            CoverageTarget.first_year <= year, CoverageTarget.last_year >= year).order_by(
            CoverageTarget.first_year, CoverageTarget.id):
        found[target.indicator] = target  # the most recent range wins
    return found


def level_choices() -> list[tuple]:
    """The level filter: the plan's population, every level, or one level (lazy labels)."""
    return [("secondary", _l("THCS, THPT và liên cấp")), ("all", _l("Mọi cấp học"))] + [
        (key, _l(labels[0])) for key, labels in LEVELS.items()]


def levels_of(level: str) -> tuple[str, ...]:
    """Return the school levels a level filter means ("secondary" = the plan's population)."""
    if level == "all":
        return tuple(LEVELS)
    if level in LEVELS:
        return (level,)
    return SECONDARY


def pct(part, whole):
    """Return part/whole as a percentage with one decimal, or None when whole is zero."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class SchoolRow:
    id: int
    code: str
    name: str
    unit_id: int
    unit: str
    level: str
    enrolment: int
    programs: int = 0  # programs with >= K participants from this school
    critical_programs: int = 0
    participations: int = 0  # participant rows in those and smaller programs
    participants: int = 0  # distinct identities

    @property
    def held(self) -> bool:
        return self.programs > 0

    @property
    def critical(self) -> bool:
        return self.critical_programs > 0

    @property
    def reached(self) -> int:
        return min(self.participants, self.enrolment)

    @property
    def reached_pct(self):
        return pct(self.reached, self.enrolment)

    @property
    def level_label(self) -> str:
        return level_name(self.level)


@dataclass
class Totals:
    """The three indicators over a set of schools."""

    schools: int = 0
    held: int = 0
    critical: int = 0
    enrolment: int = 0
    reached: int = 0
    participants: int = 0
    no_enrolment: int = 0
    extra: dict = field(default_factory=dict)

    def add(self, row: SchoolRow) -> None:
        self.schools += 1
        self.held += row.held
        self.critical += row.critical
        self.enrolment += row.enrolment
        self.reached += row.reached
        self.participants += row.participants
        self.no_enrolment += row.enrolment == 0

    @property
    def held_pct(self):
        return pct(self.held, self.schools)

    @property
    def critical_pct(self):
        return pct(self.critical, self.schools)

    @property
    def reached_pct(self):
        return pct(self.reached, self.enrolment)


def school_rows(year: int, level: str = "secondary", unit_id: int | None = None,
                school_id: int | None = None) -> list[SchoolRow]:
    """Return one row per active school in the filter, with its indicators for `year`."""
    rollup.refresh()
    k = min_participants()
    query = (select(School.id, School.code, School.name, School.unit_id, AdminUnit.name,
                    School.level, School.enrolment)
             .join(AdminUnit, AdminUnit.id == School.unit_id)
             .where(School.active.is_(True), School.level.in_(levels_of(level))))
    if unit_id is not None:
        query = query.where(School.unit_id == unit_id)
    if school_id is not None:
        query = query.where(School.id == school_id)
    found = [SchoolRow(*r) for r in db.session.execute(query)]
    found.sort(key=lambda r: (name_key(r.unit), name_key(r.name)))  # Vietnamese order
    rows = {row.id: row for row in found}
    if not rows:
        return []
    critical = case((and_critical(), 1), else_=0)
    counted = (select(CoverageProgramSchool.school_id, func.count(), func.sum(critical))
               .join(CoverageProgram, CoverageProgram.id == CoverageProgramSchool.program_id)
               .where(CoverageProgram.school_year == year,
                      CoverageProgramSchool.participants >= k)
               .group_by(CoverageProgramSchool.school_id))
    for sid, programs, crit in db.session.execute(_only(counted, CoverageProgramSchool, rows)):
        if sid in rows:
            rows[sid].programs, rows[sid].critical_programs = programs, int(crit or 0)
    people = (select(CoverageParticipant.school_id, func.count(),
                     func.count(distinct(CoverageParticipant.identity)))
              .where(CoverageParticipant.school_year == year)
              .group_by(CoverageParticipant.school_id))
    for sid, participations, distinct_people in db.session.execute(
            _only(people, CoverageParticipant, rows)):
        if sid in rows:
            rows[sid].participations, rows[sid].participants = participations, distinct_people
    return list(rows.values())


def _only(query, model, rows):
    """Narrow a per-school query to a small set of schools (a unit page, a school page)."""
    if len(rows) <= 50:
        return query.where(model.school_id.in_(list(rows)))
    return query


def and_critical():
    return (CoverageProgram.question_count > 0) & (
        2 * CoverageProgram.critical_count >= CoverageProgram.question_count)


def totals(rows) -> Totals:
    result = Totals()
    for row in rows:
        result.add(row)
    return result


def by_unit(rows) -> list[dict]:
    """Group school rows by unit: [{id, name, totals}] in name order."""
    groups = defaultdict(Totals)
    names = {}
    for row in rows:
        groups[row.unit_id].add(row)
        names[row.unit_id] = row.unit
    return [{"id": did, "name": names[did], "totals": groups[did]}
            for did in sorted(groups, key=lambda d: name_key(names[d]))]


def indicators(total: Totals, targets: dict) -> list[dict]:
    """The three indicators of `total` against the targets in force."""
    out = []
    for key, value, part, whole in (
            ("program", total.held_pct, total.held, total.schools),
            ("critical", total.critical_pct, total.critical, total.schools),
            ("reached", total.reached_pct, total.reached, total.enrolment)):
        target = targets.get(key)
        out.append({"key": key, "value": value, "part": part, "whole": whole,
                    "target": target, "met": target.met_by(value) if target else None})
    return out


def monthly(year: int, level: str = "secondary", unit_id: int | None = None,
            school_id: int | None = None) -> list[dict]:
    """Participations and programs per month of the school year (September first).

    Grouped per school in SQL (an index-only scan of coverage_participant), then narrowed to
    the schools of the filter here: cheaper than joining 100,000 rows to the registry.
    """
    rollup.refresh()
    wanted = set(_school_ids(level, unit_id, school_id))
    participations = defaultdict(int)
    for sid, month, count in db.session.execute(
            select(CoverageParticipant.school_id, CoverageParticipant.month, func.count())
            .where(CoverageParticipant.school_year == year)
            .group_by(CoverageParticipant.school_id, CoverageParticipant.month)):
        if sid in wanted:
            participations[month] += count
    programs = defaultdict(set)
    for pid, held_on, sid in db.session.execute(
            select(CoverageProgram.id, CoverageProgram.held_on, CoverageProgramSchool.school_id)
            .join(CoverageProgramSchool, CoverageProgramSchool.program_id == CoverageProgram.id)
            .where(CoverageProgram.school_year == year)):
        if sid in wanted:
            programs[held_on.year * 100 + held_on.month].add(pid)
    return [{"month": m, "label": f"{m % 100:02d}/{m // 100}",
             "participations": participations.get(m, 0), "programs": len(programs.get(m, ()))}
            for m in year_months(year)]


def _school_ids(level, unit_id=None, school_id=None) -> list[int]:
    query = select(School.id).where(School.active.is_(True), School.level.in_(levels_of(level)))
    if unit_id is not None:
        query = query.where(School.unit_id == unit_id)
    if school_id is not None:
        query = query.where(School.id == school_id)
    return [sid for (sid,) in db.session.execute(query)]


def topic_mastery(year: int, level: str = "secondary", unit_id: int | None = None,
                  school_id: int | None = None, by: str = "unit") -> dict:
    """% correct per topic, per unit (or per school with by="school").

    Returns {"topics": [...], "groups": [{id, name, cells: {topic_id: {answers, correct,
    pct}}, total}], "overall": {topic_id: cell}}.
    """
    rollup.refresh()
    group_col = School.unit_id if by == "unit" else School.id
    query = (select(group_col, CoverageTopicResult.topic_id,
                    func.sum(CoverageTopicResult.answers), func.sum(CoverageTopicResult.correct))
             .join(CoverageProgram, CoverageProgram.id == CoverageTopicResult.program_id)
             .join(School, School.id == CoverageTopicResult.school_id)
             .where(CoverageProgram.school_year == year, School.active.is_(True),
                    School.level.in_(levels_of(level)))
             .group_by(group_col, CoverageTopicResult.topic_id))
    if unit_id is not None:
        query = query.where(School.unit_id == unit_id)
    if school_id is not None:
        query = query.where(School.id == school_id)
    cells = defaultdict(dict)
    overall = defaultdict(lambda: [0, 0])
    for group, topic_id, answers, correct in db.session.execute(query):
        answers, correct = int(answers or 0), int(correct or 0)
        cells[group][topic_id] = {"answers": answers, "correct": correct,
                                  "pct": pct(correct, answers)}
        overall[topic_id][0] += answers
        overall[topic_id][1] += correct
    topic_ids = set(overall)
    topics = Topic.query.filter(Topic.id.in_(topic_ids)).order_by(Topic.name).all() \
        if topic_ids else []
    if by == "unit":
        names = dict(db.session.execute(select(AdminUnit.id, AdminUnit.name).where(
            AdminUnit.id.in_(list(cells)))).all()) if cells else {}
    else:
        names = dict(db.session.execute(select(School.id, School.name).where(
            School.id.in_(list(cells)))).all()) if cells else {}
    groups = [{"id": gid, "name": names.get(gid, "?"), "cells": cells[gid]}
              for gid in sorted(cells, key=lambda g: name_key(names.get(g, "")))]
    return {"topics": topics, "groups": groups,
            "overall": {tid: {"answers": a, "correct": c, "pct": pct(c, a)}
                        for tid, (a, c) in overall.items()}}


def programs(year: int, level: str = "secondary", unit_id: int | None = None,
             school_id: int | None = None, counted_only: bool = False,
             critical_only: bool = False, limit: int = 1000) -> list[dict]:
    """Programs of the year with their participants from the schools in the filter."""
    rollup.refresh()
    k = min_participants()
    query = (select(CoverageProgram, func.count(CoverageProgramSchool.school_id),
                    func.sum(CoverageProgramSchool.participants),
                    func.sum(CoverageProgramSchool.answers),
                    func.sum(CoverageProgramSchool.correct),
                    func.sum(case((CoverageProgramSchool.participants >= k, 1), else_=0)))
             .join(CoverageProgramSchool,
                   CoverageProgramSchool.program_id == CoverageProgram.id)
             .join(School, School.id == CoverageProgramSchool.school_id)
             .where(CoverageProgram.school_year == year, School.active.is_(True),
                    School.level.in_(levels_of(level)))
             .group_by(CoverageProgram.id)
             .order_by(CoverageProgram.held_on.desc(), CoverageProgram.id.desc())
             .limit(limit))
    if unit_id is not None:
        query = query.where(School.unit_id == unit_id)
    if school_id is not None:
        query = query.where(School.id == school_id)
    if counted_only:
        query = query.where(CoverageProgramSchool.participants >= k)
    if critical_only:
        query = query.where(and_critical())
    return [{"program": program, "schools": schools, "participants": int(people or 0),
             "correct_pct": pct(int(correct or 0), int(answers or 0)),
             "counted_schools": int(counted or 0)}
            for program, schools, people, answers, correct, counted in db.session.execute(query)]


def school_classes(year: int, school_id: int) -> list[dict]:
    """Distinct participants per class of one school (class keys, no names)."""
    rows = db.session.execute(
        select(CoverageParticipant.class_key,
               func.count(distinct(CoverageParticipant.identity)), func.count())
        .where(CoverageParticipant.school_year == year,
               CoverageParticipant.school_id == school_id)
        .group_by(CoverageParticipant.class_key).order_by(CoverageParticipant.class_key))
    return [{"class_key": key.upper(), "participants": people, "participations": count}
            for key, people, count in rows]


def years_available() -> list[int]:
    """School years with any program, plus the current one, newest first."""
    years = {y for (y,) in db.session.execute(
        select(CoverageProgram.school_year).distinct())}
    years.add(current_year())
    return sorted(years, reverse=True)
