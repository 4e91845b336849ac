"""Phases and every transition, valid and invalid."""

import pytest

from quizapp.engine import (
    AddTime,
    DeadlineSet,
    End,
    GameFinished,
    GameStarted,
    InvalidCommand,
    InvalidGame,
    Join,
    Kick,
    LeaderboardShown,
    Next,
    Pause,
    Phase,
    QuestionClosed,
    QuestionOpened,
    QuestionPreviewed,
    Rename,
    Resume,
    Revealed,
    ScoresChanged,
    Skip,
    Start,
    SubmitAnswer,
    Tick,
)
from quizapp.engine.errors import ERROR_CODES
from tests.engine.engine_helpers import join, new_game, open_game, single, true_false

ALL_COMMANDS = {
    "join": Join("new", "Người mới"),
    "start": Start(),
    "next": Next(),
    "pause": Pause(),
    "resume": Resume(),
    "skip": Skip(),
    "add_time": AddTime(10),
    "end": End(),
}


def names(events):
    return [type(ev).__name__ for ev in events]


def code_of(game, command, now=0):
    with pytest.raises(InvalidCommand) as info:
        game.handle(command, now)
    assert info.value.code in ERROR_CODES
    return info.value.code


def test_full_walk_through_two_questions():
    game = new_game([single(1), true_false(2)], preview_ms=4000)
    assert game.phase is Phase.LOBBY and game.next_deadline_ms is None
    join(game, "p1")
    events = game.handle(Start(), 1000)
    assert names(events) == ["GameStarted", "QuestionPreviewed", "DeadlineSet"]
    assert events[0] == GameStarted(2)
    assert events[1] == QuestionPreviewed(1, 0, 5000)
    assert events[2] == DeadlineSet(5000)
    assert game.phase is Phase.PREVIEW and game.next_deadline_ms == 5000

    assert game.handle(Tick(), 4999) == []  # not due yet
    events = game.handle(Tick(), 5000)
    assert events == [QuestionOpened(1, 0, 5000, 25000), DeadlineSet(25000)]
    assert game.phase is Phase.OPEN

    events = game.handle(Tick(), 25000)
    assert events == [QuestionClosed(1, 0, "time_up", True, 0), DeadlineSet(None)]
    assert game.phase is Phase.CLOSED

    events = game.handle(Next(), 26000)
    assert names(events) == ["Revealed", "ScoresChanged"]
    assert events[0] == Revealed(1, 0)
    assert game.phase is Phase.REVEALED
    assert game.handle(Next(), 27000) == [LeaderboardShown(0)]
    assert game.phase is Phase.LEADERBOARD
    events = game.handle(Next(), 28000)
    assert events[0] == QuestionPreviewed(2, 1, 32000)
    assert game.phase is Phase.PREVIEW and game.index == 1
    game.handle(Next(), 29000)  # Next skips the preview
    assert game.phase is Phase.OPEN and game.next_deadline_ms == 39000
    game.handle(Next(), 30000)  # Next closes the open question (scored)
    assert game.runs[1].close_reason == "host" and game.runs[1].scored
    game.handle(Next(), 30000)
    game.handle(Next(), 30000)
    events = game.handle(Next(), 31000)
    assert events == [GameFinished("completed", ("p1",))]
    assert game.phase is Phase.FINISHED and game.next_deadline_ms is None


def test_no_preview_opens_at_once():
    game = new_game([single()], preview_ms=0)
    join(game, "p1")
    events = game.handle(Start(), 100)
    assert names(events) == ["GameStarted", "QuestionOpened", "DeadlineSet"]
    assert game.phase is Phase.OPEN and game.next_deadline_ms == 20100


def test_late_tick_opens_from_the_tick_time():
    game = new_game([single()], preview_ms=1000)
    join(game, "p1")
    game.handle(Start(), 0)
    game.handle(Tick(), 50_000)  # the adapter was late: the question opens now, full time
    assert game.phase is Phase.OPEN and game.next_deadline_ms == 70_000


