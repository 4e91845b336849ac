"""What the real-time layer reports about itself to the health check, without knowing products.

A product registers a probe returning a dict (e.g. the game registry: its worker id and
whether the message queue answers); `report` merges them.
"""

PROBES = "quizapp.status_probes"


def add_probe(app, probe) -> None:
    """Include `probe()` (a dict) in the app's real-time status."""
    app.extensions.setdefault(PROBES, []).append(probe)


def report(app) -> dict:
    """Return the merged status of every registered probe."""
    merged: dict = {}
    for probe in app.extensions.get(PROBES, []):
        merged.update(probe())
    return merged
