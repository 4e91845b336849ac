"""A live player's school comes from the link, rosters give identities, groups share a phone,
and fake viewers claiming a school do not make it count (issues 15 and 16.3)."""

import pytest

from quizapp.contests import attribution
from quizapp.contests.live.games import open_game
from quizapp.contests.live.registry import registry_of
from quizapp.contests.models import Game, Player
from quizapp.contests.service import create_contest
from quizapp.core.clock import today_local
from quizapp.coverage import service as coverage
from quizapp.engine import audience_view
from quizapp.extensions import db
from quizapp.live import throttle
from quizapp.schools.models import AdminUnit, School
from quizapp.schools.rosters import import_roster
from quizapp.schools.years import school_year_of
from tests.contests.conftest import ack, events, make_questions


@pytest.fixture
def schools(live_app):
    throttle.reset(live_app)  # each test's game 1 starts with no claims counted
    unit = AdminUnit(code="x-dh", name="Xã Đắk Hà", kind="commune")
    db.session.add(unit)
    made = [School(code=f"S{i}", name=name, unit=unit, level="lower_secondary",
                   enrolment=400) for i, name in enumerate(
        ["THCS Nguyễn Huệ", "THCS Lê Lợi", "PTDTBT THCS Đăk Long"])]
    db.session.add_all(made)
    db.session.commit()
    return made


def school_year(year):
    from quizapp.coverage.periods import parse_period

    return parse_period(f"{year}-{year + 1}", today_local())


def new_game(host, **options):
    questions = make_questions(2)
    contest = create_contest(host, "Thi an toàn thông tin", [q.id for q in questions],
                             {"preview_ms": 0, "shuffle_answers": False, **options})
    return open_game(contest, host)


def join(phone, game, nickname, **extra):
    client = phone()
    return client, ack(client, "join", {"pin": game.pin, "nickname": nickname, **extra})


def player(nickname):
    return Player.query.filter_by(nickname=nickname).one()


def test_a_school_hosts_game_belongs_to_that_school(schools, make_user, phone):
    host = make_user("host", username="gv.nh", school=schools[0])
    game = new_game(host)
    _, reply = join(phone, game, "An", school="THCS Lê Lợi", **{"class": "7A"})
    assert reply["ok"], reply
    row = player("An")
    assert (row.school_id, row.school_source) == (schools[0].id, "link")


def test_open_game_picker_matches_without_accents_and_keeps_the_rest(schools, host_user, phone):
    game = new_game(host_user)  # a host without a school: an open game
    join(phone, game, "An", school="thcs nguyen hue")
    join(phone, game, "Bình", school_code="S1", school="anything shown")
    join(phone, game, "Chi", school="Trường cấp hai Đăk Lông")
    join(phone, game, "Dũng")
    assert (player("An").school_id, player("An").school_source) == (schools[0].id, "picked")
    assert (player("Bình").school_id, player("Bình").school_source) == (schools[1].id,
                                                                         "picked")
    chi = player("Chi")
    assert (chi.school_id, chi.school_name, chi.school_source) == (
        None, "Trường cấp hai Đăk Lông", "unmatched")
    assert (player("Dũng").school_id, player("Dũng").school_source) == (None, "empty")


def test_per_school_links_of_an_inter_school_game(schools, make_user, phone):
    host = make_user("host", username="gv.lc", school=schools[0])
    game = new_game(host, school_scope="inter_school")
    link = attribution.school_link(game.id, schools[2].id)
    join(phone, game, "An", school_link=link, school="THCS Lê Lợi")
    join(phone, game, "Bình", school_link=link[:-2] + "xx", school="THCS Lê Lợi")
    join(phone, game, "Chi", school_link=attribution.school_link(game.id + 1, schools[1].id))
    assert (player("An").school_id, player("An").school_source) == (schools[2].id, "link")
    assert player("Bình").school_source == "picked"  # a tampered link is only a claim
    assert player("Chi").school_source == "empty"  # another game's link is nothing


def finish(game, host_socket, phones, clock):
    assert ack(host_socket, "watch", {"game_id": game.id}, "/host")["ok"]
    assert ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")["ok"]
    question = [p for n, p in events(phones[0]) if n == "question"][-1]["question"]
    clock.advance(1000)
    for client in phones:
        assert ack(client, "answer", {"question": question["id"], "choices": [1]})["ok"]
    assert ack(host_socket, "command", {"game_id": game.id, "name": "end"}, "/host")["ok"]


