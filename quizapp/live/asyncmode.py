"""Prepare the process for the configured async mode (the one place that monkey-patches)."""

import warnings


def prepare(mode: str) -> None:
    """Monkey-patch the standard library for eventlet or gevent; nothing for threading."""
    if mode == "eventlet":
        with warnings.catch_warnings():
            # eventlet announces its maintenance status on import; we chose it knowingly.
            warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
            import eventlet
        eventlet.monkey_patch()
        _patch_psycopg2("eventlet")
    elif mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
        _patch_psycopg2("gevent")


def _patch_psycopg2(mode: str) -> None:
    """Make psycopg2 yield to the event loop while it waits on PostgreSQL, when installed."""
    try:
        if mode == "eventlet":
            from psycogreen.eventlet import patch_psycopg
        else:
            from psycogreen.gevent import patch_psycopg
    except ImportError:  # psycopg2 support is the optional "scale" extra
        return
    patch_psycopg()
