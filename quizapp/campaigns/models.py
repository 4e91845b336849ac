"""Campaigns, the schools they are assigned to, and each student's single attempt."""

from quizapp.core.clock import utcnow
from quizapp.extensions import db


class Campaign(db.Model):
    """A contest played self-paced by the students of some schools between two dates.

    The question list is frozen when the campaign is created (`CampaignQuestion`), so editing
    the contest later changes neither the play nor the report of a running campaign.
    """
    owner_field = "created_by_id"  # see core.permissions.owns

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    contest_id = db.Column(db.Integer, db.ForeignKey("contest.id"), nullable=False, index=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    # Inclusive dates in the province's local time (UTC+7); a window lies in one school year.
    opens_on = db.Column(db.Date, nullable=False)
    closes_on = db.Column(db.Date, nullable=False, index=True)
    # Set when the host ended the campaign early ("Kết thúc ngay"): closed from that moment,
    # and closes_on is that (local) day, so its dates still read as they happened.
    closed_at = db.Column(db.DateTime, nullable=True)
    speed_scoring = db.Column(db.Boolean, nullable=False, default=False)
    # Right answers and explanations only after the window closed (no harvesting by a
    # throw-away name before the real attempt).
    review_after_close = db.Column(db.Boolean, nullable=False, default=False,
                                   server_default="0")
    # One phone may answer for a named group of 2-6 pupils (schools with few phones).
    allow_groups = db.Column(db.Boolean, nullable=False, default=False, server_default="0")
    # Copied from the contest: a practice campaign never counts as a program.
    practice = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    contest = db.relationship("Contest")
    created_by = db.relationship("User")
    schools = db.relationship("CampaignSchool", back_populates="campaign",
                              cascade="all, delete-orphan", order_by="CampaignSchool.id")
    questions = db.relationship("CampaignQuestion", order_by="CampaignQuestion.position",
                                cascade="all, delete-orphan")

    __table_args__ = (db.CheckConstraint("closes_on >= opens_on", name="window_ordered"),)


class CampaignQuestion(db.Model):
    """A question of a campaign, in the order it is played."""

    campaign_id = db.Column(db.Integer, db.ForeignKey("campaign.id", ondelete="CASCADE"),
                            primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id"), primary_key=True)
    position = db.Column(db.Integer, nullable=False)
    points = db.Column(db.String(16), nullable=False, default="standard")
    time_limit_s = db.Column(db.Integer, nullable=False, default=20)
    # The question as approved when the campaign was created: every pupil is graded on it,
    # whatever happens to the bank's question later. None only for campaigns made before.
    content = db.Column(db.JSON, nullable=True)

    question = db.relationship("Question")


class CampaignSchool(db.Model):
    """A school a campaign is assigned to, with the short code in its QR link."""

    id = db.Column(db.Integer, primary_key=True)
    campaign_id = db.Column(db.Integer, db.ForeignKey("campaign.id", ondelete="CASCADE"),
                            nullable=False)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id"), nullable=False, index=True)
    code = db.Column(db.String(16), unique=True, nullable=False)
    # Optional: only these classes (one per line, as typed by the host); empty = every class.
    classes = db.Column(db.JSON, nullable=False, default=list)

    campaign = db.relationship("Campaign", back_populates="schools")
    school = db.relationship("School")

    __table_args__ = (
        db.UniqueConstraint("campaign_id", "school_id", name="uq_campaign_school_once"),
    )


class Attempt(db.Model):
    """One student's play of a campaign: exactly one per campaign and student identity.

    `identity` is the participant identity of schools.identity (a hash of the normalised class
    and name); with the student code (for namesakes in one class) it is the unique key that
    makes "one attempt each" hold.
    """

    id = db.Column(db.Integer, primary_key=True)
    campaign_id = db.Column(db.Integer, db.ForeignKey("campaign.id", ondelete="CASCADE"),
                            nullable=False)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id"), nullable=False, index=True)
    class_name = db.Column(db.String(40), nullable=False)
    student_name = db.Column(db.String(80), nullable=False)
    student_code = db.Column(db.String(32), nullable=False, default="")
    identity = db.Column(db.String(32), nullable=False)
    started_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # When the current question was shown (speed scoring uses the server's time only).
    shown_at = db.Column(db.DateTime, nullable=True)
    finished_at = db.Column(db.DateTime, nullable=True)
    score = db.Column(db.Integer, nullable=False, default=0)
    # The attempt belongs to the device that started it: a hash of the secret kept on it.
    device_hash = db.Column(db.String(64), nullable=True)
    # A one-time code a teacher gives to move the attempt to another device (hash, expiry).
    handover_hash = db.Column(db.String(64), nullable=True)
    handover_until = db.Column(db.DateTime, nullable=True)
    roster_entry_id = db.Column(db.Integer,
                                db.ForeignKey("roster_entry.id", ondelete="SET NULL"),
                                nullable=True)
    # A shared phone: the members, as a live game's Player.group_members (full names, or
    # {"roster_entry": id, "name": ...} each). `identity` is then the group's (group_identity)
    # and `student_name` lists the members.
    group_members = db.Column(db.JSON(none_as_null=True), nullable=True)
    anonymised = db.Column(db.Boolean, nullable=False, default=False)

    campaign = db.relationship("Campaign")
    school = db.relationship("School")
    answers = db.relationship("AttemptAnswer", order_by="AttemptAnswer.id",
                              cascade="all, delete-orphan")

    __table_args__ = (
        db.UniqueConstraint("campaign_id", "school_id", "identity", "student_code",
                            name="uq_attempt_once"),
        db.Index("ix_attempt_campaign_device", "campaign_id", "device_hash"),
    )


class AttemptAnswer(db.Model):
    """A counted answer of an attempt: at most one per attempt and question (a unique key)."""

    id = db.Column(db.Integer, primary_key=True)
    attempt_id = db.Column(db.Integer, db.ForeignKey("attempt.id", ondelete="CASCADE"),
                           nullable=False)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id"), nullable=False)
    answer = db.Column(db.JSON, nullable=False)  # native terms
    correct = db.Column(db.Boolean, nullable=True)  # None for polls
    points = db.Column(db.Integer, nullable=False, default=0)
    elapsed_ms = db.Column(db.Integer, nullable=False, default=0)
    answered_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (
        db.UniqueConstraint("attempt_id", "question_id", name="uq_attempt_answer_once"),
    )
