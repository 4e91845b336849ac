"""What live/manager.py and live/internals.py rely on inside python-socketio and Flask-SocketIO.

Each test names one internal; a release that changes it fails here, not in a game.
"""

import inspect

import socketio

from quizapp.extensions import socketio as app_socketio
from quizapp.live.internals import app_of_connection, connection_count


def test_a_manager_keeps_rooms_as_namespace_room_client_maps():
    manager = socketio.Manager()
    manager.set_server(socketio.Server())
    manager.basic_enter_room("sid1", "/play", "game-1", eio_sid="e1")
    assert "sid1" in manager.rooms["/play"]["game-1"]
    for name in ("basic_enter_room", "basic_leave_room", "basic_disconnect"):
        assert callable(getattr(socketio.Manager, name))


def test_the_redis_manager_publishes_and_listens_through_private_methods():
    assert list(inspect.signature(socketio.RedisManager._publish).parameters) == ["self", "data"]
    assert inspect.isgeneratorfunction(socketio.RedisManager._listen)
    # _publish_raw sends through the same connection, reconnecting as `_publish` does
    source = inspect.getsource(socketio.RedisManager._publish)
    assert "self.connected" in source and "self._redis_connect()" in source
    assert "self.redis.publish(self.channel" in source
    assert hasattr(socketio.RedisManager, "host_id") or "host_id" in inspect.getsource(
        socketio.PubSubManager.__init__)


def test_flask_socketio_records_the_app_of_each_connection(app):
    client = app_socketio.test_client(app, namespace="/play")
    sid = next(iter(app_socketio.server.manager.rooms["/play"][None]))
    assert app_of_connection(app_socketio.server, sid, "/play", None) is app
    assert app_of_connection(app_socketio.server, "gone", "/play", "fallback") == "fallback"
    client.disconnect(namespace="/play")


def test_engineio_keeps_its_connected_clients_in_a_dict(app):
    assert isinstance(app_socketio.server.eio.sockets, dict)
    assert connection_count(app_socketio) == len(app_socketio.server.eio.sockets)
