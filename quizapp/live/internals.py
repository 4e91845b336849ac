"""The library internals the transport relies on, each behind one function.

python-socketio and Flask-SocketIO offer no public way to do these; tests/live/
test_library_internals.py fails if a release changes what we rely on (the versions are pinned
to the tested range in pyproject.toml). manager.py subclasses the library's managers and is
the only other module that touches internals (its `rooms` map, `_publish` and `_listen`).
"""

import socketio


def environ_of(server, sid: str, namespace: str) -> dict:
    """Return the WSGI environ a Socket.IO connection was opened with ({} once it is gone)."""
    return server.get_environ(sid, namespace=namespace) or {}


def app_of_environ(environ: dict, default):
    """Return the Flask app Flask-SocketIO recorded in a connection's environ, or `default`."""
    return environ.get("flask.app") or default


def app_of_connection(server, sid: str, namespace: str, default):
    """Return the Flask app a Socket.IO connection came through (as Flask-SocketIO records it).

    Several apps may share one Socket.IO server (tests do); `default` if the client is gone.
    """
    return app_of_environ(environ_of(server, sid, namespace), default)


def connection_count(socketio) -> int:
    """Return how many Engine.IO clients are connected to this process."""
    server = getattr(socketio, "server", None)
    return len(server.eio.sockets) if server is not None else 0


class JsonPacket(socketio.packet.Packet):
    """A Socket.IO packet that is never binary: every message quizapp sends is JSON.

    The library's packet walks every payload, dict by dict, looking for bytes to send as
    attachments: 30 % of the time a reveal took to go out to 1,000 phones, and part of every
    ack (docs/performance.md, "Cost per phone"). Without that walk a payload with bytes in it
    fails to encode (TypeError) instead of being sent as attachments; none of ours has any.
    Packets that phones send are read as before.
    """

    uses_binary_events = False
