"""Normalisation of recognised temporal expressions to TimeML values and anchored intervals.

Each spec of `timex_patterns` has one reader here or in `timex_quantity`. Deictic expressions
("Friday", "last month") are anchored on the publication date, narrative ones ("the next day",
"a week later") on the last absolute day in context; the tense around the expression picks the
direction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from sitrep.stages.timex_calendar import (
    UNKNOWN,
    Anchors,
    Interval,
    Normalized,
    anchor_day,
    easter,
    low,
    month_end,
    narrow,
    occurrence_year,
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
from sitrep.stages.timex_patterns import TimeLexicon
from sitrep.stages.timex_quantity import stretch, unit_of

Reader = Callable[[dict[str, str | None], Anchors, TimeLexicon], Normalized]


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


def _month(lex: TimeLexicon, name: str | None) -> int:
    return lex.months[low(name).rstrip(".")]


def _day(text: str | None) -> int:
    return int(re.sub(r"\D", "", text or "0") or 0)


def _position(lex: TimeLexicon, pos: str | None) -> str | None:
    if not pos:
        return None
    for word in re.findall(r"[a-z]+", low(pos)):
        if word in lex.positions:
            return lex.positions[word]
    return None


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
    ref, anchor = anchor_day(anchors, narrative=False)
    if ref is None:
        return Normalized(
            "DATE", Interval(f"XXXX-{month:02d}-{day:02d}", None, None, "day"), anchor="none"
        )
    year = occurrence_year(lambda y: safe_date(y, month, day), ref, anchors.tense)
    found = safe_date(year, month, day)
    return Normalized("DATE", of_day(found) if found else UNKNOWN, anchor=anchor)


def read_month(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "February", "mid-October", "the start of September"."""
    month = _month(lex, groups["mon"])
    position = _position(lex, groups.get("pos"))
    ref, anchor = anchor_day(anchors, narrative=False)
    if ref is None:
        return Normalized(
            "DATE", Interval(f"XXXX-{month:02d}", None, None, "month"), position, "none"
        )
    year = occurrence_year(lambda y: dt.date(y, month, 1), ref.replace(day=1), anchors.tense)
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
        ref, anchor = anchor_day(anchors, narrative=False)
        if ref is None:
            return Normalized("DATE", UNKNOWN, anchor="none")
        year = occurrence_year(lambda y: dt.date(y, month, 1), ref.replace(day=1), anchors.tense)
    ordinal = lex.ordinals.get(low(groups["ord"]), 1)
    first = dt.date(year, month, 1)
    middle = (
        month_end(year, month) - dt.timedelta(days=3)
        if ordinal < 0
        else first + dt.timedelta(days=3 + 7 * (ordinal - 1))
    )
    weekend = low(groups["unit"]) == "weekend"
    return Normalized("DATE", of_weekend(middle) if weekend else of_week(middle), anchor=anchor)


