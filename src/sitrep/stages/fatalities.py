"""Fatalities: the number of people a sentence says were killed, and whether it is a claim.

Figures are read from the dependency parse around the death cue: the object of "killing", the
passive subject of "were killed", the subject of "died", "left N dead", "N deaths", "the death
toll rose to N". Number words, "a dozen", lower bounds ("at least") and vague quantities with a
documented low figure ("dozens" -> 12) come from data/fatalities.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Span, Token

from sitrep.model import Fatalities
from sitrep.stages.claims import is_attributed
from sitrep.stages.cue_lists import word_lists

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "fatalities.yaml"
_WORD_KEYS = (
    "kill_verbs",
    "die_verbs",
    "leave_verbs",
    "dead_words",
    "death_nouns",
    "toll_nouns",
    "wound_words",
    "at_least",
    "subset_words",
    "collective_nouns",
)
_SUBJECTS = ("nsubj", "nsubjpass")
_NUMBER_PARTS = ("nummod", "compound", "quantmod", "amod", "advmod", "punct", "det")


class FatalityLexiconError(ValueError):
    """The fatality cue file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class FatalityLexicon:
    """Cue words and number words for fatality figures."""

    words: dict[str, frozenset[str]]
    numbers: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int | None]

    def has(self, key: str, word: str) -> bool:
        """True when `word` is listed under `key`."""
        return word in self.words[key]


@lru_cache(maxsize=4)
def load_fatality_lexicon(path: Path | None = None) -> FatalityLexicon:
    """Load and validate the fatality cue lexicon (the shipped data/fatalities.yaml by default)."""
    path = path or DEFAULT_PATH
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FatalityLexiconError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise FatalityLexiconError(f"{path}: expected a mapping")
    words = word_lists(raw, _WORD_KEYS, path, FatalityLexiconError, lower=False)
    tables: list[dict[str, Any]] = []
    for key in ("numbers", "scales", "vague"):
        table = raw.get(key)
        if not isinstance(table, dict) or not all(
            v is None or isinstance(v, int) for v in table.values()
        ):
            raise FatalityLexiconError(f"{path}: {key} must map words to integers (or null)")
        tables.append({str(k): v for k, v in table.items()})
    numbers, scales, vague = tables
    if None in numbers.values() or None in scales.values():
        raise FatalityLexiconError(f"{path}: numbers and scales need integer values")
    return FatalityLexicon(words=words, numbers=numbers, scales=scales, vague=vague)


# ------------------------------------------------------------------------------- numbers


@dataclass(slots=True)
class _Figure:
    count: int | None  # None: stated but too vague to count ("several")
    at_least: bool


def _value(tok: Token, lex: FatalityLexicon) -> int | None:
    word = tok.lower_
    if word in lex.numbers:
        return lex.numbers[word]
    if word in lex.scales:
        return lex.scales[word]
    digits = word.replace(",", "")
    return int(digits) if digits.isdigit() else None


def _number_phrase(tok: Token, lex: FatalityLexicon) -> _Figure | None:
    """The figure a number token heads: "twenty-five", "two hundred", "more than 1,200"."""
    parts = sorted([tok, *(c for c in tok.children if c.dep_ in _NUMBER_PARTS)], key=lambda t: t.i)
    total = current = 0
    seen = False
    for part in parts:
        value = _value(part, lex)
        if value is None:
            continue
        seen = True
        if part.lower_ in lex.scales:
            current = max(current, 1) * value
            if value >= 1000:
                total, current = total + current, 0
        else:
            current += value
    if not seen:
        return None
    at_least = any(lex.has("at_least", t.lower_) for t in tok.subtree if t.i < tok.i)
    return _Figure(total + current, at_least)


def _figure(slot: Token, lex: FatalityLexicon) -> _Figure | None:
    """The number of people a victim slot stands for: "31 people", "22", "a soldier", "dozens"."""
    word = slot.lower_
    if any(c.dep_ == "det" and c.lower_ == "no" for c in slot.children) or word in (
        "nobody",
        "none",
    ):
        return None
    if word in lex.vague:
        return _Figure(lex.vague[word], True)
    if slot.like_num or word in lex.numbers or word in lex.scales:
        return _number_phrase(slot, lex)
    for child in slot.children:
        if child.dep_ == "nummod" or (child.dep_ == "quantmod" and _value(child, lex)):
            return _number_phrase(child, lex)
        if child.dep_ == "amod" and child.lower_ in lex.vague:
            return _Figure(lex.vague[child.lower_], True)  # "several civilians"
    # "a soldier was killed", "killing the driver", "killed his brother": one person (not
    # "the family", "a convoy").
    if (
        slot.tag_ == "NN"
        and not lex.has("collective_nouns", slot.lemma_.lower())
        and any(
            (c.dep_ == "det" and c.lower_ in ("a", "an", "one", "the"))
            or (c.dep_ == "poss" and c.tag_ == "PRP$")
            for c in slot.children
        )
    ):
        return _Figure(1, False)
    # "hundreds of civilians", "dozens of fighters": the quantity heads the phrase.
    return None


