"""Create campaigns, admit students, play questions one HTTP form at a time, report results.

Grading reuses the pure engine (`build_question`, `grade`, `answer_points`), so a campaign
question is marked exactly as the same question in a live game. Speed scoring is off unless
the campaign turns it on; the streak bonus belongs to live play and is not used here.
"""

import hashlib
import hmac
import random
import secrets
import unicodedata
from collections import defaultdict
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from quizapp.bank.service import game_question
from quizapp.campaigns import members
from quizapp.campaigns.models import (
    Attempt,
    AttemptAnswer,
    Campaign,
    CampaignQuestion,
    CampaignSchool,
)
from quizapp.core.clock import format_local, today_local, utcnow
from quizapp.core.permissions import may_see_names, owned
from quizapp.core.spreadsheet import Sheet, workbook_bytes
from quizapp.engine import InvalidCommand, InvalidGame
from quizapp.engine.questions import build_question, grade
from quizapp.engine.scoring import answer_points
from quizapp.extensions import db
from quizapp.schools.identity import (
    class_key,
    code_key,
    name_key,
    participant_identity,
    roster_identity,
)
from quizapp.schools.models import RosterEntry, School
from quizapp.schools.years import school_year_of, year_label

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a poster
CODE_LENGTH = 8
MAX_SCHOOLS = 500
MAX_CLASSES = 100
MAX_WINDOW_DAYS = 366
MAX_CLASS_CHARS, MAX_NAME_CHARS, MAX_CODE_CHARS = 40, 80, 32


class CampaignError(ValueError):
    """A user-facing reason why a campaign change or an answer was refused."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyPlayed(CampaignError):
    """This student has already finished the campaign (one attempt each)."""


class NameTaken(CampaignError):
    """The name is another device's attempt: the pupil is told how to go on, not locked out."""


class DeviceUsed(CampaignError):
    """This device already holds another pupil's attempt of the campaign (one per device)."""


class InAnotherAttempt(CampaignError):
    """The pupil already counts in another attempt of the campaign (alone or in a group)."""


HANDOVER_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
HANDOVER_LENGTH = 6
HANDOVER_MINUTES = 30


# -- creating ----------------------------------------------------------------------------

def create_campaign(user, contest, title: str, opens_on: date, closes_on: date, school_ids,
                    classes_text: str = "", speed_scoring: bool = False,
                    today: date | None = None, review_after_close: bool = False,
                    allow_groups: bool = False) -> Campaign:
    """Assign `contest` to schools between two dates (inclusive); all or nothing.

    `allow_groups`: a phone may answer for a named group of 2-6 pupils (campaigns/groups.py).
    """
    today = today or today_local()
    title = (title or contest.title or "").strip()
    if not 1 <= len(title) <= 200:
        raise CampaignError(_("Tên chiến dịch cần 1–200 ký tự."), "title")
    if not isinstance(opens_on, date) or not isinstance(closes_on, date):
        raise CampaignError(_("Hãy nhập ngày mở và ngày đóng."), "opens_on")
    if closes_on < opens_on:
        raise CampaignError(_("Ngày đóng phải sau hoặc trùng ngày mở."), "closes_on")
    if closes_on < today:
        raise CampaignError(_("Ngày đóng đã qua."), "closes_on")
    if (closes_on - opens_on).days >= MAX_WINDOW_DAYS:
        raise CampaignError(_("Một chiến dịch kéo dài tối đa một năm."), "closes_on")
    if school_year_of(opens_on) != school_year_of(closes_on):
        raise CampaignError(
            _("Chiến dịch phải nằm trong một năm học (năm học %(year)s kết thúc ngày 31/8).",
              year=year_label(school_year_of(opens_on))), "closes_on")
    ids = list(dict.fromkeys(int(i) for i in school_ids))
    if not 1 <= len(ids) <= MAX_SCHOOLS:
        raise CampaignError(_("Chọn từ 1 đến %(n)d trường.", n=MAX_SCHOOLS), "schools")
    schools = School.query.filter(School.id.in_(ids), School.active.is_(True)).all()
    if len(schools) != len(ids):
        raise CampaignError(_("Có trường không tồn tại hoặc đã ngừng hoạt động."), "schools")
    classes = parse_classes(classes_text)
    usable = [cq for cq in contest.questions
              if contest.practice or cq.question.status == "approved"]
    if not usable:
        raise CampaignError(_("Cuộc thi chưa có câu hỏi đã duyệt nào."), "contest")
    for position, item in enumerate(usable):
        try:  # the engine's own check: refuse now, not when a student opens the question
            build_question(_native(item), position, random.Random(0), shuffle=False)
        except InvalidGame as error:
            raise CampaignError(_("Câu hỏi #%(id)s: %(reason)s", id=item.question_id,
                                  reason=error.message),
                                "contest") from None
    campaign = Campaign(title=title, contest=contest, created_by=user, opens_on=opens_on,
                        closes_on=closes_on, speed_scoring=bool(speed_scoring),
                        practice=contest.practice,
                        review_after_close=bool(review_after_close),
                        allow_groups=bool(allow_groups))
    campaign.questions = [
        CampaignQuestion(question_id=item.question_id, position=position, points=item.points,
                         time_limit_s=item.time_limit_s, content=game_question(item.question))
        for position, item in enumerate(usable)]
    taken = set()
    for school in sorted(schools, key=lambda s: s.name):
        code = _new_code(taken)
        taken.add(code)
        campaign.schools.append(CampaignSchool(school=school, code=code, classes=classes))
    db.session.add(campaign)
    db.session.commit()
    return campaign


