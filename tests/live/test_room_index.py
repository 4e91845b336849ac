"""The indexed client managers keep exactly the rooms python-socketio's own would keep."""

import random

import socketio

from quizapp.extensions import socketio as app_socketio
from quizapp.live.manager import IndexedManager


def rooms_of(manager):
    return {ns: {room: dict(members) for room, members in rooms.items()}
            for ns, rooms in manager.rooms.items()}


def connect(manager, sid, namespace):
    manager.basic_enter_room(sid, namespace, None, eio_sid=f"e{sid}")
    manager.basic_enter_room(sid, namespace, sid, eio_sid=f"e{sid}")


def test_random_joins_leaves_and_disconnects_end_in_the_same_rooms():
    rng = random.Random(4)
    stock, indexed = socketio.Manager(), IndexedManager()
    connected = []
    for step in range(3000):
        action = rng.random()
        namespace = rng.choice(["/play", "/host"])
        if action < 0.3 or not connected:
            sid = f"s{step}"
            for manager in (stock, indexed):
                connect(manager, sid, namespace)
            connected.append((namespace, sid))
        elif action < 0.6:
            ns, sid = rng.choice(connected)
            room = f"g{rng.randrange(3)}:p{rng.randrange(5)}"
            for manager in (stock, indexed):
                manager.basic_enter_room(sid, ns, room)
        elif action < 0.75:
            ns, sid = rng.choice(connected)
            room = f"g{rng.randrange(3)}:p{rng.randrange(5)}"
            for manager in (stock, indexed):
                manager.basic_leave_room(sid, ns, room)
        else:
            ns, sid = connected.pop(rng.randrange(len(connected)))
            for manager in (stock, indexed):
                manager.basic_disconnect(sid, ns)
        assert rooms_of(indexed) == rooms_of(stock), step
    for ns, sid in connected:
        for manager in (stock, indexed):
            manager.basic_disconnect(sid, ns)
    assert rooms_of(indexed) == rooms_of(stock) == {}
    assert indexed._rooms_of == {}


class Watched(dict):
    """A namespace's room map that records every walk over all of it."""

    walks: list

    def copy(self):
        self.walks.append(len(self))
        return super().copy()

    def items(self):
        self.walks.append(len(self))
        return super().items()


def hall(manager, phones=2000):
    for n in range(phones):
        connect(manager, f"s{n}", "/play")
        manager.basic_enter_room(f"s{n}", "/play", f"g1:p:{n}")
        manager.basic_enter_room(f"s{n}", "/play", "g1:players")
    manager.rooms["/play"] = Watched(manager.rooms["/play"])
    manager.rooms["/play"].walks = []
    return manager.rooms["/play"]


def test_a_disconnect_does_not_walk_every_room_of_the_namespace():
    manager = IndexedManager()
    rooms = hall(manager)
    manager.basic_disconnect("s7", "/play")
    assert rooms.walks == []
    assert manager.rooms["/play"] is rooms
    assert "g1:p:7" not in rooms and "s7" not in rooms
    assert "s7" not in rooms["g1:players"] and len(rooms["g1:players"]) == 1999
    # python-socketio's own manager walks all 4,002 rooms for the same disconnect:
    stock = socketio.Manager()
    walked = hall(stock)
    stock.basic_disconnect("s7", "/play")
    assert walked.walks == [4002]


def test_the_app_uses_the_indexed_manager(app):
    assert isinstance(app_socketio.server.manager, IndexedManager)
