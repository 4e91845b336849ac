"""The one place that emits (DESIGN rule 3): engine events become Socket.IO messages.

What a phone or a screen receives is always built by the engine's role views, sent to a room.
Phase changes go out at once; joins and answer counts only mark the host console and the big
screen as stale, and `flush_coalesced` sends them at most a few times a second.
"""

from quizapp.engine import (
    AnswerCountChanged,
    ChoicesRemoved,
    GameFinished,
    GameStarted,
    LeaderboardShown,
    Paused,
    PlayerJoined,
    PlayerKicked,
    PlayerRenamed,
    QuestionClosed,
    QuestionOpened,
    QuestionPreviewed,
    Resumed,
    Revealed,
    TimeAdded,
    host_view,
    me_block,
    me_rows,
    player_view,
    screen_view,
)
from quizapp.extensions import socketio
from quizapp.live import rooms
from quizapp.live.manager import IndexedRooms, register_builder
from quizapp.live.messages import MESSAGES

PLAY, HOST, SCREEN = "/play", "/host", "/screen"
PHASE_EVENT = {"lobby": "lobby", "preview": "question", "open": "question", "closed": "closed",
               "revealed": "reveal", "leaderboard": "leaderboard", "finished": "game_over"}
# Events that change what every phone shows.
PLAYER_STATE_EVENTS = (GameStarted, QuestionPreviewed, QuestionOpened, QuestionClosed, Revealed,
                       LeaderboardShown, GameFinished, Paused, Resumed, TimeAdded)
# Events that only the host console and the big screen need to hear about (coalesced).
SCREEN_EVENTS = (PlayerJoined, PlayerKicked, PlayerRenamed, AnswerCountChanged)
# Phases in which each phone's own block (points, total, rank) changed.
PERSONAL_PHASES = {"revealed", "leaderboard", "finished"}
COALESCE_MS = 250
COALESCE_MAX_MS = 1000
# The lobby's count goes to every phone: each refresh is one message per phone. Its pace is a
# budget of messages per second, not of refreshes, so a hall joining slowly (a busy server)
# does not pay the whole room again every second it takes: 2.5 ms per player between
# refreshes (400 lobby messages a second up to 4,000 phones), never faster than COALESCE_MS,
# and never more than LOBBY_MAX_MS apart while the count changes.
LOBBY_MS_PER_PLAYER = 2.5
LOBBY_MAX_MS = 10_000
BIG_GAME = 200  # players; above this the host console is refreshed by the ticker only


def publish(live, events, now_ms: int) -> None:
    """Send what `events` changed to the rooms that must see it."""
    if any(isinstance(event, PLAYER_STATE_EVENTS) or on_phones_now(event) for event in events):
        live.players_dirty = False  # the phase change carries the player count too
        send_player_state(live, now_ms)
        send_screen(live, now_ms)
        # Let the sockets' writers send the phones their question before anything else runs.
        socketio.sleep(0)
        if live.engine.active_count <= BIG_GAME:
            send_host(live, now_ms)
        else:
            live.host_dirty = True  # a big game's console state is heavy: the ticker sends it
    elif any(isinstance(event, SCREEN_EVENTS) for event in events):
        live.host_dirty = live.screen_dirty = True
        # Phones in the lobby show how many have joined; during a question they don't need it.
        live.players_dirty = live.engine.phase.value == "lobby"
    for event in events:
        if isinstance(event, PlayerKicked):
            socketio.emit("kicked", {"error": "kicked_by_host",
                                     "message": str(MESSAGES["kicked_by_host"])},
                          to=rooms.player(live.id, event.player_id), namespace=PLAY)
        elif isinstance(event, PlayerRenamed):
            send_personal_state(live, event.player_id, now_ms)


def on_phones_now(event) -> bool:
    """Choices taken from the question the phones show (a show's 50:50): they leave it now."""
    return isinstance(event, ChoicesRemoved) and event.on_air


def send_player_state(live, now_ms: int) -> None:
    """The shared part to the players' room (encoded once), then each phone its own block.

    After a reveal the shared part (the answer, the counts) goes on the wire before the
    personal blocks are built, so every phone shows the answer at the same moment; its own
    points follow in a small `me` message.
    """
    engine = live.engine
    phase = engine.phase.value
    socketio.emit(PHASE_EVENT[phase], player_view(engine, None, now_ms),
                  to=rooms.players(live.id), namespace=PLAY)
    if phase in PERSONAL_PHASES:
        socketio.sleep(0)  # let the sockets' writers send the shared part first
        send_me_blocks(live)


def send_me_blocks(live) -> None:
    """Send every phone its own `me` block, built by the process that holds the phone.

    The owner computes the compact rows (ranks need everyone's score) and splits them by the
    worker each phone joined or resumed through (`live.holders`); a phone whose worker it
    does not know (after the game changed owner) is in the share every worker looks at.
    A block equal to the one the phone was sent earlier in the same question is not sent again
    (`live.me_sent`): the leaderboard's blocks are the reveal's unless the host renamed
    someone in between.
    """
    shares: dict = {}
    holders, run = live.holders, live.engine.run
    rows = me_rows(live.engine)
    # A phone keeps its last block, and reads its result only from a block sent during the
    # same question: the leaderboard's rows are the reveal's unless someone was renamed.
    sent = live.me_sent[1] if live.me_sent[0] is run and run is not None else {}
    live.me_sent = (run, rows)
    for key, row in rows.items():
        if sent.get(key) != row:
            shares.setdefault(holders.get(key), {})[key] = row
    manager = socketio.server.manager
    if isinstance(manager, IndexedRooms):
        manager.emit_built("me", PLAY, ME_BUILDER,
                           {worker: {"game": live.id, "rows": rows}
                            for worker, rows in shares.items()})
        return
    for rows in shares.values():  # a message queue other than Redis
        for key, row in rows.items():
            socketio.emit("me", me_block(key, row), to=rooms.player(live.id, key),
                          namespace=PLAY)


