"""Privacy: keyed identities, anonymisation that leaves no name anywhere, the retention purge,
and hosts who see only their own school's pupils."""

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select

from quizapp.contests.models import Game, GameCommand, Player
from quizapp.core.clock import utcnow
from quizapp.coverage import freeze, privacy, rollup
from quizapp.coverage.models import CoverageAnonymisation, CoverageParticipant
from quizapp.coverage.periods import parse_period
from quizapp.extensions import db
from quizapp.schools.identity import class_key, name_key, participant_identity

NAMES = ("Nguyễn Văn An", "Trần Bình", "Lê Chi", "Học sinh Một", "Phạm Dũng", "Võ Em")


def test_identities_are_keyed_so_a_class_list_cannot_be_hashed_to_find_pupils(year_2024, app):
    rollup.refresh()
    stored = [i for (i,) in db.session.execute(select(CoverageParticipant.identity))]
    unkeyed = {hashlib.blake2b(f"{class_key(p.class_name)}\x1f{name_key(p.nickname)}".encode(),
                               digest_size=12).hexdigest() for p in Player.query}
    assert stored and not unkeyed & set(stored)
    app.config["IDENTITY_KEY"] = "another secret"
    try:
        rollup.rebuild()
        again = [i for (i,) in db.session.execute(select(CoverageParticipant.identity))]
        assert len(again) == len(stored) and not set(again) & set(stored)
        assert participant_identity("7A", "An") != hashlib.blake2b(
            b"7a\x1fan", digest_size=12).hexdigest()
    finally:
        app.config["IDENTITY_KEY"] = None


def _everything() -> str:
    """Every row of every table, as text."""
    dump = []
    for table in db.metadata.sorted_tables:
        dump += [repr(tuple(row)) for row in db.session.execute(table.select())]
    return "\n".join(dump)


def _with_snapshot_group_and_rename(year_2024):
    """Give a finished game of the year a snapshot, a shared-phone group and a rename."""
    game = Player.query.filter_by(nickname="Nguyễn Văn An").one().game
    players = Player.query.filter_by(game_id=game.id).all()
    game.snapshot = {"players": [{"player_id": p.player_key, "nickname": p.nickname,
                                  "school": "Trường S4", "class_name": p.class_name,
                                  "score": 0} for p in players], "runs": []}
    players[1].group_members = ["Phạm Dũng", "Võ Em"]
    db.session.add(GameCommand(game_id=game.id, seq=99, at_ms=1, command={
        "name": "rename", "player_id": players[0].player_key, "nickname": "Nguyễn Văn An"}))
    db.session.commit()
    return game


def test_anonymising_a_year_leaves_no_name_in_any_table_snapshot_or_payload(
        year_2024, client, login_as, app):
    game = _with_snapshot_group_and_rename(year_2024)
    everything = _everything()
    assert all(name in everything for name in NAMES)  # the names are there before
    before = {k: v for k, v in freeze.freeze(parse_period("2024-2025")).figures.items()
              if k != "generated"}
    privacy.anonymise_year(2024, None)
    db.session.expire_all()
    everything = _everything()
    leaked = [name for name in NAMES if name in everything]
    # The frozen report of the year is figures only: no name was ever in it.
    assert leaked == [], leaked
    snapshot = db.session.get(Game, game.id).snapshot  # real games: tests/contests
    assert {p["school"] for p in snapshot["players"]} == {""}
    assert all(p["nickname"].startswith("Người chơi ") for p in snapshot["players"])
    login_as("host", username="gv.s4", school=year_2024["s4"])
    pages = [client.get("/coverage/my-school?period=2024-2025").get_data(as_text=True)]
    client.post("/logout")
    login_as("admin")  # an admin sees every name there is: none is left
    pages += [client.get(f"/coverage/schools/{year_2024['s4'].id}?period=2024-2025")
              .get_data(as_text=True)]
    for page in pages:
        assert not [name for name in NAMES if name in page]
    after = {k: v for k, v in freeze.latest("2024-2025").figures.items() if k != "generated"}
    assert after == before


def test_purge_deletes_names_after_the_retention(year_2024, app, runner):
    record = freeze.freeze(parse_period("2024-2025"))
    assert privacy.purge() == []  # frozen just now
    record.at = utcnow() - timedelta(days=400)
    db.session.commit()
    app.config["PRIVACY_RETENTION_MONTHS"] = 0
    assert "names are kept" in runner.invoke(args=["privacy", "purge"]).output
    app.config["PRIVACY_RETENTION_MONTHS"] = 12
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "2024-2025" in result.output, result.output
    assert CoverageAnonymisation.query.filter_by(school_year=2024).count() == 1
    assert Player.query.filter_by(nickname="Nguyễn Văn An").count() == 0
    assert privacy.purge() == []  # once


def test_the_anonymise_page_counts_in_the_reader_s_language(year_2024, client, login_as):
    """English plurals for each count; a second run is refused in the reader's language."""
    login_as("admin")
    client.set_cookie("quizapp_lang", "en")
    page = client.post("/coverage/privacy/anonymise", data={
        "year": "2024", "confirm": "2024-2025"}, follow_redirects=True).get_data(as_text=True)
    assert re.search(r"School year 2024-2025 anonymised: \d+ attempts?, \d+ players?\.", page)
    assert not re.search(r"\b1 (attempts|players)\b", page)
    again = client.post("/coverage/privacy/anonymise", data={
        "year": "2024", "confirm": "2024-2025"}, follow_redirects=True).get_data(as_text=True)
    assert "This school year has already been anonymised." in again
