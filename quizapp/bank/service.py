"""Save, import, review and export questions: the bank's rules on top of its models.

Every write goes through here so validation, duplicate detection and the change history are
applied the same way for the editor, the import page and the CLI.
"""

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask_babel import gettext as _

from quizapp.bank import formats, legal
from quizapp.bank.catalog import NEAR_DUPLICATE_RATIO, check_bank, load_bank, load_legal_registry
from quizapp.bank.formats.question import (
    KIND_SPECIFIC_KEYS,
    FormatError,
    ImportRejected,
    read_question_mapping,
    validate_question,
)
from quizapp.bank.formats.question import Question as Record
from quizapp.bank.media import media_url
from quizapp.bank.models import IMPORT_STATUSES, STATUSES, Question, QuestionRevision, Tag, Topic
from quizapp.bank.textnorm import normalize_text, similarity
from quizapp.extensions import db

SHIPPED_BANK = Path(__file__).resolve().parents[2] / "questions"

# Review workflow: which status may follow which.
TRANSITIONS = {
    "draft": {"review", "approved", "retired"},
    "review": {"approved", "draft", "retired"},
    "approved": {"retired", "draft"},
    "retired": {"draft", "approved"},
}
TRACKED_FIELDS = ("kind", "text", "body", "explanation", "difficulty", "audience", "source",
                  "valid_as_of", "sources", "topic", "tags", "media_id")
# Revisions made by people: after one of these, `quizapp bank load` leaves the question alone.
EDITOR_ACTIONS = ("created", "edited", "status", "proposed", "proposal_approved",
                  "proposal_discarded")
# Revisions made by loading the shipped bank.
SHIPPED_ACTIONS = ("imported", "shipped")


class QuestionRejected(ValueError):
    """A question (or a whole import) was refused; `errors` are FormatErrors with locations."""

    def __init__(self, errors):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class ImportReport:
    created: int = 0


@dataclass
class LoadReport:
    """What `quizapp bank load` did: counts, and each question skipped with its reason.

    `retired` counts the questions this load retired, new ones (created retired) included.
    """

    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # (key, reason) pairs


def to_record(question: Question) -> Record:
    """Return the formats' Question of a stored question (what exporters and the engine read)."""
    data = {"key": question.key, "kind": question.kind, "text": question.text,
            "explanation": question.explanation, "difficulty": question.difficulty,
            "audience": question.audiences, "tags": [t.name for t in question.tags],
            "source": question.source, **question.body}
    if question.valid_as_of is not None:
        data["valid_as_of"] = question.valid_as_of
    if question.sources:
        data["sources"] = question.sources
    if data["key"] is None:
        del data["key"]
    # Not Record.from_dict: that demands an explanation, and imported drafts may lack one.
    record, errors = read_question_mapping(data, topic=question.topic.slug)
    if errors:
        raise QuestionRejected(errors)
    return record


# What the bank keeps about a question for its editors, not for a game (and not JSON: dates).
BANK_ONLY_KEYS = ("valid_as_of", "sources", "status", "history")


def game_question(question: Question) -> dict:
    """Return the dict the live engine takes: the native mapping plus the database id.

    The bank's own metadata (legal sources, review date) stays out: games snapshot this dict
    as JSON and players never need it.
    """
    native = {k: v for k, v in to_record(question).to_dict().items() if k not in BANK_ONLY_KEYS}
    return {**native, "id": question.id,
            "media": media_url(question.media_id) if question.media_id else None}


