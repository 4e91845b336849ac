"""A real quizapp server in a subprocess, for browser and recovery tests."""

import hashlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.parse
import urllib.request
from pathlib import Path

ADMIN_PASSWORD = "e2e-admin-password"
MONITORING_TOKEN = "live-test-monitor"

# The frame of LiveServer.run_in_app: the app, its context, the shipped bank, the admin account.
IN_APP = """
import json
from quizapp import create_app
from quizapp.accounts.models import User
from quizapp.bank.models import Question
from quizapp.bank.service import load_shipped_bank

values = json.loads(VALUES)
app = create_app({"ASYNC_MODE": "threading"})
with app.app_context():
    if Question.query.count() == 0:
        load_shipped_bank()
    admin = User.query.filter_by(username="admin").one()
"""


def wait_for(condition, seconds=15.0):
    """Poll `condition` until it holds; fail the test after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """`quizapp serve` on its own SQLite database (or QUIZAPP_TEST_DATABASE_URL), with an admin."""

    def __init__(self, workdir: Path, database_url: str | None = None,
                 message_queue: str | None = None):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "QUIZAPP_DATABASE_URL": database_url or f"sqlite:///{workdir / 'live.sqlite3'}",
            "QUIZAPP_SECRET_KEY": "live-test-secret",
            "QUIZAPP_PUBLIC_URL": self.url,
            "QUIZAPP_ASYNC_MODE": "eventlet",
            "QUIZAPP_MONITORING_TOKEN": MONITORING_TOKEN,
        }
        if message_queue:
            self.env["QUIZAPP_MESSAGE_QUEUE"] = message_queue
        self.process = None
        self.log = None

    def command(self, *args):
        return subprocess.run([sys.executable, "-m", "quizapp", *args], env=self.env,
                              check=True, capture_output=True, text=True)

    def python(self, code: str) -> str:
        """Run `code` in a fresh process with the server's settings; return its stdout."""
        result = subprocess.run([sys.executable, "-c", code], env=self.env, check=True,
                                capture_output=True, text=True)
        return result.stdout

    def run_in_app(self, body: str, **values):
        """Run `body` like `python`, inside the app's context with the shipped bank loaded.

        The body sees `app`, `admin` (the admin account), `json` and `values` (the keyword
        arguments, through JSON) and sets `result`, which is returned through JSON.
        """
        code = (IN_APP.replace("VALUES", repr(json.dumps(values, ensure_ascii=False)))
                + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
                + "\n    print(json.dumps(result))\n")
        return json.loads(self.python(code).strip().splitlines()[-1])

    def setup(self):
        self.command("init")
        self.command("users", "create", "admin", "--role", "admin", "--password", ADMIN_PASSWORD)
        return self

    def start(self):
        self.log = open(self.workdir / f"server-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quizapp", "serve", "--host", "127.0.0.1",
             "--port", str(self.port)], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90  # a loaded CI machine can take this long
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()  # a server that never answered is not left running after the test
        raise RuntimeError(f"server did not start; see {self.log.name}")

    def kill(self):
        """Kill the server abruptly (SIGKILL: no clean shutdown, like a crash)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.log.close()

    def health(self) -> dict:
        request = urllib.request.Request(f"{self.url}/healthz", headers={
            "Authorization": f"Bearer {MONITORING_TOKEN}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        if self.log and not self.log.closed:
            self.log.close()

    def open_game(self, questions=3, time_limit_s=20, **options) -> dict:
        """Load the bank, build a contest of single-choice questions, open a game: id, pin."""
        settings = {"preview_ms": 0, "shuffle_answers": False, **options}
        return self.run_in_app("""
            from quizapp.contests.live.games import open_game
            from quizapp.contests.service import create_contest
            ids = [q.id for q in Question.query.filter_by(kind="single", status="approved")
                   .order_by(Question.id).limit(values["questions"])]
            contest = create_contest(admin, "Cuộc thi thử", ids, values["settings"],
                                     time_limit_s=values["time_limit_s"])
            game = open_game(contest, admin)
            result = {"id": game.id, "pin": game.pin, "questions": ids}
        """, questions=questions, settings=settings, time_limit_s=time_limit_s)

    def login_cookie(self, username="admin", password=ADMIN_PASSWORD) -> str:
        """Sign in through the login form; return the Cookie header of the session."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{self.url}/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
            re.search(r'name="csrf_token" value="([^"]+)"', page)
        data = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrf_token": token.group(1)}).encode()
        opener.open(f"{self.url}/login", data)
        return "; ".join(f"{c.name}={c.value}" for c in jar)


class RedisServer:
    """A private redis-server on a free port, so a test may stop and restart it."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def fresh_postgres_database(name: str) -> str:
    """(Re)create a scratch PostgreSQL database; return its URL.

    The name carries the checkout and the xdist worker: dropping it (WITH FORCE) must never
    cut the connections of a run in another checkout or another worker process.
    """
    import psycopg2

    checkout = hashlib.sha1(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
    name = f"{name}_{checkout}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    base = os.environ.get("QUIZAPP_CLUSTER_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
    connection = psycopg2.connect(base)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return base.rsplit("/", 1)[0] + f"/{name}"
