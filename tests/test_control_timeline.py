"""Control timelines from hand-built reports: rules 1-7 of sitrep.control."""

from __future__ import annotations

import dataclasses

import pytest
from merge_fixtures import (
    ABU_KAMAL,
    ALLIES,
    CIVILIANS,
    DEIR_EZZOR,
    DEIR_PROVINCE,
    HAJIN,
    HEZBOLLAH,
    IS,
    NEAR_ABU_KAMAL,
    RAQQA,
    SAA,
    SDF,
    day,
    mk,
)

from sitrep.control import CONTROL_STATEMENT, build_control_timeline, control_at, timeline_for
from sitrep.merge import merge_reports
from sitrep.model import ControlSpan, Report

NEAR_HAJIN = dataclasses.replace(HAJIN, precision=2)


def timeline(reports: list[Report], statements: list[Report] = ()) -> list[ControlSpan]:  # type: ignore[assignment]
    return build_control_timeline(merge_reports(reports, ALLIES), ALLIES, statements)


def who(spans: list[ControlSpan], place: object, when: str) -> tuple[str | None, str] | None:
    span = control_at(spans, place, day(when))  # type: ignore[arg-type]
    if span is None:
        return None
    return (span.actor.id if span.actor else None), span.status


# A town captured on a claim, lost days later to a counter-attack, retaken (Abu Kamal, 2017).
ABU_KAMAL_REPORTS = [
    mk(
        "ak1",
        "territory_taken",
        ABU_KAMAL,
        "2017-11-09",
        SAA,
        IS,
        stance="claimed",
        claimant="Syrian army",
        source="State TV",
    ),
    mk("ak2", "attack", ABU_KAMAL, "2017-11-11", IS, SAA, source="Monitor"),
    mk("ak3", "territory_ceded", ABU_KAMAL, "2017-11-11", SAA, None, source="Monitor"),
    mk("ak4", "offensive", ABU_KAMAL, "2017-11-18", HEZBOLLAH, IS, source="Blog"),
    mk("ak5", "territory_taken", ABU_KAMAL, "2017-11-19", SAA, IS, source="Wire A"),
    mk("ak6", "territory_taken", ABU_KAMAL, "2017-11-19", HEZBOLLAH, IS, source="Wire B"),
]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2017-11-01", ("islamic-state", "held")),
        ("2017-11-09", ("syrian-government", "claimed")),
        ("2017-11-10", ("syrian-government", "claimed")),
        ("2017-11-12", ("islamic-state", "contested")),
        ("2017-11-18", ("islamic-state", "contested")),
        ("2017-11-19", ("syrian-government", "held")),
        ("2018-03-01", ("syrian-government", "held")),
    ],
)
def test_control_captured_lost_and_retaken(when: str, expected: tuple[str, str]) -> None:
    assert who(timeline(ABU_KAMAL_REPORTS), "Abu Kamal", when) == expected


def test_control_spans_carry_their_events_as_evidence() -> None:
    events = merge_reports(ABU_KAMAL_REPORTS, ALLIES)
    spans = timeline_for(build_control_timeline(events, ALLIES), ABU_KAMAL)
    known = {event.event_id for event in events}
    assert all(span.evidence and set(span.evidence) <= known for span in spans)
    assert [span.status for span in spans] == ["held", "claimed", "contested", "held"]


def test_control_claim_followed_by_counter_attack_is_contested() -> None:
    spans = timeline(ABU_KAMAL_REPORTS[:2])
    assert who(spans, "Abu Kamal", "2017-11-12") == ("syrian-government", "contested")


# A siege broken in stages: the besieged garrison, then a partial link-up, then the whole city.
SIEGE_REPORTS = [
    mk("s1", "siege", DEIR_EZZOR, ("2015-01-01", "2015-12-31", "year"), IS, SAA, source="A"),
    mk(
        "s2",
        "siege_broken",
        dataclasses.replace(DEIR_EZZOR, precision=2),
        "2017-09-05",
        SAA,
        IS,
        source="B",
    ),
    mk("s3", "territory_taken", DEIR_EZZOR, "2017-11-03", SAA, IS, source="C"),
    mk("s4", "territory_taken", DEIR_EZZOR, "2017-11-03", SAA, IS, source="D"),
]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2016-06-01", ("syrian-government", "besieged")),
        ("2017-09-04", ("syrian-government", "besieged")),
        ("2017-09-06", ("syrian-government", "contested")),
        ("2017-11-02", ("syrian-government", "contested")),
        ("2017-11-03", ("syrian-government", "held")),
    ],
)
def test_control_siege_broken_in_stages(when: str, expected: tuple[str, str]) -> None:
    assert who(timeline(SIEGE_REPORTS), DEIR_EZZOR, when) == expected


def test_control_town_taken_does_not_give_the_province() -> None:
    spans = timeline(SIEGE_REPORTS)
    assert who(spans, DEIR_PROVINCE, "2017-12-01") is None


def test_control_claim_denied_by_the_other_side_stays_claimed() -> None:
    spans = timeline(
        [
            mk(
                "d1",
                "territory_taken",
                HAJIN,
                "2018-12-06",
                SDF,
                IS,
                stance="claimed",
                claimant="SDF",
                source="Wire A",
            ),
            mk(
                "d2",
                "territory_taken",
                HAJIN,
                "2018-12-06",
                SDF,
                IS,
                stance="denied",
                claimant="Islamic State",
                source="Agency B",
            ),
        ]
    )
    assert who(spans, "Hajin", "2018-12-07") == ("sdf", "claimed")


