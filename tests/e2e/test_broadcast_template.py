"""The CasparCG HTML template in broadcast/: fed real feed fields, its text fits and stays safe.

The samples come from the engine and the feed module (no hand-written fields), with long
Vietnamese content: every text must sit inside its box, on no other text, and inside the
90% graphics-safe area (96..1824 × 54..1026 at 1920×1080), in the bundled Vietnamese font.
"""

import copy
import json
import re
from pathlib import Path

import pytest

from quizapp.engine.show import (
    ChoosePack,
    Judge,
    LockAnswer,
    NextQuestion,
    PickRow,
    PlaceStar,
    Reveal,
    Show,
    StartRound,
    StartTimer,
    TypeAnswer,
    UseLifeline,
    public_view,
)
from quizapp.gameshow import feed
from tests.engine.show.show_helpers import Clock, QuestionMaker, olympia_content, preset

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

TEMPLATE = Path(__file__).parents[2] / "broadcast" / "casparcg" / "quizapp.html"
CHECK = (Path(__file__).parent / "layout_check.js").read_text(encoding="utf-8")
SAFE = {"left": 96, "top": 54, "right": 1824, "bottom": 1026}
LONG_QUESTION = ("Theo Luật An ninh mạng, khi phát hiện một đường liên kết lạ được gửi qua "
                 "tin nhắn từ người tự xưng là cán bộ ngân hàng, đề nghị cập nhật thông tin "
                 "tài khoản ngay trong ngày, học sinh nên làm gì đầu tiên để bảo vệ dữ liệu "
                 "cá nhân?")
PEOPLE = [{"name": "Nguyễn Thị Phương Thảo Nguyên",
           "school": "THPT chuyên Nguyễn Tất Thành (Quảng Ngãi)"},
          {"name": "Trần Hoàng Bảo Khánh", "school": "THPT Ngọc Hồi"},
          {"name": "Lê Nguyễn Quỳnh Chi", "school": "PT Dân tộc nội trú tỉnh Quảng Ngãi"},
          {"name": "Phạm Đức Dũng", "school": "THPT Sa Thầy"}]


def long_questions(content):
    """Every question of the demo content, its text made long (as real ones are)."""
    def walk(value):
        if isinstance(value, dict) and "kind" in value:
            value["text"] = LONG_QUESTION
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(content)
    return content


def olympia_show():
    show = Show.create(preset("olympia"), long_questions(olympia_content()),
                       copy.deepcopy(PEOPLE), seed=3)
    for seat, score in zip(show.seats, (120, 95, 230, 40), strict=True):
        seat.score = score
    return show, Clock(show)


def to_round(show, clock, key):
    while show.rules is None or show.rules.key != key or show.stage != "playing":
        clock(StartRound())


def fields_of(show, clock):
    return feed.fields(public_view(show), None, clock.now)


def sample_obstacle_row():
    show, clock = olympia_show()
    to_round(show, clock, "vuot-chuong-ngai-vat")
    clock(PickRow(2))
    clock(StartTimer())
    return fields_of(show, clock)


def sample_acceleration_revealed():
    show, clock = olympia_show()
    to_round(show, clock, "tang-toc")
    clock(NextQuestion())
    clock(StartTimer())
    answer = show.question.answers[0]
    clock(TypeAnswer(3, answer), 1_870)
    clock(TypeAnswer(1, "Báo cho thầy cô và phụ huynh ngay lập tức"), 2_410)
    clock(TypeAnswer(4, "không bấm vào đường link"), 3_050)
    clock(TypeAnswer(2, answer), 4_990)
    clock.tick(30_000)
    clock(Reveal())
    return fields_of(show, clock)


def sample_individual_revealed():
    show, clock = olympia_show()
    clock(StartRound())
    clock(NextQuestion())
    clock(StartTimer())
    clock(Judge(True))
    clock(Reveal())
    return fields_of(show, clock)


