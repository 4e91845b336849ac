"""The server's heartbeat: store answer batches, fire deadlines, send coalesced updates."""

import logging

from quizapp.engine import InvalidCommand, Tick
from quizapp.extensions import socketio
from quizapp.live import dispatch, joincode
from quizapp.live.studio import studio_of

log = logging.getLogger(__name__)
INTERVAL_S = 0.025


def start(registry) -> None:
    """Start the heartbeat once per process (the first socket connection calls this)."""
    if getattr(registry, "ticker_started", False) or not registry.app.config.get(
            "LIVE_TICKER", True):
        return
    registry.ticker_started = True
    if registry.cluster is not None:
        registry.cluster.start(registry.app)
    socketio.start_background_task(_run, registry)


def _run(registry) -> None:
    with registry.app.app_context():
        while True:
            socketio.sleep(INTERVAL_S)
            try:
                beat(registry)
            except Exception:  # the heartbeat must survive any one bad beat
                log.exception("live ticker")


def beat(registry) -> None:
    """Do one heartbeat's work (tests call it directly)."""
    registry.writer.flush()
    studio_of(registry.app).beat()
    now = registry.clock()
    registry.gc_policy.beat(bool(registry.connections), now)
    for live in registry.due_games(now):
        try:
            registry.run(live, Tick())
        except InvalidCommand:
            continue
    secret = registry.app.config["SECRET_KEY"]
    for live in list(registry.games.values()):
        dispatch.flush_coalesced(live, now)
        if live.options.get("join_code") and joincode.window(now) != live.code_window:
            live.code_window = joincode.window(now)
            dispatch.send_join_code(live, joincode.join_code(secret, live.id, now),
                                    joincode.seconds_left(now))
