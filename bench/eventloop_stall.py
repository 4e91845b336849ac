"""How long does eventlet's loop stall while PostgreSQL works, with a cooperative driver or not?

Each run is a fresh process. "served" prepares the async mode exactly as `quizapp serve` does
(eventlet.monkey_patch(), which installs psycopg2's green wait callback, plus psycogreen's);
"blocking" monkey-patches everything but psycopg2, as a server whose driver blocks would be.
A greenlet wakes every 10 ms while `SELECT pg_sleep(1)` runs through the app's SQLAlchemy
engine; the longest gap between two wake-ups is the stall every other connection of the worker
would feel.

    python bench/eventloop_stall.py [--database postgresql://postgres@127.0.0.1:5432/test]

Prints one JSON line with the longest stall in ms of each.
"""

import argparse
import json
import subprocess
import sys

PROBE = r"""
import sys, time
if sys.argv[2] == "blocking":
    import eventlet
    eventlet.monkey_patch(psycopg=False)
else:
    from quizapp.live.asyncmode import prepare
    prepare("eventlet")
import eventlet
from sqlalchemy import text
from quizapp import create_app
from quizapp.extensions import db

app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "ASYNC_MODE": "eventlet"})
gaps = []

def heartbeat():
    last = time.monotonic()
    for _ in range(200):
        eventlet.sleep(0.01)
        now = time.monotonic()
        gaps.append(now - last)
        last = now

def database_work():
    with app.app_context():
        db.session.execute(text("SELECT pg_sleep(1)")).all()

beat = eventlet.spawn(heartbeat)
eventlet.sleep(0.05)
eventlet.spawn(database_work).wait()
beat.wait()
print(round(max(gaps) * 1000))
"""


def stall_ms(database: str, mode: str) -> int:
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", PROBE, database, mode],
                            capture_output=True, text=True, check=True, timeout=60)
    return int(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(json.dumps({"query": "SELECT pg_sleep(1)",
                      "max_stall_ms_as_served": stall_ms(args.database, "served"),
                      "max_stall_ms_blocking_driver": stall_ms(args.database, "blocking")}))


if __name__ == "__main__":
    main()
