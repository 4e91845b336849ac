"""Fuzz every importer: random bytes and mutated real files are refused cleanly or parsed.

Whatever comes in, a parser returns questions or raises ImportRejected with located errors;
never another exception (which would be a 500 page or a half-done import).
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bank import formats
from quizapp.bank.formats.question import ImportRejected

SAMPLES = Path(__file__).parent / "samples"
SEEDS = {
    "yaml": "lua-dao.yaml", "csv": "cau-hoi-excel.csv", "gift": "an-toan.gift",
    "aiken": "an-toan.aiken.txt", "moodle_xml": "an-toan.moodle.xml",
}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_cleanly(fmt, data, filename):
    try:
        questions = formats.parse(data, filename, fmt)
    except ImportRejected as rejected:
        assert rejected.errors and all(e.message for e in rejected.errors)
        return
    assert isinstance(questions, list)


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(fmt, data):
    parse_cleanly(fmt, data, f"fuzz.{fmt}")


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_mutated_real_files(fmt, data):
    original = (SAMPLES / SEEDS[fmt]).read_bytes()
    position = data.draw(st.integers(0, len(original)))
    cut = data.draw(st.integers(0, 40))
    insert = data.draw(st.binary(max_size=40) | st.sampled_from(
        [b"{", b"}", b"=", b"~", b"::", b"\n", b"<", b"&x;", b"\"", b",", b"- ", b": ", b"\x00",
         "đ".encode(), b"ANSWER: Z", b"\xff"]))
    parse_cleanly(fmt, original[:position] + insert + original[position + cut:], SEEDS[fmt])


@FUZZ
@given(text=st.text(max_size=400))
def test_random_text_as_gift_and_aiken(text):
    for fmt in ("gift", "aiken"):
        parse_cleanly(fmt, text.encode("utf-8"), "fuzz.txt")
