"""A shared phone plays a campaign as a group (issue 15.3): 360×640, 30-character names,
the longest shipped question, a long school name; every screen holds its text."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.onair import missing_glyphs
from tests.e2e.test_live_game import PHONE, WAIT
from tests.e2e.test_screen_layout import layout_problems

pytestmark = pytest.mark.e2e

MEMBERS = ["Phạm Nguyễn Thị Phương Thảo Vy", "Huỳnh Trần Thị Thanh Thúy Kiều", "Y Blin"]
SCHOOL = "Trường Phổ thông Dân tộc Bán trú THCS Đăk Long, xã Đăk Long"


def _app(server):
    from quizapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": server.env["QUIZAPP_DATABASE_URL"],
                       "ASYNC_MODE": "threading", "SECRET_KEY": server.env["QUIZAPP_SECRET_KEY"]})


@pytest.fixture(scope="module")
def campaign_code(live_server):
    """A group campaign of the longest shipped single-choice question and one more."""
    from sqlalchemy import func

    from quizapp.accounts.models import User
    from quizapp.bank.models import Question
    from quizapp.bank.service import load_shipped_bank
    from quizapp.campaigns.service import create_campaign
    from quizapp.contests.service import create_contest
    from quizapp.core.clock import today_local
    from quizapp.extensions import db
    from quizapp.schools.models import AdminUnit, School

    with _app(live_server).app_context():
        load_shipped_bank()
        unit = AdminUnit(code="e2e-dl", name="Xã Đăk Long", kind="commune")
        school = School(code="E2E-DL", name=SCHOOL, unit=unit, level="lower_secondary",
                        enrolment=120)
        db.session.add_all([unit, school])
        db.session.commit()
        single = Question.query.filter(Question.kind == "single",
                                       Question.status == "approved")
        longest = single.order_by(func.length(Question.text).desc()).first()
        other = single.filter(Question.id != longest.id).first()
        admin = User.query.filter_by(username="admin").one()
        contest = create_contest(admin, "Nhận diện tin giả — tự học theo nhóm",
                                 [longest.id, other.id])
        today = today_local()
        campaign = create_campaign(admin, contest, "", today, today, [school.id],
                                   allow_groups=True)
        return campaign.schools[0].code, longest.text


def cut_values(page):
    """Typed names wider than their field (an input's value is no text node).

    Measured once the page's stylesheets have loaded: before, an input has the browser's
    default width, and a form's answer page can be read before then.
    """
    page.wait_for_load_state("load")
    return page.evaluate("""() => [...document.querySelectorAll("input[name=member]")]
        .filter((i) => i.value && i.scrollWidth > i.clientWidth).map((i) => i.value)""")


def stored_group(server, code):
    from quizapp.campaigns.models import Attempt, CampaignSchool

    with _app(server).app_context():
        link = CampaignSchool.query.filter_by(code=code).one()
        return [(a.group_members, a.finished_at is not None)
                for a in Attempt.query.filter_by(campaign_id=link.campaign_id)]


def test_a_shared_phone_plays_a_campaign_as_a_group(browser, live_server, campaign_code):
    code, longest = campaign_code
    errors = []
    phone = browser.new_context(**PHONE).new_page()
    phone.on("pageerror", lambda e: errors.append(str(e)))
    phone.goto(f"{live_server.url}/c/{code}")
    expect(phone.locator(".phone-kicker")).to_have_text(SCHOOL)
    phone.locator("#group-box summary").click()
    phone.locator("#group_class").fill("Lớp 6A1")
    fields = phone.locator("#group-form input[name=member]")
    expect(fields).to_have_count(6)
    for field, name in zip(fields.all(), MEMBERS, strict=False):
        field.fill(name)
    for field, name in zip(fields.all(), MEMBERS, strict=False):
        expect(field).to_have_value(name)
    assert cut_values(phone) == []  # 30 characters show whole at 360 px
    assert layout_problems(phone, vertical=False) == []
    screenshot(phone, "campaign-group-1-join")
    phone.get_by_role("button", name="Bắt đầu làm bài cho cả nhóm").click()

    for number in (1, 2):
        expect(phone.locator(".progress-line")).to_contain_text(f"Câu {number} / 2",
                                                                timeout=WAIT)
        if number == 1:
            expect(phone.locator(".phone-question")).to_have_text(longest)
            assert layout_problems(phone, vertical=False) == []
            screenshot(phone, "campaign-group-2-question")
        phone.locator("label.choice").first.click()
        phone.get_by_role("button", name="Trả lời").click()
        expect(phone.locator(".verdict")).to_be_visible()
        assert layout_problems(phone, vertical=False) == []
        assert missing_glyphs(phone, "body") == []
        phone.locator("a.button.primary").click()
    expect(phone.locator("#final-score")).to_be_visible(timeout=WAIT)
    assert layout_problems(phone, vertical=False) == []
    assert missing_glyphs(phone, "body") == []
    screenshot(phone, "campaign-group-3-done")
    assert stored_group(live_server, code) == [(MEMBERS, True)]

    # A member typed again on another phone, alone or in another group, is told what to do.
    other = browser.new_context(**PHONE).new_page()
    other.on("pageerror", lambda e: errors.append(str(e)))
    other.goto(f"{live_server.url}/c/{code}")
    other.locator("#group-box summary").click()
    other.locator("#group_class").fill("6A1")
    other.locator("#group-form input[name=member]").nth(0).fill("Nguyễn Văn An")
    other.locator("#group-form input[name=member]").nth(1).fill(MEMBERS[1].lower())
    other.get_by_role("button", name="Bắt đầu làm bài cho cả nhóm").click()
    expect(other.locator("#join-error")).to_contain_text("bỏ bạn ấy ra khỏi nhóm",
                                                         timeout=WAIT)
    expect(other.locator("#group-box")).to_have_attribute("open", "")
    expect(other.locator("#handover-box")).not_to_have_attribute("open", "")
    assert cut_values(other) == []
    assert layout_problems(other, vertical=False) == []
    screenshot(other, "campaign-group-4-member-taken")
    assert len(stored_group(live_server, code)) == 1
    assert errors == []
