"""The CasparCG bridge: pushes the feed's fields to a CasparCG server as templateData over AMCP.

On (re)connecting it sends ``CG <channel>-<layer> ADD <flash layer> "<template>" 1 "<json>"``
(load and play the HTML template with the show's fields), then ``CG … UPDATE …`` whenever a
field changes. It runs as its own background task, started with the studio's heartbeat: a slow
or absent CasparCG server never holds up a command of the show. After a failure it waits
(1, 2, 5, then every 10 s) and reconnects, loading the template again with the latest fields.
Settings: docs/broadcast.md (QUIZAPP_CASPARCG_*).
"""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger(__name__)
DEFAULT_PORT = 5250
RETRY_S = (1, 2, 5, 10)
PUSH_INTERVAL_S = 0.1
TIMEOUT_S = 2.0
CHANNEL_LAYER = re.compile(r"^(\d{1,3})-(\d{1,5})$")
TEMPLATE = re.compile(r"^[\w./ -]{1,200}$")


class AmcpError(Exception):
    """The server refused a command, or the connection failed."""


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    channel: int
    layer: int
    flash_layer: int
    template: str
    episode_id: int | None


def target_from(config) -> Target | None:
    """The configured CasparCG server, or None when QUIZAPP_CASPARCG_URL is unset.

    Raises ValueError naming the setting at fault, so a typo stops the server at start.
    """
    url = (config.get("CASPARCG_URL") or "").strip()
    if not url:
        return None
    parts = urlsplit(url if "://" in url else f"tcp://{url}")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        port = None
    if parts.scheme != "tcp" or not parts.hostname or not port or parts.path not in ("", "/"):
        raise ValueError(f"QUIZAPP_CASPARCG_URL: expected host:port or tcp://host:port, "
                         f"got {url!r}")
    match = CHANNEL_LAYER.match(str(config.get("CASPARCG_CHANNEL_LAYER", "")).strip())
    if not match:
        raise ValueError("QUIZAPP_CASPARCG_CHANNEL_LAYER: expected <channel>-<layer>, e.g. 1-20")
    flash = str(config.get("CASPARCG_FLASH_LAYER", "")).strip()
    if not flash.isdigit() or len(flash) > 5:
        raise ValueError("QUIZAPP_CASPARCG_FLASH_LAYER: expected a whole number, e.g. 1")
    template = str(config.get("CASPARCG_TEMPLATE", "")).strip()
    if not TEMPLATE.match(template) or '"' in template or ".." in template:
        raise ValueError("QUIZAPP_CASPARCG_TEMPLATE: a template name in CasparCG's templates "
                         "folder, e.g. quizapp/quizapp")
    episode = str(config.get("CASPARCG_EPISODE") or "").strip()
    if episode and not episode.isdigit():
        raise ValueError("QUIZAPP_CASPARCG_EPISODE: an episode number, or empty for the one "
                         "on air")
    return Target(parts.hostname, port, int(match[1]), int(match[2]), int(flash), template,
                  int(episode) if episode else None)


