"""Normalisation of recognised temporal expressions to TimeML values and anchored intervals.

Each spec of `timex_patterns` has one reader here. Deictic expressions ("Friday", "last month")
are anchored on the publication date, narrative ones ("the next day", "a week later") on the
last absolute day in context; the tense around the expression picks the direction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from sitrep.stages.timex_calendar import (
    Interval,
    easter,
    narrow,
    of_century,
    of_day,
    of_decade,
    of_half,
    of_month,
    of_quarter,
    of_season,
    of_unit,
    of_week,
    of_weekend,
    of_year,
    safe_date,
    shift,
)
from sitrep.stages.timex_patterns import SIGNAL_DIRECTIONS, TimeLexicon

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


Reader = Callable[[dict[str, str | None], Anchors, TimeLexicon], Normalized]

_SPACES = re.compile(r"\s+")
_NARRATIVE_RELS = {
    "the following",
    "the previous",
    "the next",
    "the same",
    "that",
    "the preceding",
    "the subsequent",
    "earlier that",
    "later that",
}


def _low(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").lower()


def _month(lex: TimeLexicon, name: str | None) -> int:
    return lex.months[_low(name).rstrip(".")]


def _day(text: str | None) -> int:
    return int(re.sub(r"\D", "", text or "0") or 0)


def _position(lex: TimeLexicon, pos: str | None) -> str | None:
    if not pos:
        return None
    for word in re.findall(r"[a-z]+", _low(pos)):
        if word in lex.positions:
            return lex.positions[word]
    return None


def number_of(lex: TimeLexicon, text: str | None) -> float | None:
    """The number in "two", "twenty-five", "2.5", "two and a half"; None for vague ones."""
    low = _low(text)
    if not low or low in lex.vague_numbers or low == "recent":
        return None
    extra = 0.0
    for fraction, amount in lex.fractions.items():
        if low.endswith(" " + fraction):
            low, extra = low[: -len(fraction) - 1], amount
    if re.fullmatch(r"\d+(?:\.\d+)?", low):
        return float(low) + extra
    if low in lex.number_words:
        return lex.number_words[low] + extra
    parts = low.split("-")
    if all(p in lex.number_words for p in parts):
        return sum(lex.number_words[p] for p in parts) + extra
    return None


def _unit(lex: TimeLexicon, text: str | None) -> str:
    low = _low(text).removesuffix("-long").removesuffix("-old")
    low = lex.unit_plurals.get(low, low)
    if low not in lex.units and low.endswith("s"):
        low = low[:-1]
    return low


def duration_value(lex: TimeLexicon, unit: str, amount: float | None) -> str:
    """A TimeML duration: P2Y, PT30M, PXY; decades and centuries in years (P10Y)."""
    if unit == "decade" and amount is not None:
        unit, amount = "year", amount * 10
    if unit == "century" and amount is not None:
        unit, amount = "year", amount * 100
    code = lex.units.get(unit, ("D", "day"))[0]
    if unit == "weekend":
        code = "W"
    time_part = "T" if unit in {"hour", "minute", "second"} else ""
    if amount is None:
        return f"P{time_part}X{code}"
    number = f"{amount:g}"
    if code == "2W":
        return f"P{time_part}{2 * amount:g}W"
    return f"P{time_part}{number}{code}"


def _base(anchors: Anchors, narrative: bool) -> tuple[dt.date | None, str]:
    if narrative and anchors.narrative is not None:
        return anchors.narrative, "narrative"
    if anchors.published is not None:
        return anchors.published, "publication"
    return None, "none"


def _latest(candidate: Callable[[int], dt.date | None], ref: dt.date, tense: int) -> int:
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


def _four_digit_year(text: str | None) -> int:
    return int(text or "0")


# --- absolute and partial dates ---------------------------------------------------------------


def read_full(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "December 10, 2013", "10 December 2013", "2013-12-10"."""
    mon = groups["mon"] or ""
    month = int(mon) if mon.isdigit() else _month(lex, mon)
    day = safe_date(_four_digit_year(groups["year"]), month, _day(groups["day"]))
    return Normalized("DATE", of_day(day) if day else UNKNOWN)