@pytest.mark.parametrize(
    ("command", "code"),
    [
        ("next", "wrong_phase"),
        ("pause", "wrong_phase"),
        ("resume", "not_paused"),
        ("skip", "wrong_phase"),
        ("add_time", "wrong_phase"),
    ],
)
def test_lobby_refuses(command, code):
    game = new_game([single()])
    join(game, "p1")
    assert code_of(game, ALL_COMMANDS[command]) == code
    assert game.phase is Phase.LOBBY


def test_start_needs_a_player_and_only_once():
    game = new_game([single()])
    assert code_of(game, Start()) == "no_players"
    join(game, "p1")
    game.handle(Start(), 0)
    assert code_of(game, Start()) == "wrong_phase"


@pytest.mark.parametrize(
    ("phase_steps", "refused"),
    [
        (0, {"start": "wrong_phase", "resume": "not_paused", "add_time": "wrong_phase"}),
        (1, {"start": "wrong_phase", "resume": "not_paused"}),
        (2, {"start": "wrong_phase", "pause": "wrong_phase", "skip": "wrong_phase"}),
        (3, {"pause": "wrong_phase", "skip": "wrong_phase", "add_time": "wrong_phase"}),
        (4, {"pause": "wrong_phase", "skip": "wrong_phase", "add_time": "wrong_phase"}),
    ],
)
def test_guarded_commands_in_each_question_phase(phase_steps, refused):
    """Steps from PREVIEW: 0 preview, 1 open, 2 closed, 3 revealed, 4 leaderboard."""
    game = new_game([single(1), single(2)], preview_ms=3000)
    join(game, "p1", "p2")
    game.handle(Start(), 0)
    for _ in range(phase_steps):
        game.handle(Next(), 0)
    expected = [Phase.PREVIEW, Phase.OPEN, Phase.CLOSED, Phase.REVEALED, Phase.LEADERBOARD]
    assert game.phase is expected[phase_steps]
    before = game.snapshot()
    for name, code in refused.items():
        assert code_of(game, ALL_COMMANDS[name]) == code
    assert game.snapshot() == before  # refused commands change nothing


def test_finished_game_refuses_everything_but_tick():
    game = open_game([single()])
    game.handle(End(), 2000)
    assert game.phase is Phase.FINISHED
    for command in [*ALL_COMMANDS.values(), Kick("p1"), Rename("p1", "X"), SubmitAnswer("p1", 1)]:
        assert code_of(game, command, 3000) == "game_finished"
    assert game.handle(Tick(), 10**9) == []


def test_pause_and_resume_freeze_the_remaining_time():
    game = open_game([single()])  # opened at 1000, deadline 21000
    assert game.handle(Pause(), 6000)[0].remaining_ms == 15000
    assert game.paused and game.next_deadline_ms is None
    assert code_of(game, Pause(), 6500) == "already_paused"
    assert game.handle(Tick(), 30000) == []  # a stale timer does nothing while paused
    events = game.handle(Resume(), 56000)
    assert events[0].deadline_ms == 71000
    assert events[-1] == DeadlineSet(71000)
    assert game.runs[0].paused_ms == 50000
    game.handle(Tick(), 71000)
    assert game.phase is Phase.CLOSED


def test_pause_in_preview():
    game = new_game([single()], preview_ms=4000)
    join(game, "p1")
    game.handle(Start(), 0)
    game.handle(Pause(), 1000)
    assert game.handle(Tick(), 4000) == []
    game.handle(Resume(), 10000)
    assert game.next_deadline_ms == 13000
    game.handle(Tick(), 13000)
    assert game.phase is Phase.OPEN and game.next_deadline_ms == 33000


def test_next_while_paused_in_preview_opens_with_full_time():
    game = new_game([single()], preview_ms=4000)
    join(game, "p1")
    game.handle(Start(), 0)
    game.handle(Pause(), 1000)
    game.handle(Next(), 2000)
    assert game.phase is Phase.OPEN and not game.paused and game.next_deadline_ms == 22000


