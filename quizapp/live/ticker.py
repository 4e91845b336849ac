"""The server's heartbeat: one background task per process runs every product's beat.

Each product (live games, the studio) registers what it does on a beat with `add_beat`; the
first socket connection starts the task. The transport knows nothing of what a beat does.
"""

import logging

from quizapp.extensions import socketio

log = logging.getLogger(__name__)
INTERVAL_S = 0.025
BEATS = "quizapp.beats"


def add_beat(app, beat, on_start=None) -> None:
    """Run `beat()` on every heartbeat of `app`, and `on_start(app)` once when it starts."""
    app.extensions.setdefault(BEATS, []).append((beat, on_start))


def start(app) -> None:
    """Start the heartbeat once per process (the first socket connection calls this).

    `app` may be Flask's `current_app`: the task outlives the request, so it takes the app itself.
    """
    app = getattr(app, "_get_current_object", lambda: app)()
    state = app.extensions.setdefault("quizapp.ticker", {"started": False})
    if state["started"] or not app.config["LIVE_TICKER"]:
        return
    state["started"] = True
    for _, on_start in app.extensions.get(BEATS, []):
        if on_start is not None:
            on_start(app)
    socketio.start_background_task(_run, app)


def _run(app) -> None:
    with app.app_context():
        while True:
            socketio.sleep(INTERVAL_S)
            beat(app)


def beat(app) -> None:
    """Run one heartbeat of every product (tests call it directly)."""
    for product_beat, _ in app.extensions.get(BEATS, []):
        try:
            product_beat()
        except Exception:  # one product's bad beat must not stop the others, or the next beat
            log.exception("heartbeat %s", getattr(product_beat, "__qualname__", product_beat))
