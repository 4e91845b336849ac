"""CPU cost of each per-phone part of a reveal, in one process: build, encode, publish, store.

A benchmark, not a test: it prints ONE JSON line of microseconds of CPU per phone (process
time, so a busy machine slows the wall clock but not these figures much). What it measures:

- `build_me_us`: the engine's `player_me` block of one phone after a reveal (ranks come from
  the standings sorted once per reveal).
- `encode_me_us`: that block as a Socket.IO packet (JSON), as `emit_each` encodes it.
- `shared_encode_us`: the reveal's shared part, encoded once for the whole room (not per phone).
- `publish_bytes_per_phone`: the size of one phone's block if the whole blocks crossed Redis
  in one message (how reveals were sent before the rows below), for comparison.
- `row_build_us`, `row_encode_us`, `row_bytes_per_phone`: what the owner of a game does per
  phone instead: the compact `me_rows` row, its share of the JSON message to the phone's
  worker (`emit_built`), and that message's size per phone.
- `worker_decode_us`, `worker_build_us`: what the worker holding the phone does with it:
  its share of decoding that message, and `me_block` from the row (then `encode_me_us`).
- `store_answer_us`: one answer row in a batched multi-row INSERT (the batch writer's
  statement) on a temporary SQLite file, batches of `--batch` rows.

Delivery (the websocket write of each frame) is measured by bench/live_game.py, where the
floor server does the same writes: see docs/scale.md.

    python bench/cost_per_phone.py --players 2000
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def cpu(fn, repeat=3):
    """Best-of-`repeat` process CPU seconds of fn()."""
    best = None
    for _ in range(repeat):
        start = time.process_time()
        fn()
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    return best


def revealed_game(players: int):
    from quizapp.engine import Game, GameOptions, Join, Next, Start, SubmitAnswer, Tick

    questions = [{"id": 1, "kind": "single", "text": "Dấu hiệu nào đáng tin cậy nhất?",
                  "choices": [{"text": f"Lựa chọn {i}", "correct": i == 1} for i in range(4)],
                  "explanation": "Tên miền đúng của cơ quan.", "time_limit_s": 20,
                  "points": "standard"}]
    game = Game.create(questions, GameOptions(preview_ms=0), seed=1)
    now = 1_000_000
    for i in range(players):
        game.handle(Join(f"p-{i:06d}", f"Bạn {i}", "", ""), now)
    game.handle(Start(), now)
    game.handle(Tick(), now + 1)
    rng = random.Random(1)
    for i in range(players):
        game.handle(SubmitAnswer(f"p-{i:06d}", 1, choices=[rng.randrange(4)]),
                    now + 100 + rng.randrange(15_000))
    while game.phase.value != "revealed":
        game.handle(Next(), now + 20_000)
    return game


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=20, help="rows per INSERT (answers)")
    args = parser.parse_args(argv)
    n = args.players

    import socketio

    from quizapp.engine import me_block, me_rows, player_me, player_view
    from quizapp.live.internals import JsonPacket
    from quizapp.live.manager import built_message

    game = revealed_game(n)
    keys = list(game.players)
    game._changed_standings()  # as after the reveal's scores: sorted once, on first use
    build = cpu(lambda: [player_me(game, k) for k in keys])
    blocks = {f"g1:p:{k}": player_me(game, k) for k in keys}

    def encode():
        for block in blocks.values():
            JsonPacket(socketio.packet.EVENT, namespace="/play", data=["me", block]).encode()

    encode_s = cpu(encode)
    shared = player_view(game, None, 0)
    shared_s = cpu(lambda: JsonPacket(socketio.packet.EVENT, namespace="/play",
                                      data=["reveal", shared]).encode(), repeat=20)

    message = json.dumps({"method": "quizapp.emit_each", "event": "me", "payloads": blocks,
                          "namespace": "/play", "host_id": "x" * 32})
    rows_s = cpu(lambda: me_rows(game))
    rows = me_rows(game)
    body = {"event": "me", "namespace": "/play", "builder": "me",
            "data": {"game": 1, "rows": rows}}
    row_encode_s = cpu(lambda: built_message("x" * 32, "y" * 32, body))
    share = built_message("x" * 32, "y" * 32, body)
    decode_s = cpu(lambda: json.loads(share.partition("\n")[2]))
    worker_build_s = cpu(lambda: [me_block(k, row) for k, row in rows.items()])
    store_s = _store_cost(n, args.batch)
    print(json.dumps({
        "players": n,
        "build_me_us": round(build / n * 1e6, 2),
        "encode_me_us": round(encode_s / n * 1e6, 2),
        "shared_encode_us_once": round(shared_s * 1e6, 1),
        "shared_bytes_once": len(json.dumps(shared)),
        "me_bytes": round(sum(len(json.dumps(b)) for b in blocks.values()) / n, 1),
        "publish_bytes_per_phone": round(len(message) / n, 1),
        "row_build_us": round(rows_s / n * 1e6, 2),
        "row_encode_us": round(row_encode_s / n * 1e6, 2),
        "row_bytes_per_phone": round(len(share) / n, 1),
        "worker_decode_us": round(decode_s / n * 1e6, 2),
        "worker_build_us": round(worker_build_s / n * 1e6, 2),
        "store_answer_us": round(store_s / n * 1e6, 2),
        "store_batch_rows": args.batch,
    }))
    return 0


def _store_cost(rows: int, batch: int) -> float:
    """CPU seconds to insert `rows` answer rows in batches, as the batch writer does."""
    import os

    from sqlalchemy import insert

    from quizapp.contests.models import Answer
    from quizapp.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["QUIZAPP_DATABASE_URL"] = f"sqlite:///{tmp}/cost.sqlite3"
        from quizapp import create_app

        app = create_app()
        context = app.app_context()
        context.push()
        db.create_all()
        engine, table = db.engine, Answer.__table__
        # SQLite without PRAGMA foreign_keys: no game or player rows are needed.
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        data = [{"game_id": 1, "seq": i, "player_key": f"p-{i:06d}", "question_id": 1,
                 "received_ms": i, "elapsed_ms": 900, "submitted": {"choices": [1]},
                 "answer": {"choices": [1]}, "correct": True, "points": 900}
                for i in range(rows)]

        def store():
            with engine.begin() as conn:
                conn.execute(table.delete())
            for start in range(0, rows, batch):
                with engine.begin() as conn:
                    conn.execute(insert(table), data[start:start + batch])

        try:
            return cpu(store, repeat=2)
        finally:
            context.pop()


if __name__ == "__main__":
    sys.exit(main())
