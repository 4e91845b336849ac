"""Shared phones in campaigns (issue 15.3): one phone answers for a named group of 2-6 pupils,
each member counts once by the identity rule, and nobody counts twice."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest

from quizapp.campaigns import groups, members, service
from quizapp.campaigns.models import Attempt, AttemptAnswer
from quizapp.core.clock import today_local
from quizapp.coverage import quality, rollup
from quizapp.coverage.models import CoverageParticipant, CoverageProgramSchool
from quizapp.extensions import db
from quizapp.schools.identity import (
    clean_member_name,
    group_identity,
    participant_identity,
    roster_identity,
)
from quizapp.schools.models import RosterEntry
from quizapp.schools.rosters import import_roster
from quizapp.schools.years import school_year_of, year_bounds
from tests.conftest import TEST_PASSWORD
from tests.coverage.test_campaign_devices import error_text
from tests.coverage.test_campaigns import answer, join, play_through

LONG = "Tôn Nữ Hoàng Thị Phương Thảo Vy"  # 31 characters, a real Vietnamese full name
TRIO = ["Y Blin", "A Sương", LONG]


@pytest.fixture
def setup(world):
    unit = world.unit("xa-a", "Xã A")
    school = world.school("THCS-A", unit)
    other = world.school("THCS-B", unit)
    questions = world.questions(world.topic("tin-gia", critical=True), 3)
    contest = world.contest(world.host, questions, title="Nhận diện tin giả")
    today = today_local()
    closes = min(today + timedelta(days=7), year_bounds(school_year_of(today))[1])
    campaign = service.create_campaign(world.host, contest, "", today, closes,
                                       [school.id, other.id], allow_groups=True)
    link = next(s for s in campaign.schools if s.school_id == school.id)
    return {"campaign": campaign, "link": link, "school": school, "other": other,
            "questions": questions, "world": world}


def join_group(client, link, names, class_name="8A"):
    return client.post(f"/c/{link.code}", data={"mode": "group", "class_name": class_name,
                                                "member": names})


def join_roster_group(client, link, entry_ids, class_name="8A"):
    return client.post(f"/c/{link.code}", data={"mode": "group", "class_name": class_name,
                                                "member_entry": [str(i) for i in entry_ids]})


def counted(campaign, school):
    """Close the campaign, roll it up, and return the identities counted for the school."""
    service.close_now(campaign)
    rollup.refresh()
    return {i for (i,) in db.session.query(CoverageParticipant.identity).filter_by(
        school_id=school.id)}


# -- the rules ------------------------------------------------------------------------------

def test_member_names_follow_the_nickname_rule():
    assert clean_member_name("  Nguye\u0302\u0303n   Văn An ") == "Nguyễn Văn An"  # NFC
    assert clean_member_name(LONG) == LONG
    for bad in ("", " ", "A", "-", "x" * 41, "An\x00h", "An\u202eh", None, 7, ["An"]):
        with pytest.raises(ValueError, match="group_name"):
            clean_member_name(bad)


def test_a_group_is_the_same_group_whatever_the_order(app):
    a, b = participant_identity("8A", "Y Blin"), participant_identity("8A", "A Sương")
    assert group_identity([a, b]) == group_identity([b, a])
    assert group_identity([a, b]) not in (a, b)
    assert group_identity([a, b]) != group_identity([a, participant_identity("8A", "Hoa")])


def test_groups_only_where_the_teacher_allows_them(app, world, setup):
    campaign = setup["campaign"]
    campaign.allow_groups = False
    db.session.commit()
    page = app.test_client().get(f"/c/{setup['link'].code}").get_data(as_text=True)
    assert 'id="group-box"' not in page
    refused = join_group(app.test_client(), setup["link"], TRIO)
    assert refused.status_code == 400 and "không cho làm bài theo nhóm" in error_text(refused)
    assert Attempt.query.count() == 0


def test_the_teacher_allows_groups_on_the_campaign_form(client, login_as, setup):
    login_as("admin")
    contest = setup["campaign"].contest
    today = today_local()
    response = client.post("/campaigns/new", data={
        "contest": contest.id, "title": "Nhóm", "opens_on": today.isoformat(),
        "closes_on": today.isoformat(), "schools": [setup["school"].id],
        "allow_groups": "y"})
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Cho phép nhóm dùng chung máy" in detail


# -- playing as a group ---------------------------------------------------------------------

def test_a_group_plays_and_each_member_counts_once(client, setup):
    link, questions, school = setup["link"], setup["questions"], setup["school"]
    page = client.get(f"/c/{link.code}").get_data(as_text=True)
    assert 'id="group-box"' in page and page.count('name="member"') == 6
    response = join_group(client, link, [*TRIO, "", "", ""])
    assert response.status_code == 302, error_text(response)
    attempt = Attempt.query.one()
    assert attempt.group_members == TRIO and attempt.class_name == "8A"
    assert attempt.identity == group_identity(
        [participant_identity("8A", name) for name in TRIO])
    play_through(client, link, questions)
    assert AttemptAnswer.query.count() == 3
    assert len(counted(setup["campaign"], school)) == 3
    totals = CoverageProgramSchool.query.filter_by(school_id=school.id).one()
    assert totals.participants == 3 and totals.answers == 3  # answers once, for the group


def test_a_group_resumes_on_its_own_phone_whatever_the_order(client, setup):
    link, questions = setup["link"], setup["questions"]
    join_group(client, link, TRIO)
    answer(client, link, questions[0].id, choice="0")
    client.delete_cookie("session")  # the session is lost; the phone's own secret stays
    again = join_group(client, link, list(reversed(TRIO)), class_name="lớp 8a")
    assert again.status_code == 302
    assert Attempt.query.count() == 1
    assert questions[1].text in client.get(f"/c/{link.code}/play").get_data(as_text=True)


@pytest.mark.parametrize(("names", "message"), [
    (["Y Blin"], "từ 2 đến 6 bạn"),
    (["Y Blin", "", "", ""], "từ 2 đến 6 bạn"),
    ([f"Học sinh {n}" for n in "ABCDEFG"], "từ 2 đến 6 bạn"),
    (["Y Blin"] * 2 + [""] * 30, "từ 2 đến 6 bạn"),  # too many fields: junk, not a group
    (["Y Blin", "x" * 41], "Bạn thứ 2"),
    (["Y Blin", "A Sương", "y" * 100_000], "Bạn thứ 3"),
    (["Y Blin", "A\x00Sương"], "Bạn thứ 2"),
    (["Y Blin", "A\u202eSương"], "Bạn thứ 2"),
    (["-", "Y Blin"], "Bạn thứ 1"),
    (["Y Blin", "!!"], "Bạn thứ 2"),
    (["Nguyễn Văn An", "nguyen van an"], "Bạn thứ 2 trùng tên với bạn thứ 1"),
])
def test_malformed_oversized_and_hostile_member_lists_write_nothing(app, setup, names,
                                                                     message):
    response = join_group(app.test_client(), setup["link"], names)
    assert response.status_code == 400
    assert message in error_text(response)
    assert 'id="group-box" open' in response.get_data(as_text=True)
    assert Attempt.query.count() == 0


def test_hostile_class_and_mode_write_nothing(app, setup):
    link = setup["link"]
    for klass in ("", "\x00", "!!!", "8" * 500):
        response = join_group(app.test_client(), link, TRIO, class_name=klass)
        assert response.status_code == 400, klass
    assert Attempt.query.count() == 0
    # markup is only text: stored as typed, shown escaped
    assert join_group(app.test_client(), link, ["<b>Hoa</b>", "Y Blin"]).status_code == 302
    assert Attempt.query.one().group_members[0] == "<b>Hoa</b>"


# -- nobody counts twice ------------------------------------------------------------------

def test_a_member_who_already_played_alone_is_told_what_to_do(app, client, setup):
    link = setup["link"]
    assert join(client, link, name="A Sương").status_code == 302
    refused = join_group(app.test_client(), link, TRIO)
    assert refused.status_code == 409
    text = error_text(refused)
    assert "A Sương đã có bài làm" in text and "bỏ bạn ấy ra khỏi nhóm" in text
    assert Attempt.query.count() == 1
    # without A Sương the group goes ahead
    assert join_group(app.test_client(), link, ["Y Blin", LONG]).status_code == 302


def test_a_pupil_already_in_a_group_is_not_counted_again_alone(app, client, setup):
    link = setup["link"]
    join_group(client, link, TRIO)
    alone = app.test_client()
    refused = join(alone, link, name="a suong")  # the same name, typed without accents
    assert refused.status_code == 409 and "trong một nhóm" in error_text(refused)
    assert Attempt.query.count() == 1
    # a namesake tells themselves apart with their pupil code
    assert join(alone, link, name="A Sương", code="HS-77").status_code == 302


def test_a_member_of_one_group_cannot_join_another(app, client, setup):
    link = setup["link"]
    join_group(client, link, TRIO)
    refused = join_group(app.test_client(), link, ["Hoa Mai", LONG])
    assert refused.status_code == 409 and LONG in error_text(refused)
    assert Attempt.query.count() == 1


def test_two_phones_at_the_same_moment_the_later_gives_way(app, client, setup, monkeypatch):
    """The check before the write misses the other phone (it wrote in between): the check
    after the write finds it, and the later attempt is taken back."""
    link = setup["link"]
    join(client, link, name="Y Blin")
    real = members.holder
    monkeypatch.setattr(members, "holder", lambda *a, **k: real(*a, **k)
                        if k.get("before") is not None else None)
    refused = join_group(app.test_client(), link, TRIO)
    assert refused.status_code == 409 and "Y Blin đã có bài làm" in error_text(refused)
    assert [a.student_name for a in Attempt.query.all()] == ["Y Blin"]


# -- the phone owns the attempt -----------------------------------------------------------

def test_replay_takeover_another_phone_cannot_answer_for_a_group(app, client, setup):
    link, questions = setup["link"], setup["questions"]
    join_group(client, link, TRIO)
    answer(client, link, questions[0].id, choice="0")
    thief = app.test_client()
    refused = join_group(thief, link, TRIO)
    assert refused.status_code == 409 and "máy khác" in error_text(refused)
    assert answer(thief, link, questions[1].id, choice="0").status_code == 302
    assert AttemptAnswer.query.count() == 1
    # nor does a thief's group of some of them, or one of them alone
    assert join_group(thief, link, TRIO[:2]).status_code == 409
    assert join(thief, link, name="Y Blin").status_code == 409
    assert questions[1].text in client.get(f"/c/{link.code}/play").get_data(as_text=True)


def test_one_attempt_per_phone_also_for_groups(client, setup):
    link, questions = setup["link"], setup["questions"]
    join_group(client, link, TRIO)
    play_through(client, link, questions)
    client.delete_cookie("session")
    second = join_group(client, link, ["Hoa Mai", "Lê Văn Nam"])
    assert second.status_code == 409 and "Mỗi máy làm một bài" in error_text(second)
    again = join_group(client, link, TRIO)
    assert again.status_code == 409 and "Mỗi học sinh làm một lần" in error_text(again)
    assert Attempt.query.count() == 1


def test_a_teachers_handover_code_moves_a_group(app, client, setup):
    link, questions, host = setup["link"], setup["questions"], setup["world"].host
    join_group(client, link, TRIO)
    answer(client, link, questions[0].id, choice="0")
    teacher = app.test_client()
    teacher.post("/login", data={"username": host.username, "password": TEST_PASSWORD})
    attempt = Attempt.query.one()
    page = teacher.post(f"/campaigns/{link.campaign_id}/attempts/{attempt.id}/handover",
                        follow_redirects=True).get_data(as_text=True)
    code = re.search(r"\(lớp 8A\): ([A-Z0-9]{6})", page).group(1)
    new_phone = app.test_client()
    assert new_phone.post(f"/c/{link.code}", data={"handover": code}).status_code == 302
    assert questions[1].text in new_phone.get(f"/c/{link.code}/play").get_data(as_text=True)
    assert client.get(f"/c/{link.code}/play").status_code == 302


# -- with a roster ------------------------------------------------------------------------

@pytest.fixture
def roster(setup):
    import_roster(("lớp,họ và tên\n8A,Nguyễn Thị Hoa\n8A,Nguyễn Thị Hoa\n8A,Lê Văn Nam\n"
                   f"8A,{LONG}\n8B,Trần Văn Bình\n").encode(), "lop.csv", setup["school"])
    return {e.full_name + (f"#{e.id}" if e.full_name == "Nguyễn Thị Hoa" else ""): e.id
            for e in RosterEntry.query.filter_by(school_id=setup["school"].id)}


def test_with_a_roster_the_group_ticks_names_of_the_class(app, client, setup, roster):
    link, questions, school = setup["link"], setup["questions"], setup["school"]
    page = client.get(f"/c/{link.code}?class=8A").get_data(as_text=True)
    assert page.count('name="member_entry"') == 4 and LONG in page
    hoa = sorted(i for name, i in roster.items() if name.startswith("Nguyễn Thị Hoa"))
    response = join_roster_group(client, link, [*hoa, roster[LONG]])
    assert response.status_code == 302, error_text(response)
    attempt = Attempt.query.one()
    assert [m["roster_entry"] for m in attempt.group_members] == [*hoa, roster[LONG]]
    play_through(client, link, questions)
    # namesakes are two pupils: each roster entry is one
    assert counted(setup["campaign"], school) == {roster_identity(i)
                                                  for i in [*hoa, roster[LONG]]}


def test_roster_groups_refuse_junk_and_other_schools(app, setup, roster):
    link, other = setup["link"], setup["other"]
    import_roster("lớp,họ và tên\n8A,Trần Khác\n".encode(), "b.csv", other)
    foreign = RosterEntry.query.filter_by(school_id=other.id).one().id
    nam, binh = roster["Lê Văn Nam"], roster["Trần Văn Bình"]
    for ids, status in (([nam], 400), ([nam, nam], 400), ([nam, foreign], 400),
                        ([nam, binh], 400),  # another class than the one chosen
                        ([nam, "abc"], 400), ([nam, "-1"], 400), ([nam, "9" * 40], 400),
                        ([nam, roster[LONG], *range(10**6, 10**6 + 5)], 400)):
        response = join_roster_group(app.test_client(), link, ids)
        assert response.status_code == status, ids
    assert Attempt.query.count() == 0


def test_a_roster_pupil_who_played_alone_cannot_be_in_a_group(app, client, setup, roster):
    link = setup["link"]
    nam = roster["Lê Văn Nam"]
    client.post(f"/c/{link.code}", data={"class_name": "8A", "roster_entry": str(nam)})
    refused = join_roster_group(app.test_client(), link, [nam, roster[LONG]])
    assert refused.status_code == 409 and "Lê Văn Nam đã có bài làm" in error_text(refused)
    alone = app.test_client()
    join_roster_group(alone, link, [roster[LONG], next(
        i for name, i in roster.items() if name.startswith("Nguyễn Thị Hoa"))])
    again = app.test_client().post(f"/c/{link.code}", data={"class_name": "8A",
                                                            "roster_entry": str(roster[LONG])})
    assert again.status_code == 409 and "trong một nhóm" in error_text(again)


# -- what teachers and the department see -------------------------------------------------

def test_results_page_and_workbook_show_the_group_with_its_members(client, login_as, setup):
    link, questions = setup["link"], setup["questions"]
    join_group(client, link, TRIO)
    play_through(client, link, questions)
    login_as("admin")
    page = client.get(f"/campaigns/{setup['campaign'].id}").get_data(as_text=True)
    assert "nhóm dùng chung máy · 3 bạn" in page
    assert all(f"<li>{name}</li>" in page for name in TRIO)
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/campaigns/{setup['campaign'].id}/results.xlsx").data))
    pupils = [[c.value for c in row] for row in book["Học sinh"].iter_rows(min_row=1)]
    assert pupils[0][-1] == "Nhóm dùng chung máy (số bạn)"
    assert pupils[1][2] == ", ".join(TRIO) and pupils[1][-1] == 3
    schools = {row[0].value: row[1].value for row in book["Trường"].iter_rows(min_row=4)}
    assert schools[setup["school"].name] == 3  # pupils, not phones


def test_the_quality_panel_marks_campaign_groups(client, setup):
    link, questions, school = setup["link"], setup["questions"], setup["school"]
    join_group(client, link, TRIO)
    play_through(client, link, questions)
    year = school_year_of(today_local())
    found = quality.year_quality(year)
    assert (found.groups, found.group_members) == (1, 3)
    assert {s.id: (s.groups, s.group_members) for s in found.schools}[school.id] == (1, 3)


def test_anonymising_the_year_numbers_a_campaign_groups_members(setup):
    from quizapp.coverage import privacy

    attempt = Attempt(campaign_id=setup["campaign"].id, school_id=setup["school"].id,
                      class_name="8A", student_name=", ".join(TRIO), identity="x" * 24,
                      group_members=TRIO)
    db.session.add(attempt)
    db.session.commit()
    privacy._anonymise_groups(Attempt, [attempt.id])
    db.session.commit()
    stored = db.session.get(Attempt, attempt.id).group_members
    assert len(stored) == 3 and all(m.startswith("Thành viên ") for m in stored)


def test_a_school_host_sees_each_member_among_the_pupils(setup):
    from quizapp.coverage import privacy
    from quizapp.coverage.periods import parse_period

    link = setup["link"]
    groups.start_group_attempt(link, "8A", names=TRIO, device="d" * 30)
    today = today_local()
    year = school_year_of(today)
    period = parse_period(f"{year}-{year + 1}", year_bounds(year)[1])
    rows = privacy.school_students(period, setup["school"].id)
    assert sorted(r["name"] for r in rows) == sorted(TRIO)
