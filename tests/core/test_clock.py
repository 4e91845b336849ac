"""One clock: stored UTC, shown in the configured zone (Asia/Ho_Chi_Minh unless set)."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from quizapp.core.clock import format_local, local_date, to_local, utc_range


def test_a_stored_utc_time_reads_as_vietnamese_local_time(app):
    evening = datetime(2026, 12, 5, 18, 30)  # 18:30 UTC is 01:30 the next morning in Quảng Ngãi
    assert format_local(evening) == "06/12/2026 01:30"
    assert local_date(evening) == date(2026, 12, 6)
    assert to_local(evening).utcoffset().total_seconds() == 7 * 3600


def test_the_zone_is_a_setting(app):
    app.config["TIMEZONE"] = "UTC"
    try:
        assert format_local(datetime(2026, 12, 5, 18, 30)) == "05/12/2026 18:30"
    finally:
        app.config["TIMEZONE"] = "Asia/Ho_Chi_Minh"


def test_local_days_become_utc_range_that_cover_them_exactly(app):
    start, end = utc_range(date(2026, 12, 1), date(2026, 12, 15))
    assert start == datetime(2026, 11, 30, 17, 0)
    assert end == datetime(2026, 12, 15, 17, 0)


def test_templates_show_local_time(app):
    rendered = app.jinja_env.from_string("{{ t|localtime }}").render(t=datetime(2026, 1, 1, 0, 0))
    assert rendered == "01/01/2026 07:00"
    assert app.jinja_env.from_string("{{ t|localtime }}").render(t=None) == ""


def test_calendar_days_read_like_moments_but_are_not_moved(app):
    assert format_local(date(2026, 12, 5)) == "05/12/2026"
    rendered = app.jinja_env.from_string("{{ d|localtime('%d/%m/%Y') }}").render(d=date(2026, 9, 1))
    assert rendered == "01/09/2026"


def test_an_unknown_zone_is_refused_at_start(tmp_path):
    from tests.conftest import make_app

    with pytest.raises(ValueError, match="QUIZAPP_TIMEZONE"):
        make_app(tmp_path, TIMEZONE="Asia/Kon_Tum")


def test_no_page_or_export_formats_time_by_itself():
    """Times reach people only through the clock: no strftime or fixed UTC offset elsewhere."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in [*root.glob("templates/**/*.html"), *root.glob("quizapp/**/*.py")]:
        if path.name == "clock.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.strftime\(|:%d/%m|LOCAL_OFFSET|hours=7\b", text):
            found.append(str(path.relative_to(root)))
    assert found == []