def parse_classes(text: str) -> list[str]:
    """Return the distinct class names of a one-per-line (or comma-separated) list."""
    names = []
    seen = set()
    for raw in (text or "").replace(",", "\n").splitlines():
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > MAX_CLASS_CHARS or not class_key(name):
            raise CampaignError(_("Tên lớp không hợp lệ: %(name)r.", name=name[:40]), "classes")
        if class_key(name) not in seen:
            seen.add(class_key(name))
            names.append(name)
    if len(names) > MAX_CLASSES:
        raise CampaignError(_("Tối đa %(n)d lớp.", n=MAX_CLASSES), "classes")
    return names


def _new_code(taken) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken and not CampaignSchool.query.filter_by(code=code).first():
            return code


def _native(item) -> dict:
    """The engine's question: the copy the campaign was created with (see CampaignQuestion)."""
    content = getattr(item, "content", None) or game_question(item.question)
    return {**content, "time_limit_s": item.time_limit_s, "points": item.points}


def campaigns_for(user):
    return owned(Campaign.query.order_by(Campaign.id.desc()), Campaign, user)


def window_state(campaign, today: date | None = None) -> str:
    today = today or today_local()
    if campaign.closed_at is not None:
        return "closed"
    if today < campaign.opens_on:
        return "upcoming"
    return "closed" if today > campaign.closes_on else "open"


def close_now(campaign, today: date | None = None) -> None:
    """End a campaign now: closed from this moment, today its last day (never before it opened).

    The report counts it from now on (coverage reads closed_at as well as closes_on).
    """
    today = today or today_local()
    campaign.closed_at = utcnow()
    campaign.closes_on = max(campaign.opens_on, min(campaign.closes_on, today))
    db.session.commit()


# -- playing -----------------------------------------------------------------------------

def _clean_text(value, limit: int, field: str, label: str, required: bool) -> str:
    if not isinstance(value, str):
        value = ""
    if len(value) > limit * 4:
        raise CampaignError(_("%(field)s: quá dài (tối đa %(n)d ký tự).", field=label, n=limit),
                            field)
    value = " ".join(unicodedata.normalize("NFC", value).split())
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise CampaignError(_("%(field)s: có ký tự không hợp lệ.", field=label), field)
    if len(value) > limit:
        raise CampaignError(_("%(field)s: quá dài (tối đa %(n)d ký tự).", field=label, n=limit),
                            field)
    if required and not value:
        raise CampaignError(_("Hãy nhập %(field)s.", field=label.lower()), field)
    return value


def check_student(link: CampaignSchool, class_name, student_name, student_code):
    """Validate the join form; return (class, name, code) cleaned or raise CampaignError."""
    class_name = check_class(link, class_name)
    student_name = _clean_text(student_name, MAX_NAME_CHARS, "student_name", _("Họ và tên"),
                               True)
    student_code = _clean_text(student_code, MAX_CODE_CHARS, "student_code", _("Mã học sinh"),
                               False)
    if len(name_key(student_name).replace(" ", "")) < 2:
        raise CampaignError(_("Hãy nhập họ và tên (ít nhất 2 chữ cái)."), "student_name")
    if student_code and not code_key(student_code):
        raise CampaignError(_("Mã học sinh chỉ gồm chữ và số."), "student_code")
    return class_name, student_name, code_key(student_code)


