"""Role views: the only way game state leaves the engine (DESIGN rule 2).

Each view is a pure function of the game returning a JSON-ready dict. ``player_view`` and
``screen_view`` never carry the correct answer, the accepted answers or the explanation
before the question is REVEALED, and a player view never carries another player's answer.
``host_view`` carries the answer key at any time.

``now_ms`` is optional: with it, views include ``remaining_ms`` (clients count down from it
instead of trusting their own clock); without it only ``deadline_ms`` (server time).
"""

from __future__ import annotations

import copy
from typing import Any

from quizapp.engine.folding import name_key
from quizapp.engine.game import Game
from quizapp.engine.phases import QUESTION_PHASES, REVEALED_PHASES, Phase
from quizapp.engine.questions import MAX_TYPED_ANSWER
from quizapp.engine.schema import TAPPED_KINDS
from quizapp.engine.scoring import SUSPECT_FAST_ANSWERS
from quizapp.engine.standings import rank_teams
from quizapp.engine.state import Player

LEADERBOARD_SIZE = 10
PODIUM_SIZE = 3
LOBBY_NAMES = 100
HOST_PLAYER_ROWS = 200  # rows of the host console's player list
FOUND_PLAYERS = 20  # rows a nickname search returns


def _common(game: Game, now_ms: int | None) -> dict[str, Any]:
    remaining = game.paused_remaining_ms
    deadline = game.next_deadline_ms
    if remaining is None and deadline is not None and now_ms is not None:
        remaining = max(0, deadline - now_ms)
    in_question = game.phase in QUESTION_PHASES
    return {
        "phase": game.phase.value,
        "paused": game.paused,
        "question_index": game.index if in_question else None,
        "question_count": len(game.questions),
        "deadline_ms": deadline,
        "remaining_ms": remaining,
        "time_limit_ms": game.limit_ms(game.index) if in_question else None,
        "player_count": game.active_count,
        "team_mode": game.options.team_mode,
    }


def _question(game: Game, show_text: bool, show_options: bool) -> dict[str, Any] | None:
    """Return the current question as players may see it: never its answer."""
    question = game.question
    if question is None:
        return None
    payload: dict[str, Any] = {
        "id": question.id,
        "kind": question.kind,
        "points": question.points,
        "select": "many" if question.kind == "multiple" else "one",
    }
    if show_text:
        payload["text"] = question.text
        payload["media"] = question.media
    if not show_options:
        return payload
    if question.kind == "type_answer":
        payload["max_length"] = MAX_TYPED_ANSWER
    else:
        key = "items" if question.kind == "ordering" else "choices"
        shown = question.displayed()
        payload[f"{key[:-1]}_count"] = len(shown)
        if show_text:
            payload[key] = list(shown)
        if question.kind in TAPPED_KINDS:  # displayed positions of choices taken away (50:50)
            removed = game.runs[game.index].removed
            payload["removed"] = [k for k, i in enumerate(question.display) if i in removed]
    return payload


def _answer_key(game: Game) -> dict[str, Any]:
    """Return the current question's solution in displayed terms (host, or after reveal)."""
    question = game.question
    assert question is not None
    key: dict[str, Any] = {"explanation": question.explanation}
    if question.kind in TAPPED_KINDS:
        shown = enumerate(question.display)
        key["correct_choices"] = [k for k, i in shown if i in question.correct]
    elif question.kind == "type_answer":
        key["accepted_answers"] = list(question.answers)
    else:
        key["correct_order"] = [question.display.index(i) for i in range(len(question.items))]
        key["correct_items"] = list(question.items)
    return key


def _distribution(game: Game) -> Any:
    """Count the answers: per displayed choice, or correct/incorrect for typed and ordering."""
    question, run = game.question, game.run
    assert question is not None and run is not None
    if question.kind in TAPPED_KINDS:
        counts = [0] * len(question.display)
        for answer in run.answers.values():
            for k in answer.displayed["choices"]:
                counts[k] += 1
        return counts
    right = sum(1 for a in run.answers.values() if a.correct)
    return {"correct": right, "incorrect": len(run.answers) - right}


def _reveal(game: Game) -> dict[str, Any] | None:
    """Return the reveal block once the current question is REVEALED (cached: it is final)."""
    if game.phase not in REVEALED_PHASES:
        return None
    memo_key = ("reveal", game.index)
    if memo_key not in game._memo:
        run = game.run
        assert run is not None
        game._memo[memo_key] = {
            **_answer_key(game),
            "distribution": _distribution(game),
            "answered": len(run.answers),
            "scored": run.scored,
        }
    return copy.deepcopy(game._memo[memo_key])


