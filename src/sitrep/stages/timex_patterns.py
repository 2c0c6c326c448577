"""Recognition of temporal expressions: one combined regular expression built from the lexicon.

The words live in `data/time_lexicon.yaml`; this module only knows the grammar. Every
construction is a *spec*: a small regular expression with named groups that the normaliser
reads. The scanner is the union of all specs (groups stripped), tried in the order of `SPEC_ORDER`
so that longer constructions win at the same position, behind an optional TimeML *signal*
("on", "since", "by" ...) that is kept outside the span but remembered for the interval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

SP = r"[^\S\n]+"  # white space inside one line: an expression never crosses a line break
OSP = r"[^\S\n]*"
SEP = r"(?:-|[^\S\n])+"  # a hyphen or a space: "fifty-year", "mid October"


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    """The linguistic knowledge of the time stage, as read from `time_lexicon.yaml`."""

    months: dict[str, int]
    capitalised_only: frozenset[str]
    bare_month_needs_cue: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    season_months: dict[str, tuple[int, int]]
    parts_of_day: dict[str, str]
    positions: dict[str, str]
    number_words: dict[str, float]
    vague_numbers: frozenset[str]
    fractions: dict[str, float]
    units: dict[str, tuple[str, str]]
    unit_plurals: dict[str, str]
    unit_adjectives: tuple[str, ...]
    ordinals: dict[str, int]
    approximators: dict[str, str]
    deictic_days: dict[str, int]
    refs: dict[str, str]
    sets: dict[str, str]
    holidays: dict[str, str]
    signals: dict[str, str]
    future_cues: frozenset[str]
    weak_future_cues: frozenset[str]
    future_before_to: frozenset[str]
    attributive_before: frozenset[str]
    past_cues: frozenset[str]
    not_past_participles: frozenset[str]
    year_blockers: frozenset[str]


@lru_cache(maxsize=1)
def load_time_lexicon() -> TimeLexicon:
    """Load the packaged time lexicon once."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("sitrep.data").joinpath("time_lexicon.yaml").read_text("utf-8")
    )
    return TimeLexicon(
        months=dict(raw["months"]),
        capitalised_only=frozenset(raw["capitalised_only"]),
        bare_month_needs_cue=frozenset(raw["bare_month_needs_cue"]),
        weekdays=dict(raw["weekdays"]),
        seasons=dict(raw["seasons"]),
        season_months={k: (v[0], v[1]) for k, v in raw["season_months"].items()},
        parts_of_day=dict(raw["parts_of_day"]),
        positions=dict(raw["positions"]),
        number_words={k: float(v) for k, v in raw["number_words"].items()},
        vague_numbers=frozenset(raw["vague_numbers"]),
        fractions={k: float(v) for k, v in raw["fractions"].items()},
        units={k: (v[0], v[1]) for k, v in raw["units"].items()},
        unit_plurals=dict(raw["unit_plurals"]),
        unit_adjectives=tuple(raw["unit_adjectives"]),
        ordinals=dict(raw["ordinals"]),
        approximators=dict(raw["approximators"]),
        deictic_days=dict(raw["deictic_days"]),
        refs=dict(raw["refs"]),
        sets=dict(raw["sets"]),
        holidays=dict(raw["holidays"]),
        signals=dict(raw["signals"]),
        future_cues=frozenset(raw["future_cues"]),
        weak_future_cues=frozenset(raw["weak_future_cues"]),
        future_before_to=frozenset(raw["future_before_to"]),
        attributive_before=frozenset(raw["attributive_before"]),
        past_cues=frozenset(raw["past_cues"]),
        not_past_participles=frozenset(raw["not_past_participles"]),
        year_blockers=frozenset(raw["year_blockers"]),
    )


def _word(phrase: str) -> str:
    return SP.join(re.escape(part) for part in phrase.split())


