"""Live games: the adapter between the pure engine's Game and the real-time transport.

One process owns each game (its registry holds the engine state); with a message queue,
cluster.py shares the games between workers through leases and forwarded requests.
"""


def init_app(app, socketio) -> None:
    """Give `app` its game registry, its heartbeat and the /play, /host, /screen handlers."""
    from quizapp.contests.live import heartbeat, namespaces
    from quizapp.contests.live.registry import Registry
    from quizapp.live import status, ticker

    registry = Registry(app)
    app.extensions["quizapp.live"] = registry
    queue = app.config.get("MESSAGE_QUEUE")
    if queue and queue.startswith(("redis://", "rediss://")):
        from quizapp.contests.live.cluster import Cluster
        from quizapp.contests.live.tally import Tallies, enabled

        registry.cluster = Cluster(registry, queue)
        if enabled(app):
            registry.tallies = Tallies(registry)
    ticker.add_beat(app, lambda: heartbeat.beat(registry),
                    on_start=registry.cluster.start if registry.cluster else None)
    status.add_probe(app, registry.status)
    namespaces.register(socketio, app)
