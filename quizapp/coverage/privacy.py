"""Student names: who may see them, the list a school's host sees, and anonymising a year.

Viewers (the education department) see counts only. A host sees the names of the students
of their own school; an admin sees all. When a school year has ended, an admin can replace
every name of that year by a number: the report keeps its counts, because the roll-up holds
identity hashes, not names.
"""

import copy
from collections import defaultdict
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from quizapp.campaigns.models import Attempt, Campaign
from quizapp.contests.models import Contest, Game, GameCommand, Player
from quizapp.core.clock import utc_range, utcnow
from quizapp.coverage import rollup
from quizapp.coverage.anonymous import MEMBER, PLAYER, PUPIL
from quizapp.coverage.models import CoverageAnonymisation
from quizapp.extensions import db
from quizapp.schools.identity import member_identity, participant_identity
from quizapp.schools.years import school_year_of, year_bounds, year_closed

MAX_STUDENTS = 5000
BATCH = 2000


class PrivacyError(ValueError):
    """A user-facing reason why anonymisation was refused."""


def _utc_bounds(year: int):
    return utc_range(*year_bounds(year))


def school_students(period, school_id: int) -> list[dict]:
    """Return the students of a school in a report period (names!): one row per identity."""
    first, last = period.start, period.cutoff
    start, end = utc_range(first, last)
    end -= timedelta(microseconds=1)  # utc_range's end is exclusive
    students = {}
    programs = defaultdict(list)
    players = db.session.execute(
        select(Player.class_name, Player.nickname, Player.score, Contest.title)
        .join(Game, Game.id == Player.game_id)
        .join(Contest, Contest.id == Game.contest_id)
        .where(Player.school_id == school_id, Game.status == "finished",
               Game.finished_at >= start, Game.finished_at < end,
               Contest.practice.is_(False), Player.kicked.is_(False))
        .order_by(Player.class_name, Player.nickname).limit(MAX_STUDENTS))
    for class_name, nickname, score, title in players:
        key = (participant_identity(class_name, nickname), "")
        students.setdefault(key, {"class_name": class_name, "name": nickname, "code": ""})
        programs[key].append({"title": title, "score": score, "finished": True})
    attempts = db.session.execute(
        select(Attempt.class_name, Attempt.student_name, Attempt.student_code, Attempt.identity,
               Attempt.score, Attempt.finished_at, Campaign.title, Attempt.group_members)
        .join(Campaign, Campaign.id == Attempt.campaign_id)
        .where(Attempt.school_id == school_id, Campaign.closes_on >= first,
               Campaign.closes_on <= last, Campaign.practice.is_(False))
        .order_by(Attempt.class_name, Attempt.student_name).limit(MAX_STUDENTS))
    for class_name, name, code, identity, score, finished, title, members in attempts:
        # a live player has no code: merged when the code is empty; a group: each member
        pupils = [((member_identity(class_name, m), ""), m["name"] if isinstance(m, dict)
                   else m) for m in members] if members else [((identity, code), name)]
        for key, pupil in pupils:
            students.setdefault(key, {"class_name": class_name, "name": pupil, "code": key[1]})
            programs[key].append({"title": title, "score": score,
                                  "finished": finished is not None})
    rows = [{**info, "programs": programs[key]} for key, info in students.items()]
    rows.sort(key=lambda r: (r["class_name"].casefold(), r["name"].casefold()))
    return rows


def anonymised_years() -> set[int]:
    return {y for (y,) in db.session.execute(select(CoverageAnonymisation.school_year))}


