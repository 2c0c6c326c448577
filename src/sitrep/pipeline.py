"""The one place that knows the order of the stages.

Documents go through spaCy in batches (`nlp.pipe`), then through each stage in turn; the
result per document is a `ProcessedDocument`, the unit the store commits atomically.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.gazetteer.index import Gazetteer, load_gazetteer
from sitrep.model import Document, Toponym
from sitrep.stages.actors import ActorDictionary, find_actor_mentions, load_actor_dictionary
from sitrep.stages.control_statements import find_control_statements
from sitrep.stages.definite_places import find_facility_descriptions
from sitrep.stages.events import extract_reports
from sitrep.stages.language import analyze, load_nlp
from sitrep.stages.places import find_toponyms
from sitrep.stages.time import estimate_publication_date, find_timexes
from sitrep.store import ProcessedDocument

# Bumped whenever a stage changes what it stores: documents stored by an older pipeline are
# processed again on re-ingest even when their content is unchanged.
PIPELINE_VERSION = "7:language,places,time,actors,events,control-statements"


class StageError(Exception):
    """A stage failed on one document; the message names the document and the stage."""


@dataclass(slots=True)
class Resources:
    """Everything the stages need that is expensive to load: loaded once per process."""

    nlp: Language
    gazetteer: Gazetteer
    actors: ActorDictionary


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Load the spaCy model, the gazetteer and the actor dictionary once per process."""
    return Resources(nlp=load_nlp(), gazetteer=load_gazetteer(), actors=load_actor_dictionary())


def document_country(toponyms: list[Toponym]) -> str | None:
    """The country most of the document's resolved places are in (its country prior)."""
    counts = Counter(t.place.country for t in toponyms if t.place and t.place.country)
    return counts.most_common(1)[0][0] if counts else None


def run_stages(doc: Document, sdoc: Doc, resources: Resources) -> ProcessedDocument:
    """Run every stage after spaCy on one parsed document."""
    if doc.published is None:
        # Relative dates need an anchor: estimate one from the text and say so.
        doc.published = estimate_publication_date(doc.text)
        doc.published_estimated = doc.published is not None
    item = ProcessedDocument(doc=doc, pipeline=PIPELINE_VERSION)
    item.analysis = analyze(doc.doc_id, sdoc)
    toponyms = find_toponyms(sdoc, resources.gazetteer)
    described = find_facility_descriptions(sdoc.text, toponyms, resources.gazetteer)
    item.toponyms = sorted(toponyms + described, key=lambda t: t.start)
    item.timexes = find_timexes(
        doc.text, doc.published, published_estimated=doc.published_estimated
    )
    country = document_country(item.toponyms)
    item.mentions = find_actor_mentions(sdoc, resources.actors, country, item.toponyms)
    item.reports = extract_reports(
        doc, sdoc, item.toponyms, item.timexes, item.mentions, resources.actors
    ) + find_control_statements(
        doc, sdoc, item.toponyms, item.mentions, item.timexes, resources.actors
    )
    return item


def process_documents(
    docs: Iterable[Document], resources: Resources | None = None, *, batch_size: int = 16
) -> Iterator[ProcessedDocument | StageError]:
    """Run every stage over the documents, yielding one result (or error) per document."""
    resources = resources or load_resources()
    pairs = ((doc.text, doc) for doc in docs)
    for sdoc, doc in resources.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        try:
            yield run_stages(doc, sdoc, resources)
        except Exception as exc:  # one bad document must not stop the batch
            yield StageError(f"{doc.origin or doc.doc_id}: pipeline failed: {exc!r}")
