"""A minimal Socket.IO client for the load generator: text events and acks over a websocket.

The generator shares the machine's two cores with the servers it measures, so what it spends
per message is taken from them. python-socketio's AsyncClient is complete (reconnection,
polling, binary attachments, a task per received message); a phone in the benchmark needs
none of that. This client speaks the same wire protocol (Engine.IO 4 over a websocket,
Socket.IO 5 text packets) and handles each message in its reader, with the same surface as the
AsyncClient calls the generator makes: `on`, `connect`, `call`, `disconnect`.

    Engine.IO:  0{open}  2 ping  3 pong  4<Socket.IO packet>
    Socket.IO:  0/ns,{..} connect   1/ns, disconnect   2/ns,ID["event",data] event
                3/ns,ID[reply] ack  4/ns,{..} connect error
"""

import asyncio
import itertools
import json
from urllib.parse import urlsplit

import aiohttp


class ConnectionError_(Exception):
    """The server refused the namespace or closed the connection."""


class LeanClient:
    def __init__(self, http_session: aiohttp.ClientSession):
        self.http = http_session
        self.ws = None
        self.connected = False
        self._handlers: dict[tuple[str, str], object] = {}
        self._pending: dict[int, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._namespace_ready: asyncio.Future | None = None
        self._reader: asyncio.Task | None = None

    def on(self, event: str, handler, namespace: str = "/") -> None:
        """Call `handler(*args)` for `event` (a plain function: it runs in the reader)."""
        self._handlers[(namespace, event)] = handler

    async def connect(self, url: str, namespaces=("/",), wait_timeout: float = 30,
                      headers=None, **_ignored) -> None:
        parts = urlsplit(url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws = await self.http.ws_connect(
            f"{scheme}://{parts.netloc}/socket.io/?EIO=4&transport=websocket",
            headers=headers, max_msg_size=0, timeout=aiohttp.ClientWSTimeout(ws_close=5))
        self.connected = True
        loop = asyncio.get_running_loop()
        self._reader = loop.create_task(self._read())
        for namespace in namespaces:  # the generator uses one
            self._namespace = namespace
            self._namespace_ready = loop.create_future()
            await self.ws.send_str(f"40{namespace},")
            await asyncio.wait_for(self._namespace_ready, wait_timeout)

    async def call(self, event: str, data, namespace: str = "/", timeout: float = 60):
        """Emit `event` and return the server's acknowledgement (TimeoutError if none)."""
        if not self.connected:
            raise ConnectionError_("not connected")
        ack_id = next(self._ids)
        loop = asyncio.get_running_loop()
        future = self._pending[ack_id] = loop.create_future()
        timer = loop.call_later(timeout, _expire, future)
        try:
            await self.ws.send_str(f"42{namespace},{ack_id}"
                                   + json.dumps([event, data], separators=(",", ":")))
            return await future
        finally:
            timer.cancel()
            self._pending.pop(ack_id, None)

    async def disconnect(self) -> None:
        if self.ws is None:
            return
        if self.connected and not self.ws.closed:
            try:
                await self.ws.send_str(f"41{self._namespace},")
            except (aiohttp.ClientError, ConnectionError):
                pass
        await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    # ------------------------------------------------------------------ reading
    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if message.type == aiohttp.WSMsgType.TEXT:
                    self._engineio(message.data)
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR):
                    break
        finally:
            was_connected, self.connected = self.connected, False
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(ConnectionError_("connection lost"))
            if self._namespace_ready is not None and not self._namespace_ready.done():
                self._namespace_ready.set_exception(ConnectionError_("connection lost"))
            handler = self._handlers.get((getattr(self, "_namespace", "/"), "disconnect"))
            if was_connected and handler is not None:
                handler()

    def _engineio(self, text: str) -> None:
        kind = text[:1]
        if kind == "4":
            self._socketio(text[1:])
        elif kind == "2":  # the server's ping
            asyncio.get_running_loop().create_task(self.ws.send_str("3" + text[1:]))
        elif kind == "1":
            asyncio.get_running_loop().create_task(self.ws.close())

    def _socketio(self, packet: str) -> None:
        kind, rest = packet[:1], packet[1:]
        namespace = "/"
        if rest.startswith("/"):
            namespace, _, rest = rest.partition(",")
        digits = 0
        while digits < len(rest) and rest[digits].isdigit():
            digits += 1
        ack_id = int(rest[:digits]) if digits else None
        data = json.loads(rest[digits:]) if rest[digits:] else None
        if kind == "2" and data:
            handler = self._handlers.get((namespace, data[0]))
            if handler is not None:
                handler(*data[1:])
        elif kind == "3" and ack_id is not None:
            future = self._pending.get(ack_id)
            if future is not None and not future.done():
                future.set_result(data[0] if len(data) == 1 else tuple(data))
        elif kind == "0" and self._namespace_ready is not None:
            if not self._namespace_ready.done():
                self._namespace_ready.set_result(data)
        elif kind == "4" and self._namespace_ready is not None:
            if not self._namespace_ready.done():
                self._namespace_ready.set_exception(ConnectionError_(f"refused: {data}"))
        elif kind == "1":
            asyncio.get_running_loop().create_task(self.ws.close())


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_exception(TimeoutError())
