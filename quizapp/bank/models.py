"""Topics, questions, tags, media and the change history of the question bank."""

from quizapp.core.clock import utcnow
from quizapp.extensions import db

STATUSES = ("draft", "review", "approved", "retired")
# What an imported file may become: nobody has read it yet, so it is never approved on arrival.
IMPORT_STATUSES = ("draft", "review")

question_tags = db.Table(
    "question_tag",
    db.Column("question_id", db.Integer, db.ForeignKey("question.id", ondelete="CASCADE"),
              primary_key=True),
    db.Column("tag_id", db.Integer, db.ForeignKey("tag.id", ondelete="CASCADE"),
              primary_key=True),
)


class Topic(db.Model):
    """A subject of the campaign (one YAML file of the shipped bank)."""

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(64), unique=True, nullable=False)
    name = db.Column(db.String(200), nullable=False)
    name_en = db.Column(db.String(200), nullable=False, default="")
    # Counts toward the "critical thinking / misinformation program" indicator of the plan.
    critical_thinking = db.Column(db.Boolean, nullable=False, default=False)

    @property
    def label(self) -> str:
        """The topic's name in the reader's language (English when it has one)."""
        from flask_babel import get_locale

        english = str(get_locale() or "vi") == "en"
        return self.name_en if english and self.name_en else self.name

    def __repr__(self):
        return f"<Topic {self.slug}>"


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(64), unique=True, nullable=False)


class Media(db.Model):
    """An image uploaded for a question, stored under instance/media/<sha256>."""

    id = db.Column(db.Integer, primary_key=True)
    sha256 = db.Column(db.String(64), unique=True, nullable=False)
    content_type = db.Column(db.String(32), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    width = db.Column(db.Integer, nullable=False)
    height = db.Column(db.Integer, nullable=False)
    uploaded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    uploaded_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Question(db.Model):
    """A question of any kind; the kind-specific part (choices, answers, items) is `body` JSON.

    `body` holds exactly the kind-specific keys of the native format (docs/question-schema.md),
    so a row converts to and from the formats' Question without loss.
    """

    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(80), unique=True, nullable=True)
    topic_id = db.Column(db.Integer, db.ForeignKey("topic.id"), nullable=False, index=True)
    kind = db.Column(db.String(16), nullable=False)
    text = db.Column(db.Text, nullable=False)
    body = db.Column(db.JSON, nullable=False, default=dict)
    explanation = db.Column(db.Text, nullable=False, default="")
    difficulty = db.Column(db.Integer, nullable=False, default=2)
    audience = db.Column(db.String(64), nullable=False)  # comma-separated AUDIENCES
    source = db.Column(db.String(300), nullable=False, default="")
    # When a person last checked the legal citations, and the documents cited:
    # [{doc, article?, history?}], doc ids of questions/legal/documents.yaml.
    valid_as_of = db.Column(db.Date, nullable=True)
    sources = db.Column(db.JSON, nullable=False, default=list)
    status = db.Column(db.String(16), nullable=False, default="draft", index=True)
    # Normalised text (duplicate detection) and accent-free text (search without diacritics).
    normalized_text = db.Column(db.Text, nullable=False, index=True)
    search_text = db.Column(db.Text, nullable=False)
    media_id = db.Column(db.Integer, db.ForeignKey("media.id"), nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    topic = db.relationship("Topic")
    media = db.relationship("Media")
    tags = db.relationship("Tag", secondary=question_tags, order_by="Tag.name")
    revisions = db.relationship("QuestionRevision", back_populates="question",
                                order_by="QuestionRevision.id.desc()",
                                cascade="all, delete-orphan")
    proposal = db.relationship("QuestionProposal", uselist=False, back_populates="question",
                               cascade="all, delete-orphan")

    __table_args__ = (
        db.CheckConstraint("difficulty BETWEEN 1 AND 3", name="difficulty_range"),
        db.CheckConstraint(f"status IN {STATUSES!r}", name="status_known"),
    )

    @property
    def audiences(self):
        return [a for a in self.audience.split(",") if a]

    def __repr__(self):
        return f"<Question {self.id} {self.kind} {self.status}>"


class QuestionProposal(db.Model):
    """An edit of an approved question waiting for review (bank/review.py).

    The question keeps its approved content, which games and campaigns go on using, until a
    reviewer other than the author approves the proposal.
    """

    id = db.Column(db.Integer, primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id", ondelete="CASCADE"),
                            nullable=False, unique=True)
    record = db.Column(db.JSON, nullable=False)  # the native mapping, with "topic"
    media_id = db.Column(db.Integer, db.ForeignKey("media.id"), nullable=True)
    proposed_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    proposed_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    question = db.relationship("Question", back_populates="proposal")
    proposed_by = db.relationship("User")


class QuestionRevision(db.Model):
    """Who changed a question, when, and what (a field -> [before, after] map)."""

    id = db.Column(db.Integer, primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id", ondelete="CASCADE"),
                            nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # created, edited, imported, status, proposed, proposal_approved, proposal_discarded (by
    # people); shipped (`quizapp bank load` updated it)
    action = db.Column(db.String(32), nullable=False)
    changes = db.Column(db.JSON, nullable=False, default=dict)

    question = db.relationship("Question", back_populates="revisions")
    user = db.relationship("User")
