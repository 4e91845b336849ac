"""Load benchmark of a live game: N phones against a real `quizapp serve`, and the floor.

This is a benchmark, not a test. It starts the real server (`python -m quizapp serve`, eventlet)
on a fresh database, prepares a contest of M single-choice questions, logs a host in over HTTP,
and then plays one whole game: the host drives it on `/host`, N players (python-socketio
AsyncClient, websocket transport) join on `/play` and answer every question after a random
0.2–3 s. Then it runs the same load shape against `bench/floor_server.py` (bare Flask-SocketIO +
eventlet, no database, no engine) and prints ONE JSON line with both sets of figures and the
ratios ours / floor.

    python bench/live_game.py --players 2000 --questions 5 [--postgres URL] [--skip-floor]
    python bench/live_game.py --players 2000 --postgres URL --servers 2 --skip-floor

With `--servers N` (or `--redis`) it starts a private redis-server as the Socket.IO message
queue and N quizapp workers sharing the database; the host uses the first worker and the phones
are spread round-robin over all of them (bench/scale.py compares 1 and 2 workers).

The players run in generator processes (`--workers`, default 1) that report to this process
over pipes; all times are CLOCK_MONOTONIC, which every process on the machine shares, so a
phone's receive time can be compared with the host's send time. Only loopback traffic: the
players connect from source addresses 127.0.0.2, 127.0.0.3, ... (`--per-address` players each),
because the server limits joins per minute from one address. Everything is
bounded by `--timeout`; the servers and generators are stopped on the way out.
"""

import argparse
import asyncio
import collections
import contextlib
import gc
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST_USER, HOST_PASSWORD = "bench.host", "bench-host-password-1"
COUNTS_EVERY_S = 0.05
STEP_TIMEOUT_S = 60.0  # one phase of the game (all answered, all revealed, ...) at most
ANSWER_TIMEOUT_S = 45.0  # question time limit (20 s) + margin
MONITORING_TOKEN = "bench-monitor-" + os.urandom(8).hex()  # lets /healthz give connection counts
# `python -m quizapp` with eventlet's deprecation notice silenced, as the console script does.
SERVE = """
import os, warnings
warnings.filterwarnings("ignore", message=r"\\s*Eventlet is deprecated")
from quizapp.live.asyncmode import prepare
prepare(os.environ.get("QUIZAPP_ASYNC_MODE", "eventlet"))
from quizapp.cli import cli
cli()
"""
# Server log lines worth reporting (the app has no logging config: warnings come bare).
LOG_WARNINGS = r"WARNING|ERROR|Traceback|Error:|did not answer|another worker|retrying"

SETUP = r"""
import json, sys
from quizapp import create_app
app = create_app()
with app.app_context():
    from quizapp.accounts.service import create_user
    from quizapp.bank.models import Question
    from quizapp.bank.service import load_shipped_bank
    from quizapp.contests.service import create_contest
    from quizapp.contests.live.games import open_game
    count = int(sys.argv[1])
    host = create_user(sys.argv[2], sys.argv[3], "host", "Bench host")
    load_shipped_bank()
    ids = [q.id for q in Question.query.filter_by(kind="single", status="approved")
           .order_by(Question.id).limit(count)]
    assert len(ids) == count, f"only {len(ids)} single-choice questions in the bank"
    # The default max_players (5,000) would refuse the rest of a bigger run.
    options = {"preview_ms": 0, "max_players": max(5000, int(sys.argv[4]))}
    contest = create_contest(host, "Benchmark", ids, options)
    game = open_game(contest, host)
    print(json.dumps({"game_id": game.id, "pin": game.pin, "questions": ids}))
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def raise_open_files(target: int = 65536) -> int:
    """Raise RLIMIT_NOFILE as far as allowed (root may raise the hard limit too)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for new_hard in (max(hard, target), hard):
        new_soft = target if new_hard == resource.RLIM_INFINITY else min(target, new_hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, new_soft), new_hard))
            break
        except (ValueError, OSError):
            continue
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def source_address(index: int) -> str:
    """127.0.0.2, 127.0.0.3, ...: distinct loopback addresses, one per group of phones."""
    k = index + 2
    return f"127.{(k >> 16) & 255}.{(k >> 8) & 255}.{k & 255}"


def percentile(values, fraction: float):
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def rounded(value, digits=3):
    return None if value is None else round(value, digits)


