"""Merging reports into events: rules 1-4 of sitrep.merge, determinism and incrementality."""

from __future__ import annotations

import pytest
from merge_fixtures import (
    ABU_KAMAL,
    ALLIES,
    CIVILIANS,
    DEIR_PROVINCE,
    HAJIN,
    HEZBOLLAH,
    IS,
    MAYADIN,
    NEAR_ABU_KAMAL,
    QAIM,
    RAQQA,
    SAA,
    SDF,
    Alliances,
    mk,
)

from sitrep.merge import explain_merge, merge_reports
from sitrep.model import ActorRef

# Each row: two reports, whether they make one event.
PAIRS = [
    # 1. type families
    (
        "same type",
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
        mk("b", "territory_taken", RAQQA, "2017-10-17", SDF, IS, source="Wire B"),
        True,
    ),
    (
        "capture ~ siege broken",
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
        mk("b", "siege_broken", RAQQA, "2017-10-17", SDF, IS, source="Wire B"),
        True,
    ),
    (
        "attack ~ armed clash",
        mk("a", "attack", HAJIN, "2018-09-11", SDF, IS),
        mk("b", "armed_clash", HAJIN, "2018-09-11", SDF, IS, source="Wire B"),
        True,
    ),
    (
        "air strike apart from clash",
        mk("a", "air_strike", HAJIN, "2018-09-11", SDF, IS),
        mk("b", "armed_clash", HAJIN, "2018-09-11", SDF, IS, source="Wire B"),
        False,
    ),
    (
        "capture ~ the loser's withdrawal",
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, None),
        mk("b", "territory_ceded", RAQQA, "2017-10-17", IS, None, source="Wire B"),
        True,
    ),
    (
        "capture apart from the taker's own withdrawal",
        mk("a", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS),
        mk("b", "territory_ceded", ABU_KAMAL, "2017-11-09", SAA, None, source="Wire B"),
        False,
    ),
    # 2. places, precision-aware
    (
        "28 km apart at precision 1",
        mk("a", "attack", HAJIN, "2018-09-11", SDF, IS),
        mk("b", "attack", ABU_KAMAL, "2018-09-11", SDF, IS),
        False,
    ),
    (
        "near the town at precision 2",
        mk("a", "attack", ABU_KAMAL, "2017-11-09", SAA, IS),
        mk("b", "attack", NEAR_ABU_KAMAL, "2017-11-09", SAA, IS),
        True,
    ),
    (
        "province-level report joins a town",
        mk("a", "attack", MAYADIN, "2017-10-10", SAA, IS),
        mk("b", "attack", DEIR_PROVINCE, "2017-10-10", SAA, IS),
        True,
    ),
    # 5. ... but not by a date the text does not give, unless the document is the same
    (
        "province-level report dated only by its publication stays apart",
        mk("a", "attack", MAYADIN, "2017-10-10", SAA, IS),
        mk("b", "attack", DEIR_PROVINCE, None, SAA, IS, published="2017-10-20"),
        False,
    ),
    (
        "province-level undated report of the same document joins",
        mk("a", "attack", MAYADIN, "2017-10-10", SAA, IS, doc_id="d1"),
        mk("b", "attack", DEIR_PROVINCE, None, SAA, IS, doc_id="d1", published="2017-10-20"),
        True,
    ),
    (
        "across a border",
        mk("a", "territory_taken", ABU_KAMAL, "2017-11-03", SAA, IS),
        mk("b", "territory_taken", QAIM, "2017-11-03", SAA, IS),
        False,
    ),
    # 3. dates with slack by granularity
    (
        "a day apart",
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
        mk("b", "territory_taken", RAQQA, "2017-10-18", SDF, IS),
        True,
    ),
    (
        "a week apart at day precision",
        mk("a", "attack", RAQQA, "2017-10-10", SDF, IS),
        mk("b", "attack", RAQQA, "2017-10-17", SDF, IS),
        False,
    ),
    # 6. one change of hands, its news spread over days
    (
        "a capture claimed, then admitted by the loser twelve days later",
        mk("a", "territory_taken", RAQQA, "2017-10-10", SDF, IS),
        mk("b", "territory_ceded", RAQQA, "2017-10-22", IS, None, source="Wire B"),
        True,
    ),
    (
        "the same side taking the town three weeks apart",
        mk("a", "territory_taken", RAQQA, "2017-10-01", SDF, IS),
        mk("b", "territory_taken", RAQQA, "2017-10-22", SDF, IS),
        False,
    ),
    (
        "a week apart, but only part of the town the first time",
        mk("a", "territory_taken", NEAR_ABU_KAMAL, "2017-11-03", SAA, IS),
        mk("b", "territory_taken", ABU_KAMAL, "2017-11-10", SAA, IS),
        False,
    ),
    (
        "a month holds the day",
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
        mk("b", "territory_taken", RAQQA, ("2017-10-01", "2017-10-31", "month"), SDF, IS),
        True,
    ),
    (
        "undated report in the month before publication",
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
        mk("b", "territory_taken", RAQQA, None, SDF, IS, published="2017-11-03"),
        True,
    ),
    # 4. actors
    (
        "allies share a role",
        mk("a", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS),
        mk("b", "territory_taken", ABU_KAMAL, "2017-11-09", HEZBOLLAH, IS),
        True,
    ),
    (
        "unknown actor is compatible",
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
        mk("b", "territory_taken", RAQQA, "2017-10-17", None, IS),
        True,
    ),
    (
        "opposite captures differ",
        mk("a", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS),
        mk("b", "territory_taken", ABU_KAMAL, "2017-11-10", IS, SAA),
        False,
    ),
    (
        "clash told from either side",
        mk("a", "armed_clash", HAJIN, "2018-09-11", SDF, IS),
        mk("b", "attack", HAJIN, "2018-09-11", IS, SDF),
        True,
    ),
]