def sample_ladder():
    make = QuestionMaker()
    questions = [make.single() for _ in range(15)]
    for question in questions:
        question["text"] = LONG_QUESTION
        question["choices"] = [
            {"text": "Bấm vào đường liên kết để kiểm tra thông tin tài khoản"},
            {"text": "Không bấm, gọi tổng đài chính thức của ngân hàng", "correct": True},
            {"text": "Chuyển tin nhắn cho bạn bè cùng lớp hỏi ý kiến"},
            {"text": "Trả lời tin nhắn, yêu cầu gửi giấy tờ chứng minh"}]
    show = Show.create(preset("millionaire"), {"ladder": questions}, copy.deepcopy(PEOPLE[:1]),
                       seed=5)
    clock = Clock(show)
    clock(StartRound())
    for _ in range(4):
        clock(NextQuestion())
        clock(StartTimer())
        clock(LockAnswer(1))
        clock(Reveal())
    clock(NextQuestion())
    clock(StartTimer())
    clock(UseLifeline("fifty_fifty"))
    clock(LockAnswer(1))
    return fields_of(show, clock)


def sample_finish_star():
    show, clock = olympia_show()
    to_round(show, clock, "ve-dich")
    clock(ChoosePack([20, 30, 30]))
    clock(PlaceStar())
    clock(NextQuestion())
    clock(StartTimer())
    return fields_of(show, clock)


SAMPLES = {"obstacle-row": sample_obstacle_row, "tang-toc-revealed": sample_acceleration_revealed,
           "individual-revealed": sample_individual_revealed, "ladder-5050": sample_ladder,
           "ve-dich-star": sample_finish_star}