def save_question(record: Record, topic: Topic, user, question: Question | None = None,
                  status: str | None = None, media_id=None) -> tuple[Question, list]:
    """Create or update a question from `record`; return it and near-duplicate warnings.

    Raises QuestionRejected when the record breaks the schema or duplicates another question.
    """
    errors = validate_question(record)
    duplicate = _exact_duplicate(record.text, exclude_id=question.id if question else None)
    if duplicate:
        errors.append(FormatError("", None, "text",
                                  _("trùng với câu hỏi #%(id)d đã có trong ngân hàng",
                                    id=duplicate.id)))
    if errors:
        raise QuestionRejected(errors)
    if question is not None and question.status == "approved":
        # The approved text stays in use; the edit waits for review as a proposal.
        from quizapp.bank import review

        review.propose(question, record, topic, user, media_id)
        db.session.commit()
        return question, near_duplicates_of(question)
    creating = question is None
    before = {} if creating else _snapshot(question)
    if creating:
        question = Question(status=status or "draft", key=record.key)
        db.session.add(question)
    _apply(question, record, topic, media_id)
    after = _snapshot(question)
    changes = {k: [before.get(k), after[k]] for k in TRACKED_FIELDS if before.get(k) != after[k]}
    if creating or changes:
        db.session.add(QuestionRevision(question=question, user_id=getattr(user, "id", None),
                                        action="created" if creating else "edited",
                                        changes=changes))
    db.session.commit()
    return question, near_duplicates_of(question)


def near_duplicates_of(question: Question, limit: int = 5) -> list[tuple[Question, float]]:
    """Return other questions whose text is alike (a warning, not an error)."""
    found = []
    for other in Question.query.filter(Question.id != question.id,
                                       Question.topic_id == question.topic_id):
        ratio = similarity(question.text, other.text)
        if ratio >= NEAR_DUPLICATE_RATIO:
            found.append((other, round(ratio, 3)))
    return sorted(found, key=lambda pair: -pair[1])[:limit]


def import_file(data: bytes, filename: str, user, fmt: str | None = None,
                topic_slug: str | None = None, status: str = "draft",
                progress=None) -> ImportReport:
    """Parse a question file and store all of it, or nothing (QuestionRejected lists why)."""
    if status not in IMPORT_STATUSES:
        raise QuestionRejected([FormatError(filename, None, "status",
                                            _("trạng thái '%(status)s' không hợp lệ khi nhập: "
                                              "câu hỏi nhập vào là bản nháp hoặc chờ duyệt",
                                              status=status))])
    try:
        if fmt == "yaml" or (fmt is None and formats.detect_format(filename) == "yaml"):
            topic_info, records = formats.yaml_format.parse_topic_file(data, filename)
            topic_slug = topic_slug or topic_info.slug
            _ensure_topic(topic_info)
        else:
            records = formats.parse(data, filename, fmt)
    except ImportRejected as rejected:
        raise QuestionRejected(rejected.errors) from None
    return import_records(records, filename, user, topic_slug, status, progress)


