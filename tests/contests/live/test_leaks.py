"""Record every payload of a full game (every question kind) and look for anything early.

Before a question is revealed no phone and no screen may see its answer or explanation; a phone
never sees another player's id, class or school, nor their answers.
"""

import json

from quizapp.contests.live.games import open_game
from quizapp.contests.live.registry import registry_of
from quizapp.extensions import socketio
from quizapp.live.ticker import beat
from quizapp.live.tokens import screen_key
from tests.contests.conftest import ack

SECRET_KEYS = ("correct_choices", "accepted_answers", "correct_order", "correct_items",
               "answer_key", "explanation", "live_distribution", "correct")
EXPLANATIONS = ("Dài và trộn ký tự.", "OTP là của riêng bạn.", "One-time password.",
                "Lừa đảo tạo áp lực.", "Đổi trước, khoá sau.")


def keys_of(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_of(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys_of(inner)


def test_nothing_leaks_during_a_full_game(contest_factory, host_user, phone, host_socket,
                                          live_app):
    contest = contest_factory(count=6, shuffle_answers=True)
    game = open_game(contest, host_user)
    registry = registry_of(live_app)
    screen = socketio.test_client(live_app, namespace="/screen")
    ack(screen, "watch", {"game_id": game.id, "key": screen_key(game.id)}, "/screen")
    ack(host_socket, "watch", {"game_id": game.id}, "/host")
    lan, minh = phone(), phone()
    lan_id = ack(lan, "join", {"pin": game.pin, "nickname": "Lan", "school": "THCS Alpha",
                               "class": "8A-bimat"})["player_id"]
    minh_id = ack(minh, "join", {"pin": game.pin, "nickname": "Minh", "school": "THCS Beta",
                                 "class": "9C-kin"})["player_id"]
    recorded = {"lan": [], "minh": [], "screen": []}

    def collect():
        for name, client, namespace in (("lan", lan, "/play"), ("minh", minh, "/play"),
                                        ("screen", screen, "/screen")):
            recorded[name] += [m["args"][0] for m in client.get_received(namespace) if m["args"]]

    ack(host_socket, "command", {"game_id": game.id, "name": "start"}, "/host")
    for cq in contest.questions:
        registry.clock.advance(1500)
        beat(registry.app)
        collect()
        kind = cq.question.kind
        answer = {"type_answer": {"text": "otp"}, "ordering": {"order": [0, 1, 2]},
                  "multiple": {"choices": [0, 1]}}.get(kind, {"choices": [0]})
        for client in (lan, minh):
            ack(client, "answer", {"question": cq.question_id, **answer})
        collect()
        for step in ("next", "next", "next"):  # reveal, leaderboard, next question
            ack(host_socket, "command", {"game_id": game.id, "name": step}, "/host")
            collect()
    ack(host_socket, "command", {"game_id": game.id, "name": "end"}, "/host")
    collect()

    for name, payloads in recorded.items():
        assert payloads, name
        phase = "lobby"
        for payload in payloads:
            text = json.dumps(payload, ensure_ascii=False)
            phase = payload.get("phase", phase)  # a "me" block follows its phase event
            if phase not in ("revealed", "leaderboard", "finished"):
                assert not set(keys_of(payload)) & set(SECRET_KEYS), (name, payload)
                assert not any(e in text for e in EXPLANATIONS), (name, text)
            if name == "lan":
                assert minh_id not in text and "9C-kin" not in text and "THCS Beta" not in text
            if name == "minh":
                assert lan_id not in text and "8A-bimat" not in text and "THCS Alpha" not in text
            if name == "screen":
                assert lan_id not in text and minh_id not in text and "8A-bimat" not in text
    revealed = [p for p in recorded["lan"] if p.get("phase") == "revealed"]
    assert len(revealed) == 6 and all("explanation" in p["reveal"] for p in revealed)
