"""Property tests: order-independent merge and timeline, incremental = from scratch, monotone
confidence."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from merge_fixtures import (
    ABU_KAMAL,
    ALLIES,
    DEIR_EZZOR,
    DEIR_PROVINCE,
    HAJIN,
    HEZBOLLAH,
    IS,
    NEAR_ABU_KAMAL,
    SAA,
    SDF,
)

from sitrep.confidence import event_confidence
from sitrep.control import build_control_timeline
from sitrep.merge import merge_reports
from sitrep.model import DateRef, Fatalities, Report

TYPES = [
    "territory_taken",
    "siege_broken",
    "territory_ceded",
    "siege",
    "attack",
    "armed_clash",
    "offensive",
    "air_strike",
]
PLACES = [ABU_KAMAL, NEAR_ABU_KAMAL, HAJIN, DEIR_EZZOR, DEIR_PROVINCE, None]
ACTORS = [SAA, HEZBOLLAH, IS, SDF, None]
STANCES = ["asserted", "asserted", "claimed", "hedged", "denied"]
SOURCES = ["Wire A", "Wire B", "Paper C", None]
GRAINS = {"day": 0, "week": 6, "month": 29}
BASE = date(2017, 11, 1)


@st.composite
def reports(draw: st.DrawFn, index: int) -> Report:
    grain = draw(st.sampled_from(sorted(GRAINS)))
    start = BASE + timedelta(days=draw(st.integers(0, 40)))
    dated = draw(st.integers(0, 3)) > 0
    killed = draw(st.one_of(st.none(), st.integers(1, 60)))
    return Report(
        report_id=f"r{index:03d}",
        doc_id=f"d{draw(st.integers(0, 6))}",
        type=draw(st.sampled_from(TYPES)),
        sentence="s",
        span=(index, index + 1),
        trigger=(index, index + 1),
        source=draw(st.sampled_from(SOURCES)),
        published=start + timedelta(days=draw(st.integers(0, 20))),
        stance=draw(st.sampled_from(STANCES)),
        actor1=draw(st.sampled_from(ACTORS)),
        actor2=draw(st.sampled_from(ACTORS)),
        place=draw(st.sampled_from(PLACES)),
        date=DateRef(start, start + timedelta(days=GRAINS[grain]), grain) if dated else None,
        fatalities=Fatalities(killed) if killed else None,
        confidence=draw(st.floats(0.1, 1.0)),
    )


@st.composite
def batches(draw: st.DrawFn) -> list[Report]:
    n = draw(st.integers(1, 14))
    return [draw(reports(i)) for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(batch=batches(), data=st.data())
def test_merge_shuffled_input_gives_same_events_and_timeline(
    batch: list[Report], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(batch))
    one = merge_reports(batch, ALLIES)
    two = merge_reports(shuffled, ALLIES)
    assert one == two
    assert build_control_timeline(one, ALLIES) == build_control_timeline(two, ALLIES)


@settings(max_examples=60, deadline=None)
@given(batch=batches(), data=st.data())
def test_merge_incremental_equals_from_scratch(batch: list[Report], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(batch))
    cut = data.draw(st.integers(0, len(batch)))
    existing = merge_reports(shuffled[:cut], ALLIES)
    assert merge_reports(shuffled[cut:], ALLIES, existing=existing) == merge_reports(batch, ALLIES)


@settings(max_examples=100, deadline=None)
@given(batch=batches(), extra=reports(999), new_source=st.booleans())
def test_merge_confidence_monotone_in_asserting_reports(
    batch: list[Report], extra: Report, new_source: bool
) -> None:
    extra.stance = "asserted"
    extra.source = "A publisher never seen" if new_source else batch[0].source
    before = event_confidence(batch)
    assert event_confidence([*batch, extra]) >= before
    assert 0.0 <= before <= 1.0


@settings(max_examples=60, deadline=None)
@given(batch=batches())
def test_merge_every_report_lands_in_exactly_one_event(batch: list[Report]) -> None:
    events = merge_reports(batch, ALLIES)
    ids = [r.report_id for e in events for r in e.reports]
    assert sorted(ids) == sorted(r.report_id for r in batch)
    assert len({e.event_id for e in events}) == len(events)
