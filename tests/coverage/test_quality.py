"""The data-quality panel: counts per school of what the identity rule could not count."""

import re

import pytest

from quizapp.contests.models import Player
from quizapp.coverage import quality
from quizapp.extensions import db
from quizapp.schools.rosters import import_roster
from tests.coverage.conftest import YEAR, at


@pytest.fixture
def season(world, k3):
    w = world
    unit = w.unit("xa-a", "Xã A")
    s1, s2 = w.school("S1", unit), w.school("S2", unit)
    contest = w.contest(w.host, w.questions(w.topic("mat-khau"), 2))
    game = w.game(contest, at(2024, 10, 15), [
        (s1, "7A", "Nguyễn Văn Thanh", [True, True]),
        (s1, "7A", "Nguyễn Văn Thanhh", [True, False]),  # alike, kept apart
        (s1, "7A", "Trần Thị Mai", [True, True]),
        (s2, "8A", "Nhóm Sao Mai", [True, True]),
        (s2, "8A", "Khán giả 1", [True]),
        (None, "", "Khán giả 2", [True]),
        (None, "", "Khán giả 3", [True]),
        (None, "", "Khán giả 4", [True]),
    ])
    players = {p.nickname: p for p in Player.query.filter_by(game_id=game.id)}
    players["Nhóm Sao Mai"].group_members = ["Y Blin", "A Sương", "Hoa"]
    players["Khán giả 1"].school_source = "picked"  # an open game's claim
    players["Khán giả 2"].school_source = "unmatched"
    players["Khán giả 2"].school_name = "THCS Ngyen Hue"
    players["Khán giả 3"].school_source = "unmatched"
    players["Khán giả 3"].school_name = "THCS Ngyen Hue"
    db.session.commit()
    import_roster("lớp,họ và tên\n8A,Y Blin\n".encode(), "lop.csv", s2)
    return s1, s2


def test_the_year_quality_counts(season):
    s1, s2 = season
    found = quality.year_quality(YEAR)
    assert (found.unmatched, found.empty, found.unverified) == (2, 1, 1)
    assert (found.groups, found.group_members, found.duplicates) == (1, 3, 1)
    assert found.typed == [("THCS Ngyen Hue", 2)]
    rows = {s.code: s for s in found.schools}
    assert (rows["S1"].counted, rows["S1"].duplicates, rows["S1"].estimated) == (3, 1, True)
    assert (rows["S2"].counted, rows["S2"].unverified, rows["S2"].groups) == (1, 1, 1)
    assert rows["S2"].roster and not rows["S2"].estimated


def test_the_dashboard_states_the_rule_and_the_panel_shows_counts(client, login_as, season):
    login_as("viewer")
    page = client.get("/coverage/?period=2024-2025").get_data(as_text=True)
    assert 'id="identity-note"' in page and "xác minh" in page
    panel = client.get("/coverage/quality?period=2024-2025").get_data(as_text=True)
    for box, value in (("q-unmatched", "2"), ("q-empty", "1"), ("q-unverified", "1"),
                       ("q-duplicates", "1"), ("q-groups", "1")):
        assert re.search(rf'id="{box}">.*?<p class="big">{value}</p>', panel, re.S), box
    assert "THCS Ngyen Hue" in panel
    assert "Nguyễn Văn Thanh" not in panel  # counts only: no pupil's name


def test_hosts_and_anonymous_visitors_cannot_open_the_panel(client, login_as, season):
    assert client.get("/coverage/quality").status_code in (302, 401)
    login_as("host")
    assert client.get("/coverage/quality").status_code == 403


def test_anonymising_the_year_numbers_the_members_of_groups(season):
    from quizapp.coverage import privacy

    privacy.anonymise_year(YEAR, None)
    group = Player.query.filter(Player.group_members.isnot(None)).one()
    assert all(m.startswith("Thành viên ") for m in group.group_members)
    assert "Y Blin" not in str(group.group_members)


def test_a_school_page_marks_figures_estimated_without_a_roster(client, login_as, season):
    s1, s2 = season
    login_as("viewer")
    assert 'id="estimated-note"' in client.get(f"/coverage/schools/{s1.id}").get_data(
        as_text=True)
    assert 'id="estimated-note"' not in client.get(f"/coverage/schools/{s2.id}").get_data(
        as_text=True)