def machine_busy_seconds() -> float:
    """CPU time all cores spent busy since boot (from /proc/stat), in seconds."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ============================================================================= generator
async def worker_main(cfg: dict) -> None:
    """One generator process: `count` players from `first` on; reports on stdout."""
    import aiohttp
    import socketio
    from lean_client import LeanClient

    loop = asyncio.get_running_loop()
    out_lock = asyncio.Lock()
    gc_pauses = []  # (start, seconds) of this process's garbage collections over 10 ms
    gc_started = [0.0]

    def gc_timer(phase, info):
        if phase == "start":
            gc_started[0] = time.monotonic()
        elif time.monotonic() - gc_started[0] > 0.01:
            gc_pauses.append((gc_started[0], time.monotonic() - gc_started[0], info["generation"]))

    gc.callbacks.append(gc_timer)

    async def out(obj):
        async with out_lock:
            sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
            sys.stdout.flush()

    sessions: dict[str, aiohttp.ClientSession] = {}

    def session_for(index: int) -> aiohttp.ClientSession:
        address = source_address(index // cfg["per_address"])
        if address not in sessions:
            sessions[address] = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0, local_addr=(address, 0)),
                cookie_jar=aiohttp.DummyCookieJar())
        return sessions[address]

    counts: collections.Counter = collections.Counter()
    received = {kind: collections.defaultdict(list)
                for kind in ("question", "closed", "reveal", "leaderboard", "game_over",
                             "me_after_reveal")}
    answers = collections.defaultdict(list)  # q -> [send_t, ack_t, error or None]
    join_errors: collections.Counter = collections.Counter()
    lost = [0]
    clients = []
    answer_tasks = set()

    def make_player(i: int):
        if cfg.get("client") == "socketio":
            sio = socketio.AsyncClient(reconnection=False, http_session=session_for(i),
                                       handle_sigint=False, request_timeout=30)
        else:
            sio = LeanClient(session_for(i))
        rng = random.Random(cfg["seed"] * 1_000_003 + i)
        seen = {kind: set() for kind in received}
        done = [False]

        async def answer(q: int, question: dict):
            await asyncio.sleep(rng.uniform(0.2, 3.0))
            choices = question.get("choice_count") or len(question.get("choices") or [1])
            sent = time.monotonic()
            try:
                reply = await sio.call("answer", {"question": question["id"],
                                                  "choices": [rng.randrange(choices)]},
                                       namespace="/play", timeout=cfg["ack_timeout"])
                error = None if reply and reply.get("ok") else (reply or {}).get("error", "?")
            except Exception as failure:  # a timeout or a lost connection
                error = type(failure).__name__
            answers[q].append((sent, time.monotonic(), error))
            counts[f"answered:{q}"] += 1

        def on(kind: str):
            def handler(state):
                now = time.monotonic()
                if kind == "question" and state.get("phase") != "open":
                    return
                q = -1 if kind == "game_over" else state.get("question_index")
                if q in seen[kind]:
                    return
                seen[kind].add(q)
                received[kind][q].append(now)
                counts[f"{kind}:{q}"] += 1
                if kind == "question":
                    task = asyncio.create_task(answer(q, state["question"]))
                    answer_tasks.add(task)
                    task.add_done_callback(answer_tasks.discard)
                elif kind == "game_over":
                    done[0] = True
            return handler

        for kind in received:
            if kind != "me_after_reveal":
                sio.on(kind, on(kind), namespace="/play")

        def on_me(_block):
            # The phone's own points after a reveal (quizapp sends them after the shared part).
            revealed = max(seen["reveal"], default=None)
            if revealed is not None and revealed not in seen["me_after_reveal"]:
                seen["me_after_reveal"].add(revealed)
                received["me_after_reveal"][revealed].append(time.monotonic())

        sio.on("me", on_me, namespace="/play")

        def disconnected(*_):
            if sio.bench_joined and not done[0]:  # a refused join is not a lost connection
                lost[0] += 1

        sio.bench_joined = False

        sio.on("disconnect", disconnected, namespace="/play")
        return sio

    semaphore = asyncio.Semaphore(cfg["connect_concurrency"])
    join_times = []

    async def join(i: int):
        async with semaphore:
            sio = make_player(i)
            started = time.monotonic()
            try:
                urls = cfg.get("urls") or [cfg["url"]]
                url = urls[i % len(urls)]  # round-robin over the servers
                await sio.connect(url, transports=["websocket"], namespaces=["/play"],
                                  wait_timeout=60)
                reply = await sio.call("join", {"pin": cfg["pin"], "nickname": f"b{i}"},
                                       namespace="/play", timeout=60)
            except Exception as failure:
                join_errors[type(failure).__name__] += 1
                with contextlib.suppress(Exception):
                    await sio.disconnect()
                return
            if not (reply and reply.get("ok")):
                join_errors[(reply or {}).get("error", "?")] += 1
                await sio.disconnect()
                return
            join_times.append((started, time.monotonic()))
            sio.bench_joined = True
            clients.append(sio)

    await asyncio.gather(*(join(i) for i in range(cfg["first"], cfg["first"] + cfg["count"])))
    # Thousands of clients are long-lived objects: a full collection of them stops this loop
    # for 0.2 s, which the phones' receive times would count as the server's fan-out. Frozen,
    # they are left out of every collection, and the game's own garbage waits for the end of
    # the run (a measuring instrument must not pause; `gc_pauses` in --raw shows any left).
    gc.collect()
    gc.freeze()
    gc.disable()
    await out({"type": "joined", "ok": len(clients), "errors": dict(join_errors),
               "first_start": min((s for s, _ in join_times), default=None),
               "last_ack": max((e for _, e in join_times), default=None),
               "join_latency": [round(e - s, 4) for s, e in join_times]})

    stop = asyncio.Event()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    async def watch_stdin():
        await reader.readline()  # "stop" or EOF
        stop.set()

    async def report_counts():
        last = None
        while not stop.is_set():
            snapshot = (dict(counts), lost[0])
            if snapshot != last:
                last = snapshot
                await out({"type": "counts", "c": snapshot[0], "lost": snapshot[1]})
            await asyncio.sleep(COUNTS_EVERY_S)

    stdin_task = asyncio.create_task(watch_stdin())
    counts_task = asyncio.create_task(report_counts())
    await stop.wait()
    counts_task.cancel()
    stdin_task.cancel()
    await out({"type": "result", "received": {k: dict(v) for k, v in received.items()},
               "answers": dict(answers), "lost": lost[0], "cpu_s": time.process_time(),
               "gc_pauses": gc_pauses})

    async def leave(sio):
        with contextlib.suppress(Exception):
            await sio.disconnect()

    with contextlib.suppress(Exception):
        await asyncio.wait_for(asyncio.gather(*(leave(c) for c in clients)), 30)
    for session in sessions.values():
        with contextlib.suppress(Exception):
            await session.close()


def run_generator(cfg: dict) -> None:
    """Run one generator process on uvloop when it is installed.

    The generator shares the machine with the servers it measures: every cycle it spends is
    taken from them. uvloop's event loop costs it less per message than asyncio's own.
    """
    try:
        import uvloop
    except ImportError:
        asyncio.run(worker_main(cfg))
    else:
        uvloop.run(worker_main(cfg))


# ============================================================================= servers
class Server:
    """A server subprocess (quizapp or the floor) with its CPU and memory figures."""

    def __init__(self, name, argv, env, log_path, port):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.log_file = open(log_path, "wb")  # closed in stop()
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log_file,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     preexec_fn=raise_open_files, start_new_session=True)

    async def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        import aiohttp

        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited ({self.proc.returncode}):\n"
                                       + self.log_tail())
                try:
                    async with http.get(self.url + path) as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n" + self.log_tail())

    def cpu_seconds(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float | None:
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else None

    def log_tail(self, lines: int = 30) -> str:
        self.log_file.flush()
        with contextlib.suppress(OSError):
            return "\n".join(Path(self.log_path).read_text(errors="replace")
                             .splitlines()[-lines:])
        return ""

    def log_warnings(self, keep: int = 5) -> dict:
        """How many WARNING/ERROR/Traceback lines the server logged, and the first few."""
        with contextlib.suppress(OSError):
            text = Path(self.log_path).read_text(errors="replace")
            lines = [line for line in text.splitlines() if re.search(LOG_WARNINGS, line)]
            return {"count": len(lines), "first": lines[:keep]}
        return {"count": None, "first": []}

    def stop(self) -> None:
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                with contextlib.suppress(ProcessLookupError):
                    self.proc.send_signal(sig)
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.log_file.close()


class PrivateRedis:
    """A private redis-server on a free loopback port (the message queue), with its figures."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(workdir), "--maxclients", "10000"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            preexec_fn=raise_open_files, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("redis-server did not start")

    cpu_seconds = Server.cpu_seconds

    def _client(self):
        import redis

        return redis.Redis.from_url(self.url, decode_responses=True, socket_timeout=5)

    def reset_stats(self) -> None:
        with contextlib.closing(self._client()) as client:
            client.config_resetstat()

    def command_counts(self) -> dict:
        """Calls per command since the last reset (INFO commandstats), and connections."""
        with contextlib.closing(self._client()) as client:
            stats = client.info("commandstats")
            extra = {"connections_received": client.info("stats")["total_connections_received"],
                     "connected_clients": client.info("clients")["connected_clients"]}
        return extra | {name.removeprefix("cmdstat_"): value["calls"]
                        for name, value in sorted(stats.items())}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def prepare_database(args, workdir: Path) -> tuple[str, str]:
    """Return (QUIZAPP_DATABASE_URL, description) for a fresh, empty database."""
    if not args.postgres:
        return f"sqlite:///{workdir / 'bench.sqlite3'}", "sqlite"
    import psycopg2

    connection = psycopg2.connect(args.postgres)
    connection.autocommit = True
    with connection.cursor() as cursor:  # a scratch database: start from an empty schema
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    return args.postgres, "postgresql"


