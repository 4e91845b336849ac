"""The coverage figures: per school and level, per unit and province, over a report period.

Every function reads the roll-up (coverage.rollup) and the school registry, never the raw
answers. Definitions (docs/coverage.md):

- a row is a *school at one level*: a liên cấp school counts at each level it teaches, with
  its enrolment at that level (a THCS-THPT school is one THCS row and one THPT row);
- a school *held a program* at a level in a period when at least one program of the period had
  at least K participants of that level from it (K = QUIZAPP_COVERAGE_MIN_PARTICIPANTS);
- a *critical-thinking program* is such a program whose questions came at least half from
  topics marked critical_thinking;
- *pupils reached* = distinct pupils of the school and level in the period, capped at its
  enrolment at that level; a figure with no plan target unless a department sets one;
- the period: programs that ended between its first day and the report day, plus campaigns
  still open on the report day with what pupils did up to that day (coverage/periods.py);
- sample schools (`is_sample`) stop counting once any real school is registered.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, distinct, func, select

from quizapp.bank.models import Topic
from quizapp.core.clock import local_date, today_local
from quizapp.coverage import offline, rollup
from quizapp.coverage.levels import pupil_level
from quizapp.coverage.models import (
    CoverageParticipant,
    CoverageProgram,
    CoverageProgramSchool,
    CoverageTarget,
    CoverageTopicResult,
)
from quizapp.coverage.periods import Period, parse_period
from quizapp.coverage.plan import PLAN_LINES, PLAN_SOURCE, PLAN_YEARS
from quizapp.extensions import db
from quizapp.schools.identity import name_key as _name_key
from quizapp.schools.models import LEVELS, PUPIL_LEVELS, TEACHES, School, level_name
from quizapp.schools.units import ancestors, unit_on, unit_tree
from quizapp.schools.years import school_year_of

SECONDARY = ("lower_secondary", "upper_secondary")
# Unit and school names sort by their folded form; a page sorts the same few hundred names
# several times, so each is folded once.
name_key = lru_cache(maxsize=8192)(_name_key)
# (indicator, percent, strict, levels): the plan sets no figure for school pupils; its 100% is
# for university students ("sinh viên"), tracked where universities and colleges are registered.
PLAN_TARGETS = (("program", 80, True, SECONDARY), ("critical", 50, False, SECONDARY),
                ("reached", 100, False, ("university",)))
# Short level names for tables and files.
LEVEL_SHORT = {"primary": "TH", "lower_secondary": "THCS", "upper_secondary": "THPT",
               "continuing_education": "GDTX", "university": _l("ĐH, CĐ")}


def min_participants() -> int:
    """Return K, the participants a program needs from a school to count for it."""
    return max(1, int(current_app.config["COVERAGE_MIN_PARTICIPANTS"]))


def current_period() -> Period:
    """This calendar year, as of today (the report due on 15/12 is one click away)."""
    today = today_local()
    return Period("calendar_year", today.year, today)


def current_year() -> int:
    return school_year_of(today_local())


def ensure_default_targets() -> None:
    """Seed the plan's targets (2021–2025) when no target has been defined at all."""
    if db.session.query(CoverageTarget.id).first() is None:
        for indicator, percent, strict, levels in PLAN_TARGETS:
            db.session.add(CoverageTarget(
                indicator=indicator, percent=percent, strict=strict,
                first_year=PLAN_YEARS[0], last_year=PLAN_YEARS[1], levels=list(levels),
                source=f"{PLAN_SOURCE}: “{PLAN_LINES[indicator]}”"))
        db.session.commit()


def target_for(indicator: str, year: int, levels) -> CoverageTarget | None:
    """The target in force in `year` for `indicator` that covers every level in `levels`.

    A target for THCS and THPT applies to the THCS row, the THPT row and both together; it
    does not apply to primary or GDTX. Where ranges overlap, the one starting later wins.
    """
    ensure_default_targets()
    wanted = set(levels)
    if not wanted:
        return None
    found = None
    for target in CoverageTarget.query.filter(
            CoverageTarget.indicator == indicator, CoverageTarget.first_year <= year,
            CoverageTarget.last_year >= year).order_by(CoverageTarget.first_year,
                                                       CoverageTarget.id):
        if wanted <= set(target.levels or ()):
            found = target
    return found