def _entry(game: Game, player: Player, rank: int) -> dict[str, Any]:
    return {
        "rank": rank,
        "nickname": player.nickname,
        "score": player.score,
        "team": game.team_label(player),
    }


def _leaderboard(game: Game, size: int = LEADERBOARD_SIZE) -> list[dict[str, Any]]:
    return [_entry(game, p, r) for r, p in enumerate(game.standings()[:size], start=1)]


def _teams(game: Game) -> list[dict[str, Any]] | None:
    if game.options.team_mode is None:
        return None
    return [
        {"rank": r, "team": t.label, "score": t.score, "members": t.members}
        for r, t in enumerate(rank_teams(game.players.values(), game.options.team_mode), start=1)
    ]


def _standings_block(game: Game, view: dict[str, Any], always: bool) -> None:
    if always or game.phase in (Phase.LEADERBOARD, Phase.FINISHED):
        view["leaderboard"] = _leaderboard(game)
        view["team_leaderboard"] = _teams(game)
    if game.phase is Phase.FINISHED:
        view["podium"] = _leaderboard(game, PODIUM_SIZE)


def _me(game: Game, player: Player) -> dict[str, Any]:
    return me_block(player.player_id, _me_row(game, player), in_game=not player.kicked)


def _me_row(game: Game, player: Player) -> list[Any]:
    """One player's ``me`` block as a compact row (see ``me_rows``)."""
    row: list[Any] = [player.nickname, game.team_label(player), player.score,
                      game.rank_of(player.player_id), player.streak]
    run = game.run
    if run is None or game.phase is Phase.PREVIEW:
        return row
    answer = run.answers.get(player.player_id)
    row.append(dict(answer.displayed) if answer else None)
    if game.phase in REVEALED_PHASES:
        scored = answer is not None and run.scored
        row += [answer.correct if answer else False, answer.points if scored else 0,
                answer.streak_bonus if scored else 0]
    return row


def me_rows(game: Game) -> dict[str, list[Any]]:
    """Return every active player's ``me`` block as a compact row, by player id.

    A row is ``[nickname, team, total, rank, streak]``, then the own answer (displayed
    terms, or None) while a question is on, then ``correct, points, streak_bonus`` once it
    is revealed. Ranks come from the standings sorted once. The owner of a game sends these
    rows (about a third of the blocks' JSON) and the process holding each phone turns its
    row into the block with ``me_block``.
    """
    return {key: _me_row(game, player) for key, player in list(game.players.items())
            if not player.kicked}


def me_block(player_id: str, row: list[Any], in_game: bool = True) -> dict[str, Any]:
    """Return the ``me`` block a row of ``me_rows`` stands for (what ``player_me`` returns)."""
    me: dict[str, Any] = {
        "player_id": player_id,
        "nickname": row[0],
        "team": row[1],
        "in_game": in_game,
        "total": row[2],
        "rank": row[3],
        "streak": row[4],
    }
    if len(row) > 5:
        me["answered"] = row[5] is not None
        me["answer"] = row[5]
    if len(row) > 6:
        me["result"] = {"correct": row[6], "points": row[7], "streak_bonus": row[8]}
    return me


def player_me(game: Game, player_id: str) -> dict[str, Any] | None:
    """Return only the ``me`` block of one player (to add to a shared view already built)."""
    player = game.players.get(player_id)
    return _me(game, player) if player else None


def player_view(
    game: Game, player_id: str | None = None, now_ms: int | None = None
) -> dict[str, Any]:
    """Return what a phone shows. Without ``player_id``: the part shared by every player.

    The shared part can be broadcast to the players' room once; ``me`` (own total, rank,
    streak, own answer, and after the reveal own points) is added for one player.
    """
    view = _common(game, now_ms)
    show_text = game.options.show_text_on_phones
    view["question"] = _question(game, show_text, game.phase is not Phase.PREVIEW)
    view["reveal"] = _reveal(game)
    _standings_block(game, view, always=False)
    if player_id is not None:
        player = game.players.get(player_id)
        view["me"] = _me(game, player) if player else None
    return view