def test_add_time_moves_the_deadline_running_and_paused():
    game = open_game([single()])
    events = game.handle(AddTime(15), 2000)
    assert events[0].deadline_ms == 36000 and events[0].remaining_ms == 34000
    assert game.limit_ms(0) == 35000
    game.handle(Pause(), 6000)
    events = game.handle(AddTime(5), 7000)
    assert events[0].deadline_ms is None and events[0].remaining_ms == 35000
    assert game.handle(Resume(), 8000)[0].deadline_ms == 43000


@pytest.mark.parametrize("seconds", [0, -5, 301, "10", True, 2.5])
def test_add_time_range(seconds):
    game = open_game([single()])
    assert code_of(game, AddTime(seconds), 2000) == "invalid_time"


def test_add_time_after_the_deadline_is_too_late():
    game = open_game([single()])
    assert code_of(game, AddTime(10), 21000) == "too_late"


def test_all_answered_closes_early():
    game = open_game([single()], players=("p1", "p2"))
    events = game.handle(SubmitAnswer("p1", 1, choices=(0,)), 2000)
    assert names(events) == ["AnswerAccepted", "AnswerCountChanged"]
    events = game.handle(SubmitAnswer("p2", 1, choices=(1,)), 3000)
    assert names(events) == [
        "AnswerAccepted",
        "AnswerCountChanged",
        "QuestionClosed",
        "DeadlineSet",
    ]
    assert events[2] == QuestionClosed(1, 0, "all_answered", True, 2)
    assert game.phase is Phase.CLOSED


def test_kicking_the_last_unanswered_player_closes():
    game = open_game([single()], players=("p1", "p2"))
    game.handle(SubmitAnswer("p1", 1, choices=(0,)), 2000)
    events = game.handle(Kick("p2"), 3000)
    assert names(events)[:3] == ["PlayerKicked", "AnswerCountChanged", "QuestionClosed"]
    assert game.runs[0].close_reason == "all_answered"


def test_late_joiner_counts_as_active():
    game = open_game([single()], players=("p1",))
    events = game.handle(Join("p9", "Muộn"), 1500)
    assert events[-1].answered == 0 and events[-1].active == 2
    game.handle(SubmitAnswer("p1", 1, choices=(0,)), 2000)
    assert game.phase is Phase.OPEN


def test_skip_closes_without_scoring_and_reveal_still_teaches():
    game = open_game([single(), single(2)])
    game.handle(SubmitAnswer("p1", 1, choices=(0,)), 2000)
    events = game.handle(Skip(), 3000)
    assert events[0] == QuestionClosed(1, 0, "skipped", False, 1)
    events = game.handle(Next(), 4000)
    assert names(events) == ["Revealed"]  # no ScoresChanged
    assert game.players["p1"].score == 0


def test_skip_from_preview():
    game = new_game([single()], preview_ms=4000)
    join(game, "p1")
    game.handle(Start(), 0)
    assert game.handle(Skip(), 100)[0].reason == "skipped"


def test_end_from_open_scores_the_answers_received():
    game = open_game([single(), single(2)])
    game.handle(SubmitAnswer("p1", 1, choices=(game.questions[0].display.index(0),)), 1000)
    events = game.handle(End(), 5000)
    assert names(events) == ["QuestionClosed", "ScoresChanged", "GameFinished", "DeadlineSet"]
    assert events[0].reason == "ended"
    assert isinstance(events[1], ScoresChanged)
    assert game.players["p1"].score == 1000
    assert events[2] == GameFinished("ended", ("p1", "p2"))