def read_full_num(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "7/8/07": month first (the English-language news convention) unless that is impossible."""
    a, b, y = int(groups["a"] or 0), int(groups["b"] or 0), int(groups["y"] or 0)
    if y < 100:
        y += 2000 if y < 50 else 1900
    month, day = (b, a) if a > 12 else (a, b)
    found = safe_date(y, month, day)
    return Normalized("DATE", of_day(found) if found else UNKNOWN)


def read_month_day(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "January 15", "11 December": the occurrence the tense points to."""
    month, day = _month(lex, groups["mon"]), _day(groups["day"])
    ref, anchor = _base(anchors, narrative=False)
    if ref is None:
        return Normalized(
            "DATE", Interval(f"XXXX-{month:02d}-{day:02d}", None, None, "day"), anchor="none"
        )
    year = _latest(lambda y: safe_date(y, month, day), ref, anchors.tense)
    found = safe_date(year, month, day)
    return Normalized("DATE", of_day(found) if found else UNKNOWN, anchor=anchor)


def read_month(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "February", "mid-October", "the start of September"."""
    month = _month(lex, groups["mon"])
    position = _position(lex, groups.get("pos"))
    ref, anchor = _base(anchors, narrative=False)
    if ref is None:
        return Normalized(
            "DATE", Interval(f"XXXX-{month:02d}", None, None, "month"), position, "none"
        )
    year = _latest(lambda y: dt.date(y, month, 1), ref.replace(day=1), anchors.tense)
    return Normalized("DATE", narrow(of_month(year, month), position), position, anchor)


def read_month_year(
    groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon
) -> Normalized:
    """ "September 2017", "early March 2016"."""
    position = _position(lex, groups.get("pos"))
    interval = of_month(_four_digit_year(groups["year"]), _month(lex, groups["mon"]))
    return Normalized("DATE", narrow(interval, position), position)


def read_year(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "2014", "mid-2011", "the end of 2016"."""
    position = _position(lex, groups.get("pos"))
    return Normalized("DATE", narrow(of_year(_four_digit_year(groups["year"])), position), position)


def read_year_short(
    groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon
) -> Normalized:
    """ "'82": the most recent year ending so, not after publication."""
    short = int(groups["yy"] or 0)
    ref = anchors.published or dt.date(2000 + 30, 1, 1)
    year = ref.year - (ref.year - short) % 100
    return Normalized("DATE", of_year(year))


def read_decade(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the 1990s", "the '80s", "70s"."""
    digits = re.sub(r"\D", "", groups["dec"] or "")
    if len(digits) == 2:
        ref = anchors.published or dt.date(2000, 1, 1)
        first = ref.year - (ref.year - int(digits)) % 100
    else:
        first = int(digits)
    position = _position(lex, groups.get("pos"))
    return Normalized("DATE", narrow(of_decade(first), position), position)


def read_century(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the 20th century" -> 19."""
    return Normalized("DATE", of_century(int(groups["c"] or 0) - 1))


def read_week_of(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the last week of March", "the first weekend of May 2017"."""
    month = _month(lex, groups["mon"])
    if groups.get("year"):
        year = _four_digit_year(groups["year"])
        anchor = "absolute"
    else:
        ref, anchor = _base(anchors, narrative=False)
        if ref is None:
            return Normalized("DATE", UNKNOWN, anchor="none")
        year = _latest(lambda y: dt.date(y, month, 1), ref.replace(day=1), anchors.tense)
    ordinal = lex.ordinals.get(_low(groups["ord"]), 1)
    first = dt.date(year, month, 1)
    middle = (
        of_month(year, month).end - dt.timedelta(days=3)  # type: ignore[operator]
        if ordinal < 0
        else first + dt.timedelta(days=3 + 7 * (ordinal - 1))
    )
    weekend = _low(groups["unit"]) == "weekend"
    return Normalized("DATE", of_weekend(middle) if weekend else of_week(middle), anchor=anchor)


def read_quarter(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the first quarter of 2009", "third-quarter", "the first half of last year"."""
    ordinal = lex.ordinals.get(_low(groups["ord"]), 1)
    is_half = _low(groups["q"]) == "half"
    parts = 2 if is_half else 4
    build = of_half if is_half else of_quarter
    rel = _low(groups.get("rel"))
    ref, anchor = _base(anchors, narrative=False)
    if groups.get("year"):
        year, anchor = _four_digit_year(groups["year"]), "absolute"
    elif ref is None:
        return Normalized("DATE", UNKNOWN, anchor="none")
    elif rel:
        year = ref.year + (-1 if rel in {"last", "the previous", "the last"} else rel == "next")
    else:
        current = (ref.month - 1) // (12 // parts) + 1
        if ordinal < 0:  # "the last quarter": the one before the current
            return Normalized(
                "DATE",
                build(*((ref.year, current - 1) if current > 1 else (ref.year - 1, parts))),
                anchor=anchor,
            )
        year = ref.year
        if anchors.tense > 0 and ordinal < current:
            year += 1
        elif anchors.tense <= 0 and ordinal > current:
            year -= 1
    return Normalized("DATE", build(year, parts if ordinal < 0 else ordinal), anchor=anchor)


def read_quarter_code(
    groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon
) -> Normalized:
    """ "Q3 2017", "2017 Q3"."""
    quarter = int(groups["q"] or groups["q2"] or 1)
    return Normalized(
        "DATE", of_quarter(_four_digit_year(groups["year"] or groups["year2"]), quarter)
    )


def _season_of(lex: TimeLexicon, name: str | None, year: int) -> Interval:
    code = lex.seasons[_low(name)]
    return of_season(year, code, lex.season_months[code])


def read_season(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the fall of 2016", "spring 2015", "in the summer"."""
    position = _position(lex, groups.get("pos"))
    if groups.get("year"):
        interval = _season_of(lex, groups["season"], _four_digit_year(groups["year"]))
        return Normalized("DATE", narrow(interval, position), position)
    ref, anchor = _base(anchors, narrative=False)
    if ref is None:
        return Normalized("DATE", UNKNOWN, position, "none")
    year = _latest(lambda y: _season_of(lex, groups["season"], y).start, ref, anchors.tense)
    current = _season_of(lex, groups["season"], year)
    if anchors.tense <= 0 and current.start and current.start > ref:
        current = _season_of(lex, groups["season"], year - 1)
    return Normalized("DATE", narrow(current, position), position, anchor)


def read_holiday(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "Christmas", "New Year's Eve 2016"."""
    month_day = lex.holidays[_low(groups["hol"])]
    month, day = int(month_day[:2]), int(month_day[3:])
    if groups.get("year"):
        return Normalized("DATE", of_day(dt.date(_four_digit_year(groups["year"]), month, day)))
    ref, anchor = _base(anchors, narrative=False)
    if ref is None:
        return Normalized("DATE", Interval(f"XXXX-{month_day}", None, None, "day"), anchor="none")
    year = _latest(lambda y: dt.date(y, month, day), ref, anchors.tense)
    return Normalized("DATE", of_day(dt.date(year, month, day)), anchor=anchor)


def easter_of(year: int) -> Interval:
    """Easter Sunday of a year, for holiday tables."""
    return of_day(easter(year))


# --- deictic and narrative ----------------------------------------------------------------------


def _with_part(lex: TimeLexicon, interval: Interval, part: str | None) -> tuple[str, Interval]:
    if not part or interval.start is None:
        return "DATE", interval
    code = lex.parts_of_day[_low(part)]
    return "TIME", replace(interval, value=f"{interval.value}T{code}")


def weekday_date(weekday: int, ref: dt.date, rel: str, tense: int) -> dt.date:
    """The day a weekday name refers to, seen from `ref` (tense decides when nothing else does)."""
    delta = weekday - ref.isoweekday()
    if rel in {"this", "this coming", "this past", "that"} and rel != "this past":
        return ref + dt.timedelta(days=delta)
    if rel in {"last", "past", "this past", "the previous"}:
        return ref - dt.timedelta(days=(-delta) % 7 or 7)
    if rel in {"next", "coming", "the following", "the next"}:
        return ref + dt.timedelta(days=delta % 7 or 7)
    if delta == 0:
        return ref
    if tense > 0:
        return ref + dt.timedelta(days=delta % 7)
    return ref - dt.timedelta(days=(-delta) % 7)


def read_weekday(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "Friday", "last Friday", "the following Monday", "Thursday night"."""
    weekday = lex.weekdays[_low(groups["wd"])]
    rel = _low(groups.get("rel"))
    ref, anchor = _base(anchors, narrative=rel in _NARRATIVE_RELS)
    if ref is None:
        return Normalized("DATE", Interval(f"XXXX-WXX-{weekday}", None, None, "day"), anchor="none")
    kind, interval = _with_part(
        lex, of_day(weekday_date(weekday, ref, rel, anchors.tense)), groups.get("part")
    )
    return Normalized(kind, interval, anchor=anchor)


def read_deictic(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "today", "yesterday morning", "earlier today", "the day before yesterday", "tonight"."""
    word = _low(groups["dd"])
    offset = lex.deictic_days[word]
    shift_words = _low(groups.get("shift"))
    offset += -1 if shift_words.endswith("before") else 1 if shift_words.endswith("after") else 0
    ref, anchor = _base(anchors, narrative=False)
    if ref is None:
        return Normalized("DATE", UNKNOWN, anchor="none")
    part = groups.get("part") or ("night" if word == "tonight" else None)
    kind, interval = _with_part(lex, of_day(ref + dt.timedelta(days=offset)), part)
    return Normalized(kind, interval, anchor=anchor)


def read_part_rel(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "this morning", "last night", "that evening"."""
    rel = _low(groups["rel"])
    ref, anchor = _base(anchors, narrative=rel in _NARRATIVE_RELS)
    if ref is None:
        return Normalized("TIME", UNKNOWN, anchor="none")
    offset = {"last": -1, "the previous": -1, "the following": 1, "the next": 1}.get(rel, 0)
    _, interval = _with_part(lex, of_day(ref + dt.timedelta(days=offset)), groups["part"])
    return Normalized("TIME", interval, anchor=anchor)


def read_part_bare(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "in the morning", "overnight": a part of the narrative day."""
    ref, anchor = _base(anchors, narrative=True)
    if ref is None:
        return Normalized("TIME", UNKNOWN, anchor="none")
    _, interval = _with_part(lex, of_day(ref), groups["part"])
    return Normalized("TIME", interval, anchor=anchor)


_REL_OFFSETS = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "preceding": -1,
    "this past": -1,
    "next": 1,
    "coming": 1,
    "following": 1,
    "subsequent": 1,
    "this coming": 1,
}


def read_rel_unit(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "last month", "this week", "the previous year", "earlier this year", "the past decade"."""
    rel = _low(groups["rel"])
    unit = _unit(lex, groups["unit"])
    position = _position(lex, groups.get("pos"))
    # 1. "the past year", "the last decade", "the next week": a stretch up to or from now.
    if rel in {"the past", "the last", "the next", "the coming"} and unit not in {"day", "night"}:
        return _stretch(unit, 1.0, rel, anchors, lex)
    narrative = rel in _NARRATIVE_RELS or (rel.startswith("the ") and rel != "the current")
    ref, anchor = _base(anchors, narrative=narrative)
    if ref is None:
        return Normalized("DATE", UNKNOWN, position, "none")
    word = rel.removeprefix("the ").removeprefix("earlier ").removeprefix("later ")
    offset = _REL_OFFSETS.get(word, 0)
    if unit == "night":
        _, interval = _with_part(lex, of_day(shift(ref, "day", offset)), "night")
        return Normalized("TIME", interval, anchor=anchor)
    interval = of_unit(unit, shift(ref, unit, offset))
    if unit == "weekend" and word == "this past":
        interval = of_weekend(shift(ref, "week", -1 if ref.isoweekday() < 6 else 0))
    interval = narrow(interval, position)
    # 2. "earlier this year" ends at the anchor day; "later this month" starts there.
    if rel.startswith("earlier") and interval.end and interval.end > ref:
        interval = replace(interval, end=ref)
    if rel.startswith("later") and interval.start and interval.start < ref:
        interval = replace(interval, start=ref)
    return Normalized("DATE", interval, position, anchor)


def read_pos_unit(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the end of the year", "the start of the day": the current unit, narrowed."""
    position = _position(lex, groups.get("pos"))
    ref, anchor = _base(anchors, narrative=_low(groups["unit"]) == "day")
    if ref is None:
        return Normalized("DATE", UNKNOWN, position, "none")
    return Normalized(
        "DATE", narrow(of_unit(_unit(lex, groups["unit"]), ref), position), position, anchor
    )


def read_the_weekend(
    groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon
) -> Normalized:
    """ "the weekend": the one just past, or the coming one in a future context."""
    ref, anchor = _base(anchors, narrative=False)
    if ref is None:
        return Normalized("DATE", UNKNOWN, anchor="none")
    if ref.isoweekday() >= 6 or anchors.tense > 0:
        return Normalized("DATE", of_weekend(ref), anchor=anchor)
    return Normalized("DATE", of_weekend(ref - dt.timedelta(days=7)), anchor=anchor)


def read_rel_named(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "last September", "next March", "this spring", "last summer"."""
    rel = _low(groups["rel"])
    word = rel.removeprefix("the ").removeprefix("earlier ").removeprefix("later ")
    offset = _REL_OFFSETS.get(word, 0)
    name = _low(groups["name"])
    ref, anchor = _base(anchors, narrative=rel in _NARRATIVE_RELS)
    if ref is None:
        return Normalized("DATE", UNKNOWN, anchor="none")

    def occurrence(year: int) -> Interval:
        if name in lex.seasons:
            return _season_of(lex, name, year)
        return of_month(year, _month(lex, name))

    # "last September": the latest one already over; "next": the first not yet begun;
    # "this": the one of the current year.
    if offset < 0:
        year = ref.year + 1
        while (occurrence(year).end or ref) >= ref:
            year -= 1
    elif offset > 0:
        year = ref.year - 1
        while (occurrence(year).start or ref) <= ref:
            year += 1
    else:
        year = ref.year
    interval = occurrence(year)
    return Normalized("DATE", interval, anchor=anchor)


# --- quantities: "two years ago", "33 years", "the past nine days" ---------------------------


def _stretch(
    unit: str, amount: float | None, rel: str, anchors: Anchors, lex: TimeLexicon
) -> Normalized:
    """A duration reaching back from or forward to the publication day ("the past two weeks")."""
    value = duration_value(lex, unit, amount)
    ref, anchor = _base(anchors, narrative=False)
    gran = lex.units.get(unit, ("D", "day"))[1]
    if ref is None or amount is None:
        return Normalized(
            "DURATION", Interval(value, None, None, gran), anchor=anchor if ref else "none"
        )
    if rel in {"the next", "the coming", "the following", "the remaining"}:
        return Normalized(
            "DURATION", Interval(value, ref, shift(ref, unit, amount), gran), anchor=anchor
        )
    return Normalized(
        "DURATION", Interval(value, shift(ref, unit, -amount), ref, gran), anchor=anchor
    )


def read_duration(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "33 years", "fifty-year", "the next six months", "several years", "nearly five months"."""
    unit = _unit(lex, groups["unit"])
    amount = number_of(lex, groups["num"])
    modifier = lex.approximators.get(_low(groups.get("approx"))) if groups.get("approx") else None
    rel = _low(groups.get("rel"))
    # "will withdraw in two weeks": a day counted from publication, not a length of time.
    if anchors.signal == "in" and anchors.tense > 0 and amount is not None and not rel:
        if not groups.get("suffix"):
            return read_ago({**groups, "dir": "from now"}, anchors, lex)
    if rel in {
        "the past",
        "the last",
        "the next",
        "the coming",
        "the previous",
        "the following",
        "the remaining",
        "the preceding",
    }:
        found = _stretch(unit, amount, rel, anchors, lex)
        found.modifier = modifier
        return found
    gran = lex.units.get(unit, ("D", "day"))[1]
    return Normalized(
        "DURATION", Interval(duration_value(lex, unit, amount), None, None, gran), modifier
    )


def read_bare(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "years", "over the years", "decades-long": a vague duration."""
    unit = _unit(lex, groups["unit"])
    gran = lex.units.get(unit, ("D", "day"))[1]
    return Normalized("DURATION", Interval(duration_value(lex, unit, None), None, None, gran))


_BACKWARD = {"ago", "earlier", "before", "previously", "prior", "back"}
_FROM_PUBLICATION = {"ago", "from now", "hence", "back"}


def read_ago(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "two years ago", "a week later", "more than a week after", "three days earlier"."""
    unit = _unit(lex, groups["unit"])
    direction = _low(groups["dir"])
    sign = -1 if direction in _BACKWARD else 1
    amount = number_of(lex, groups["num"])
    modifier = lex.approximators.get(_low(groups.get("approx"))) if groups.get("approx") else None
    ref, anchor = _base(anchors, narrative=direction not in _FROM_PUBLICATION)
    if amount is None or ref is None:
        value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return Normalized(
            "DATE", Interval(value if ref else "", None, None, None), modifier, anchor
        )
    day = shift(ref, unit, sign * amount)
    gran = {"week": "day", "weekend": "day", "fortnight": "day", "night": "day"}.get(unit, unit)
    if unit in {"hour", "minute", "second"}:
        gran = "day"
    interval = of_unit(
        gran if gran in {"day", "month", "quarter", "year", "decade", "century"} else "day", day
    )
    # "more than a week after" lies beyond the shifted day; "less than a week after" before it.
    if modifier == "AFTER":
        interval = replace(
            interval,
            start=interval.start if sign > 0 else None,
            end=None if sign > 0 else interval.end,
        )
        modifier = "AFTER" if sign > 0 else "BEFORE"
    elif modifier == "BEFORE":
        interval = replace(interval, start=ref) if sign > 0 else replace(interval, end=ref)
        modifier = "BEFORE" if sign > 0 else "AFTER"
    if sign > 0 and modifier == "AFTER" and anchors.published and interval.start:
        # Told in the past tense, "more than a week after" ends by the publication day.
        end = anchors.published if anchors.published > interval.start else None
        interval = replace(interval, end=end)
    if direction in SIGNAL_DIRECTIONS:
        # The span is the duration ("a week" of "a week after"); the interval the day it points to.
        value = duration_value(lex, unit, amount)
        return Normalized("DURATION", replace(interval, value=value), modifier, anchor)
    return Normalized("DATE", interval, modifier, anchor)


def read_the_day(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the day", "that day", "that time": the day the narrative is on; "the day before"."""
    ref, anchor = _base(anchors, narrative=True)
    if ref is None:
        return Normalized("DATE", UNKNOWN, anchor="none")
    offset = {"before": -1, "after": 1}.get(_low(groups.get("dir")), 0)
    return Normalized("DATE", of_day(ref + dt.timedelta(days=offset)), anchor=anchor)
