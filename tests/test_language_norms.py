"""Norms (data/norms.yaml): rare war verbs the small model misreads, read as common ones."""

from __future__ import annotations

import pytest
import spacy
from events_fixtures import events_of
from spacy.language import Language

from sitrep.stages.language import MODEL, NormsError, load_exact_norms, load_norms, parse_norms

# Sentences of ordinary reporting, one per entry of norms.yaml, that the bare model misreads,
# with the part of speech the word has in them.
NORM_SENTENCES = {
    "retook": ("The army retook Omdurman from the RSF.", "VERB"),
    "overran": ("The army overran Kherson.", "VERB"),
    "annexed": ("Russia annexed Kherson in 2022.", "VERB"),
    "mortared": ("Ukraine mortared Kherson.", "VERB"),
    "encircled": ("The RSF encircled Omdurman.", "VERB"),
    "shelling": ("Russian shelling hit a hospital in Kherson on Thursday.", "NOUN"),
}


@pytest.fixture(scope="module")
def bare() -> Language:
    """The model as spaCy ships it, without our norms."""
    return spacy.load(MODEL)


def _pos(nlp: Language, sentence: str, word: str) -> str:
    return next(t.pos_ for t in nlp(sentence) if t.lower_ == word)


def test_every_norm_has_a_sentence() -> None:
    assert set(load_norms()) == set(NORM_SENTENCES)


@pytest.mark.parametrize(("word", "sentence", "pos"), [(w, *v) for w, v in NORM_SENTENCES.items()])
def test_a_norm_makes_the_model_read_its_word_right(
    nlp: Language, bare: Language, word: str, sentence: str, pos: str
) -> None:
    # Without the norm the sentence is misread: the entry earns its place.
    assert _pos(bare, sentence, word) != pos
    assert _pos(nlp, sentence, word) == pos


# Sentences for the case-exact norms, with the form's part of speech in them.
EXACT_SENTENCES = {"IS": ("IS said it had killed 20 soldiers near Raqqa.", "PROPN")}


def test_every_exact_norm_has_a_sentence() -> None:
    assert set(load_exact_norms()) == set(EXACT_SENTENCES)


@pytest.mark.parametrize(("form", "sentence", "pos"), [(w, *v) for w, v in EXACT_SENTENCES.items()])
def test_an_exact_norm_reads_its_form_right_and_leaves_other_cases(
    nlp: Language, bare: Language, form: str, sentence: str, pos: str
) -> None:
    def pos_of(model: Language) -> str:
        return next(t.pos_ for t in model(sentence) if t.text == form)

    assert pos_of(bare) != pos
    assert pos_of(nlp) == pos
    # "is" in lower case stays the verb
    assert [t.pos_ for t in nlp("The road is closed.") if t.text == "is"] == ["AUX"]


def test_a_noun_norm_leaves_the_verb_a_verb(nlp: Language) -> None:
    assert _pos(nlp, "Government forces were shelling the town on Monday.", "shelling") == "VERB"


def test_a_capitalised_form_takes_the_norm(nlp: Language) -> None:
    assert nlp.vocab["Retook"].norm_ == "took"


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("The Sudanese army retook Omdurman's old city from the RSF.", ("territory_taken", "saf")),
        ("Russian shelling hit a hospital in Kherson on Thursday.", ("shelling", "russia")),
        ("IS said it had killed 20 soldiers near Raqqa.", ("attack", "islamic-state")),
    ],
)
def test_a_misread_sentence_now_gives_its_event(
    nlp: Language, text: str, event: tuple[str, str]
) -> None:
    assert [(r.type, r.actor1 and r.actor1.id) for r in events_of(nlp, text)] == [event]


@pytest.mark.parametrize(
    "raw",
    [None, {"norms": ["retook"]}, {"norms": {"retook": None}}, {"norms": {"": "took"}}],
)
def test_a_malformed_norms_file_is_named(raw: object) -> None:
    with pytest.raises(NormsError, match=r"norms\.yaml"):
        parse_norms(raw)


def test_norms_are_lower_cased() -> None:
    assert parse_norms({"norms": {"Retook": "Took"}}) == {"retook": "took"}
    assert parse_norms({"exact_norms": {"IS": "ISIL"}}, key="exact_norms") == {"IS": "isil"}
