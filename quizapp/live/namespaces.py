"""Socket.IO handlers for `/play`, `/host` and `/screen` (docs/protocol.md).

Each handler validates its payload, turns it into an engine command, applies it through the
registry (under the game's lock) and passes the events to dispatch. Acks are
`{"ok": true, ...}` or `{"ok": false, "error": code, "message": text}`, never a traceback.
"""

import functools
import logging
import secrets

from flask import current_app, request
from flask_login import current_user
from flask_socketio import join_room

from quizapp.accounts.permissions import can
from quizapp.engine import (
    AddTime,
    End,
    InvalidCommand,
    Join,
    Kick,
    Next,
    Pause,
    Rename,
    Resume,
    Skip,
    Start,
    SubmitAnswer,
    fold_accents,
    host_view,
    player_view,
    screen_view,
)
from quizapp.live import dispatch, nicknames, payloads, rooms, ticker, tokens
from quizapp.live.joincode import code_valid, join_code
from quizapp.live.links import join_url
from quizapp.live.persistence import store_player, update_player
from quizapp.live.registry import Connection, registry_of
from quizapp.live.throttle import allow
from quizapp.schools.models import School

log = logging.getLogger(__name__)
PLAY, HOST, SCREEN = dispatch.PLAY, dispatch.HOST, dispatch.SCREEN
MESSAGES = {
    "bad_request": "Yêu cầu không hợp lệ.",
    "unknown_pin": "Không có cuộc thi nào với mã PIN này.",
    "game_over": "Cuộc thi này đã kết thúc.",
    "invalid_token": "Phiên chơi không hợp lệ; hãy tham gia lại.",
    "not_joined": "Bạn chưa tham gia cuộc thi.",
    "forbidden": "Bạn không có quyền làm việc này.",
    "rate_limited": "Bạn thao tác quá nhanh; hãy thử lại sau giây lát.",
    "unknown_game": "Không tìm thấy cuộc thi.",
    "storage_failed": "Chưa lưu được câu trả lời; hãy gửi lại.",
    "not_on_roster": "Tên này không có trong danh sách lớp.",
    "nickname_empty": "Hãy nhập biệt danh.",
    "nickname_too_long": "Biệt danh dài tối đa 20 ký tự.",
    "nickname_taken": "Biệt danh này đã có người dùng.",
    "nickname_blocked": "Biệt danh này không phù hợp; hãy chọn tên khác.",
    "late_join_closed": "Cuộc thi đã bắt đầu và không nhận thêm người chơi.",
    "game_full": "Cuộc thi đã đủ người chơi.",
    "player_kicked": "Bạn đã bị mời ra khỏi cuộc thi.",
    "question_not_open": "Câu hỏi chưa mở hoặc đã đóng.",
    "too_late": "Hết giờ rồi!",
    "already_answered": "Bạn đã trả lời câu này.",
    "invalid_answer": "Câu trả lời không hợp lệ.",
    "game_paused": "Cuộc thi đang tạm dừng.",
    "not_in_game": "Bạn không còn trong cuộc thi.",
    "join_code_required": "Hãy nhập mã vào cửa đang hiện trên màn hình lớn.",
    "join_code_wrong": "Mã vào cửa không đúng; hãy nhìn lại màn hình lớn.",
    "nickname_banned": "Biệt danh này đã bị người tổ chức chặn.",
    "team_required": "Thi theo đội: hãy nhập trường (và lớp, nếu thi theo lớp).",
    "field_too_long": "Tên trường hoặc lớp dài tối đa 100 ký tự.",
    "already_joined": "Bạn đã ở trong cuộc thi.",
    "game_finished": "Cuộc thi đã kết thúc.",
    "wrong_phase": "Lệnh này không dùng được ở bước hiện tại.",
    "no_players": "Cần ít nhất một người chơi để bắt đầu.",
    "already_paused": "Cuộc thi đang tạm dừng rồi.",
    "not_paused": "Cuộc thi không tạm dừng.",
    "invalid_time": "Số giây thêm không hợp lệ (1–300).",
    "unknown_player": "Không có người chơi này.",
    "server_error": "Máy chủ gặp lỗi; hãy thử lại.",
}


def error(code: str, message: str | None = None) -> dict:
    return {"ok": False, "error": code, "message": MESSAGES.get(code, message or code)}


