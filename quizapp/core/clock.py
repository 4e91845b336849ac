"""One clock: times are stored in UTC and shown in the province's time zone.

Rows keep naive UTC datetimes (what SQLite and PostgreSQL both store). Everything a person
reads, on a page or in an export, is converted here to the configured zone (QUIZAPP_TIMEZONE,
Asia/Ho_Chi_Minh by default), and local calendar days (a campaign's dates, a report's period)
are turned back into UTC bounds here too.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DATE_PATTERN = "%d/%m/%Y"


def utcnow() -> datetime:
    """Return the current UTC time as a naive datetime."""
    return datetime.now(UTC).replace(tzinfo=None)


def zone() -> ZoneInfo:
    """Return the time zone people read times in."""
    name = current_app.config.get("TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def check_zone(name: str) -> None:
    """Refuse an unknown zone at start, naming the setting, rather than on the first page."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"QUIZAPP_TIMEZONE: unknown time zone {name!r}") from None


def to_local(moment: datetime | None) -> datetime | None:
    """Return a stored (naive UTC) datetime as an aware datetime in the local zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone())


def local_now() -> datetime:
    return to_local(utcnow())


def ms_since_local_midnight(epoch_ms: int) -> int:
    """Milliseconds since local midnight of an epoch time (a time-of-day timecode counts them)."""
    moment = datetime.fromtimestamp(epoch_ms // 1000, tz=zone())
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    # Wall-clock time of day: on a summer-time change day it is what the studio clock reads.
    wall = (moment.replace(tzinfo=None) - midnight.replace(tzinfo=None)) // timedelta(seconds=1)
    return wall * 1000 + epoch_ms % 1000


def local_date(moment: datetime) -> date:
    """Return the local calendar date of a stored (naive UTC) datetime."""
    return to_local(moment).date()


def today_local() -> date:
    return local_date(utcnow())


def utc_range(first: date, last: date) -> tuple[datetime, datetime]:
    """Return [start, end) in naive UTC covering local days `first` to `last` inclusive."""
    start = datetime.combine(first, time.min, tzinfo=zone())
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone())
    return start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None)


def format_local(moment: datetime | date | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """Return a stored datetime as local text ("" for none): the `localtime` template filter.

    A calendar date (a campaign's last day, a program's day) is no moment: it is shown as it
    is, in the date part of `pattern`, so dates and times read alike everywhere.
    """
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return moment.strftime(DATE_PATTERN if pattern.endswith("%H:%M") else pattern)
    return to_local(moment).strftime(pattern)
