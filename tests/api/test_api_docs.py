"""docs/api.md is the contract: every endpoint it lists exists and every /api/v1 route is in
it; its error codes are exactly the server's, with their statuses, and each is produced by a
test (the API's counterpart of contests/live/test_protocol_conformance.py)."""

import re
from pathlib import Path

from quizapp.api.errors import ERRORS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs/api.md").read_text(encoding="utf-8")
ENDPOINT = re.compile(r"^### `(GET|POST|PATCH|PUT|DELETE) (/api/v1/\S*)`$", re.M)


def documented_endpoints() -> set[tuple[str, str]]:
    return set(ENDPOINT.findall(DOC))


def documented_codes() -> dict[str, int]:
    table = DOC.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    return {match[0]: int(match[1]) for match in
            re.findall(r"^\| `([a-z_]+)` \| (\d{3}) \|", table, re.M)}


def test_every_endpoint_is_documented_and_every_documented_one_exists(app):
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            served |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert len(documented_endpoints()) >= 9
    assert documented_endpoints() == served


def test_the_documented_error_codes_are_the_servers_with_their_statuses():
    assert documented_codes() == {code: status for code, (status, _) in ERRORS.items()}


def test_every_documented_error_code_is_produced_by_some_test():
    tests = [p for p in (ROOT / "tests/api").glob("test_*.py") if p.name != Path(__file__).name]
    asserted = "\n".join(p.read_text(encoding="utf-8") for p in tests)
    unproven = sorted(code for code in documented_codes() if f'"{code}"' not in asserted)
    assert unproven == [], f"documented codes no test produces: {unproven}"