def import_records(records, filename, user, topic_slug=None, status="draft",
                   progress=None) -> ImportReport:
    """Store parsed records in one transaction; refuse all of them on any error.

    `progress(done, total)` is called every 500 questions (the CLI draws a bar with it).
    """
    topics = {t.slug: t for t in Topic.query.all()}
    errors, seen, normalized_texts, slugs = [], {}, [], []
    existing = {n for (n,) in db.session.query(Question.normalized_text)}
    keys = {k for (k,) in db.session.query(Question.key).filter(Question.key.isnot(None))}
    unknown: dict[str, list[int]] = {}
    for number, record in enumerate(records, start=1):
        where = _("câu %(n)d", n=number)
        slug = record_topic(record, topics, topic_slug)
        slugs.append(slug)
        if slug is None:
            unknown.setdefault(record.topic or "", []).append(number)
        normalized = normalize_text(record.text)
        normalized_texts.append(normalized)
        if normalized in existing:
            errors.append(FormatError(filename, None, f"{where}: text",
                                      _("câu hỏi đã có trong ngân hàng")))
        elif normalized in seen:
            errors.append(FormatError(filename, None, f"{where}: text",
                                      _("trùng với câu %(n)d trong tệp", n=seen[normalized])))
        seen.setdefault(normalized, number)
        if status == "approved" and record.kind != "poll" and not record.explanation.strip():
            errors.append(FormatError(filename, None, f"{where}: explanation",
                                      _("câu hỏi được duyệt ngay cần có lời giải thích; "
                                      "hãy nhập ở trạng thái nháp rồi bổ sung")))
        if record.key and record.key in keys:
            errors.append(FormatError(filename, None, f"{where}: key",
                                      _("mã '%(key)s' đã có trong ngân hàng", key=record.key)))
    for category, numbers in unknown.items():
        errors.insert(0, FormatError(filename, None, "topic",
                                     _unknown_topic_message(category, numbers, topics)))
    if errors:
        raise QuestionRejected(errors)
    report = ImportReport()
    tag_cache = {}
    try:
        for record, normalized, slug in zip(records, normalized_texts, slugs, strict=True):
            question = Question(status=status, key=record.key)
            _apply(question, record, topics[slug], None, tag_cache, normalized)
            db.session.add(question)
            db.session.add(QuestionRevision(question=question, user_id=getattr(user, "id", None),
                                            action="imported", changes={"file": filename}))
            report.created += 1
            if progress and (report.created % 500 == 0 or report.created == len(records)):
                progress(report.created, len(records))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def record_topic(record: Record, topics, fallback: str | None) -> str | None:
    """Return the topic slug a record goes into, or None when it has none.

    The file's own topic (a GIFT/Moodle category, a YAML topic block) wins when it names a known
    topic; otherwise the topic chosen for the import (`--topic`) takes the question.
    """
    if record.topic in topics:
        return record.topic
    return fallback if fallback in topics else None


def _unknown_topic_message(category: str, numbers: list[int], topics) -> str:
    shown = ", ".join(str(n) for n in numbers[:10]) + (", ..." if len(numbers) > 10 else "")
    what = _("chủ đề '%(topic)s' chưa có", topic=category) if category else \
        _("tệp không ghi chủ đề")
    if not topics:
        return _("câu %(numbers)s: %(what)s, và chưa có chủ đề nào; hãy chạy 'quizapp init' để "
                 "nạp các chủ đề", numbers=shown, what=what)
    return _("câu %(numbers)s: %(what)s; hãy chọn chủ đề khi nhập (--topic) hoặc dùng một chủ "
             "đề đã có: %(topics)s", numbers=shown, what=what, topics=", ".join(sorted(topics)))


@functools.cache
def legal_registry():
    """Return the register of legal documents shipped with the bank (read once per process)."""
    registry, errors = load_legal_registry(SHIPPED_BANK)
    if errors:
        raise QuestionRejected(errors)
    return registry


def legal_findings_of(question: Question, today: date | None = None) -> list:
    """Return the legal-citation errors and warnings of a stored question (as `bank check`)."""
    return legal.legal_findings(to_record(question), legal_registry(), today or date.today())


def needing_recheck(query, today: date | None = None) -> list[int]:
    """Return the ids of the questions of `query` that have a legal finding (review filter)."""
    today = today or date.today()
    registry = legal_registry()
    return [q.id for q in query if legal.needs_recheck(to_record(q), registry, today)]


def can_approve(question: Question) -> bool:
    """Tell whether a question teaches enough to be approved (an explanation, unless a poll)."""
    return question.kind == "poll" or bool(question.explanation.strip())


