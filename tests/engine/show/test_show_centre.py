"""The obstacle's centre-tile question (câu hỏi ô trung tâm): played like a row, it opens the
picture's centre, scores ``centre_points`` and counts as one more row for the keyword."""

import copy

import pytest

from quizapp.engine.show import (
    Buzz,
    ContentError,
    Judge,
    NextQuestion,
    PickCentre,
    PickRow,
    PresetError,
    ReAsk,
    Reveal,
    Show,
    StartTimer,
    TakeKeyword,
    Tick,
    TypeAnswer,
    contestant_view,
    parse_preset,
    public_view,
    staff_view,
)
from quizapp.engine.show.rounds.obstacle import ObstacleState

from .show_helpers import CONTESTANTS, Clock, QuestionMaker, olympia_content, preset
from .test_show_rounds import code_of, scores, to_round

KEY = "vuot-chuong-ngai-vat"


def content_with_centre(answer="mã hóa"):
    make = QuestionMaker()
    content = olympia_content(make)
    content[KEY]["centre"] = make.typed(answer)
    return content


def show_with_centre(content=None, **rules):
    raw = preset("olympia")
    raw["rounds"][2].update(rules)
    return Show.create(raw, content or content_with_centre(), copy.deepcopy(CONTESTANTS), seed=3)


def at_obstacle(**rules):
    show = show_with_centre(**rules)
    clock = Clock(show)
    to_round(show, clock, KEY)
    return show, clock


def play_typed(show, clock, right=(), wrong=()):
    """Open the question on air, type right and wrong answers, let the time run out, reveal."""
    clock(StartTimer())
    for seat in right:
        clock(TypeAnswer(seat, show.question.answers[0]))
    for seat in wrong:
        clock(TypeAnswer(seat, "không biết"))
    clock.tick(15_000)
    return clock(Reveal())


def play_rows(show, clock, rows=(1, 2, 3, 4)):
    for row in rows:
        clock(PickRow(row))
        play_typed(show, clock, right=(1,))


# ----------------------------------------------------------------- rules and content
def test_the_shipped_preset_gives_the_centre_a_row_s_points():
    obstacle = parse_preset(preset("olympia")).round(KEY)
    assert obstacle["centre_points"] == 10 == obstacle["row_points"]


@pytest.mark.parametrize(("points", "accepted"), [([60, 60, 50, 40, 30, 20], True),
                                                  ([60, 60, 50, 40, 30, 20, 10], False),
                                                  ([60, 50, 40, 30], False)])
def test_keyword_points_may_give_the_centre_its_own_value(points, accepted):
    raw = preset("olympia")
    raw["rounds"][2]["keyword_points"] = points
    if accepted:
        assert parse_preset(raw).round(KEY)["keyword_points"] == points
        return
    with pytest.raises(PresetError) as refused:
        parse_preset(raw)
    assert [path for path, _ in refused.value.problems] == ["rounds[2].keyword_points"]


def test_a_centre_question_must_be_typed_and_is_named_where_it_is_wrong():
    make = QuestionMaker()
    content = olympia_content(make)
    content[KEY]["centre"] = make.single()
    content[KEY]["center"] = make.typed()  # a misspelt field is named, not ignored
    with pytest.raises(ContentError) as refused:
        show_with_centre(content)
    paths = sorted(path for path, _ in refused.value.problems)
    assert paths == [f"rounds.{KEY}.center", f"rounds.{KEY}.centre (q-{make.next_id - 2})"]


def test_the_centre_question_may_not_repeat_a_row():
    content = olympia_content()
    content[KEY]["centre"] = copy.deepcopy(content[KEY]["rows"][0])
    with pytest.raises(ContentError) as refused:
        show_with_centre(content)
    assert [path for path, _ in refused.value.problems] == ["rounds"]


def test_an_obstacle_without_a_centre_plays_as_before():
    show = show_with_centre(olympia_content())
    clock = Clock(show)
    to_round(show, clock, KEY)
    assert "centre" not in public_view(show)["obstacle"]
    assert code_of(clock, PickCentre()) == "no_centre"
    play_rows(show, clock)
    clock(NextQuestion())
    assert show.turn.kind == "keyword_final"


