"""Socket.IO handlers for `/studio`: the MC, the judge, the keyboard, seats and screens.

A socket says who it is with `watch`: staff by their session (the episode's producer or an
admin), a contestant by the seat token of their link, the studio screen and the overlay by the
episode's studio key. Commands are checked against that role, validated, then applied by the
studio (studio.py). Acks are `{"ok": true, ...}` or `{"ok": false, "error": code, ...}`.
"""

from flask import current_app, request
from flask_login import current_user
from flask_socketio import join_room, leave_room

from quizapp.engine.show import (
    Buzz,
    SubmitOrder,
    TypeAnswer,
    contestant_view,
    public_view,
    staff_view,
)
from quizapp.engine.show.events import Buzzed, KeywordClaimed
from quizapp.extensions import db, socketio
from quizapp.gameshow import onair
from quizapp.gameshow.models import Episode
from quizapp.gameshow.service import may_staff, studio_key_accepted
from quizapp.gameshow.studio.shows import studio_of
from quizapp.gameshow.wire import ROLE_COMMANDS, order_of, seat_of
from quizapp.live import dispatch, payloads, rooms, ticker, tokens
from quizapp.live.handlers import Refused, acked, error
from quizapp.live.throttle import allow_connection

STUDIO = "/studio"
STAFF_ROLES = ("mc", "judge", "keys")
SCREEN_ROLES = ("screen", "overlay")
BUZZ_PER_SECOND = 5


def _studio():
    return studio_of(current_app)


def _live_show(episode_id: int):
    live = _studio().get(episode_id)
    if live is None:
        raise Refused("show_not_live")
    return live


def _identity():
    studio = _studio()
    known = studio.connections.get(request.sid)
    if known is not None and known[1] == "seat" and studio.seat_holds is not None \
            and not studio.seat_holds.holds(request.sid):
        studio.drop_seat(request.sid)  # taken over on another worker since the last beat
        known = None
    if known is None:
        raise Refused("not_watching")
    return known


def on_connect(auth=None):
    ticker.start(current_app)


def on_disconnect(*_):
    studio = _studio()
    studio.connections.pop(request.sid, None)
    studio.seat_devices.pop(request.sid, None)
    if studio.seat_holds is not None:
        studio.seat_holds.release(request.sid)


@acked
def on_watch(payload):
    """Join the episode's room for a role; return the role's view of the show."""
    role = payloads.text(payload, "role", 10)
    seat = None
    if role == "seat":
        found = tokens.read_seat_token(payload.get("token"))
        if found is None:
            return error("invalid_token")
        episode_id, seat, version = found
        episode = db.session.get(Episode, episode_id)
        if episode is not None and version != episode.link_version:
            return error("invalid_token")  # a link the producer has since rotated
        if episode is not None and tokens.link_expired(episode.finished_at):
            return error("link_expired")
        actor = f"seat:{seat}"
    else:
        episode_id = payloads.integer(payload, "episode_id", 1, 2**31)
        if role in SCREEN_ROLES:
            episode = db.session.get(Episode, episode_id)
            if episode is None or not studio_key_accepted(episode, payload.get("key")):
                return error("forbidden")
            if tokens.link_expired(episode.finished_at):
                return error("link_expired")
            actor = role
        elif role in STAFF_ROLES:
            episode = db.session.get(Episode, episode_id)
            if episode is None:
                return error("unknown_show")
            if not may_staff(current_user, episode, role):
                return error("forbidden")
            actor = f"{role}:{current_user.username}"
        else:
            raise payloads.BadRequest("'role' must be mc, judge, keys, seat, screen or overlay")
    live = _live_show(episode_id)
    show = live.show
    if seat is not None and not 1 <= seat <= len(show.seats):
        return error("invalid_token")
    if seat is not None:
        refused = _take_seat(episode_id, seat, payload)
        if refused:
            return refused
    _studio().connections[request.sid] = (episode_id, role, seat, actor)
    if role in STAFF_ROLES:
        join_room(rooms.show_staff(episode_id), namespace=STUDIO)
        state = staff_view(show)
    elif role in SCREEN_ROLES:
        join_room(rooms.show_public(episode_id), namespace=STUDIO)
        state = public_view(show)
    else:
        join_room(rooms.show_seat(episode_id, seat), namespace=STUDIO)
        state = contestant_view(show, seat)
    live.audience_sent_ms = 0  # the newcomer gets the audience block at the next beat
    return {"ok": True, "role": role, "seat": seat, "state": state,
            "server_ms": _studio().clock()}


