"""Checks a TV director would make on a page on air: text clipped by its box, text over other
text, text outside the safe area (the overlay: action-safe, 93%: 67 px / 38 px in at 1920×1080;
the studio screen: graphics-safe, 90%: 96 px / 54 px in, proportional at any size), and
characters the bundled font (Be Vietnam Pro) has no glyph for."""

import re
from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.conftest import screenshot

ACTION_SAFE = {"left": 1920 * 0.035, "top": 1080 * 0.035, "right": 1920 * 0.965,
               "bottom": 1080 * 0.965}

# The function itself, without its heading comment (Playwright calls a function source).
CHECK = (Path(__file__).parent / "onair_check.js").read_text(encoding="utf-8").split("\n", 1)[1]
FONT_CSS = (Path(__file__).resolve().parents[2] / "static" / "vendor" / "be-vietnam-pro-5.3.0"
            / "be-vietnam-pro.css")
# Every character drawn in the elements matching scope, once: their text, and what their style
# puts before or after them (CSS content).
CHARACTERS = """scope => {
  const seen = new Set();
  const shown = {opacityProperty: true, visibilityProperty: true};
  const add = text => { for (const ch of text) if (ch.trim()) seen.add(ch); };
  for (const root of document.querySelectorAll(scope)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.parentElement.checkVisibility(shown)) add(node.textContent);
    }
    for (const el of [root, ...root.querySelectorAll("*")]) {
      if (!el.checkVisibility(shown)) continue;
      for (const pseudo of ["::before", "::after"]) {
        const content = getComputedStyle(el, pseudo).content;
        if (content.startsWith('"')) add(content.slice(1, -1));
      }
    }
  }
  return [...seen];
}"""


def graphics_safe(width: int, height: int) -> dict:
    """The graphics-safe area (90%) of a picture of this size."""
    return {"left": width * 0.05, "top": height * 0.05, "right": width * 0.95,
            "bottom": height * 0.95}


def font_ranges() -> list[tuple[int, int]]:
    """The code points Be Vietnam Pro's bundled files cover (their unicode-range)."""
    ranges = []
    for found in re.findall(r"unicode-range:([^;]+);", FONT_CSS.read_text(encoding="utf-8")):
        for part in found.split(","):
            low, _, high = part.strip().removeprefix("U+").partition("-")
            ranges.append((int(low, 16), int(high or low, 16)))
    return ranges


def missing_glyphs(page: Page, scope: str) -> list[str]:
    """Characters shown in scope that the bundled font cannot draw (another font would)."""
    ranges = font_ranges()
    return sorted(ch for ch in page.evaluate(CHARACTERS, scope)
                  if not any(low <= ord(ch) <= high for low, high in ranges))


def check_on_air(page: Page, name: str, overlay: bool = False, safe: dict | None = None,
                 settle_ms: int = 600) -> None:
    """Fail on clipped or overlapping text, and on text outside the safe area: action-safe on
    the overlay, `safe` where given (the studio screen's graphics-safe area); on the overlay also
    on any character of its graphics on air that the bundled font cannot draw."""
    page.wait_for_timeout(settle_ms)  # graphics finish animating in
    screenshot(page, name)
    scope = ".ov-g.is-in" if overlay else "#studio-root"
    area = ACTION_SAFE if overlay else safe
    problems = page.evaluate(CHECK, {"scope": scope, "safe": area})
    assert problems == [], f"{name}: {problems}"
    if overlay:
        missing = missing_glyphs(page, scope)
        assert missing == [], f"{name}: characters the bundled font lacks: {missing}"
