"""The studio: a gameshow episode on air, one locked database row per command.

Unlike live games (one in-memory owner per game), every worker may apply a studio command: the
episode row is the truth and is locked for each one (shows.py).
"""


def init_app(app, socketio) -> None:
    """Attach the /studio handlers and run the studio's deadlines on the heartbeat."""
    from quizapp.gameshow import caspar
    from quizapp.gameshow.studio import namespace
    from quizapp.gameshow.studio.shows import studio_of
    from quizapp.live import ticker

    ticker.add_beat(app, lambda: studio_of(app).beat())
    caspar.init_app(app)
    namespace.register(socketio)