def anonymise_year(year: int, user) -> CoverageAnonymisation:
    """Replace the student names of a closed school year by numbers; all or nothing."""
    if not year_closed(year):
        raise PrivacyError(_("Chỉ ẩn danh được năm học đã kết thúc."))
    if year in anonymised_years():
        raise PrivacyError(_("Năm học này đã được ẩn danh."))
    rollup.refresh()  # the report must hold this year's identities before the names go
    first, last = year_bounds(year)
    start, end = _utc_bounds(year)
    attempt_ids = [i for (i,) in db.session.execute(
        select(Attempt.id).join(Campaign, Campaign.id == Attempt.campaign_id)
        .where(Campaign.closes_on >= first, Campaign.closes_on <= last))]
    players = db.session.execute(
        select(Player.id, Player.game_id, Player.player_key).join(Game, Game.id == Player.game_id)
        .where(Game.finished_at >= start, Game.finished_at < end)).all()
    try:
        for chunk in _chunks(attempt_ids):
            db.session.execute(update(Attempt), [
                {"id": i, "student_name": PUPIL.format(n=i), "student_code": f"#{i}",
                 "anonymised": True} for i in chunk])
        for chunk in _chunks([pid for pid, _game, _key in players]):
            db.session.execute(update(Player), [
                {"id": i, "nickname": player_placeholder(i), "class_name": "",
                 "school_name": ""} for i in chunk])
        _anonymise_groups(Player, [pid for pid, _game, _key in players])
        _anonymise_groups(Attempt, attempt_ids)
        _scrub_games(players)
        record = CoverageAnonymisation(school_year=year, by_id=getattr(user, "id", None),
                                       attempts=len(attempt_ids), players=len(players))
        db.session.add(record)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return record


def _anonymise_groups(model, row_ids) -> None:
    """Shared-phone groups (live players or campaign attempts) list their members' names:
    number them too (roster ids stay)."""
    for chunk in _chunks(row_ids):
        groups = db.session.execute(select(model.id, model.group_members).where(
            model.id.in_(chunk), model.group_members.isnot(None))).all()
        groups = [(i, members) for i, members in groups if members]
        if groups:
            db.session.execute(update(model), [
                {"id": i, "group_members": [
                    {"roster_entry": m["roster_entry"], "name": MEMBER.format(n=n)}
                    if isinstance(m, dict) else MEMBER.format(n=f"{i}-{n}")
                    for n, m in enumerate(members, start=1)]}
                for i, members in groups])


def player_placeholder(player_id: int) -> str:
    """The stored name of an anonymised player (data in the database, not a message)."""
    return PLAYER.format(n=player_id)


PERSONAL_KEYS = ("nickname", "name", "school", "class_name", "members", "full_name")


def _scrub_games(players) -> None:
    """Take names out of the stored state of the players' games: the engine snapshot (what
    the host console, the big screen and a resuming phone are rebuilt from) and the
    replayable host commands (a rename carries the new name)."""
    by_game = defaultdict(dict)
    for pid, game_id, key in players:
        by_game[game_id][key] = player_placeholder(pid)
    for game_id, names in by_game.items():
        game = db.session.get(Game, game_id)
        snapshot = game.snapshot
        if snapshot:
            snapshot = copy.deepcopy(snapshot)
            for item in snapshot.get("players", []):
                item["nickname"] = names.get(item.get("player_id"), "—")
                item["school"], item["class_name"] = "", ""
            game.snapshot = snapshot
        for command in GameCommand.query.filter_by(game_id=game_id):
            if any(key in command.command for key in PERSONAL_KEYS):
                command.command = {k: ("" if k in PERSONAL_KEYS else v)
                                   for k, v in command.command.items()}


def purge(now=None) -> list[int]:
    """Anonymise the school years of every period frozen more than the retention ago.

    Retention: PRIVACY_RETENTION_MONTHS after the latest freeze of a period (0: never). Each
    ended school year that overlaps such a period loses its names (whole school years, so a
    calendar-year period takes the two school years it touches, once both have ended).
    Returns the school years anonymised now.
    """
    from quizapp.coverage import freeze
    from quizapp.coverage.periods import parse_period

    months = int(current_app.config["PRIVACY_RETENTION_MONTHS"])
    if months <= 0:
        return []
    now = now or utcnow()
    done = anonymised_years()
    purged = []
    for record in freeze.frozen_periods():
        if _add_months(record.at, months) > now:
            continue
        period = parse_period(record.period, record.as_of)
        for year in range(school_year_of(period.start), school_year_of(period.bounds[1]) + 1):
            if year not in done and year_closed(year):
                anonymise_year(year, None)
                done.add(year)
                purged.append(year)
    return purged


def _add_months(moment, months: int):
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, 28)  # the retention is counted in months, not to the day
    return moment.replace(year=year, month=month, day=day)


def _chunks(ids):
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]
