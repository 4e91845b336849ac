"""Per-command cost of the gameshow engine over whole episodes (no server, no views).

This is a benchmark, not a test. It plays the scripted episodes of the golden test
(tests/engine/show/episodes.py: every Olympia round with undo, corrections and show control,
and a Millionaire ladder) once to record their commands, then replays them ``--rounds`` times
on fresh shows and times each ``Show.handle`` call, refused commands included. A tick with
nothing due is timed separately (the studio's heartbeat sends one every few hundred ms).

    python bench/show_engine.py --rounds 20

Prints ONE JSON line: microseconds per command (min, median, p95, max) per episode, the
heartbeat tick's median, and the machine's load average.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from quizapp.engine.errors import InvalidCommand  # noqa: E402
from quizapp.engine.show import Tick  # noqa: E402
from tests.engine.show.episodes import EPISODES, play_episode  # noqa: E402


def replay(name: str, sent: list, rounds: int) -> list[float]:
    make, _ = EPISODES[name]
    timings = []
    for _ in range(rounds):
        show = make()
        for command, now in sent:
            start = time.perf_counter_ns()
            try:
                show.handle(command, now)
            except InvalidCommand:
                pass
            timings.append((time.perf_counter_ns() - start) / 1000)
    return timings


def idle_ticks(count: int) -> list[float]:
    make, _ = EPISODES["olympia"]
    show = make()
    timings = []
    for step in range(count):
        start = time.perf_counter_ns()
        show.handle(Tick(), 1_000 + step)
        timings.append((time.perf_counter_ns() - start) / 1000)
    return timings


def summary(timings: list[float]) -> dict:
    ordered = sorted(timings)
    return {"commands": len(ordered), "min_us": round(ordered[0], 1),
            "median_us": round(statistics.median(ordered), 1),
            "p95_us": round(ordered[int(len(ordered) * 0.95)], 1),
            "max_us": round(ordered[-1], 1), "mean_us": round(statistics.fmean(ordered), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="replays of each episode")
    args = parser.parse_args()
    result = {}
    for name in EPISODES:
        sent = play_episode(name).sent
        result[name] = summary(replay(name, sent, args.rounds))
    result["idle_tick"] = summary(idle_ticks(2000))
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
