"""Role views: what each audience sees, and that the answer never leaks before the reveal."""

import json

import pytest

from quizapp.engine import (
    End,
    Join,
    Kick,
    Next,
    Pause,
    Skip,
    Start,
    SubmitAnswer,
    Tick,
    host_view,
    me_block,
    me_rows,
    player_me,
    player_view,
    screen_view,
)
from tests.engine.engine_helpers import (
    ALL_KINDS,
    SECRET_EXPLANATION,
    correct_shown,
    join,
    new_game,
    open_game,
    single,
    type_answer,
)

P2_TEXT = "P2-RIENG-TU"


def some_answer(game, pid):
    q = game.questions[game.index]
    if q.kind == "type_answer":
        return SubmitAnswer(pid, q.id, text="MAT KHAU BI MAT" if pid == "p1" else P2_TEXT)
    if q.kind == "ordering":
        return SubmitAnswer(pid, q.id, order=tuple(q.display.index(i) for i in range(4)))
    choices = correct_shown(game, game.index) if q.kind != "poll" else (0,)
    return SubmitAnswer(pid, q.id, choices=choices[:1] if q.kind != "multiple" else choices)


def dumps(view):
    return json.dumps(view, ensure_ascii=False)


def assert_no_solution(text, question):
    assert SECRET_EXPLANATION not in text
    assert '"correct' not in text  # correct_choices / correct_order / correct_items / correct
    assert "accepted" not in text
    assert '"value"' not in text  # a true/false answer in native terms
    assert '"explanation"' not in text
    for accepted in question.get("answers", []):
        assert accepted not in text
    if question["kind"] == "ordering":
        assert dumps(question["items"]) not in text
        assert dumps(question["items"][:2])[:-1] not in text


def pre_reveal_states(make_question, show_text):
    """Yield (label, game) in every state before REVEALED, with answers given."""
    game = new_game([make_question(), single(99)], preview_ms=3000, show_text_on_phones=show_text)
    join(game, "p1", "p2", "p3")
    yield "lobby", game
    game.handle(Start(), 0)
    yield "preview", game
    game.handle(Pause(), 100)
    yield "preview-paused", game
    game.handle(Next(), 200)
    yield "open", game
    game.handle(some_answer(game, "p1"), 300)
    game.handle(some_answer(game, "p2"), 400)
    yield "open-answered", game
    game.handle(Pause(), 500)
    yield "open-paused", game
    game.handle(Next(), 600)
    yield "closed", game


@pytest.mark.parametrize("show_text", [True, False])
@pytest.mark.parametrize("make_question", ALL_KINDS, ids=lambda f: f.__name__)
def test_player_and_screen_views_never_carry_the_answer_before_reveal(make_question, show_text):
    question = make_question()
    for label, game in pre_reveal_states(make_question, show_text):
        for view in (
            player_view(game, None, 250),
            player_view(game, "p1", 250),
            player_view(game, "p2"),
            player_view(game, "p3"),
            screen_view(game, 250),
        ):
            text = dumps(view)
            assert_no_solution(text, question), label
        assert P2_TEXT not in dumps(player_view(game, "p1")), label


@pytest.mark.parametrize("make_question", ALL_KINDS, ids=lambda f: f.__name__)
def test_after_reveal_everyone_learns_but_never_others_answers(make_question):
    question = make_question()
    game = new_game([question], preview_ms=0)
    join(game, "p1", "p2", "p3")
    game.handle(Start(), 0)
    game.handle(some_answer(game, "p1"), 100)
    game.handle(some_answer(game, "p2"), 200)
    if question["kind"] != "poll":
        assert SECRET_EXPLANATION in dumps(host_view(game))  # the host always has the key
    game.handle(Next(), 300)
    game.handle(Next(), 300)  # revealed
    for view in (player_view(game, "p1"), screen_view(game)):
        reveal = view["reveal"]
        assert reveal["explanation"].startswith(SECRET_EXPLANATION) or question["kind"] == "poll"
        assert reveal["answered"] == 2
    assert P2_TEXT not in dumps(player_view(game, "p1"))
    assert P2_TEXT not in dumps(screen_view(game))
    me = player_view(game, "p1")["me"]
    if question["kind"] != "poll":
        assert me["result"]["correct"] is True and me["result"]["points"] > 0


