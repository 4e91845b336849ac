"""Malformed and hostile studio payloads get error acks and never corrupt the show."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.extensions import db
from quizapp.gameshow.models import Episode
from quizapp.gameshow.studio.shows import studio_of
from tests.gameshow.conftest import command, send

JUNK_COMMANDS = [
    {"name": "pick_row", "row": "2"}, {"name": "pick_row", "row": 99}, {"name": "pick_row"},
    {"name": "choose_pack", "values": "20,30"}, {"name": "choose_pack", "values": [True] * 3},
    {"name": "choose_pack", "values": list(range(50))}, {"name": "lock_answer", "choice": -1},
    {"name": "use_lifeline", "lifeline": ["fifty_fifty"]}, {"name": "x" * 500},
    {"name": None}, {"name": "__class__"},
    {"name": "start_round", **{f"k{i}": i for i in range(20)}},
]
JUNK_JUDGE = [
    {"name": "judge", "correct": "true"}, {"name": "judge", "correct": 1},
    {"name": "judge", "correct": True, "seat": 0}, {"name": "adjust", "seat": 1, "delta": 10**9,
                                                   "reason": "x"},
    {"name": "adjust", "seat": 1, "delta": 5, "reason": "r" * 5000},
    {"name": "adjust", "seat": 1, "delta": 5.5, "reason": "x"},
]


def test_mc_and_judge_junk_is_refused_and_the_show_unchanged(studio):
    mc, judge = studio.staff("mc"), studio.staff("judge")
    before = db.session.get(Episode, studio.episode.id).snapshot
    for payload in JUNK_COMMANDS:
        reply = send(mc, "command", payload)
        assert reply["ok"] is False and reply["error"] != "server_error", payload
    for payload in JUNK_JUDGE:
        reply = send(judge, "command", payload)
        assert reply["ok"] is False and reply["error"] in (
            "bad_request", "invalid_seat", "wrong_phase", "nothing_to_judge"), payload
    db.session.expire_all()
    assert db.session.get(Episode, studio.episode.id).snapshot == before


def test_typed_answers_are_checked(studio):
    mc, seat = studio.staff("mc"), studio.seat(1)
    for name in ("start_round",) * 4:  # to the acceleration round
        command(mc, name)
    command(mc, "next_question")
    command(mc, "start_timer")
    for text in ("", " ", "a" * 101, None, 7, ["x"]):
        reply = send(seat, "type_answer", {"text": text})
        assert reply["ok"] is False and reply["error"] in ("bad_request", "invalid_answer")


def test_html_in_a_typed_answer_is_kept_as_text(studio, live_app):
    mc, seat = studio.staff("mc"), studio.seat(3)
    for name in ("start_round",) * 4:
        command(mc, name)
    command(mc, "next_question")
    command(mc, "start_timer")
    assert send(seat, "type_answer", {"text": "<img src=x onerror=alert(1)>"})["ok"]
    turn = studio_of(live_app).get(studio.episode.id).show.turn
    assert turn.typed[3].text == "<img src=x onerror=alert(1)>"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.sampled_from(["watch", "command", "buzz", "type_answer"]),
       payload=st.recursive(
           st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
               st.sampled_from(["name", "role", "episode_id", "token", "key", "seat", "row",
                                "values", "correct", "delta", "reason", "text", "choice"]),
               inner, max_size=6),
           max_leaves=10))
def test_fuzzed_studio_payloads_never_crash(studio, live_app, event, payload):
    mc = studio.staff("mc")
    reply = send(mc, event, payload)
    assert isinstance(reply, dict) and reply["error"] != "server_error" if not reply.get(
        "ok") else True
    db.session.get(Episode, studio.episode.id).show()  # whatever happened, the show is whole
