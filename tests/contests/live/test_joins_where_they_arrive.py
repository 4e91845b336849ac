"""Joins where they arrive: with several workers, the owner of a game admits a player and the
worker holding the phone stores the row (tally.py). Both halves here, in one process; the
two-worker path is in test_cluster.py (a phone joined through the second worker resumes after
the owner died: its row was stored)."""

import json

from quizapp.contests.live import operations
from quizapp.contests.live.registry import registry_of
from quizapp.contests.live.tally import Tallies
from quizapp.contests.models import Player
from quizapp.extensions import db


def test_the_owner_admits_the_player_and_leaves_the_row_to_the_phones_worker(live_app, game):
    registry = registry_of(live_app)
    result = operations.join(registry, game.id, "p-lan", "  Lan ", "THCS Lê Lợi", "8A",
                             {"school_id": None}, origin="w2", stored_at_origin=True)
    live = registry.games[game.id]
    assert "p-lan" in live.engine.players and live.holders["p-lan"] == "w2"
    assert result["state"]["phase"] == "lobby" and result["streak"] == [0, 0]
    row = json.loads(json.dumps(result["row"]))  # it crosses Redis as JSON
    assert row["nickname"] == "Lan" and row["seq"] == live.seq and row["player_key"] == "p-lan"
    registry.writer.flush()
    assert db.session.query(Player).filter_by(game_id=game.id).count() == 0  # not the owner's

    Tallies(registry).store_player(row)  # the phone's worker, before it acknowledges
    stored = db.session.query(Player).filter_by(game_id=game.id, player_key="p-lan").one()
    assert (stored.nickname, stored.seq, stored.school_name) == ("Lan", live.seq, "THCS Lê Lợi")


def test_without_a_phones_worker_the_owner_stores_the_row_before_it_answers(live_app, game):
    registry = registry_of(live_app)
    result = operations.join(registry, game.id, "p-minh", "Minh", "", "", None)
    assert "row" not in result
    assert db.session.query(Player).filter_by(game_id=game.id, player_key="p-minh").count() == 1
