"""Socket.IO handlers for `/play`, `/host` and `/screen` (docs/protocol.md).

Each handler validates its payload, applies the adapter's rules that need no game state
(rate limits, PIN, join code, nickname policy), and asks the game's owner to carry out the
request (authority.py). Acks are `{"ok": true, ...}` or `{"ok": false, "error": code,
"message": text}`, never a traceback.
"""

import logging
import secrets

from flask import current_app, request
from flask_login import current_user
from flask_socketio import join_room

from quizapp.contests import attribution
from quizapp.contests.live import authority, gameinfo, joincode, nicknames, tally
from quizapp.contests.live.joincode import code_valid
from quizapp.contests.live.links import join_url
from quizapp.contests.live.operations import HOST_COMMANDS
from quizapp.contests.live.registry import Connection, registry_of
from quizapp.core.permissions import can, owns
from quizapp.engine import InvalidCommand
from quizapp.extensions import socketio
from quizapp.live import dispatch, payloads, rooms, ticker, tokens
from quizapp.live.handlers import Refused, acked, error, lean
from quizapp.live.internals import app_of_environ, environ_of
from quizapp.live.throttle import allow, allow_connection, forget_connection
from quizapp.schools import rosters
from quizapp.schools.identity import clean_members

log = logging.getLogger(__name__)
PLAY, HOST, SCREEN = "/play", "/host", "/screen"


def _registry():
    return registry_of(current_app)


def _call(game_id, operation, **args):
    return authority.call(_registry(), game_id, operation, **args)


# ---------------------------------------------------------------------------- /play
def on_play_connect(sid, environ, auth=None):
    """Start the heartbeat with the first phone.

    Registered on the Socket.IO server itself, without Flask-SocketIO's request context: a
    phone's connection needs no cookie session, and a hall connecting at once paid for one
    per phone (docs/performance.md, "Cost per phone").
    """
    ticker.start(app_of_environ(environ, current_app))


def on_play_disconnect(sid, *_):
    _registry().connections.pop(sid, None)
    forget_connection(sid)


@acked
def on_join(sid, payload):
    """Add a phone to the game of a PIN: its one insert is batched with the answers.

    Registered with an app context only, like `on_answer`: a join needs no cookie session
    (docs/performance.md, "Cost per phone"). The client's address is the one the connection
    came from (after ProxyFix, which sits outside the Socket.IO middleware).
    """
    environ = environ_of(socketio.server, sid, PLAY)
    address = environ.get("REMOTE_ADDR") or "?"
    if not allow_connection(sid, "join", 10, 10) or \
            not allow(f"join-ip:{address}", 600, 60):
        return error("rate_limited")
    pin = payloads.text(payload, "pin", 6)
    if not (len(pin) == 6 and pin.isdigit()):
        raise payloads.BadRequest("'pin' must be 6 digits")
    game = _registry().pins.by_pin(pin)
    if game is None or game.finished:
        # Someone guessing PINs: a few typos are normal, dozens a minute are not.
        if not allow(f"pin-miss:{address}", 30, 60):
            log.warning("PIN guessing from %s: too many unknown PINs", address)
            return error("rate_limited")
        log.info("unknown PIN %s from %s", pin, address)
        return error("unknown_pin")
    token = payload.get("token")
    if token:  # a token of another game, or a forged one, is refused (docs/protocol.md)
        return _resume(sid, token, game.id)
    if game.options.get("join_code"):
        typed = payload.get("code")
        if not typed:
            return error("join_code_required")
        if not joincode.may_try(game.id, address):
            return error("rate_limited")
        if not code_valid(current_app.config["SECRET_KEY"], game.id, _registry().clock(), typed):
            joincode.record_wrong(game.id, address)
            return error("join_code_wrong")
    # With a roster entry the roster names the player. The length is the engine's rule
    # (nickname_empty, nickname_too_long after clean-up); this only bounds the payload.
    nickname = payloads.text(payload, "nickname", payloads.MAX_TEXT, required=False)
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
    scope = attribution.game_scope(game.options, game.school_id)
    school = attribution.attribute(
        game.id, scope, game.school_id, school_text,
        payloads.text(payload, "school_code", 32, required=False).strip(),
        payloads.text(payload, "school_link", 120, required=False).strip())
    record = school.record()
    if school.source == "picked" and not _claim_allowed(game, school, address):
        record["school_source"] = "capped"  # joins, but the claim will not count
    if payload.get("roster_entry") is not None:
        if school.source != "link":
            return error("no_roster")
        entry = rosters.roster_entry_of(school.school_id, payload.get("roster_entry"))
        if entry is None:
            return error("not_on_roster")
        if _roster_entry_in_game(game.id, entry.id):
            return error("roster_taken")
        nickname, class_name = rosters.roster_nickname(entry), entry.class_name
        record.update(school_source="roster", roster_entry_id=entry.id)
    if payload.get("members") is not None:
        try:
            record["group_members"] = clean_members(payload.get("members"))
        except ValueError as refused:
            return error(str(refused))
    elif payload.get("member_entries") is not None:  # a group chosen from the roster
        chosen = payload.get("member_entries")
        if school.source != "link":
            return error("no_roster")
        if not isinstance(chosen, list) or not 2 <= len(chosen) <= 6:
            return error("group_size")
        entries = [rosters.roster_entry_of(school.school_id, item) for item in chosen]
        if any(entry is None for entry in entries):
            return error("not_on_roster")
        if len({entry.id for entry in entries}) != len(entries):
            return error("group_duplicate")
        record["group_members"] = [{"roster_entry": e.id, "name": e.full_name}
                                   for e in entries]
        class_name = class_name or entries[0].class_name
    player_key = f"p-{secrets.token_hex(5)}"
    try:
        result = _call(game.id, "join", player_key=player_key, nickname=nickname,
                       school_name=school.school_name, class_name=class_name, record=record,
                       origin=dispatch.worker_address())
    except InvalidCommand as refused:
        if refused.code != "nickname_taken" or "roster_entry_id" not in record:
            raise
        # a namesake from another class is already in: the class tells them apart
        result = _call(game.id, "join", player_key=player_key,
                       nickname=f"{nickname[:40 - len(class_name) - 3]} ({class_name})",
                       school_name=school.school_name, class_name=class_name, record=record,
                       origin=dispatch.worker_address())
    tally.KNOWN.held(game.id, player_key, result.get("streak"))
    return _enter(sid, game.id, player_key, result["state"])