def change_status(questions, status: str, user) -> int:
    """Move questions along the review workflow; return how many changed.

    A step the workflow does not allow, approving a question without an explanation, or an
    author approving their own question (unless BANK_SELF_APPROVAL) leaves it as it is.
    Approving an approved question with a pending proposal approves the proposal.
    """
    from quizapp.bank import review

    if status not in STATUSES:
        raise ValueError(status)
    changed = 0
    for question in questions:
        if status == "approved" and question.status == "approved" and question.proposal:
            try:
                review.approve_proposal(question, user)
            except review.ReviewRefused:
                continue
            changed += 1
            continue
        if status == "approved" and (not can_approve(question)
                                     or review.approval_refusal(question, user)):
            continue
        if status in TRANSITIONS[question.status]:
            extra = review.approval_record(question, user) if status == "approved" else {}
            db.session.add(QuestionRevision(question=question, user_id=getattr(user, "id", None),
                                            action="status",
                                            changes={"status": [question.status, status],
                                                     **extra}))
            question.status = status
            changed += 1
    db.session.commit()
    return changed


def add_tag(questions, name: str, user) -> int:
    tag = _tags([name])[0]
    changed = 0
    for question in questions:
        if tag not in question.tags:
            before = [t.name for t in question.tags]
            question.tags.append(tag)
            db.session.add(QuestionRevision(question=question, user_id=getattr(user, "id", None),
                                            action="edited",
                                            changes={"tags": [before, before + [tag.name]]}))
            changed += 1
    db.session.commit()
    return changed


def export_questions(questions, fmt: str) -> bytes:
    """Write questions in a format (formats.ExportRejected names what the format cannot carry)."""
    records = [to_record(q) for q in questions]
    if fmt == "yaml":
        return formats.yaml_format.write(records)
    return formats.write(fmt, records)


def load_shipped_bank(directory: Path = SHIPPED_BANK, only: set[str] | None = None) -> int:
    """Load questions/*.yaml (see `sync_shipped_bank`); return how many questions were created."""
    return sync_shipped_bank(directory, only).created


def load_topics(directory: Path = SHIPPED_BANK) -> int:
    """Create or rename the topics of the shipped bank; return how many were created."""
    bank = load_bank(directory)
    errors = [e for e in bank.errors]
    if errors:
        raise QuestionRejected(errors)
    before = Topic.query.count()
    for info in bank.topics.values():
        _ensure_topic(info)
    db.session.commit()
    return Topic.query.count() - before


def sync_shipped_bank(directory: Path = SHIPPED_BANK, only: set[str] | None = None) -> LoadReport:
    """Load or update the shipped bank; safe to run again (`quizapp bank load`).

    A new key is created (approved, or retired when the file says so, with the file's history
    notes in its revisions). A stored question that differs from the file is updated, unless a
    person changed it since it was last loaded (an edit or a status change in its revisions):
    such a question is left as it is and reported in `skipped`. ``only`` limits the load to
    those keys (a demo, a test). Nothing is written if the bank has a defect.
    """
    bank = load_bank(directory)
    errors = check_bank(bank)
    if errors:
        raise QuestionRejected(errors)
    topics = {info.slug: _ensure_topic(info) for info in bank.topics.values()}
    stored = {q.key: q for q in Question.query.filter(Question.key.isnot(None))}
    report = LoadReport()
    fresh = []
    for entry in bank.entries:
        record = entry.question
        if only is not None and record.key not in only:
            continue
        question = stored.get(record.key)
        if question is None:
            fresh.append(record)
            continue
        _update_shipped(question, record, topics[record.topic], entry.file, report)
    db.session.commit()
    by_file = {}
    for record in fresh:
        by_file.setdefault(f"questions/{record.topic}.yaml", []).append(record)
    for filename, records in by_file.items():
        report.created += import_records(records, filename, None, status="approved").created
    created = Question.query.filter(Question.key.in_([r.key for r in fresh])).all()
    by_key = {r.key: r for r in fresh}
    for question in created:
        if by_key[question.key].status == "retired":
            _retire_shipped(question, by_key[question.key])
            report.retired += 1
    db.session.commit()
    return report


def changed_by_editor(question: Question) -> bool:
    """Tell whether a person changed `question` after it was last loaded from the shipped bank."""
    for revision in sorted(question.revisions, key=lambda r: r.id, reverse=True):
        if revision.action in SHIPPED_ACTIONS:
            return False
        if revision.action in EDITOR_ACTIONS:
            return True
    return False