def check_class(link: CampaignSchool, class_name) -> str:
    """Return the class typed or chosen, cleaned (the campaign's own spelling when it names
    its classes), or raise CampaignError."""
    class_name = _clean_text(class_name, MAX_CLASS_CHARS, "class_name", _("Lớp"), True)
    if not class_key(class_name):
        raise CampaignError(_("Lớp cần có chữ hoặc số, ví dụ 7A."), "class_name")
    if link.classes:
        allowed = {class_key(name): name for name in link.classes}
        if class_key(class_name) not in allowed:
            raise CampaignError(_("Lớp này không thuộc chiến dịch."), "class_name")
        class_name = allowed[class_key(class_name)]
    return class_name


def check_device(device) -> str:
    """Return the stored form of this phone's secret, or refuse a phone without one."""
    if not isinstance(device, str) or not 20 <= len(device) <= 100:
        raise CampaignError(_("Trình duyệt chưa lưu được mã máy; hãy bật cookie rồi thử lại."))
    return device_hash(device)


def device_hash(secret: str) -> str:
    """Return the stored form of a device's secret (the secret itself never reaches the DB)."""
    return hashlib.sha256(f"device\x1f{secret}".encode()).hexdigest()


def start_attempt(link: CampaignSchool, class_name, student_name, student_code="",
                  today: date | None = None, device: str = "",
                  roster_entry_id=None) -> Attempt:
    """Admit a pupil on this device: a new attempt, or their own unfinished one.

    One attempt per pupil and one per device. An attempt belongs to the device that started
    it: the same name typed on another device is refused with what to do (NameTaken), never
    handed that attempt. With `roster_entry_id` the roster entry is the pupil.
    """
    if window_state(link.campaign, today) != "open":
        raise CampaignError(_closed_message(link.campaign, today))
    mine = check_device(device)
    entry = campaign_roster_entry(link, roster_entry_id) \
        if roster_entry_id not in (None, "") else None
    if entry is not None:
        class_name, student_name, code = entry.class_name, entry.full_name, ""
        identity = roster_identity(entry.id)
    else:
        class_name, student_name, code = check_student(link, class_name, student_name,
                                                       student_code)
        identity = participant_identity(class_name, student_name)
    # namesakes in one class are told apart by their code (the report still counts them once)
    found = Attempt.query.filter_by(campaign_id=link.campaign_id, school_id=link.school_id,
                                    identity=identity, student_code=code).first()
    if found is not None and found.device_hash != mine:
        raise NameTaken(
            _("Tên này đã có bài làm trên một máy khác. Nếu đó là bạn: mở lại bài trên máy cũ, "
              "hoặc nhờ thầy cô tạo mã chuyển máy rồi nhập mã ở ô bên dưới. Nếu bạn trùng tên "
              "với một bạn khác trong lớp: nhập mã học sinh của bạn."), "student_name")
    if found is not None:
        if found.finished_at is not None:
            raise AlreadyPlayed(_("Bạn đã làm bài của chiến dịch này. Mỗi học sinh làm một lần."))
        return found
    # A pupil with a code is a namesake the code tells apart; without one, a pupil who is
    # a member of a group counts there already.
    if not code and members.holder(link.campaign_id, link.school_id, [identity],
                                   alone_too=False) is not None:
        raise InAnotherAttempt(_in_group_message(entry), "student_name")
    refuse_second_on_device(link, mine)
    attempt = Attempt(campaign_id=link.campaign_id, school_id=link.school_id,
                      class_name=class_name, student_name=student_name, student_code=code,
                      identity=identity, device_hash=mine,
                      roster_entry_id=entry.id if entry is not None else None)
    add_attempt(attempt)
    if not code and members.holder(link.campaign_id, link.school_id, [identity],
                                   alone_too=False, before=attempt.id) is not None:
        withdraw(attempt)  # a group with this pupil was made at the same moment
        raise InAnotherAttempt(_in_group_message(entry), "student_name")
    return attempt


def _in_group_message(entry) -> str:
    if entry is not None:
        return _("Bạn đã có tên trong một nhóm làm bài chiến dịch này trên máy dùng chung; "
                 "bài của nhóm đã được tính cho bạn. Mỗi học sinh được tính một lần.")
    return _("Tên này đã có trong một nhóm làm bài chiến dịch này trên máy dùng chung; bài "
             "của nhóm đã được tính cho bạn. Mỗi học sinh được tính một lần. Nếu bạn chỉ trùng "
             "tên với một bạn trong nhóm đó: nhập mã học sinh của bạn.")