def acked(handler):
    """Turn bad payloads and engine refusals into error acks; never let a traceback out."""

    @functools.wraps(handler)
    def wrapper(payload=None):
        try:
            return handler(payloads.obj(payload))
        except payloads.BadRequest as bad:
            return error("bad_request", str(bad))
        except InvalidCommand as refused:
            return error(refused.code, refused.message)
        except Exception:  # a bug must cost one error ack, not the connection
            log.exception("socket handler %s", handler.__name__)
            return error("server_error", "Máy chủ gặp lỗi; hãy thử lại.")

    return wrapper


def _registry():
    return registry_of(current_app)


def _run(live, command, submitted=None):
    registry = _registry()
    events, ticket = registry.apply(live, command, submitted)
    dispatch.publish(live, events, registry.clock())
    return ticket


# ---------------------------------------------------------------------------- /play
def on_play_connect(auth=None):
    ticker.start(_registry())


def on_play_disconnect(*_):
    _registry().connections.pop(request.sid, None)


@acked
def on_join(payload):
    address = request.remote_addr or "?"
    if not allow(f"join:{request.sid}", 10, 10) or not allow(f"join-ip:{address}", 600, 60):
        return error("rate_limited")
    pin = payloads.text(payload, "pin", 6)
    if not (len(pin) == 6 and pin.isdigit()):
        raise payloads.BadRequest("'pin' must be 6 digits")
    registry = _registry()
    live = registry.by_pin(pin)
    if live is None or live.finished:
        # Someone guessing PINs: a few typos are normal, dozens a minute are not.
        if not allow(f"pin-miss:{address}", 30, 60):
            log.warning("PIN guessing from %s: too many unknown PINs", address)
            return error("rate_limited")
        log.info("unknown PIN %s from %s", pin, address)
        return error("unknown_pin")
    token = payload.get("token")
    if token:
        resumed = _resume(token, live.id)
        if resumed["ok"] or resumed["error"] != "invalid_token":
            return resumed
    if live.options.get("join_code"):
        typed = payload.get("code")
        if not typed:
            return error("join_code_required")
        if not code_valid(current_app.config["SECRET_KEY"], live.id, registry.clock(), typed):
            return error("join_code_wrong")
    nickname = payloads.text(payload, "nickname", 100)
    if fold_accents(nickname).casefold().strip() in live.banned:
        return error("nickname_banned")
    school_text = payloads.text(payload, "school", 100, required=False).strip()
    class_name = payloads.text(payload, "class", 100, required=False).strip()
    policy = live.options.get("nickname_policy", "free")
    if policy == "generated":
        nickname = nicknames.generated_nickname()
    elif policy == "roster":
        try:
            nickname = nicknames.roster_name(nickname, live.options.get("roster", []))
        except nicknames.NotOnRoster:
            return error("not_on_roster")
    school = School.query.filter_by(code=school_text, active=True).first() if school_text \
        else None
    school_name = school.name if school else school_text
    player_key = f"p-{secrets.token_hex(5)}"
    for attempt in range(5):
        try:
            _run(live, Join(player_key, nickname, school_name, class_name))
            break
        except InvalidCommand as refused:
            if refused.code == "nickname_taken" and policy == "generated" and attempt < 4:
                nickname = nicknames.generated_nickname()
                continue
            raise
    state = live.engine.players[player_key]
    store_player(live.id, player_key, state.nickname, school, school_name, class_name,
                 registry.clock())
    return _enter(live, player_key)


def _enter(live, player_key):
    _registry().connections[request.sid] = Connection(live.id, player_key)
    join_room(rooms.players(live.id), namespace=PLAY)
    join_room(rooms.player(live.id, player_key), namespace=PLAY)
    return {"ok": True, "player_id": player_key, "game_id": live.id,
            "token": tokens.player_token(live.id, player_key),
            "state": player_view(live.engine, player_key, _registry().clock())}


def _resume(token, expected_game=None):
    identity = tokens.read_player_token(token)
    if identity is None or (expected_game is not None and identity[0] != expected_game):
        return error("invalid_token")
    game_id, player_key = identity
    live = _registry().get(game_id)
    if live is None:
        return error("unknown_game")
    player = live.engine.players.get(player_key)
    if player is None:
        return error("invalid_token")
    if player.kicked:
        return error("player_kicked")
    return _enter(live, player_key)


@acked
def on_resume(payload):
    if not allow(f"resume:{request.sid}", 10, 10):
        return error("rate_limited")
    return _resume(payload.get("token"))


