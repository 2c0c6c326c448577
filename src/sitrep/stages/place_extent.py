"""Extent of an event's place: the named place itself, or only part of it or ground near it.

SPEC.md's precision code 1 means the place itself and 2 near it or part of it. The parse tells
which: "took Mayadin" took the town, but "took several villages south of Mayadin", "seized the
road linking the airport to the city" or "reached the border west of the town" took ground
beside it, and a control timeline must not hand the town over on such news. The words that
decide are data (data/place_extent.yaml).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from sitrep.model import Toponym
from sitrep.stages.cue_lists import word_lists
from sitrep.stages.roles import trigger_slots

_KEYS = ("vicinity_words", "whole_nouns", "neutral_nouns")
# A path longer than this is not one phrase: the place belongs to something else.
MAX_PATH = 12


class ExtentCuesError(ValueError):
    """The place-extent cue file is malformed."""


@dataclass(frozen=True, slots=True)
class ExtentCues:
    """Word lists deciding whether a place on the event's path is the place taken or struck."""

    vicinity_words: frozenset[str]
    whole_nouns: frozenset[str]
    neutral_nouns: frozenset[str]


def parse_extent_cues(raw: Any, where: object = "place_extent.yaml") -> ExtentCues:
    """Validate the cue file's content (a mapping of word lists)."""
    if not isinstance(raw, dict):
        raise ExtentCuesError(f"{where}: expected a mapping of word lists")
    lists = word_lists(raw, _KEYS, where, ExtentCuesError)
    return ExtentCues(**lists)


@lru_cache(maxsize=1)
def load_extent_cues() -> ExtentCues:
    """The shipped cues, loaded once."""
    path = resources.files("sitrep") / "data" / "place_extent.yaml"
    return parse_extent_cues(yaml.safe_load(path.read_text(encoding="utf-8")), path)


def place_extent(
    sdoc: Doc,
    trigger_span: tuple[int, int],
    place_span: tuple[int, int],
    cues: ExtentCues | None = None,
) -> int:
    """Return 2 when the event word reaches the place name only through other ground or a
    word of nearness ("villages south of X", "the road to X"), else 1.

    Spans are character offsets into `sdoc`. A place the event word does not govern in the
    parse (the place came from another clause) is left at 1: this judges extent, not
    attachment.
    """
    cues = cues or load_extent_cues()
    trigger = sdoc.char_span(*trigger_span, alignment_mode="expand")
    place = sdoc.char_span(*place_span, alignment_mode="expand")
    if trigger is None or place is None:
        return 1
    head = trigger.root
    name = set(place)
    token = place.root
    # "the towns of X and Y": a listed place stands where the first of the list does.
    while token.dep_ == "conj" and token.head != token:
        token = token.head
        name.add(token)
    listed = bool(token.conjuncts)
    path: list[Token] = []
    while token != head and token.head != token and len(path) < MAX_PATH:
        token = token.head
        if token in name:
            continue
        path.append(token)
    if token != head:
        return 1
    return 2 if any(_beside(tok, listed, cues) for tok in path[:-1]) else 1


def _beside(token: Token, listed: bool, cues: ExtentCues) -> bool:
    """True when a word on the path makes the place a part or the surroundings of the event's
    ground."""
    lemma = token.lemma_.lower()
    text = token.lower_
    if lemma in cues.vicinity_words or text in cues.vicinity_words:
        return True
    # "south-west of X": the compass word may hang on the hyphenated pieces.
    if any(c.dep_ == "compound" and c.lower_ in cues.vicinity_words for c in token.children):
        return True
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    if lemma in cues.neutral_nouns:
        return False
    if lemma in cues.whole_nouns:
        # "the town of X" names X and "the towns of X and Y" name both; "the villages of X"
        # are parts of it.
        return token.tag_ in {"NNS", "NNPS"} and not listed
    return True


def taken_place(
    sdoc: Doc,
    trigger_span: tuple[int, int],
    toponyms: Sequence[Toponym],
    *,
    place_slots: frozenset[str] = frozenset(),
    cues: ExtentCues | None = None,
) -> Toponym | None:
    """The toponym a capture, withdrawal or siege takes as its object, if any.

    What is taken or besieged is where it happened: "recaptured Rawa", "Rawa was retaken",
    "the liberation of the city of X", "X's fall", and the trigger's own `place_slots`
    ("withdrew from X", "X fell to them": slot names as in sitrep.stages.roles). Only the
    object itself or the place a whole noun names ("the town of X") counts; ground beside a
    place ("villages south of X") is left to the event-location stage.
    """
    cues = cues or load_extent_cues()
    trigger = sdoc.char_span(*trigger_span, alignment_mode="expand")
    if trigger is None:
        return None
    root = trigger.root
    wanted = {"of", "poss"} if root.pos_ in {"NOUN", "PROPN"} else {"obj", "subjpass"}
    wanted |= place_slots
    resolved = [t for t in toponyms if t.place is not None and t.role == "place"]
    slots = list(trigger_slots(root))
    before = any(s == "subj" and h.i < root.i for s, h in slots)
    for slot, head in slots:
        if slot == "subj" and before and head.i > root.i:
            slot = "obj"  # a second "subject" after the verb is its misparsed object
        if slot not in wanted:
            continue
        heads = [head]
        if head.lemma_.lower() in cues.whole_nouns and head.tag_ in {"NN", "NNP"}:
            heads += [g for c in head.children if c.lower_ == "of" for g in c.children]
        for tok in heads:
            found = next((t for t in resolved if t.start <= tok.idx < t.end), None)
            if found is not None:
                return found
    return None
