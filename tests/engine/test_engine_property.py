"""Random command sequences: only domain errors, atomic refusals, no double counting."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_event
from hypothesis import strategies as st

from quizapp.engine import (
    AddTime,
    AnswerAccepted,
    End,
    EngineError,
    Game,
    GameOptions,
    Join,
    Kick,
    Next,
    Pause,
    Rename,
    Resume,
    ScoresChanged,
    Skip,
    Start,
    SubmitAnswer,
    Tick,
    host_view,
    player_view,
    screen_view,
)
from tests.engine.engine_helpers import multiple, ordering, poll, single, true_false, type_answer

QUESTIONS = [single(1), multiple(2), true_false(3), type_answer(4), ordering(5), poll(6)]
PLAYERS = ["p1", "p2", "p3", "p4"]
NICKS = ["An", "an", "Bình", "", "x" * 25, "địt", "Chi\u200b", "Dũng"]

indices = st.lists(st.integers(-1, 6), min_size=0, max_size=5)
# ("answer", player, pick): a well-formed answer to the current question, resolved at run time
smart_answers = st.tuples(st.just("answer"), st.sampled_from(PLAYERS), st.integers(0, 3))
# (weight out of 100, strategy): answers and the host's Next dominate, kicks and End are rare.
WEIGHTED = [
    (40, smart_answers),
    (20, st.just(Next())),
    (8, st.just(Tick())),
    (5, st.just(Pause())),
    (5, st.just(Resume())),
    (4, st.builds(AddTime, st.integers(-1, 400))),
    (6, st.builds(SubmitAnswer, st.sampled_from(PLAYERS), st.integers(0, 7),
                  choices=st.none() | indices.map(tuple),
                  text=st.none() | st.sampled_from(["mat khau bi mat", "sai", ""]),
                  order=st.none() | st.permutations([0, 1, 2, 3]).map(tuple))),
    (4, st.builds(Join, st.sampled_from(PLAYERS), st.sampled_from(NICKS),
                  st.sampled_from(["", "THCS A", "THCS B"]), st.sampled_from(["", "8A"]))),
    (3, st.builds(Rename, st.sampled_from(PLAYERS), st.sampled_from(NICKS))),
    (2, st.builds(Kick, st.sampled_from(PLAYERS))),
    (1, st.just(Skip())),
    (1, st.just(End())),
    (1, st.just(Start())),
]  # fmt: skip


def _pick(roll: int):
    for weight, strategy in WEIGHTED:
        if roll < weight:
            return strategy
        roll -= weight
    raise AssertionError("weights must add up to 100")


commands = st.integers(0, 99).flatmap(_pick)
delays = st.sampled_from([0, 0, 50, 700, 2000, 4000, 25_000])
steps = st.lists(st.tuples(commands, delays), min_size=15, max_size=60)
options = st.builds(
    GameOptions,
    speed_scoring=st.booleans(),
    streak_bonus=st.booleans(),
    shuffle_answers=st.booleans(),
    team_mode=st.sampled_from([None, "school"]),
    late_join=st.booleans(),
    preview_ms=st.sampled_from([0, 3000]),
    max_players=st.sampled_from([2, 3, 5000]),
)


def resolve(game, command):
    """Turn a ("answer", player, pick) marker into a SubmitAnswer for the current question."""
    if not isinstance(command, tuple):
        return command
    _, pid, pick = command
    question = game.questions[max(game.index, 0)]
    if question.kind == "type_answer":
        return SubmitAnswer(pid, question.id, text=["mat khau bi mat", "sai", "x", "?"][pick])
    if question.kind == "ordering":
        order = [question.display.index(i) for i in range(4)]
        order[0], order[pick] = order[pick], order[0]
        return SubmitAnswer(pid, question.id, order=tuple(order))
    size = len(question.choices)
    if question.kind == "multiple":
        return SubmitAnswer(pid, question.id, choices=tuple(range(pick % size + 1)))
    return SubmitAnswer(pid, question.id, choices=(pick % size,))


def apply(game, command, now):
    try:
        return [ev.to_dict() for ev in game.handle(command, now)], None
    except EngineError as error:
        return None, error.code


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(options=options, seed=st.integers(0, 2**32), steps=steps, cut=st.integers(0, 80))
def test_random_sequences(options, seed, steps, cut):
    game = Game.create(QUESTIONS, options, seed=seed)
    twin = None
    now = 0
    accepted: set[tuple[str, int]] = set()
    applied_points: dict[str, int] = {}
    points_by_answer: dict[tuple[str, int], int] = {}
    prefix = [(Join(pid, f"Bạn {pid}", "THCS A", "8A"), 0) for pid in PLAYERS[:3]]
    for step, (command, delta) in enumerate(prefix + [(Start(), 0), *steps]):
        now += delta
        command = resolve(game, command)
        if step == cut:
            twin = Game.restore(json.loads(json.dumps(game.snapshot())))
        before = game.snapshot()
        events, error = apply(game, command, now)  # anything but EngineError fails the test
        if twin is not None:
            assert apply(twin, command, now) == (events, error)
        if error is not None:
            assert game.snapshot() == before  # a refused command changes nothing
            continue
        for event in events:
            if event["event"] == AnswerAccepted.name:
                key = (event["player_id"], event["question_id"])
                assert key not in accepted  # never counted twice
                accepted.add(key)
                points_by_answer[key] = event["points"]
            if event["event"] == ScoresChanged.name:
                for line in event["lines"]:
                    pid = line["player_id"]
                    applied_points[pid] = applied_points.get(pid, 0) + line["points"]
                    assert line["points"] == points_by_answer.get((pid, event["question_id"]), 0)
        for view in (host_view(game, now), screen_view(game, now), player_view(game, "p1", now)):
            json.dumps(view)
        # the stored text (answers encoded once, then extended) is the snapshot, step by step
        assert json.loads(game.snapshot_json()) == json.loads(json.dumps(game.snapshot()))
    for player in game.players.values():
        if not player.kicked:
            assert player.score == applied_points.get(player.player_id, 0)
        assert player.score >= 0
    if twin is not None:
        assert twin.snapshot() == game.snapshot()
    note_event(f"answers counted: {min(len(accepted), 4)}; final phase {game.phase.value}")
