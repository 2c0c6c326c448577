"""Extent of an event's place (sitrep.stages.place_extent): the place itself, or ground
beside it or part of it. Every cue list of data/place_extent.yaml has sentences here."""

from __future__ import annotations

import pytest

from sitrep.gazetteer import load_gazetteer
from sitrep.stages.language import load_nlp
from sitrep.stages.place_extent import (
    ExtentCuesError,
    parse_extent_cues,
    place_extent,
    taken_place,
)
from sitrep.stages.places import find_toponyms

# (sentence, trigger, place name, which occurrence of the name, expected precision)
CASES = [
    # vicinity_words
    ("The army seized three farms south of Kafr Zita on Friday.", "seized", "Kafr Zita", 0, 2),
    ("Rebels took the hills west of Hama overnight.", "took", "Hama", 0, 2),
    ("The brigade captured the ridge near Bakhmut.", "captured", "Bakhmut", 0, 2),
    ("The militia besieged the hamlets around Kobani.", "besieged", "Kobani", 0, 2),
    ("Marines reached the outskirts of Fallujah at dawn.", "reached", "Fallujah", 0, 2),
    ("Soldiers withdrew from trenches outside Kupiansk.", "withdrew", "Kupiansk", 0, 2),
    # other ground on the path: roads, districts, positions
    (
        "The militants cut the highway joining Homs to the oil fields of Palmyra.",
        "cut",
        "Palmyra",
        0,
        2,
    ),
    ("Troops captured two neighbourhoods of Aleppo.", "captured", "Aleppo", 0, 2),
    ("The jihadists seized positions in the town of Hajin.", "seized", "Hajin", 0, 2),
    # whole_nouns: "the town of X" is X, "the villages of X" are parts of it
    ("The army took the village of Tal Abyad.", "took", "Tal Abyad", 0, 1),
    ("Government units entered the city of Mayadin.", "entered", "Mayadin", 0, 1),
    ("The army took the villages of Idlib province.", "took", "Idlib", 0, 2),
    ("The rebels gave up the towns of Kafr Nabl and Saraqib.", "gave", "Saraqib", 0, 1),
    # neutral_nouns: how much, or what kind of hold
    ("The army took full control of Mayadin on Saturday.", "took", "Mayadin", 0, 1),
    ("Militants recaptured most of Abu Kamal.", "recaptured", "Abu Kamal", 0, 1),
    ("The capture of Raqqa was announced on Tuesday.", "capture", "Raqqa", 0, 1),
    # the place itself
    ("Government forces captured Palmyra from the militants.", "captured", "Palmyra", 0, 1),
    ("The troops withdrew from Kherson on Friday.", "withdrew", "Kherson", 0, 1),
    # a place the trigger does not govern is not judged
    ("Mosul celebrated as troops seized the villages.", "seized", "Mosul", 0, 1),
]


@pytest.mark.parametrize(("text", "trigger", "name", "nth", "expected"), CASES)
def test_place_extent(text: str, trigger: str, name: str, nth: int, expected: int) -> None:
    sdoc = load_nlp()(text)
    start = text.index(trigger)
    at = -1
    for _ in range(nth + 1):
        at = text.index(name, at + 1)
    assert place_extent(sdoc, (start, start + len(trigger)), (at, at + len(name))) == expected


def test_extent_cues_must_be_word_lists() -> None:
    with pytest.raises(ExtentCuesError, match="whole_nouns"):
        parse_extent_cues({"vicinity_words": ["near"], "whole_nouns": "town"}, "bad.yaml")
    with pytest.raises(ExtentCuesError, match="mapping"):
        parse_extent_cues(["near"], "bad.yaml")


# (sentence, trigger, the place taken or None, slots the trigger declares as its place)
TAKEN = [
    ("Iraqi troops recaptured Ramadi on Friday.", "recaptured", "Ramadi", frozenset()),
    ("The town of Palmyra was retaken in March.", "retaken", "Palmyra", frozenset()),
    (
        "The army announced the liberation of the city of Manbij.",
        "liberation",
        "Manbij",
        frozenset(),
    ),
    ("Kobani's fall seemed near in October.", "fall", "Kobani", frozenset()),
    ("The militants withdrew from Sirte at night.", "withdrew", "Sirte", frozenset({"from"})),
    ("Tikrit fell to the militants in June.", "fell", "Tikrit", frozenset({"subj"})),
    # the parser may take an object with a long apposition for a second subject
    (
        "\u2014 Iraqi forces on Friday recaptured Rawa, the last town in Iraq still in the "
        "hands of the militants, the army said.",
        "recaptured",
        "Rawa",
        frozenset(),
    ),
    # ground beside a place is left to the event-location stage
    ("The army took several villages south of Mayadin.", "took", None, frozenset()),
    # a place that is not the object is not the place taken
    ("Fighters from Raqqa seized the bridge.", "seized", None, frozenset()),
]


@pytest.mark.parametrize(("text", "trigger", "name", "slots"), TAKEN)
def test_taken_place(text: str, trigger: str, name: str | None, slots: frozenset[str]) -> None:
    sdoc = load_nlp()(text)
    toponyms = find_toponyms(sdoc, load_gazetteer())
    start = text.index(trigger)
    found = taken_place(sdoc, (start, start + len(trigger)), toponyms, place_slots=slots)
    assert (found.text if found else None) == name
