"""The review workflow: who may approve, and edits of approved questions as proposals.

An approved question is what contests, campaigns and shows use. Editing it does not change it:
the edit is kept as a proposal, in review, while the approved text stays in use; approving the
proposal (by someone other than its author) makes it the approved text. Games and campaigns
copy the questions they start with, so an approval never changes a running one.
"""

from flask import current_app
from flask_babel import gettext as _

from quizapp.bank.models import Question, QuestionProposal, QuestionRevision
from quizapp.extensions import db

AUTHORING = ("created", "edited", "imported", "proposed")


class ReviewRefused(ValueError):
    """A step the workflow does not allow for this user; the message says why."""


def authors_since_approval(question: Question) -> set[int]:
    """Return the users who wrote the content now waiting for approval (never None)."""
    authors = set()
    for revision in question.revisions:  # newest first
        if _is_approval(revision):
            break
        if revision.action in AUTHORING and revision.user_id is not None:
            authors.add(revision.user_id)
    return authors


def _is_approval(revision: QuestionRevision) -> bool:
    if revision.action == "proposal_approved":
        return True
    status = (revision.changes or {}).get("status")
    return revision.action == "status" and isinstance(status, list) and status[-1] == "approved"


def approval_refusal(question: Question, user) -> str | None:
    """Return why `user` may not approve `question`'s pending content, or None when they may."""
    if getattr(user, "id", None) in authors_since_approval(question) and not self_approval():
        return _("Người viết không tự duyệt câu hỏi của mình; hãy nhờ một người khác duyệt.")
    return None


def self_approval() -> bool:
    """Whether an author may approve their own question (a school with one editor)."""
    return bool(current_app.config.get("BANK_SELF_APPROVAL"))


def approval_record(question: Question, user) -> dict:
    """Extra facts kept with an approval: that the author approved their own work."""
    if getattr(user, "id", None) in authors_since_approval(question):
        return {"self_approved": True}
    return {}


def propose(question: Question, record, topic, user, media_id) -> QuestionProposal:
    """Keep an edit of an approved question as a proposal in review (caller commits)."""
    proposal = question.proposal
    if proposal is None:
        proposal = QuestionProposal(record={}, media_id=question.media_id)
        db.session.add(proposal)
        question.proposal = proposal
    proposal.record = {**record.to_json_dict(), "topic": topic.slug}
    if media_id is not None:
        proposal.media_id = media_id or None
    proposal.proposed_by_id = getattr(user, "id", None)
    db.session.add(QuestionRevision(question=question, user_id=proposal.proposed_by_id,
                                    action="proposed", changes={"text": [question.text,
                                                                         record.text]}))
    return proposal


def approve_proposal(question: Question, user) -> None:
    """Make the pending proposal the approved content; raise ReviewRefused when not allowed."""
    from quizapp.bank import service

    proposal = question.proposal
    if proposal is None:
        raise ReviewRefused(_("Câu hỏi không có bản sửa nào đang chờ duyệt."))
    refusal = approval_refusal(question, user)
    if refusal:
        raise ReviewRefused(refusal)
    record, topic = _proposed_record(proposal)
    if record is None or topic is None:
        raise ReviewRefused(_("Bản sửa không còn hợp lệ; hãy sửa lại rồi gửi duyệt."))
    extra = approval_record(question, user)
    before = service._snapshot(question)
    service._apply(question, record, topic, proposal.media_id or 0)
    after = service._snapshot(question)
    changes = {k: [before.get(k), after[k]] for k in service.TRACKED_FIELDS
               if before.get(k) != after[k]}
    db.session.add(QuestionRevision(question=question, user_id=getattr(user, "id", None),
                                    action="proposal_approved", changes={**changes, **extra}))
    question.proposal = None  # delete-orphan removes the row
    db.session.commit()


def discard_proposal(question: Question, user) -> None:
    if question.proposal is None:
        return
    db.session.add(QuestionRevision(question=question, user_id=getattr(user, "id", None),
                                    action="proposal_discarded", changes={}))
    question.proposal = None
    db.session.commit()


def editable_view(question: Question | None):
    """What the editor shows: the pending proposal when there is one, else the question.

    The proposal is put into a transient Question that is never added to the session.
    """
    if question is None or question.proposal is None:
        return question
    from quizapp.bank import service

    record, topic = _proposed_record(question.proposal)
    if topic is None:
        return question
    view = Question(status=question.status, key=question.key)
    with db.session.no_autoflush:
        service._apply(view, record, topic, question.proposal.media_id or 0)
    if view in db.session:
        db.session.expunge(view)
    return view


def _proposed_record(proposal: QuestionProposal):
    """Return the proposal's (record, topic); record None when it no longer reads."""
    from quizapp.bank.formats.question import read_question_mapping
    from quizapp.bank.models import Topic

    data = dict(proposal.record)
    slug = data.pop("topic", None)
    record, errors = read_question_mapping(data, topic=slug)
    topic = Topic.query.filter_by(slug=slug).first()
    return (None, None) if errors else (record, topic)
