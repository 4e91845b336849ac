"""Socket.IO handlers for `/play`, `/host` and `/screen` (docs/protocol.md).

Each handler validates its payload, applies the adapter's rules that need no game state
(rate limits, PIN, join code, nickname policy), and asks the game's owner to carry out the
request (authority.py). Acks are `{"ok": true, ...}` or `{"ok": false, "error": code,
"message": text}`, never a traceback.
"""

import functools
import inspect
import logging
import secrets

from flask import current_app, request
from flask_login import current_user
from flask_socketio import join_room

from quizapp.accounts.permissions import can
from quizapp.engine import InvalidCommand
from quizapp.live import authority, gameinfo, nicknames, payloads, rooms, ticker, tokens
from quizapp.live.joincode import code_valid
from quizapp.live.links import join_url
from quizapp.live.messages import MESSAGES
from quizapp.live.operations import HOST_COMMANDS, Refused
from quizapp.live.registry import Connection, registry_of
from quizapp.live.throttle import allow
from quizapp.schools.models import School

log = logging.getLogger(__name__)
PLAY, HOST, SCREEN = "/play", "/host", "/screen"


def error(code: str, message: str | None = None) -> dict:
    return {"ok": False, "error": code, "message": MESSAGES.get(code, message or code)}


def acked(handler):
    """Turn bad payloads and refusals into error acks; never let a traceback out."""

    leading = 1 if "sid" in inspect.signature(handler).parameters else 0  # see `lean`

    @functools.wraps(handler)
    def wrapper(*args):
        lead, sent = args[:leading], args[leading:]
        try:
            if len(sent) > 1:
                raise payloads.BadRequest("send one payload object")
            return handler(*lead, payloads.obj(sent[0] if sent else None))
        except payloads.BadRequest as bad:
            return error("bad_request", str(bad))
        except Refused as refused:
            return error(refused.code)
        except InvalidCommand as refused:
            return error(refused.code, refused.message)
        except Exception:  # a bug must cost one error ack, not the connection
            log.exception("socket handler %s", handler.__name__)
            return error("server_error")

    return wrapper


def _registry():
    return registry_of(current_app)


def _call(game_id, operation, **args):
    return authority.call(_registry(), game_id, operation, **args)


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
    game = gameinfo.by_pin(pin)
    if game is None or game.finished:
        # Someone guessing PINs: a few typos are normal, dozens a minute are not.
        if not allow(f"pin-miss:{address}", 30, 60):
            log.warning("PIN guessing from %s: too many unknown PINs", address)
            return error("rate_limited")
        log.info("unknown PIN %s from %s", pin, address)
        return error("unknown_pin")
    token = payload.get("token")
    if token:
        resumed = _resume(token, game.id)
        if resumed["ok"] or resumed["error"] != "invalid_token":
            return resumed
    if game.options.get("join_code"):
        typed = payload.get("code")
        if not typed:
            return error("join_code_required")
        if not code_valid(current_app.config["SECRET_KEY"], game.id, _registry().clock(), typed):
            return error("join_code_wrong")
    nickname = payloads.text(payload, "nickname", 100)
    school_text = payloads.text(payload, "school", 100, required=False).strip()
    class_name = payloads.text(payload, "class", 100, required=False).strip()
    policy = game.options.get("nickname_policy", "free")
    if policy == "generated":
        nickname = nicknames.generated_nickname()
    elif policy == "roster":
        try:
            nickname = nicknames.roster_name(nickname, game.options.get("roster", []))
        except nicknames.NotOnRoster:
            return error("not_on_roster")
    school = School.query.filter_by(code=school_text, active=True).first() if school_text \
        else None
    player_key = f"p-{secrets.token_hex(5)}"
    result = _call(game.id, "join", player_key=player_key, nickname=nickname,
                   school_name=school.name if school else school_text, class_name=class_name,
                   school_id=school.id if school else None)
    return _enter(game.id, player_key, result["state"])


def _enter(game_id, player_key, state):
    _registry().connections[request.sid] = Connection(game_id, player_key)
    join_room(rooms.players(game_id), namespace=PLAY)
    join_room(rooms.player(game_id, player_key), namespace=PLAY)
    return {"ok": True, "player_id": player_key, "game_id": game_id,
            "token": tokens.player_token(game_id, player_key), "state": state}


def _resume(token, expected_game=None):
    identity = tokens.read_player_token(token)
    if identity is None or (expected_game is not None and identity[0] != expected_game):
        return error("invalid_token")
    game_id, player_key = identity
    if gameinfo.by_id(game_id) is None:
        return error("unknown_game")
    try:
        result = _call(game_id, "resume", player_key=player_key)
    except Refused as refused:
        return error(refused.code)
    return _enter(game_id, player_key, result["state"])


