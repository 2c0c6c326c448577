"""Event time: the report's date from its sentence's temporal expression, or the fallback."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from sitrep.stages.event_time import PAST_WINDOW, link_time
from sitrep.stages.time import find_timexes

PUBLISHED = dt.date(2017, 11, 3)  # a Friday


def date_of(nlp: Language, text: str, trigger: str) -> tuple[object, bool]:
    sdoc = nlp(text)
    token = next(t for t in sdoc if t.text == trigger)
    date, from_text = link_time(
        next(iter(sdoc.sents)), token, find_timexes(text, PUBLISHED), PUBLISHED
    )
    assert date is not None
    return (date.start, date.end, date.precision, date.estimated), from_text


@pytest.mark.parametrize(
    ("text", "trigger", "start", "end", "precision"),
    [
        (
            "The army captured the town on 17 October 2017.",
            "captured",
            "2017-10-17",
            "2017-10-17",
            "day",
        ),
        (
            "Rebels shelled the district in September 2017.",
            "shelled",
            "2017-09-01",
            "2017-09-30",
            "month",
        ),
        (
            "Islamic State fighters withdrew from Hajin last month.",
            "withdrew",
            "2017-10-01",
            "2017-10-31",
            "month",
        ),
    ],
)
def test_events_time_from_the_expression(
    nlp: Language, text: str, trigger: str, start: str, end: str, precision: str
) -> None:
    (d0, d1, gran, estimated), from_text = date_of(nlp, text, trigger)
    assert from_text and not estimated
    assert (str(d0), str(d1), gran) == (start, end, precision)


def test_events_time_past_fallback_is_a_window_before_publication(nlp: Language) -> None:
    (d0, d1, gran, estimated), from_text = date_of(nlp, "Rebels captured the town.", "captured")
    assert not from_text and estimated
    assert (d0, d1, gran) == (PUBLISHED - PAST_WINDOW, PUBLISHED, "month")


def test_events_time_present_fallback_is_the_last_week(nlp: Language) -> None:
    (d0, d1, gran, _), _ = date_of(nlp, "Rebels are fighting the army.", "fighting")
    assert (d1 - d0).days <= 7 and d1 == PUBLISHED and gran == "week"


def test_events_time_none_without_publication(nlp: Language) -> None:
    sdoc = nlp("Rebels captured the town.")
    date, _ = link_time(next(iter(sdoc.sents)), sdoc[1], [], None)
    assert date is None


def test_events_time_narrative_date_from_the_paragraph(nlp: Language) -> None:
    text = "In March 2016, the rebels reached the river. They captured the town."
    sdoc = nlp(text)
    sent = list(sdoc.sents)[1]
    token = next(t for t in sent if t.text == "captured")
    date, from_text = link_time(sent, token, find_timexes(text, PUBLISHED), PUBLISHED)
    assert date is not None and not from_text and date.estimated
    assert (str(date.start), str(date.end), date.precision) == ("2016-03-01", "2016-03-31", "month")


def test_events_time_open_start_keeps_its_month(nlp: Language) -> None:
    (d0, d1, gran, _), from_text = date_of(
        nlp, "By the end of October 2017, the group had lost the town.", "lost"
    )
    assert from_text and (str(d0), str(d1), gran) == ("2017-10-01", "2017-10-31", "month")


# (text, trigger, start, end): the rules of event_time's steps 1 and 2 beyond the nearest date.
LINKING = [
    # "soon" is no date of a past event: the clause's own date is
    (
        "Troops reached the valley at the start of September and soon broke the siege.",
        "broke",
        "2017-09-01",
        "2017-09-10",
    ),
    # a date opening the sentence sets the scene for its main clause, however deep the trigger
    (
        "During the course of June 2017, the momentum of the push was broken by the rebels' "
        "counterattacks.",
        "counterattacks",
        "2017-06-01",
        "2017-06-30",
    ),
    # "for two years" on a past perfect: the span up to publication
    (
        "For two years the militants had besieged the garrison in the old town.",
        "besieged",
        "2015-11-04",  # 730 days: years count 365.25 days
        "2017-11-03",
    ),
    # a participle clause telling the trigger's outcome dates the event itself
    (
        "Gunmen attacked a church in Kaduna, killing five worshippers on Wednesday.",
        "attacked",
        "2017-11-01",
        "2017-11-01",
    ),
]


@pytest.mark.parametrize(("text", "trigger", "start", "end"), LINKING)
def test_events_time_linking_rules(
    nlp: Language, text: str, trigger: str, start: str, end: str
) -> None:
    (d0, d1, _, _), from_text = date_of(nlp, text, trigger)
    assert from_text
    assert (str(d0), str(d1)) == (start, end)


def test_events_time_a_date_in_an_aside_does_not_count(nlp: Language) -> None:
    text = "The agency, which ignored last weekend's defeat, said troops were fighting in town."
    (_, d1, _, estimated), from_text = date_of(nlp, text, "fighting")
    assert not from_text and estimated
    assert d1 == PUBLISHED


def test_events_time_a_date_in_another_clause_dates_that_clause(nlp: Language) -> None:
    text = "The militants fled on Thursday, after troops surrounded the town on 20 October."
    (d0, d1, _, _), from_text = date_of(nlp, text, "fled")
    assert from_text
    assert (str(d0), str(d1)) == ("2017-11-02", "2017-11-02")


def test_events_time_a_past_stretch_runs_up_to_publication(nlp: Language) -> None:
    text = "The army said it had retaken nine villages over the past day."
    (d0, d1, _, _), from_text = date_of(nlp, text, "retaken")
    assert from_text
    assert (str(d0), str(d1)) == ("2017-11-02", "2017-11-03")


def test_events_time_recent_days_reach_a_week_back(nlp: Language) -> None:
    text = "Hundreds of families have fled the valley in recent days."
    (d0, d1, _, estimated), from_text = date_of(nlp, text, "fled")
    assert from_text and estimated
    assert (str(d0), str(d1)) == ("2017-10-27", "2017-11-03")


def test_events_time_the_month_before_counts_back_from_the_sentence_date(nlp: Language) -> None:
    text = "In June 2016, the weekly described a raid it had conducted the month before."
    (d0, d1, gran, estimated), from_text = date_of(nlp, text, "raid")
    assert from_text and not estimated  # counted from a stated date
    assert (str(d0), str(d1), gran) == ("2016-05-01", "2016-05-31", "month")


def test_events_time_coordinated_dates_span_from_first_to_last(nlp: Language) -> None:
    # "on 31 October and 1 November": one span; dates weeks apart stay the nearest one
    text = "Clashes continued in the city on 31 October and 1 November."
    (d0, d1, _, _), from_text = date_of(nlp, text, "Clashes")
    assert from_text and (str(d0), str(d1)) == ("2017-10-31", "2017-11-01")
    text = "Rebels attacked the town on 3 May and 20 June."
    (d0, d1, _, _), _ = date_of(nlp, text, "attacked")
    assert (str(d0), str(d1)) == ("2017-05-03", "2017-05-03")


def test_events_time_a_range_of_dates_is_the_events_span(nlp: Language) -> None:
    text = "About 2,500 people fled the camp between 28 and 31 October."
    (d0, d1, _, _), from_text = date_of(nlp, text, "fled")
    assert from_text and (str(d0), str(d1)) == ("2017-10-28", "2017-10-31")


def test_events_time_a_when_clause_dates_the_event_it_tells(nlp: Language) -> None:
    # "were killed when shells hit ... on 1 October": the same moment, not an aside
    text = "Twelve civilians were killed when shells hit the hospital on 1 October."
    (d0, d1, _, _), from_text = date_of(nlp, text, "killed")
    assert from_text and (str(d0), str(d1)) == ("2017-10-01", "2017-10-01")


def test_events_time_a_relative_clause_on_the_trigger_dates_it(nlp: Language) -> None:
    text = "Officials described an ambush that the rebels had staged on 2 October."
    (d0, d1, _, _), from_text = date_of(nlp, text, "ambush")
    assert from_text
    assert (str(d0), str(d1)) == ("2017-10-02", "2017-10-02")
