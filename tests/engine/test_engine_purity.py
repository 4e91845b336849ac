"""DESIGN rule 1: the engine imports only the standard library and itself, and has no clock."""

import ast
import sys
from pathlib import Path

import pytest

import quizapp.engine

ENGINE_DIR = Path(quizapp.engine.__file__).parent
MODULES = sorted(ENGINE_DIR.rglob("*.py"))
CLOCK_CALLS = {
    ("time", "time"), ("time", "time_ns"), ("time", "monotonic"), ("time", "monotonic_ns"),
    ("time", "perf_counter"), ("time", "perf_counter_ns"), ("time", "process_time"),
    ("time", "localtime"), ("time", "gmtime"), ("time", "sleep"),
    ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
}  # fmt: skip
RANDOM_ALLOWED = {"Random"}  # an instance, seeded and stored; never the module's global one


def problems(source: str) -> list[str]:
    """Return what breaks the purity rule in one module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside the engine
                continue
            modules = [node.module or ""]
            for alias in node.names:
                if node.module == "random" and alias.name not in RANDOM_ALLOWED:
                    found.append(f"from random import {alias.name}")
                if node.module == "time" and ("time", alias.name) in CLOCK_CALLS:
                    found.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            pair = (node.value.id, node.attr)
            if pair in CLOCK_CALLS:
                found.append(f"{pair[0]}.{pair[1]}")
            if node.value.id == "random" and node.attr not in RANDOM_ALLOWED:
                found.append(f"random.{node.attr}")
            continue
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            if node.attr in ("now", "utcnow", "today") and node.value.attr in ("datetime", "date"):
                found.append(f"datetime.{node.value.attr}.{node.attr}")
            continue
        else:
            continue
        for module in modules:
            root = module.split(".")[0]
            if module == "quizapp.engine" or module.startswith("quizapp.engine."):
                continue
            if root == "__future__" or root in sys.stdlib_module_names:
                continue
            found.append(f"import {module}")
    return found


def test_engine_has_modules():
    assert {p.name for p in MODULES} >= {"game.py", "views.py", "matching.py", "nicknames.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_is_pure(path):
    assert problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import flask",
        "from sqlalchemy import orm",
        "import socketio",
        "import eventlet",
        "from quizapp.extensions import db",
        "import quizapp.live.dispatch",
        "import yaml",
        "import time\nt = time.time()",
        "import time\nt = time.monotonic()",
        "from time import monotonic",
        "from datetime import datetime\nx = datetime.now()",
        "import datetime\nx = datetime.datetime.now()",
        "import random\nrandom.shuffle([])",
        "import random\nx = random.random()",
        "from random import choice",
    ],
)
def test_checker_catches_impurity(source):
    assert problems(source)


def test_checker_allows_what_the_engine_needs():
    source = "import random\nimport unicodedata\nfrom quizapp.engine.game import Game\n"
    source += "rng = random.Random(3)\nfrom random import Random\nfrom . import views\n"
    assert problems(source) == []
