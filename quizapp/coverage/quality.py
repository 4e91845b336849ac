"""The data-quality panel: what the identity rule could not count, or counted on trust.

Counts only, per school, for the department (no name of a pupil): participations whose school
was typed and matched no registry school, participations without a school, school claims not
verified, likely duplicate pupils (two spellings in one class that the rule kept apart),
shared-phone groups and their members (of live games and of campaigns), and whether each
school has a class roster (without one its figures are estimated).
"""

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from quizapp.campaigns.models import Attempt, Campaign
from quizapp.contests.models import Contest, Game, Player
from quizapp.coverage.participants import year_directory, year_range_utc
from quizapp.extensions import db
from quizapp.schools.identity import VERIFIED_SOURCES, is_verified
from quizapp.schools.models import RosterEntry, School
from quizapp.schools.years import year_bounds

# Two names of one class at least this alike (difflib ratio) that the rule kept apart are
# flagged: a typo the rule does not merge, or two real pupils; a roster settles it.
DUPLICATE_RATIO = 0.8
TOP_TYPED = 50


@dataclass
class SchoolQuality:
    id: int
    code: str
    name: str
    roster: bool = False
    counted: int = 0  # participations counted for the school
    unverified: int = 0  # picked or capped claims not confirmed
    duplicates: int = 0  # pairs of likely duplicate pupils
    groups: int = 0
    group_members: int = 0

    @property
    def estimated(self) -> bool:
        return not self.roster


@dataclass
class Quality:
    year: int
    unmatched: int = 0
    empty: int = 0
    unverified: int = 0
    duplicates: int = 0
    groups: int = 0
    group_members: int = 0
    participations: int = 0
    typed: list = field(default_factory=list)  # [(typed school name, participations)]
    schools: list = field(default_factory=list)  # [SchoolQuality] with something to show

    @property
    def roster_schools(self) -> int:
        return sum(1 for s in self.schools if s.roster)


def year_quality(year: int) -> Quality:
    """Return the data-quality figures of live games finished in school year `year`, with the
    shared-phone groups of the campaigns that close in it."""
    start, end = year_range_utc(year)
    result = Quality(year=year)
    per_school: dict[int, SchoolQuality] = {}
    registry = {sid: (code, name) for sid, code, name in db.session.execute(
        select(School.id, School.code, School.name))}
    with_roster = {sid for (sid,) in db.session.execute(
        select(RosterEntry.school_id).where(RosterEntry.active.is_(True)).distinct())}

    def school(sid):
        if sid not in per_school:
            code, name = registry.get(sid, ("?", "?"))
            per_school[sid] = SchoolQuality(sid, code, name, roster=sid in with_roster)
        return per_school[sid]

    typed = defaultdict(int)
    rows = db.session.execute(
        select(Player.school_id, Player.school_source, Player.school_name,
               Player.group_members, Contest.school_id)
        .join(Game, Game.id == Player.game_id)
        .join(Contest, Contest.id == Game.contest_id)
        .where(Game.finished_at >= start, Game.finished_at < end, Player.kicked.is_(False),
               Contest.practice.is_(False)))
    for sid, source, typed_name, members, game_school in rows:
        result.participations += 1
        if sid is None:
            if source == "unmatched" or (not source and typed_name):
                result.unmatched += 1
                typed[typed_name] += 1
            else:
                result.empty += 1
            continue
        entry = school(sid)
        if is_verified(source or "", sid, game_school):
            entry.counted += 1
        else:
            entry.unverified += 1
            result.unverified += 1
        if members:
            _count_group(result, entry, members)
    first, last = year_bounds(year)
    for sid, members in db.session.execute(
            select(Attempt.school_id, Attempt.group_members)
            .join(Campaign, Campaign.id == Attempt.campaign_id)
            .where(Campaign.closes_on >= first, Campaign.closes_on <= last,
                   Campaign.practice.is_(False), Attempt.group_members.isnot(None))):
        if members:  # a campaign's school always comes from its per-school link
            _count_group(result, school(sid), members)
    for sid, pairs in likely_duplicates(year).items():
        school(sid).duplicates = pairs
        result.duplicates += pairs
    for sid in with_roster:
        if sid in registry:
            school(sid)
    result.typed = sorted(typed.items(), key=lambda item: (-item[1], item[0]))[:TOP_TYPED]
    result.schools = sorted(per_school.values(), key=lambda s: (
        -(s.unverified + s.duplicates + s.groups), s.name))
    return result


def _count_group(result: Quality, entry: SchoolQuality, members) -> None:
    entry.groups += 1
    entry.group_members += len(members)
    result.groups += 1
    result.group_members += len(members)


def likely_duplicates(year: int) -> dict[int, int]:
    """Return {school id: pairs of pupils in one class whose names are alike but counted apart}."""
    directory = year_directory(year)
    found = defaultdict(int)
    for (school_id, _klass), names in directory.known_names():
        for i, first in enumerate(names):
            for second in names[i + 1:]:
                if abs(len(first) - len(second)) <= 3 and difflib.SequenceMatcher(
                        None, first, second).ratio() >= DUPLICATE_RATIO:
                    found[school_id] += 1
    return dict(found)


def summary(year: int) -> dict:
    """Counts for the dashboard's note on the rule: participations of the year's live games
    that count, and those that do not (unverified school, typed school, no school)."""
    start, end = year_range_utc(year)
    out = {"counted": 0, "unverified": 0, "unmatched": 0, "empty": 0}
    rows = db.session.execute(
        select(Player.school_source, Player.school_id.is_(None),
               Player.school_id == Contest.school_id, func.count())
        .join(Game, Game.id == Player.game_id)
        .join(Contest, Contest.id == Game.contest_id)
        .where(Game.finished_at >= start, Game.finished_at < end, Player.kicked.is_(False),
               Contest.practice.is_(False))
        .group_by(Player.school_source, Player.school_id.is_(None),
                  Player.school_id == Contest.school_id))
    for source, no_school, own, count in rows:
        if no_school:
            out["unmatched" if source == "unmatched" else "empty"] += count
        elif source in VERIFIED_SOURCES or (source in ("picked", "") and own):
            out["counted"] += count
        else:
            out["unverified"] += count
    out["rosters"] = db.session.execute(
        select(func.count(func.distinct(RosterEntry.school_id))).where(
            RosterEntry.active.is_(True))).scalar() or 0
    return out