def _claim_allowed(game, school, address) -> bool:
    """Count a join claiming a school from the picker; False once a cap is reached.

    Caps: per address and per game (16.3). The host is alerted the first time one is hit,
    so fake viewers claiming a school are seen, and their claims never count.
    """
    config = current_app.config
    per_address = config.get("LIVE_CLAIMS_PER_ADDRESS", attribution.CLAIMS_PER_ADDRESS)
    per_game = config.get("LIVE_CLAIMS_PER_GAME", attribution.CLAIMS_PER_GAME)
    if allow(f"claim:{game.id}:{school.school_id}:{address}", per_address, 3 * 3600) and \
            allow(f"claim:{game.id}:{school.school_id}", per_game, 3 * 3600):
        return True
    if allow(f"claim-alert:{game.id}:{school.school_id}", 1, 600):
        log.warning("game %s: too many joins claiming school %s (last from %s)", game.id,
                    school.school_id, address)
        dispatch.send_host_alert(game.id, "school_claims_capped", {"school": school.school_name})
    return False


def _roster_entry_in_game(game_id, entry_id) -> bool:
    from quizapp.contests.models import Player

    return Player.query.filter_by(game_id=game_id, roster_entry_id=entry_id,
                                  kicked=False).first() is not None


@acked
def on_roster(payload):
    """The class list of the school a phone joins for: classes, or one class's pupils."""
    if not allow_connection(request.sid, "roster", 20, 10):
        return error("rate_limited")
    pin = payloads.text(payload, "pin", 6)
    game = gameinfo.by_pin(pin) if len(pin) == 6 and pin.isdigit() else None
    if game is None or game.finished:
        return error("unknown_pin")
    scope = attribution.game_scope(game.options, game.school_id)
    school = attribution.attribute(
        game.id, scope, game.school_id,
        link=payloads.text(payload, "school_link", 120, required=False).strip())
    if school.source != "link" or not rosters.has_roster(school.school_id):
        return error("no_roster")
    class_name = payloads.text(payload, "class", 40, required=False).strip()
    if not class_name:
        return {"ok": True, "school": school.school_name,
                "classes": rosters.roster_classes(school.school_id)}
    return {"ok": True, "school": school.school_name, "class": class_name,
            "pupils": rosters.roster_pupils(school.school_id, class_name)}


