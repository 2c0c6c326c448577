"""Events and control rebuilt from the store, and the text behind the CLI commands."""

from __future__ import annotations

from datetime import date

from merge_fixtures import ABU_KAMAL, IS, RAQQA, SAA, SDF, mk

from sitrep.model import Document, Report
from sitrep.review import contradiction_lines, control_lines, event_lines, rebuild_events
from sitrep.store import ProcessedDocument, Store

ALL = [
    mk("r1", "territory_taken", RAQQA, "2017-10-17", SDF, IS, doc_id="d1", source="Wire A"),
    mk("r2", "territory_taken", RAQQA, "2017-10-17", SDF, IS, doc_id="d2", source="Wire B"),
    mk(
        "r3",
        "territory_taken",
        ABU_KAMAL,
        "2017-11-09",
        SAA,
        IS,
        doc_id="d1",
        source="Wire A",
        stance="claimed",
        claimant="Syrian army",
    ),
    mk(
        "r4",
        "territory_taken",
        ABU_KAMAL,
        "2017-11-09",
        SAA,
        IS,
        doc_id="d2",
        source="Wire B",
        stance="denied",
        claimant="Islamic State",
    ),
]


def save(store: Store, doc_id: str, reports: list[Report]) -> None:
    doc = Document(
        doc_id, f"text of {doc_id}", source=reports[0].source, published=date(2017, 11, 10)
    )
    store.save(ProcessedDocument(doc, reports=reports))


def test_control_rebuild_events_whole_and_incremental(store: Store) -> None:
    save(store, "d1", [r for r in ALL if r.doc_id == "d1"])
    rebuild_events(store, doc_ids=["d1"])
    save(store, "d2", [r for r in ALL if r.doc_id == "d2"])
    incremental = rebuild_events(store, doc_ids=["d2"])
    events_then = store.events()
    assert rebuild_events(store) == incremental
    assert store.events() == events_then
    raqqa = [e for e in events_then if e.place and e.place.name == "Raqqa"]
    assert len(raqqa) == 1 and len(raqqa[0].reports) == 2 and raqqa[0].status == "confirmed"


def test_control_cli_texts(store: Store) -> None:
    save(store, "d1", [r for r in ALL if r.doc_id == "d1"])
    save(store, "d2", [r for r in ALL if r.doc_id == "d2"])
    rebuild_events(store)
    lines = control_lines(store, "Abu Kamal", date(2017, 11, 12))
    assert lines[0].startswith("Abu Kamal: Syrian government forces claimed from 2017-11-09")
    disputed = [e for e in store.events() if e.status == "disputed"]
    text = "\n".join(event_lines(store, disputed[0].event_id[:8]))
    assert "denied by Islamic State" in text or "denied" in text
    assert any("[claim_denial]" in line for line in contradiction_lines(store))
