"""Small things people tripped over: the new-user role, school codes, the campaign school list,
the bank search box and the pause sign."""

from quizapp.schools.matching import match_school


def test_a_new_account_starts_with_the_least_power(client, login_as):
    login_as("admin")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert '<option selected value="viewer">' in page or '<option value="viewer" selected>' in page


def test_school_codes_match_whatever_their_case(app, units):
    from quizapp.extensions import db
    from quizapp.schools.models import AdminUnit, School

    unit = AdminUnit.query.filter_by(code="T-P1").one()
    db.session.add(School(code="THCS-NH", name="THCS Nguyễn Huệ", level="lower_secondary",
                          unit=unit))
    db.session.commit()
    assert match_school("", "thcs-nh").code == "THCS-NH"
    assert match_school("", " Thcs-Nh ").code == "THCS-NH"


def test_campaign_schools_are_tick_boxes(client, login_as):
    login_as("admin")
    page = client.get("/campaigns/new").get_data(as_text=True)
    assert '<ul class="checks" id="schools">' in page and "<legend>Trường</legend>" in page
    assert "Ctrl" not in page


def test_pause_sign_and_search_box_need_no_special_font(client, login_as):
    assert "⏸" not in client.get("/play").get_data(as_text=True)
    login_as("editor")
    page = client.get("/bank/").get_data(as_text=True)
    assert 'placeholder="Tìm câu hỏi"' in page
