"""The one place that knows the order of the stages.

Documents go through spaCy in batches (`nlp.pipe`), then through each stage in turn; the
result per document is a `ProcessedDocument`, the unit the store commits atomically.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language

from sitrep.model import Document
from sitrep.stages.language import analyze, load_nlp
from sitrep.store import ProcessedDocument

# Bumped whenever a stage changes what it stores: documents stored by an older pipeline are
# processed again on re-ingest even when their content is unchanged.
PIPELINE_VERSION = "1:language"


class StageError(Exception):
    """A stage failed on one document; the message names the document and the stage."""


@dataclass(slots=True)
class Resources:
    """Everything the stages need that is expensive to load: loaded once per process."""

    nlp: Language
    extra: dict[str, Any]


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Load the spaCy model and the stage resources once per process."""
    return Resources(nlp=load_nlp(), extra={})


def process_documents(
    docs: Iterable[Document], resources: Resources | None = None, *, batch_size: int = 16
) -> Iterator[ProcessedDocument | StageError]:
    """Run every stage over the documents, yielding one result (or error) per document."""
    resources = resources or load_resources()
    pairs = ((doc.text, doc) for doc in docs)
    for sdoc, doc in resources.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        stage = "language"
        try:
            item = ProcessedDocument(doc=doc, pipeline=PIPELINE_VERSION)
            item.analysis = analyze(doc.doc_id, sdoc)
        except Exception as exc:  # one bad document must not stop the batch
            yield StageError(f"{doc.origin or doc.doc_id}: {stage} stage failed: {exc!r}")
            continue
        yield item