def _update_shipped(question: Question, record: Record, topic: Topic, filename: str,
                    report: LoadReport) -> None:
    before = _snapshot(question)
    shipped = Question(status=question.status, key=question.key)
    _apply(shipped, record, topic, None)
    after = _snapshot(shipped)
    if shipped in db.session:
        db.session.expunge(shipped)
    changes = {k: [before[k], after[k]] for k in TRACKED_FIELDS if before[k] != after[k]}
    retire = record.status == "retired" and question.status != "retired"
    if not changes and not retire:
        report.unchanged += 1
        return
    if changed_by_editor(question):
        report.skipped.append((question.key, "changed in the editor since it was last loaded"))
        return
    if changes:
        _apply(question, record, topic, None)
        db.session.add(QuestionRevision(question=question, action="shipped",
                                        changes={**changes, "file": filename}))
        report.updated += 1
    if retire:
        _retire_shipped(question, record)
        report.retired += 1


def _retire_shipped(question: Question, record: Record) -> None:
    note = record.history[-1].note if record.history else ""
    db.session.add(QuestionRevision(question=question, action="shipped",
                                    changes={"status": [question.status, "retired"],
                                             "note": note}))
    question.status = "retired"


def _ensure_topic(info) -> Topic:
    topic = Topic.query.filter_by(slug=info.slug).first()
    if topic is None:
        topic = Topic(slug=info.slug)
        db.session.add(topic)
    topic.name, topic.name_en = info.name, info.name_en
    topic.critical_thinking = info.critical_thinking
    db.session.flush()
    return topic


def _apply(question: Question, record: Record, topic: Topic, media_id, tag_cache=None,
           normalized=None) -> None:
    native = record.to_dict()
    question.topic = topic
    question.kind = record.kind
    question.text = record.text
    question.body = {k: native[k] for k in KIND_SPECIFIC_KEYS if k in native}
    question.explanation = record.explanation
    question.difficulty = record.difficulty
    question.audience = ",".join(record.audience)
    question.source = record.source
    question.valid_as_of = record.valid_as_of
    question.sources = [ref.to_dict() for ref in record.sources]
    question.normalized_text = normalized or normalize_text(record.text)
    question.search_text = normalize_text(
        " ".join([record.text, *record.answers, *(c.text for c in record.choices)]),
        accents=False)
    question.tags = _tags(record.tags, tag_cache)
    if media_id is not None:
        question.media_id = media_id or None


def _tags(names, cache=None):
    """Return the Tag rows of `names`, creating the missing ones.

    An import passes one `cache` for all its questions: one query per new name instead of one
    per question (each of which would also flush every pending row).
    """
    names = sorted({n.strip().lower() for n in names if n.strip()})
    cache = {} if cache is None else cache
    missing = [n for n in names if n not in cache]
    if missing:
        with db.session.no_autoflush:
            cache.update({t.name: t for t in Tag.query.filter(Tag.name.in_(missing))})
        for name in missing:
            if name not in cache:
                cache[name] = Tag(name=name)
                db.session.add(cache[name])
    return [cache[name] for name in names]


def _exact_duplicate(text, exclude_id=None):
    query = Question.query.filter(Question.normalized_text == normalize_text(text))
    if exclude_id:
        query = query.filter(Question.id != exclude_id)
    return query.first()


def _snapshot(question: Question) -> dict:
    return {"kind": question.kind, "text": question.text, "body": question.body,
            "explanation": question.explanation, "difficulty": question.difficulty,
            "audience": question.audience, "source": question.source,
            "valid_as_of": question.valid_as_of.isoformat() if question.valid_as_of else None,
            "sources": list(question.sources or []),
            "topic": question.topic.slug if question.topic else None,
            "tags": [t.name for t in question.tags], "media_id": question.media_id}