@pytest.mark.parametrize(("name", "a", "b", "together"), PAIRS, ids=[p[0] for p in PAIRS])
def test_merge_pairs(name: str, a: object, b: object, together: bool) -> None:
    events = merge_reports([a, b], ALLIES)  # type: ignore[list-item]
    assert (len(events) == 1) is together, name


def test_merge_capture_lost_and_retaken_stays_three_events() -> None:
    reports = [
        mk("a", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS),
        mk("b", "territory_taken", ABU_KAMAL, "2017-11-11", IS, SAA, source="Wire B"),
        mk("c", "territory_taken", ABU_KAMAL, "2017-11-19", SAA, IS, source="Wire C"),
    ]
    events = merge_reports(reports, ALLIES)
    assert [sorted(r.report_id for r in e.reports) for e in events] == [["a"], ["b"], ["c"]]


def test_merge_explains_a_change_of_hands_told_days_apart() -> None:
    reports = [
        mk("a", "territory_taken", RAQQA, "2017-10-10", SDF, IS),
        mk("b", "territory_taken", RAQQA, "2017-10-16", SDF, IS, source="Wire B"),
    ]
    [event] = merge_reports(reports, ALLIES)
    lines = explain_merge(event, ALLIES)
    assert any("one change of hands told 6 days apart" in line for line in lines), lines


def test_merge_keeps_most_precise_place_and_tightest_date() -> None:
    events = merge_reports(
        [
            mk("a", "attack", DEIR_PROVINCE, ("2017-10-01", "2017-10-31", "month"), SAA, IS),
            mk("b", "attack", MAYADIN, "2017-10-10", SAA, IS, source="Wire B"),
        ]
    )
    (event,) = events
    assert event.place == MAYADIN
    assert event.date is not None
    assert (event.date.start.isoformat(), event.date.precision) == ("2017-10-10", "day")
    assert len(event.reports) == 2


def test_merge_stated_month_beats_estimated_month_when_they_share_no_day() -> None:
    guessed = mk("a", "territory_taken", MAYADIN, ("2017-09-01", "2017-09-30", "month"), SAA, IS)
    assert guessed.date is not None
    guessed.date.estimated = True  # a month read from context, not stated for this event
    stated = mk(
        "b",
        "territory_taken",
        MAYADIN,
        ("2017-10-01", "2017-10-31", "month"),
        SAA,
        IS,
        source="Wire B",
    )
    (event,) = merge_reports([guessed, stated])
    assert event.date is not None
    assert (event.date.start.isoformat(), event.date.end.isoformat()) == (
        "2017-10-01",
        "2017-10-31",
    )


def test_merge_vague_report_does_not_chain_two_towns() -> None:
    events = merge_reports(
        [
            mk("a", "attack", MAYADIN, "2017-10-10", SAA, IS),
            mk("b", "attack", DEIR_PROVINCE, "2017-10-10", SAA, IS),
            mk("c", "attack", ABU_KAMAL, "2017-10-10", SAA, IS),
        ]
    )
    assert len(events) == 2


def test_merge_event_id_comes_from_earliest_report() -> None:
    early = mk("z-first", "territory_taken", RAQQA, "2017-10-17", SDF, IS, published="2017-10-18")
    late = mk("a-second", "territory_taken", RAQQA, "2017-10-17", SDF, IS, published="2017-11-01")
    (one,) = merge_reports([late, early])
    (two,) = merge_reports([early])
    assert one.event_id == two.event_id


