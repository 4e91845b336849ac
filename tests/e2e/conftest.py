"""Browser tests: a real server in a subprocess, driven by Playwright with Debian's chromium."""

import os
import time
from pathlib import Path

import pytest

from tests.server import ADMIN_PASSWORD, LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A server of the test file's own: what one file's tests add (schools, units, a real
    registry that retires the sample schools) never changes what another file sees."""
    if os.environ.get("QUIZAPP_TEST_DATABASE_URL"):
        pytest.skip("browser tests run once, on the SQLite default")
    server = LiveServer(tmp_path_factory.mktemp("e2e")).setup().start()
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
    """Save the whole page with every sticky bar where it belongs: a full-page capture of a
    page taller than its window draws the bars where they stuck in the window, over the text,
    so the window is made as tall as the page for the capture (as `layout_problems` does)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    full = page.evaluate("document.documentElement.scrollHeight")
    if size and full > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": full})
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        if size and full > size["height"]:
            page.set_viewport_size(size)


def sign_in(page, server, username="admin", password=ADMIN_PASSWORD):
    """Sign in through the login form (the admin unless told) and land on the home page."""
    page.goto(f"{server.url}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{server.url}/")


def wait_until(page, expression: str, timeout_ms: float = 15_000) -> None:
    """Wait until `expression` is truthy in the page.

    Playwright's wait_for_function polls a string predicate with eval inside the page, which
    the app's Content-Security-Policy (script-src 'self') refuses whenever the first check is
    false; page.evaluate goes through the browser's protocol and is not bound by the CSP.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout_ms} ms: {expression}"
        page.wait_for_timeout(50)
