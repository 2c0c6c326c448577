"""Extent of an event's place: the named place itself, or only part of it or ground near it.

SPEC.md's precision code 1 means the place itself and 2 near it or part of it. The parse tells
which: "took Mayadin" took the town, but "took several villages south of Mayadin", "seized the
road linking the airport to the city" or "reached the border west of the town" took ground
beside it, and a control timeline must not hand the town over on such news. The words that
decide are data (data/place_extent.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from sitrep.stages.cue_lists import word_lists

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