def test_reveal_contents_for_single_choice():
    game = open_game([single(correct=2)], players=("p1", "p2", "p3"))
    position = correct_shown(game, 0)[0]
    game.handle(SubmitAnswer("p1", 1, choices=(position,)), 2000)
    game.handle(SubmitAnswer("p2", 1, choices=((position + 1) % 4,)), 2000)
    game.handle(Next(), 3000)
    game.handle(Next(), 3000)
    reveal = screen_view(game)["reveal"]
    assert reveal["correct_choices"] == [position]
    assert reveal["distribution"][position] == 1 and sum(reveal["distribution"]) == 2
    me = player_view(game, "p2")["me"]
    assert me["result"] == {"correct": False, "points": 0, "streak_bonus": 0}
    assert me["rank"] == 2 and me["total"] == 0  # p2 joined before p3: tie broken by join
    me = player_view(game, "p3")["me"]
    assert me["answered"] is False and me["result"]["points"] == 0


def test_type_answer_reveal_lists_accepted_answers_and_counts():
    game = open_game([type_answer()], players=("p1", "p2", "p3"))
    game.handle(SubmitAnswer("p1", 4, text="mat khau bi mat"), 2000)
    game.handle(SubmitAnswer("p2", 4, text="123456"), 2000)
    game.handle(Next(), 3000)
    game.handle(Next(), 3000)
    reveal = player_view(game)["reveal"]
    assert reveal["accepted_answers"] == ["MẬT KHẨU BÍ MẬT", "SECRET-PASSPHRASE"]
    assert reveal["distribution"] == {"correct": 1, "incorrect": 1}


def test_phone_without_text_shows_only_counts():
    game = open_game([single()], show_text_on_phones=False)
    question = player_view(game, "p1")["question"]
    assert "text" not in question and "choices" not in question
    assert question["choice_count"] == 4
    assert "text" in screen_view(game)["question"]
    assert "choices" in screen_view(game)["question"]


def test_preview_hides_the_choices_everywhere_but_the_host():
    game = new_game([single()], preview_ms=4000)
    join(game, "p1")
    game.handle(Start(), 0)
    assert "choices" not in player_view(game, "p1")["question"]
    assert "choices" not in screen_view(game)["question"]
    assert "text" in player_view(game, "p1")["question"]
    assert "choices" in host_view(game)["question"]
    assert player_view(game, "p1", now_ms=1000)["remaining_ms"] == 3000


def test_timing_fields():
    game = open_game([single()])  # opened 1000, deadline 21000
    view = player_view(game, "p1", now_ms=6000)
    timing = (view["deadline_ms"], view["remaining_ms"], view["time_limit_ms"])
    assert timing == (21000, 15000, 20000)
    game.handle(Pause(), 11000)
    view = screen_view(game, now_ms=50000)
    assert view["paused"] and view["deadline_ms"] is None and view["remaining_ms"] == 10000


def test_leaderboard_top_ten_own_rank_and_podium():
    game = new_game([single()], preview_ms=0, speed_scoring=False)
    pids = [f"p{i:02d}" for i in range(12)]
    join(game, *pids)
    game.handle(Start(), 0)
    position = correct_shown(game, 0)[0]
    for i, pid in enumerate(reversed(pids)):  # p11 answers first: fastest
        game.handle(SubmitAnswer(pid, 1, choices=(position,)), 1000 + i)
    assert player_view(game, "p00")["me"]["total"] == 0  # not before the reveal
    game.handle(Next(), 2000)  # revealed (closed early: all answered)
    assert "leaderboard" not in player_view(game, "p00")
    game.handle(Next(), 2000)  # leaderboard
    view = player_view(game, "p00")
    assert len(view["leaderboard"]) == 10
    assert view["leaderboard"][0] == {"rank": 1, "nickname": "Bạn p11", "score": 1000, "team": None}
    assert view["me"]["rank"] == 12 and view["me"]["total"] == 1000
    assert view["team_leaderboard"] is None
    assert "podium" not in view
    game.handle(Next(), 3000)
    view = screen_view(game)
    assert [e["nickname"] for e in view["podium"]] == ["Bạn p11", "Bạn p10", "Bạn p09"]


def test_team_leaderboard_in_views():
    game = new_game([single()], preview_ms=0, team_mode="school", speed_scoring=False)
    game.handle(Join("a", "An", "THCS A", ""), 0)
    game.handle(Join("b", "Bình", "THCS B", ""), 0)
    game.handle(Start(), 0)
    game.handle(SubmitAnswer("b", 1, choices=correct_shown(game, 0)), 100)
    game.handle(Tick(), 20_000)
    game.handle(Next(), 20_000)
    game.handle(Next(), 20_000)
    teams = screen_view(game)["team_leaderboard"]
    assert teams == [
        {"rank": 1, "team": "THCS B", "score": 1000, "members": 1},
        {"rank": 2, "team": "THCS A", "score": 0, "members": 1},
    ]


