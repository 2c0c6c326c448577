"""The time stage's rules one by one: what is not a date, estimation, unresolved, precision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.model import TimeExpression
from sitrep.stages.time import (
    detect_tense,
    estimate_publication_date,
    find_timexes,
    time_precision,
)
from sitrep.stages.timex_patterns import load_time_lexicon, scan_timexes

FRIDAY = dt.date(2017, 11, 3)


def _texts(sentence: str) -> list[str]:
    return [t.text for t in find_timexes(sentence, FRIDAY)]


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        # 1. bare seasons and parts of day need a signal
        ("Prices fall when the army advances.", "fall"),
        ("The Arab Spring changed the region.", "Spring"),
        ("Morning prayers were cancelled.", "Morning"),
        # 2. "the fall of" a place is an event
        ("The government fell after the fall of Mosul.", "the fall"),
        ("He warned his followers of the fall of “all the cities”.", "the fall"),
        ("The summer of discontent began.", "summer"),
        # 2b. a capitalised deictic word inside a name
        ("The channel Russia Today reported the strike.", "Today"),
        # 2c. "shortly after" relates two events
        ("The town fell shortly after the offensive began.", "shortly"),
        # 3. "May" without a signal is a name or a verb
        ("Theresa May said the talks had failed.", "May"),
        # 4. a number before a counted noun is a count
        ("About 2000 troops were deployed.", "2000"),
        ("Some 1500 civilians fled.", "1500"),
        # 5. a number or short year inside a name
        ("The Russell 2000 Index fell.", "2000"),
        ("Apple showed iLife '11 to reporters.", "'11"),
        # 6. "a quarter of", "some day": not durations
        ("A quarter of the city was destroyed.", "A quarter"),
        # numbers in names and counts are not years
        ("UN Resolution 2254 calls for talks.", "2254"),
        ("Some 2,000 people fled.", "2,000"),
        ("Page 2017 of the report.", "2017"),
        ("The 101st Airborne moved along Route 66.", "101st"),
        # short plural units need a signal
        ("Days of fighting left the town in ruins.", "Days"),
    ],
)
def test_time_rejects_ordinary_words(sentence: str, absent: str) -> None:
    assert absent not in _texts(sentence)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The battle lasted three weeks.", "DURATION"),
        ("The monitors publish a weekly report.", "SET"),
        ("The blast came at 16:30 UTC.", "TIME"),
        ("The army advanced last week.", "DATE"),
        ("Reinforcements arrive twice a week.", "SET"),
        ("Fighting raged through the night.", "TIME"),
    ],
)
def test_time_types_expressions(sentence: str, kind: str) -> None:
    assert [t.kind for t in find_timexes(sentence, FRIDAY)] == [kind]


@pytest.mark.parametrize(
    ("sentence", "text", "modifier"),
    [
        ("The group has held the valley since 2014.", "2014", "AFTER"),
        ("The army must leave by mid-October.", "mid-October", "BEFORE"),
        ("The town was shelled in early 2016.", "early 2016", "START"),
        ("The dam was finished in mid-2015.", "mid-2015", "MID"),
        ("The base closed at the end of 2012.", "the end of 2012", "END"),
        ("The siege lasted about two years.", "about two years", "APPROX"),
        (
            "The siege ended on 2 October. Aid came more than a week after the siege ended.",
            "more than a week",
            "AFTER",
        ),
    ],
)
def test_time_sets_modifiers(sentence: str, text: str, modifier: str) -> None:
    (expr,) = [t for t in find_timexes(sentence, FRIDAY) if t.text == text]
    assert expr.modifier == modifier


def test_time_signal_stays_outside_the_span() -> None:
    (expr,) = find_timexes("The group has held the valley since 2014.", FRIDAY)
    assert expr.text == "2014"
    assert (expr.interval_start, expr.interval_end) == (dt.date(2014, 1, 1), FRIDAY)


def test_time_range_gives_the_range_and_both_ends() -> None:
    found = find_timexes("The town was besieged from 2012 to 2016.", FRIDAY)
    assert [(t.text, t.value) for t in found] == [
        ("from 2012 to 2016", "P4Y"),
        ("2012", "2012"),
        ("2016", "2016"),
    ]
    assert (found[0].interval_start, found[0].interval_end) == (
        dt.date(2012, 1, 1),
        dt.date(2016, 12, 31),
    )


def test_time_range_of_days_in_one_month() -> None:
    # "between 28 and 31 May": the first day takes the second's month; the bare "28" is no
    # expression of its own, "31 May" is
    found = find_timexes("About 2,500 people fled between 28 and 31 May.", dt.date(2025, 6, 2))
    assert [(t.text, t.interval_start, t.interval_end) for t in found] == [
        ("between 28 and 31 May", dt.date(2025, 5, 28), dt.date(2025, 5, 31)),
        ("31 May", dt.date(2025, 5, 31), dt.date(2025, 5, 31)),
    ]


def test_time_range_ends_after_it_starts() -> None:
    # written on 2 June: a year-less "3 June" alone leans into the past, but as the end of a
    # range that starts on 28 May it is the coming day, never a year back
    (whole, *_) = find_timexes("People fled between 28 May and 3 June.", dt.date(2025, 6, 2))
    assert (whole.value, whole.interval_start, whole.interval_end) == (
        "P6D",
        dt.date(2025, 5, 28),
        dt.date(2025, 6, 3),
    )


def test_time_narrative_anchor_is_the_last_day_mentioned() -> None:
    text = (
        "Troops entered the town on 2 October. Two days later they left. The next day, rebels came."
    )
    found = {t.text: t for t in find_timexes(text, FRIDAY)}
    assert found["Two days later"].value == "2017-10-04"
    assert found["Two days later"].anchor == "narrative"
    assert found["The next day"].value == "2017-10-05"


DATELINED = (
    "Rebels retake border town\n"
    "November 3, 2017\n"
    "Rebels said on Thursday they had retaken the town, which the army seized last month. "
    "Elections are due on December 10, 2017."
)


def test_time_month_anchors_shifts_in_months_but_not_days() -> None:
    text = "Mosul fell in July 2017. A month later, Tal Afar fell. The next day, the army paused."
    found = {t.text: t for t in find_timexes(text, dt.date(2017, 12, 15))}
    assert found["A month later"].value == "2017-08"
    # no day is known: the next day stays unresolved rather than counted from July 1
    assert found["The next day"].value is None


def test_time_leaves_a_narrative_expression_with_no_day_before_it_unresolved() -> None:
    # Counted from publication, "a week later" would lie after it in a past-tense sentence.
    (expr,) = find_timexes("The town was retaken a week later.", FRIDAY)
    assert expr.value is None and expr.anchor == "none"
    assert (expr.interval_start, expr.interval_end) == (None, FRIDAY)


def test_time_over_the_past_is_not_more_than() -> None:
    (expr,) = find_timexes("Attacks rose over the last six months.", FRIDAY)
    assert expr.text == "the last six months" and expr.modifier is None
    assert expr.interval_start == dt.date(2017, 5, 3)


def test_time_estimates_publication_from_the_latest_non_future_date() -> None:
    # The future election date is not a publication date.
    assert estimate_publication_date(DATELINED) == dt.date(2017, 11, 3)
    assert estimate_publication_date("Rebels said they took the town last month.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Friday, November 3, the army, which lost the town in 2016, took it back.",
            "2017-11-03",
        ),
        ("On Thursday, 2 November, rebels attacked; the war began in 2011.", None),
        ("On Friday, November 3, the army took the town.", None),  # no year to start from
    ],
)
def test_time_estimates_publication_from_a_weekday_hint(text: str, expected: str | None) -> None:
    # November 3 is a Friday in 2017 (2016 + 1); 2 November is no Thursday in 2011 or 2012.
    found = estimate_publication_date(text)
    assert found == (dt.date.fromisoformat(expected) if expected else None)


def test_time_flags_and_widens_intervals_on_an_estimated_date() -> None:
    found = {t.text: t for t in find_timexes(DATELINED, None)}
    thursday = found["Thursday"]
    assert thursday.estimated and thursday.value == "2017-11-02"
    assert thursday.interval_start == dt.date(2017, 11, 2)
    assert thursday.interval_end == dt.date(2017, 11, 9)  # the real day may be a week later
    assert not found["November 3, 2017"].estimated


def test_time_flags_a_given_estimated_publication_date() -> None:
    (expr,) = find_timexes("The army withdrew yesterday.", FRIDAY, published_estimated=True)
    assert expr.estimated and expr.interval_end == dt.date(2017, 11, 9)


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("Rebels said on Thursday they had retaken the town.", "Thursday", "XXXX-WXX-4"),
        ("The army withdrew on January 5.", "January 5", "XXXX-01-05"),
        ("The army withdrew in March.", "March", "XXXX-03"),
        ("The army withdrew last month.", "last month", None),
        ("The army withdrew two years after the war.", "two years", "P2Y"),
    ],
)
def test_time_leaves_relative_expressions_unresolved_without_a_date(
    sentence: str, text: str, value: str | None
) -> None:
    (expr,) = [t for t in find_timexes(sentence, None) if t.text == text]
    assert expr.value == value
    assert expr.interval_start is None and expr.interval_end is None
    assert not expr.estimated


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        ("2017-11-03", "2017-11-03", 1),
        ("2017-10-30", "2017-11-05", 2),
        ("2017-10-01", "2017-10-31", 3),
        ("2016-01-01", "2016-12-31", 3),
        (None, "2017-11-03", 3),
    ],
)
def test_time_precision_follows_acled(start: str | None, end: str | None, precision: int) -> None:
    expr = TimeExpression(
        0,
        1,
        "x",
        "DATE",
        None,
        interval_start=dt.date.fromisoformat(start) if start else None,
        interval_end=dt.date.fromisoformat(end) if end else None,
    )
    assert time_precision(expr) == precision


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        ("The hearing has been scheduled for June 3.", 2),  # passive -ed is not a past cue
        ("The trial is set to begin on Wednesday.", 2),  # "set to"
        ("The deal will be finalised by June 10.", 2),
        ("The transaction should be completed in October.", 1),  # weak future
        ("Troops were deployed between March and May.", -1),  # "May" the month is no modal
        ("The explosion occurred at 3 p.m. on Wednesday.", -1),  # "p.m." ends no sentence
    ],
)
def test_time_tense_window(sentence: str, tense: int) -> None:
    raw = scan_timexes(sentence)[-1]
    assert detect_tense(sentence, raw.start, raw.end, load_time_lexicon()) == tense


def test_time_offsets_are_into_the_text() -> None:
    text = "On Friday, November 3, 2017, the army said it had taken the town two days ago."
    for expr in find_timexes(text, FRIDAY):
        assert text[expr.start : expr.end] == expr.text


_FUZZ_TEXT = (
    "on Friday last month the next day 2014 since by mid-October in the fall of 2016 a week "
    "after two years ago at the start of September May 3 , . 12:30 UTC from to between and "
    "Monday morning the 1990s '82 every weekly Q3 2017 the first quarter recently now will was "
    "said 2,000 troops 31 February 29 2015 0600 GMT the day before yesterday Christmas half"
)


@given(
    st.lists(st.sampled_from(_FUZZ_TEXT.split()), max_size=25),
    st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2040, 12, 31))),
)
@settings(max_examples=300, deadline=None)
def test_time_never_fails_and_offsets_hold(words: list[str], published: dt.date | None) -> None:
    text = " ".join(words)
    for expr in find_timexes(text, published):
        assert text[expr.start : expr.end] == expr.text
        if expr.interval_start and expr.interval_end:
            assert expr.interval_start <= expr.interval_end
        assert 1 <= time_precision(expr) <= 3