@pytest.fixture
def graphic(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(TEMPLATE.as_uri())
    yield page
    context.close()


def settle(page):
    page.evaluate("() => document.fonts.ready")
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")


def problems_on(page):
    problems = page.evaluate(CHECK, {})
    problems += page.evaluate("""(safe) => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!node.textContent.trim() || parent.closest("[hidden], script, style")) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) {
                if (r.width < 0.5) continue;
                const box = [r.left, r.top, r.right, r.bottom].map(Math.round);
                if (r.left < safe.left || r.top < safe.top || r.right > safe.right
                        || r.bottom > safe.bottom)
                    out.push(`outside graphics-safe: "${node.textContent.slice(0, 30)}" at ${box}`);
            }
        }
        for (const box of document.querySelectorAll(".panel, .head")) {  // the graphics too
            const r = box.getBoundingClientRect();
            if (box.closest("[hidden]") || !r.width) continue;
            if (r.left < safe.left || r.top < safe.top || r.right > safe.right
                    || r.bottom > safe.bottom)
                out.push(`panel outside graphics-safe: ${box.className}`);
        }
        const q = document.getElementById("question"), span = document.getElementById("qtext");
        if (!q.hidden && span.offsetHeight > q.clientHeight)
            out.push(`question text ${span.offsetHeight}px tall in a ${q.clientHeight}px box`);
        return out;
    }""", SAFE)
    return problems


def opacity(page, element_id):
    return page.evaluate("(id) => getComputedStyle(document.getElementById(id)).opacity",
                         element_id)


def missing_glyphs(page):
    """Characters shown that the template's own Be Vietnam Pro files cannot draw."""
    ranges = []
    for found in re.findall(r"unicode-range:([^;]+);", TEMPLATE.read_text(encoding="utf-8")):
        for part in found.split(","):
            low, _, high = part.strip().removeprefix("U+").partition("-")
            ranges.append((int(low, 16), int(high or low, 16)))
    shown = page.evaluate("""() => {
        const seen = new Set();
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest("[hidden], script, style")) continue;
            for (const ch of node.textContent) if (ch.trim()) seen.add(ch);
        }
        return [...seen];
    }""")
    return sorted(ch for ch in shown if not any(low <= ord(ch) <= high for low, high in ranges))


def vietnamese_font_loaded(page):
    return page.evaluate("""() => [...document.fonts].some(
        (f) => f.status === "loaded" && f.unicodeRange.includes("1EA0-1EF9"))""")


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_fits_inside_graphics_safe_in_the_vietnamese_font(graphic, name):
    values = SAMPLES[name]()
    graphic.evaluate("(data) => { update(data); play(); }", json.dumps(values, ensure_ascii=False))
    settle(graphic)
    graphic.evaluate("() => { document.documentElement.style.background = '#4a5563'; }")
    SCREENSHOTS.mkdir(exist_ok=True)
    graphic.screenshot(path=str(SCREENSHOTS / f"broadcast-casparcg-{name}.png"))
    assert problems_on(graphic) == []
    assert vietnamese_font_loaded(graphic)
    assert missing_glyphs(graphic) == []
    text = graphic.inner_text("body")
    assert values["question_text"] in text.replace("\n", " ")
    for n in range(1, 5):
        if f"seat{n}_name" in values:
            assert values[f"seat{n}_name"] in text
    if name == "tang-toc-revealed":
        assert "1.87 giây" in text and "Báo cho thầy cô và phụ huynh ngay lập tức" in text
    if name == "ladder-5050":
        gone = graphic.locator(".choice.gone").count()
        assert gone == 2 and graphic.locator(".choice.locked").inner_text().startswith("B")
    if name == "ve-dich-star":
        assert graphic.locator("#star").is_visible() and "Ngôi sao hy vọng" in text
        assert graphic.locator(".card .badge svg").count() == 1
    if name == "individual-revealed":
        assert graphic.locator("#answer").is_visible() and values["answer"] in text


def test_caspar_xml_template_data_is_understood_and_stop_takes_the_graphic_out(graphic):
    values = sample_obstacle_row()
    graphic.evaluate("(xml) => { update(xml); play(); }", feed.xml_caspar(values).decode("utf-8"))
    settle(graphic)
    assert graphic.inner_text("#round") == values["round_title"]
    assert "Hàng ngang đã mở" in graphic.inner_text("#status")
    assert problems_on(graphic) == []
    graphic.evaluate("() => stop()")
    settle(graphic)
    assert opacity(graphic, "lower") == "0"
    graphic.evaluate("() => { play(); next(); }")
    settle(graphic)
    assert opacity(graphic, "board") == "0" and opacity(graphic, "lower") == "1"


def test_polling_mode_reads_the_feed_and_keeps_the_last_graphic_in_an_outage(browser):
    values = sample_obstacle_row()
    state = {"up": True}
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()

    def answer(route):
        if state["up"]:
            route.fulfill(status=200, content_type="application/json",
                          headers={"Access-Control-Allow-Origin": "null"},
                          body=json.dumps(feed.rows(values), ensure_ascii=False))
        else:
            route.fulfill(status=503, body="down")

    page.route("http://studio.test/**", answer)
    page.goto(TEMPLATE.as_uri() + "?feed=http://studio.test/feed-vmix.json&interval=250&lang=en")
    page.wait_for_function("() => document.body.classList.contains('on')")
    page.wait_for_function("() => document.getElementById('round').textContent.length > 0")
    assert page.inner_text("#round") == values["round_title"]
    assert "Rows opened" in page.inner_text("#status")
    state["up"] = False
    page.wait_for_timeout(600)
    assert page.inner_text("#round") == values["round_title"]
    context.close()


def test_hostile_or_broken_data_is_shown_as_text_or_ignored(graphic):
    values = sample_obstacle_row()
    values["question_text"] = '<img src=x onerror="window.hacked=1">' + "Ư" * 2000
    values["seat1_name"] = "<script>window.hacked=2</script>"
    assert graphic.evaluate("(data) => update(data)", json.dumps(values, ensure_ascii=False))
    graphic.evaluate("() => play()")
    settle(graphic)
    assert graphic.evaluate("() => window.hacked === undefined")
    assert graphic.locator("img").count() == 0 and graphic.locator("#board script").count() == 0
    assert "<script>window.hacked=2</script>" in graphic.inner_text("#board")
    assert graphic.evaluate("() => getComputedStyle(document.getElementById('qtext')).fontSize") \
        == "28px"  # the floor: an absurdly long text is cut in its box, never spills out
    assert graphic.evaluate("(bad) => update(bad)", "{not json") is False
    assert "<script>" in graphic.inner_text("#board")  # the last good data stays on air
