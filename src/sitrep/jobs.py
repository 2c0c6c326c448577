"""The main job: read documents, link duplicates, run the pipeline, store each document.

The CLI, the REST API and the Python API all ingest through `ingest_documents`, so there is
one implementation with one set of guarantees: a bad input is reported and skipped, each good
document is committed on its own, re-ingesting unchanged content is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sitrep.ingest.duplicates import DuplicateIndex, signature
from sitrep.ingest.readers import Failure, read_documents
from sitrep.model import Document, Duplicate
from sitrep.pipeline import PIPELINE_VERSION, Resources, StageError, process_documents
from sitrep.review import rebuild_events
from sitrep.store import ProcessedDocument, Store

Progress = Callable[[int], None]


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did."""

    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def read_inputs(paths: Iterable[Path]) -> tuple[list[Document], list[Failure]]:
    """Read every document under the paths; bad inputs become failures."""
    docs: list[Document] = []
    failures: list[Failure] = []
    for item in read_documents(paths):
        (failures if isinstance(item, Failure) else docs).append(item)  # type: ignore[arg-type]
    return docs, failures


def ingest_paths(
    paths: Iterable[Path],
    store: Store,
    *,
    resources: Resources | None = None,
    batch_size: int = 16,
    on_start: Callable[[int], None] | None = None,
    on_progress: Progress | None = None,
) -> IngestSummary:
    """Ingest files and folders into the store."""
    docs, failures = read_inputs(paths)
    summary = ingest_documents(
        docs,
        store,
        resources=resources,
        batch_size=batch_size,
        on_start=on_start,
        on_progress=on_progress,
    )
    summary.failures[:0] = failures
    return summary


def ingest_documents(
    docs: Sequence[Document],
    store: Store,
    *,
    resources: Resources | None = None,
    batch_size: int = 16,
    on_start: Callable[[int], None] | None = None,
    on_progress: Progress | None = None,
) -> IngestSummary:
    """Process and store documents, a batch per transaction (a document alone when its batch
    fails to store); then refresh events and control."""
    summary = IngestSummary()
    todo = _select_new(docs, store, summary)
    if on_start:
        on_start(len(todo))
    index = DuplicateIndex()
    replaced = {doc.doc_id for doc in todo}
    index.add_all((doc_id, sig) for doc_id, sig in store.signatures() if doc_id not in replaced)
    signatures = {}
    for doc in todo:
        sig = signature(doc.text)
        signatures[doc.doc_id] = sig
        duplicate = index.find_original(doc.doc_id, sig)
        if duplicate:
            summary.duplicates.append(duplicate)
        index.add(doc.doc_id, sig)
    duplicate_of = {d.doc_id: d for d in summary.duplicates}
    origins = {doc.doc_id: doc.origin or doc.doc_id for doc in todo}
    pending: list[ProcessedDocument] = []

    def flush() -> None:
        # One transaction for the batch; should it fail, each document alone, so that one
        # bad document costs only itself.
        try:
            store.save_many(pending)
        except Exception:
            for item in pending:
                try:
                    store.save(item)
                except Exception as exc:  # the store rolled back this document; go on
                    origin = origins[item.doc.doc_id]
                    summary.failures.append(Failure(origin, f"could not store: {exc}"))
                else:
                    summary.stored.append(item.doc.doc_id)
        else:
            summary.stored.extend(item.doc.doc_id for item in pending)
        if on_progress:
            on_progress(len(pending))
        pending.clear()

    for result in process_documents(todo, resources, batch_size=batch_size):
        if isinstance(result, StageError):
            summary.failures.append(Failure(*str(result).split(": ", 1)))
            if on_progress:
                on_progress(1)
            continue
        doc_id = result.doc.doc_id
        result.minhash = signatures[doc_id]
        result.duplicate = duplicate_of.get(doc_id)
        pending.append(result)
        if len(pending) >= batch_size:
            flush()
    flush()
    if summary.stored:
        refresh_events(store, summary.stored)
    return summary


def _select_new(docs: Sequence[Document], store: Store, summary: IngestSummary) -> list[Document]:
    """Documents that are new or changed; repeated ids within a batch are failures."""
    seen: dict[str, str] = {}
    todo: list[Document] = []
    for doc in docs:
        origin = doc.origin or doc.doc_id
        if doc.doc_id in seen:
            summary.failures.append(
                Failure(origin, f"doc_id {doc.doc_id!r} already used by {seen[doc.doc_id]}")
            )
            continue
        seen[doc.doc_id] = origin
        if store.stored_version(doc.doc_id) == (doc.hash, PIPELINE_VERSION):
            summary.unchanged.append(doc.doc_id)
        else:
            todo.append(doc)
    return todo


def refresh_events(store: Store, doc_ids: Sequence[str] | None = None) -> None:
    """Merge the new documents' reports into the stored events and rebuild control."""
    rebuild_events(store, doc_ids=doc_ids)


def analyze_text(
    text: str,
    *,
    doc_id: str = "text",
    published: date | None = None,
    source: str | None = None,
    resources: Resources | None = None,
) -> ProcessedDocument:
    """Run the whole pipeline on one text without storing it."""
    doc = Document(doc_id=doc_id, text=text, published=published, source=source)
    [result] = process_documents([doc], resources)
    if isinstance(result, StageError):
        raise result
    return result
