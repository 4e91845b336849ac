"""The base of every Socket.IO handler: validated payloads in, an ack out, never a traceback.

Acks are `{"ok": true, ...}` or `{"ok": false, "error": code, "message": text}` (docs/protocol.md).
"""

import functools
import inspect
import logging

from quizapp.engine import InvalidCommand
from quizapp.live import payloads
from quizapp.live.internals import app_of_connection
from quizapp.live.messages import MESSAGES

log = logging.getLogger(__name__)


class Refused(Exception):
    """A request refused by an adapter's own rules (the engine raises InvalidCommand)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def error(code: str, message: str | None = None) -> dict:
    """An error ack: the code, and its text in the connection's language when it is known."""
    text = MESSAGES.get(code)
    message = str(text) if text is not None else (message or code)
    return {"ok": False, "error": code, "message": message}


def acked(handler):
    """Turn bad payloads and refusals into error acks; never let a traceback out."""

    leading = 1 if "sid" in inspect.signature(handler).parameters else 0  # see `lean`

    @functools.wraps(handler)
    def wrapper(*args):
        lead, sent = args[:leading], args[leading:]
        try:
            if len(sent) > 1:
                raise payloads.BadRequest("send one payload object")
            return handler(*lead, payloads.obj(sent[0] if sent else None))
        except payloads.BadRequest as bad:
            return error("bad_request", str(bad))
        except Refused as refused:
            return error(refused.code)
        except InvalidCommand as refused:
            return error(refused.code, refused.message)
        except Exception:  # a bug must cost one error ack, not the connection
            log.exception("socket handler %s", handler.__name__)
            return error("server_error")

    return wrapper


def lean(server, app, namespace, handler):
    """Wrap `handler(sid, payload)` to run with an app context and no request context.

    The app is the one the connection came through, found as Flask-SocketIO finds it (tests
    run several apps on one Socket.IO object); `app` if the connection is gone.
    """

    @functools.wraps(handler)
    def run(sid, *sent):
        with app_of_connection(server, sid, namespace, app).app_context():
            return handler(sid, *sent)

    return run