def test_merge_leaves_forecasts_out() -> None:
    report = mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS)
    report.forecast = True
    assert merge_reports([report]) == []


def test_merge_incremental_equals_from_scratch() -> None:
    first = [
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
        mk("b", "attack", HAJIN, "2018-09-11", SDF, IS),
    ]
    later = [
        mk("c", "territory_taken", RAQQA, "2017-10-17", SDF, IS, source="Wire C"),
        mk("d", "territory_taken", RAQQA, "2017-10-16", SDF, IS, source="Wire D"),
    ]
    existing = merge_reports(first)
    assert merge_reports(later, existing=existing) == merge_reports(first + later)


def test_merge_explain_names_each_rule() -> None:
    (event,) = merge_reports(
        [
            mk("a", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS),
            mk("b", "siege_broken", NEAR_ABU_KAMAL, "2017-11-09", HEZBOLLAH, IS, source="B"),
        ],
        ALLIES,
    )
    lines = explain_merge(event, ALLIES)
    assert len(lines) == 3
    joined = lines[2] if "siege_broken" in lines[2] else lines[1]
    assert "~ territory_taken" in joined
    assert "allies" in joined
    assert "dates overlap" in joined


def test_merge_reanalysed_document_replaces_its_reports() -> None:
    old = mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS, doc_id="d1")
    other = mk("b", "territory_taken", RAQQA, "2017-10-17", SDF, IS, doc_id="d2", source="B")
    new = mk("c", "attack", HAJIN, "2018-09-11", SDF, IS, doc_id="d1")
    existing = merge_reports([old, other])
    assert merge_reports([new], existing=existing, replaced_docs={"d1"}) == merge_reports(
        [other, new]
    )


def test_merge_leaves_control_statements_to_the_timeline() -> None:
    statement = mk("s", "control_statement", RAQQA, "2017-10-25", SDF)
    assert merge_reports([statement]) == []


def test_merge_withdrawal_reports_fill_the_loser_role() -> None:
    (event,) = merge_reports(
        [
            mk("a", "territory_ceded", RAQQA, "2017-10-17", IS, None, source="Wire B"),
            mk("b", "territory_taken", RAQQA, "2017-10-17", SDF, None),
        ]
    )
    assert event.type == "territory_taken"
    assert (event.actor1, event.actor2) == (SDF, IS)


UNKNOWN_GUNMEN = ActorRef(
    "unidentified-armed-group", "Unidentified armed group", "non_state_armed_group"
)


def test_merge_unidentified_side_joins_a_named_one_and_the_name_wins() -> None:
    unnamed = Alliances(("syrian-government", "russia"), unnamed=("unidentified-armed-group",))
    reports = [
        mk("a", "shelling", MAYADIN, "2017-10-10", UNKNOWN_GUNMEN, CIVILIANS),
        mk("b", "shelling", MAYADIN, "2017-10-10", SAA, CIVILIANS, source="Wire B"),
        mk("c", "shelling", MAYADIN, "2017-10-10", UNKNOWN_GUNMEN, CIVILIANS, source="Wire C"),
    ]
    [event] = merge_reports(reports, unnamed)
    assert event.actor1 == SAA
    lines = explain_merge(event, unnamed)
    assert any("actor unknown on one side" in line for line in lines), lines


def test_merge_unidentified_alone_keeps_its_fallback() -> None:
    unnamed = Alliances(unnamed=("unidentified-armed-group",))
    [event] = merge_reports(
        [mk("a", "shelling", MAYADIN, "2017-10-10", UNKNOWN_GUNMEN, CIVILIANS)], unnamed
    )
    assert event.actor1 == UNKNOWN_GUNMEN


def test_merge_unidentified_is_a_party_when_the_dictionary_does_not_say() -> None:
    reports = [
        mk("a", "shelling", MAYADIN, "2017-10-10", UNKNOWN_GUNMEN, CIVILIANS),
        mk("b", "shelling", MAYADIN, "2017-10-10", SAA, CIVILIANS, source="Wire B"),
    ]
    assert len(merge_reports(reports, ALLIES)) == 2


def test_actor_dictionary_fallbacks_for_unnamed_sides() -> None:
    from sitrep.stages.actors import load_actor_dictionary

    dictionary = load_actor_dictionary()
    assert dictionary.unnamed("unidentified-armed-group")
    assert dictionary.unnamed("unidentified-militia")
    assert not dictionary.unnamed("islamic-state")
    assert not dictionary.unnamed("government-forces")
