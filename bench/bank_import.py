"""Import 10,000 questions through `quizapp bank import`: time and peak memory, per format.

Each format gets a fresh SQLite database and its own process, so the peak resident memory of
that process is the import's. The file is written by our exporters from generated questions.

    python bench/bank_import.py [--questions 10000] [--formats yaml csv xlsx]

Prints one JSON line per format: questions, file size, seconds, peak RSS in MB.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quizapp.bank import formats
from quizapp.bank.formats.question import Choice, Question
from quizapp.bank.formats.yaml_format import TopicInfo, write_topic_file


def generated(count: int) -> list[Question]:
    return [Question(
        kind="single", key=f"bench-{n:05d}",
        text=f"Câu hỏi thử số {n}: dấu hiệu nào cho thấy tin nhắn {n} là lừa đảo?",
        choices=[Choice(f"Phương án {n}-{k}", k == n % 4) for k in range(4)],
        explanation="Kẻ gian tạo cảm giác gấp gáp để nạn nhân không kịp suy nghĩ.",
        difficulty=1 + n % 3, tags=["bench"], topic="bench") for n in range(count)]


def run(fmt: str, questions: list[Question], workdir: Path) -> dict:
    topic = TopicInfo("bench", "Câu hỏi thử tải", "Load test")
    path = workdir / f"bench.{fmt}"
    env = {**os.environ, "QUIZAPP_DATABASE_URL": f"sqlite:///{workdir / (fmt + '.sqlite3')}",
           "QUIZAPP_SECRET_KEY": "bench", "QUIZAPP_ASYNC_MODE": "threading"}
    quizapp = [sys.executable, "-m", "quizapp"]
    subprocess.run([*quizapp, "init"], env=env, check=True, capture_output=True)
    if fmt != "yaml":  # the other formats name no topic: create it with a one-question file
        seed = workdir / "topic.yaml"
        seed.write_bytes(write_topic_file(topic, generated(1)))
        subprocess.run([*quizapp, "bank", "import", str(seed)], env=env, check=True,
                       capture_output=True)
        path.write_bytes(formats.write(fmt, questions[1:]))
    else:
        path.write_bytes(write_topic_file(topic, questions))
    started = time.monotonic()
    child = subprocess.Popen([*quizapp, "bank", "import", str(path), "--topic", "bench"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.communicate(timeout=900)
    seconds = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise SystemExit(f"{fmt}: import failed\n{err.decode()[-2000:]}")
    return {"format": fmt, "questions": len(questions),
            "file_mb": round(path.stat().st_size / 1e6, 2), "seconds": round(seconds, 1),
            # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: one format per process.
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "output": out.decode().strip().splitlines()[-1]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--formats", nargs="+", default=["yaml", "csv", "xlsx"])
    args = parser.parse_args()
    for fmt in args.formats:
        with tempfile.TemporaryDirectory() as workdir:
            # a fresh interpreter per format, so the peak memory is that import's alone
            result = subprocess.run(
                [sys.executable, __file__, "--one", fmt, str(args.questions), workdir],
                capture_output=True, text=True, check=True)
            print(result.stdout.strip())


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        print(json.dumps(run(sys.argv[2], generated(int(sys.argv[3])), Path(sys.argv[4]))))
    else:
        main()
