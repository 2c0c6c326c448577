"""Time stage: temporal expressions found, normalised to TimeML and anchored as day intervals.

`find_timexes` is the stage: text and publication date in, `TimeExpression`s out. Recognition
is `timex_patterns` (one regular expression built from `data/time_lexicon.yaml`), values and
intervals are `timex_normalize`, `timex_quantity` and `timex_calendar`. This module decides what
each expression is anchored on:

1. deictic expressions ("Friday", "last month", "two years ago") on the publication date;
2. narrative ones ("the next day", "a week later") on the last day mentioned before them (the
   last month also anchors shifts in months: "in July ... a month later"); with none, on the
   publication date, unless that puts a past-tense event after publication: then unresolved;
3. the tense of the words around an expression picks the direction of a bare weekday, month or
   day ("will meet on Friday" -> the coming Friday; the publication's own weekday is that day);
4. a signal word before an expression opens its interval ("since 2014" runs to publication,
   "by mid-October" has no start) and sets the modifier (AFTER, BEFORE);
5. without a publication date one is estimated from the text (`estimate_publication_date`);
   intervals anchored on an estimate are widened by a week and flagged `estimated`; with no
   estimate at all, relative expressions stay unresolved (X's in the value, no interval).

TimeML conventions (spans without signal words, "a week" of "a week after" as a DURATION that
still carries the day it points to) follow the MEANTIME/TempEval annotation guidelines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from sitrep.model import TimeExpression
from sitrep.stages import timex_normalize as tn
from sitrep.stages import timex_quantity as tq
from sitrep.stages.timex_calendar import UNKNOWN, Anchors, Interval, Normalized, low, safe_date
from sitrep.stages.timex_patterns import (
    RANGE_SPECS,
    RawTimex,
    TimeLexicon,
    load_time_lexicon,
    scan_timexes,
)

__all__ = ["detect_tense", "estimate_publication_date", "find_timexes", "time_precision"]

# How far the true publication day may lie after the latest date a text mentions.
ESTIMATE_SLACK = dt.timedelta(days=7)
# How many characters either side of an expression the tense cues are looked for in.
TENSE_WINDOW = 150

_NARRATIVE = {"day", "week", "month"}
_WORDS = re.compile(r"[A-Za-z']+")
_NOT_PAST_BEFORE = {"be", "been", "being", "to"}
_SENTENCE_END = re.compile(r"[!?;\n]|\.(?=\s+[A-Z\"“]|\s*$)")


def _read_clock(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "16:08 UTC", "6:40 p.m.", "0800 GMT", "12:00 UTC Monday": a time on the narrative day."""
    if groups.get("hm"):
        hour, minute = int((groups["hm"] or "0000")[:2]), int((groups["hm"] or "0000")[2:])
    else:
        hour, minute = int(groups.get("h") or 0), int(groups.get("m") or 0)
    ampm = (groups.get("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    zone = "Z" if (groups.get("tz") or "").upper() in {"UTC", "GMT", "Z"} else ""
    if groups.get("wd"):
        found = tn.read_weekday({"wd": groups["wd"], "rel": None, "part": None}, anchors, lex)
    elif groups.get("dd"):
        found = tn.read_deictic({"dd": groups["dd"], "shift": None, "part": None}, anchors, lex)
    else:
        found = tn.read_part_bare({"part": None}, anchors, lex)
    day = found.interval.start
    if day is None:
        return Normalized(
            "TIME",
            Interval(f"XXXX-XX-XXT{hour:02d}:{minute:02d}", None, None, "day"),
            anchor="none",
        )
    value = f"{day.isoformat()}T{hour:02d}:{minute:02d}{zone}"
    return Normalized("TIME", Interval(value, day, day, "day"), anchor=found.anchor)


def _read_set(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "weekly", "every Friday", "twice a week", "15 a year", "each morning"."""
    if groups.get("freq"):
        return Normalized("SET", Interval(lex.sets[low(groups["freq"])], None, None, None))
    unit_text = low(groups.get("unit") or groups.get("unit2") or groups.get("unit3"))
    if unit_text in lex.weekdays:
        return Normalized("SET", Interval(f"XXXX-WXX-{lex.weekdays[unit_text]}", None, None, None))
    if unit_text in lex.parts_of_day:
        code = lex.parts_of_day[unit_text]
        return Normalized("SET", Interval(f"XXXX-XX-XXT{code}", None, None, None))
    amount = tq.number_of(lex, groups.get("num")) or 1.0
    value = tq.duration_value(lex, tq.unit_of(lex, unit_text), amount)
    return Normalized("SET", Interval(value, None, None, None))


def _read_ref(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "now", "currently" (the publication day), "recently", "the future"."""
    value = lex.refs[low(groups["ref"])]
    ref = anchors.published
    if value == "PRESENT_REF" and ref is not None:
        return Normalized("DATE", Interval(value, ref, ref, "day"), anchor="publication")
    if value == "PAST_REF":
        return Normalized("DATE", Interval(value, None, ref, None), "BEFORE", "publication")
    if value == "FUTURE_REF":
        return Normalized("DATE", Interval(value, ref, None, None), "AFTER", "publication")
    return Normalized("DATE", Interval(value, None, None, None), anchor="none")


def _read_part_of(groups: dict[str, str | None], anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "the night of 2 November", "the morning of Friday": a part of a named day."""
    inner = scan_timexes(groups["a"] or "", in_range=True)
    if not inner:
        return Normalized("TIME", UNKNOWN, anchor="none")
    found = _READERS[inner[0].spec](inner[0].groups, anchors, lex)
    interval = found.interval
    if interval.start is None:
        return Normalized("TIME", UNKNOWN, anchor=found.anchor)
    code = lex.parts_of_day[low(groups["part"])]
    return Normalized(
        "TIME", replace(interval, value=f"{interval.value}T{code}"), anchor=found.anchor
    )


_READERS: dict[str, tn.Reader] = {
    "full_mdy": tn.read_full,
    "full_dmy": tn.read_full,
    "full_iso": tn.read_full,
    "full_num": tn.read_full_num,
    "week_of": tn.read_week_of,
    "clock": _read_clock,
    "clock_ampm": _read_clock,
    "clock_mil": _read_clock,
    "month_day": tn.read_month_day,
    "day_month": tn.read_month_day,
    "month_year": tn.read_month_year,
    "quarter": tn.read_quarter,
    "quarter_code": tn.read_quarter_code,
    "season": tn.read_season,
    "holiday": tn.read_holiday,
    "deictic": tn.read_deictic,
    "weekday": tn.read_weekday,
    "part_rel": tn.read_part_rel,
    "part_of": _read_part_of,
    "set": _read_set,
    "ago": tq.read_ago,
    "duration": tq.read_duration,
    "rel_named": tn.read_rel_named,
    "rel_unit": tn.read_rel_unit,
    "pos_unit": tn.read_pos_unit,
    "the_weekend": tn.read_the_weekend,
    "the_day": tn.read_the_day,
    "decade": tn.read_decade,
    "century": tn.read_century,
    "year_short": tn.read_year_short,
    "year": tn.read_year,
    "month": tn.read_month,
    "bare": tq.read_bare,
    "part_bare": tn.read_part_bare,
    "ref": _read_ref,
}


def detect_tense(text: str, start: int, end: int, lex: TimeLexicon) -> int:
    """The tense cue nearest the expression in its sentence: -1 past, 0 unknown, 1 weak future
    (would, could: often a future seen from the past), 2 future.

    A plain lexical window, since the stage sees text only: future cues (will, expected,
    scheduled, plans ...) and past cues (was, said, ago, any -ed form) are looked up in the
    sentence up to `TENSE_WINDOW` characters either side; the nearest decides.
    """
    left = max(start - TENSE_WINDOW, 0)
    stops = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    left = stops[-1] if stops else left
    right_stop = _SENTENCE_END.search(text, end, min(end + TENSE_WINDOW, len(text)))
    right = right_stop.start() if right_stop else min(end + TENSE_WINDOW, len(text))
    best: tuple[int, int] | None = None
    for side, segment, offset in ((0, text[left:start], left), (1, text[end:right], end)):
        previous = ""
        for match in _WORDS.finditer(segment):
            word = match.group().lower()
            # A capitalised word inside a sentence is a name or a month ("in May"), not a cue.
            if match.group()[0].isupper() and (side == 1 or match.start() > 0):
                previous = word
                continue
            cue = _cue(word, lex)
            if word == "to" and previous in lex.future_before_to:  # "is set to begin"
                cue = 2
            # "to be held", "has been scheduled", "will be finalized": not a past form.
            if cue < 0 and previous in _NOT_PAST_BEFORE and word not in lex.past_cues:
                cue = 0
            # "the expected offensive": a participle describing a noun tells no tense.
            if cue == 2 and word.endswith("ed") and previous in lex.attributive_before:
                cue = 0
            previous = word
            if cue == 0:
                continue
            distance = (
                (start - (offset + match.end())) if side == 0 else (offset + match.start() - end)
            )
            if best is None or distance < best[0]:
                best = (distance, cue)
    return best[1] if best else 0


def _cue(word: str, lex: TimeLexicon) -> int:
    if word in lex.weak_future_cues:
        return 1
    if word in lex.future_cues:
        return 2
    if word in lex.past_cues:
        return -1
    if word.endswith("ed") and len(word) > 4 and word not in lex.not_past_participles:
        return -1
    if word.endswith("n't"):
        return _cue(word[:-3], lex)
    if word.find("'") > 0:  # "they'll", "he'd"
        return _cue(word[word.index("'") :], lex)
    return 0


def _narrative_point(found: Normalized) -> tuple[dt.date, str] | None:
    """The first day and granularity of a date later narrative expressions may count from."""
    interval = found.interval
    if found.kind == "DATE" and interval.start is not None and interval.granularity in _NARRATIVE:
        return interval.start, interval.granularity
    return None


def _narrative_for(
    raw: RawTimex, last_day: dt.date | None, last_point: tuple[dt.date, str] | None
) -> dt.date | None:
    """The last day mentioned anchors narrative expressions; the last month or week mentioned
    also anchors shifts in months or years ("in July 2017 ... a month later" is August)."""
    unit = (raw.groups.get("unit") or "").lower().rstrip("s")
    if raw.spec == "ago" and unit in {"month", "quarter", "year", "decade"} and last_point:
        return last_point[0]
    return last_day


def _widen(found: Normalized) -> Normalized:
    """An estimated publication day may be late by up to a week: so may what hangs on it."""
    interval = found.interval
    if found.anchor in {"absolute", "none"} or interval.end is None:
        return found
    return replace(found, interval=replace(interval, end=interval.end + ESTIMATE_SLACK))


def _normalize(raw: RawTimex, text: str, anchors: Anchors, lex: TimeLexicon) -> Normalized:
    if raw.spec in RANGE_SPECS:
        return _read_range(raw, text, anchors, lex)
    return _READERS[raw.spec](raw.groups, anchors, lex)


def _read_range(raw: RawTimex, text: str, anchors: Anchors, lex: TimeLexicon) -> Normalized:
    """ "from 2009 to 2011", "between May 3 and May 5", "2014-16": a duration over both ends."""
    ends: list[Normalized] = []
    for key in ("a", "b"):
        if raw.spec == "day_range":
            # "between 28 and 31 May": the first day takes the month (and year) of the second
            day = raw.groups["d1"] if key == "a" else raw.groups["d2"]
            part = " ".join(p for p in (day, raw.groups["mon"], raw.groups["year"]) if p)
        else:
            part = raw.groups[key] or ""
        if raw.spec == "year_range" and key == "b" and len(part) == 2:
            century = (raw.groups["a"] or "0000")[:2]
            part = century + part
        inner = scan_timexes(part, in_range=True)
        if not inner:
            return Normalized("DURATION", UNKNOWN, anchor="none")
        ends.append(_READERS[inner[0].spec](inner[0].groups, anchors, lex))
    first, last = ends[0].interval, ends[1].interval
    if first.start is None or last.end is None:
        return Normalized("DURATION", UNKNOWN, anchor="none")
    if last.end < first.start and last.start is not None:
        # "between 28 May and 3 June" written on 2 June: a year-less end the past-leaning
        # anchor put a year back belongs after the start
        try:
            last = Interval(
                last.value,
                last.start.replace(year=last.start.year + 1),
                last.end.replace(year=last.end.year + 1),
                last.granularity,
            )
        except ValueError:  # 29 February
            return Normalized("DURATION", UNKNOWN, anchor="none")
    if last.end is None or last.end < first.start:
        return Normalized("DURATION", UNKNOWN, anchor="none")
    gran = first.granularity or "day"
    if gran == "year":
        value = f"P{last.start.year - first.start.year if last.start else 0}Y"
    elif gran == "month" and last.start:
        value = (
            f"P{(last.start.year - first.start.year) * 12 + last.start.month - first.start.month}M"
        )
    else:
        value = f"P{(last.end - first.start).days}D"
    anchor = "absolute" if {ends[0].anchor, ends[1].anchor} == {"absolute"} else ends[0].anchor
    return Normalized("DURATION", Interval(value, first.start, last.end, gran), anchor=anchor)


def find_timexes(
    text: str, published: dt.date | None, *, published_estimated: bool = False
) -> list[TimeExpression]:
    """Find, normalise and anchor every temporal expression in `text`.

    With no `published` date, one is estimated from the text; expressions anchored on an
    estimate get wider intervals and `estimated=True`. Offsets are into `text`, end-exclusive.
    """
    lex = load_time_lexicon()
    estimated = published_estimated
    if published is None:
        published = estimate_publication_date(text)
        estimated = published is not None
    found: list[TimeExpression] = []
    last_day: dt.date | None = None
    last_point: tuple[dt.date, str] | None = None
    for raw in scan_timexes(text):
        tense = detect_tense(text, raw.start, raw.end, lex)
        narrative = _narrative_for(raw, last_day, last_point)
        anchors = Anchors(published, narrative, tense, raw.signal)
        norm = _normalize(raw, text, anchors, lex)
        point = _narrative_point(norm)
        norm = _apply_signal(norm, raw.signal, published, lex)
        norm = _not_after_publication(norm, tense, published)
        if estimated:
            norm = _widen(norm)
        if point is not None and raw.spec not in {"range", "day_range"}:
            last_point = point
            last_day = point[0] if point[1] == "day" else last_day
        interval = norm.interval
        found.append(
            TimeExpression(
                start=raw.start,
                end=raw.end,
                text=text[raw.start : raw.end],
                kind=norm.kind,
                value=interval.value or None,
                interval_start=interval.start,
                interval_end=interval.end,
                granularity=interval.granularity,
                modifier=norm.modifier,
                anchor=norm.anchor,
                estimated=estimated and norm.anchor not in {"absolute", "none"},
            )
        )
    return found


def _not_after_publication(norm: Normalized, tense: int, published: dt.date | None) -> Normalized:
    """Told in the past tense, a relative expression cannot lie after publication: that happens
    when a narrative expression ("a week later") has no day to count from. Leave it unresolved."""
    interval = norm.interval
    if norm.anchor != "fallback":
        return norm
    if tense >= 0 or published is None or interval.start is None or interval.start <= published:
        return replace(norm, anchor="publication")
    value = interval.value if norm.kind == "DURATION" else ""
    unresolved = Interval(value, None, published, interval.granularity)
    return replace(norm, interval=unresolved, modifier="BEFORE", anchor="none")


def _apply_signal(
    norm: Normalized, signal: str | None, published: dt.date | None, lex: TimeLexicon
) -> Normalized:
    """Open the interval on the side a signal word points to: "since 2014", "by mid-October"."""
    effect = lex.signals.get(signal or "", "NONE")
    interval = norm.interval
    if effect == "NONE" or norm.kind not in {"DATE", "TIME"} or interval.start is None:
        return norm
    if effect == "AFTER":
        # "since 2014" runs up to the publication day; "after the talks" has no known end.
        end = published if signal == "since" and published and published >= interval.start else None
        start = interval.start
        if signal not in {"since", "from"} and interval.end is not None:
            start = interval.end + dt.timedelta(days=1)  # "after 2015" starts in 2016
        return replace(norm, interval=replace(interval, start=start, end=end), modifier="AFTER")
    end = interval.end
    if signal not in {"by", "until", "till", "through"}:
        end = interval.start - dt.timedelta(days=1)  # "before 2012" ends in 2011
    return replace(norm, interval=replace(interval, start=None, end=end), modifier="BEFORE")


_DATELINE_WEEKDAY = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE
)


def estimate_publication_date(text: str) -> dt.date | None:
    """Estimate when a text was published from the dates it states.

    1. The latest full date (day, month and year) in a non-future context.
    2. Failing that, a weekday hint: "Friday, November 3" with no year names a single day in
       the years the text mentions (the latest year, or the one after it, in which November 3
       is a Friday).
    Returns None when neither applies: relative expressions then stay unresolved rather than
    invented.
    """
    lex = load_time_lexicon()
    best: dt.date | None = None
    hinted: list[tuple[int, int, int]] = []  # (weekday, month, day) of "Friday, November 3"
    years: list[int] = []
    for raw in scan_timexes(text):
        if raw.spec == "year":
            years.append(int(raw.groups["year"] or 0))
        if raw.spec in {"month_day", "day_month"} and raw.groups.get("wd"):
            weekday = lex.weekdays[low(raw.groups["wd"])]
            month = lex.months[low(raw.groups["mon"]).rstrip(".")]
            hinted.append((weekday, month, int(re.sub(r"\D", "", raw.groups["day"] or "0"))))
        if raw.spec not in {"full_mdy", "full_dmy", "full_iso", "full_num"}:
            continue
        years.append(int(raw.groups.get("year") or 0) if raw.spec != "full_num" else 0)
        if detect_tense(text, raw.start, raw.end, lex) > 0:
            continue
        anchors = Anchors(None, None, 0)
        interval = _READERS[raw.spec](raw.groups, anchors, lex).interval
        if interval.start is not None and (best is None or interval.start > best):
            best = interval.start
    if best is None and hinted and any(years):
        latest = max(years)
        for weekday, month, day in hinted:
            for year in (latest, latest + 1):
                found = safe_date(year, month, day)
                if found and found.isoweekday() == weekday and (best is None or found > best):
                    best = found
    return best


def time_precision(expr: TimeExpression) -> int:
    """ACLED time precision: 1 a day, 2 a week or less, 3 a month or coarser (or unknown)."""
    if expr.interval_start is None or expr.interval_end is None:
        return 3
    days = (expr.interval_end - expr.interval_start).days + 1
    if days <= 1:
        return 1
    if days <= 7:
        return 2
    return 3
