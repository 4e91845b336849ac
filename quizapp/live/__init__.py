"""The real-time adapter between the pure engine and Socket.IO."""


def init_app(app, socketio) -> None:
    """Give `app` its game registry and attach the Socket.IO handlers."""
    from quizapp.live import namespaces, studio_namespace
    from quizapp.live.registry import Registry

    registry = Registry(app)
    app.extensions["quizapp.live"] = registry
    queue = app.config.get("MESSAGE_QUEUE")
    if queue and queue.startswith(("redis://", "rediss://")):
        from quizapp.live.cluster import Cluster

        registry.cluster = Cluster(registry, queue)
    namespaces.register(socketio, app)
    studio_namespace.register(socketio)
