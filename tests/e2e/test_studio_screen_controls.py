"""The studio screen's controls, which are no buttons on camera: a small dot in the corner while
the connection is lost, outside graphics-safe, gone once Socket.IO connects again; the F key
asks the browser for full screen.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_until
from tests.e2e.onair import graphics_safe
from tests.e2e.shows import on_air
from tests.e2e.test_gameshow import CONTESTANTS, WAIT, watch_console

pytestmark = pytest.mark.e2e

SETUP = """
result = start("Màn hình trường quay", "olympia", service.demo_content("olympia"),
               values["people"])
"""

# Notes each request for full screen and on which element: headless Chromium may refuse full
# screen, so the test asks whether the page asked for it.
COUNT_FULL_SCREEN = """() => {
  const requests = window.quizappFullScreen = [];
  const request = Element.prototype.requestFullscreen;
  Element.prototype.requestFullscreen = function (...args) {
    requests.push(this === document.documentElement ? "page" : this.id || this.tagName);
    return request.apply(this, args);
  };
}"""

# Notes each time the dot comes and goes, with where it is while shown: Socket.IO connects again
# within a second or two, sooner than a poll from the test can be sure to see it.
RECORD_DOT = """() => {
  const dot = document.getElementById("s-dot");
  const changes = window.quizappDot = [];
  new MutationObserver(() => {
    const shown = dot.checkVisibility();
    if (changes.length && changes[changes.length - 1].shown === shown) return;
    const box = dot.getBoundingClientRect();
    changes.push({shown, left: box.left, top: box.top, right: box.right, bottom: box.bottom});
  }).observe(dot, {attributes: true, attributeFilter: ["class"]});
}"""


def test_the_lost_connection_dot_stays_off_camera_and_f_asks_for_full_screen(browser,
                                                                            live_server):
    show = on_air(live_server, SETUP, people=CONTESTANTS)
    errors = []
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    screen = context.new_page()
    watch_console(screen, errors)
    sockets = []  # every WebSocket of the page goes through the test, to the server

    def websocket(route):
        route.connect_to_server()
        sockets.append(route)
    screen.route_web_socket(re.compile(r"/socket\.io/"), websocket)
    screen.goto(f"{live_server.url}/studio/{show['id']}/screen?k={show['key']}")
    dot = screen.locator("#s-dot")
    expect(screen.locator("#s-seats .seat-card")).to_have_count(4, timeout=WAIT)
    expect(dot).to_be_hidden(timeout=WAIT)
    assert len(sockets) == 1
    screen.evaluate(RECORD_DOT)

    # The connection drops: the dot comes, in the corner outside graphics-safe (off camera);
    # Socket.IO connects again by itself, the screen watches the show again, the dot goes.
    sockets[0].close()
    wait_until(screen, "window.quizappDot.some(change => change.shown)")
    wait_until(screen, "window.quizappDot.length >= 2 && !window.quizappDot.at(-1).shown")
    expect(dot).to_be_hidden()
    assert len(sockets) == 2
    shown = screen.evaluate("window.quizappDot")[0]
    safe = graphics_safe(1920, 1080)
    assert shown["shown"] and shown["right"] > shown["left"], shown
    assert (shown["left"] >= safe["right"] or shown["right"] <= safe["left"]
            or shown["top"] >= safe["bottom"] or shown["bottom"] <= safe["top"]), shown
    assert shown["right"] <= 1920 and shown["bottom"] <= 1080, shown  # and in the picture
    expect(screen.locator("#s-seats .seat-card")).to_have_count(4)

    # F asks for full screen, for the whole page; nothing on screen says so.
    screen.evaluate(COUNT_FULL_SCREEN)
    screen.keyboard.press("f")
    wait_until(screen, "window.quizappFullScreen.length > 0", 5_000)
    assert screen.evaluate("window.quizappFullScreen") == ["page"]
    assert screen.locator("button, a[href]").count() == 0
    screenshot(screen, "studio-screen-controls")
    context.close()
    assert errors == []
