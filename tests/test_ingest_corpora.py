"""Ingest of the shared seeds and of the shipped demo corpus."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import DEMO_CORPUS

from sitrep.jobs import ingest_paths
from sitrep.store import Store


def test_seeds_store_five_documents_with_metadata(seeds: Path, store: Store) -> None:
    summary = ingest_paths([seeds], store)
    assert summary.failures == []
    assert len(summary.stored) == 5
    docs = {d.doc_id: d for d in store.documents()}
    assert len(docs) == 5
    for doc_id, doc in docs.items():
        meta = json.loads((seeds / f"{doc_id}.meta.json").read_text())
        assert doc.source == meta["source"]
        assert doc.title == meta["title"]
        assert doc.published == date.fromisoformat(meta["published"])
        assert doc.text == (seeds / f"{doc_id}.txt").read_text().strip()
    again = ingest_paths([seeds], store)
    assert again.stored == [] and len(again.unchanged) == 5


def test_demo_corpus_ingests_cleanly_with_its_near_duplicate(store: Store) -> None:
    summary = ingest_paths([DEMO_CORPUS], store)
    assert summary.failures == []
    assert 15 <= len(summary.stored) <= 25
    assert len(summary.duplicates) >= 1
    docs = store.documents()
    assert all(d.source and d.published for d in docs)
    assert any(d.origin and d.origin.endswith(".html") for d in docs)
    assert any(d.origin and ".jsonl:" in d.origin for d in docs)
