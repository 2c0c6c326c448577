"""End to end on the five seeds plus the demo corpus, against our gold (tests/gold/).

Ingests both corpora once through the real pipeline, then checks: who held X on date D for the
control facts, merge precision/recall on gold report pairs, Raqqa's capture as one event told by
several seeds, and that merging the stored reports in another order changes nothing. Floors are
the figures measured, rounded down; they may only rise.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sitrep.bench.merge import bench_merge
from sitrep.control import build_control_timeline
from sitrep.jobs import ingest_paths
from sitrep.merge import merge_reports
from sitrep.stages.actors import load_actor_dictionary
from sitrep.store import Store

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DEMO = ROOT / "demo" / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not present")
    with Store(tmp_path_factory.mktemp("gold") / "gold.duckdb") as store:
        ingest_paths([SEEDS, DEMO], store)
        yield store


def test_control_gold_figures(corpus_store: Store) -> None:
    figures = bench_merge(
        corpus_store.events(),
        corpus_store.control_spans(),
        GOLD / "all_events.jsonl",
        GOLD / "control_facts.jsonl",
        load_actor_dictionary(),
    )
    assert figures["control_n"] >= 15
    # measured 1.0 (29 of 29 facts), merge P 0.640 R 0.296 on 2026-11-22 (session 2); session
    # 3 (ranker retrained, a relocation's bare destination): P 0.659 R 0.315; no places from
    # actors' names: P 0.664 R 0.322; 2026-12-07 ("the strike" is the strike before it):
    # P 0.662 R 0.333; a flight is where it left, "the city" after "the desert of X" is the
    # town named: P 0.671 R 0.348; 2026-12-08 ("the town" described by an apposition, a
    # description not bound by the subject above it): P 0.674 R 0.352
    assert figures["control_accuracy"] == 1.0, figures["control_misses"]
    assert figures["merge_precision"] >= 0.674
    assert figures["merge_recall"] >= 0.352


def test_control_gold_raqqa_capture_is_one_event_across_seeds(corpus_store: Store) -> None:
    captures = [
        event
        for event in corpus_store.events()
        if event.type == "territory_taken"
        and event.place is not None
        and event.place.geonameid == 172955
        and event.actor1 is not None
        and event.actor1.id == "sdf"
        and event.date is not None
        and event.date.start is not None
        and event.date.end is not None
        and event.date.start <= date(2017, 10, 17) <= event.date.end
    ]
    seeds = {r.doc_id for event in captures for r in event.reports if r.doc_id[:3].isdigit()}
    assert len(captures) == 1
    assert len(seeds) == 3  # 001, 002 and 004 all tell it


def test_control_gold_order_of_reports_does_not_matter(corpus_store: Store) -> None:
    dictionary = load_actor_dictionary()
    reports = corpus_store.reports()
    events = merge_reports(reports, dictionary)
    shuffled = reports[:]
    random.Random(7).shuffle(shuffled)
    again = merge_reports(shuffled, dictionary)
    assert again == events
    statements = [r for r in reports if r.type == "control_statement"]
    assert build_control_timeline(again, dictionary, statements) == build_control_timeline(
        events, dictionary, statements
    )
