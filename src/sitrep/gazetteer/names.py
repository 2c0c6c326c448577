"""Name keys: how a place name is normalised so that its spellings meet in one index entry.

Three keys per name (rules in data/transliteration.yaml): the exact key (case, diacritics and
punctuation folded), the translit key (Arabic articles, Deir/Dayr, ee/i, ou/u, q/k, doubled
letters and -ah/-eh endings folded) and the consonant skeleton used to gather plausible
candidates for the fuzzy fallback.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from unidecode import unidecode

_APOSTROPHES = re.compile(r"['’‘`ʿʾ´ʹʻʼ]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_VOWELS = re.compile(r"[aeiouyw]")


@dataclass(frozen=True, slots=True)
class TranslitRules:
    """The transliteration rules of data/transliteration.yaml, compiled."""

    articles: frozenset[str]
    token_map: dict[str, str]
    assimilated: re.Pattern[str]
    substitutions: tuple[tuple[str, str], ...]
    endings: tuple[tuple[str, str], ...]
    collapse_doubled: bool


@lru_cache(maxsize=1)
def load_rules() -> TranslitRules:
    """Load the transliteration rules shipped in sitrep/data."""
    text = resources.files("sitrep.data").joinpath("transliteration.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return TranslitRules(
        articles=frozenset(raw["articles"]),
        token_map=dict(raw["token_map"]),
        assimilated=re.compile(raw["assimilated_article"]),
        substitutions=tuple((a, b) for a, b in raw["substitutions"]),
        endings=tuple((a, b) for a, b in raw["endings"]),
        collapse_doubled=bool(raw["collapse_doubled"]),
    )


def exact_key(name: str) -> str:
    """Fold case, diacritics, apostrophes and punctuation: "Tall 'Afar" -> "tall afar"."""
    text = name if name.isascii() else unidecode(name)
    text = _APOSTROPHES.sub("", text.lower())
    return _NON_ALNUM.sub(" ", text).strip()


_DOUBLED = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=65536)
def translit_key(key: str) -> str:
    """Fold transliteration variants of an exact key: "deir ez zor" -> "dirzor"."""
    rules = load_rules()
    tokens = key.split()
    if not tokens:
        return ""
    if tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    kept: list[str] = []
    for i, token in enumerate(tokens):
        token = rules.token_map.get(token, token)
        if token in rules.articles and len(tokens) > 1:
            continue
        if i > 0:
            token = rules.assimilated.sub(r"\1\2", token)
        kept.append(token)
    joined = "".join(kept) if kept else "".join(tokens)
    for old, new in rules.substitutions:
        if old in joined:
            joined = joined.replace(old, new)
    if rules.collapse_doubled:
        joined = _DOUBLED.sub(r"\1", joined)
    for old, new in rules.endings:
        if joined.endswith(old) and len(joined) > len(old) + 2:
            joined = joined[: -len(old)] + new
            break
    return joined


def skeleton_key(translit: str) -> str:
    """Drop the vowels of a translit key: the bucket for fuzzy candidates ("mydn")."""
    if not translit:
        return ""
    return translit[0] + _VOWELS.sub("", translit[1:])


@lru_cache(maxsize=1 << 17)
def key_hash(key: str) -> int:
    """A stable 63-bit hash of a key (Python's str hash changes between processes)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1
