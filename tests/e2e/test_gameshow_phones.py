"""A TV viewer's phone during a Millionaire question: 50:50 takes the same two choices away
live, after a reload, and the removed ones cannot be tapped."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.shows import on_air
from tests.e2e.test_gameshow import CONTESTANTS, WAIT, Studio, join_audience, press

pytestmark = pytest.mark.e2e

SETUP = """
result = start("Tập thử 50:50", "millionaire", service.demo_content("millionaire"),
               values["people"])
"""


def choice_texts(viewer):
    return [t.strip() for t in viewer.locator("#q-answers button.answer .answer-text")
            .all_inner_texts()]


def test_fifty_fifty_reaches_the_viewers_phones_and_the_removed_choices_cannot_be_tapped(
        browser, live_server):
    show = on_air(live_server, SETUP, people=CONTESTANTS[:1])
    errors = []
    studio = Studio(browser, live_server, show, errors, phones=())
    mc, judge = studio.mc, studio.judge
    watching = join_audience(browser, live_server, show["pin"], "Hoa", "THCS Lê Lợi", errors)
    later = join_audience(browser, live_server, show["pin"], "Minh", "THCS Lê Lợi", errors)
    press(mc, "#mc-start-round")
    press(mc, "#mc-next")
    press(mc, "#mc-start-timer")
    expect(watching.locator("#q-answers button.answer")).to_have_count(4, timeout=WAIT)
    before = choice_texts(watching)
    right = judge.locator("#j-reference").inner_text().strip()
    assert right in before

    press(mc, "#mc-lifeline-fifty_fifty")
    # The phone already showing the question changes at once, without a reload.
    removed = watching.locator("#q-answers button.answer.is-removed")
    expect(removed).to_have_count(2, timeout=WAIT)
    after = choice_texts(watching)
    kept = [t for t in after if t in before]
    assert right in kept and len(kept) == 2
    gone = [t for t in before if t not in kept]
    for text in gone:
        expect(watching.locator("#q-answers")).not_to_contain_text(text)
    for k in range(2):
        expect(removed.nth(k)).to_be_disabled()
        expect(removed.nth(k)).to_contain_text("Đã loại (50:50)")
    screenshot(watching, "gameshow-viewer-fifty-fifty")
    # A tap on a removed choice does nothing: the question stays, nothing is sent.
    removed.first.click(force=True)
    removed.first.tap(force=True)
    expect(watching.locator("#s-question")).to_be_visible()
    expect(watching.locator("#s-sent")).to_be_hidden()

    # The other phone comes back (a reload resumes with its token): the same two are gone.
    later.reload()
    expect(later.locator("#q-answers button.answer.is-removed")).to_have_count(2, timeout=WAIT)
    assert [t for t in choice_texts(later) if t in before] == kept
    later.locator("#q-answers button.answer", has_text=right).first.tap()
    expect(later.locator("main")).to_contain_text("Đã nhận câu trả lời", timeout=WAIT)

    # The MC locks the right answer and reveals: the key shows the removed ones struck out.
    lock = mc.locator("#mc-lock button.lock-button").filter(has=mc.get_by_text(right, exact=True))
    expect(lock).to_be_enabled(timeout=WAIT)
    lock.click()
    press(mc, "#mc-reveal")
    expect(later.locator("#reveal-key .answer.is-removed")).to_have_count(2, timeout=WAIT)
    expect(later.locator("#reveal-title")).to_have_text("Chính xác!", timeout=WAIT)
    screenshot(later, "gameshow-viewer-fifty-fifty-reveal")
    studio.close()
    for viewer in (watching, later):
        viewer.context.close()
    assert errors == []