def test_replay_falsification_fake_viewers_claiming_a_school_do_not_count(
        schools, host_user, phone, host_socket, clock, live_app):
    """Issue 15: 12 fake TV viewers picked a registry school and made it 'held a program'."""
    game = new_game(host_user)  # a TV audience game: open, no school of its own
    fakes = [join(phone, game, f"Khán giả {i}", school_code="S1")[0] for i in range(12)]
    finish(game, host_socket, fakes, clock)
    # they still count as TV audience: the school table on air shows them
    live = registry_of(live_app).get(game.id)
    assert live is None or any(row["school"] == "THCS Lê Lợi"
                               for row in audience_view(live.engine)["schools"])
    claimed = Player.query.filter_by(school_id=schools[1].id).all()
    assert len(claimed) == 12 and {p.school_source for p in claimed} == {"picked", "capped"}
    year = school_year_of(today_local())
    rows = {row.code: row for row in coverage.school_rows(school_year(year), level="all")}
    assert not rows["S1"].held and rows["S1"].participants == 0


def test_host_confirmation_makes_a_picked_school_count(schools, host_user, phone, host_socket,
                                                       clock):
    game = new_game(host_user)
    pupils = [join(phone, game, f"Học sinh {i}", school="THCS Lê Lợi", **{"class": "8A"})[0]
              for i in range(10)]
    finish(game, host_socket, pupils, clock)
    assert attribution.confirm(db.session.get(Game, game.id), schools[1]) == 10
    rows = {row.code: row for row in coverage.school_rows(
        school_year(school_year_of(today_local())), level="all")}
    assert rows["S1"].held and rows["S1"].participants == 10


def test_claims_are_capped_per_address_and_the_host_is_alerted(
        schools, host_user, phone, host_socket, live_app):
    live_app.config["LIVE_CLAIMS_PER_ADDRESS"] = 3
    game = new_game(host_user)
    assert ack(host_socket, "watch", {"game_id": game.id}, "/host")["ok"]
    events(host_socket, "/host")
    for i in range(5):
        assert join(phone, game, f"Bot {i}", school_code="S1")[1]["ok"]
    sources = [player(f"Bot {i}").school_source for i in range(5)]
    assert sources == ["picked"] * 3 + ["capped"] * 2
    alerts = [p for n, p in events(host_socket, "/host") if n == "alert"]
    assert alerts == [{"code": "school_claims_capped", "school": "THCS Lê Lợi"}]
    live_app.config.pop("LIVE_CLAIMS_PER_ADDRESS")


@pytest.fixture
def roster_game(schools, make_user):
    import_roster("lớp,họ và tên\n7A,Nguyễn Văn An\n7A,Nguyễn Văn An\n7A,Trần Thị Bình\n"
                  "8A,Công Tôn Nữ Hoàng Thị Phương Thảo Nguyên Hạ\n".encode(), "lop.csv",
                  schools[0])
    import_roster("lớp,họ và tên\n7A,Lê Khác\n".encode(), "b.csv", schools[1])
    host = make_user("host", username="gv.roster", school=schools[0])
    return new_game(host)


def test_with_a_roster_a_pupil_chooses_class_then_name(roster_game, phone, schools):
    client = phone()
    classes = ack(client, "roster", {"pin": roster_game.pin})
    assert classes == {"ok": True, "school": "THCS Nguyễn Huệ", "classes": ["7A", "8A"]}
    pupils = ack(client, "roster", {"pin": roster_game.pin, "class": "7a"})["pupils"]
    assert [p["name"] for p in pupils] == ["Nguyễn Văn An (1)", "Nguyễn Văn An (2)",
                                            "Trần Thị Bình"]
    first = ack(client, "join", {"pin": roster_game.pin, "nickname": "",
                                 "roster_entry": pupils[0]["id"]})
    assert first["ok"], first
    namesake = ack(phone(), "join", {"pin": roster_game.pin, "nickname": "x",
                                     "roster_entry": pupils[1]["id"]})
    assert namesake["ok"], namesake
    rows = Player.query.filter(Player.roster_entry_id.isnot(None)).all()
    assert {r.roster_entry_id for r in rows} == {pupils[0]["id"], pupils[1]["id"]}
    assert {r.school_source for r in rows} == {"roster"} and {r.class_name for r in rows} == {
        "7A"}
    taken = ack(phone(), "join", {"pin": roster_game.pin, "nickname": "x",
                                  "roster_entry": pupils[0]["id"]})
    assert taken["error"] == "roster_taken" and "thầy cô" in taken["message"]


