"""Checks a TV director would make on a 1920×1080 page: text clipped by its box, text over
other text, and (for the overlay) text outside the action-safe area (93%: 67 px / 38 px in)."""

from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.conftest import screenshot

ACTION_SAFE = {"left": 1920 * 0.035, "top": 1080 * 0.035, "right": 1920 * 0.965,
               "bottom": 1080 * 0.965}

# The function itself, without its heading comment (Playwright calls a function source).
CHECK = (Path(__file__).parent / "onair_check.js").read_text(encoding="utf-8").split("\n", 1)[1]


def check_on_air(page: Page, name: str, overlay: bool = False) -> None:
    """Fail on clipped or overlapping text (and, on the overlay, text outside action-safe)."""
    page.wait_for_timeout(600)  # graphics finish animating in
    screenshot(page, name)
    scope = ".ov-g.is-in" if overlay else "#studio-root"
    problems = page.evaluate(CHECK, {"scope": scope, "safe": ACTION_SAFE if overlay else None})
    assert problems == [], f"{name}: {problems}"