def _enter(sid, game_id, player_key, state):
    _registry().connections[sid] = Connection(game_id, player_key)
    socketio.server.enter_room(sid, rooms.players(game_id), namespace=PLAY)
    socketio.server.enter_room(sid, rooms.player(game_id, player_key), namespace=PLAY)
    return {"ok": True, "player_id": player_key, "game_id": game_id,
            "token": tokens.player_token(game_id, player_key), "state": state}


def _resume(sid, token, expected_game=None):
    identity = tokens.read_player_token(token)
    if identity is None or (expected_game is not None and identity[0] != expected_game):
        return error("invalid_token")
    game_id, player_key = identity
    info = gameinfo.by_id(game_id)
    if info is None:
        return error("unknown_game")
    if tokens.link_expired(info.finished_at):
        return error("link_expired")
    try:
        result = _call(game_id, "resume", player_key=player_key,
                       origin=dispatch.worker_address())
    except Refused as refused:
        return error(refused.code)
    tally.KNOWN.held(game_id, player_key, result.get("streak"))
    return _enter(sid, game_id, player_key, result["state"])


@acked
def on_resume(payload):
    if not allow_connection(request.sid, "resume", 10, 10):
        return error("rate_limited")
    return _resume(request.sid, payload.get("token"))


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
    if not allow_connection(sid, "answer", 5, 1):
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
    ticker.start(current_app)
    return True


def _hosted_game(payload):
    """Return the game of `game_id` if the signed-in user runs it (or is an admin)."""
    game = gameinfo.by_id(payloads.integer(payload, "game_id", 1, 2**31))
    if game is None:
        raise Refused("unknown_game")
    if not owns(current_user, game):
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
    "remove_choices": lambda p: {"question_id": payloads.integer(p, "question_id", 1, 2**31),
                                 "choices": payloads.int_list(p, "choices") or []},
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
    ticker.start(current_app)


@acked
def on_screen_watch(payload):
    game_id = payloads.integer(payload, "game_id", 1, 2**31)
    if not tokens.screen_key_valid(game_id, payload.get("key")):
        return error("forbidden")
    info = gameinfo.by_id(game_id)
    if info is None:
        return error("unknown_game")
    if tokens.link_expired(info.finished_at):
        return error("link_expired")
    result = _call(game_id, "view", role="screen")
    join_room(rooms.screen(game_id), namespace=SCREEN)
    return {"ok": True, "join_url": join_url(result["pin"]), **result}


EVENTS = {PLAY: ("join", "resume", "roster", "answer"), HOST: ("watch", "command", "find"),
          SCREEN: ("watch",)}


def _refuse_other_events(namespace: str):
    """Answer every event this namespace does not handle: `forbidden` for another role's event
    (a host command sent on /play), `bad_request` for one nobody knows. The server always
    answers (docs/protocol.md)."""
    others = {event for name, events in EVENTS.items() if name != namespace for event in events}

    def on_other_event(event, *_):
        return error("forbidden" if event in others else "bad_request")

    return on_other_event


def register(socketio, app) -> None:
    """Attach every handler to the Socket.IO server."""
    for namespace in EVENTS:
        socketio.on_event("*", _refuse_other_events(namespace), namespace=namespace)
    # The events every phone sends run without Flask-SocketIO's request context (see `lean`).
    socketio.server.on("connect", on_play_connect, namespace=PLAY)
    for event, handler in (("disconnect", on_play_disconnect), ("join", on_join),
                           ("answer", on_answer)):
        socketio.server.on(event, lean(socketio.server, app, PLAY, handler), namespace=PLAY)
    for event, handler in (("resume", on_resume), ("roster", on_roster)):
        socketio.on_event(event, handler, namespace=PLAY)
    for event, handler in (("connect", on_host_connect), ("watch", on_host_watch),
                           ("command", on_host_command), ("find", on_host_find)):
        socketio.on_event(event, handler, namespace=HOST)
    for event, handler in (("connect", on_screen_connect), ("watch", on_screen_watch)):
        socketio.on_event(event, handler, namespace=SCREEN)
