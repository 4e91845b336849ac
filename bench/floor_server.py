"""The floor: a bare Flask-SocketIO + eventlet server with quizapp's live event names.

No database, no engine, no views: `join` enters one room and is acknowledged, the host's
`command` broadcasts the next phase (`question`, `closed`, `reveal`, `leaderboard`,
`game_over`) to that room once, and `answer` is acknowledged at once. `bench/live_game.py`
runs the same load against this server and against quizapp; the ratios between the two say
what quizapp's own work (engine, database, per-player views) costs on top of the stack.

    python bench/floor_server.py --port 5099 [--max-connections 20000] [--questions 5]
"""

import argparse
import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

eventlet.monkey_patch()

import time  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

PLAYERS_ROOM = "players"
HOST_ROOM = "host"
# A question of the shipped bank's usual size (quizapp sends the same fields).
QUESTION_TEXT = ("Một trang web có quốc huy, giao diện giống hệt trang dịch vụ công và yêu cầu "
                 "bạn đăng nhập. Dấu hiệu nào đáng tin cậy nhất để biết đó là trang của cơ "
                 "quan nhà nước?")
CHOICES = ["Trang có hình quốc huy và màu sắc trang trọng",
           "Trang được gửi đến qua tin nhắn từ số điện thoại lạ",
           "Tên miền đúng chính xác của cơ quan, kết thúc bằng “.gov.vn”, và bạn tự gõ địa chỉ",
           "Trang có nhiều lượt thích trên mạng xã hội"]


class Floor:
    """The smallest state that lets the benchmark's host drive a game of `questions`."""

    def __init__(self, questions: int):
        self.questions = questions
        self.phase = "lobby"
        self.index = -1
        self.players: dict[str, str] = {}  # sid -> nickname
        self.answered: set[str] = set()
        self.deadline_ms = 0

    def state(self) -> dict:
        """A payload of the same shape (and about the same size) as quizapp's PlayerState."""
        now = int(time.time() * 1000)
        question = None
        if self.index >= 0:
            question = {"id": 1000 + self.index, "kind": "single", "points": "standard",
                        "select": "one", "text": QUESTION_TEXT, "choices": CHOICES,
                        "choice_count": len(CHOICES), "media": None}
        return {"phase": self.phase, "paused": False,
                "question_index": self.index if self.index >= 0 else None,
                "question_count": self.questions, "deadline_ms": self.deadline_ms,
                "remaining_ms": max(0, self.deadline_ms - now), "time_limit_ms": 20000,
                "player_count": len(self.players), "team_mode": None, "question": question,
                "reveal": {"correct_choices": [1], "explanation": QUESTION_TEXT,
                           "distribution": [0, 0, 0, 0], "answered": len(self.answered),
                           "scored": True} if self.phase == "revealed" else None,
                "leaderboard": None, "team_leaderboard": None, "podium": None}


def create(questions: int):
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "floor"
    socketio = SocketIO(app, async_mode="eventlet")
    floor = Floor(questions)

    def broadcast(event: str) -> None:
        state = floor.state()
        socketio.emit(event, state, to=PLAYERS_ROOM, namespace="/play")
        socketio.emit("state", {**state, "answer_count": len(floor.answered)}, to=HOST_ROOM,
                      namespace="/host")

    def open_question(index: int) -> None:
        floor.index, floor.phase = index, "open"
        floor.answered = set()
        floor.deadline_ms = int(time.time() * 1000) + 20000
        broadcast("question")

    @app.get("/")
    def index():
        return "floor"

    @socketio.on("join", namespace="/play")
    def on_join(payload):
        floor.players[request.sid] = str((payload or {}).get("nickname", ""))[:20]
        join_room(PLAYERS_ROOM)
        return {"ok": True, "player_id": request.sid, "token": "floor", "game_id": 1,
                "state": floor.state()}

    @socketio.on("answer", namespace="/play")
    def on_answer(payload):
        if floor.phase != "open":
            return {"ok": False, "error": "question_not_open", "message": "closed"}
        if request.sid in floor.answered:
            return {"ok": False, "error": "already_answered", "message": "once"}
        floor.answered.add(request.sid)
        if len(floor.answered) >= len(floor.players):
            floor.phase = "closed"
            broadcast("closed")
        return {"ok": True, "received_ms": int(time.time() * 1000)}

    @socketio.on("disconnect", namespace="/play")
    def on_leave(*_):
        floor.players.pop(request.sid, None)

    @socketio.on("watch", namespace="/host")
    def on_watch(payload):
        join_room(HOST_ROOM)
        return {"ok": True, "state": floor.state()}

    @socketio.on("command", namespace="/host")
    def on_command(payload):
        name = (payload or {}).get("name")
        if name == "start" and floor.phase == "lobby":
            open_question(0)
        elif name == "next" and floor.phase == "open":
            floor.phase = "closed"
            broadcast("closed")
        elif name == "next" and floor.phase == "closed":
            floor.phase = "revealed"
            broadcast("reveal")
        elif name == "next" and floor.phase == "revealed":
            floor.phase = "leaderboard"
            broadcast("leaderboard")
        elif name == "next" and floor.phase == "leaderboard":
            if floor.index + 1 < floor.questions:
                open_question(floor.index + 1)
            else:
                floor.phase = "finished"
                broadcast("game_over")
        else:
            return {"ok": False, "error": "wrong_phase", "message": floor.phase}
        return {"ok": True}

    return app, socketio


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument("--max-connections", type=int, default=20000)
    parser.add_argument("--questions", type=int, default=5)
    args = parser.parse_args()
    app, socketio = create(args.questions)
    socketio.run(app, host=args.host, port=args.port, max_size=args.max_connections,
                 log_output=False)


if __name__ == "__main__":
    main()
