"""DESIGN rule 2 for shows: contestant, screen and overlay views never carry an answer early."""

import json

from quizapp.engine.show import (
    Buzz,
    ChoosePack,
    Judge,
    NextQuestion,
    PickRow,
    Reveal,
    StartRound,
    StartTimer,
    TakeKeyword,
    Tick,
    TypeAnswer,
    contestant_view,
    public_view,
    staff_view,
)

from .show_helpers import Clock, olympia


def secrets(show):
    """Answers that must not be in a public payload right now."""
    hidden = []
    turn = show.turn
    if turn is not None and turn.phase != "revealed":
        hidden += [a.casefold() for a in show.question.answers]
    obstacle = public_view(show)["obstacle"]
    if obstacle and obstacle["keyword"] is None:
        content = show.content["vuot-chuong-ngai-vat"]
        hidden.append(content["keyword"].reference.casefold())
        hidden += [q.reference.casefold() for i, q in enumerate(content["rows"], start=1)
                   if i not in show.rs.opened]
    return [h for h in hidden if h]


def check(show):
    payloads = [public_view(show)] + [contestant_view(show, s) for s in (1, 2, 3, 4)]
    for payload in payloads:
        payload.get("me", {}).pop("typed", None)  # a contestant's own answer is theirs to see
        text = json.dumps(payload, ensure_ascii=False).casefold()
        leaked = [s for s in secrets(show) if f'"{s}"' in text]
        assert not leaked, (leaked, show.turn and show.turn.phase)


def step(clock, show, command, advance=10):
    clock(command, advance)
    check(show)


def test_no_public_view_carries_an_answer_before_the_reveal_in_any_round():
    show = olympia()
    clock = Clock(show)
    step(clock, show, StartRound())
    for _ in range(2):  # individual
        step(clock, show, NextQuestion())
        step(clock, show, StartTimer())
        step(clock, show, Judge(False))
        step(clock, show, Reveal())
    step(clock, show, StartRound())  # common turn
    step(clock, show, NextQuestion())
    step(clock, show, StartTimer())
    step(clock, show, Buzz(2))
    step(clock, show, Judge(False))
    step(clock, show, Reveal())
    step(clock, show, StartRound())  # obstacle
    step(clock, show, PickRow(3))
    step(clock, show, StartTimer())
    step(clock, show, TypeAnswer(1, show.question.answers[0]))
    step(clock, show, Buzz(2))
    step(clock, show, TypeAnswer(3, "sai"))
    step(clock, show, Tick(), 15_000)
    assert show.turn.phase == "closed"
    step(clock, show, Reveal())
    step(clock, show, TakeKeyword())
    step(clock, show, Judge(False))
    step(clock, show, StartRound())  # cut short: acceleration
    step(clock, show, NextQuestion())
    step(clock, show, StartTimer())
    step(clock, show, TypeAnswer(4, show.question.answers[0]))
    step(clock, show, Tick(), 30_000)
    step(clock, show, Reveal())
    step(clock, show, StartRound())  # finish
    step(clock, show, ChoosePack([20, 20, 30]))
    step(clock, show, NextQuestion())
    step(clock, show, StartTimer())
    step(clock, show, Judge(False))
    step(clock, show, Buzz(1))
    step(clock, show, Judge(False))
    step(clock, show, Reveal())


def test_typed_answers_are_public_only_after_the_reveal_but_staff_see_them_at_once():
    show = olympia()
    clock = Clock(show)
    for _ in range(4):
        clock(StartRound())
    clock(NextQuestion())
    clock(StartTimer())
    clock(TypeAnswer(1, "câu trả lời của An"))
    assert "câu trả lời của An" not in json.dumps(public_view(show), ensure_ascii=False)
    assert contestant_view(show, 1)["me"]["typed"] == "câu trả lời của An"
    assert contestant_view(show, 2)["me"]["typed"] is None
    staff = staff_view(show)
    assert staff["answer"]["typed"]["1"]["text"] == "câu trả lời của An"
    assert staff["answer"]["reference"] == show.question.answers[0]


def test_contestant_buzzer_states():
    show = olympia()
    clock = Clock(show)
    clock(StartRound())
    clock(StartRound())
    assert contestant_view(show, 1)["me"]["buzzer"] == "closed"  # nothing on air yet
    clock(NextQuestion())
    assert contestant_view(show, 1)["me"]["buzzer"] == "ready"  # a press now is early
    clock(Buzz(2))
    assert contestant_view(show, 2)["me"]["held_until_ms"] == clock.now + 250
    clock(StartTimer())
    assert contestant_view(show, 1)["me"]["buzzer"] == "armed"
    clock(Buzz(1))
    assert contestant_view(show, 1)["me"]["buzzer"] == "won"
    clock(Judge(False))
    assert contestant_view(show, 1)["me"]["buzzer"] == "locked"
    assert public_view(show)["turn"]["verdicts"] == {"1": False}


def test_the_obstacle_picture_goes_to_screens_not_to_contestants():
    show = olympia()
    clock = Clock(show)
    for _ in range(3):
        clock(StartRound())
    assert public_view(show)["obstacle"]["picture"] == "/p.svg"
    assert public_view(show)["obstacle"]["picker"] == 1
    mine = contestant_view(show, 2)
    assert mine["obstacle"]["picture"] is None
    assert mine["me"]["buzzer"] == "armed"  # between rows a buzz still claims the keyword
    clock(Buzz(2))
    assert contestant_view(show, 2)["me"]["buzzer"] == "closed"  # claimed: waiting


def test_the_end_is_titled_by_no_round_even_after_a_skipped_tie_break():
    from quizapp.engine.show import EndShow, StartRound

    show = olympia()
    clock = Clock(show)
    show.seats[1].score = 10  # a clear leader: the tie-break round is skipped
    while show.stage != "finished":
        clock(StartRound())
    assert show.rules.key == "cau-hoi-phu"  # the last round the show looked at
    view = public_view(show)
    assert view["round"] is None and view["winners"] == [2]
    other = olympia()
    Clock(other)(EndShow())
    assert public_view(other)["round"] is None