def screen_view(game: Game, now_ms: int | None = None) -> dict[str, Any]:
    """Return what the big screen (projector, TV) shows."""
    view = _common(game, now_ms)
    view["question"] = _question(game, True, game.phase is not Phase.PREVIEW)
    run = game.run
    view["answer_count"] = game.answered_count if run is not None else None
    view["reveal"] = _reveal(game)
    if game.phase is Phase.LOBBY:
        active = [p.nickname for p in game.players.values() if not p.kicked]
        view["nicknames"] = active[-LOBBY_NAMES:]
    _standings_block(game, view, always=False)
    return view


def host_view(game: Game, now_ms: int | None = None) -> dict[str, Any]:
    """Return the host console: everything, including the answer key and live counts.

    The player list holds at most HOST_PLAYER_ROWS rows: players flagged as suspect first,
    then the standings, then those asked to leave (``players_not_listed`` counts the rest;
    `find_players` looks anyone up by nickname). Ten thousand rows every few seconds would
    cost the server more than a question's answers and no console can show them.
    """
    view = _common(game, now_ms)
    view["question"] = _question(game, True, True)
    run = game.run
    if run is not None:
        view["answer_key"] = _answer_key(game)
        view["answer_count"] = game.answered_count
        view["live_distribution"] = _distribution(game)
        view["close_reason"] = run.close_reason
    view["reveal"] = _reveal(game)
    view["next_deadline_ms"] = game.next_deadline_ms
    view["options"] = game.options.to_dict()
    view["finish_reason"] = game.finish_reason
    listed = _listed_players(game)
    view["players"] = [_host_row(game, p) for p in listed]
    view["players_not_listed"] = len(game.players) - len(listed)
    _standings_block(game, view, always=True)
    return view


def find_players(game: Game, text: str, limit: int = FOUND_PLAYERS) -> list[dict[str, Any]]:
    """Return the host rows of the players whose nickname contains ``text`` (accents and
    case ignored), best ranked first, at most ``limit``."""
    wanted = name_key(text)
    if not wanted:
        return []
    found = [p for p in _host_order(game)
             if wanted in name_key(p.nickname)]
    return [_host_row(game, p) for p in found[:limit]]


def _listed_players(game: Game) -> list[Player]:
    if len(game.players) <= HOST_PLAYER_ROWS:
        return list(game.players.values())
    suspects = [p for p in game.players.values()
                if p.fast_answers >= SUSPECT_FAST_ANSWERS and not p.kicked]
    rows = suspects[:HOST_PLAYER_ROWS]
    shown = {p.player_id for p in rows}
    for player in _host_order(game):
        if len(rows) >= HOST_PLAYER_ROWS:
            break
        if player.player_id not in shown:
            rows.append(player)
    return rows


def _host_order(game: Game):
    """Active players by rank, then those asked to leave."""
    yield from game.standings()
    yield from (p for p in game.players.values() if p.kicked)


def _host_row(game: Game, p: Player) -> dict[str, Any]:
    run = game.run
    return {
        "player_id": p.player_id,
        "nickname": p.nickname,
        "school": p.school,
        "class_name": p.class_name,
        "team": game.team_label(p),
        "score": p.score,
        "streak": p.streak,
        "rank": game.rank_of(p.player_id),
        "in_game": not p.kicked,
        "answered": run is not None and p.player_id in run.answers,
        "fast_answers": p.fast_answers,
        "suspect": p.fast_answers >= SUSPECT_FAST_ANSWERS,
    }


def audience_view(game: Game, poll: bool = False, top: int = 10) -> dict[str, Any]:
    """Return what a TV show puts on air about its audience game.

    The leaderboard, per-school averages and the answer count carry no answer. ``poll`` adds
    the live split of a choice question's answers (ask-the-audience); a typed question's split
    would tell right from wrong, so it is never given.
    """
    question, run = game.question, game.run
    view: dict[str, Any] = {
        "players": game.active_count, "phase": game.phase.value,
        "question_id": question.id if question else None,
        "answer_count": game.answered_count if run is not None else 0,
        "leaderboard": [{"nickname": p.nickname, "school": p.school, "score": p.score}
                        for p in game.standings()[:top]],
        "schools": [{"school": t.label, "average": t.score, "members": t.members}
                    for t in rank_teams(game.players.values(), "school")[:top]],
        "poll": None,
    }
    if poll and question is not None and run is not None and question.kind in TAPPED_KINDS:
        view["poll"] = {"choices": list(question.displayed()), "counts": _distribution(game)}
    return view
