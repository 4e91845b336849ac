"""Contests, their questions, and each run of a contest (a game) with its players and answers."""

from quizapp.core.clock import utcnow
from quizapp.extensions import db

POINTS = ("none", "standard", "double")
NICKNAME_POLICIES = ("free", "generated", "roster")
TEAM_MODES = ("", "school", "class")
GAME_STATUSES = ("lobby", "running", "finished")

DEFAULT_OPTIONS = {
    "speed_scoring": True,
    "streak_bonus": True,
    "shuffle_answers": True,
    "show_text_on_phones": True,
    "team_mode": "",
    "late_join": True,
    "preview_ms": 4000,
    "nickname_policy": "free",
    "roster": [],
    "max_players": 5000,
    "join_code": False,
    "school_scope": "",  # "" (own school if the host has one, else open), own, inter_school, open
}
SCHOOL_SCOPES = ("", "own", "inter_school", "open")


class Contest(db.Model):
    """A contest a host built from the bank; it can be run many times (each run is a Game)."""
    owner_field = "host_id"  # see core.permissions.owns

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    host_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id"), nullable=True)
    # A practice contest may use draft questions; its games do not count as programs.
    practice = db.Column(db.Boolean, nullable=False, default=False)
    options = db.Column(db.JSON, nullable=False, default=dict)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    host = db.relationship("User")
    school = db.relationship("School")
    questions = db.relationship("ContestQuestion", order_by="ContestQuestion.position",
                                back_populates="contest", cascade="all, delete-orphan")
    games = db.relationship("Game", back_populates="contest", order_by="Game.id.desc()")

    def option(self, name):
        return (self.options or {}).get(name, DEFAULT_OPTIONS[name])


class ContestQuestion(db.Model):
    """A question's place in a contest, with its own time limit and points."""

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.Integer, db.ForeignKey("contest.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id"), nullable=False)
    position = db.Column(db.Integer, nullable=False)
    time_limit_s = db.Column(db.Integer, nullable=False, default=20)
    points = db.Column(db.String(16), nullable=False, default="standard")

    contest = db.relationship("Contest", back_populates="questions")
    question = db.relationship("Question")

    __table_args__ = (
        db.UniqueConstraint("contest_id", "question_id", name="uq_contest_question_once"),
        db.CheckConstraint("time_limit_s BETWEEN 5 AND 240", name="time_limit_range"),
        db.CheckConstraint(f"points IN {POINTS!r}", name="points_known"),
    )


class Game(db.Model):
    """One run of a contest: a PIN while it is live, the engine snapshot, then the results."""
    owner_field = "host_id"  # see core.permissions.owns

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.Integer, db.ForeignKey("contest.id"), nullable=False, index=True)
    host_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    # Unique among live games; cleared when the game finishes so the PIN can be reused.
    pin = db.Column(db.String(6), unique=True, nullable=True)
    # The PIN a finished game had: an old link or poster can then say "this game has ended".
    ended_pin = db.Column(db.String(6), nullable=True, index=True)
    status = db.Column(db.String(16), nullable=False, default="lobby", index=True)
    seed = db.Column(db.BigInteger, nullable=False)
    # Deferred: it grows with every answer, and only restoring a game needs it.
    snapshot = db.deferred(db.Column(db.JSON, nullable=True))
    snapshot_ms = db.Column(db.BigInteger, nullable=True)
    # The input sequence number the snapshot includes; later inputs are replayed on restore.
    snapshot_seq = db.Column(db.BigInteger, nullable=False, default=0)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    started_at = db.Column(db.DateTime, nullable=True)
    finished_at = db.Column(db.DateTime, nullable=True)

    contest = db.relationship("Contest", back_populates="games")
    host = db.relationship("User")
    players = db.relationship("Player", back_populates="game", order_by="Player.id")

    __table_args__ = (db.CheckConstraint(f"status IN {GAME_STATUSES!r}", name="status_known"),)


