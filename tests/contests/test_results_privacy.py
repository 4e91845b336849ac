"""Results of a real game after its school year was anonymised, and a host's view of an
inter-school game: names only of the host's own school (core.permissions.may_see_names)."""

from datetime import datetime

from quizapp.contests.models import Game, Player
from quizapp.coverage import privacy
from quizapp.engine import Game as EngineGame
from quizapp.extensions import db
from tests.contests.test_results import play_one_game

NAMES = ("Lan", "Minh", "THCS A")


def test_anonymised_game_keeps_no_name_in_results_exports_or_snapshot(
        game, phone, host_socket, clock, client):
    play_one_game(game, phone, host_socket, clock)
    stored = db.session.get(Game, game.id)
    stored.finished_at = datetime(2025, 3, 1, 3)  # school year 2024-2025, which has ended
    Player.query.filter_by(game_id=game.id, nickname="Lan").one().class_name = "7A"
    db.session.commit()
    privacy.anonymise_year(2024, None)
    db.session.expire_all()
    page = client.get(f"/contests/games/{game.id}/results").get_data(as_text=True)
    csv_text = client.get(f"/contests/games/{game.id}/results.csv").data.decode("utf-8-sig")
    assert "Người chơi" in page and "Người chơi" in csv_text
    for name in NAMES:
        assert f">{name}<" not in page and f",{name}," not in csv_text
    engine = EngineGame.restore(db.session.get(Game, game.id).snapshot)  # console, resume
    assert {p.nickname.split(" ")[0] for p in engine.players.values()} == {"Người"}
    assert {p.school for p in engine.players.values()} == {""}
    players = Player.query.filter_by(game_id=game.id).all()
    assert {p.class_name for p in players} == {""} and {p.school_name for p in players} == {""}


def test_a_host_sees_only_their_own_schools_pupils(game, phone, host_socket, clock, client,
                                                  host_user):
    from quizapp.contests import results
    from quizapp.schools.models import AdminUnit, School

    play_one_game(game, phone, host_socket, clock)
    unit = AdminUnit(code="U", name="Xã U")
    mine, other = School(code="A", name="THCS A", unit=unit, level="lower_secondary"), \
        School(code="B", name="THCS B", unit=unit, level="lower_secondary")
    db.session.add_all([unit, mine, other])
    db.session.flush()
    for player in Player.query.filter_by(game_id=game.id):
        player.school_id = mine.id if player.nickname == "Lan" else other.id
    host_user.school_id = mine.id
    db.session.commit()
    names = {p["nickname"] for p in results.game_report(game, host_user)["players"]}
    assert "Lan" in names and "Minh" not in names and "(học sinh trường khác)" in names
    csv_text = client.get(f"/contests/games/{game.id}/results.csv").data.decode("utf-8-sig")
    assert "Lan" in csv_text and "Minh" not in csv_text
    assert "Minh" in results.export_csv(game).decode("utf-8-sig")  # the terminal sees all
