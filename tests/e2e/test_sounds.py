"""Live contests have sound on the big screen (with a mute switch) and none on phones unless
the pupil turns it on; people who ask for less motion get no animation."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_resume import open_game
from tests.e2e.test_screen_layout import PHONE, WAIT, host_step, sign_in

pytestmark = pytest.mark.e2e


def played(page):
    return page.evaluate("window.quizappSounds.played.slice()")


def test_big_screen_sounds_with_a_mute_switch_and_silent_phones(browser, live_server):
    game_id, pin = open_game(live_server, "Thi thử: âm thanh")
    url = live_server.url
    host = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(host, live_server)
    host.goto(f"{url}/live/games/{game_id}/host")
    screen_url = host.get_by_role("link", name="Mở màn hình lớn").get_attribute("href")
    screen = browser.new_context(viewport={"width": 1280, "height": 720},
                                 reduced_motion="reduce").new_page()
    screen.goto(url + screen_url)
    switch = screen.get_by_role("button", name="Âm thanh: bật")
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(screen.locator("#lobby-waiting")).to_be_visible(timeout=WAIT)
    assert screen.locator("#lobby-waiting").evaluate("e => getComputedStyle(e).animationName") \
        == "none"  # prefers-reduced-motion

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{url}/play/{pin}")
    expect(phone.locator("#sound")).to_have_attribute("aria-pressed", "false")
    phone.get_by_label("Tên hiển thị").fill("Lan")
    phone.get_by_role("button", name="Vào chơi").click()
    expect(phone.locator("#s-lobby")).to_be_visible(timeout=WAIT)
    expect(screen.locator("#lobby-count")).to_have_text("1", timeout=WAIT)
    assert played(screen) == ["lobby"]  # a chime for the new player

    host_step(host)  # the first question opens
    expect(phone.locator("#s-question")).to_be_visible(timeout=WAIT)
    phone.locator("#q-answers button.answer").first.click()
    expect(phone.locator("#s-closed")).to_be_visible(timeout=WAIT)
    host_step(host)  # reveal
    expect(screen.locator("body")).to_have_attribute("data-rendered", "revealed:0", timeout=WAIT)
    assert played(screen)[-1] == "reveal"
    expect(phone.locator("#s-reveal")).to_be_visible(timeout=WAIT)
    assert played(phone) == []  # phones are silent by default

    # The pupil turns sound on; the big screen is muted, and stays muted after a reload.
    phone.locator("#sound").click()
    expect(phone.locator("#sound")).to_have_attribute("aria-pressed", "true")
    switch.click()
    expect(screen.locator("#sound")).to_have_attribute("aria-pressed", "false")
    expect(screen.locator("#sound .sound-label")).to_have_text("Âm thanh: tắt")
    screen.reload()
    expect(screen.locator("#sound")).to_have_attribute("aria-pressed", "false", timeout=WAIT)
    host_step(host)  # leaderboard
    host_step(host)  # second question
    expect(phone.locator("#s-question")).to_be_visible(timeout=WAIT)
    phone.locator("#q-answers button.answer").first.click()
    phone.locator("#q-send").click()  # the second question takes several answers
    expect(phone.locator("#s-closed")).to_be_visible(timeout=WAIT)
    host_step(host)  # reveal
    expect(phone.locator("#s-reveal")).to_be_visible(timeout=WAIT)
    expect(screen.locator("body")).to_have_attribute("data-rendered", "revealed:1", timeout=WAIT)
    assert played(phone) == ["reveal"]
    assert played(screen) == []  # muted (a fresh page after the reload)
