"""The calendar: the one place where working days, months and days are counted.

Every deadline in the service is computed here and nowhere else.

- A working day is Monday to Friday and not a bank holiday of England and Wales.
  The bank holidays come from the `holidays` library with ``subdiv="ENG"`` (the
  calendar of England and Wales; without it Easter Monday and the August bank
  holiday are missed). It lists both a holiday that falls on a weekend and its
  substitute weekday, so "not a weekend and not in that set" is exactly right.
- Adding N working days counts from the day after the start date: the start date
  itself never counts, whatever day of the week it is (VRR 30: "within 10 working
  days of the date of the decision letter").
- Adding calendar months keeps the day of the month, clamped to the month's end
  (31 August + 6 months = 28 or 29 February).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import importlib.util
import json
import os
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

# The years for which `holidays` knows the bank holidays of England and Wales.
# Outside them a "working day" would silently ignore bank holidays, so we refuse.
FIRST_YEAR = 1900
LAST_YEAR = 2100

_ONE_DAY = timedelta(days=1)
LONDON = ZoneInfo("Europe/London")


class OutsideCalendar(ValueError):
    """A date outside the years for which bank holidays are known."""


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in `year` (weekend dates included)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutsideCalendar(f"no bank holiday data for {year}")
    return _table()[year]


@cache
def _table() -> dict[int, frozenset[date]]:
    """Every year's bank holidays, from the `holidays` library.

    Importing `holidays` loads every country it knows (about 0.2 s), which would be most
    of the command line's start-up. So the England-and-Wales table it gives is kept in
    a cache file named after the installed `holidays` version: a new version, a missing
    or unreadable file all fall back to the library, which stays the only source.
    """
    path = _cache_path()
    if path is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            table = {int(y): frozenset(map(date.fromisoformat, days)) for y, days in stored.items()}
            if set(table) == set(range(FIRST_YEAR, LAST_YEAR + 1)):
                return table
        except (OSError, ValueError, TypeError, AttributeError):
            pass
    table = _from_library()
    if path is not None:
        _write_quietly(path, {y: sorted(d.isoformat() for d in days) for y, days in table.items()})
    return table


def _from_library() -> dict[int, frozenset[date]]:
    from holidays.countries.united_kingdom import UnitedKingdom

    listed = UnitedKingdom(subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    table: dict[int, set[date]] = {year: set() for year in range(FIRST_YEAR, LAST_YEAR + 1)}
    for day in listed:
        table[day.year].add(day)
    return {year: frozenset(days) for year, days in table.items()}


def _cache_path() -> Path | None:
    """<cache dir>/bank-holidays-eng-<holidays version>.json, or None if not found."""
    spec = importlib.util.find_spec("holidays")  # finds the package without importing it
    if spec is None or not spec.origin:
        return None
    site = Path(spec.origin).parent.parent
    versions = sorted(p.name.removesuffix(".dist-info") for p in site.glob("holidays-*.dist-info"))
    if len(versions) != 1:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "check-your-options" / f"bank-holidays-eng-{versions[0]}.json"


def _write_quietly(path: Path, content: dict) -> None:
    """Write atomically; a read-only disk only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(content), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


def today_in_england() -> date:
    """Today's date in England and Wales, whatever the server's own time zone."""
    return datetime.now(LONDON).date()


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The date `n` working days after `start`, counting from the day after it."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day = start
    while n:
        day += _ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def subtract_working_days(end: date, n: int) -> date:
    """The working day `n` working days before `end` (for reminders ahead of a deadline)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day = end
    while n:
        day -= _ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end` (0 if none).

    The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n)) == n.
    Used for countdowns ("4 working days left", "overdue by 300 working days"): counted
    by whole weeks, not day by day, so a long span costs no more than a short one.
    """
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday()
    weekdays = weeks * 5 + sum(1 for i in range(1, rest + 1) if (first + i) % 7 < 5)
    holidays = sum(1 for year in range(start.year, end.year + 1) for day in bank_holidays(year)
                   if start < day <= end and day.weekday() < 5)
    return weekdays - holidays


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the month's end."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def add_days(start: date, days: int) -> date:
    """The date `days` calendar days after `start`."""
    return start + timedelta(days=days)
