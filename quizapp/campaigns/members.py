"""Which pupils an attempt stands for, and which attempt of a campaign already holds a pupil.

A pupil counts once per campaign: alone (one attempt) or as a member of one shared-phone
group. Joining alone and joining in a group both ask `holder` before they write, and again
after (two phones at the same moment: the later attempt gives way).
"""

from sqlalchemy import or_, select

from quizapp.campaigns.models import Attempt
from quizapp.extensions import db
from quizapp.schools.identity import member_identity


def pupil_identities(attempt: Attempt) -> list[str]:
    """Return the identities of the pupils `attempt` counts for (each member of a group)."""
    if attempt.group_members:
        return [member_identity(attempt.class_name, m) for m in attempt.group_members]
    return [attempt.identity]


def member_names(attempt: Attempt) -> list[str]:
    """Return the names of a group's members (empty for a pupil alone)."""
    return [m["name"] if isinstance(m, dict) else m for m in attempt.group_members or ()]


def holder(campaign_id: int, school_id: int, identities, *, alone_too: bool,
           before: int | None = None) -> Attempt | None:
    """Return an attempt of the campaign at this school that already counts one of
    `identities`: a group holding one as a member, or (with `alone_too`) a pupil's own
    attempt with that identity, whatever its pupil code. `before`: only attempts made
    before that one (the race check after a write)."""
    wanted = set(identities)
    matches = [Attempt.group_members.isnot(None)]
    if alone_too:
        matches.append(Attempt.identity.in_(wanted))
    query = select(Attempt).where(Attempt.campaign_id == campaign_id,
                                  Attempt.school_id == school_id, or_(*matches))
    if before is not None:
        query = query.where(Attempt.id < before)
    for attempt in db.session.scalars(query.order_by(Attempt.id)):
        if attempt.group_members:
            if wanted & set(pupil_identities(attempt)):
                return attempt
        elif attempt.identity in wanted:
            return attempt
    return None
