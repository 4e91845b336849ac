"""The Olympia format rules a producer may change, each with the show's practice as default."""

import copy

import pytest

from quizapp.engine.errors import InvalidGame
from quizapp.engine.show import (
    Buzz,
    ChoosePack,
    EndShow,
    Judge,
    NextQuestion,
    PickRow,
    PlaceStar,
    Reveal,
    Show,
    StartRound,
    StartTimer,
    TakeKeyword,
    TypeAnswer,
    Undo,
    public_view,
    staff_view,
)
from quizapp.engine.show.rounds.obstacle import ObstacleState

from .show_helpers import CONTESTANTS, Clock, olympia, olympia_content, preset
from .test_show_rounds import scores, to_round


def test_the_shipped_olympia_preset_states_each_rule():
    obstacle = preset("olympia")["rounds"][2]
    finish = preset("olympia")["rounds"][4]
    assert obstacle["keyword_points"] == [60, 60, 50, 40, 30]
    assert obstacle["keyword_value_at"] == "claim"
    assert obstacle["keyword_hint_after_decision"] is True
    assert finish["star_stolen_once"] is True


# ----------------------------------------------------------------- the keyword's points
def obstacle(**rules):
    show = olympia(**{"vuot-chuong-ngai-vat": rules})
    clock = Clock(show)
    to_round(show, clock, "vuot-chuong-ngai-vat")
    return show, clock


def play_row(clock, row):
    clock(PickRow(row))
    clock(StartTimer())
    clock.tick(15_000)
    clock(Reveal())


@pytest.mark.parametrize(("value_at", "expected"), [("claim", 80), ("answer", 60)])
def test_the_keyword_is_worth_the_rows_on_air_when_it_was_claimed(value_at, expected):
    show, clock = obstacle(keyword_points=[80, 60, 40, 20, 10], keyword_value_at=value_at)
    clock(Buzz(2))  # claimed before any row
    early = clock.now
    clock(PickRow(1))
    clock(StartTimer())
    clock(Buzz(4))  # claimed while the first row is on air
    assert public_view(show)["obstacle"]["claims"] == [[2, early, 0], [4, clock.now, 1]]
    clock.tick(15_000)
    clock(Reveal())
    clock(TakeKeyword())  # the floor is given once the row is revealed
    assert show.turn.owner == 2 and show.turn.value == expected


def test_a_claim_stored_before_rows_were_kept_is_valued_when_taken():
    state = ObstacleState.from_plain({"played": [1, 2], "opened": [], "claims": [[3, 500]],
                                      "tried": [], "eliminated": [], "solved_by": None,
                                      "picker": 2, "final": False})
    show, clock = obstacle()
    show.rs = state
    clock(TakeKeyword())
    assert show.turn.value == 50  # two rows played when the floor was given
    assert public_view(show)["obstacle"]["claims"] == [[3, 500]]


def test_default_keyword_points_by_rows_on_air():
    show, clock = obstacle()
    play_row(clock, 1)
    clock(Buzz(4))  # after the first row: 60, the show's practice
    play_row(clock, 2)
    clock(Buzz(1))  # after the second row
    clock(TakeKeyword())
    assert show.turn.value == 60
    clock(Judge(False))
    clock(TakeKeyword())
    assert show.turn.owner == 1 and show.turn.value == 50


# ----------------------------------------------------------------- the keyword's clue
def claimed_keyword(**rules):
    show, clock = obstacle(**rules)
    play_row(clock, 1)
    clock(Buzz(3))
    clock(TakeKeyword())
    return show, clock


def test_a_claimed_keyword_s_clue_stays_off_air_until_the_judge_accepts_it():
    show, clock = claimed_keyword()
    clue = show.question.text
    for view in (public_view(show), staff_view(show)):
        assert view["turn"]["clue_held"] is True
    assert public_view(show)["turn"]["text"] is None
    assert staff_view(show)["turn"]["text"] == clue  # the MC and the judge see it
    clock(Judge(True))
    assert public_view(show)["turn"]["text"] == clue
    clock(Reveal())
    assert public_view(show)["turn"]["text"] == clue


def test_a_wrong_claim_keeps_the_clue_off_air_and_a_preset_may_show_it():
    show, clock = claimed_keyword()
    clock(Judge(False))
    assert public_view(show)["turn"]["text"] is None
    show, clock = claimed_keyword(keyword_hint_after_decision=False)
    assert public_view(show)["turn"]["text"] == show.question.text
    assert public_view(show)["turn"]["clue_held"] is False


