"""The real-time adapter between the pure engine and Socket.IO."""


def init_app(app, socketio) -> None:
    """Give `app` its game registry and attach the Socket.IO handlers."""
    from quizapp.live import namespaces
    from quizapp.live.registry import Registry

    app.extensions["quizapp.live"] = Registry(app)
    namespaces.register(socketio)