# ----------------------------------------------------------------- playing it
def test_after_the_rows_the_centre_is_played_like_a_row_and_opens_the_centre_tile():
    show, clock = at_obstacle()
    assert public_view(show)["obstacle"]["centre"] == {"letters": 5, "state": "hidden",
                                                       "answer": None}
    play_rows(show, clock)
    before = scores(show)
    clock(NextQuestion())  # the centre question, not yet the last keyword window
    turn = public_view(show)["turn"]
    assert (turn["kind"], turn["mode"], turn["value"], turn["letters"]) == ("centre", "typed",
                                                                            10, 5)
    assert turn["seats"] == [1, 2, 3, 4] and turn["row"] is None
    assert staff_view(show)["obstacle"]["centre_answer"] == "mã hóa"
    assert public_view(show)["obstacle"]["centre"]["answer"] is None  # not before the reveal
    events = play_typed(show, clock, right=(2, 4), wrong=(1,))
    assert [type(event).__name__ for event in events].count("ScoreChanged") == 2
    assert scores(show) == [before[0], before[1] + 10, before[2], before[3] + 10]
    board = public_view(show)["obstacle"]
    assert board["centre"] == {"letters": 5, "state": "opened", "answer": "mã hóa"}
    assert 0 in board["pieces_open"] and board["keyword"] is None  # the keyword stays hidden
    assert [entry.reason for entry in show.log[-2:]] == ["correct", "correct"]
    clock(NextQuestion())
    assert show.turn.kind == "keyword_final"


def test_a_centre_nobody_answers_right_leaves_the_centre_tile_closed():
    show, clock = at_obstacle()
    play_rows(show, clock)
    clock(NextQuestion())
    before = scores(show)
    play_typed(show, clock, wrong=(1, 2, 3))
    board = public_view(show)["obstacle"]
    assert scores(show) == before
    assert board["centre"] == {"letters": 5, "state": "played", "answer": None}
    assert 0 not in board["pieces_open"]


def test_the_centre_has_its_own_points():
    show, clock = at_obstacle(centre_points=20, row_points=10)
    play_rows(show, clock)
    clock(NextQuestion())
    before = scores(show)
    play_typed(show, clock, right=(3,))
    assert scores(show)[2] == before[2] + 20


def test_the_mc_may_put_the_centre_on_air_before_the_rows_are_over():
    show, clock = at_obstacle()
    play_rows(show, clock, rows=(2,))
    assert code_of(clock, NextQuestion()) == "pick_row"  # the rows come first by default
    clock(PickCentre())
    assert show.turn.kind == "centre"
    assert code_of(clock, PickRow(1)) == "question_in_play"
    play_typed(show, clock, right=(1,))
    assert code_of(clock, PickCentre()) == "centre_played"
    play_rows(show, clock, rows=(1, 3, 4))
    clock(NextQuestion())  # the centre was played: the last keyword window
    assert show.turn.kind == "keyword_final"


def test_the_centre_is_not_played_once_the_keyword_is_solved():
    show, clock = at_obstacle()
    clock(Buzz(3))
    play_rows(show, clock, rows=(1,))
    clock(TakeKeyword())
    clock(Judge(True))
    clock(Reveal())
    assert code_of(clock, PickCentre()) == "wrong_phase"
    assert public_view(show)["obstacle"]["centre"]["answer"] == "mã hóa"  # all on air now


def test_eliminated_contestants_do_not_answer_the_centre():
    show, clock = at_obstacle()
    clock(Buzz(2))
    play_rows(show, clock, rows=(1,))
    clock(TakeKeyword())
    clock(Judge(False))  # a wrong keyword: out of the round
    play_rows(show, clock, rows=(2, 3, 4))
    clock(NextQuestion())
    assert show.turn.kind == "centre" and show.turn.seats == [1, 3, 4]
    clock(StartTimer())
    assert code_of(clock, TypeAnswer(2, "mã hóa")) == "not_your_turn"


