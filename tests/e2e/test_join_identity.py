"""Joining on a phone: the school picker without accents, the long-name warning, a roster."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_live_game import PHONE, QUESTION_KEYS, WAIT

pytestmark = pytest.mark.e2e


def server_app(server):
    from quizapp import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": server.env["QUIZAPP_DATABASE_URL"],
                       "ASYNC_MODE": "threading", "SECRET_KEY": server.env["QUIZAPP_SECRET_KEY"]})


def open_games(server):
    """An open game (the admin has no school) and a school's game with a class roster."""
    from quizapp.accounts.models import User
    from quizapp.accounts.service import create_user
    from quizapp.bank.models import Question
    from quizapp.bank.service import load_shipped_bank
    from quizapp.contests.live.games import open_game
    from quizapp.contests.service import create_contest
    from quizapp.extensions import db
    from quizapp.schools.models import AdminUnit, School
    from quizapp.schools.rosters import import_roster

    with server_app(server).app_context():
        load_shipped_bank()
        unit = AdminUnit.query.filter_by(code="e2e-xa").first() or AdminUnit(
            code="e2e-xa", name="Xã Ngọc Hồi", kind="commune")
        db.session.add(unit)
        school = School.query.filter_by(code="E2E-NH").first() or School(
            code="E2E-NH", name="THCS Nguyễn Huệ", unit=unit, level="lower_secondary",
            enrolment=300)
        db.session.add(school)
        db.session.commit()
        import_roster("lớp,họ và tên\n7A,Y Blin\n7A,Nguyễn Thị Hoa\n8B,Lê Văn Nam\n".encode(),
                      "lop.csv", school)
        admin = User.query.filter_by(username="admin").one()
        teacher = User.query.filter_by(username="gv.e2e.nh").first() or create_user(
            "gv.e2e.nh", "mat-khau-giao-vien-dai", "host", school=school)
        questions = [Question.query.filter_by(key=key).one().id for key in QUESTION_KEYS]
        options = {"shuffle_answers": False, "preview_ms": 15000}
        open_one = open_game(create_contest(admin, "Khán giả", questions, options), admin)
        school_one = open_game(create_contest(teacher, "Lớp 7A", questions, options), teacher)
        return open_one.id, open_one.pin, school_one.id, school_one.pin


def stored_player(server, game_id, nickname):
    from quizapp.contests.models import Player

    with server_app(server).app_context():
        player = Player.query.filter_by(game_id=game_id, nickname=nickname).one()
        return player.school_source, player.school_name, player.roster_entry_id


def test_picker_long_name_warning_and_roster(browser, live_server):
    open_id, open_pin, school_id, school_pin = open_games(live_server)
    errors = []
    phone = browser.new_context(**PHONE).new_page()
    phone.on("pageerror", lambda e: errors.append(str(e)))
    phone.goto(f"{live_server.url}/play/{open_pin}")
    long_name = "Công Tôn Nữ Hoàng Thị Phương Thảo Nguyên Hạ"  # 43 characters
    phone.get_by_label("Tên hiển thị").fill(long_name)
    phone.get_by_label("Trường", exact=True).fill("nguyen hue")  # no accents typed
    option = phone.locator("#school-suggest li", has_text="THCS Nguyễn Huệ")
    expect(option).to_be_visible(timeout=WAIT)
    expect(option).not_to_contain_text("E2E-NH")  # the code stays hidden
    screenshot(phone, "identity-1-school-picker")
    option.click()
    # the name and its unit (another test of the shared server may have made the school first)
    expect(phone.get_by_label("Trường", exact=True)).to_have_value(
        re.compile(r"^THCS Nguyễn Huệ — Xã \w"))
    phone.get_by_role("button", name="Vào chơi").click()
    warning = phone.locator("#nickname-warning")
    expect(warning).to_contain_text("Công Nữ Hoàng Thị Phương Thảo Nguyên Hạ", timeout=WAIT)
    screenshot(phone, "identity-2-long-name-warning")
    expect(phone.locator("#s-lobby")).to_be_hidden()  # nothing was sent yet
    phone.get_by_role("button", name="Vào chơi").click()
    expect(phone.locator("#lobby-nickname")).to_have_text(
        "Công Nữ Hoàng Thị Phương Thảo Nguyên Hạ", timeout=WAIT)
    assert stored_player(live_server, open_id, "Công Nữ Hoàng Thị Phương Thảo Nguyên Hạ")[:2] \
        == ("picked", "THCS Nguyễn Huệ")

    pupil = browser.new_context(**PHONE).new_page()
    pupil.on("pageerror", lambda e: errors.append(str(e)))
    pupil.goto(f"{live_server.url}/play/{school_pin}")
    expect(pupil.locator("#join-fixed-school")).to_contain_text("THCS Nguyễn Huệ")
    expect(pupil.locator("#roster-class option")).to_have_count(3, timeout=WAIT)
    pupil.locator("#roster-class").select_option("7A")
    expect(pupil.locator("#roster-entry option")).to_have_count(3, timeout=WAIT)
    pupil.locator("#roster-entry").select_option(label="Nguyễn Thị Hoa")
    screenshot(pupil, "identity-3-roster")
    pupil.get_by_role("button", name="Vào chơi").click()
    expect(pupil.locator("#lobby-nickname")).to_have_text("Nguyễn Thị Hoa", timeout=WAIT)
    source, school_name, entry = stored_player(live_server, school_id, "Nguyễn Thị Hoa")
    assert (source, school_name) == ("roster", "THCS Nguyễn Huệ") and entry
    assert errors == []
