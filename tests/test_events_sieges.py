"""Sieges and their breaking: a siege told as a state, a siege lifted as the result of a move,
and the siege noun a lifting verb takes as its object. Sentences written by us."""

from __future__ import annotations

import pytest
from events_fixtures import events_of
from spacy.language import Language

# sentence, the event types expected (in order of their triggers)
CASES = [
    # a lasting event told as a present state is under way now
    (
        "Fighting went on near the old citadel, which remains surrounded by the rebels.",
        ["armed_clash", "siege"],
    ),
    # ... but other present states are no episode
    ("The families who are displaced sleep in tents near the camp.", []),
    # a change of hands as the result of a past move, after a comma
    (
        "Army units stormed the hills west of Homs on Friday, lifting the blockade of the "
        "garrison.",
        ["attack", "siege_broken"],
    ),
    # a killing after a strike is its toll, not an event of its own
    ("Jets struck a convoy near Idlib on Friday, killing nine people.", ["air_strike"]),
    # ... as is a killing told with the strike in a "when" clause
    ("Six people were killed when drones hit a bakery in Idlib on Friday.", ["air_strike"]),
    # breaking through to a besieged place ends its siege
    (
        "Relief columns broke through to the encircled garrison at Kafr Nabl on Friday.",
        ["siege_broken"],
    ),
    # the siege a lifting verb takes (or the part of it) is no siege report of its own
    ("Troops lifted the last part of the siege of Homs on Friday.", ["siege_broken"]),
]


@pytest.mark.parametrize(("text", "types"), CASES)
def test_siege_events(nlp: Language, text: str, types: list[str]) -> None:
    assert [r.type for r in events_of(nlp, text)] == types