def build_me_blocks(data: dict, rooms_here: dict) -> dict:
    """Turn a share of the owner's rows into the `me` blocks of the phones in this process."""
    game = data["game"]
    payloads = {}
    for key, row in data["rows"].items():
        room = rooms.player(game, key)
        if room in rooms_here:
            payloads[room] = me_block(key, row)
    return payloads


ME_BUILDER = "me"
register_builder(ME_BUILDER, build_me_blocks)


def send_worker_clock(builder: str, data: dict) -> None:
    """Tell every worker (this one too) a game's clock; what a worker does with it is the
    builder registered under `builder` (contests/live/tally.py). No phone receives it."""
    manager = socketio.server.manager
    if isinstance(manager, IndexedRooms):
        manager.emit_built(builder, PLAY, builder, {None: data})


def worker_address() -> str | None:
    """This process's address for `send_me_blocks` (None with one process)."""
    return getattr(socketio.server.manager, "host_id", None)


def send_personal_state(live, player_key: str, now_ms: int) -> None:
    """Send one phone its whole state (after a rename)."""
    state = player_view(live.engine, player_key, now_ms)
    socketio.emit(PHASE_EVENT[state["phase"]], state, to=rooms.player(live.id, player_key),
                  namespace=PLAY)


def send_screen(live, now_ms: int) -> None:
    live.screen_dirty = False
    socketio.emit("state", screen_view(live.engine, now_ms), to=rooms.screen(live.id),
                  namespace=SCREEN)


def send_host(live, now_ms: int) -> None:
    live.host_dirty = False
    socketio.emit("state", host_view(live.engine, now_ms), to=rooms.host(live.id),
                  namespace=HOST)


def send_host_alert(game_id: int, code: str, details: dict) -> None:
    """Warn the host console of something to look at (e.g. fake viewers claiming a school)."""
    socketio.emit("alert", {"code": code, **details}, to=rooms.host(game_id), namespace=HOST)


def send_join_code(live, code: str, seconds_left: int) -> None:
    """Show the second join step's new code on the big screen (and the host console)."""
    payload = {"join_code": code, "seconds_left": seconds_left}
    socketio.emit("join_code", payload, to=rooms.screen(live.id), namespace=SCREEN)
    socketio.emit("join_code", payload, to=rooms.host(live.id), namespace=HOST)


def flush_coalesced(live, now_ms: int) -> None:
    """Send the stale host, screen and lobby states.

    The host console and the big screen are one recipient each: at most every COALESCE_MS,
    and once a second in a game of 4,000 players or more, since every answer marks them
    stale. The lobby's count goes to every phone, so its pace slows with the players
    (`lobby_interval_ms`: 100 players every 250 ms, 2,000 every 5 s, 4,000 and more every 10 s).
    """
    players = live.engine.active_count
    if (live.host_dirty or live.screen_dirty) and now_ms - live.last_coalesced_ms >= min(
            COALESCE_MAX_MS, max(COALESCE_MS, players // 4)):
        live.last_coalesced_ms = now_ms
        if live.screen_dirty:
            send_screen(live, now_ms)
        if live.host_dirty:
            send_host(live, now_ms)
    if live.players_dirty and now_ms - live.last_lobby_ms >= lobby_interval_ms(players):
        live.last_lobby_ms = now_ms
        live.players_dirty = False
        if live.engine.phase.value == "lobby":
            socketio.emit("lobby", player_view(live.engine, None, now_ms),
                          to=rooms.players(live.id), namespace=PLAY)


def lobby_interval_ms(players: int) -> int:
    """How long the lobby's count waits after a refresh (see LOBBY_MS_PER_PLAYER)."""
    return int(min(LOBBY_MAX_MS, max(COALESCE_MS, players * LOBBY_MS_PER_PLAYER)))


# ---------------------------------------------------------------------------- /studio
STUDIO = "/studio"


def publish_show(live_show, events) -> None:
    """Send every studio role its view of the show, and the sound cues the events play."""
    from quizapp.engine.show import contestant_view, public_view, staff_view

    show, episode = live_show.show, live_show.episode_id
    socketio.emit("state", staff_view(show), to=rooms.show_staff(episode), namespace=STUDIO)
    socketio.emit("state", public_view(show), to=rooms.show_public(episode), namespace=STUDIO)
    for seat in show.seats:
        socketio.emit("state", contestant_view(show, seat.seat),
                      to=rooms.show_seat(episode, seat.seat), namespace=STUDIO)
    for cue in dict.fromkeys(event.cue for event in events if event.cue):
        for room in (rooms.show_staff(episode), rooms.show_public(episode)):
            socketio.emit("cue", {"name": cue}, to=room, namespace=STUDIO)


def send_show_audience(live_show, state: dict, staff_state: dict | None = None) -> None:
    """Send the audience block (players, leaderboard, schools, poll): `state` to the screens
    and overlay (what may go on air), `staff_state` (every entry, marked) to the staff."""
    socketio.emit("audience", staff_state or state, to=rooms.show_staff(live_show.episode_id),
                  namespace=STUDIO)
    socketio.emit("audience", state, to=rooms.show_public(live_show.episode_id),
                  namespace=STUDIO)


def send_seat_taken_over(sid: str) -> None:
    """Tell a seat's earlier device that another device took its seat over."""
    socketio.emit("seat_taken_over", {"error": "seat_taken_over"}, to=sid, namespace=STUDIO)