def read_quarter(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the first quarter of 2009", "third-quarter", "the first half of last year"."""
    ordinal = lex.ordinals.get(low(groups["ord"]), 1)
    is_half = low(groups["q"]) == "half"
    parts = 2 if is_half else 4
    build = of_half if is_half else of_quarter
    rel = low(groups.get("rel"))
    ref, anchor = anchor_day(anchors, narrative=False)
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
    code = lex.seasons[low(name)]
    return of_season(year, code, lex.season_months[code])


def read_season(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the fall of 2016", "spring 2015", "in the summer"."""
    position = _position(lex, groups.get("pos"))
    if groups.get("year"):
        interval = _season_of(lex, groups["season"], _four_digit_year(groups["year"]))
        return Normalized("DATE", narrow(interval, position), position)
    ref, anchor = anchor_day(anchors, narrative=False)
    if ref is None:
        return Normalized("DATE", UNKNOWN, position, "none")
    year = occurrence_year(lambda y: _season_of(lex, groups["season"], y).start, ref, anchors.tense)
    current = _season_of(lex, groups["season"], year)
    if anchors.tense <= 0 and current.start and current.start > ref:
        current = _season_of(lex, groups["season"], year - 1)
    return Normalized("DATE", narrow(current, position), position, anchor)


def read_holiday(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "Christmas", "New Year's Eve 2016", "Easter" (computed for its year)."""
    month_day = lex.holidays[low(groups["hol"])]

    def on(year: int) -> dt.date:
        if month_day == "EASTER":
            return easter(year)
        return dt.date(year, int(month_day[:2]), int(month_day[3:]))

    if groups.get("year"):
        return Normalized("DATE", of_day(on(_four_digit_year(groups["year"]))))
    ref, anchor = anchor_day(anchors, narrative=False)
    if ref is None:
        value = "" if month_day == "EASTER" else f"XXXX-{month_day}"
        return Normalized("DATE", Interval(value, None, None, "day"), anchor="none")
    year = occurrence_year(on, ref, anchors.tense)
    return Normalized("DATE", of_day(on(year)), anchor=anchor)


# --- deictic and narrative ----------------------------------------------------------------------


def _with_part(lex: TimeLexicon, interval: Interval, part: str | None) -> tuple[str, Interval]:
    if not part or interval.start is None:
        return "DATE", interval
    code = lex.parts_of_day[low(part)]
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
    weekday = lex.weekdays[low(groups["wd"])]
    rel = low(groups.get("rel"))
    ref, anchor = anchor_day(anchors, narrative=rel in _NARRATIVE_RELS)
    if ref is None:
        return Normalized("DATE", Interval(f"XXXX-WXX-{weekday}", None, None, "day"), anchor="none")
    kind, interval = _with_part(
        lex, of_day(weekday_date(weekday, ref, rel, anchors.tense)), groups.get("part")
    )
    return Normalized(kind, interval, anchor=anchor)


def read_deictic(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "today", "yesterday morning", "earlier today", "the day before yesterday", "tonight"."""
    word = low(groups["dd"])
    offset = lex.deictic_days[word]
    shift_words = low(groups.get("shift"))
    offset += -1 if shift_words.endswith("before") else 1 if shift_words.endswith("after") else 0
    ref, anchor = anchor_day(anchors, narrative=False)
    if ref is None:
        return Normalized("DATE", UNKNOWN, anchor="none")
    part = groups.get("part") or ("night" if word == "tonight" else None)
    kind, interval = _with_part(lex, of_day(ref + dt.timedelta(days=offset)), part)
    return Normalized(kind, interval, anchor=anchor)


def read_part_rel(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "this morning", "last night", "that evening"."""
    rel = low(groups["rel"])
    ref, anchor = anchor_day(anchors, narrative=rel in _NARRATIVE_RELS)
    if ref is None:
        return Normalized("TIME", UNKNOWN, anchor="none")
    offset = {"last": -1, "the previous": -1, "the following": 1, "the next": 1}.get(rel, 0)
    _, interval = _with_part(lex, of_day(ref + dt.timedelta(days=offset)), groups["part"])
    return Normalized("TIME", interval, anchor=anchor)


def read_part_bare(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "in the morning", "overnight": a part of the narrative day."""
    ref, anchor = anchor_day(anchors, narrative=True)
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
    rel = low(groups["rel"])
    unit = unit_of(lex, groups["unit"])
    position = _position(lex, groups.get("pos"))
    # 1. "the past year", "the last decade", "the next week": a stretch up to or from now.
    if rel in {"the past", "the last", "the next", "the coming"} and unit not in {"day", "night"}:
        return stretch(unit, 1.0, rel, anchors, lex)
    narrative = rel in _NARRATIVE_RELS or (rel.startswith("the ") and rel != "the current")
    ref, anchor = anchor_day(anchors, narrative=narrative)
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
    ref, anchor = anchor_day(anchors, narrative=low(groups["unit"]) == "day")
    if ref is None:
        return Normalized("DATE", UNKNOWN, position, "none")
    return Normalized(
        "DATE", narrow(of_unit(unit_of(lex, groups["unit"]), ref), position), position, anchor
    )


def read_the_weekend(
    groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon
) -> Normalized:
    """ "the weekend": the one just past, or the coming one in a future context."""
    ref, anchor = anchor_day(anchors, narrative=False)
    if ref is None:
        return Normalized("DATE", UNKNOWN, anchor="none")
    if ref.isoweekday() >= 6 or anchors.tense > 0:
        return Normalized("DATE", of_weekend(ref), anchor=anchor)
    return Normalized("DATE", of_weekend(ref - dt.timedelta(days=7)), anchor=anchor)


def read_rel_named(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "last September", "next March", "this spring", "last summer"."""
    rel = low(groups["rel"])
    word = rel.removeprefix("the ").removeprefix("earlier ").removeprefix("later ")
    offset = _REL_OFFSETS.get(word, 0)
    name = low(groups["name"])
    ref, anchor = anchor_day(anchors, narrative=rel in _NARRATIVE_RELS)
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


def read_the_day(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the day", "that day", "that time": the day the narrative is on; "the day before"."""
    ref, anchor = anchor_day(anchors, narrative=True)
    if ref is None:
        return Normalized("DATE", UNKNOWN, anchor="none")
    offset = {"before": -1, "after": 1}.get(low(groups.get("dir")), 0)
    return Normalized("DATE", of_day(ref + dt.timedelta(days=offset)), anchor=anchor)