def refuse_second_on_device(link: CampaignSchool, mine: str) -> None:
    """Refuse a device that already holds an attempt of the campaign (one each)."""
    other = Attempt.query.filter_by(campaign_id=link.campaign_id, device_hash=mine).first()
    if other is not None:
        raise DeviceUsed(
            _("Máy này đã dùng để làm bài cho %(name)s (lớp %(klass)s). Mỗi máy làm một bài; "
              "hãy dùng máy của mình, hoặc nhờ thầy cô tạo mã chuyển máy.",
              name=other.student_name, klass=other.class_name))


def add_attempt(attempt: Attempt) -> None:
    """Store a new attempt; the unique key refuses the same pupil (or group) twice."""
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:  # the same student, a moment earlier, from another tab
        db.session.rollback()
        raise AlreadyPlayed(_("Bạn đã bắt đầu bài này ở nơi khác.")) from None


def withdraw(attempt: Attempt) -> None:
    """Take back an attempt just made (it has no answer yet): another one got there first."""
    db.session.delete(attempt)
    db.session.commit()


def campaign_roster_entry(link: CampaignSchool, entry_id):
    """Return the active roster entry `entry_id` of the link's school, in a class of the
    campaign, or raise CampaignError."""
    text = str(entry_id)
    entry = db.session.get(RosterEntry, int(text)) \
        if text.isdigit() and len(text) <= 10 and int(text) < 2**31 else None
    if entry is None or entry.school_id != link.school_id or not entry.active:
        raise CampaignError(_("Hãy chọn tên của bạn trong danh sách lớp."), "roster_entry")
    if link.classes and class_key(entry.class_name) not in {class_key(c) for c in link.classes}:
        raise CampaignError(_("Lớp này không thuộc chiến dịch."), "class_name")
    return entry


def owns_attempt(attempt: Attempt, device: str) -> bool:
    """Tell whether the device holding `device` may play `attempt`."""
    return bool(device) and attempt.device_hash is not None and hmac.compare_digest(
        attempt.device_hash, device_hash(device))


def new_handover_code(attempt: Attempt) -> str:
    """Give a teacher a one-time code that moves `attempt` to the next device that types it."""
    code = "".join(secrets.choice(HANDOVER_ALPHABET) for _ in range(HANDOVER_LENGTH))
    attempt.handover_hash = device_hash(code.upper())
    attempt.handover_until = utcnow() + timedelta(minutes=HANDOVER_MINUTES)
    db.session.commit()
    return code


def take_over(link: CampaignSchool, code, device: str, today: date | None = None) -> Attempt:
    """Move the attempt a teacher's handover code names to this device; the code is used up."""
    if window_state(link.campaign, today) != "open":
        raise CampaignError(_closed_message(link.campaign, today))
    code = "".join(str(code or "").split()).upper()
    if not (len(code) == HANDOVER_LENGTH and code.isalnum()) or not 20 <= len(device) <= 100:
        raise CampaignError(_("Mã chuyển máy gồm 6 chữ và số do thầy cô đưa."), "handover")
    attempt = Attempt.query.filter_by(campaign_id=link.campaign_id, school_id=link.school_id,
                                      handover_hash=device_hash(code)).first()
    if attempt is None or attempt.handover_until is None or attempt.handover_until < utcnow():
        raise CampaignError(_("Mã chuyển máy không đúng hoặc đã hết hạn; hãy nhờ thầy cô "
                              "tạo mã mới."), "handover")
    attempt.device_hash = device_hash(device)
    attempt.handover_hash = attempt.handover_until = None
    db.session.commit()
    return attempt


def review_open(campaign: Campaign, today: date | None = None) -> bool:
    """Tell whether right answers and explanations may be shown now."""
    return not campaign.review_after_close or window_state(campaign, today) == "closed"


def _closed_message(campaign, today=None) -> str:
    if window_state(campaign, today) == "upcoming":
        return _("Chiến dịch mở từ ngày %(day)s.", day=format_local(campaign.opens_on))
    return _("Chiến dịch đã kết thúc ngày %(day)s.", day=format_local(campaign.closes_on))


def play_question(attempt: Attempt, position: int):
    """Return the engine's PlayQuestion of the attempt's question at `position`.

    Choices are shown in the bank's order; ordering items are shuffled, with a seed of the
    attempt and question so the page and the grading see the same order.
    """
    item = attempt.campaign.questions[position]
    rng = random.Random(f"{attempt.id}:{item.question_id}")
    return build_question(_native(item), position, rng, shuffle=False)


