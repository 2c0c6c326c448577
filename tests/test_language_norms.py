"""Norms (data/norms.yaml): rare war verbs the small model misreads, read as common ones."""

from __future__ import annotations

import pytest
import spacy
from events_fixtures import events_of
from spacy.language import Language

from sitrep.stages.language import MODEL, NormsError, load_norms, parse_norms

# Sentences of ordinary reporting, one per entry of norms.yaml, that the bare model misreads.
NORM_SENTENCES = {
    "retook": "The army retook Omdurman from the RSF.",
    "overran": "The army overran Kherson.",
    "annexed": "Russia annexed Kherson in 2022.",
    "mortared": "Ukraine mortared Kherson.",
    "encircled": "The RSF encircled Omdurman.",
}


@pytest.fixture(scope="module")
def bare() -> Language:
    """The model as spaCy ships it, without our norms."""
    return spacy.load(MODEL)


def _word(nlp: Language, sentence: str, word: str) -> tuple[str, str]:
    token = next(t for t in nlp(sentence) if t.lower_ == word)
    return token.pos_, token.dep_


def test_every_norm_has_a_sentence() -> None:
    assert set(load_norms()) == set(NORM_SENTENCES)


@pytest.mark.parametrize(("word", "sentence"), NORM_SENTENCES.items())
def test_a_norm_makes_the_model_read_its_word_as_the_verb(
    nlp: Language, bare: Language, word: str, sentence: str
) -> None:
    # Without the norm the sentence is misread: the entry earns its place.
    assert _word(bare, sentence, word) != ("VERB", "ROOT")
    assert _word(nlp, sentence, word) == ("VERB", "ROOT")


def test_a_capitalised_form_takes_the_norm(nlp: Language) -> None:
    assert nlp.vocab["Retook"].norm_ == "took"


def test_a_misread_recapture_now_gives_its_event(nlp: Language) -> None:
    reports = events_of(nlp, "The Sudanese army retook Omdurman's old city from the RSF.")
    assert [(r.type, r.actor1 and r.actor1.id, r.actor2 and r.actor2.id) for r in reports] == [
        ("territory_taken", "saf", "rsf")
    ]


@pytest.mark.parametrize(
    "raw",
    [None, {"norms": ["retook"]}, {"norms": {"retook": None}}, {"norms": {"": "took"}}],
)
def test_a_malformed_norms_file_is_named(raw: object) -> None:
    with pytest.raises(NormsError, match=r"norms\.yaml"):
        parse_norms(raw)


def test_norms_are_lower_cased() -> None:
    assert parse_norms({"norms": {"Retook": "Took"}}) == {"retook": "took"}
