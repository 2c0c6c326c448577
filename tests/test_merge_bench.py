"""The gold scorers for merging and control (sitrep.bench.merge) on hand-built cases."""

from __future__ import annotations

from merge_fixtures import ABU_KAMAL, ALLIES, HEZBOLLAH, IS, RAQQA, SAA, SDF, mk

from sitrep.bench.merge import score_control, score_merge
from sitrep.control import build_control_timeline
from sitrep.merge import merge_reports


def with_sentence(report, text):  # type: ignore[no-untyped-def]
    report.sentence = text
    return report


REPORTS = [
    with_sentence(
        mk("a", "territory_taken", RAQQA, "2017-10-17", SDF, IS, doc_id="d1"),
        "The militia took Raqqa after four months.",
    ),
    with_sentence(
        mk("b", "territory_taken", RAQQA, "2017-10-17", SDF, IS, doc_id="d2"),
        "Raqqa fell to the SDF on Tuesday.",
    ),
    with_sentence(
        mk("c", "territory_taken", ABU_KAMAL, "2017-11-09", SAA, IS, doc_id="d2"),
        "The army entered Abu Kamal.",
    ),
]
GOLD = [
    {
        "type": "territory_taken",
        "reports": [
            {"doc_id": "d1", "sentence_hint": "took Raqqa"},
            {"doc_id": "d2", "sentence_hint": "Raqqa fell"},
        ],
    },
    {
        "type": "territory_taken",
        "reports": [
            {"doc_id": "d2", "sentence_hint": "entered Abu Kamal"},
            {"doc_id": "d3", "sentence_hint": "a report we never found"},
        ],
    },
]


def test_merge_bench_pairs() -> None:
    scores = score_merge(merge_reports(REPORTS, ALLIES), GOLD)
    assert (scores["precision"], scores["recall"], scores["recall_matched"]) == (1.0, 0.5, 1.0)
    assert scores["gold_reports_found"] == 3


def test_merge_bench_wrong_merge_costs_precision() -> None:
    lumped = merge_reports(REPORTS[:2], ALLIES)
    lumped[0].reports.append(REPORTS[2])
    scores = score_merge(lumped, GOLD)
    assert scores["precision"] < 1.0


def test_control_bench_facts() -> None:
    spans = build_control_timeline(merge_reports(REPORTS, ALLIES), ALLIES)
    facts = [
        {"place": "Raqqa", "date": "2017-12-01", "actor": "sdf"},
        {"place": {"name": "Abu Kamal"}, "date": "2017-11-01", "actor": {"id": "islamic-state"}},
        {"place": "Abu Kamal", "date": "2017-11-10", "actor": HEZBOLLAH.id},
        {"place": "Raqqa", "date": "2017-01-01", "actor": "sdf"},
    ]
    scores = score_control(spans, facts, ALLIES)
    assert (scores["right"], scores["n"]) == (3, 4)
    assert scores["misses"] == ["Raqqa on 2017-01-01: gold sdf, timeline islamic-state"]
