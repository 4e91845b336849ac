"""Report periods: a school year (1/9–31/8), a calendar year, and the day a report is "as of".

Reports are due every year before 15 December, so a calendar-year report is as of 15/12 by
default; a school-year report is as of its last day unless told otherwise. A program belongs
to the period of the local day it ended (a game: the day it finished; a campaign: its last
day). A campaign still open on the report day counts too, with what pupils did up to that day:
a report as of 15/12 includes the campaign that closes on 20/12.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from quizapp.core.clock import format_local
from quizapp.schools.years import year_bounds

DEFAULT_AS_OF = (12, 15)


class PeriodError(ValueError):
    """A period or date the user typed cannot be read; the message says the expected form."""


@dataclass(frozen=True)
class Period:
    kind: str  # "school_year" or "calendar_year"
    year: int  # the first calendar year (2025 = 2025–2026 for a school year)
    as_of: date

    @property
    def bounds(self) -> tuple[date, date]:
        if self.kind == "school_year":
            return year_bounds(self.year)
        return date(self.year, 1, 1), date(self.year, 12, 31)

    @property
    def start(self) -> date:
        return self.bounds[0]

    @property
    def cutoff(self) -> date:
        """The last day counted: the period's end or the report day, whichever is first."""
        return min(self.bounds[1], self.as_of)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.year + 1}" if self.kind == "school_year" else str(self.year)

    @property
    def label(self) -> str:
        if self.kind == "school_year":
            return _("năm học %(a)d–%(b)d", a=self.year, b=self.year + 1)
        return _("năm %(y)d", y=self.year)

    @property
    def as_of_text(self) -> str:
        return format_local(self.as_of)

    def previous(self) -> "Period":
        """The same period one year earlier, as of the same day of that year."""
        try:
            as_of = self.as_of.replace(year=self.as_of.year - 1)
        except ValueError:  # 29 February
            as_of = self.as_of.replace(year=self.as_of.year - 1, day=28)
        return Period(self.kind, self.year - 1, as_of)


def default_as_of(kind: str, year: int) -> date:
    if kind == "calendar_year":
        return date(year, *DEFAULT_AS_OF)
    return year_bounds(year)[1]


def parse_day(text: str) -> date:
    """Read 2026-12-15 or 15/12/2026."""
    text = (text or "").strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except (ValueError, TypeError):
        raise PeriodError(_("ngày '%(t)s' không đọc được (dạng 2026-12-15)", t=text[:20])) \
            from None


def bad_period(text: str) -> str:
    return _("kỳ báo cáo '%(t)s' không hợp lệ (2026 hoặc 2025-2026)", t=text[:20])


def parse_period(text: str, as_of: str | date | None = None) -> Period:
    """Read "2026" (a calendar year) or "2025-2026" (a school year), with an optional as-of day."""
    text = (text or "").strip()
    first, dash, second = text.partition("-")
    if not (first.isdigit() and len(first) == 4 and 2000 <= int(first) <= 2100):
        raise PeriodError(bad_period(text))
    year = int(first)
    if dash:
        if not second.isdigit() or int(second) != year + 1:
            raise PeriodError(bad_period(text))
        kind = "school_year"
    else:
        kind = "calendar_year"
    if isinstance(as_of, str):
        as_of = parse_day(as_of) if as_of.strip() else None
    period = Period(kind, year, as_of or default_as_of(kind, year))
    if period.as_of < period.start:
        raise PeriodError(_("ngày báo cáo %(d)s trước khi kỳ bắt đầu", d=period.as_of_text))
    return period