def _take_seat(episode_id: int, seat: int, payload) -> dict | None:
    """Let this socket hold the seat; ask first when another device holds it (`seat_in_use`).

    With `take_over: true` the other device is told and loses the seat. The same device (its
    `device` id) reconnecting takes its seat back without asking.
    """
    studio = _studio()
    device = payloads.text(payload, "device", 64, required=False)
    holders = [sid for sid, (episode, role, held, _) in list(studio.connections.items())
               if sid != request.sid and role == "seat" and episode == episode_id and held == seat]
    others = [sid for sid in holders if not device or studio.seat_devices.get(sid) != device]
    # With several workers the seat may be held by a socket of another one (seats.py).
    remote = studio.seat_holds.holder(episode_id, seat) if studio.seat_holds else None
    if remote is not None and (remote.sid == request.sid or remote.sid in holders):
        remote = None
    if remote is not None and device and remote.device == device:
        remote = None  # the same phone, reconnected through another worker
    if (others or remote) and payload.get("take_over") is not True:
        return error("seat_in_use")
    for sid in holders:
        studio.connections.pop(sid, None)
        studio.seat_devices.pop(sid, None)
        leave_room(rooms.show_seat(episode_id, seat), sid=sid, namespace=STUDIO)
        if sid in others:
            dispatch.send_seat_taken_over(sid)
    if remote is not None:
        dispatch.send_seat_taken_over(remote.sid)  # through the message queue; its worker
        # drops the seat at its next beat, or at once if that socket sends anything
    if device:
        studio.seat_devices[request.sid] = device
    if studio.seat_holds is not None:
        studio.seat_holds.claim(episode_id, seat, request.sid, device)
    return None


@acked
def on_command(payload):
    episode_id, role, _, actor = _identity()
    commands = ROLE_COMMANDS.get(role)
    name = payloads.text(payload, "name", 20)
    if commands is None or name not in commands:
        return error("forbidden" if commands is None or any(
            name in c for c in ROLE_COMMANDS.values()) else "bad_request")
    command = commands[name](payload)
    record = {"name": name, **{k: v for k, v in payload.items() if k != "name"}}
    _studio().run(_live_show(episode_id), command, actor, record)
    return {"ok": True}


@acked
def on_buzz(payload):
    """A contestant's button, or the studio keyboard pressing for a seat.

    The press is stamped first, before any lock or query: the show judges it by that time,
    so waiting for the lock or the database never reorders two presses (docs/gameshow.md).
    """
    received = _studio().clock()
    # Let presses arriving just after this one be stamped by their own handlers before this
    # one blocks the event loop with the lock, the database and the send (about 30 ms): two
    # presses 3 ms apart then keep their true gap (bench/gameshow.py measures it).
    socketio.sleep(current_app.config["STUDIO_PRESS_WINDOW_MS"] / 1000)
    episode_id, role, seat, actor = _identity()
    if role == "keys":
        seat = seat_of(payload)
        actor = f"{actor}#{seat}"
    elif role != "seat":
        return error("forbidden")
    # The kept show: run() locks its row and catches up with other workers itself, so a press
    # does not pay for that check twice.
    live = _studio().shows.get(episode_id) or _live_show(episode_id)
    record = {"name": "buzz", "seat": seat, "at_ms": received}
    # Counted in this process (about 1 µs, never a switch to another task): a seat's presses
    # come from the one device holding it, on one worker, or from the keyboard page.
    if not allow_connection(f"seat:{episode_id}:{seat}", "buzz", BUZZ_PER_SECOND, 1):
        _studio().keep_refused(live, received, actor, record, "rate_limited")
        return error("rate_limited")
    events = _studio().run(live, Buzz(seat, received), actor, record)
    pressed = next(e for e in events if isinstance(e, (Buzzed, KeywordClaimed)))
    outcome = "won" if isinstance(pressed, KeywordClaimed) else pressed.outcome
    return {"ok": True, "won": outcome == "won", "outcome": outcome, "received_ms": received}


@acked
def on_type_answer(payload):
    episode_id, role, seat, actor = _identity()
    if role != "seat":
        return error("forbidden")
    text = payloads.text(payload, "text", 100)
    _studio().run(_live_show(episode_id), TypeAnswer(seat, text), actor,
                  {"name": "type_answer", "seat": seat, "text": text})
    return {"ok": True}


@acked
def on_submit_order(payload):
    """Fastest finger first: the seat's order of the shown items, `{"order": [2, 0, 3, 1]}`."""
    episode_id, role, seat, actor = _identity()
    if role != "seat":
        return error("forbidden")
    order = order_of(payload)
    _studio().run(_live_show(episode_id), SubmitOrder(seat, order), actor,
                  {"name": "submit_order", "seat": seat, "order": order})
    return {"ok": True}


@acked
def on_off_air(payload):
    """The MC (or the producer at the judge's desk) hides a viewer's nickname or a school from
    air, or puts it back: `{"kind": "player"|"school", "name": ..., "hidden": bool}`."""
    episode_id, role, _, actor = _identity()
    if role not in ("mc", "judge"):
        return error("forbidden")
    kind = payloads.text(payload, "kind", 10)
    if kind not in onair.KINDS:
        raise payloads.BadRequest("'kind' must be player or school")
    name = payloads.text(payload, "name", 200)
    hidden = payload.get("hidden", True)
    if not isinstance(hidden, bool):
        raise payloads.BadRequest("'hidden' must be true or false")
    live = _live_show(episode_id)
    onair.set_hidden(db.session.get(Episode, episode_id), kind, name, hidden)
    live.audience_sent_ms = 0  # the next beat sends the block without it
    live.audience_staff_state = None
    return {"ok": True, "kind": kind, "name": name, "hidden": hidden, "by": actor}


def register(socketio) -> None:
    for event, handler in (("connect", on_connect), ("disconnect", on_disconnect),
                           ("watch", on_watch), ("command", on_command), ("buzz", on_buzz),
                           ("type_answer", on_type_answer), ("submit_order", on_submit_order),
                           ("off_air", on_off_air)):
        socketio.on_event(event, handler, namespace=STUDIO)
