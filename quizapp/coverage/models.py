"""Plan targets, the participation roll-up the dashboard reads, and anonymisation records.

The roll-up tables (`coverage_program*`, `coverage_participant`) are derived data: one row set
per finished program, computed once from the stored players, attempts and answers (see
coverage.rollup) so that no dashboard page scans the millions of answers of a school year.
"""

from quizapp.core.clock import utcnow
from quizapp.extensions import db

INDICATORS = ("program", "critical", "reached")
PROGRAM_KINDS = ("game", "campaign")
# Who organised a program: the school itself, the department (a province-wide campaign or
# game), or the TV channel (viewers of the gameshow playing along).
CHANNELS = ("school", "department", "tv")


class CoverageTarget(db.Model):
    """A target of the plan for one indicator, valid for a range of school years.

    Years are the first calendar year of a school year: 2025 means 2025–2026.
    `strict` distinguishes "more than 80%" (the plan's wording) from "at least 50%".
    """

    id = db.Column(db.Integer, primary_key=True)
    indicator = db.Column(db.String(16), nullable=False)
    percent = db.Column(db.Integer, nullable=False)
    strict = db.Column(db.Boolean, nullable=False, default=False)
    first_year = db.Column(db.Integer, nullable=False)
    last_year = db.Column(db.Integer, nullable=False)
    levels = db.Column(db.JSON, nullable=False, default=list)  # school levels it applies to
    source = db.Column(db.String(300), nullable=False, default="")
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        db.CheckConstraint(f"indicator IN {INDICATORS!r}", name="indicator_known"),
        db.CheckConstraint("percent BETWEEN 0 AND 100", name="percent_range"),
        db.CheckConstraint("last_year >= first_year", name="years_ordered"),
    )

    def met_by(self, percent) -> bool | None:
        if percent is None:
            return None
        return percent > self.percent if self.strict else percent >= self.percent


class CoverageProgram(db.Model):
    """A finished, non-practice live game or closed campaign, as the report counts it."""

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(16), nullable=False)
    source_id = db.Column(db.Integer, nullable=False)  # game.id or campaign.id
    contest_id = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    school_year = db.Column(db.Integer, nullable=False, index=True)
    held_on = db.Column(db.Date, nullable=False)  # game: finished; campaign: closing day
    question_count = db.Column(db.Integer, nullable=False)
    critical_count = db.Column(db.Integer, nullable=False)
    channel = db.Column(db.String(16), nullable=False, default="school", server_default="school")

    __table_args__ = (
        db.UniqueConstraint("kind", "source_id", name="uq_coverage_program_source"),
        db.CheckConstraint(f"channel IN {CHANNELS!r}", name="channel_known"),
        db.CheckConstraint(f"kind IN {PROGRAM_KINDS!r}", name="kind_known"),
    )

    @property
    def is_critical(self) -> bool:
        return self.question_count > 0 and 2 * self.critical_count >= self.question_count


class CoverageProgramSchool(db.Model):
    """How many students of one school took part in one program, and how they did."""

    program_id = db.Column(db.Integer, db.ForeignKey("coverage_program.id", ondelete="CASCADE"),
                           primary_key=True)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id", ondelete="CASCADE"),
                          primary_key=True, index=True)
    participants = db.Column(db.Integer, nullable=False)
    answers = db.Column(db.Integer, nullable=False)
    correct = db.Column(db.Integer, nullable=False)
    score_sum = db.Column(db.BigInteger, nullable=False)


class CoverageTopicResult(db.Model):
    """Graded answers per program, school and topic (topic mastery)."""

    program_id = db.Column(db.Integer, db.ForeignKey("coverage_program.id", ondelete="CASCADE"),
                           primary_key=True)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id", ondelete="CASCADE"),
                          primary_key=True)
    topic_id = db.Column(db.Integer, db.ForeignKey("topic.id", ondelete="CASCADE"),
                         primary_key=True)
    answers = db.Column(db.Integer, nullable=False)
    correct = db.Column(db.Integer, nullable=False)


class CoverageParticipant(db.Model):
    """One participation: a student identity in one program (no name, only a hash).

    Distinct (school_id, identity) pairs in a school year are the "students reached".
    """

    id = db.Column(db.Integer, primary_key=True)
    program_id = db.Column(db.Integer, db.ForeignKey("coverage_program.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id", ondelete="CASCADE"),
                          nullable=False)
    school_year = db.Column(db.Integer, nullable=False)
    month = db.Column(db.Integer, nullable=False)  # yyyymm, local time
    class_key = db.Column(db.String(40), nullable=False)
    identity = db.Column(db.String(32), nullable=False)
    # The pupil level (coverage/levels.py); "" when a liên cấp school's class has no grade.
    level = db.Column(db.String(24), nullable=False, default="", server_default="")

    __table_args__ = (
        db.Index("ix_coverage_participant_year_school", "school_year", "school_id", "identity"),
        db.Index("ix_coverage_participant_year_month", "school_year", "school_id", "month"),
    )