def test_lobby_screen_lists_nicknames_and_host_lists_players():
    game = new_game([single()])
    join(game, "p1", "p2")
    assert screen_view(game)["nicknames"] == ["Bạn p1", "Bạn p2"]
    players = host_view(game)["players"]
    assert [p["player_id"] for p in players] == ["p1", "p2"]


def test_unknown_player_view_and_kicked_player():
    from quizapp.engine import Kick

    game = open_game([single()])
    assert player_view(game, "nobody")["me"] is None
    game.handle(Kick("p2"), 1500)
    assert player_view(game, "p2")["me"]["in_game"] is False


def test_views_are_json_ready_in_every_phase():
    game = new_game([single(), type_answer()], team_mode="class")
    game.handle(Join("p1", "Lan", "THCS A", "8A"), 0)
    states = []
    game.handle(Start(), 0)
    for _ in range(9):
        states.append(game.phase)
        for view in (host_view(game, 5), screen_view(game, 5), player_view(game, "p1", 5)):
            json.dumps(view)
        game.handle(Next(), 10)
    game.handle(End(), 20) if game.phase.value != "finished" else None
    json.dumps(host_view(game))


def test_a_big_games_host_list_shows_suspects_and_leaders_and_find_reaches_the_rest():
    from quizapp.engine import Kick, find_players
    from quizapp.engine.views import HOST_PLAYER_ROWS

    ids = [f"p{i:03d}" for i in range(250)]
    game = open_game([single(1), single(2)], players=tuple(ids))
    wrong = (next(i for i in range(3) if i not in correct_shown(game, 0)),)
    game.handle(SubmitAnswer("p249", 1, choices=wrong), 1100)  # a script: 0.1 s
    game.handle(SubmitAnswer("p010", 1, choices=correct_shown(game, 0)), 5000)
    game.handle(Kick("p248"), 6000)
    game.handle(Tick(), 21_000)  # time is up
    for _ in range(3):  # reveal, leaderboard, the next question
        game.handle(Next(), 21_000)
    game.handle(SubmitAnswer("p249", game.question.id, choices=(0,)), game.run.opened_ms + 50)

    view = host_view(game)
    listed = [p["player_id"] for p in view["players"]]
    assert len(listed) == HOST_PLAYER_ROWS and view["players_not_listed"] == 50
    assert listed[0] == "p249" and view["players"][0]["suspect"] is True
    assert listed[1] == "p010" and view["players"][1]["rank"] == 1
    assert "p248" not in listed  # asked to leave: after every active player

    found = find_players(game, "BAN P24")  # accents and case ignored; by rank, kicked last
    assert [p["player_id"] for p in found] == [f"p24{i}" for i in (0, 1, 2, 3, 4, 5, 6, 7, 9, 8)]
    assert found[-1]["in_game"] is False
    assert len(find_players(game, "bạn")) == 20
    assert find_players(game, "  ") == [] and find_players(game, "nobody") == []


def test_a_small_games_host_list_is_everyone():
    game = open_game([single()], players=("p1", "p2", "p3"))
    view = host_view(game)
    assert [p["player_id"] for p in view["players"]] == ["p1", "p2", "p3"]
    assert view["players_not_listed"] == 0


@pytest.mark.parametrize("make_question", ALL_KINDS)
def test_a_compact_row_stands_for_the_whole_me_block_in_every_phase(make_question):
    """What a worker builds from the owner's rows is what the owner would have sent."""
    game = open_game([make_question(qid=1), single(qid=2)], players=("p1", "p2", "p3", "p4"),
                     streak_bonus=True)
    game.handle(some_answer(game, "p1"), 2000)
    game.handle(some_answer(game, "p2"), 3000)
    game.handle(Kick("p4"), 3500)
    seen_phases = set()

    def check():
        rows = me_rows(game)
        assert set(rows) == {"p1", "p2", "p3"}  # a kicked player gets no block
        for key, row in rows.items():
            assert me_block(key, row) == player_me(game, key) == player_view(game, key)["me"]
            assert len(dumps(row)) < len(dumps(player_me(game, key))) * 0.7
        seen_phases.add(game.phase.value)

    check()  # open
    game.handle(Next(), 4000)  # closed
    check()
    game.handle(Next(), 4000)  # revealed
    check()
    game.handle(Next(), 4000)  # leaderboard
    check()
    game.handle(Next(), 5000)  # the next question
    game.handle(Skip(), 5500)  # closed, not scored
    game.handle(Next(), 5600)
    check()
    game.handle(End(), 6000)
    check()
    assert seen_phases == {"open", "closed", "revealed", "leaderboard", "finished"}
