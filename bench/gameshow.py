"""Load benchmark of a TV show: four contestants, MC, judge, screens and N viewers' phones.

This is a benchmark, not a test. It starts the real server (`quizapp serve`, eventlet) on a fresh
SQLite database, creates an episode of the Olympia preset with short clocks (so a whole show
takes a few minutes), puts it on air, and plays every round over Socket.IO exactly as the studio
would: the MC and the judge on their consoles, four seats buzzing and typing, the studio screen
and the overlay watching, and N viewers (python-socketio clients, websocket transport) who join
the audience game and answer every question they get after 0.3-2 s.

    python bench/gameshow.py --viewers 300
    python bench/gameshow.py --viewers 1000 --split --postgres postgresql://postgres@127.0.0.1/bench

With `--split` it runs two workers on PostgreSQL (its public schema is dropped) and a private
Redis message queue: the studio's devices use the first, the viewers the second, as
docs/deploy.md advises for a TV audience.

In the common turn two seats press 3 ms apart on each question: the result says whether the
record kept their order, how far the recorded gap was from the true one (measured here, at the
sending client), and the press-to-record time (a press is acknowledged once it is recorded).

Prints ONE JSON line: buzz acknowledgement times, how long the studio clients waited for the
state after each command, how long viewers waited for each question and reveal, answers
acknowledged against answers stored, server CPU and memory, and any refused command.
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_game as lg  # noqa: E402 (the shared server and measurement helpers)

SETUP = r"""
import json, sys, yaml
from quizapp import create_app
app = create_app()
with app.app_context():
    from quizapp.accounts.service import create_user
    from quizapp.bank.service import load_shipped_bank
    from quizapp.gameshow import service
    from quizapp.live.tokens import seat_token, studio_key
    host = create_user(sys.argv[1], sys.argv[2], "host", "Bench producer")
    load_shipped_bank()
    rules = yaml.safe_load(service.builtin_presets()["olympia"])
    for rnd in rules["rounds"]:  # short clocks: the whole show in a few minutes
        for field in ("time_s", "final_buzz_s"):
            if field in rnd:
                rnd[field] = 4
        if "times_s" in rnd:
            rnd["times_s"] = [4, 4]
    service.save_preset("bench-olympia", yaml.safe_dump(rules, allow_unicode=True), host)
    people = [{"name": f"Thí sinh {n}", "school": f"Trường {n}"} for n in range(1, 5)]
    episode = service.save_episode(host, "Benchmark", "bench-olympia",
                                   service.demo_content("olympia"), people)
    episode = service.start_episode(episode, host)
    print(json.dumps({"episode": episode.id, "game": episode.audience_game_id,
                      "pin": episode.audience_game.pin, "key": studio_key(episode.id),
                      "seats": [seat_token(episode.id, n) for n in range(1, 5)]}))
