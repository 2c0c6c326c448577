"""Contradictions kept and surfaced, and event status per stance (sitrep.contradictions)."""

from __future__ import annotations

import pytest
from merge_fixtures import ABU_KAMAL, ALLIES, HAJIN, HEZBOLLAH, IS, RAQQA, SAA, SDF, mk

from sitrep.contradictions import find_contradictions
from sitrep.merge import merge_reports
from sitrep.model import Fatalities


def kinds(reports: list) -> list[str]:  # type: ignore[type-arg]
    events = merge_reports(reports, ALLIES)
    return [c.kind for c in find_contradictions(events, ALLIES)]


CASES = [
    # 1. claim vs denial of one event
    (
        "claim denied by the other side",
        [
            mk(
                "a",
                "territory_taken",
                HAJIN,
                "2018-12-06",
                SDF,
                IS,
                stance="claimed",
                claimant="SDF",
            ),
            mk(
                "b",
                "territory_taken",
                HAJIN,
                "2018-12-06",
                SDF,
                IS,
                stance="denied",
                claimant="Islamic State",
                source="Agency B",
            ),
        ],
        ["claim_denial"],
    ),
    # 2. capture then retreat / counter-attack within days
    (
        "capture then the taker's retreat",
        [
            mk("a", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS, stance="claimed"),
            mk("b", "territory_ceded", ABU_KAMAL, "2017-11-11", HEZBOLLAH, None, source="B"),
        ],
        ["reversal"],
    ),
    (
        "capture then the loser's counter-attack",
        [
            mk("a", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS),
            mk("b", "attack", ABU_KAMAL, "2017-11-12", IS, SAA, source="B"),
        ],
        ["reversal"],
    ),
    (
        "capture then an allied push is no reversal",
        [
            mk("a", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS),
            mk("b", "attack", ABU_KAMAL, "2017-11-12", HEZBOLLAH, IS, source="B"),
        ],
        [],
    ),
    (
        "counter-attack months later is no reversal",
        [
            mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS),
            mk("b", "attack", RAQQA, "2018-03-01", IS, SDF, source="B"),
        ],
        [],
    ),
    # 3. fatality figures
    (
        "figures far apart",
        [
            mk("a", "air_strike", HAJIN, "2018-09-11", None, IS, killed=12),
            mk("b", "air_strike", HAJIN, "2018-09-11", None, IS, killed=40, source="B"),
        ],
        ["fatalities"],
    ),
    (
        "figures close together",
        [
            mk("a", "air_strike", HAJIN, "2018-09-11", None, IS, killed=30),
            mk("b", "air_strike", HAJIN, "2018-09-11", None, IS, killed=33, source="B"),
        ],
        [],
    ),
]


@pytest.mark.parametrize(("name", "reports", "expected"), CASES, ids=[c[0] for c in CASES])
def test_merge_contradictions(name: str, reports: list, expected: list[str]) -> None:  # type: ignore[type-arg]
    assert kinds(reports) == expected, name


def test_merge_at_least_figure_below_a_higher_one_agrees() -> None:
    low = mk("a", "air_strike", HAJIN, "2018-09-11", None, IS, killed=10)
    low.fatalities = Fatalities(10, at_least=True)
    high = mk("b", "air_strike", HAJIN, "2018-09-11", None, IS, killed=40, source="B")
    assert kinds([low, high]) == []


def test_merge_fatalities_low_best_high_keep_each_source() -> None:
    (event,) = merge_reports(
        [
            mk("a", "air_strike", HAJIN, "2018-09-11", None, IS, killed=12),
            mk("b", "air_strike", HAJIN, "2018-09-11", None, IS, killed=20, source="B"),
            mk(
                "c",
                "air_strike",
                HAJIN,
                "2018-09-11",
                None,
                IS,
                killed=40,
                source="C",
                stance="claimed",
                claimant="Islamic State",
            ),
        ]
    )
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (12, 12, 40)
    assert sorted(r.fatalities.count for r in event.reports if r.fatalities) == [12, 20, 40]


STATUS = [
    ("two publishers assert", [("asserted", "A"), ("asserted", "B")], "confirmed"),
    ("one publisher twice", [("asserted", "A"), ("asserted", "A")], "single_source"),
    ("one asserts, one claims", [("asserted", "A"), ("claimed", "B")], "single_source"),
    ("only claims", [("claimed", "A"), ("hedged", "B")], "claimed_only"),
    ("claim and denial", [("claimed", "A"), ("denied", "B")], "disputed"),
]


@pytest.mark.parametrize(("name", "stances", "status"), STATUS, ids=[s[0] for s in STATUS])
def test_merge_status_from_stances(name: str, stances: list[tuple[str, str]], status: str) -> None:
    reports = [
        mk(f"r{i}", "territory_taken", RAQQA, "2017-10-17", SDF, IS, stance=stance, source=src)
        for i, (stance, src) in enumerate(stances)
    ]
    (event,) = merge_reports(reports)
    assert event.status == status, name


def test_merge_near_duplicate_is_not_an_independent_source() -> None:
    reports = [
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS, source="A", doc_id="d1"),
        mk("b", "territory_taken", RAQQA, "2017-10-17", SDF, IS, source="B", doc_id="d2"),
    ]
    assert merge_reports(reports)[0].status == "confirmed"
    (event,) = merge_reports(reports, duplicates={"d2"})
    assert event.status == "single_source"
    assert event.confidence < merge_reports(reports)[0].confidence
