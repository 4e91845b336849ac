"""Build shows from the shipped presets with generated questions, for engine tests."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from quizapp.engine.errors import InvalidCommand
from quizapp.engine.show import Show

PRESETS = Path(__file__).parents[3] / "quizapp" / "gameshow" / "presets"
CONTESTANTS = [{"name": n, "school": f"THPT {n}"} for n in ("An", "Bình", "Chi", "Dũng")]


def preset(name: str) -> dict:
    return yaml.safe_load((PRESETS / f"{name}.yaml").read_text(encoding="utf-8"))


class QuestionMaker:
    """Hands out native question dicts with unique ids; answers are 'answer <id>'."""

    def __init__(self) -> None:
        self.next_id = 1

    def typed(self, answer: str | None = None) -> dict:
        qid = self.next_id
        self.next_id += 1
        return {"id": qid, "key": f"q-{qid}", "kind": "type_answer", "text": f"Question {qid}?",
                "answers": [answer or f"answer {qid}", f"variant {qid}"],
                "explanation": f"Because {qid}."}

    def single(self) -> dict:
        qid = self.next_id
        self.next_id += 1
        return {"id": qid, "key": f"q-{qid}", "kind": "single", "text": f"Pick {qid}",
                "choices": [{"text": "A"}, {"text": "B", "correct": True}, {"text": "C"},
                            {"text": "D"}], "explanation": "B it is."}

    def many(self, count: int) -> list[dict]:
        return [self.typed() for _ in range(count)]


def olympia_content(make: QuestionMaker | None = None) -> dict:
    make = make or QuestionMaker()
    return {
        "khoi-dong-rieng": {seat: make.many(6) for seat in (1, 2, 3, 4)},
        "khoi-dong-chung": make.many(12),
        "vuot-chuong-ngai-vat": {"rows": [make.typed(w) for w in ("mật khẩu", "OTP", "vân tay",
                                                                   "khóa")],
                                 "keyword": make.typed("xác thực"), "picture": "/p.svg"},
        "tang-toc": make.many(4),
        "ve-dich": {20: make.many(12), 30: make.many(12)},
        "cau-hoi-phu": make.many(3),
    }


def olympia(**changes) -> Show:
    rules = preset("olympia")
    for key, settings in changes.items():
        rules["rounds"][[r["key"] for r in rules["rounds"]].index(key)].update(settings)
    return Show.create(rules, olympia_content(), copy.deepcopy(CONTESTANTS), seed=3)


class Clock:
    """Server time for tests: every step moves 10 ms on unless told otherwise."""

    def __init__(self, show: Show) -> None:
        self.show = show
        self.now = 1_000

    def __call__(self, command, advance: int = 10):
        self.now += advance
        return self.show.handle(command, self.now)

    def tick(self, advance: int):
        from quizapp.engine.show import Tick
        return self(Tick(), advance)


def code_of(clock: Clock, command, advance: int = 10) -> str:
    """The code of the error `command` is refused with, `advance` ms after the last one."""
    with pytest.raises(InvalidCommand) as caught:
        clock(command, advance)
    return caught.value.code