def test_control_statement_confirms_a_claim() -> None:
    claim = mk(
        "c1", "territory_taken", RAQQA, "2017-10-17", SDF, IS, stance="claimed", claimant="SDF"
    )
    statement = mk("c2", CONTROL_STATEMENT, RAQQA, "2017-10-25", SDF, source="Wire B")
    spans = timeline([claim], [statement])
    assert who(spans, "Raqqa", "2017-10-20") == ("sdf", "claimed")
    assert who(spans, "Raqqa", "2017-10-26") == ("sdf", "held")


def test_control_statement_of_part_of_a_province_is_contested() -> None:
    part = dataclasses.replace(DEIR_PROVINCE, precision=2)
    statement = mk("p1", CONTROL_STATEMENT, part, "2017-11-03", IS, source="Wire B")
    spans = build_control_timeline([], ALLIES, [statement])
    assert who(spans, DEIR_PROVINCE, "2017-11-03") == ("islamic-state", "contested")


def test_control_offensive_on_a_held_town_makes_it_contested() -> None:
    spans = timeline([mk("o1", "offensive", HAJIN, ("2018-09-10", "2018-09-11", "day"), SDF, IS)])
    assert who(spans, "Hajin", "2018-09-01") == ("islamic-state", "held")
    assert who(spans, "Hajin", "2018-09-12") == ("islamic-state", "contested")


def test_control_late_lone_attack_does_not_contest_an_old_hold() -> None:
    spans = timeline(
        [
            mk("l1", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
            mk("l2", "attack", RAQQA, "2018-03-01", IS, SDF),
        ]
    )
    assert who(spans, "Raqqa", "2018-03-02") == ("sdf", "held")


def test_control_near_the_town_alone_tells_no_holder() -> None:
    spans = timeline([mk("n1", "territory_taken", NEAR_ABU_KAMAL, "2017-11-09", SAA, IS)])
    assert who(spans, "Abu Kamal", "2017-11-10") is None


def test_control_ground_near_the_town_before_its_capture_changes_nothing() -> None:
    spans = timeline(
        [
            # the border west of the town reached, its counterpart misread as an ally
            mk("n1", "territory_taken", NEAR_ABU_KAMAL, "2017-11-07", SAA, HEZBOLLAH),
            mk("n2", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS, source="Wire B"),
        ]
    )
    assert who(spans, "Abu Kamal", "2017-11-08") == ("islamic-state", "held")
    assert who(spans, "Abu Kamal", "2017-11-10") == ("syrian-government", "held")


def test_control_part_taken_from_the_holder_leaves_it_contested() -> None:
    spans = timeline(
        [
            mk("p1", "territory_taken", HAJIN, "2017-10-01", IS, SAA),
            mk("p2", "territory_taken", NEAR_HAJIN, "2017-10-20", SAA, IS),
        ]
    )
    assert who(spans, "Hajin", "2017-10-10") == ("islamic-state", "held")
    assert who(spans, "Hajin", "2017-10-21") == ("islamic-state", "contested")


def test_control_unknown_place_and_day_answer_none() -> None:
    spans = timeline(ABU_KAMAL_REPORTS)
    assert who(spans, "Mosul", "2017-11-10") is None


def test_control_siege_broken_alone_tells_the_garrison_was_besieged() -> None:
    spans = timeline([mk("b1", "siege_broken", DEIR_EZZOR, "2017-09-05", SAA, IS)])
    assert who(spans, DEIR_EZZOR, "2017-09-01") == ("syrian-government", "besieged")
    assert who(spans, DEIR_EZZOR, "2017-09-06") == ("syrian-government", "held")


def test_control_withdrawal_with_no_successor_ends_the_hold() -> None:
    spans = timeline(
        [
            mk("w1", "territory_taken", HAJIN, "2017-10-01", IS, None),
            mk("w2", "territory_ceded", HAJIN, "2017-10-20", IS, None),
        ]
    )
    assert who(spans, "Hajin", "2017-10-10") == ("islamic-state", "held")
    assert who(spans, "Hajin", "2017-10-21") is None


@pytest.mark.parametrize(
    "report",
    [
        mk("v1", "territory_taken", DEIR_PROVINCE, "2017-10-01", SAA, IS),
        mk("v2", "territory_taken", HAJIN, "2017-10-01", None, IS),
        mk("v3", "territory_taken", HAJIN, "2017-10-01", CIVILIANS, IS),
    ],
    ids=["somewhere in the province", "no known taker", "civilians hold no ground"],
)
def test_control_vague_changes_give_no_span(report: Report) -> None:
    spans = timeline([report])
    assert who(spans, report.place, "2017-10-02") is None


def test_control_other_side_holding_a_part_contests_a_claim() -> None:
    claim = mk("b1", "territory_taken", HAJIN, "2018-12-06", SDF, IS, stance="claimed")
    part = mk("b2", CONTROL_STATEMENT, NEAR_HAJIN, "2018-12-07", IS, stance="claimed")
    spans = timeline([claim], [part])
    assert who(spans, "Hajin", "2018-12-06") == ("sdf", "claimed")
    assert who(spans, "Hajin", "2018-12-08") == ("sdf", "contested")