def level_choices() -> list[tuple]:
    """The level filter: the plan's population, every level, or one level (lazy labels)."""
    return [("secondary", _l("THCS và THPT")), ("all", _l("Mọi cấp học"))] + [
        (key, LEVELS[key][0]) for key in PUPIL_LEVELS]


def levels_of(level: str) -> tuple[str, ...]:
    """Return the pupil levels a level filter means ("secondary" = the plan's population)."""
    if level == "all":
        return PUPIL_LEVELS
    if level in PUPIL_LEVELS:
        return (level,)
    return SECONDARY


def pct(part, whole):
    """Return part/whole as a percentage with one decimal, or None when whole is zero."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class SchoolRow:
    """One school at one level, with its figures for the period."""

    id: int
    code: str
    name: str
    unit_id: int
    unit: str
    school_type: str
    level: str
    enrolment: int
    is_sample: bool = False
    chain: tuple = ()  # unit ids from the school's unit up to its province
    programs: int = 0  # programs with >= K participants of this level from the school
    critical_programs: int = 0
    participations: int = 0  # participant rows in those and smaller programs
    participants: int = 0  # distinct pupils identified in the app
    declared: int = 0  # the largest declared attendance of one program held outside the app
    offline_programs: int = 0  # programs held outside the app (any size)

    @property
    def held(self) -> bool:
        return self.programs > 0

    @property
    def critical(self) -> bool:
        return self.critical_programs > 0

    @property
    def partial(self) -> bool:
        """Pupils took part, but no program reached K of them."""
        return not self.held and (self.participants > 0 or self.declared > 0)

    @property
    def reached(self) -> int:
        """Identified pupils plus declared ones (never told apart), capped at the enrolment."""
        return min(self.participants + self.declared, self.enrolment)

    @property
    def reached_pct(self):
        return pct(self.reached, self.enrolment)

    @property
    def level_label(self) -> str:
        return level_name(self.level)

    @property
    def level_short(self) -> str:
        return str(LEVEL_SHORT[self.level])

    @property
    def type_label(self) -> str:
        return level_name(self.school_type)

    @property
    def multi_level(self) -> bool:
        return len(TEACHES[self.school_type]) > 1


@dataclass
class Totals:
    """The three indicators over a set of school-level rows."""

    schools: int = 0
    held: int = 0
    critical: int = 0
    partial: int = 0
    enrolment: int = 0
    reached: int = 0
    participants: int = 0
    declared: int = 0
    no_enrolment: int = 0
    extra: dict = field(default_factory=dict)

    def add(self, row: SchoolRow) -> None:
        self.schools += 1
        self.held += row.held
        self.critical += row.critical
        self.partial += row.partial
        self.enrolment += row.enrolment
        self.reached += row.reached
        self.participants += row.participants
        self.declared += row.declared
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


def has_real_schools() -> bool:
    """True once any real (not sample) school is registered: samples then stop counting."""
    return db.session.query(School.id).filter(School.is_sample.is_(False)).first() is not None


def school_rows(period: Period, level: str = "secondary", unit_id: int | None = None,
                school_id: int | None = None) -> list[SchoolRow]:
    """Return one row per active school and level in the filter, with its period figures."""
    levels = levels_of(level)
    found = []
    tree = unit_tree()
    moved = unit_on(period.cutoff)
    query = select(School.id, School.code, School.name, School.unit_id, School.level,
                   School.enrolment, School.enrolment_by_level, School.is_sample).where(
        School.active.is_(True))
    if has_real_schools():
        query = query.where(School.is_sample.is_(False))
    if school_id is not None:
        query = query.where(School.id == school_id)
    for sid, code, name, current_unit, kind, enrolment, split, sample in db.session.execute(
            query):
        unit = moved.get(sid, current_unit)
        chain = tuple(u.id for u in ancestors(tree, unit))
        if unit_id is not None and unit_id not in chain:
            continue
        taught = TEACHES.get(kind, ())
        for pupil_level_key in taught:
            if pupil_level_key not in levels:
                continue
            at_level = enrolment if len(taught) == 1 else int((split or {}).get(
                pupil_level_key, 0))
            found.append(SchoolRow(sid, code, name, unit, tree[unit].name if unit in tree
                                   else "?", kind, pupil_level_key, at_level, sample, chain))
    found.sort(key=lambda r: (name_key(r.unit), name_key(r.name), PUPIL_LEVELS.index(r.level)))
    if not found:
        return []
    figures = period_figures(period)
    for row in found:
        cell = figures.get((row.id, row.level))
        if cell:
            row.programs, row.critical_programs = cell["programs"], cell["critical"]
            row.participations, row.participants = cell["participations"], cell["pupils"]
            row.declared, row.offline_programs = cell["declared"], cell["offline"]
    return found


def in_period(period: Period):
    return CoverageProgram.held_on.between(period.start, period.cutoff)


def participants_in(period: Period, *columns):
    """select(columns) of coverage_participant restricted to the period's programs.

    A whole school year reads the participant's own school_year (an index scan of
    ix_coverage_participant_year_school); any other period joins the programs by day.
    """
    query = select(*columns)
    if period.kind == "school_year" and period.cutoff == period.bounds[1]:
        return query.where(CoverageParticipant.school_year == period.year)
    return query.join(CoverageProgram, CoverageProgram.id == CoverageParticipant.program_id) \
        .where(in_period(period))


def and_critical():
    return (CoverageProgram.question_count > 0) & (
        2 * CoverageProgram.critical_count >= CoverageProgram.question_count)


def period_figures(period: Period) -> dict:
    """{(school id, level): {programs, critical, participations, pupils}} for the period.

    Cached per request: a page asks for several filters of the same period.
    """
    cache = g.setdefault("coverage_figures", {}) if has_request_context() else {}
    key = (period, min_participants())
    if key not in cache:
        cache[key] = _compute_figures(period)
    return cache[key]


def _compute_figures(period: Period) -> dict:
    rollup.refresh()
    k = min_participants()
    types = rollup.school_types()
    single = {sid for sid, kind in types.items() if len(TEACHES.get(kind, ())) == 1}
    cells = defaultdict(lambda: {"programs": 0, "critical": 0, "participations": 0,
                                 "pupils": 0, "declared": 0, "attendances": 0, "offline": 0})
    critical = case((and_critical(), 1), else_=0)
    # Programs that reached K pupils of a one-level school: the per-school roll-up says it.
    for sid, programs, crit in db.session.execute(
            select(CoverageProgramSchool.school_id, func.count(), func.sum(critical))
            .join(CoverageProgram, CoverageProgram.id == CoverageProgramSchool.program_id)
            .where(in_period(period), CoverageProgramSchool.participants >= k)
            .group_by(CoverageProgramSchool.school_id)):
        if sid in single:
            cell = cells[(sid, TEACHES[types[sid]][0])]
            cell["programs"], cell["critical"] = programs, int(crit or 0)
    # A liên cấp school: K pupils *of that level* in one program.
    multi = [sid for sid in types if sid not in single]
    if multi:
        per_level = (select(CoverageParticipant.program_id, CoverageParticipant.school_id,
                            CoverageParticipant.level, func.count(),
                            func.max(critical))
                     .join(CoverageProgram,
                           CoverageProgram.id == CoverageParticipant.program_id)
                     .where(in_period(period), CoverageParticipant.school_id.in_(multi),
                            CoverageParticipant.level != "")
                     .group_by(CoverageParticipant.program_id, CoverageParticipant.school_id,
                               CoverageParticipant.level))
        for _pid, sid, level, count, crit in db.session.execute(per_level):
            if count >= k:
                cells[(sid, level)]["programs"] += 1
                cells[(sid, level)]["critical"] += int(crit or 0)
    running = running_campaigns(period)
    touched = {(p["school_id"], p["level"]) for r in running for p in r["pupils"]}
    identities = defaultdict(set)
    for sid, level, participations, pupils in db.session.execute(
            participants_in(period, CoverageParticipant.school_id, CoverageParticipant.level,
                            func.count(), func.count(distinct(CoverageParticipant.identity)))
            .group_by(CoverageParticipant.school_id, CoverageParticipant.level)):
        cell = cells[(sid, level)]
        cell["participations"], cell["pupils"] = participations, pupils
    if touched:
        schools = sorted({sid for sid, _level in touched})
        for sid, level, identity in db.session.execute(
                select(CoverageParticipant.school_id, CoverageParticipant.level,
                       CoverageParticipant.identity).distinct()
                .join(CoverageProgram, CoverageProgram.id == CoverageParticipant.program_id)
                .where(in_period(period), CoverageParticipant.school_id.in_(schools))):
            identities[(sid, level)].add(identity)
    for campaign in running:
        counts = defaultdict(int)
        for pupil in campaign["pupils"]:
            cell_key = (pupil["school_id"], pupil["level"])
            counts[cell_key] += 1
            cells[cell_key]["participations"] += 1
            identities[cell_key].add(pupil["identity"])
        for cell_key, count in counts.items():
            if cell_key[1] and count >= k:
                cells[cell_key]["programs"] += 1
                cells[cell_key]["critical"] += int(campaign["critical"])
    for cell_key in touched:
        cells[cell_key]["pupils"] = len(identities[cell_key])
    offline.add_figures(cells, period, k)
    return dict(cells)


def running_campaigns(period: Period) -> list[dict]:
    """Campaigns open on the report day (not yet in the roll-up's period), pupils so far.

    Each: {id, title, closes_on, critical, channel, pupils: [{school_id, level, identity}]}.
    Pupils are those the identity rule counts, from attempts started by the report day.
    """
    from quizapp.campaigns.models import Campaign
    from quizapp.coverage import participants as reach

    today = today_local()
    rows = rollup.campaign_rows(
        (Campaign.opens_on <= period.cutoff) & (Campaign.closes_on >= period.start)
        & Campaign.closed_at.is_(None)
        & ((Campaign.closes_on > period.cutoff) | (Campaign.closes_on >= today)))
    if not rows:
        return []
    counts = rollup.campaign_question_counts()
    types = rollup.school_types()
    directories = {}
    out = []
    for campaign_id, _contest, title, closes_on, organiser_school in rows:
        year = school_year_of(closes_on)
        if year not in directories:
            directories[year] = reach.year_directory(year)
        total, crit = counts.get(campaign_id, (0, 0))
        seen, pupils = set(), []
        for reached in reach.campaign_reached([campaign_id], directories[year]):
            if reached.moment is None or local_date(reached.moment) > period.cutoff:
                continue
            for pupil in reached.pupils:
                if (pupil.school_id, pupil.identity) in seen:
                    continue
                seen.add((pupil.school_id, pupil.identity))
                pupils.append({"school_id": pupil.school_id, "identity": pupil.identity,
                               "level": pupil_level(types.get(pupil.school_id, ""),
                                                    pupil.class_key)})
        out.append({"id": campaign_id, "title": title, "closes_on": closes_on,
                    "critical": total > 0 and 2 * crit >= total,
                    "channel": "school" if organiser_school else "department",
                    "pupils": pupils})
    return out


def totals(rows) -> Totals:
    result = Totals()
    for row in rows:
        result.add(row)
    return result


def merge_levels(rows) -> dict[int, SchoolRow]:
    """{school id: one row for all its levels}: held if held at any level, figures summed."""
    merged = {}
    for row in rows:
        first = merged.get(row.id)
        if first is None:
            merged[row.id] = SchoolRow(**{**row.__dict__})
        else:
            first.programs = max(first.programs, row.programs)
            first.critical_programs = max(first.critical_programs, row.critical_programs)
            first.enrolment += row.enrolment
            first.participants += row.participants
            first.participations += row.participations
            first.declared += row.declared
            first.offline_programs += row.offline_programs
    return merged


def distinct_schools(rows) -> Totals:
    """Schools counted once whatever their levels."""
    return totals(merge_levels(rows).values())


def group_rows(rows, depth: int | None = None, tree: dict | None = None) -> list[dict]:
    """Group rows by unit: [{id, name, kind, totals}] in name order.

    `depth` None groups by each school's own unit; otherwise by the unit `depth` steps below
    the province (0 = the province itself), for units that deep in the data.
    """
    tree = tree if tree is not None else unit_tree()
    groups = defaultdict(Totals)
    for row in rows:
        chain = row.chain
        if depth is None or not chain:
            key = row.unit_id
        else:
            top_down = list(reversed(chain))
            key = top_down[min(depth, len(top_down) - 1)]
        groups[key].add(row)
    return [{"id": uid, "name": tree[uid].name if uid in tree else "?",
             "kind": tree[uid].kind if uid in tree else "", "totals": groups[uid]}
            for uid in sorted(groups, key=lambda u: name_key(tree[u].name if u in tree
                                                                 else ""))]


def by_unit(rows) -> list[dict]:
    return group_rows(rows)


def indicators(total: Totals, year: int, levels) -> list[dict]:
    """The three indicators of `total` against the targets in force for `levels`."""
    out = []
    for key, value, part, whole in (
            ("program", total.held_pct, total.held, total.schools),
            ("critical", total.critical_pct, total.critical, total.schools),
            ("reached", total.reached_pct, total.reached, total.enrolment)):
        target = target_for(key, year, levels)
        out.append({"key": key, "value": value, "part": part, "whole": whole,
                    "target": target, "met": target.met_by(value) if target else None,
                    "source": PLAN_LINES[key],
                    "target_from_plan": bool(target) and target.source.startswith(PLAN_SOURCE)})
    return out


def by_level(rows, year: int) -> list[dict]:
    """Per pupil level: its totals and indicators against that level's targets."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.level].append(row)
    out = []
    for level in PUPIL_LEVELS:
        if level in grouped:
            total = totals(grouped[level])
            out.append({"level": level, "label": str(LEVELS[level][0]),
                        "short": str(LEVEL_SHORT[level]),
                        "totals": total, "indicators": indicators(total, year, (level,))})
    return out


def months_of(period: Period) -> list[int]:
    """The months of the period up to the report day, as yyyymm numbers."""
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.cutoff.year, period.cutoff.month):
        months.append(year * 100 + month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly(period: Period, rows) -> list[dict]:
    """Participations and programs per month of the period, for the schools of `rows`."""
    rollup.refresh()
    wanted = {(r.id, r.level) for r in rows}
    participations = defaultdict(int)
    for sid, level, month, count in db.session.execute(
            participants_in(period, CoverageParticipant.school_id, CoverageParticipant.level,
                            CoverageParticipant.month, func.count())
            .group_by(CoverageParticipant.school_id, CoverageParticipant.level,
                      CoverageParticipant.month)):
        if (sid, level) in wanted:
            participations[month] += count
    schools = {sid for sid, _level in wanted}
    programs = defaultdict(set)
    if schools:
        for pid, held_on in db.session.execute(  # one row per program, not per school
                select(CoverageProgram.id, CoverageProgram.held_on).distinct()
                .join(CoverageProgramSchool,
                      CoverageProgramSchool.program_id == CoverageProgram.id)
                .where(in_period(period),
                       CoverageProgramSchool.school_id.in_(sorted(schools)))):
            programs[held_on.year * 100 + held_on.month].add(pid)
    return [{"month": m, "label": f"{m % 100:02d}/{m // 100}",
             "participations": participations.get(m, 0), "programs": len(programs.get(m, ()))}
            for m in months_of(period)]


def topic_mastery(period: Period, rows, by: str = "unit") -> dict:
    """% correct per topic, per unit (or per school with by="school"), for the rows' schools.

    Returns {"topics": [...], "groups": [{id, name, cells: {topic_id: {answers, correct,
    pct}}}], "overall": {topic_id: cell}}.
    """
    rollup.refresh()
    group_of = {}
    names = {}
    for row in rows:
        gid = row.unit_id if by == "unit" else row.id
        group_of[row.id] = gid
        names[gid] = row.unit if by == "unit" else row.name
    query = (select(CoverageTopicResult.school_id, CoverageTopicResult.topic_id,
                    func.sum(CoverageTopicResult.answers), func.sum(CoverageTopicResult.correct))
             .join(CoverageProgram, CoverageProgram.id == CoverageTopicResult.program_id)
             .where(in_period(period))
             .group_by(CoverageTopicResult.school_id, CoverageTopicResult.topic_id))
    if len(group_of) <= 50:
        query = query.where(CoverageTopicResult.school_id.in_(list(group_of)))
    cells = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    overall = defaultdict(lambda: [0, 0])
    for sid, topic_id, answers, correct in db.session.execute(query):
        if sid not in group_of:
            continue
        answers, correct = int(answers or 0), int(correct or 0)
        cell = cells[group_of[sid]][topic_id]
        cell[0] += answers
        cell[1] += correct
        overall[topic_id][0] += answers
        overall[topic_id][1] += correct
    topics = Topic.query.filter(Topic.id.in_(set(overall))).order_by(Topic.name).all() \
        if overall else []
    groups = [{"id": gid, "name": names.get(gid, "?"),
               "cells": {tid: {"answers": a, "correct": c, "pct": pct(c, a)}
                         for tid, (a, c) in cells[gid].items()}}
              for gid in sorted(cells, key=lambda g_: name_key(names.get(g_, "")))]
    return {"topics": topics, "groups": groups,
            "overall": {tid: {"answers": a, "correct": c, "pct": pct(c, a)}
                        for tid, (a, c) in overall.items()}}


def programs(period: Period, rows, counted_only: bool = False, critical_only: bool = False,
             limit: int = 1000) -> list[dict]:
    """Programs of the period with their participants from the schools of `rows`."""
    rollup.refresh()
    k = min_participants()
    schools = list({r.id for r in rows})
    if not schools:
        return []
    query = (select(CoverageProgram, func.count(CoverageProgramSchool.school_id),
                    func.sum(CoverageProgramSchool.participants),
                    func.sum(CoverageProgramSchool.answers),
                    func.sum(CoverageProgramSchool.correct),
                    func.sum(case((CoverageProgramSchool.participants >= k, 1), else_=0)))
             .join(CoverageProgramSchool,
                   CoverageProgramSchool.program_id == CoverageProgram.id)
             .where(in_period(period), CoverageProgramSchool.school_id.in_(schools))
             .group_by(CoverageProgram.id)
             .order_by(CoverageProgram.held_on.desc(), CoverageProgram.id.desc())
             .limit(limit))
    if counted_only:
        query = query.where(CoverageProgramSchool.participants >= k)
    if critical_only:
        query = query.where(and_critical())
    return [{"program": program, "schools": count, "participants": int(people or 0),
             "correct_pct": pct(int(correct or 0), int(answers or 0)),
             "counted_schools": int(counted or 0)}
            for program, count, people, answers, correct, counted in db.session.execute(query)]


def channels(period: Period, rows) -> list[dict]:
    """Programs and participations by organiser: school, department campaign, TV audience.

    Programs in the app and their participations are apart from programs held outside it and
    their declared attendances (`offline_programs`, `attendances`).
    """
    schools = {r.id for r in rows}
    held_offline = offline.by_channel(period, schools)
    found = {key: {"channel": key, "programs": set(), "participations": 0,
                   "offline_programs": held_offline.get(key, {}).get("programs", 0),
                   "attendances": held_offline.get(key, {}).get("attendances", 0)}
             for key in ("school", "department", "tv")}
    for pid, channel, sid, people in db.session.execute(
            select(CoverageProgram.id, CoverageProgram.channel,
                   CoverageProgramSchool.school_id, CoverageProgramSchool.participants)
            .join(CoverageProgramSchool, CoverageProgramSchool.program_id == CoverageProgram.id)
            .where(in_period(period))):
        if sid in schools:
            found[channel]["programs"].add(("p", pid))
            found[channel]["participations"] += people
    for campaign in running_campaigns(period):
        people = [p for p in campaign["pupils"] if p["school_id"] in schools]
        if people:
            found[campaign["channel"]]["programs"].add(("c", campaign["id"]))
            found[campaign["channel"]]["participations"] += len(people)
    return [{**item, "programs": len(item["programs"])} for item in found.values()]


def school_classes(period: Period, school_id: int) -> list[dict]:
    """Distinct participants per class of one school (class keys, no names)."""
    rows = db.session.execute(
        select(CoverageParticipant.class_key,
               func.count(distinct(CoverageParticipant.identity)), func.count())
        .join(CoverageProgram, CoverageProgram.id == CoverageParticipant.program_id)
        .where(in_period(period), CoverageParticipant.school_id == school_id)
        .group_by(CoverageParticipant.class_key).order_by(CoverageParticipant.class_key))
    return [{"class_key": key.upper(), "participants": people, "participations": count}
            for key, people, count in rows]


def periods_available() -> list[str]:
    """Calendar years and school years with any program, plus the current ones, newest first."""
    years = {y for (y,) in db.session.execute(select(CoverageProgram.school_year).distinct())}
    days = db.session.execute(select(func.min(CoverageProgram.held_on),
                                     func.max(CoverageProgram.held_on))).one()
    today = today_local()
    calendar = {today.year}
    if days[0] is not None:
        calendar |= set(range(days[0].year, days[1].year + 1))
    years.add(current_year())
    keys = [str(y) for y in calendar] + [f"{y}-{y + 1}" for y in years]
    return sorted(keys, key=lambda k: (int(k[:4]), len(k)), reverse=True)


def period_from_request(args) -> Period:
    """Read ?period=2026&as_of=2026-12-15.

    A bad period falls back to this year as of today; a report day that does not fit the
    period (left over from another period in the filter) to the period's own default day.
    """
    try:
        return parse_period(args.get("period", ""), args.get("as_of") or None)
    except ValueError:
        try:
            return parse_period(args.get("period", ""))
        except ValueError:
            return current_period()
