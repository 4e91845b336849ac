"""Read stored players and attempts as the identity rule sees them (schools/identity.py).

The aggregation asks here for the pupils each finished game or closed campaign reached; the
rule itself (`counted_participation`) decides, this module only fetches the rows and feeds the
school year's names to the directory in the order pupils arrived.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select

from quizapp.campaigns.models import Attempt, AttemptAnswer, Campaign
from quizapp.contests.models import Answer, Contest, Game, Player
from quizapp.core.clock import utc_range
from quizapp.extensions import db
from quizapp.schools.identity import (
    NameDirectory,
    Participation,
    class_key,
    counted_participation,
    is_verified,
    name_key,
    spelling_key,
)
from quizapp.schools.models import RosterEntry
from quizapp.schools.years import year_bounds

EPOCH = datetime(1970, 1, 1)


@dataclass
class Reached:
    """One stored player or attempt with the pupils it counts for."""

    source_id: int  # game or campaign id
    school_id: int
    pupils: list
    score: int
    graded: int
    correct: int
    moment: datetime | None  # attempts: when it started (the month it counts in)


def year_range_utc(year: int) -> tuple[datetime, datetime]:
    return utc_range(*year_bounds(year))


def _ms(moment: datetime | None) -> int:
    return int((moment - EPOCH).total_seconds() * 1000) if moment else 0


def player_participation(player: Player, game_school_id: int | None) -> Participation:
    return Participation(
        school_id=player.school_id, source=player.school_source or "",
        class_name=player.class_name, name=player.nickname, game_school_id=game_school_id,
        roster_entry_id=player.roster_entry_id,
        members=tuple(player.group_members or ()), kicked=player.kicked,
        program=("game", player.game_id), row_id=player.id)


def year_directory(year: int) -> NameDirectory:
    """Return the directory of school year `year`, fed every verified name in arrival order."""
    directory = NameDirectory()
    for entry_id, school_id, class_name, full_name in db.session.execute(
            select(RosterEntry.id, RosterEntry.school_id, RosterEntry.class_name,
                   RosterEntry.full_name)):
        directory.add_roster_entry(school_id, entry_id, class_name, full_name)
    start, end = year_range_utc(year)
    arrivals = []
    for school_id, source, class_name, nickname, members, joined_ms, game_school in \
            db.session.execute(
                select(Player.school_id, Player.school_source, Player.class_name,
                       Player.nickname, Player.group_members, Player.joined_ms,
                       Contest.school_id)
                .join(Game, Game.id == Player.game_id)
                .join(Contest, Contest.id == Game.contest_id)
                .where(Game.finished_at >= start, Game.finished_at < end,
                       Player.school_id.isnot(None), Player.kicked.is_(False),
                       Player.roster_entry_id.is_(None))):
        if is_verified(source or "", school_id, game_school):
            arrivals.append((joined_ms, school_id, class_name, members or [nickname]))
    first, last = year_bounds(year)
    for school_id, class_name, name, members, started_at in db.session.execute(
            select(Attempt.school_id, Attempt.class_name, Attempt.student_name,
                   Attempt.group_members, Attempt.started_at)
            .join(Campaign, Campaign.id == Attempt.campaign_id)
            .where(Campaign.closes_on >= first, Campaign.closes_on <= last,
                   Attempt.roster_entry_id.is_(None))):
        arrivals.append((_ms(started_at), school_id, class_name, members or [name]))
    arrivals.sort(key=lambda row: row[0])
    for _, school_id, class_name, names in arrivals:
        klass = class_key(class_name) or "?"
        for name in names:
            if isinstance(name, str) and name_key(name):
                directory.learn(school_id, klass, spelling_key(name))
    return directory


def game_reached(game_ids, directory: NameDirectory) -> list[Reached]:
    """Return the players of `game_ids` who answered, with the pupils each one counts for."""
    joined = and_(Answer.game_id == Player.game_id, Answer.player_key == Player.player_key)
    graded = func.sum(case((Answer.correct.isnot(None), 1), else_=0))
    correct = func.sum(case((Answer.correct.is_(True), 1), else_=0))
    rows = db.session.execute(
        select(Player, Contest.school_id, graded, correct)
        .join(Answer, joined)
        .join(Game, Game.id == Player.game_id)
        .join(Contest, Contest.id == Game.contest_id)
        .where(Player.game_id.in_(game_ids), Player.school_id.isnot(None),
               Player.kicked.is_(False))
        .group_by(Player.id, Contest.school_id)
        .order_by(Player.id))
    out = []
    for player, game_school, n_graded, n_correct in rows:
        pupils = counted_participation(player_participation(player, game_school), directory)
        if pupils:
            out.append(Reached(player.game_id, player.school_id, pupils, player.score or 0,
                               int(n_graded or 0), int(n_correct or 0), None))
    return out


def counted_player_keys(game_ids, directory: NameDirectory) -> set:
    """Return {(game_id, player_key)} of the players whose participation counts."""
    rows = db.session.execute(
        select(Player, Contest.school_id)
        .join(Game, Game.id == Player.game_id)
        .join(Contest, Contest.id == Game.contest_id)
        .where(Player.game_id.in_(game_ids), Player.school_id.isnot(None)))
    return {(player.game_id, player.player_key) for player, game_school in rows
            if counted_participation(player_participation(player, game_school), directory)}


def campaign_reached(campaign_ids, directory: NameDirectory) -> list[Reached]:
    """Return the attempts of `campaign_ids` with an answer, with the pupils each counts for
    (a shared phone's group: each member)."""
    graded = func.sum(case((AttemptAnswer.correct.isnot(None), 1), else_=0))
    correct = func.sum(case((AttemptAnswer.correct.is_(True), 1), else_=0))
    rows = db.session.execute(
        select(Attempt, graded, correct)
        .join(AttemptAnswer, AttemptAnswer.attempt_id == Attempt.id)
        .where(Attempt.campaign_id.in_(campaign_ids))
        .group_by(Attempt.id)
        .order_by(Attempt.id))
    out = []
    for attempt, n_graded, n_correct in rows:
        # A campaign's school always comes from its per-school link.
        row = Participation(school_id=attempt.school_id, source="link",
                            class_name=attempt.class_name, name=attempt.student_name,
                            roster_entry_id=attempt.roster_entry_id,
                            members=tuple(attempt.group_members or ()),
                            program=("campaign", attempt.campaign_id), row_id=attempt.id)
        pupils = counted_participation(row, directory)
        if pupils:
            out.append(Reached(attempt.campaign_id, attempt.school_id, pupils,
                               attempt.score or 0, int(n_graded or 0), int(n_correct or 0),
                               attempt.started_at))
    return out
