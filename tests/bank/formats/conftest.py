"""Fixtures for the format tests: the folder of hand-written sample files."""

from pathlib import Path

import pytest

from quizapp.bank.formats.question import ImportRejected

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def sample():
    """Return the bytes of a hand-written file in tests/bank/formats/samples/."""
    return lambda name: (SAMPLES / name).read_bytes()


@pytest.fixture
def rejected():
    """Return a helper: parse and return the {(line, field)} of the errors it must raise."""
    def run(parse, data, filename):
        with pytest.raises(ImportRejected) as caught:
            parse(data, filename)
        for error in caught.value.errors:
            assert error.file == filename
            assert error.message
        return caught.value.errors

    return run