def test_a_long_roster_name_is_shortened_from_the_middle(roster_game, phone):
    client = phone()
    entry = ack(client, "roster", {"pin": roster_game.pin, "class": "8A"})["pupils"][0]
    reply = ack(client, "join", {"pin": roster_game.pin, "nickname": "",
                                 "roster_entry": entry["id"]})
    assert reply["state"]["me"]["nickname"] == "Công Nữ Hoàng Thị Phương Thảo Nguyên Hạ"


@pytest.mark.parametrize("value", ["999999", "abc", -1, 9 ** 40, None, [1], {"id": 1}])
def test_roster_entries_of_another_school_or_junk_are_refused(roster_game, phone, value):
    from quizapp.schools.models import RosterEntry

    foreign = RosterEntry.query.filter_by(full_name="Lê Khác").one().id
    for sent in (foreign, value):
        if sent is None:
            continue
        reply = ack(phone(), "join", {"pin": roster_game.pin, "nickname": "x",
                                      "roster_entry": sent})
        assert reply["ok"] is False and reply["error"] in ("not_on_roster", "bad_request")
    assert Player.query.count() == 0


def test_no_roster_in_an_open_game(schools, host_user, phone):
    game = new_game(host_user)
    assert ack(phone(), "roster", {"pin": game.pin})["error"] == "no_roster"
    assert ack(phone(), "roster", {"pin": "000000"})["error"] == "unknown_pin"


def test_a_shared_phone_answers_for_a_named_group(schools, make_user, phone):
    host = make_user("host", username="gv.nhom", school=schools[2])
    game = new_game(host)
    _, reply = join(phone, game, "Nhóm Sao Mai", members=["Y Blin", "A Sương", "Hoa"],
                    **{"class": "6B"})
    assert reply["ok"], reply
    assert player("Nhóm Sao Mai").group_members == ["Y Blin", "A Sương", "Hoa"]


@pytest.mark.parametrize("members,code", [
    (["Một mình"], "group_size"), ([f"Bạn {i}" for i in range(7)], "group_size"),
    (["Lan", "lan"], "group_duplicate"), (["Lan", ""], "group_name"),
    (["Lan", "x" * 41], "group_name"), ("Lan, Minh", "group_size"),
    (["Lan", {"name": "x"}], "group_name"),
])
def test_bad_groups_get_a_clear_error(schools, host_user, phone, members, code):
    game = new_game(host_user)
    _, reply = join(phone, game, "Nhóm", members=members)
    assert reply["error"] == code and reply["message"]
    assert Player.query.count() == 0


def test_nicknames_up_to_40_characters(schools, host_user, phone):
    game = new_game(host_user)
    name = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên"
    assert join(phone, game, name)[1]["state"]["me"]["nickname"] == name
    assert join(phone, game, "a" * 41)[1]["error"] == "nickname_too_long"


def test_the_host_resolves_typed_schools_and_confirms_picked_ones(schools, host_user, phone,
                                                                  client):
    from tests.conftest import TEST_PASSWORD

    game = new_game(host_user)
    join(phone, game, "An", school="Truong THCS Nguyen Hue xa Dak Ha")
    join(phone, game, "Bình", school="Trường THCS Nguyễn Huệ (Đắk Hà)")
    join(phone, game, "Chi", school_code="S1")
    join(phone, game, "Dũng")
    client.post("/login", data={"username": host_user.username, "password": TEST_PASSWORD})
    page = client.get(f"/contests/games/{game.id}/schools").get_data(as_text=True)
    assert "Truong THCS Nguyen Hue xa Dak Ha" in page and "(gợi ý)" in page
    # the first suggestion of a typed name is the registry school it resembles
    first = page.index('value="Truong THCS Nguyen Hue xa Dak Ha"')
    assert page.index(f'<option value="{schools[0].id}">THCS Nguyễn Huệ (gợi ý)', first) > first
    response = client.post(f"/contests/games/{game.id}/schools", data={
        "action": "resolve", "name": "Truong THCS Nguyen Hue xa Dak Ha",
        "school_id": schools[0].id})
    assert response.status_code == 302
    assert (player("An").school_id, player("An").school_source) == (schools[0].id, "resolved")
    assert player("Bình").school_source == "unmatched"  # another spelling: resolved separately
    client.post(f"/contests/games/{game.id}/schools", data={
        "action": "confirm", "source": "picked", "school_id": schools[1].id})
    assert player("Chi").school_source == "confirmed"
    assert player("Dũng").school_source == "empty"
    bad = client.post(f"/contests/games/{game.id}/schools", data={
        "action": "resolve", "name": "x", "school_id": "abc"}, follow_redirects=True)
    assert "Hãy chọn một trường trong danh mục" in bad.get_data(as_text=True)


