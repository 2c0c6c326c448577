"""The store: migrations, atomic per-document commits, idempotent re-ingest, replacement."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.jobs import ingest_documents
from sitrep.model import Analysis, Document, Entity
from sitrep.store import SCHEMA_VERSION, ProcessedDocument, Store, StoreError

TABLES = (
    "documents",
    "sentences",
    "entities",
    "toponyms",
    "timexes",
    "actor_mentions",
    "reports",
    "events",
    "event_reports",
    "control_spans",
)


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table except the ingest timestamps."""
    result = {}
    for table in TABLES:
        exclude = " EXCLUDE (ingested_at)" if table == "documents" else ""
        rows = store.con.execute(f"SELECT *{exclude} FROM {table}").fetchall()
        result[table] = sorted(rows, key=repr)
    return result


def _processed(doc_id: str, text: str) -> ProcessedDocument:
    analysis = Analysis(
        doc_id, [(0, len(text))], len(text.split()), [Entity(0, 4, "GPE", text[:4])]
    )
    return ProcessedDocument(doc=Document(doc_id, text), analysis=analysis, pipeline="test")


def test_fresh_store_is_migrated(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        assert store.schema_version() == SCHEMA_VERSION
    with Store(tmp_path / "s.duckdb") as store:  # reopening applies nothing twice
        assert store.migrate() == SCHEMA_VERSION
        rows = store.con.execute("SELECT count(*) FROM schema_version").fetchone()
        assert rows == (SCHEMA_VERSION,)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.con.execute("INSERT INTO schema_version VALUES (999, now())")
    with pytest.raises(StoreError, match="newer than this sitrep"):
        Store(path)


def test_read_only_store_of_old_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="schema version 0"):
        Store(path, read_only=True)


def test_failed_save_leaves_old_version_intact(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(_processed("d1", "Raqqa was quiet on Monday."))
    before = snapshot(store)

    _break_inserts(monkeypatch, "sentences")
    with pytest.raises(RuntimeError):
        store.save(_processed("d1", "A changed text that must not half-replace the old one."))
    assert snapshot(store) == before


def _break_inserts(monkeypatch: pytest.MonkeyPatch, table: str, doc_id: str | None = None) -> None:
    """Make inserts into `table` fail (only those holding `doc_id`, when given)."""
    insert = Store._insert

    def broken(self: Store, name: str, rows: Any) -> None:
        if name == table and (doc_id is None or any(doc_id in row for row in rows)):
            raise RuntimeError("disk full")
        insert(self, name, rows)

    monkeypatch.setattr(Store, "_insert", broken)


def test_save_many_is_all_or_none(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(_processed("d1", "Raqqa was quiet on Monday."))
    before = snapshot(store)
    _break_inserts(monkeypatch, "entities")
    batch = [_processed("d1", "Raqqa changed."), _processed("d2", "Hajin was shelled.")]
    with pytest.raises(RuntimeError):
        store.save_many(batch)
    assert snapshot(store) == before


def test_save_many_replaces_and_adds(store: Store) -> None:
    store.save(_processed("d1", "First version of the report."))
    store.save_many([_processed("d1", "Second version."), _processed("d2", "Another report.")])
    assert sorted(d.text for d in store.documents()) == ["Another report.", "Second version."]
    assert store.con.execute("SELECT count(*) FROM sentences").fetchone() == (2,)
    with pytest.raises(ValueError, match="appears twice"):
        store.save_many([_processed("d3", "One."), _processed("d3", "Two.")])


def test_save_many_takes_more_documents_than_one_statement_binds(store: Store) -> None:
    # Past BULK_ROWS rows a table's rows go in as one Arrow scan.
    batch = [_processed(f"d{i}", f"Report number {i} from the front.") for i in range(70)]
    store.save_many(batch)
    assert store.con.execute("SELECT count(*) FROM documents").fetchone() == (70,)
    assert store.con.execute("SELECT count(*) FROM entities").fetchone() == (70,)
    assert {d.doc_id for d in store.documents()} == {f"d{i}" for i in range(70)}


def test_ingest_a_document_that_cannot_be_stored_costs_only_itself(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_inserts(monkeypatch, "documents", doc_id="bad")
    docs = [
        Document("ok1", REPORTS[0], origin="ok1.txt"),
        Document("bad", REPORTS[1], origin="bad.txt"),
        Document("ok2", REPORTS[2], origin="ok2.txt"),
    ]
    summary = ingest_documents(docs, store)
    assert sorted(summary.stored) == ["ok1", "ok2"]
    [failure] = summary.failures
    assert failure.origin == "bad.txt" and "could not store" in failure.reason
    assert sorted(d.doc_id for d in store.documents()) == ["ok1", "ok2"]


def test_changed_document_replaces_its_results(store: Store) -> None:
    store.save(_processed("d1", "First version of the report."))
    store.save(_processed("d1", "Second version, with more words in it."))
    docs = store.documents()
    assert [d.text for d in docs] == ["Second version, with more words in it."]
    assert store.con.execute("SELECT count(*) FROM sentences").fetchone() == (1,)


REPORTS = [
    "Militants attacked a checkpoint near Shaddadi on Monday, the monitor said.",
    "Troops entered the village of Tal Abyad after a short battle.",
    "An air strike hit a convoy outside Hajin, killing four fighters.",
    "Residents fled the town of Rawa as fighting spread along the river.",
    "The army said it had taken full control of the border crossing.",
    "Shelling continued overnight on the eastern edge of the city.",
]


@st.composite
def batches(draw: st.DrawFn) -> list[Document]:
    ids = draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=5, unique=True))
    docs = []
    for doc_id in ids:
        sentences = draw(st.lists(st.sampled_from(REPORTS), min_size=1, max_size=3))
        published = draw(st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2024, 1, 1))))
        docs.append(Document(doc_id, " ".join(sentences), source="Wire", published=published))
    return docs


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=batches())
def test_ingesting_a_batch_twice_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, batch: list[Document]
) -> None:
    path = tmp_path_factory.mktemp("prop") / "s.duckdb"
    with Store(path) as store:
        first = ingest_documents(batch, store)
        assert sorted(first.stored) == sorted(d.doc_id for d in batch)
        before = snapshot(store)
        again = [Document(d.doc_id, d.text, source=d.source, published=d.published) for d in batch]
        second = ingest_documents(again, store)
        assert second.stored == []
        assert sorted(second.unchanged) == sorted(d.doc_id for d in batch)
        assert snapshot(store) == before


def test_changed_metadata_is_a_new_version(store: Store) -> None:
    doc = Document("m1", REPORTS[0], source="Wire", published=date(2017, 1, 2))
    ingest_documents([doc], store)
    changed = Document("m1", REPORTS[0], source="Wire", published=date(2017, 1, 3))
    summary = ingest_documents([changed], store)
    assert summary.stored == ["m1"]
    assert store.documents()[0].published == date(2017, 1, 3)


def test_repeated_id_in_one_batch_is_a_failure(store: Store) -> None:
    docs = [
        Document("x", REPORTS[0], origin="a/x.txt"),
        Document("x", REPORTS[1], origin="b/x.txt"),
    ]
    summary = ingest_documents(docs, store)
    assert summary.stored == ["x"]
    [failure] = summary.failures
    assert failure.origin == "b/x.txt" and "already used by a/x.txt" in failure.reason