class Player(db.Model):
    """Someone who joined a game from a phone (no account: a nickname and a school)."""

    id = db.Column(db.Integer, primary_key=True)
    game_id = db.Column(db.Integer, db.ForeignKey("game.id", ondelete="CASCADE"), nullable=False)
    player_key = db.Column(db.String(32), nullable=False)  # the engine's player_id
    nickname = db.Column(db.String(40), nullable=False)
    school_id = db.Column(db.Integer, db.ForeignKey("school.id"), nullable=True, index=True)
    school_name = db.Column(db.String(200), nullable=False, default="")
    class_name = db.Column(db.String(100), nullable=False, default="")
    # How the school was known (schools/identity.py SCHOOL_SOURCES): "link", "roster",
    # "picked", "unmatched", "empty", "capped", "resolved", "confirmed".
    school_source = db.Column(db.String(16), nullable=False, default="", server_default="")
    roster_entry_id = db.Column(db.Integer,
                                db.ForeignKey("roster_entry.id", ondelete="SET NULL"),
                                nullable=True)
    # A shared phone: the full names of the 2-6 pupils answering together (empty: one pupil).
    group_members = db.Column(db.JSON, nullable=True)
    joined_ms = db.Column(db.BigInteger, nullable=False)
    seq = db.Column(db.BigInteger, nullable=False, default=0)  # order among the game's inputs
    kicked = db.Column(db.Boolean, nullable=False, default=False)
    score = db.Column(db.Integer, nullable=True)  # final, written when the game finishes
    rank = db.Column(db.Integer, nullable=True)

    game = db.relationship("Game", back_populates="players")
    school = db.relationship("School")

    __table_args__ = (db.UniqueConstraint("game_id", "player_key", name="uq_player_key"),)


class Answer(db.Model):
    """A counted answer: at most one per player and question (DESIGN rule 4, a unique key)."""

    id = db.Column(db.Integer, primary_key=True)
    game_id = db.Column(db.Integer, db.ForeignKey("game.id", ondelete="CASCADE"), nullable=False)
    player_key = db.Column(db.String(32), nullable=False)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id"), nullable=False,
                            index=True)
    received_ms = db.Column(db.BigInteger, nullable=False)
    seq = db.Column(db.BigInteger, nullable=False, default=0)  # order among the game's inputs
    elapsed_ms = db.Column(db.Integer, nullable=False)
    submitted = db.Column(db.JSON, nullable=False)  # as sent (displayed terms), for replay
    answer = db.Column(db.JSON, nullable=False)  # native terms
    correct = db.Column(db.Boolean, nullable=True)  # None for polls
    points = db.Column(db.Integer, nullable=False, default=0)

    __table_args__ = (
        db.UniqueConstraint("game_id", "player_key", "question_id", name="uq_answer_once"),
    )


class AnswerSeal(db.Model):
    """One row per question of a game played on several workers: the fence of its reveal.

    A worker storing answers it scored takes this row `FOR SHARE` and stores nothing for a
    sealed question; the owner seals it (`UPDATE ... SET sealed = true`, which waits for
    those batches) before it reads the question's stored answers for the reveal, so every
    acknowledged answer is among the rows it reads (docs/scale.md, step 2).
    """

    game_id = db.Column(db.Integer, db.ForeignKey("game.id", ondelete="CASCADE"),
                        primary_key=True)
    question_id = db.Column(db.Integer, primary_key=True, autoincrement=False)
    sealed = db.Column(db.Boolean, nullable=False, default=False)


class GameCommand(db.Model):
    """A host command or timer tick that changed a game, kept so a restart can replay it.

    Joins and answers are kept in their own tables; all three share the game's input
    sequence number `seq`, which orders the replay exactly as the game lived it.
    """

    id = db.Column(db.Integer, primary_key=True)
    game_id = db.Column(db.Integer, db.ForeignKey("game.id", ondelete="CASCADE"), nullable=False)
    seq = db.Column(db.BigInteger, nullable=False)
    at_ms = db.Column(db.BigInteger, nullable=False)
    command = db.Column(db.JSON, nullable=False)

    __table_args__ = (db.UniqueConstraint("game_id", "seq", name="uq_game_command_seq"),)
