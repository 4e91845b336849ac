"""School years: September to August, named by their first calendar year (2025 = 2025–2026)."""

from datetime import date, timedelta

from quizapp.core.clock import today_local

FIRST_MONTH = 9


def school_year_of(day: date) -> int:
    """Return the school year of `day` as its first calendar year (2025 = 2025–2026)."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def year_bounds(year: int) -> tuple[date, date]:
    """Return the first and last day of school year `year`."""
    return date(year, FIRST_MONTH, 1), date(year + 1, FIRST_MONTH, 1) - timedelta(days=1)


def year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def parse_year(text, default: int | None = None) -> int | None:
    """Read "2025-2026" or "2025" (the first calendar year); None or `default` if unreadable."""
    text = (text or "").strip()
    first, _, second = text.partition("-")
    if not first.isdigit() or len(first) != 4:
        return default
    year = int(first)
    if second and (not second.isdigit() or int(second) != year + 1):
        return default
    return year if 2000 <= year <= 2100 else default


def year_months(year: int) -> list[int]:
    """Return the twelve months of school year `year` as yyyymm numbers, September first."""
    months = []
    for offset in range(12):
        month = FIRST_MONTH + offset
        months.append((year + (month - 1) // 12) * 100 + (month - 1) % 12 + 1)
    return months


def year_closed(year: int, today: date | None = None) -> bool:
    """Tell whether school year `year` has ended (by `today`, the local date by default)."""
    return (today or today_local()) > year_bounds(year)[1]