class CoverageAnonymisation(db.Model):
    """A school year whose student names were replaced by numbers, by whom and when."""

    id = db.Column(db.Integer, primary_key=True)
    school_year = db.Column(db.Integer, unique=True, nullable=False)
    by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    attempts = db.Column(db.Integer, nullable=False)
    players = db.Column(db.Integer, nullable=False)

    by = db.relationship("User")


class CoverageFreeze(db.Model):
    """A reported period, frozen: every figure of the report as it was submitted.

    Rows are never updated: a correction is a new version with its reason. `figures` is the
    report's data (coverage/report.py build_report) as JSON, so exporting a frozen period again
    gives the same document whatever changed since (registry, contests, names).
    """

    id = db.Column(db.Integer, primary_key=True)
    period = db.Column(db.String(16), nullable=False)  # "2026" or "2025-2026"
    as_of = db.Column(db.Date, nullable=False)
    version = db.Column(db.Integer, nullable=False)
    reason = db.Column(db.String(500), nullable=False, default="")
    by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    by_name = db.Column(db.String(120), nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    figures = db.Column(db.JSON, nullable=False)

    by = db.relationship("User")

    __table_args__ = (
        db.UniqueConstraint("period", "version", name="uq_coverage_freeze_version"),
        db.CheckConstraint("version >= 1", name="version_positive"),
    )


# Kinds of program held outside the app: a fixed list with "other" (a free description), so
# every school's records read the same in the report and a year frozen today still reads the
# same next year (a list an admin could edit would rename or drop kinds under frozen figures).
OFFLINE_KINDS = ("assembly", "lesson", "conference", "extracurricular", "contest", "other")
OFFLINE_CHANNELS = ("school", "department")
OFFLINE_ACTIONS = ("created", "updated", "deleted")


class OfflineProgram(db.Model):
    """A program a school held outside the app (an assembly, a lesson, a conference...).

    It counts by the same rules as a program in the app (coverage/offline.py): at each level
    where its declared participants reach K, the school held a program (a critical-thinking
    one when `critical`); the participants are declared counts, never pupils identified one by
    one. `participants` is {pupil level: count}. The evidence file, when there is one, is kept
    under an unguessable name in the instance folder and served only to staff who may see the
    school.
    """

    __tablename__ = "offline_program"

    id = db.Column(db.Integer, primary_key=True)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id"), nullable=False, index=True)
    starts_on = db.Column(db.Date, nullable=False)
    ends_on = db.Column(db.Date, nullable=False, index=True)
    kind = db.Column(db.String(16), nullable=False)
    kind_detail = db.Column(db.String(120), nullable=False, default="")
    topic = db.Column(db.String(200), nullable=False)
    critical = db.Column(db.Boolean, nullable=False, default=False)
    channel = db.Column(db.String(16), nullable=False, default="school")
    participants = db.Column(db.JSON, nullable=False, default=dict)
    evidence_file = db.Column(db.String(64), nullable=True, unique=True)
    evidence_name = db.Column(db.String(200), nullable=False, default="")
    evidence_type = db.Column(db.String(40), nullable=False, default="")
    evidence_size = db.Column(db.Integer, nullable=False, default=0)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    created_by_name = db.Column(db.String(120), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_by_name = db.Column(db.String(120), nullable=False, default="")
    updated_at = db.Column(db.DateTime, nullable=True)

    school = db.relationship("School")

    __table_args__ = (
        db.CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
        db.CheckConstraint(f"kind IN {OFFLINE_KINDS!r}", name="kind_known"),
        db.CheckConstraint(f"channel IN {OFFLINE_CHANNELS!r}", name="channel_known"),
    )

    @property
    def total_participants(self) -> int:
        return sum(int(n) for n in (self.participants or {}).values())


class OfflineProgramChange(db.Model):
    """Who created, changed or deleted an offline program, when, and what it said before.

    Kept when the program is deleted (no foreign key to it), so the record outlives it.
    """

    __tablename__ = "offline_program_change"

    id = db.Column(db.Integer, primary_key=True)
    program_id = db.Column(db.Integer, nullable=False, index=True)
    school_id = db.Column(db.Integer, nullable=False)
    action = db.Column(db.String(16), nullable=False)
    by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    by_name = db.Column(db.String(120), nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    before = db.Column(db.JSON, nullable=True)
    after = db.Column(db.JSON, nullable=True)

    __table_args__ = (
        db.CheckConstraint(f"action IN {OFFLINE_ACTIONS!r}", name="action_known"),
    )
