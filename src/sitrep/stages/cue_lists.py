"""Word lists read from the cue and lexicon files under sitrep/data, validated in one place.

Every stage that keeps linguistic knowledge in a YAML file of word lists (control cues,
genericity cues, claims, fatalities, facility nouns) reads its lists through `word_lists`, so a
malformed file fails the same way everywhere: the error names the file and the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def word_lists(
    raw: Mapping[str, Any],
    keys: Iterable[str],
    where: object,
    error: type[ValueError],
    *,
    lower: bool = True,
) -> dict[str, frozenset[str]]:
    """Return each key's list of words as a frozenset (lower-cased unless `lower` is False).

    Raises `error` naming `where` (the file) and the key when a key is missing or is not a
    list of strings.
    """
    lists: dict[str, frozenset[str]] = {}
    for key in keys:
        words = raw.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise error(f"{where}: {key} must be a list of words")
        lists[key] = frozenset(w.lower() for w in words) if lower else frozenset(words)
    return lists
