"""Keep Python's garbage collections away from a worker that is serving phones.

A worker holding thousands of sockets holds millions of long-lived objects, and a full
collection walks every one of them while the whole event loop waits: at 5,000 phones that was
0.8-1.0 s, every 1.5-3 s (measured, docs/performance.md). While phones are connected, the
heartbeat freezes what is alive (`gc.freeze()`: frozen objects are left out of collections;
it costs nothing) so collections only walk what was made since. Cyclic garbage frozen
meanwhile is kept until the worker has no phone left; then everything is unfrozen and the
next collections reclaim it.

Young collections are spaced out too while busy. Python starts one every 700 net new
containers; a reveal builds a row per phone and every socket's frames are containers, so at
10,000 phones that was about 7,000 young collections and 18-19 % of a worker's CPU in one game
(docs/performance.md, "Garbage collection spaced out"). The threshold counts containers still
alive, not all those made (reference counting frees most at once), so raising it to
BUSY_THRESHOLDS keeps at most that many more waiting for a collection: about ten megabytes.
"""

import gc
import time

FREEZE_EVERY_MS = 1000
BUSY_THRESHOLDS = (100_000, 50, 100)


class CollectionTimer:
    """How many collections this process ran and the CPU time they took (/healthz shows it,
    bench/live_game.py reports it per game)."""

    def __init__(self):
        self.collections = 0
        self.cpu_s = 0.0
        self._started = None

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.process_time()
        elif self._started is not None:
            self.cpu_s += time.process_time() - self._started
            self.collections += 1
            self._started = None

    def report(self) -> dict:
        return {"collections": self.collections, "cpu_s": round(self.cpu_s, 3)}


TIMER = CollectionTimer()


def time_collections() -> None:
    """Start timing this process's collections (once; the cost is two clock reads each)."""
    if TIMER not in gc.callbacks:
        gc.callbacks.append(TIMER)


class GcPolicy:
    """Whether this worker's live objects are frozen now, and since when."""

    def __init__(self):
        time_collections()
        self.frozen = False
        self.last_freeze_ms = 0
        self._idle_thresholds = None  # the thresholds to restore once quiet

    def beat(self, busy: bool, now_ms: int) -> None:
        """Called by the heartbeat; `busy` says whether this worker serves phones now."""
        if busy and now_ms - self.last_freeze_ms >= FREEZE_EVERY_MS:
            if self._idle_thresholds is None:
                self._idle_thresholds = gc.get_threshold()
                gc.set_threshold(*BUSY_THRESHOLDS)
            gc.freeze()
            self.frozen, self.last_freeze_ms = True, now_ms
        elif not busy and self.frozen:
            gc.unfreeze()
            self.frozen = False
            if self._idle_thresholds is not None:
                gc.set_threshold(*self._idle_thresholds)
                self._idle_thresholds = None