def test_per_school_qr_codes_carry_a_link_that_joins_as_that_school(schools, make_user, phone,
                                                                    client):
    import re
    from urllib.parse import unquote

    from tests.conftest import TEST_PASSWORD

    host = make_user("host", username="gv.qr", school=schools[0])
    game = new_game(host, school_scope="inter_school")
    client.post("/login", data={"username": host.username, "password": TEST_PASSWORD})
    page = client.get(f"/contests/games/{game.id}/schools?school={schools[1].id}"
                      f"&school={schools[2].id}").get_data(as_text=True)
    assert page.count("<svg") == 2
    links = re.findall(rf"/play/{game.pin}\?s=([^<\s\"]+)", page)
    assert len(set(links)) == 2
    join(phone, game, "Lan", school_link=unquote(links[0]))
    assert player("Lan").school_source == "link"
    assert player("Lan").school_id in (schools[1].id, schools[2].id)
    phone_page = client.get(f"/play/{game.pin}?s={links[0]}").get_data(as_text=True)
    assert 'id="join-fixed-school"' in phone_page


def test_another_host_cannot_see_or_change_a_games_schools(schools, host_user, make_user,
                                                           client):
    from tests.conftest import TEST_PASSWORD

    game = new_game(host_user)
    other = make_user("host", username="gv.khac")
    client.post("/login", data={"username": other.username, "password": TEST_PASSWORD})
    assert client.get(f"/contests/games/{game.id}/schools").status_code == 403
    assert client.post(f"/contests/games/{game.id}/schools", data={
        "action": "confirm", "school_id": schools[1].id}).status_code == 403


def test_a_roster_group_names_its_members_from_the_class_list(roster_game, phone):
    pupils = ack(phone(), "roster", {"pin": roster_game.pin, "class": "7A"})["pupils"]
    ids = [p["id"] for p in pupils]
    _, reply = join(phone, roster_game, "Nhóm 1", member_entries=ids[:2], **{"class": "7A"})
    assert reply["ok"], reply
    members = player("Nhóm 1").group_members
    assert [m["roster_entry"] for m in members] == ids[:2]
    for bad, code in (([ids[0]], "group_size"), ([ids[0], ids[0]], "group_duplicate"),
                      ([ids[0], 999999], "not_on_roster"), ("1,2", "group_size")):
        assert join(phone, roster_game, "Nhóm x", member_entries=bad)[1]["error"] == code
    from quizapp.coverage.participants import player_participation
    from quizapp.schools.identity import NameDirectory, counted_participation

    counted = counted_participation(player_participation(player("Nhóm 1"), None),
                                    NameDirectory())
    assert len({p.identity for p in counted}) == 2 and not any(p.estimated for p in counted)


def test_per_school_qr_codes_are_chosen_by_ticking_schools(schools, host_user, client):
    """No "hold Ctrl": every school is a checkbox (touch and keyboard), with a filter box."""
    from tests.conftest import TEST_PASSWORD

    game = new_game(host_user, school_scope="inter_school")
    client.post("/login", data={"username": host_user.username, "password": TEST_PASSWORD})
    url = f"/contests/games/{game.id}/schools"
    page = client.get(url).get_data(as_text=True)
    assert "Ctrl" not in page and "<select id=\"school-pick\"" not in page
    for school in schools:
        assert f'type="checkbox" id="school-{school.id}" name="school" value="{school.id}"' in page
    assert 'id="school-filter" type="search"' in page and "js/school-filter.js" in page
    page = client.get(url, query_string={"school": [schools[0].id, schools[2].id]}).get_data(
        as_text=True)
    assert page.count('class="school-qr"') == 2
    assert f'value="{schools[0].id}" checked' in page and f'value="{schools[1].id}">' in page
    many = client.get(url, query_string={"school": [schools[1].id] * 61}).get_data(as_text=True)
    assert "tối đa 60 trường" in many and many.count('class="school-qr"') == 60