@acked
def on_answer(payload):
    connection = _registry().connections.get(request.sid)
    if connection is None:
        return error("not_joined")
    if not allow(f"answer:{request.sid}", 5, 1):
        return error("rate_limited")
    question_id = payloads.integer(payload, "question", 1, 2**31)
    fields = payloads.answer_fields(payload)
    live = _registry().get(connection.game_id)
    if live is None:
        return error("unknown_game")
    ticket = _run(live, SubmitAnswer(connection.player_key, question_id, **fields), fields)
    if ticket is None or not ticket.wait():
        return error("storage_failed")
    return {"ok": True, "received_ms": ticket.row["received_ms"]}


# ---------------------------------------------------------------------------- /host
def on_host_connect(auth=None):
    if not can(current_user, "contests.run"):
        return False  # refuses the connection
    ticker.start(_registry())
    return True


HOST_COMMANDS = {
    "start": lambda p: Start(), "next": lambda p: Next(), "pause": lambda p: Pause(),
    "resume": lambda p: Resume(), "skip": lambda p: Skip(), "end": lambda p: End(),
    "add_time": lambda p: AddTime(payloads.integer(p, "seconds", 1, 300)),
    "kick": lambda p: Kick(payloads.text(p, "player_id", 64)),
    "ban": lambda p: Kick(payloads.text(p, "player_id", 64)),
    "rename": lambda p: Rename(payloads.text(p, "player_id", 64),
                               payloads.text(p, "nickname", 100)),
}


def _hosted_game(payload):
    """Return the live game of `game_id` if the signed-in user runs it (or is an admin)."""
    game_id = payloads.integer(payload, "game_id", 1, 2**31)
    live = _registry().get(game_id)
    if live is None:
        return None, error("unknown_game")
    if not current_user.is_authenticated or (
            current_user.role != "admin" and current_user.id != live.host_id):
        return None, error("forbidden")
    return live, None


@acked
def on_host_watch(payload):
    live, refused = _hosted_game(payload)
    if refused:
        return refused
    join_room(rooms.host(live.id), namespace=HOST)
    return {"ok": True, "state": host_view(live.engine, _registry().clock()),
            **_join_code_fields(live)}


@acked
def on_host_command(payload):
    live, refused = _hosted_game(payload)
    if refused:
        return refused
    name = payloads.text(payload, "name", 16)
    if name not in HOST_COMMANDS:
        raise payloads.BadRequest(f"unknown command '{name[:16]}'")
    command = HOST_COMMANDS[name](payload)
    if name == "ban":
        player = live.engine.players.get(command.player_id)
        if player is not None:
            live.banned.add(fold_accents(player.nickname).casefold())
    _run(live, command)
    if isinstance(command, (Kick, Rename)):
        player = live.engine.players.get(command.player_id)
        update_player(live.id, command.player_id, kicked=player.kicked,
                      nickname=player.nickname)
    return {"ok": True}


# ---------------------------------------------------------------------------- /screen
def on_screen_connect(auth=None):
    ticker.start(_registry())


@acked
def on_screen_watch(payload):
    game_id = payloads.integer(payload, "game_id", 1, 2**31)
    if not tokens.screen_key_valid(game_id, payload.get("key")):
        return error("forbidden")
    live = _registry().get(game_id)
    if live is None:
        return error("unknown_game")
    join_room(rooms.screen(live.id), namespace=SCREEN)
    return {"ok": True, "pin": live.pin, "join_url": join_url(live.pin),
            "state": screen_view(live.engine, _registry().clock()), **_join_code_fields(live)}


def _join_code_fields(live) -> dict:
    """The second join step's current code, for the screen (and the host), when it is on."""
    if not live.options.get("join_code"):
        return {}
    now = _registry().clock()
    return {"join_code": join_code(current_app.config["SECRET_KEY"], live.id, now)}


def register(socketio) -> None:
    """Attach every handler to the Socket.IO server."""
    for event, handler in (("connect", on_play_connect), ("disconnect", on_play_disconnect),
                           ("join", on_join), ("resume", on_resume), ("answer", on_answer)):
        socketio.on_event(event, handler, namespace=PLAY)
    for event, handler in (("connect", on_host_connect), ("watch", on_host_watch),
                           ("command", on_host_command)):
        socketio.on_event(event, handler, namespace=HOST)
    for event, handler in (("connect", on_screen_connect), ("watch", on_screen_watch)):
        socketio.on_event(event, handler, namespace=SCREEN)
