"""Shared phones in a campaign: one phone answers for a named group of 2-6 pupils.

The teacher allows it on the campaign (`Campaign.allow_groups`). The group is one attempt,
bound to the phone like any attempt (handover codes move it); its members are stored as a
live game's group members are, so coverage counts each member by the same identity rule
(schools/identity.py `counted_participation`). A pupil counts once per campaign: a member
already in another attempt is refused with what to do, never counted twice.
"""

from datetime import date

from flask_babel import gettext as _

from quizapp.campaigns import members
from quizapp.campaigns.models import Attempt, CampaignSchool
from quizapp.campaigns.service import (
    AlreadyPlayed,
    CampaignError,
    InAnotherAttempt,
    NameTaken,
    _closed_message,
    add_attempt,
    campaign_roster_entry,
    check_class,
    check_device,
    refuse_second_on_device,
    window_state,
    withdraw,
)
from quizapp.schools.identity import (
    GROUP_SIZE,
    class_key,
    clean_member_name,
    group_identity,
    member_identity,
    name_key,
)

MAX_FIELDS = 20  # member fields a form may send (blank ones included) before it is junk
LABEL_CHARS = 80  # Attempt.student_name


def start_group_attempt(link: CampaignSchool, class_name, names=None, entry_ids=None,
                        device: str = "", today: date | None = None) -> Attempt:
    """Admit a group on this phone: a new attempt, or the group's own unfinished one.

    Without a roster the members are `names` (typed, each checked like a nickname); with one
    they are `entry_ids` of the roster, all of the chosen class. Raises CampaignError (with
    the member's position in the message) and writes nothing when the group is refused.
    """
    campaign = link.campaign
    if not campaign.allow_groups:
        raise CampaignError(_("Chiến dịch này không cho làm bài theo nhóm dùng chung máy."),
                            "members")
    if window_state(campaign, today) != "open":
        raise CampaignError(_closed_message(campaign, today))
    mine = check_device(device)
    class_name = check_class(link, class_name)
    if entry_ids is not None:
        chosen = _roster_members(link, class_name, entry_ids)
    else:
        chosen = _typed_members(names)
    identities = [member_identity(class_name, m) for m in chosen]
    identity = group_identity(identities)
    found = Attempt.query.filter_by(campaign_id=link.campaign_id, school_id=link.school_id,
                                    identity=identity, student_code="").first()
    if found is not None and found.device_hash != mine:
        raise NameTaken(_("Nhóm này đã có bài làm trên một máy khác: mở lại bài trên máy cũ, "
                          "hoặc nhờ thầy cô tạo mã chuyển máy rồi nhập mã ở ô bên dưới."),
                        "members")
    if found is not None:
        if found.finished_at is not None:
            raise AlreadyPlayed(_("Nhóm đã làm bài của chiến dịch này. Mỗi học sinh làm một "
                                  "lần."))
        return found
    taken = members.holder(link.campaign_id, link.school_id, identities, alone_too=True)
    if taken is not None:
        raise InAnotherAttempt(_taken_message(taken, identities, chosen), "members")
    refuse_second_on_device(link, mine)
    labels = [m["name"] if isinstance(m, dict) else m for m in chosen]
    attempt = Attempt(campaign_id=link.campaign_id, school_id=link.school_id,
                      class_name=class_name, student_name=_label(labels), student_code="",
                      identity=identity, device_hash=mine, group_members=chosen)
    add_attempt(attempt)
    taken = members.holder(link.campaign_id, link.school_id, identities, alone_too=True,
                           before=attempt.id)
    if taken is not None:  # another phone counted one of them at the same moment
        message = _taken_message(taken, identities, chosen)
        withdraw(attempt)
        raise InAnotherAttempt(message, "members")
    return attempt


def _typed_members(names) -> list[str]:
    """Check typed names: 2-6, each like a nickname, no name twice; blank fields skipped."""
    if not isinstance(names, list) or len(names) > MAX_FIELDS:
        raise _size_error()
    filled = [n for n in names if not isinstance(n, str) or n.strip()]
    if not GROUP_SIZE[0] <= len(filled) <= GROUP_SIZE[1]:
        raise _size_error()
    out, seen = [], {}
    for position, raw in enumerate(filled, start=1):
        try:
            name = clean_member_name(raw)
        except ValueError:
            raise CampaignError(_("Bạn thứ %(n)d: họ tên cần 2–40 ký tự, có ít nhất 2 chữ "
                                  "cái và không có ký tự điều khiển.", n=position),
                                "members") from None
        if name_key(name) in seen:
            raise CampaignError(_("Bạn thứ %(n)d trùng tên với bạn thứ %(first)d: mỗi bạn "
                                  "một dòng. Hai bạn trùng tên hãy làm bài riêng với mã học "
                                  "sinh.", n=position, first=seen[name_key(name)]), "members")
        seen[name_key(name)] = position
        out.append(name)
    return out


def _roster_members(link, class_name, entry_ids) -> list[dict]:
    """Check roster entries: 2-6 distinct entries of the chosen class of this school."""
    if not isinstance(entry_ids, list) or len(entry_ids) > MAX_FIELDS:
        raise _size_error()
    chosen = [e for e in entry_ids if str(e).strip()]
    if not GROUP_SIZE[0] <= len(chosen) <= GROUP_SIZE[1]:
        raise _size_error()
    if len({str(e).strip() for e in chosen}) != len(chosen):
        raise CampaignError(_("Mỗi bạn chỉ chọn một lần."), "members")
    out = []
    for raw in chosen:
        entry = campaign_roster_entry(link, str(raw).strip()[:12])
        if class_key(entry.class_name) != class_key(class_name):
            raise CampaignError(_("Các bạn trong nhóm phải cùng lớp đã chọn."), "members")
        out.append({"roster_entry": entry.id, "name": entry.full_name})
    return out


def _size_error() -> CampaignError:
    return CampaignError(_("Một nhóm có từ %(low)d đến %(high)d bạn.", low=GROUP_SIZE[0],
                           high=GROUP_SIZE[1]), "members")


def _taken_message(taken: Attempt, identities, chosen) -> str:
    """Name the member who already counts in `taken`, and say what to do."""
    held = set(members.pupil_identities(taken))
    who = next(m for m, i in zip(chosen, identities, strict=True) if i in held)
    if isinstance(who, dict):  # a roster entry: surely the same pupil
        return _("%(name)s đã có bài làm trong chiến dịch này (một mình hoặc trong nhóm "
                 "khác) và chỉ được tính một lần: hãy bỏ bạn ấy ra khỏi nhóm.",
                 name=who["name"])
    return _("%(name)s đã có bài làm trong chiến dịch này (một mình hoặc trong nhóm khác) và "
             "chỉ được tính một lần: hãy bỏ bạn ấy ra khỏi nhóm. Nếu đó là một bạn khác trùng "
             "tên, bạn ấy hãy làm bài riêng và nhập mã học sinh.", name=who)


def _label(names: list[str]) -> str:
    """The group as one line of names (the results list each member too)."""
    text = ", ".join(names)
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip(", ") + "…"