def current_position(attempt: Attempt) -> int | None:
    """Return the index of the next question to answer, or None when all are answered."""
    done = len(attempt.answers)
    return done if done < len(attempt.campaign.questions) else None


def mark_shown(attempt: Attempt) -> None:
    """Remember when the current question was first shown (reloading does not reset it)."""
    if attempt.shown_at is None:
        attempt.shown_at = utcnow()
        db.session.commit()


def submit_answer(attempt: Attempt, question_id, form, today: date | None = None):
    """Grade and store the answer to the current question; return the stored AttemptAnswer.

    `form` maps "choice" (list of displayed indices as text), "text", "rank-<i>" fields.
    Nothing is written when the answer is refused.
    """
    if window_state(attempt.campaign, today) != "open":
        raise CampaignError(_closed_message(attempt.campaign, today))
    position = current_position(attempt)
    if position is None:
        raise AlreadyPlayed(_("Bạn đã trả lời hết các câu hỏi."))
    question = play_question(attempt, position)
    if str(question_id) != str(question.id):
        raise CampaignError(_("Câu hỏi này đã được trả lời; hãy tiếp tục với câu tiếp theo."))
    choices, text, order = _read_answer(question, form)
    try:
        graded = grade(question, choices, text, order)
    except InvalidCommand:
        raise CampaignError(_invalid_answer_message(question)) from None
    now = utcnow()
    elapsed = int((now - (attempt.shown_at or now)).total_seconds() * 1000)
    points = answer_points(question.base_points, graded.fraction, elapsed,
                           question.time_limit_ms, attempt.campaign.speed_scoring)
    answer = AttemptAnswer(attempt_id=attempt.id, question_id=question.id, answer=graded.answer,
                           correct=graded.correct, points=points, elapsed_ms=max(elapsed, 0),
                           answered_at=now)
    db.session.add(answer)
    attempt.shown_at = None
    attempt.score = (attempt.score or 0) + points
    if position + 1 >= len(attempt.campaign.questions):
        attempt.finished_at = now
    try:
        db.session.commit()
    except IntegrityError:  # a double submit: the first one counted
        db.session.rollback()
        raise CampaignError(_("Câu hỏi này đã được trả lời; hãy tiếp tục với câu tiếp theo.")) \
            from None
    return answer


def _read_answer(question, form):
    """Turn the form fields into the engine's (choices, text, order), refusing junk."""
    kind = question.kind
    if kind == "type_answer":
        text = form.get("text", "")
        if not isinstance(text, str) or not text.strip():
            raise CampaignError(_("Hãy nhập câu trả lời."))
        return None, text, None
    if kind == "ordering":
        size = len(question.items)
        ranks = []
        for shown in range(size):
            raw = form.get(f"rank-{shown}", "")
            if not (isinstance(raw, str) and raw.isdigit() and 1 <= int(raw) <= size):
                raise CampaignError(_("Hãy xếp thứ tự từ 1 đến %(n)d cho mọi mục.", n=size))
            ranks.append(int(raw))
        if len(set(ranks)) != size:
            raise CampaignError(_("Mỗi thứ tự chỉ dùng một lần."))
        return None, None, sorted(range(size), key=lambda shown: ranks[shown])
    picked = form.getlist("choice") if hasattr(form, "getlist") else form.get("choice", [])
    if not picked:
        raise CampaignError(_("Hãy chọn một đáp án."))
    if len(picked) > 6 or not all(isinstance(p, str) and p.isdigit() and len(p) < 3
                                  for p in picked):
        raise CampaignError(_invalid_answer_message(question))
    return [int(p) for p in picked], None, None


def _invalid_answer_message(question) -> str:
    if question.kind == "type_answer":
        return _("Câu trả lời cần 1–200 ký tự.")
    if question.kind == "multiple":
        return _("Hãy chọn một hoặc nhiều đáp án trong danh sách.")
    return _("Hãy chọn đúng một đáp án trong danh sách.")


def review(attempt: Attempt) -> list[dict]:
    """Return each answered question with the student's answer, the right one, and why."""
    answers = {a.question_id: a for a in attempt.answers}
    rows = []
    for position, item in enumerate(attempt.campaign.questions):
        given = answers.get(item.question_id)
        if given is None:
            continue
        question = play_question(attempt, position)
        rows.append({"number": position + 1, "text": question.text,
                     "correct": given.correct, "points": given.points,
                     # the engine's partial credit (multiple choice): points, not "wrong"
                     "partial": given.correct is False and given.points > 0,
                     "right_answer": right_answer(question),
                     "explanation": question.explanation})
    return rows