def count_stored(db_url: str, game_id: int) -> int:
    if db_url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(db_url[len("sqlite:///"):])) as connection:
            return connection.execute("SELECT count(*) FROM answer WHERE game_id = ?",
                                      (game_id,)).fetchone()[0]
    import psycopg2

    with contextlib.closing(psycopg2.connect(db_url)) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM answer WHERE game_id = %s", (game_id,))
            return cursor.fetchone()[0]


def run_checked(argv, env, what: str) -> str:
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


async def login(url: str) -> str:
    """Log the host in with a plain form POST; return the Cookie header for Socket.IO."""
    import aiohttp

    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(url + "/login") as response:
            page = await response.text()
        match = (re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
                 or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page))
        if not match:
            raise RuntimeError("no csrf_token on /login")
        form = {"username": HOST_USER, "password": HOST_PASSWORD, "csrf_token": match.group(1)}
        async with http.post(url + "/login", data=form, allow_redirects=False) as response:
            if response.status not in (302, 303):
                raise RuntimeError(f"login refused: HTTP {response.status}")
        return "; ".join(f"{c.key}={c.value}" for c in jar)


# ============================================================================= one game
class Workers:
    """The generator processes and what they have reported so far."""

    def __init__(self, procs):
        self.procs = procs
        self.joined = [None] * len(procs)
        self.counts = [{} for _ in procs]
        self.lost = [0] * len(procs)
        self.results = [None] * len(procs)
        self.changed = asyncio.Event()
        self.readers = [asyncio.create_task(self._read(i, p)) for i, p in enumerate(procs)]

    async def _read(self, i, proc):
        while True:
            line = await proc.stdout.readline()
            if not line:
                break
            message = json.loads(line)
            kind = message["type"]
            if kind == "joined":
                self.joined[i] = message
            elif kind == "counts":
                self.counts[i], self.lost[i] = message["c"], message["lost"]
            elif kind == "result":
                self.results[i] = message
            self.changed.set()
        self.changed.set()

    @property
    def players(self) -> int:
        return sum(j["ok"] for j in self.joined if j)

    def total(self, key: str) -> int:
        return sum(c.get(key, 0) for c in self.counts)

    async def wait_for(self, predicate, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or all(p.returncode is not None for p in self.procs):
                return predicate()
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 1.0))
        return True

    async def wait_all(self, key: str, timeout: float) -> bool:
        return await self.wait_for(
            lambda: self.total(key) >= self.players - sum(self.lost), timeout)

    async def stop(self, timeout: float = 60.0) -> None:
        for proc in self.procs:
            with contextlib.suppress(Exception):
                proc.stdin.write(b"stop\n")
                await proc.stdin.drain()
        await self.wait_for(lambda: all(r is not None for r in self.results), timeout)
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 40)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        for reader in self.readers:
            reader.cancel()

    def kill(self) -> None:
        for proc in self.procs:
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()