@acked
def on_resume(payload):
    if not allow(f"resume:{request.sid}", 10, 10):
        return error("rate_limited")
    return _resume(payload.get("token"))


@acked
def on_answer(sid, payload):
    """Count an answer: the one event every phone sends, thousands a second in a big game.

    Registered with an app context only (see `lean`): Flask-SocketIO's request context per
    event opens the cookie session and matches the URL, 13-15 % of a worker's CPU while a
    10,000-phone question is open (docs/performance.md), and an answer needs neither.
    """
    connection = _registry().connections.get(sid)
    if connection is None:
        return error("not_joined")
    if not allow(f"answer:{sid}", 5, 1):
        return error("rate_limited")
    question_id = payloads.integer(payload, "question", 1, 2**31)
    fields = payloads.answer_fields(payload)
    result = _call(connection.game_id, "answer", player_key=connection.player_key,
                   question_id=question_id, fields=fields)
    return {"ok": True, "received_ms": result["received_ms"]}


# ---------------------------------------------------------------------------- /host
def on_host_connect(auth=None):
    if not can(current_user, "contests.run"):
        return False  # refuses the connection
    ticker.start(_registry())
    return True


def _hosted_game(payload):
    """Return the game of `game_id` if the signed-in user runs it (or is an admin)."""
    game = gameinfo.by_id(payloads.integer(payload, "game_id", 1, 2**31))
    if game is None:
        raise Refused("unknown_game")
    if not current_user.is_authenticated or (
            current_user.role != "admin" and current_user.id != game.host_id):
        raise Refused("forbidden")
    return game


@acked
def on_host_watch(payload):
    game = _hosted_game(payload)
    result = _call(game.id, "view", role="host")
    join_room(rooms.host(game.id), namespace=HOST)
    return {"ok": True, **result}


@acked
def on_host_find(payload):
    """Look players up by nickname (the console lists only the first HOST_PLAYER_ROWS)."""
    game = _hosted_game(payload)
    text = payloads.text(payload, "text", 100)
    return {"ok": True, **_call(game.id, "find", text=text)}


HOST_ARGUMENTS = {
    "add_time": lambda p: {"seconds": payloads.integer(p, "seconds", 1, 300)},
    "kick": lambda p: {"player_id": payloads.text(p, "player_id", 64)},
    "ban": lambda p: {"player_id": payloads.text(p, "player_id", 64)},
    "rename": lambda p: {"player_id": payloads.text(p, "player_id", 64),
                         "nickname": payloads.text(p, "nickname", 100)},
    "open_question": lambda p: {"question_id": payloads.integer(p, "question_id", 1, 2**31)},
}


@acked
def on_host_command(payload):
    game = _hosted_game(payload)
    name = payloads.text(payload, "name", 16)
    if name not in HOST_COMMANDS:
        raise payloads.BadRequest(f"unknown command '{name[:16]}'")
    args = HOST_ARGUMENTS.get(name, lambda p: {})(payload)
    return {"ok": True, **_call(game.id, "host_command", name=name, args=args)}


# ---------------------------------------------------------------------------- /screen
def on_screen_connect(auth=None):
    ticker.start(_registry())


@acked
def on_screen_watch(payload):
    game_id = payloads.integer(payload, "game_id", 1, 2**31)
    if not tokens.screen_key_valid(game_id, payload.get("key")):
        return error("forbidden")
    if gameinfo.by_id(game_id) is None:
        return error("unknown_game")
    result = _call(game_id, "view", role="screen")
    join_room(rooms.screen(game_id), namespace=SCREEN)
    return {"ok": True, "join_url": join_url(result["pin"]), **result}


def lean(server, app, namespace, handler):
    """Wrap `handler(sid, payload)` to run with an app context and no request context.

    The app is the one the connection came through, found as Flask-SocketIO finds it (tests
    run several apps on one Socket.IO object); `app` if the connection is gone.
    """

    @functools.wraps(handler)
    def run(sid, *sent):
        environ = server.get_environ(sid, namespace=namespace) or {}
        with environ.get("flask.app", app).app_context():
            return handler(sid, *sent)

    return run


def register(socketio, app) -> None:
    """Attach every handler to the Socket.IO server."""
    for event, handler in (("connect", on_play_connect), ("disconnect", on_play_disconnect),
                           ("join", on_join), ("resume", on_resume)):
        socketio.on_event(event, handler, namespace=PLAY)
    socketio.server.on("answer", lean(socketio.server, app, PLAY, on_answer), namespace=PLAY)
    for event, handler in (("connect", on_host_connect), ("watch", on_host_watch),
                           ("command", on_host_command), ("find", on_host_find)):
        socketio.on_event(event, handler, namespace=HOST)
    for event, handler in (("connect", on_screen_connect), ("watch", on_screen_watch)):
        socketio.on_event(event, handler, namespace=SCREEN)
