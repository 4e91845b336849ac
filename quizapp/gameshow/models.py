"""Show presets a producer edited, episodes (one airing each) and every command of a match."""

from quizapp.core.clock import utcnow
from quizapp.extensions import db

EPISODE_STATUSES = ("draft", "live", "finished")


class ShowPreset(db.Model):
    """A producer's copy of a preset (the shipped presets live in gameshow/presets/).

    Every producer may read and use it; only its owner changes it, unless the owner lets others.
    """

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(40), unique=True, nullable=False)
    name = db.Column(db.String(80), nullable=False)
    yaml_text = db.Column(db.Text, nullable=False)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True, index=True)
    owner_field = "owner_id"  # see core.permissions.owns
    others_may_edit = db.Column(db.Boolean, nullable=False, default=False,
                                server_default=db.false())
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    owner = db.relationship("User", foreign_keys=[owner_id])


class Episode(db.Model):
    """One show: the rules it runs with, its questions, its contestants and its live state.

    The engine snapshot is saved after every command (a show has a few commands a second), so
    a restarted worker, or another worker, carries on from the row.
    """
    owner_field = "created_by_id"  # see core.permissions.owns

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    preset_slug = db.Column(db.String(40), nullable=False)
    preset_yaml = db.Column(db.Text, nullable=False)  # copied: editing the preset later is safe
    content_yaml = db.Column(db.Text, nullable=False)
    contestants = db.Column(db.JSON, nullable=False, default=list)
    status = db.Column(db.String(16), nullable=False, default="draft", index=True)
    seed = db.Column(db.BigInteger, nullable=False)
    snapshot = db.Column(db.JSON, nullable=True)
    start_snapshot = db.Column(db.JSON, nullable=True)  # on air: where the replay starts from
    seq = db.Column(db.BigInteger, nullable=False, default=0)  # last command applied
    # Who may open each staff console ({"mc": username, "judge": ..., "keys": ...}); a role
    # nobody is assigned to is the producer's.
    staff = db.Column(db.JSON, nullable=False, default=dict, server_default="{}")
    timecode_fps = db.Column(db.Integer, nullable=False, default=25, server_default="25")
    # The timecode the go-live moment reads ("10:00:00:00"); empty: time of day.
    timecode_start = db.Column(db.String(11), nullable=False, default="", server_default="")
    on_air_ms = db.Column(db.BigInteger, nullable=True)  # server time of going live
    # A rehearsal is a live copy of a draft, without an audience game; "Tập dượt lại" ends it
    # and makes a fresh one, so the draft itself is never touched.
    rehearsal_of_id = db.Column(db.Integer, db.ForeignKey("episode.id", ondelete="CASCADE"),
                                nullable=True, index=True)
    audience_game_id = db.Column(db.Integer, db.ForeignKey("game.id"), nullable=True)
    # Nicknames and schools the producer took off air: [{"kind": "player"|"school", "name"}]
    off_air = db.Column(db.JSON, nullable=False, default=list, server_default="[]")
    # In every studio key and seat link; the producer raises it to rotate them all.
    link_version = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    started_at = db.Column(db.DateTime, nullable=True)
    finished_at = db.Column(db.DateTime, nullable=True)

    created_by = db.relationship("User")
    audience_game = db.relationship("Game")
    commands = db.relationship("EpisodeCommand", order_by="EpisodeCommand.seq",
                               cascade="all, delete-orphan", back_populates="episode")

    __table_args__ = (
        db.CheckConstraint(f"status IN {EPISODE_STATUSES!r}", name="status_known"),
    )

    def show(self):
        """The engine show of the latest snapshot (on air, its rules come from the start)."""
        from quizapp.engine.show import Show
        return Show.restore(self.snapshot, rules_from=self.start_snapshot)


class EpisodeCommand(db.Model):
    """A command of the match with its server time and who sent it, applied or refused.

    Applied commands (``outcome`` "ok") replay the match exactly; refused buzzes are kept too,
    so a disputed moment shows every press.
    """

    id = db.Column(db.Integer, primary_key=True)
    episode_id = db.Column(db.Integer, db.ForeignKey("episode.id", ondelete="CASCADE"),
                           nullable=False)
    seq = db.Column(db.BigInteger, nullable=False)
    at_ms = db.Column(db.BigInteger, nullable=False)
    actor = db.Column(db.String(80), nullable=False)  # mc:<user>, judge:<user>, seat:2, timer
    command = db.Column(db.JSON, nullable=False)
    outcome = db.Column(db.String(40), nullable=False, default="ok")

    episode = db.relationship("Episode", back_populates="commands")

    __table_args__ = (db.UniqueConstraint("episode_id", "seq", name="uq_episode_command_seq"),)