def test_end_after_reveal_does_not_score_twice():
    game = open_game([single()])
    game.handle(SubmitAnswer("p1", 1, choices=(game.questions[0].display.index(0),)), 1000)
    game.handle(Next(), 2000)
    game.handle(Next(), 2000)  # revealed: scores applied
    assert game.players["p1"].score == 1000
    assert names(game.handle(End(), 3000)) == ["GameFinished"]
    assert game.players["p1"].score == 1000


def test_end_in_lobby():
    game = new_game([single()])
    assert game.handle(End(), 0) == [GameFinished("ended", ())]


def test_clock_going_backwards_reads_as_no_time_passed():
    game = open_game([single()])
    game.handle(Pause(), 5000)
    events = game.handle(Resume(), 4000)
    assert events[0].deadline_ms == 21000


@pytest.mark.parametrize("now", [-1, 1.5, "1", None, True])
def test_now_must_be_a_non_negative_int(now):
    game = new_game([single()])
    assert code_of(game, Start(), now) == "invalid_time"


def test_unknown_command():
    assert code_of(new_game([single()]), object()) == "unknown_command"


@pytest.mark.parametrize(
    ("questions", "options", "code"),
    [
        ([], {}, "no_questions"),
        ([{"id": 1, "kind": "open", "text": "Vì sao?"}], {}, "question_not_playable"),
        ([{"id": 1, "kind": "oral", "text": "Trả lời miệng"}], {}, "question_not_playable"),
        ([{"id": 1, "kind": "essay", "text": "?"}], {}, "invalid_question"),
        ([single(1), single(1)], {}, "invalid_question"),
        ([single(time_limit_s=4)], {}, "invalid_settings"),
        ([single(time_limit_s=241)], {}, "invalid_settings"),
        ([single(points="triple")], {}, "invalid_settings"),
        ([{**single(), "choices": [{"text": "A", "correct": True}]}], {}, "invalid_question"),
        ([{**single(), "id": "1"}], {}, "invalid_question"),
        ([{**single(), "text": ""}], {}, "invalid_question"),
        ([{**true_false(), "answer": "yes"}], {}, "invalid_question"),
        ([{**single(), "choices": [{"text": "A"}, {"text": "B"}]}], {}, "invalid_question"),
        ([single()], {"team_mode": "district"}, "invalid_options"),
        ([single()], {"preview_ms": -1}, "invalid_options"),
        ([single()], {"max_players": 0}, "invalid_options"),
    ],
)
def test_game_creation_errors(questions, options, code):
    with pytest.raises(InvalidGame) as info:
        new_game(questions, **options)
    assert info.value.code == code
    assert info.value.code in ERROR_CODES


def test_open_question_error_names_the_question():
    with pytest.raises(InvalidGame, match=r"question 2 \(id 9\)"):
        new_game([single(1), {"id": 9, "kind": "open", "text": "Vì sao?"}])


def test_open_question_plays_questions_in_any_order_once():
    from quizapp.engine import Game, GameOptions, OpenQuestion, Phase

    game = Game.create([{"id": i, "kind": "true_false", "text": f"Q{i}", "answer": True,
                         "explanation": "x"} for i in (10, 20, 30)],
                       GameOptions(preview_ms=0), seed=1)
    events = game.handle(OpenQuestion(30), 100)  # from the lobby, with nobody joined yet
    assert [type(x).__name__ for x in events][:2] == ["GameStarted", "QuestionOpened"]
    assert game.question.id == 30
    with pytest.raises(InvalidCommand) as wrong:
        game.handle(OpenQuestion(10), 200)
    assert wrong.value.code == "wrong_phase"
    game.handle(Next(), 300)
    game.handle(Next(), 400)
    game.handle(OpenQuestion(10), 500)
    assert game.question.id == 10 and game.phase is Phase.OPEN
    game.handle(Next(), 600)
    game.handle(Next(), 700)
    for question_id, code in ((30, "already_played"), (99, "question_not_open")):
        with pytest.raises(InvalidCommand) as refused:
            game.handle(OpenQuestion(question_id), 800)
        assert refused.value.code == code
