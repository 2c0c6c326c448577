"""The events stage over one text, with the real upstream stages: shared by the events tests."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from sitrep.gazetteer import load_gazetteer
from sitrep.model import Document, Report
from sitrep.stages.actors import find_actor_mentions, load_actor_dictionary
from sitrep.stages.events import extract_reports
from sitrep.stages.places import find_toponyms
from sitrep.stages.time import find_timexes


def events_of(
    nlp: Language,
    text: str,
    *,
    doc_id: str = "t",
    published: dt.date = dt.date(2017, 11, 3),
    source: str | None = None,
    country: str | None = None,
) -> list[Report]:
    """Run the events stage with the real upstream stages over one text (`country`: the
    document's, which resolves generic phrases)."""
    doc = Document(doc_id=doc_id, text=text, published=published, source=source)
    sdoc = nlp(text)
    dictionary = load_actor_dictionary()
    return extract_reports(
        doc,
        sdoc,
        find_toponyms(sdoc, load_gazetteer()),
        find_timexes(text, published),
        find_actor_mentions(sdoc, dictionary, country),
        dictionary,
    )