def quote(text: str) -> str:
    """An AMCP string parameter: in double quotes, with backslashes and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def template_data(values: dict[str, str]) -> str:
    # One line: the JSON's own escapes keep newlines out of the AMCP command.
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


class Connection:
    """One AMCP connection: a command is a line ending in CRLF, answered by a status line."""

    def __init__(self, host: str, port: int, timeout_s: float) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout_s)
        self.reader = self.sock.makefile("rb")

    def call(self, command: str) -> str:
        self.sock.sendall(command.encode("utf-8") + b"\r\n")
        status = self._line()
        code = status[:3]
        if code == "201":  # one line of data follows
            self._line()
        elif code == "200":  # lines of data until an empty one
            while self._line():
                pass
        if not code.startswith("2"):
            raise AmcpError(f"{command.split(' ', 3)[:3]}: {status}")
        return status

    def _line(self) -> str:
        raw = self.reader.readline(65536)
        if not raw:
            raise AmcpError("the CasparCG server closed the connection")
        return raw.decode("utf-8", "replace").rstrip("\r\n")

    def close(self) -> None:
        for closing in (self.reader.close, self.sock.close):
            try:
                closing()
            except OSError:
                pass


class Bridge:
    """Keeps one CasparCG layer showing the latest fields; ``push`` does one step of that."""

    def __init__(self, target: Target, timeout_s: float = TIMEOUT_S) -> None:
        self.target, self.timeout_s = target, timeout_s
        self.conn: Connection | None = None
        self.on_layer: tuple[int, str] | None = None  # (episode, data) the layer shows
        self.failures = 0
        self.retry_at = 0.0
        self.last_error = ""
        self.final_sent: int | None = None  # the finished episode whose last state was pushed

    @property
    def layer(self) -> str:
        return f"{self.target.channel}-{self.target.layer}"

    def push(self, episode_id: int, values: dict[str, str], now_s: float) -> str | None:
        """Send what changed: the verb sent (``ADD``/``UPDATE``), or None if nothing was."""
        data = template_data(values)
        if self.on_layer == (episode_id, data):
            return None
        if now_s < self.retry_at:
            return None
        try:
            if self.conn is None:
                self.conn = Connection(self.target.host, self.target.port, self.timeout_s)
                self.on_layer = None  # a new connection may be a restarted server: load again
            if self.on_layer is None or self.on_layer[0] != episode_id:
                command = (f"CG {self.layer} ADD {self.target.flash_layer} "
                           f"{quote(self.target.template)} 1 {quote(data)}")
            else:
                command = f"CG {self.layer} UPDATE {self.target.flash_layer} {quote(data)}"
            self.conn.call(command)
        except (OSError, AmcpError) as error:
            self._failed(error, now_s)
            return None
        self.on_layer, self.failures, self.last_error = (episode_id, data), 0, ""
        return command.split(" ", 3)[2]

    def _failed(self, error: Exception, now_s: float) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn, self.on_layer = None, None
        self.retry_at = now_s + RETRY_S[min(self.failures, len(RETRY_S) - 1)]
        self.failures += 1
        self.last_error = str(error)
        log.warning("CasparCG %s:%s: %s (retry in %ss)", self.target.host, self.target.port,
                    error, RETRY_S[min(self.failures - 1, len(RETRY_S) - 1)])

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn, self.on_layer = None, None


def on_air(app) -> tuple[int, dict[str, str], bool] | None:
    """The episode to put on the layer and its feed fields, or None when there is nothing new.

    The configured episode, or else the real episode most recently put on air (a rehearsal
    only when configured by number, so a rehearsal never reaches the air by itself). A show
    that has just finished leaves the studio at once: its final state (the winners) is pushed
    once from its stored row.
    """
    from sqlalchemy import select

    from quizapp.contests.live.registry import registry_of
    from quizapp.engine.show import public_view
    from quizapp.extensions import db
    from quizapp.gameshow import feed
    from quizapp.gameshow.models import Episode
    from quizapp.gameshow.studio.shows import studio_of

    bridge = bridge_of(app)
    now = registry_of(app).clock()
    episode_id = bridge.target.episode_id
    if episode_id is None:
        episode_id = db.session.execute(
            select(Episode.id).where(Episode.status == "live", Episode.rehearsal_of_id.is_(None))
            .order_by(Episode.started_at.desc(), Episode.id.desc()).limit(1)).scalar()
    live = studio_of(app).get(episode_id) if episode_id is not None else None
    if live is not None:
        return episode_id, feed.fields(public_view(live.show), live.audience_state, now), False
    ended = episode_id if episode_id is not None else bridge.on_layer and bridge.on_layer[0]
    if not ended or bridge.final_sent == ended:
        return None
    row = db.session.get(Episode, ended)
    if row is None or row.status != "finished" or row.snapshot is None:
        return None
    return ended, feed.fields(public_view(row.show()), None, now), True


def push_once(app, now_s: float) -> str | None:
    """One step of the bridge (the background task's loop body; tests call it directly)."""
    found = on_air(app)
    if found is None:
        return None
    episode_id, values, final = found
    bridge = bridge_of(app)
    sent = bridge.push(episode_id, values, now_s)
    if final and bridge.on_layer == (episode_id, template_data(values)):
        bridge.final_sent = episode_id  # on the layer: no need to read the row again
    return sent


def bridge_of(app) -> Bridge:
    return app.extensions["quizapp.caspar"]


def _run(app, sleep: Callable[[float], None], clock: Callable[[], float]) -> None:
    from quizapp.extensions import db

    with app.app_context():
        while True:
            try:
                push_once(app, clock())
            except Exception:  # a bad step must not end the bridge: the next one tries again
                log.exception("CasparCG bridge")
            finally:
                db.session.remove()
            sleep(PUSH_INTERVAL_S)


def _start(app) -> None:
    import time

    from quizapp.extensions import socketio

    socketio.start_background_task(_run, app, socketio.sleep, time.monotonic)


def init_app(app) -> None:
    """Start the bridge with the heartbeat when QUIZAPP_CASPARCG_URL is set."""
    from quizapp.live import ticker

    target = target_from(app.config)
    if target is None:
        return
    app.extensions["quizapp.caspar"] = Bridge(target)
    # Only the heartbeat's start is needed: the bridge's own task pushes, so a slow CasparCG
    # never delays a beat (deadlines, audience refreshes) of the studio.
    ticker.add_beat(app, lambda: None, on_start=_start)
