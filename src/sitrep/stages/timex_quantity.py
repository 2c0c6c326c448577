"""Quantities of time: "two years ago", "33 years", "the past nine days", "a week after".

Durations keep their TimeML value (P2Y, PT30M, PXY); counted shifts ("ago", "later", "in two
weeks") become dates on the publication or narrative day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from sitrep.stages.timex_calendar import (
    Anchors,
    Interval,
    Normalized,
    anchor_day,
    low,
    of_unit,
    shift,
)
from sitrep.stages.timex_patterns import SIGNAL_DIRECTIONS, TimeLexicon


def number_of(lex: TimeLexicon, text: str | None) -> float | None:
    """The number in "two", "twenty-five", "2.5", "two and a half"; None for vague ones."""
    words = low(text)
    if not words or words in lex.vague_numbers or words == "recent":
        return None
    extra = 0.0
    for fraction, amount in lex.fractions.items():
        if words.endswith(" " + fraction):
            words, extra = words[: -len(fraction) - 1], amount
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words) + extra
    if words in lex.number_words:
        return lex.number_words[words] + extra
    parts = words.split("-")
    if all(p in lex.number_words for p in parts):
        return sum(lex.number_words[p] for p in parts) + extra
    return None


def unit_of(lex: TimeLexicon, text: str | None) -> str:
    """The singular unit word of "years", "fifty-year", "decades-long"."""
    words = low(text).removesuffix("-long").removesuffix("-old")
    words = lex.unit_plurals.get(words, words)
    if words not in lex.units and words.endswith("s"):
        words = words[:-1]
    return words


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


def stretch(
    unit: str, amount: float | None, rel: str, anchors: Anchors, lex: TimeLexicon
) -> Normalized:
    """A duration reaching back from or forward to the publication day ("the past two weeks")."""
    value = duration_value(lex, unit, amount)
    ref, anchor = anchor_day(anchors, narrative=False)
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
    unit = unit_of(lex, groups["unit"])
    amount = number_of(lex, groups["num"])
    modifier = lex.approximators.get(low(groups.get("approx"))) if groups.get("approx") else None
    rel = low(groups.get("rel"))
    # "will withdraw in two weeks": a day counted from publication, not a length of time.
    counted = amount is not None and not rel and not groups.get("suffix")
    if anchors.signal == "in" and anchors.tense > 0 and counted:
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
        found = stretch(unit, amount, rel, anchors, lex)
        found.modifier = modifier
        return found
    gran = lex.units.get(unit, ("D", "day"))[1]
    return Normalized(
        "DURATION", Interval(duration_value(lex, unit, amount), None, None, gran), modifier
    )


def read_bare(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "years", "over the years", "decades-long": a vague duration."""
    unit = unit_of(lex, groups["unit"])
    gran = lex.units.get(unit, ("D", "day"))[1]
    return Normalized("DURATION", Interval(duration_value(lex, unit, None), None, None, gran))


_BACKWARD = {"ago", "earlier", "before", "previously", "prior", "back"}
# Days either side of the day a count of weeks points to ("two weeks ago": about then).
WEEKS_SLACK = 3
_FROM_PUBLICATION = {"ago", "from now", "hence", "back"}


def read_ago(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "two years ago", "a week later", "more than a week after", "three days earlier"."""
    unit = unit_of(lex, groups["unit"])
    direction = low(groups["dir"])
    sign = -1 if direction in _BACKWARD else 1
    amount = number_of(lex, groups["num"])
    modifier = lex.approximators.get(low(groups.get("approx"))) if groups.get("approx") else None
    ref, anchor = anchor_day(anchors, narrative=direction not in _FROM_PUBLICATION)
    if direction in SIGNAL_DIRECTIONS and (amount is None or ref is None):
        # "two years after ...", unanchored: still a known length of time.
        value = duration_value(lex, unit, amount)
        return Normalized("DURATION", Interval(value, None, None, None), modifier, anchor)
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
    if unit in {"week", "fortnight"} and amount >= 2 and not modifier:
        # "two weeks ago" names a day (its TimeML value) but means about then: the week
        # around it.
        interval = replace(
            interval,
            start=day - dt.timedelta(days=WEEKS_SLACK),
            end=day + dt.timedelta(days=WEEKS_SLACK),
            granularity="week",
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
