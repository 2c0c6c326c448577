"""Trigger lexicon: every entry's own example sentence yields its event type."""

from __future__ import annotations

import pytest
from events_fixtures import events_of
from spacy.language import Language

from sitrep.model import EVENT_TYPES, Report
from sitrep.stages.events import (
    TriggerEntry,
    TriggerLexiconError,
    load_trigger_lexicon,
    parse_trigger_lexicon,
)

ENTRIES = load_trigger_lexicon().entries


def reports_of(nlp: Language, text: str) -> list[Report]:
    """Run the events stage with the real upstream stages over one text."""
    return events_of(nlp, text, source="Test")


@pytest.mark.parametrize(
    "entry", ENTRIES, ids=[f"{e.lemma}-{e.type}-{n}" for n, e in enumerate(ENTRIES)]
)
def test_events_lexicon_example_yields_its_type(nlp: Language, entry: TriggerEntry) -> None:
    text = entry.example
    assert text, "every trigger entry needs an example sentence"
    types = [r.type for r in reports_of(nlp, text)]
    assert entry.type in types, (text, types)


def test_events_lexicon_types_are_the_ontology() -> None:
    assert {e.type for e in ENTRIES} <= set(EVENT_TYPES)
    # Every type of the ontology has at least one trigger.
    assert {e.type for e in ENTRIES} == set(EVENT_TYPES)


@pytest.mark.parametrize(
    "raw",
    [
        {"noun_classes": {}, "triggers": [{"lemma": "x", "pos": "VERB", "type": "nope"}]},
        {"noun_classes": {}, "triggers": [{"lemma": "x", "pos": "ADJ", "type": "attack"}]},
        {
            "noun_classes": {},
            "triggers": [{"lemma": "x", "pos": "VERB", "type": "attack", "subject": "odd"}],
        },
    ],
)
def test_events_lexicon_rejects_malformed_entries(raw: dict[str, object]) -> None:
    with pytest.raises(TriggerLexiconError):
        parse_trigger_lexicon(raw)
