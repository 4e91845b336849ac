"""The producer's page of an episode on air, in a real browser: the studio links and feeds,
and the audience's QR card to print or show in the hall (the studio screen shows the show
only). On a laptop and on a phone, the 120-character feed links wrap instead of widening the
page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.shows import on_air

pytestmark = pytest.mark.e2e

LONG_NAME = "Nguyễn Thị Phương Thảo Nguyên"  # 29 characters
LONG_SCHOOL = "Trường THPT Dân tộc Nội trú tỉnh Quảng Ngãi số 2"  # 48 characters

SETUP = """
text = (service.EPISODE_DIR / "millionaire-demo.yaml").read_text(encoding="utf-8")
result = start("Ai là chuyên gia an toàn thông tin? Vòng chung kết cấp tỉnh", "millionaire",
               text, values["people"])
"""


@pytest.fixture(scope="module")
def episode(live_server):
    return on_air(live_server, SETUP, people=[{"name": LONG_NAME, "school": LONG_SCHOOL}])


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_the_producer_finds_the_audience_qr_and_every_link_on_any_screen(
        browser, live_server, episode, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/shows/{episode['id']}")
    card = page.locator("#audience-qr")
    expect(card.locator("svg")).to_be_visible()
    expect(card).to_contain_text(f"Mã PIN: {episode['pin']}")
    expect(card).to_contain_text(f"/play/{episode['pin']}")
    box = card.locator("svg").bounding_box()
    assert box["width"] >= 100 and box["height"] >= 100  # big enough to scan from a seat
    expect(page.locator("#studio-links")).to_contain_text(LONG_NAME)
    expect(page.locator("#feed-json")).to_contain_text("/feed.json?k=")
    # nothing wider than the window: the long links wrap
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.evaluate("() => document.querySelector('#feed-json').getBoundingClientRect()"
                         ".right") <= width
    screenshot(page, f"producer-episode-{width}")
    page.close()
