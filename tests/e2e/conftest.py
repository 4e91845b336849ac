"""Browser tests: a real server in a subprocess, driven by Playwright with Debian's chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
ADMIN_PASSWORD = "e2e-admin-password"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """A `quizapp serve` process on its own database, with an admin account."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "QUIZAPP_DATABASE_URL": os.environ.get("QUIZAPP_TEST_DATABASE_URL")
            or f"sqlite:///{workdir / 'e2e.sqlite3'}",
            "QUIZAPP_SECRET_KEY": "e2e-secret",
            "QUIZAPP_PUBLIC_URL": self.url,
            "QUIZAPP_ASYNC_MODE": "eventlet",
        }
        self.log = open(workdir / "server.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = None

    def command(self, *args):
        return subprocess.run([sys.executable, "-m", "quizapp", *args], env=self.env,
                              check=True, capture_output=True, text=True)

    def start(self):
        self.command("init")
        self.command("users", "create", "admin", "--role", "admin",
                     "--password", ADMIN_PASSWORD)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quizapp", "serve", "--host", "127.0.0.1",
             "--port", str(self.port)], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server did not start; see {self.log.name}")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
        self.log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    if os.environ.get("QUIZAPP_TEST_DATABASE_URL"):
        pytest.skip("browser tests run once, on the SQLite default")
    server = LiveServer(tmp_path_factory.mktemp("e2e")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
