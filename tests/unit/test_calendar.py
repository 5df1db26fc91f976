"""The calendar: working days of England and Wales, months clamped, days."""

from __future__ import annotations

import json
from datetime import date

import pytest

from questionnaire.calendar import (
    OutsideCalendar,
    add_days,
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)


def test_calendar_bank_holidays_of_england_and_wales_2026():
    assert sorted(bank_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25),
        date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28),
    ]


def test_calendar_easter_monday_and_august_holiday_are_not_working_days():
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday: missing without subdiv="ENG"
    assert not is_working_day(date(2027, 8, 30))
    assert is_working_day(date(2027, 3, 30))


def test_calendar_start_day_never_counts_even_at_a_weekend():
    assert add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)  # Saturday -> Monday
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday -> Monday
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)


def test_calendar_working_days_cross_christmas_and_new_year():
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)  # 25, 26 Sat, 28 substitute
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_calendar_working_days_cross_easter():
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_calendar_working_days_between_inverts_adding():
    start = date(2026, 12, 18)
    assert working_days_between(start, add_working_days(start, 10)) == 10
    assert working_days_between(start, start) == 0
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 0


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2024, 2, 29), 3, date(2024, 5, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 10, 31), 1, date(2026, 11, 30)),
        (date(2026, 11, 13), 3, date(2027, 2, 13)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_calendar_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_calendar_add_days_is_calendar_days():
    assert add_days(date(2026, 11, 22), 14) == date(2026, 12, 6)
    assert add_days(date(2024, 2, 15), 14) == date(2024, 2, 29)


def test_calendar_refuses_years_without_bank_holiday_data():
    with pytest.raises(OutsideCalendar):
        is_working_day(date(2101, 1, 3))
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(date(2026, 1, 1), 0)


def test_calendar_today_is_the_date_in_england(monkeypatch):
    import datetime as real

    from questionnaire import calendar as cal

    class Frozen(real.datetime):
        @classmethod
        def now(cls, tz=None):
            # 23:30 UTC on 31 July 2026 is already 1 August in London (BST).
            return real.datetime(2026, 7, 31, 23, 30, tzinfo=real.UTC).astimezone(tz)

    monkeypatch.setattr(cal, "datetime", Frozen)
    assert cal.today_in_england() == date(2026, 8, 1)


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache directory, and the in-memory tables forgotten before and after."""
    from questionnaire import calendar as cal

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cal._table.cache_clear()
    cal.bank_holidays.cache_clear()
    yield tmp_path
    cal._table.cache_clear()
    cal.bank_holidays.cache_clear()


def test_calendar_cache_holds_exactly_what_the_library_gives(fresh_cache):
    from questionnaire import calendar as cal

    first = cal._table()
    files = list(fresh_cache.rglob("bank-holidays-eng-*.json"))
    assert len(files) == 1
    cal._table.cache_clear()
    assert cal._table() == first == cal._from_library()


def test_calendar_cache_that_is_corrupt_or_short_is_rebuilt(fresh_cache):
    from questionnaire import calendar as cal

    cal._table()
    (path,) = fresh_cache.rglob("bank-holidays-eng-*.json")
    for bad in ("not json", "[]", '{"2026": ["2026-12-25"]}', '{"2026": [1]}'):
        path.write_text(bad, encoding="utf-8")
        cal._table.cache_clear()
        assert date(2026, 12, 28) in cal._table()[2026]
        assert len(cal._table()) == cal.LAST_YEAR - cal.FIRST_YEAR + 1
    assert json.loads(path.read_text(encoding="utf-8"))["2026"][-1] == "2026-12-28"


def test_calendar_works_when_the_cache_cannot_be_written(fresh_cache):
    from questionnaire import calendar as cal

    (fresh_cache / "check-your-options").write_text("a file where the folder should be", encoding="utf-8")
    assert date(2027, 3, 29) in cal.bank_holidays(2027)


def test_calendar_subtract_working_days_skips_holidays_and_weekends():
    from questionnaire.calendar import subtract_working_days

    assert subtract_working_days(date(2027, 1, 6), 2) == date(2027, 1, 4)  # Wed -> Mon
    assert subtract_working_days(date(2027, 1, 4), 2) == date(2026, 12, 30)  # over New Year's Day
    assert subtract_working_days(date(2026, 12, 29), 1) == date(2026, 12, 24)  # over 25 and 28 Dec
    for n in (1, 5, 10):
        start = date(2026, 11, 23)
        assert subtract_working_days(add_working_days(start, n), n) == start