def _alt(phrases: Any) -> str:
    """A non-capturing alternation, longest first so that the regex prefers the longer word."""
    return "(?:" + "|".join(_word(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def _month_alt(lex: TimeLexicon, *, full_only: bool) -> str:
    full_names = {
        name for name, num in lex.months.items() if len(name) > 4 or name in {"may", "june", "july"}
    }
    parts = []
    for name in sorted(lex.months, key=len, reverse=True):
        is_abbr = name not in full_names
        if full_only and is_abbr:
            continue
        word = re.escape(name)
        if name in lex.capitalised_only:
            word = f"(?-i:{re.escape(name.capitalize())}|{re.escape(name.upper())})"
        parts.append(word + (r"\.?" if is_abbr else ""))
    return "(?:" + "|".join(parts) + r")(?![\w'])"


@lru_cache(maxsize=1)
def build_specs() -> dict[str, re.Pattern[str]]:
    """Compile every spec (with its named groups) in scanning order."""
    lex = load_time_lexicon()
    month = _month_alt(lex, full_only=False)
    month_full = _month_alt(lex, full_only=True)
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
    year = r"(?:18\d\d|19\d\d|20\d\d)(?![\d])(?!,\d)(?!%)"
    weekday = _alt(lex.weekdays) + r"(?![\w])"
    number_word = _alt(lex.number_words)
    number = rf"(?:\d+(?:\.\d+)?|{number_word}(?:-{number_word})?(?:{SP}{_alt(lex.fractions)})?)"
    vague = _alt([*lex.vague_numbers, "recent"])
    singular_units = [u for u in lex.units if u != "second"]
    plural_units = [u + "s" for u in lex.units] + list(lex.unit_plurals)
    unit = _alt(singular_units + plural_units) + r"(?![\w])"
    plural_unit = _alt(plural_units) + r"(?![\w])"
    unit_adj = _alt(lex.unit_adjectives)
    approx = _alt(lex.approximators)
    part = _alt(lex.parts_of_day) + r"(?![\w])"
    season = _alt(lex.seasons) + r"(?![\w])"
    ordinal = _alt(lex.ordinals)
    pos = (
        rf"(?:(?:early|late){SP}|mid-?{OSP}|(?:the{SP})?(?:very{SP})?"
        rf"(?:beginning|start|middle|end|close){SP}of{SP})"
    )
    point = (
        rf"(?:{month}{SP}{day}(?:,?{SP}{year})?|{day}{SP}(?:of{SP})?{month}(?:,?{SP}{year})?"
        rf"|{month},?{SP}{year}|{year}|{month_full}|{weekday})"
    )
    rel = (
        r"(?:the\s+)?(?:last|past|previous|next|coming|following|current|same|preceding"
        r"|subsequent)|this(?:\s+past|\s+coming)?|that|(?:earlier|later)\s+(?:this|that|last|next)"
    ).replace(r"\s+", SP)
    unit_word = r"(?:day|night|week|weekend|fortnight|month|quarter|year|decade|century)(?![\w])"
    tz = r"(?:UTC|GMT|Z|local\s+time|(?-i:[A-Z]{3,4})(?![\w]))".replace(r"\s+", SP)

    specs: dict[str, str] = {
        "range": rf"(?:from|between){SP}(?P<a>{point}){OSP}(?:to|until|till|through|and|-|–)"
        rf"{OSP}(?P<b>{point})",
        # "between 28 and 31 May": two days of one month
        "day_range": rf"(?:from|between){SP}(?P<d1>{day}){OSP}(?:to|until|till|through|and|-|–)"
        rf"{OSP}(?P<b>(?P<d2>{day}){SP}(?:of{SP})?(?P<mon>{month})(?:,?{SP}(?P<year>{year}))?)",
        "year_range": rf"(?P<a>{year})[-–](?P<b>{year}|\d\d(?!\d))(?![-–/]\d)",
        "full_mdy": rf"(?:(?P<wd>{weekday}),?{SP})?(?P<mon>{month}){SP}(?P<day>{day})"
        rf"(?:,{OSP}|{SP})(?P<year>{year})",
        "full_dmy": rf"(?:(?P<wd>{weekday}),?{SP})?(?:the{SP})?(?P<day>{day}){SP}(?:of{SP})?"
        rf"(?P<mon>{month}),?{SP}(?P<year>{year})",
        "full_iso": r"(?P<year>(?:18|19|20)\d\d)-(?P<mon>0[1-9]|1[0-2])-"
        r"(?P<day>0[1-9]|[12]\d|3[01])(?![\d])",
        "full_num": r"(?P<a>\d{1,2})/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])",
        "week_of": rf"(?:the{SP})?(?P<ord>{ordinal}){SP}(?P<unit>week|weekend){SP}(?:of|in){SP}"
        rf"(?P<mon>{month})(?:,?{SP}(?P<year>{year}))?",
        "clock": rf"(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?:{OSP}(?P<ampm>[ap]\.?m\.?))?"
        rf"(?:{OSP}\(?(?P<tz>{tz})(?:{OSP}[+-]{OSP}\d{{1,2}}\)?)?)?"
        rf"(?:{SP}(?:on{SP})?(?P<wd>{weekday})|{SP}(?P<dd>today|yesterday|tomorrow))?",
        "clock_ampm": rf"(?P<h>1[0-2]|0?[1-9]){OSP}(?P<ampm>[ap]\.m\.|[ap]m(?![\w]))"
        rf"(?:{SP}(?P<tz>{tz}))?",
        "clock_mil": rf"(?P<hm>(?:[01]\d|2[0-3])[0-5]\d){SP}(?P<tz>UTC|GMT|hours|hrs)(?![\w])",
        "month_day": rf"(?:(?P<wd>{weekday}),?{SP})?(?P<mon>{month}){SP}(?P<day>{day})",
        "day_month": rf"(?:(?P<wd>{weekday}),?{SP})?(?:the{SP})?(?P<day>{day}){SP}(?:of{SP})?"
        rf"(?P<mon>{month})",
        "month_year": rf"(?P<pos>{pos})?(?P<mon>{month}),?{SP}(?:of{SP})?(?P<year>{year})",
        "quarter": rf"(?:the{SP})?(?P<ord>{ordinal}){SEP}(?P<q>quarter|half)(?![\w])"
        rf"(?:{SP}(?:of{SP})?(?:(?P<year>{year})|(?P<rel>this|last|next|the{SP}previous"
        rf"|the{SP}same|the{SP}current|the{SP}last){SP}(?:fiscal{SP})?year))?",
        "quarter_code": rf"(?:Q(?P<q>[1-4]){OSP}(?P<year>{year})"
        rf"|(?P<year2>{year}){OSP}Q(?P<q2>[1-4]))",
        "season": rf"(?P<pos>{pos})?(?:the{SP})?(?P<season>{season})(?:{SP}(?:of{SP})?"
        rf"(?P<year>{year}))?",
        "holiday": rf"(?P<hol>{_alt(lex.holidays)})(?![\w])(?:{SP}(?P<year>{year}))?",
        "deictic": rf"(?:(?P<shift>the{SP}day{SP}(?:before|after)){SP})?(?:(?P<el>earlier|later)"
        rf"{SP})?(?P<dd>{_alt(lex.deictic_days)})(?![\w])(?:{SP}(?P<part>{part}))?",
        "weekday": rf"(?:(?P<rel>last|next|this(?:{SP}past|{SP}coming)?|coming|past"
        rf"|the{SP}following|the{SP}previous|the{SP}next|that){SP})?(?P<wd>{weekday})(?:{SP}(?P<part>{part}))?",
        "part_rel": rf"(?P<rel>this|last|that|the{SP}same|the{SP}previous|the{SP}following"
        rf"|the{SP}next){SP}(?P<part>{part})",
        "set": rf"(?:(?P<freq>{_alt(lex.sets)})(?![\w])|(?P<every>every|each|per){SP}"
        rf"(?:(?P<num>{number}|other){SP})?(?P<unit>{unit}|{weekday}|{part})"
        rf"|(?P<times>once|twice|{number}{SP}times){SP}(?:a|an|per|every|each){SP}"
        rf"(?P<unit2>{unit})|(?<=\d )(?:a|an){SP}(?P<unit3>{unit}))",
        "ago": rf"(?:(?P<approx>{approx}){SP})?(?:(?P<num>{number}|{vague}){SEP})?"
        rf"(?:{unit_adj}{SP})?(?P<unit>{unit}){SP}(?P<dir>ago|earlier|later|before|after"
        rf"|previously|prior|from{SP}now|hence|back|on)(?![\w])",
        "duration": rf"(?:(?P<approx>{approx}){SP}|(?P<rel>the{SP}(?:past|last|next|coming"
        rf"|previous|first|final|following|remaining|preceding)){SP})?(?P<num>{number}|{vague})"
        rf"{SEP}(?:{unit_adj}{SP})?(?P<unit>{unit})(?P<suffix>-(?:old|long))?",
        "rel_named": rf"(?P<rel>{rel}){SP}(?P<name>{month_full}|{season})",
        "rel_unit": rf"(?P<pos>{pos})?(?P<rel>{rel}){SP}(?P<unit>{unit_word})",
        "pos_unit": rf"(?P<pos>{pos})(?:the{SP})(?P<unit>day|week|month|year)(?![\w])",
        "the_weekend": rf"the{SP}weekend(?![\w])",
        "the_day": rf"(?:(?:the|that){SP}day(?:{SP}(?P<dir>before|after)(?!{SP}yesterday"
        rf"|{SP}tomorrow|{SP}[a-z]+ing(?![\w])))?|that{SP}time)(?![\w'])",
        "decade": rf"(?:the{SP})?(?:(?P<pos>early|mid|late){SEP}?)?"
        rf"(?P<dec>(?:18|19|20)\d0s|'\d0s|\d0s)(?![\w])",
        "century": rf"(?:the{SP})?(?P<c>1\d|20|21)(?:st|th){SP}century(?![\w])",
        "year_short": r"'(?P<yy>\d\d)(?![\w'])",
        "year": rf"(?P<pos>{pos})?(?P<year>{year})",
        "month": rf"(?P<pos>{pos})?(?P<mon>{month_full})",
        "bare": rf"(?:(?P<pre>over{SP}the){SP})?(?P<unit>{plural_unit})(?P<suffix>-long)?",
        "part_of": rf"the{SP}(?P<part>{part}){SP}of{SP}(?P<a>(?:{weekday},?{SP})?"
        rf"(?:{month}{SP}{day}|{day}{SP}(?:of{SP})?{month})(?:,?{SP}{year})?|{weekday})",
        "part_bare": rf"(?:the{SP})?(?P<part>{part})",
        "ref": rf"(?P<ref>{_alt(lex.refs)})(?![\w])",
    }
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in specs.items()}


_NAMED = re.compile(r"\(\?P<\w+>")


@lru_cache(maxsize=1)
def build_scanner() -> re.Pattern[str]:
    """The single scanning expression: the union of every spec, in order."""
    specs = build_specs()
    bodies = "|".join(
        f"(?P<{name}>{_NAMED.sub('(?:', spec.pattern)})" for name, spec in specs.items()
    )
    return re.compile(rf"(?<![\w'/:.-])(?:{bodies})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def build_signal_before() -> re.Pattern[str]:
    """The TimeML signal word just before an expression ("on", "since", "by" ...).

    Looked up behind a match rather than scanned for: signals are frequent words, and trying
    the scanner at each of them would double its work.
    """
    return re.compile(rf"(?<![\w-])({_alt(load_time_lexicon().signals)}){SP}$", re.IGNORECASE)


@dataclass(slots=True)
class RawTimex:
    """One recognised expression before normalisation."""

    start: int
    end: int
    spec: str
    groups: dict[str, str | None]
    signal: str | None

    @property
    def key(self) -> tuple[int, int]:
        """The span, for sorting and de-duplication."""
        return (self.start, self.end)


# Specs that denote a time only with a signal or position word before them ("in the fall",
# "in May", "for days"): on their own they are ordinary words.
_NEEDS_SIGNAL = {"season", "part_bare", "bare"}
_NOT_SEASON_AFTER = re.compile(r"[^\S\n]+of[^\S\n]+(?!(?:18|19|20)\d\d)")
_AFTER_BEFORE = re.compile(r"[^\S\n]+(?:after|before)\b")
_WORD_AFTER = re.compile(r"[^\S\n]*([A-Za-z]+)")
_CAPITALISED_BEFORE = re.compile(r"([A-Z][A-Za-z]*)[^\S\n]+$")
_CAPITALISED_AFTER = re.compile(r"[^\S\n]+[A-Z][a-z]")


def _inside_name(text: str, start: int, end: int) -> bool:
    """A number between two capitalised words ("Russell 2000 Index") is part of a name."""
    before = _CAPITALISED_BEFORE.search(text, max(start - 30, 0), start)
    if before is None or before.group(1).lower() in load_time_lexicon().months:
        return False
    return _CAPITALISED_AFTER.match(text, end) is not None


_SHORT_BARE = {"days", "hours", "minutes", "nights", "weekends"}


SIGNAL_DIRECTIONS = frozenset({"after", "before", "on", "prior"})
_TOKEN = re.compile(r"[A-Za-z]+|\d+|'(?=\d)")
# Every expression has a trigger word (a month, a unit, a digit ...) among its first
# `LOOKBACK` + 1 words: "more than two and a half years ago" starts six words before "years".
LOOKBACK = 6


@lru_cache(maxsize=1)
def trigger_words() -> frozenset[str]:
    """Words at least one of which every temporal expression contains."""
    lex = load_time_lexicon()
    words = {*lex.months, *lex.weekdays, *lex.seasons, *lex.parts_of_day, *lex.deictic_days}
    words |= {*lex.units, *(u + "s" for u in lex.units), *lex.unit_plurals, *lex.sets}
    words |= {phrase.split()[-1] for phrase in lex.refs}
    words |= {phrase.split()[0] for phrase in lex.holidays}
    words |= {"quarter", "half", "time", "'"}
    return frozenset(words)


@lru_cache(maxsize=1)
def starter_words() -> frozenset[str]:
    """Words an expression can begin with (besides digits): the scanner tries no other."""
    lex = load_time_lexicon()
    phrases = [
        *lex.approximators,
        *lex.number_words,
        *lex.vague_numbers,
        *lex.ordinals,
        *lex.holidays,
        *lex.refs,
        *lex.positions,
    ]
    words = {phrase.split()[0] for phrase in phrases}
    words |= {
        "the",
        "this",
        "that",
        "last",
        "next",
        "past",
        "coming",
        "early",
        "late",
        "mid",
        "very",
        "earlier",
        "later",
        "from",
        "between",
        "every",
        "each",
        "per",
        "once",
        "twice",
        "more",
        "less",
        "fewer",
        "well",
        "upwards",
        "right",
        "recent",
        "q",
    }
    return frozenset(words | trigger_words())


# Specs whose expression spans two ends.
RANGE_SPECS = frozenset({"range", "year_range", "day_range"})


def scan_timexes(text: str, *, in_range: bool = False) -> list[RawTimex]:
    """Find every temporal expression in `text`, left to right, without overlaps.

    The combined expression is tried only at the word starts just before a trigger word,
    which keeps the tagger fast on long texts with few dates.
    """
    lex = load_time_lexicon()
    triggers = trigger_words()
    starters = starter_words()
    scanner = build_scanner()
    found: list[RawTimex] = []
    recent: list[int] = []  # starts of the last LOOKBACK + 1 tokens that may begin one
    tried = -1  # every word start up to here has been tried
    for token in _TOKEN.finditer(text):
        word = token.group()
        low = word.lower()
        digit = word[0].isdigit() or word == "'"
        if not (digit or low in starters):
            continue
        recent.append(token.start())
        if len(recent) > LOOKBACK + 1:
            del recent[0]
        if not (digit or low in triggers):
            continue
        for position in recent:
            if position <= tried:
                continue
            tried = position
            match = scanner.match(text, position)
            if match is None:
                continue
            raw = _accept(match, text, lex, in_range=in_range)
            if raw is None:
                continue
            found.append(raw)
            tried = max(tried, raw.end - 1)
            if raw.spec in RANGE_SPECS:
                span_match = build_specs()[raw.spec].fullmatch(text, raw.start, raw.end)
                assert span_match is not None
                found.extend(_range_points(text, span_match))
    return found


def _accept(
    match: re.Match[str], text: str, lex: TimeLexicon, *, in_range: bool
) -> RawTimex | None:
    name = match.lastgroup
    if name is None:
        return None
    start, end = match.span(name)
    spec_match = build_specs()[name].fullmatch(text, start, end)
    if spec_match is None:  # pragma: no cover - scanner and spec are built from one string
        return None
    before = build_signal_before().search(text, max(start - 12, 0), start)
    signal = before.group(1) if before else None
    groups = spec_match.groupdict()
    if not in_range and not _acceptable(name, groups, signal, text, start, end, lex):
        return None
    if name == "ago" and (groups["dir"] or "").lower() in SIGNAL_DIRECTIONS:
        # TimeML: in "a week after the talks" the timex is "a week"; "after" is a signal.
        end = spec_match.start("dir")
        while text[end - 1].isspace():
            end -= 1
    return RawTimex(start, end, name, groups, signal.lower() if signal else None)


def _range_points(text: str, match: re.Match[str]) -> list[RawTimex]:
    """The two ends of a range, scanned on their own (TimeML annotates both; a bare day opening
    a range of one month is no expression of its own)."""
    points = []
    for group in ("a", "b"):
        if group not in match.re.groupindex:
            continue
        a, b = match.span(group)
        for inner in scan_timexes(text[a:b], in_range=True):
            points.append(RawTimex(inner.start + a, inner.end + a, inner.spec, inner.groups, None))
    return points


def _acceptable(
    name: str,
    groups: dict[str, str | None],
    signal: str | None,
    text: str,
    start: int,
    end: int,
    lex: TimeLexicon,
) -> bool:
    """Reject the readings that are ordinary words in this context (numbered as in the tests)."""
    # 1. Bare seasons, parts of day and short plural units need a signal ("in the fall",
    #    "within minutes"); "years"/"decades" stand alone ("years of war").
    if name in _NEEDS_SIGNAL and signal is None and not groups.get("pos"):
        if name == "part_bare" and (groups["part"] or "").lower() == "overnight":
            return True
        if name != "bare":
            return False
        if (groups["unit"] or "").lower() in _SHORT_BARE and not groups.get("suffix"):
            return False
    # 1b. "2014-16" is a range, "2017-10" a month: the second year must come later.
    second = groups.get("b") or ""
    if name == "year_range" and len(second) == 2 and second <= (groups["a"] or "")[-2:]:
        return False
    # 2. "the fall of Mosul", "the summer of discontent": an event, not a season.
    if name == "season" and not groups.get("year") and _NOT_SEASON_AFTER.match(text, end):
        return False
    # 2b. "Russia Today", "Mideast Daily News", "Jewish New Year": part of a name.
    if (
        name in {"deictic", "ref", "set", "holiday"}
        and text[start].isupper()
        and _CAPITALISED_BEFORE.search(text, max(start - 30, 0), start)
    ):
        return False
    # 2c. "shortly after the offensive": a relation to an event, not the future.
    if name == "ref" and _AFTER_BEFORE.match(text, end):
        return False
    # 3. A bare "May"/"June" after no signal is a name or a verb ("Theresa May").
    bare_month = (groups.get("mon") or "").lower() in lex.bare_month_needs_cue
    if name == "month" and signal is None and not groups.get("pos") and bare_month:
        return False
    # 4. "2000 troops": a four-digit number before a counted noun is a count, not a year.
    if name == "year" and not groups.get("pos"):
        after = _WORD_AFTER.match(text, end)
        if after and after.group(1).lower() in lex.year_blockers:
            return False
        if start > 0 and text[start - 1] in "$£€#":
            return False
    # 5. "iLife '11", "Russell 2000 Index": a year inside a name.
    if name == "year_short" and signal is None:
        return False
    if (
        name == "year"
        and not groups.get("pos")
        and signal is None
        and _inside_name(text, start, end)
    ):
        return False
    # 6. "a quarter of the city", "a second attack": not durations.
    if name == "duration" and (groups["num"] or "").lower() in {"a", "an", "some"}:
        unit = (groups["unit"] or "").lower()
        some = (groups["num"] or "").lower() == "some"
        if unit == "quarter" or (some and not unit.endswith("s")):
            return False
    # 7. Vague "ago"/"later" needs a plural unit ("years later"), not "day after".
    if name == "ago" and not groups.get("num"):
        return (groups["unit"] or "").lower().endswith("s")
    return True
