"""The server's async mode makes the PostgreSQL driver cooperative (bench/eventloop_stall.py
measures the difference: a blocking driver would freeze every connection of the worker)."""

import subprocess
import sys

import pytest

CHECK = """
import sys
from quizapp.live.asyncmode import prepare
prepare(sys.argv[1])
import psycopg2.extensions
print(psycopg2.extensions.get_wait_callback() is not None)
"""


@pytest.mark.parametrize("mode, cooperative", [("eventlet", "True"), ("threading", "False")])
def test_prepare_installs_a_green_wait_callback_for_psycopg2(mode, cooperative):
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", CHECK, mode],
                            capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == cooperative