"""


PER_ADDRESS = 250


class Client:
    """One studio socket: its last state, and when each state arrived."""

    def __init__(self, url, role, watch, cookie=None):
        import socketio

        self.url, self.role, self.watch, self.cookie = url, role, watch, cookie
        self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False,
                                        request_timeout=30)
        self.state, self.state_times = None, []
        self.sio.on("state", self._on_state, namespace="/studio")

    async def _on_state(self, state):
        self.state = state
        self.state_times.append(time.monotonic())

    async def connect(self):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        await self.sio.connect(self.url, headers=headers, transports=["websocket"],
                               namespaces=["/studio"], wait_timeout=30)
        reply = await self.sio.call("watch", self.watch, namespace="/studio", timeout=30)
        if not reply.get("ok"):
            raise RuntimeError(f"{self.role}: watch refused {reply}")
        self.state = reply["state"]

    async def call(self, event, payload):
        return await self.sio.call(event, payload, namespace="/studio", timeout=30)


class Viewer:
    """A phone in the audience game: answers each question it is given."""

    def __init__(self, url, pin, index, rng, log, http):
        import socketio

        self.url, self.pin, self.index, self.rng, self.log = url, pin, index, rng, log
        self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False,
                                        request_timeout=60, http_session=http)
        self.sio.on("question", self._on_question, namespace="/play")
        self.sio.on("reveal", self._on_reveal, namespace="/play")
        self.answered = set()

    async def connect(self):
        await self.sio.connect(self.url, transports=["websocket"], namespaces=["/play"],
                               wait_timeout=60)
        reply = await self.sio.call("join", {"pin": self.pin, "nickname": f"Xem {self.index}",
                                             "school": f"Trường {self.index % 12}",
                                             "class": "10A"}, namespace="/play", timeout=60)
        if not reply.get("ok"):
            raise RuntimeError(f"viewer {self.index}: join refused {reply}")

    async def _on_question(self, state):
        question = state.get("question") or {}
        qid = question.get("id")
        if state.get("phase") != "open" or qid is None or qid in self.answered:
            return
        self.log["opened"].setdefault(qid, []).append(time.monotonic())
        self.answered.add(qid)
        await asyncio.sleep(self.rng.uniform(0.3, 2.0))
        payload = {"question": qid}
        if question.get("choices"):
            payload["choices"] = [self.rng.randrange(len(question["choices"]))]
        else:
            payload["text"] = self.rng.choice(["mật khẩu", "mã độc", "không biết"])
        try:
            reply = await self.sio.call("answer", payload, namespace="/play", timeout=60)
        except Exception as failure:  # a timeout is a figure, not a crash of the benchmark
            self.log["errors"].append(f"answer: {type(failure).__name__}")
            return
        if reply.get("ok"):
            self.log["acked"].append(qid)
        else:
            self.log["refused"][reply.get("error")] = self.log["refused"].get(
                reply.get("error"), 0) + 1

    async def _on_reveal(self, state):
        self.log["revealed"].setdefault(state.get("question", {}).get("id"), []).append(
            time.monotonic())


class Show:
    """The MC and the judge driving the show, and what each command cost the studio."""

    def __init__(self, mc, judge, seats, watchers, rng, think_s):
        self.mc, self.judge, self.seats, self.watchers, self.rng = mc, judge, seats, watchers, rng
        self.think_s = think_s  # how long a contestant talks before the judge decides
        self.fanout, self.buzz_acks, self.refused, self.commands = [], [], [], 0
        self.timer_sent, self.reveal_sent = {}, {}
        self.pairs, self.press_to_record = [], []

    async def command(self, sender, name, **args):
        sent = time.monotonic()
        counts = [len(c.state_times) for c in self.watchers]
        reply = await sender.call("command", {"name": name, **args})
        self.commands += 1
        if not reply.get("ok"):
            self.refused.append(f"{name}: {reply.get('error')}")
            return reply
        for _ in range(200):  # until every studio client has the state after this command
            if all(len(c.state_times) > n for c, n in zip(self.watchers, counts, strict=True)):
                break
            await asyncio.sleep(0.005)
        self.fanout.append(max(c.state_times[-1] for c in self.watchers) - sent)
        return reply

    @property
    def turn(self):
        return (self.mc.state or {}).get("turn") or {}

    async def wait_phase_change(self, phase, limit=30.0):
        deadline = time.monotonic() + limit
        while self.turn.get("phase") == phase and time.monotonic() < deadline:
            await asyncio.sleep(0.02)

    async def open_question(self, command="next_question", **args):
        await self.command(self.mc, command, **args)
        qid = self.turn.get("qid")
        self.timer_sent[qid] = time.monotonic()
        await self.command(self.mc, "start_timer")
        await asyncio.sleep(self.think_s)
        return qid

    async def reveal(self):
        self.reveal_sent[self.turn.get("qid")] = time.monotonic()
        await self.command(self.mc, "reveal")

    async def buzz_all(self, seats):
        async def press(seat):
            await asyncio.sleep(self.rng.uniform(0, 0.05))
            sent = time.monotonic()
            reply = await seat.call("buzz", {})
            self.buzz_acks.append(time.monotonic() - sent)
            return reply.get("won")
        await asyncio.gather(*(press(s) for s in seats))

    async def press_pair(self, first, second, gap_s=0.003):
        """Two seats press ``gap_s`` apart: does the record keep their order and their gap?"""
        async def press(seat, wait):
            await asyncio.sleep(wait)
            sent = time.perf_counter()
            reply = await seat.call("buzz", {})
            done = time.perf_counter()
            self.buzz_acks.append(done - sent)
            self.press_to_record.append(done - sent)  # the ack follows the record's commit
            return sent, reply
        (sent_a, a), (sent_b, b) = await asyncio.gather(press(first, 0), press(second, gap_s))
        if a.get("ok") and b.get("ok"):
            true_ms = 1000 * (sent_b - sent_a)
            recorded_ms = b["received_ms"] - a["received_ms"]
            self.pairs.append({"true_ms": round(true_ms, 2), "recorded_ms": recorded_ms,
                               "in_order": a.get("won") and b.get("outcome") == "late"})

    async def type_all(self, right_share=0.5):
        answer = ((self.judge.state or {}).get("answer") or {}).get("reference", "")
        await asyncio.gather(*(seat.call("type_answer", {"text": answer if self.rng.random()
                                                         < right_share else "sai rồi"})
                               for seat in self.seats))

    async def play(self):
        mc, judge = self.mc, self.judge
        await self.command(mc, "start_round")  # individual: two questions per seat
        for _ in range(8):
            await self.open_question()
            await self.command(judge, "judge", correct=self.rng.random() < 0.6)
            await self.reveal()
        await self.command(mc, "start_round")  # common turn: two seats press 3 ms apart
        for n in range(8):
            await self.open_question()
            await self.press_pair(self.seats[n % 4], self.seats[(n + 1) % 4])
            await self.command(judge, "judge", correct=self.rng.random() < 0.6)
            await self.reveal()
        await self.command(mc, "start_round")  # obstacle: three rows, then the keyword
        for row in (1, 2, 3):
            await self.open_question("pick_row", row=row)
            await self.type_all()
            if row == 2:
                await self.buzz_all(self.seats[:1])  # a keyword claim
            await self.wait_phase_change("open")
            await self.reveal()
        await self.command(mc, "take_keyword")
        await self.command(judge, "judge", correct=True)
        await self.reveal()
        await self.command(mc, "start_round")  # acceleration
        for _ in range(4):
            await self.open_question()
            await self.type_all(0.7)
            await self.wait_phase_change("open")
            await self.reveal()
        await self.command(mc, "start_round")  # finish: every seat, with steals
        for pack in ([20, 20, 30], [20, 30, 30], [20, 20, 30], [20, 30, 30]):
            await self.command(mc, "choose_pack", values=pack)
            for _ in range(3):
                await self.open_question()
                if self.rng.random() < 0.5:
                    await self.command(judge, "judge", correct=True)
                else:
                    await self.command(judge, "judge", correct=False)
                    owner = self.turn.get("owner")
                    await self.buzz_all([s for n, s in enumerate(self.seats, 1) if n != owner])
                    if self.turn.get("phase") == "answering":
                        await self.command(judge, "judge", correct=self.rng.random() < 0.5)
                    await self.wait_phase_change("open")
                await self.reveal()
        await self.command(mc, "start_round")  # the tie-break, or the end of the show
        while (self.mc.state or {}).get("stage") == "playing":
            await self.open_question()
            await self.buzz_all(self.seats)
            await self.command(judge, "judge", correct=True)
            await self.reveal()
            await self.command(mc, "start_round")


def latencies(sent: dict, received: dict) -> list:
    return [t - sent[q] for q, times in received.items() if q in sent for t in times]


async def run(args, workdir: Path) -> dict:
    db_url, db_kind = lg.prepare_database(args, workdir)
    env = {**os.environ, "QUIZAPP_DATABASE_URL": db_url, "QUIZAPP_ASYNC_MODE": "eventlet",
           "QUIZAPP_SECRET_KEY": "bench-" + os.urandom(16).hex(), "PYTHONUNBUFFERED": "1",
           "QUIZAPP_PUBLIC_URL": "http://127.0.0.1"}
    lg.run_checked([lg.PYTHON, "-m", "quizapp", "init"], env, "quizapp init")
    setup = json.loads(lg.run_checked([lg.PYTHON, "-c", SETUP, lg.HOST_USER, lg.HOST_PASSWORD],
                                      env, "setup").strip().splitlines()[-1])
    redis_server = lg.PrivateRedis(workdir) if args.split else None
    if redis_server:
        env["QUIZAPP_MESSAGE_QUEUE"] = redis_server.url
    servers = []
    for n in range(2 if args.split else 1):
        port = lg.free_port()
        servers.append(lg.Server(f"quizapp-{n + 1}", [
            lg.PYTHON, "-c", lg.SERVE, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env, workdir / f"server-{n + 1}.log", port))
    server, viewers_server = servers[0], servers[-1]
    rng = random.Random(args.seed)
    sessions = {}

    def session_for(index: int):
        """Viewers come from 127.0.0.2, .3, ... in groups: the server limits joins per address."""
        import aiohttp

        address = lg.source_address(index // PER_ADDRESS)
        if address not in sessions:
            sessions[address] = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0, local_addr=(address, 0)),
                cookie_jar=aiohttp.DummyCookieJar())
        return sessions[address]

    log = {"opened": {}, "revealed": {}, "acked": [], "refused": {}, "errors": []}
    try:
        for each in servers:
            await each.wait_ready("/login")
        cookie = await lg.login(server.url)
        episode = setup["episode"]
        mc = Client(server.url, "mc", {"role": "mc", "episode_id": episode}, cookie)
        judge = Client(server.url, "judge", {"role": "judge", "episode_id": episode}, cookie)
        seats = [Client(server.url, f"seat{n}", {"role": "seat", "token": token})
                 for n, token in enumerate(setup["seats"], start=1)]
        screens = [Client(server.url, role, {"role": role, "episode_id": episode,
                                             "key": setup["key"]})
                   for role in ("screen", "overlay")]
        studio = [mc, judge, *seats, *screens]
        for client in studio:
            await client.connect()
        viewers = [Viewer(viewers_server.url, setup["pin"], i, random.Random(args.seed + i), log,
                          session_for(i)) for i in range(args.viewers)]
        joined_at = time.monotonic()
        gate = asyncio.Semaphore(50)

        async def join(viewer):
            async with gate:
                await viewer.connect()
        await asyncio.gather(*(join(v) for v in viewers))
        join_s = time.monotonic() - joined_at
        show = Show(mc, judge, seats, studio, rng, args.think)
        started = time.monotonic()
        await show.play()
        await asyncio.sleep(3)  # the last answers in flight
        show_s = time.monotonic() - started
        cpu = [each.cpu_seconds() for each in servers]
        rss = [each.peak_rss_mb() for each in servers]
        for client in [*studio, *viewers]:
            await client.sio.disconnect()
        await asyncio.sleep(2)  # let the server finish the disconnects before it is stopped
    finally:
        for session in sessions.values():
            await session.close()
        for each in servers:
            each.stop()
        if redis_server:
            redis_server.stop()
    stored = lg.count_stored(db_url, setup["game"])
    opened = latencies(show.timer_sent, log["opened"])
    revealed = latencies(show.reveal_sent, log["revealed"])
    ms = lambda values, q: None if not values else round(1000 * lg.percentile(values, q), 1)  # noqa: E731
    return {
        "viewers": args.viewers, "studio_clients": len(studio), "viewers_join_s": round(join_s, 1),
        "show_s": round(show_s, 1), "commands": show.commands, "refused": show.refused,
        "buzzes": len(show.buzz_acks), "buzz_ack_p50_ms": ms(show.buzz_acks, 0.5),
        "buzz_ack_p95_ms": ms(show.buzz_acks, 0.95),
        "press_pairs": len(show.pairs),
        "press_pairs_in_order": sum(1 for p in show.pairs if p["in_order"]),
        "press_pair_gap_error_max_ms": round(max(
            (abs(p["recorded_ms"] - p["true_ms"]) for p in show.pairs), default=0), 2),
        "press_pairs_detail": show.pairs,
        "press_to_record_p50_ms": ms(show.press_to_record, 0.5),
        "press_to_record_p95_ms": ms(show.press_to_record, 0.95),
        "studio_state_p50_ms": ms(show.fanout, 0.5), "studio_state_p95_ms": ms(show.fanout, 0.95),
        "studio_state_max_ms": ms(show.fanout, 1.0),
        "viewer_question_p50_ms": ms(opened, 0.5), "viewer_question_p95_ms": ms(opened, 0.95),
        "viewer_reveal_p95_ms": ms(revealed, 0.95),
        "questions_to_viewers": len(log["opened"]), "answers_acked": len(log["acked"]),
        "answers_refused": log["refused"], "answer_errors": log["errors"][:5],
        "answers_stored": stored, "database": db_kind,
        "workers": "studio + viewers" if args.split else "one",
        "server_cpu_s": [round(c, 1) if c else None for c in cpu],
        "server_peak_rss_mb": [round(r) if r else None for r in rss],
        "server_log_warnings": [each.log_warnings() for each in servers],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="TV show load benchmark")
    parser.add_argument("--viewers", type=int, default=300)
    parser.add_argument("--think", type=float, default=2.5,
                        help="seconds between starting a question's clock and the judge's call")
    parser.add_argument("--postgres", metavar="URL",
                        help="a scratch PostgreSQL database (its public schema is dropped)")
    parser.add_argument("--split", action="store_true",
                        help="two workers: the studio on one, the viewers on the other "
                        "(needs --postgres; starts a private redis-server)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)
    if args.split and not args.postgres:
        parser.error("--split needs --postgres (two workers share the database)")
    lg.raise_open_files()
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-bench-show-"))
    try:
        result = asyncio.run(asyncio.wait_for(run(args, workdir), args.timeout))
    except Exception as failure:
        print(json.dumps({"completed": False, "error": f"{type(failure).__name__}: {failure}",
                          "logs": str(workdir)}, ensure_ascii=False), flush=True)
        return 1
    if any(w["count"] for w in result["server_log_warnings"]):
        result["logs"] = str(workdir)  # kept: the server logged warnings
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"completed": True, **result}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
