"""Calendar arithmetic for the time stage: TimeML values and `[start, end]` intervals.

An `Interval` is a TimeML value with the first and last day it covers and its granularity.
Every constructor here is pure and total over the dates the tagger produces. The types the
readers share (`Anchors` in, `Normalized` out) and the choice of an anchor day live here too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Interval:
    """A TimeML value and the days it covers."""

    value: str
    start: dt.date | None
    end: dt.date | None
    granularity: str | None


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """Shift a date by whole months, clamping the day to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the day does not exist in that month (February 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def of_day(day: dt.date) -> Interval:
    """A single day."""
    return Interval(day.isoformat(), day, day, "day")


def of_month(year: int, month: int) -> Interval:
    """A calendar month."""
    return Interval(
        f"{year:04d}-{month:02d}", dt.date(year, month, 1), month_end(year, month), "month"
    )


def of_year(year: int) -> Interval:
    """A calendar year."""
    return Interval(f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def of_week(day: dt.date) -> Interval:
    """The ISO week (Monday to Sunday) containing `day`."""
    iso_year, week, weekday = day.isocalendar()
    monday = day - dt.timedelta(days=weekday - 1)
    return Interval(f"{iso_year:04d}-W{week:02d}", monday, monday + dt.timedelta(days=6), "week")


def of_weekend(day: dt.date) -> Interval:
    """The weekend (Saturday and Sunday) of the ISO week containing `day`."""
    week = of_week(day)
    assert week.start is not None
    saturday = week.start + dt.timedelta(days=5)
    return Interval(week.value + "-WE", saturday, saturday + dt.timedelta(days=1), "week")


def of_quarter(year: int, quarter: int) -> Interval:
    """A calendar quarter."""
    first = 3 * (quarter - 1) + 1
    return Interval(
        f"{year:04d}-Q{quarter}", dt.date(year, first, 1), month_end(year, first + 2), "quarter"
    )


def of_half(year: int, half: int) -> Interval:
    """A half year (H1 January-June, H2 July-December)."""
    first = 1 if half == 1 else 7
    return Interval(
        f"{year:04d}-H{half}", dt.date(year, first, 1), month_end(year, first + 5), "quarter"
    )


def of_season(year: int, code: str, months: tuple[int, int]) -> Interval:
    """A season; winter starts in December of `year` and runs into the next year."""
    first, last = months
    end_year = year + 1 if last < first else year
    return Interval(
        f"{year:04d}-{code}", dt.date(year, first, 1), month_end(end_year, last), "season"
    )


def of_decade(first_year: int) -> Interval:
    """A decade given its first year (1990 -> "199")."""
    return Interval(
        f"{first_year // 10:03d}",
        dt.date(first_year, 1, 1),
        dt.date(first_year + 9, 12, 31),
        "decade",
    )


def of_century(index: int) -> Interval:
    """A century given its TimeML index ("19" is 1900-1999)."""
    return Interval(
        f"{index:02d}", dt.date(index * 100, 1, 1), dt.date(index * 100 + 99, 12, 31), "century"
    )


def of_unit(unit: str, day: dt.date) -> Interval:
    """The calendar interval of granularity `unit` that contains `day`."""
    if unit == "day":
        return of_day(day)
    if unit == "week":
        return of_week(day)
    if unit == "weekend":
        return of_weekend(day)
    if unit == "month":
        return of_month(day.year, day.month)
    if unit == "quarter":
        return of_quarter(day.year, (day.month - 1) // 3 + 1)
    if unit == "decade":
        return of_decade(day.year - day.year % 10)
    if unit == "century":
        return of_century(day.year // 100)
    return of_year(day.year)


def shift(day: dt.date, unit: str, amount: float) -> dt.date:
    """Move a date by `amount` units (fractions of months and years rounded to whole months)."""
    if unit in {"day", "night"}:
        return day + dt.timedelta(days=round(amount))
    if unit in {"week", "weekend"}:
        return day + dt.timedelta(days=round(7 * amount))
    if unit == "fortnight":
        return day + dt.timedelta(days=round(14 * amount))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}.get(unit)
    if months is None:  # hours, minutes: the same day
        return day
    return add_months(day, round(months * amount))


def narrow(interval: Interval, position: str | None) -> Interval:
    """Keep the first, middle or last third of an interval for START, MID and END."""
    if position not in {"START", "MID", "END"} or interval.start is None or interval.end is None:
        return interval
    days = (interval.end - interval.start).days + 1
    third = max(days // 3, 1)
    if position == "START":
        return replace(interval, end=interval.start + dt.timedelta(days=third - 1))
    if position == "END":
        return replace(interval, start=interval.end - dt.timedelta(days=third - 1))
    return replace(
        interval,
        start=interval.start + dt.timedelta(days=third),
        end=interval.end - dt.timedelta(days=third),
    )


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * el) // 433
    month = (h + el - 7 * m + 90) // 25
    return dt.date(year, month, (h + el - 7 * m + 33 * month + 19) % 32)


_SPACES = re.compile(r"\s+")


UNKNOWN = Interval("", None, None, None)


@dataclass(slots=True)
class Anchors:
    """What an expression is anchored on: publication day, narrative day, and tense
    (-1 past, 0 unknown, 1 weak future, 2 future)."""

    published: dt.date | None
    narrative: dt.date | None
    tense: int
    signal: str | None = None


@dataclass(slots=True)
class Normalized:
    """A normalised expression: TimeML type, value and interval, modifier, anchor kind."""

    kind: str
    interval: Interval
    modifier: str | None = None
    anchor: str = "absolute"


def low(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").lower()


def anchor_day(anchors: Anchors, narrative: bool) -> tuple[dt.date | None, str]:
    """The day to count from and its kind; a narrative expression with no day before it
    counts from publication, marked "fallback" so the stage can check the result."""
    if narrative and anchors.narrative is not None:
        return anchors.narrative, "narrative"
    if anchors.published is not None:
        return anchors.published, "fallback" if narrative else "publication"
    return None, "none"


def occurrence_year(candidate: Callable[[int], dt.date | None], ref: dt.date, tense: int) -> int:
    """The year of the occurrence to use: the next one for the future, else the latest past one;
    for a weak future ("would") the nearer of the two."""
    this_year = candidate(ref.year)
    if this_year is None:
        return ref.year
    if tense == 1:
        years = [y for y in (ref.year - 1, ref.year, ref.year + 1) if candidate(y) is not None]
        return min(years, key=lambda y: abs((candidate(y) or ref) - ref))
    if tense > 0:
        return ref.year if this_year >= ref else ref.year + 1
    return ref.year if this_year <= ref else ref.year - 1