class Host:
    """The host console: watches the game and sends commands on `/host`."""

    def __init__(self, url, cookie, game_id):
        import aiohttp
        import socketio

        self.url, self.cookie, self.game_id = url, cookie, game_id
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.sio = socketio.AsyncClient(reconnection=False, http_session=self.http,
                                        handle_sigint=False, request_timeout=30)
        self.phase = None
        self.sio.on("state", self._state, namespace="/host")

    async def _state(self, state):
        self.phase = state.get("phase", self.phase)

    async def connect(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        await self.sio.connect(self.url, headers=headers, transports=["websocket"],
                               namespaces=["/host"], wait_timeout=30)
        reply = await self.sio.call("watch", {"game_id": self.game_id}, namespace="/host",
                                    timeout=30)
        if not reply.get("ok"):
            raise RuntimeError(f"watch refused: {reply}")
        self.phase = reply["state"]["phase"]

    async def command(self, name: str) -> float:
        """Send a command; return its send time (monotonic). An error ack aborts the run."""
        sent = time.monotonic()
        reply = await self.sio.call("command", {"game_id": self.game_id, "name": name},
                                    namespace="/host", timeout=STEP_TIMEOUT_S)
        if not reply.get("ok"):
            raise RuntimeError(f"host command {name} refused: {reply}")
        self.phase = reply.get("phase", self.phase)  # the ack says where the game is now
        return sent

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.sio.disconnect()
        await self.http.close()


async def health_per_server(servers, field: str) -> list:
    """One field of each quizapp worker's /healthz details (None where it did not answer)."""
    import aiohttp

    values = []
    async with aiohttp.ClientSession() as http:
        for server in servers:
            try:
                async with http.get(server.url + "/healthz", headers={
                        "Authorization": f"Bearer {MONITORING_TOKEN}"}) as response:
                    values.append((await response.json()).get(field))
            except (aiohttp.ClientError, ValueError):
                values.append(None)
    return values


async def connections_per_server(servers) -> list:
    """Live Socket.IO connections of each quizapp worker."""
    return await health_per_server(servers, "connections")


async def gc_cpu_per_server(servers) -> list:
    """CPU seconds each quizapp worker has spent in garbage collections so far."""
    return [(gc or {}).get("cpu_s") for gc in await health_per_server(servers, "gc")]


async def connections_closed(servers, timeout: float = 60.0) -> None:
    """Wait until the workers have handled every phone's disconnect (then stopping them
    interrupts nothing: an interrupted disconnect handler prints a traceback)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(await connections_per_server(servers)):
            return
        await asyncio.sleep(0.5)
    log("some connections were still open when the servers were stopped")


async def play_game(args, servers: list, pin: str, game_id: int, cookie: str | None,
                    redis_server=None) -> dict:
    """Connect the host (to the first server) and the players (round-robin over the servers),
    play every question, return the raw figures."""
    server = servers[0]
    host = Host(server.url, cookie, game_id)
    await host.connect()
    base = {"urls": [s.url for s in servers], "pin": pin, "per_address": args.per_address,
            "seed": args.seed,
            "connect_concurrency": max(1, args.connect_concurrency // args.workers),
            "ack_timeout": ANSWER_TIMEOUT_S, "client": args.client}
    share, extra = divmod(args.players, args.workers)
    procs, first = [], 0
    cpu_before = [s.cpu_seconds() for s in servers]
    # the floor server is the run without a host cookie, and has no /healthz to ask
    gc_before = await gc_cpu_per_server(servers) if cookie is not None else None
    redis_cpu_before = redis_server.cpu_seconds() if redis_server else None
    if redis_server:
        redis_server.reset_stats()
    busy_before, own_before = machine_busy_seconds(), time.process_time()
    for w in range(args.workers):
        count = share + (1 if w < extra else 0)
        cfg = {**base, "first": first, "count": count}
        first += count
        procs.append(await asyncio.create_subprocess_exec(
            PYTHON, str(Path(__file__).resolve()), "--worker", json.dumps(cfg),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=2**28,
            preexec_fn=raise_open_files))
    workers = Workers(procs)
    sends, reveal_sends, timeouts = {}, {}, []
    wall = time.monotonic()
    try:
        await workers.wait_for(lambda: all(workers.joined), 60 + args.players / 10)
        if not all(workers.joined):
            raise RuntimeError("the players did not finish joining in time")
        log(f"{server.name}: {workers.players}/{args.players} players joined")
        connections = (await connections_per_server(servers)) if redis_server else None
        for q in range(args.questions):
            sends[q] = await host.command("start" if q == 0 else "next")
            if not await workers.wait_all(f"answered:{q}", ANSWER_TIMEOUT_S + STEP_TIMEOUT_S):
                timeouts.append(f"answered:{q}")
            sent = await host.command("next")  # closed -> revealed (or open -> closed)
            if host.phase == "closed":  # not everyone answered: that `next` closed it
                sent = await host.command("next")
            reveal_sends[q] = sent
            if not await workers.wait_all(f"reveal:{q}", STEP_TIMEOUT_S):
                timeouts.append(f"reveal:{q}")
            await host.command("next")  # leaderboard
            if not await workers.wait_all(f"leaderboard:{q}", STEP_TIMEOUT_S):
                timeouts.append(f"leaderboard:{q}")
            log(f"{server.name}: question {q + 1}/{args.questions} done")
        await host.command("next")  # finished
        completed = await workers.wait_all("game_over:-1", STEP_TIMEOUT_S)
        if not completed:
            timeouts.append("game_over")
        cpu_game_each = [s.cpu_seconds() - before
                         for s, before in zip(servers, cpu_before, strict=True)]
        cpu_game = sum(cpu_game_each)
        gc_game_each = None
        if gc_before is not None:
            gc_game_each = [None if None in (after, before) else after - before for
                            after, before in zip(await gc_cpu_per_server(servers), gc_before,
                                                 strict=True)]
        redis_cpu = (redis_server.cpu_seconds() - redis_cpu_before) if redis_server else 0.0
        redis_commands = redis_server.command_counts() if redis_server else None
        wall = time.monotonic() - wall
        busy = machine_busy_seconds() - busy_before
        own = time.process_time() - own_before
        await workers.stop()
    finally:
        workers.kill()
        await host.close()
    return {"joined": workers.joined, "results": workers.results, "sends": sends,
            "reveal_sends": reveal_sends, "timeouts": timeouts, "completed": completed,
            "players_joined": workers.players, "cpu_game": cpu_game, "wall": wall,
            "cpu_game_each": cpu_game_each, "gc_game_each": gc_game_each,
            "redis_cpu": redis_cpu,
            "redis_commands": redis_commands, "connections": connections,
            "busy": busy, "own": own,
            "lost": sum(r["lost"] for r in workers.results if r)}


def summarize(raw: dict, servers: list, dump: str | None = None) -> dict:
    """Turn the raw times into the reported figures (seconds, rounded).

    With `dump`, the raw times (host sends, every phone's receive times) are written there as
    JSON too, for a closer look at one run.
    """
    if dump:
        Path(dump).write_text(json.dumps(
            {"sends": raw["sends"], "reveal_sends": raw["reveal_sends"],
             "received": [r["received"] for r in raw["results"] if r],
             "gc_pauses": [r["gc_pauses"] for r in raw["results"] if r]}))
    fanout, reveal_last, me_last, answer_latency, windows = [], [], [], [], []
    acked, errors = 0, collections.Counter()
    missing_question = 0
    per_question_p95 = []
    for q, sent in raw["sends"].items():
        times = [t for r in raw["results"] if r for t in r["received"]["question"].get(str(q), [])]
        missing_question += raw["players_joined"] - len(times)
        lat = [t - sent for t in times]
        fanout += lat
        per_question_p95.append(rounded(percentile(lat, 0.95)))
        reveals = [t for r in raw["results"] if r for t in r["received"]["reveal"].get(str(q), [])]
        if reveals and q in raw["reveal_sends"]:
            reveal_last.append(max(reveals) - raw["reveal_sends"][q])
        mine = [t for r in raw["results"] if r
                for t in r["received"]["me_after_reveal"].get(str(q), [])]
        if mine and q in raw["reveal_sends"]:
            me_last.append(max(mine) - raw["reveal_sends"][q])
        rows = [a for r in raw["results"] if r for a in r["answers"].get(str(q), [])]
        ok_rows = [a for a in rows if a[2] is None]
        acked += len(ok_rows)
        errors.update(a[2] for a in rows if a[2] is not None)
        answer_latency += [a[1] - a[0] for a in ok_rows]
        if ok_rows:
            windows.append(max(a[1] for a in ok_rows) - min(a[0] for a in ok_rows))
    joined = [j for j in raw["joined"] if j]
    first = min((j["first_start"] for j in joined if j["first_start"]), default=None)
    last = max((j["last_ack"] for j in joined if j["last_ack"]), default=None)
    join_latency = [x for j in joined for x in j["join_latency"]]
    join_errors = collections.Counter()
    for j in joined:
        join_errors.update(j["errors"])
    return {
        "players_joined": raw["players_joined"],
        "join_errors": dict(join_errors),
        "connect_rate_per_s": rounded(raw["players_joined"] / (last - first), 1)
        if first and last and last > first else None,
        "join_latency_p50_s": rounded(percentile(join_latency, 0.5)),
        "join_latency_p95_s": rounded(percentile(join_latency, 0.95)),
        "fanout_p50_s": rounded(percentile(fanout, 0.5)),
        "fanout_p95_s": rounded(percentile(fanout, 0.95)),
        "fanout_max_s": rounded(max(fanout, default=None)),
        "fanout_p95_per_question_s": per_question_p95,
        "question_not_received": missing_question,
        "answer_ack_p50_s": rounded(percentile(answer_latency, 0.5)),
        "answer_ack_p99_s": rounded(percentile(answer_latency, 0.99)),
        "answers_per_s": rounded(acked / sum(windows), 1) if windows else None,
        "reveal_last_s": rounded(max(reveal_last, default=None)),
        "reveal_last_per_question_s": [rounded(x) for x in reveal_last],
        # quizapp only: the phone's own points (`me`) after the reveal; None for the floor
        "reveal_me_last_s": rounded(max(me_last, default=None)),
        "answers_acked": acked,
        "answer_errors": dict(errors),
        "lost_connections": raw["lost"],
        "completed": raw["completed"] and not raw["timeouts"],
        "timeouts": raw["timeouts"],
        "server_cpu_s": rounded(sum(s.cpu_seconds() or 0 for s in servers), 2),
        "server_cpu_game_s": rounded(raw["cpu_game"], 2),
        # quizapp only (its /healthz): the part of that CPU spent in garbage collections
        "server_gc_game_s": None if not raw.get("gc_game_each") or None in raw["gc_game_each"]
        else rounded(sum(raw["gc_game_each"]), 2),
        "server_peak_rss_mb": rounded(max(s.peak_rss_mb() or 0 for s in servers), 1),
        "generator_cpu_s": rounded(sum(r["cpu_s"] for r in raw["results"] if r), 2),
        "game_wall_s": rounded(raw["wall"], 1),
        # CPU that other programs on the machine used meanwhile (noise in the figures).
        "foreign_cpu_s": rounded(raw["busy"] - raw["cpu_game"] - raw["redis_cpu"] - raw["own"]
                                 - sum(r["cpu_s"] for r in raw["results"] if r), 1),
        **({} if len(servers) == 1 else {
            "server_cpu_game_each_s": [rounded(x, 2) for x in raw["cpu_game_each"]],
            "server_gc_game_each_s": [rounded(x, 2) for x in raw.get("gc_game_each") or []],
            "server_peak_rss_each_mb": [rounded(s.peak_rss_mb(), 1) for s in servers]}),
        **({} if raw["redis_commands"] is None else {
            "connections_per_server": raw["connections"],
            "redis_cpu_game_s": rounded(raw["redis_cpu"], 2),
            "redis_commands": raw["redis_commands"]}),
    }


async def bench_quizapp(args, workdir: Path) -> dict:
    db_url, db_kind = prepare_database(args, workdir)
    env = {**os.environ, "QUIZAPP_DATABASE_URL": db_url, "QUIZAPP_ASYNC_MODE": "eventlet",
           "QUIZAPP_SECRET_KEY": "bench-" + os.urandom(16).hex(), "PYTHONUNBUFFERED": "1",
           "QUIZAPP_PUBLIC_URL": "http://127.0.0.1",
           "QUIZAPP_MONITORING_TOKEN": MONITORING_TOKEN}
    log(f"quizapp: preparing a {db_kind} database in {workdir}")
    run_checked([PYTHON, "-m", "quizapp", "init"], env, "quizapp init")
    game = json.loads(run_checked([PYTHON, "-c", SETUP, str(args.questions), HOST_USER,
                                   HOST_PASSWORD, str(args.players)], env, "setup")
                      .strip().splitlines()[-1])
    redis_server, servers = None, []
    try:
        if args.servers > 1 or args.redis:
            redis_server = PrivateRedis(workdir)
            env["QUIZAPP_MESSAGE_QUEUE"] = redis_server.url
            log(f"quizapp: message queue {redis_server.url} (pid {redis_server.proc.pid})")
        for n in range(args.servers):
            port = free_port()
            servers.append(Server(
                "quizapp" if args.servers == 1 else f"quizapp-{n + 1}",
                [PYTHON, "-c", SERVE, "serve", "--host", "127.0.0.1", "--port", str(port),
                 "--max-connections", "20000"],
                env, workdir / f"quizapp-server-{n + 1}.log", port))
        for server in servers:
            await server.wait_ready("/login")
            log(f"quizapp: serving on {server.url} (pid {server.proc.pid})")
        cookie = await login(servers[0].url)
        log(f"quizapp: game {game['game_id']} PIN {game['pin']}, {args.servers} server(s)")
        raw = await play_game(args, servers, game["pin"], game["game_id"], cookie,
                              redis_server)
        await connections_closed(servers)
        figures = summarize(raw, servers, args.raw and f"{args.raw}.quizapp.json")
    finally:
        for server in servers:
            server.stop()
        if redis_server:
            redis_server.stop()
    figures["answers_stored"] = count_stored(db_url, game["game_id"])
    figures["server_log_warnings"] = [server.log_warnings() for server in servers]
    figures["database"] = db_kind
    figures["servers"] = args.servers
    figures["message_queue"] = "redis" if redis_server else None
    return figures


async def bench_floor(args, workdir: Path) -> dict:
    port = free_port()
    server = Server("floor", [PYTHON, str(ROOT / "bench" / "floor_server.py"), "--port",
                              str(port), "--max-connections", "20000", "--questions",
                              str(args.questions)],
                    {**os.environ, "PYTHONUNBUFFERED": "1"}, workdir / "floor-server.log", port)
    try:
        await server.wait_ready("/")
        log(f"floor: serving on {server.url} (pid {server.proc.pid})")
        raw = await play_game(args, [server], "000000", 1, None)
        return summarize(raw, [server], args.raw and f"{args.raw}.floor.json")
    finally:
        server.stop()


def ratio(ours, floor):
    return rounded(ours / floor, 2) if ours is not None and floor else None


# quizapp / floor in one run: the figures issue 20's targets are stated in.
RATIOS = {"ratio_fanout_p95": "fanout_p95_s", "ratio_answers_per_s": "answers_per_s",
          "ratio_server_cpu_game": "server_cpu_game_s",
          "ratio_join_latency_p50": "join_latency_p50_s",
          "ratio_reveal_last": "reveal_last_s", "ratio_connect_rate": "connect_rate_per_s"}
# What --repeat reports the spread of (min / median / max over the runs).
SPREAD = ("server_cpu_game_s", "join_latency_p50_s", "connect_rate_per_s", "fanout_p95_s",
          "reveal_last_s", "reveal_me_last_s", "answers_per_s", "foreign_cpu_s")


def spread(results: list) -> dict:
    """Min, median and max of each ratio and headline figure over repeated runs."""
    def three(values):
        values = sorted(v for v in values if v is not None)
        if not values:
            return None
        return [values[0], values[len(values) // 2], values[-1]]

    out = {name: three(r.get(name) for r in results) for name in RATIOS}
    for key in SPREAD:
        out[key] = three(r["quizapp"].get(key) for r in results)
        out["floor_" + key] = three((r.get("floor") or {}).get(key) for r in results)
    out["acked_equals_stored"] = [r["answers_acked"] == r["answers_stored"] for r in results]
    return {k: v for k, v in out.items() if v is not None}


def verdict(args, ours: dict, floor: dict | None) -> dict:
    nothing_lost = ours["answers_acked"] == ours["answers_stored"] and ours["completed"]
    if args.players >= 5000:
        return {"tier": "5000", "completed": ours["completed"],
                "acked_all_stored": ours["answers_stored"] >= ours["answers_acked"],
                "fanout_p95_under_2s": (ours["fanout_p95_s"] or 99) < 2.0}
    checks = {"tier": "2000", "nothing_lost": nothing_lost}
    if floor:
        def within(key, limit):
            return (ratio(ours[key], floor[key]) or 99) <= limit

        # issue 20: the cost per phone close to the bare stack
        checks["server_cpu_game_within_1.2x_floor"] = within("server_cpu_game_s", 1.2)
        checks["join_p50_within_1.5x_floor"] = within("join_latency_p50_s", 1.5)
        checks["reveal_last_within_1.3x_floor"] = within("reveal_last_s", 1.3)
        checks["fanout_p95_at_most_floor"] = within("fanout_p95_s", 1.0)
        checks["answers_per_s_at_least_0.8x_floor"] = (
            ratio(ours["answers_per_s"], floor["answers_per_s"]) or 0) >= 0.8
    return checks


async def orchestrate(args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    started = time.monotonic()
    try:
        if args.only_floor:  # to size the generator: the floor alone
            floor = await bench_floor(args, workdir)
            shutil.rmtree(workdir, ignore_errors=True)
            return {"players": args.players, "questions": args.questions,
                    "workers": args.workers, "floor": floor}
        ours = await bench_quizapp(args, workdir)
        floor = None if args.skip_floor else await bench_floor(args, workdir)
    except BaseException:
        log(f"failed; server logs kept in {workdir}")
        raise
    result = {"players": args.players, "questions": args.questions, "workers": args.workers,
              "database": ours.pop("database"), "servers": ours.pop("servers"),
              "message_queue": ours.pop("message_queue"),
              "cores": os.cpu_count(),
              "connect_rate_per_s": ours["connect_rate_per_s"],
              "fanout_p50_s": ours["fanout_p50_s"], "fanout_p95_s": ours["fanout_p95_s"],
              "fanout_max_s": ours["fanout_max_s"],
              "answer_ack_p50_s": ours["answer_ack_p50_s"],
              "answer_ack_p99_s": ours["answer_ack_p99_s"],
              "answers_per_s": ours["answers_per_s"], "reveal_last_s": ours["reveal_last_s"],
              "server_cpu_s": ours["server_cpu_s"],
              "server_peak_rss_mb": ours["server_peak_rss_mb"],
              "answers_acked": ours["answers_acked"], "answers_stored": ours["answers_stored"],
              "quizapp": ours}
    if floor:
        result["floor"] = floor
        for name, key in RATIOS.items():
            result[name] = ratio(ours[key], floor[key])
    result["targets"] = verdict(args, ours, floor)
    result["elapsed_s"] = round(time.monotonic() - started, 1)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Live-game load benchmark (see bench/README.md)")
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL", help="use this (scratch) PostgreSQL "
                        "database instead of a fresh SQLite file; its public schema is dropped")
    parser.add_argument("--skip-floor", action="store_true", help="do not run the floor server")
    parser.add_argument("--only-floor", action="store_true",
                        help="run the floor server alone (to size the generator)")
    parser.add_argument("--workers", type=int, default=1, help="generator processes")
    parser.add_argument("--servers", type=int, default=1,
                        help="quizapp worker processes sharing the game (more than one starts a "
                        "private redis-server as the message queue; use --postgres)")
    parser.add_argument("--redis", action="store_true",
                        help="use a private redis-server as the message queue even with one server")
    parser.add_argument("--connect-concurrency", type=int, default=50,
                        help="players connecting at the same time (over all workers)")
    parser.add_argument("--per-address", type=int, default=250,
                        help="players per loopback source address (the server limits joins per IP)")
    parser.add_argument("--client", choices=("lean", "socketio"), default="lean",
                        help="the phones' client: bench/lean_client.py (default) or "
                        "python-socketio's AsyncClient (heavier: it shares the cores)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900, help="global limit, seconds")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (server logs)")
    parser.add_argument("--raw", metavar="PREFIX", help="also write the raw send and receive "
                        "times to PREFIX.quizapp.json and PREFIX.floor.json")
    parser.add_argument("--repeat", type=int, default=1, help="run the whole comparison N "
                        "times; the JSON line then holds every run and the spread (min, "
                        "median, max) of each ratio")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    raise_open_files()
    if args.worker:
        run_generator(json.loads(args.worker))
        return 0
    if not 1 <= args.questions <= 100 or args.players < 1 or args.workers < 1:
        parser.error("need 1-100 questions, at least one player and one worker")
    if args.servers < 1 or (args.servers > 1 and not args.postgres):
        parser.error("--servers N needs N >= 1, and --postgres when N > 1 (a shared database)")
    try:
        if args.repeat > 1:
            runs = []
            for n in range(args.repeat):
                log(f"run {n + 1}/{args.repeat}")
                runs.append(asyncio.run(asyncio.wait_for(orchestrate(args), args.timeout)))
            result = {"players": args.players, "questions": args.questions,
                      "repeat": args.repeat, "spread": spread(runs), "runs": runs}
        else:
            result = asyncio.run(asyncio.wait_for(orchestrate(args), args.timeout))
    except TimeoutError:
        log(f"global timeout ({args.timeout:.0f} s) reached")
        return 2
    except Exception as failure:  # still one JSON line: the run did not complete
        print(json.dumps({"players": args.players, "questions": args.questions,
                          "completed": False, "error": f"{type(failure).__name__}: {failure}"},
                         ensure_ascii=False), flush=True)
        return 1
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
