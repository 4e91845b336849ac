"""WSGI entry point for a process manager: patches for the async mode first, then builds the app."""

import os

from quizapp.live.asyncmode import prepare

prepare(os.environ.get("QUIZAPP_ASYNC_MODE", "eventlet"))

from quizapp import create_app  # noqa: E402  (must follow the monkey-patching)

app = create_app()