def _with_conjuncts(tok: Token) -> Iterator[Token]:
    yield tok
    for child in tok.children:
        if child.dep_ == "conj":
            yield from _with_conjuncts(child)


def _subset(slot: Token, lex: FatalityLexicon) -> bool:
    """ "including six children", "among them four children": part of a figure already counted."""
    if slot.dep_ == "pobj" and lex.has("subset_words", slot.head.lower_):
        return True
    return any(
        c.dep_ == "prep"
        and lex.has("subset_words", c.lower_)
        and any(g.dep_ == "pobj" and g.pos_ == "PRON" for g in c.children)
        for c in slot.children
    )


# ------------------------------------------------------------------------------- slots


def _victims(cue: Token, lex: FatalityLexicon) -> Iterator[Token]:
    """The tokens naming the dead for one death cue."""
    lemma = cue.lemma_.lower()
    children = list(cue.children)
    if cue.pos_ in ("VERB", "AUX") and lex.has("kill_verbs", lemma):
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
        objects = any(c.dep_ == "dobj" for c in children)
        if not passive and cue.dep_ in ("acl", "amod") and cue.tag_ == "VBN" and not objects:
            # "17 people killed in the raid"; not "shelling of the camp killed six people"
            # that the parser hung on "camp"
            yield cue.head
        wanted = ("nsubjpass",) if passive else ("dobj",)
        slots = [c for c in children if c.dep_ in wanted]
        if passive and not slots and cue.dep_ == "xcomp":
            # "100 fighters were claimed to have been killed": the raised subject.
            slots = [c for c in cue.head.children if c.dep_ in _SUBJECTS]
        for child in slots[:1]:  # a second object is a subset: "..., among them four children"
            yield from _with_conjuncts(child)
    elif cue.pos_ in ("VERB", "AUX") and lex.has("die_verbs", lemma):
        for child in children:
            if child.dep_ == "nsubj":
                yield from _with_conjuncts(child)
    elif cue.pos_ in ("VERB", "AUX") and lex.has("leave_verbs", lemma):
        if any(
            c.dep_ in ("oprd", "acomp", "xcomp") and lex.has("dead_words", c.lower_)
            for c in children
        ):
            for child in children:
                if child.dep_ == "dobj":
                    yield from _with_conjuncts(child)
    elif lex.has("toll_nouns", lemma):
        yield from _toll_figures(cue)
    elif cue.pos_ in ("NOUN", "ADJ") and (
        lex.has("death_nouns", lemma) or lex.has("dead_words", cue.lower_)
    ):
        if any(c.dep_ == "nummod" for c in children):
            yield cue  # "40 deaths", "63 bodies"
        for child in children:
            if child.dep_ == "prep" and child.lower_ == "of" and lemma == "life":
                yield from (g for g in child.children if g.dep_ == "pobj")  # "the lives of 14"
        if cue.dep_ in ("amod", "acl") and cue.head.pos_ in ("NUM", "NOUN"):
            yield cue.head  # "17 dead"


def _toll_figures(toll: Token) -> Iterator[Token]:
    """ "the death toll rose to 40", "bringing the toll to 45", "the toll stands at 12"."""
    verb = toll.head
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "at"):
            yield from (g for g in child.children if g.dep_ == "pobj")
        if child.dep_ in ("dobj", "attr") and child.i != toll.i:
            yield child  # "the toll reached 40"
    for child in toll.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            yield from (g for g in child.children if g.dep_ == "pobj")  # "a toll of 30"


def _excluded(cue: Token, lex: FatalityLexicon) -> bool:
    """Negated cues ("no one was killed") and mixed casualty counts ("killed or wounded")."""
    if any(c.dep_ == "neg" for c in cue.children):
        return True
    has_or = any(c.lower_ == "or" for c in cue.children)
    return has_or and any(
        c.dep_ == "conj" and lex.has("wound_words", c.lemma_.lower()) for c in cue.children
    )


def find_fatalities(sent: Span) -> Fatalities | None:
    """Return the fatality figure a sentence states, or None when it states none it can count.

    Victims of one cue are summed ("12 soldiers and 7 militants" -> 19); across cues the largest
    figure wins (a running toll repeats earlier deaths). The figure is `claimed` when the
    sentence attributes what it says ("the army said", "according to").
    """
    found = find_fatalities_cue(sent)
    return found[0] if found is not None else None


def find_fatalities_cue(sent: Span) -> tuple[Fatalities, Token] | None:
    """The sentence's fatality figure (as `find_fatalities`) with the word that states it
    ("killed", "dead", "toll"), which tells whose toll it is."""
    lex = load_fatality_lexicon()
    best: tuple[int, bool, Token] | None = None
    for cue in sent:
        if _excluded(cue, lex):
            continue
        total, at_least, found = 0, False, False
        for slot in _victims(cue, lex):
            if _subset(slot, lex):
                continue
            figure = _figure(slot, lex)
            if figure is None or figure.count is None:
                continue
            total += figure.count
            at_least = at_least or figure.at_least
            found = True
        if found and (best is None or total > best[0]):
            best = (total, at_least, cue)
    if best is None:
        return None
    return Fatalities(count=best[0], at_least=best[1], claimed=is_attributed(sent)), best[2]