# ----------------------------------------------------------------- the keyword around the centre
def test_a_claim_while_the_centre_is_on_air_counts_it_as_a_row():
    show, clock = at_obstacle(keyword_points=[60, 60, 50, 40, 30, 20])
    play_rows(show, clock)
    clock(NextQuestion())
    clock(StartTimer())
    assert contestant_view(show, 2)["me"]["buzzer"] == "armed"  # a buzz claims the keyword
    clock(Buzz(2))
    assert public_view(show)["obstacle"]["claims"][0][2] == 5  # four rows and the centre
    clock.tick(15_000)
    clock(Reveal())
    clock(TakeKeyword())
    assert show.turn.owner == 2 and show.turn.value == 20


def test_without_a_value_of_its_own_the_centre_keeps_the_last_rows_value():
    show, clock = at_obstacle()  # keyword_points [60, 60, 50, 40, 30]
    play_rows(show, clock)
    clock(NextQuestion())
    play_typed(show, clock, right=(1,))
    clock(Buzz(4))
    clock(TakeKeyword())
    assert show.turn.value == 30


def test_a_centre_played_early_counts_among_the_rows_on_air():
    show, clock = at_obstacle(keyword_value_at="answer")
    play_rows(show, clock, rows=(1,))
    clock(PickCentre())
    play_typed(show, clock)
    clock(Buzz(1))
    clock(TakeKeyword())
    assert show.turn.value == 50  # one row and the centre played: the third value


def test_a_wrong_keyword_after_the_centre_leaves_the_last_window_to_the_others():
    show, clock = at_obstacle()
    play_rows(show, clock)
    clock(NextQuestion())
    play_typed(show, clock, right=(1,))
    clock(Buzz(1))
    clock(TakeKeyword())
    clock(Judge(False))
    clock(NextQuestion())
    assert show.turn.kind == "keyword_final" and show.turn.seats == [2, 3, 4]
    clock(StartTimer())
    clock(Buzz(3))
    clock(Judge(True))
    assert show.rs.solved_by == 3


# ----------------------------------------------------------------- control, snapshots, replay
def test_re_asking_the_centre_takes_its_points_back():
    show, clock = at_obstacle()
    play_rows(show, clock)
    clock(NextQuestion())
    before = scores(show)
    play_typed(show, clock, right=(2,))
    clock(ReAsk())
    assert scores(show) == before and show.turn.kind == "centre" and show.turn.phase == "reading"
    assert not show.rs.centre_played and show.log[-1].reason == "reask"


def test_snapshots_keep_the_centre_and_read_those_stored_before_it():
    show, clock = at_obstacle()
    plain = show.rs.plain()
    assert "centre_played" not in plain  # stored as before until the centre is played
    assert ObstacleState.from_plain(plain) == show.rs
    play_rows(show, clock)
    clock(NextQuestion())
    play_typed(show, clock, right=(1,))
    restored = Show.restore(show.snapshot())
    assert restored.rs.centre_played and restored.rs.centre_opened
    assert public_view(restored) == public_view(show)


class RecordingClock(Clock):
    """A clock that keeps every command it sent with its time, as the studio's record does."""

    def __init__(self, show):
        super().__init__(show)
        self.sent = []

    def __call__(self, command, advance=10):
        self.sent.append((command, self.now + advance))
        return super().__call__(command, advance)


def test_a_crash_mid_centre_replays_from_the_command_log():
    """The studio stores every command with its time; a new worker replays them (or restores
    the last snapshot) and carries on exactly as the show would have."""
    show = show_with_centre()
    clock = RecordingClock(show)
    to_round(show, clock, KEY)
    play_rows(show, clock)
    clock(NextQuestion())
    clock(StartTimer())
    clock(TypeAnswer(3, show.question.answers[0]))
    clock(Buzz(4))  # a keyword claim while the centre is on air
    stored = show.snapshot()  # the worker dies here
    replayed = show_with_centre()
    for command, now in clock.sent:
        replayed.handle(command, now)
    assert replayed.snapshot() == stored
    for restarted in (replayed, Show.restore(stored)):
        now = clock.now
        restarted.handle(Tick(), now + 15_000)
        restarted.handle(Reveal(), now + 15_010)
        assert restarted.rs.centre_opened and restarted.seat(3).score == show.seat(3).score + 10
        restarted.handle(TakeKeyword(), now + 15_020)
        assert restarted.turn.owner == 4 and restarted.turn.value == 30