def right_answer(question) -> str:
    if question.kind == "type_answer":
        return question.answers[0]
    if question.kind == "ordering":
        return " → ".join(question.items)
    if question.kind == "poll":
        return ""
    return "; ".join(question.choices[i] for i in sorted(question.correct))


# -- results -------------------------------------------------------------------------------

def campaign_results(campaign: Campaign, user) -> list[dict]:
    """Per school and class: pupils (a group's members each), attempts, pupils finished,
    average score and % correct; names, and a group's members, if allowed."""
    attempts = Attempt.query.filter_by(campaign_id=campaign.id).all()
    graded = defaultdict(lambda: [0, 0])
    rows = db.session.query(AttemptAnswer.attempt_id, AttemptAnswer.correct).join(
        Attempt, Attempt.id == AttemptAnswer.attempt_id).filter(
        Attempt.campaign_id == campaign.id, AttemptAnswer.correct.isnot(None))
    for attempt_id, correct in rows:
        graded[attempt_id][0] += 1
        graded[attempt_id][1] += int(bool(correct))
    by_school = defaultdict(list)
    for attempt in attempts:
        by_school[attempt.school_id].append(attempt)
    out = []
    for link in campaign.schools:
        mine = by_school.get(link.school_id, [])
        classes = defaultdict(list)
        for attempt in mine:
            classes[attempt.class_name].append(attempt)
        names = may_see_names(user, link.school_id)
        out.append({
            "link": link, "school": link.school, **_summary(mine, graded),
            "classes": [{"class_name": name, **_summary(group, graded),
                         "students": sorted(
                             ({"id": a.id, "name": a.student_name, "code": a.student_code,
                               "members": members.member_names(a),
                               "score": a.score, "finished": a.finished_at is not None,
                               "answered": graded[a.id][0], "correct": graded[a.id][1]}
                              for a in group), key=lambda s: -s["score"]) if names else None}
                        for name, group in sorted(classes.items())],
        })
    return out


def results_workbook(campaign: Campaign, user) -> bytes:
    """The campaign's results as a workbook: schools, classes, and pupils where `user` may see
    names (the same rows, and the same privacy rule, as the campaign page)."""
    rows = campaign_results(campaign, user)
    header = [_("Trường"), _("Học sinh"), _("Đã làm xong"), _("Điểm TB"), _("% đúng")]
    schools = [[r["school"].name, r["pupils"], r["finished"], r["average_score"],
                r["correct_pct"]] for r in rows]
    classes = [[r["school"].name, c["class_name"], c["pupils"], c["finished"],
                c["average_score"], c["correct_pct"]] for r in rows for c in r["classes"]]
    pupils = [[r["school"].name, c["class_name"], ", ".join(s["members"]) or s["name"],
               s["code"], s["score"], s["correct"], s["answered"],
               _("có") if s["finished"] else _("chưa"), len(s["members"]) or None]
              for r in rows for c in r["classes"] for s in (c["students"] or [])]
    sheets = [Sheet(_("Trường"), header, schools, preamble=[[campaign.title], []]),
              Sheet(_("Lớp"), [_("Trường"), _("Lớp"), *header[1:]], classes)]
    if any(c["students"] is not None for r in rows for c in r["classes"]):
        sheets.append(Sheet(_("Học sinh"), [_("Trường"), _("Lớp"), _("Họ và tên"),
                                            _("Mã học sinh"), _("Điểm"), _("Số câu đúng"),
                                            _("Số câu có đáp án đúng"), _("Đã làm xong"),
                                            _("Nhóm dùng chung máy (số bạn)")],
                            pupils))
    return workbook_bytes(sheets)


def _summary(attempts, graded) -> dict:
    answered = sum(graded[a.id][0] for a in attempts)
    right = sum(graded[a.id][1] for a in attempts)
    finished = [a for a in attempts if a.finished_at is not None]
    # a shared phone's group: one attempt, each member a pupil who took part
    return {"attempts": len(attempts),
            "pupils": sum(len(a.group_members or ()) or 1 for a in attempts),
            "finished": sum(len(a.group_members or ()) or 1 for a in finished),
            "average_score": round(sum(a.score for a in finished) / len(finished))
            if finished else None,
            "correct_pct": round(100 * right / answered) if answered else None}