# ----------------------------------------------------------------- typed answers
def ranked():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "tang-toc")
    clock(NextQuestion())
    clock(StartTimer())
    clock(TypeAnswer(2, "gần đúng"), 1_230)
    clock(TypeAnswer(4, show.question.answers[0]), 400)
    clock.tick(30_000)
    return show, clock


def test_the_judge_corrects_a_typed_answer_before_the_reveal_and_it_shows():
    show, clock = ranked()
    answers = staff_view(show)["answer"]["typed"]
    assert answers["2"]["matched"] is False and answers["2"]["corrected"] is False
    assert answers["2"]["ms"] == 1_230
    clock(Judge(True, seat=2))
    assert staff_view(show)["answer"]["typed"]["2"]["corrected"] is True
    clock(Reveal())
    typed = public_view(show)["turn"]["revealed"]["typed"]
    assert typed["2"] == {"text": "gần đúng", "correct": True, "corrected": True, "ms": 1_230}
    assert typed["4"] == {"text": show.question.answers[0], "correct": True, "corrected": False,
                          "ms": 1_630}
    assert scores(show) == [0, 40, 0, 30]  # ranked by arrival: the corrected answer came first


def test_an_undone_correction_is_no_longer_shown_as_one():
    show, clock = ranked()
    clock(Judge(True, seat=2))
    clock(Undo())
    assert staff_view(show)["answer"]["typed"]["2"]["corrected"] is False
    assert show.turn.verdicts[2] is False


# ----------------------------------------------------------------- the star and a steal
def stolen(star=True, **rules):
    """Seat 3 answers its first question wrong (with the star: it loses the 30); seat 1
    steals it."""
    show = olympia(**{"ve-dich": rules})
    clock = Clock(show)
    show.seats[2].score = 50
    to_round(show, clock, "ve-dich")
    clock(ChoosePack([30, 20, 20]))
    if star:
        clock(PlaceStar())
    clock(NextQuestion())
    clock(StartTimer())
    clock(Judge(False))
    clock(Buzz(1))
    clock(Judge(True))
    return show


def test_a_stolen_star_question_costs_its_owner_the_value_once():
    show = stolen()
    assert scores(show) == [30, 0, 20, 0]
    assert [entry.reason for entry in show.log] == ["star_wrong", "steal"]


def test_a_preset_may_take_a_stolen_star_question_from_the_owner_again():
    show = stolen(star_stolen_once=False)
    assert scores(show) == [30, 0, -10, 0]


def test_a_steal_of_a_question_without_the_star_still_takes_the_value_from_the_owner():
    show = stolen(star=False)
    assert scores(show) == [30, 0, 20, 0]
    assert [entry.reason for entry in show.log] == ["steal", "stolen"]


# ----------------------------------------------------------------- the tie-break
def test_the_end_is_nobody_s_round_with_or_without_a_tie_break():
    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "ve-dich")
    show.seats[0].score = 100
    show.rs.pos = 4
    clock(NextQuestion())
    clock(StartRound())  # no tie: the tie-break is skipped
    view = public_view(show)
    assert view["stage"] == "finished" and view["round"] is None and view["winners"] == [1]

    show = olympia()
    clock = Clock(show)
    to_round(show, clock, "ve-dich")
    show.seats[0].score = show.seats[1].score = 100
    show.rs.pos = 4
    clock(NextQuestion())
    clock(StartRound())
    assert public_view(show)["round"]["key"] == "cau-hoi-phu"
    assert show.rs.seats == [1, 2]  # the tied contestants only
    clock(EndShow())
    view = public_view(show)
    assert view["round"] is None and view["winners"] == [1, 2]


# ----------------------------------------------------------------- contestants
def test_contestant_problems_are_codes_with_numbers_for_the_edge_to_word():
    with pytest.raises(InvalidGame) as missing:
        Show.create(preset("olympia"), olympia_content(), CONTESTANTS[:3])
    assert (missing.value.code, missing.value.params) == ("contestants_count", {"seats": 4})
    people = [*copy.deepcopy(CONTESTANTS[:3]), {"name": "", "school": ""}]
    with pytest.raises(InvalidGame) as unnamed:
        Show.create(preset("olympia"), olympia_content(), people)
    assert (unnamed.value.code, unnamed.value.params) == ("contestant_name", {"seat": 4})
