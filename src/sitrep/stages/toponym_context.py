"""The context of a candidate toponym: cue lexicons, token attributes and the tests on them.

The lexicons come from data/place_cues.yaml and data/demonyms.tsv. The tests read the words
around a name: a cue before it ("the town of", "near"), a word after it ("province", "police"),
the plural closing its list ("A, B and C counties"), the province after a comma ("Price,
Utah"), a street word ("Wichita Street"), a person's home town ("X, 41, of Y") and surnames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

from sitrep.gazetteer import Gazetteer
from sitrep.gazetteer.build import read_tsv
from sitrep.stages.cue_lists import word_lists

REGIONAL_FEATURES = frozenset({"country", "admin1"})
ACRONYM_LETTERS = 4
DIVISION_FEATURES = frozenset({"country", "admin1", "admin2"})
LIST_WORDS = frozenset({",", "and", "or", "&"})
APOSTROPHES = frozenset({"'", "’", "‘", "`", "ʿ", "ʾ"})
LEADING_ARTICLES = frozenset({"the", "a", "an"})
# Particles that are also English words: "at Paris" is a preposition, "at-Tanf" an article.
ENGLISH_PARTICLES = frozenset({"at", "as", "on", "of", "upon", "do", "to", "in"})
# How many words may stand between "a" and the place noun of an apposition ("a small town").
MAX_APPOSITIVE_WORDS = 5
# How far a list of names may run before its plural division word ("A, B and C counties").
MAX_LIST_TOKENS = 30


@dataclass(frozen=True, slots=True)
class Cue:
    """A context cue: the feature kind it points to and the precision it implies."""

    kind: str  # settlement, admin, water, site, any
    precision: int
    strong: bool


@dataclass(frozen=True, slots=True)
class PlaceCues:
    """The lexicons of data/place_cues.yaml and data/demonyms.tsv."""

    before: dict[tuple[str, ...], Cue]
    after: dict[str, tuple[str, bool]]
    particles: frozenset[str]
    stoplist: frozenset[str]
    entity_labels: frozenset[str]
    skip_labels: frozenset[str]
    demonyms: dict[str, str]
    max_cue_len: int
    name_words: frozenset[str]
    weak_after: frozenset[str]
    facility_after: frozenset[str]
    street_words: frozenset[str]
    outlet_words: frozenset[str]
    list_after: dict[str, str]
    dashes: frozenset[str]
    closers: frozenset[str]
    anaphora: dict[str, str]  # definite place noun -> the kind of place it refers back to
    # Cue words after a name that make it only the place near which ("the X countryside"): 2.
    after_precision: dict[str, int] = field(default_factory=dict)
    # Words before a name that pick out a part of a larger area ("northern Aleppo").
    part_words: frozenset[str] = frozenset()
    # Words that make a province's name stand for its seat ("the North Darfur capital").
    capital_words: frozenset[str] = frozenset()
    # Words between a place and what contains it ("X in Y"), or what it lies beside ("X near Y").
    container_gaps: frozenset[str] = frozenset()
    beside_gaps: frozenset[str] = frozenset()
    # Words that open or close a name and say it names water ("Red Sea", "Gulf of Aden").
    water_name_words: frozenset[str] = frozenset()


class PlaceCuesError(ValueError):
    """The place cue file is malformed."""


# Word lists of place_cues.yaml, checked to hold only strings: YAML reads a bare `on`, `off`,
# `No` or `yes` as a boolean, which would silently drop the word.
_WORD_LIST_KEYS = (
    "weak_before",
    "particles",
    "stoplist",
    "entity_labels",
    "skip_labels",
    "name_words",
    "weak_after",
    "facility_after",
    "street_words",
    "outlet_words",
    "dashes",
    "appositive_closers",
    "part_words",
    "water_name_words",
    "capital_words",
    "container_gaps",
    "beside_gaps",
)


@lru_cache(maxsize=1)
def load_cues() -> PlaceCues:
    """Load the cue words, stop list and demonyms shipped in sitrep/data."""
    data = resources.files("sitrep.data")
    raw = yaml.safe_load(data.joinpath("place_cues.yaml").read_text("utf-8"))
    lists = word_lists(raw, _WORD_LIST_KEYS, "place_cues.yaml", PlaceCuesError, lower=False)
    weak = lists["weak_before"]
    before = {
        tuple(phrase.split()): Cue(spec["kind"], int(spec["precision"]), phrase not in weak)
        for phrase, spec in raw["before"].items()
    }
    demonyms = {
        row["demonym"]: row["iso2"] for row in read_tsv(data.joinpath("demonyms.tsv").read_text())
    }
    by_kind = raw.get("anaphora") or {}
    kinds = word_lists(by_kind, by_kind, "place_cues.yaml anaphora", PlaceCuesError)
    return PlaceCues(
        before=before,
        after={word: (spec["kind"], bool(spec["in_name"])) for word, spec in raw["after"].items()},
        after_precision={
            word: int(spec["precision"])
            for word, spec in raw["after"].items()
            if int(spec.get("precision", 1)) != 1
        },
        particles=lists["particles"],
        stoplist=lists["stoplist"],
        entity_labels=lists["entity_labels"],
        skip_labels=lists["skip_labels"],
        demonyms=demonyms,
        max_cue_len=max(len(k) for k in before),
        name_words=lists["name_words"],
        weak_after=lists["weak_after"],
        facility_after=lists["facility_after"],
        street_words=lists["street_words"],
        outlet_words=lists["outlet_words"],
        list_after=dict(raw["list_after"]),
        dashes=lists["dashes"],
        closers=lists["appositive_closers"],
        part_words=lists["part_words"],
        water_name_words=lists["water_name_words"],
        capital_words=lists["capital_words"],
        container_gaps=lists["container_gaps"],
        beside_gaps=lists["beside_gaps"],
        anaphora={noun: kind for kind, nouns in kinds.items() for noun in nouns},
    )


LIST_CUE = Cue("any", 1, False)


@dataclass(frozen=True, slots=True)
class Tokens:
    """Token attributes read once from the spaCy Doc (Token objects are costly to create)."""

    text: str
    words: list[str]
    lower: list[str]
    caps: list[bool]
    space: list[bool]
    sent_start: list[bool]
    punct: list[bool]
    start: list[int]
    end: list[int]

    @classmethod
    def of(cls, sdoc: Doc) -> Tokens:
        """Read the token attributes of a parsed document once."""
        if not len(sdoc):
            return cls("", [], [], [], [], [], [], [], [])
        # One column at a time: a two-dimensional array's tolist() is many times slower.
        orth, starts, lengths, spaces, punct, sent_start = (
            sdoc.to_array(attr).tolist()
            for attr in (ORTH, IDX, LENGTH, SPACY, IS_PUNCT, SENT_START)
        )
        strings = sdoc.vocab.strings
        words = [strings[o] for o in orth]
        # Doc.text would build a Token object per token; the words and spaces give it back.
        text = "".join(w + " " if sp else w for w, sp in zip(words, spaces, strict=True))
        return cls(
            text,
            words,
            [w.lower() for w in words],
            [capitalised(w) for w in words],
            [bool(sp) for sp in spaces],
            [st == 1 for st in sent_start],
            [bool(p) for p in punct],
            starts,
            [a + n for a, n in zip(starts, lengths, strict=True)],
        )

    def span(self, i: int, j: int) -> str:
        """The document text of tokens i to j (exclusive)."""
        return self.text[self.start[i] : self.end[j - 1]]


def cue_before(toks: Tokens, i: int, cues: PlaceCues) -> Cue | None:
    """The longest cue phrase ending right before token i (a "the" in between is skipped)."""
    j = i
    if j > 0 and toks.lower[j - 1] == "the":
        j -= 1
    for n in range(min(cues.max_cue_len, j), 0, -1):
        words = tuple(toks.lower[j - n : j])
        cue = cues.before.get(words)
        if cue is not None:
            return cue
    return None


def cue_after(toks: Tokens, j: int, cues: PlaceCues) -> str | None:
    """The kind of a cue word right after a name, or of the plural closing its list."""
    if j < len(toks.words):
        spec = cues.after.get(toks.lower[j])
        if spec is not None:
            return spec[0]
    return list_cue(toks, j, cues) or appositive_cue(toks, j, cues)


def appositive_cue(toks: Tokens, j: int, cues: PlaceCues) -> str | None:
    """The kind of a place noun in an apposition after a name: "Chornobaivka, a village on
    the edge of the city", "X, the eastern city that ...". The noun must close its phrase
    ("Jackson, a city councilman" is a person)."""
    n = len(toks.words)
    if j + 2 >= n or toks.words[j] != "," or toks.lower[j + 1] not in LEADING_ARTICLES:
        return None
    for k in range(j + 2, min(j + 2 + MAX_APPOSITIVE_WORDS, n)):
        spec = cues.after.get(toks.lower[k])
        if spec is not None and spec[0] != "any":
            closed = k + 1 == n or toks.punct[k + 1] or toks.lower[k + 1] in cues.closers
            return spec[0] if closed else None
        if toks.punct[k] and toks.words[k] not in {"-", "‐"}:
            return None
    return None


def list_cue(toks: Tokens, j: int, cues: PlaceCues) -> str | None:
    """The kind of the plural that closes a list of names: "Idlib and Hama provinces"."""
    for k in range(j, min(j + MAX_LIST_TOKENS, len(toks.words))):
        word = toks.lower[k]
        kind = cues.list_after.get(word)
        if kind is not None:
            return kind
        if word not in LIST_WORDS and not (
            toks.caps[k] or word in cues.particles or word in {"-", "‐"}
        ):
            return None
    return None


def demonym(text: str, cues: PlaceCues) -> str | None:
    """The country a nationality word refers to; a plural ("Latvians") as its singular."""
    code = cues.demonyms.get(text)
    if code is None and len(text) > 4 and text.endswith("s"):
        code = cues.demonyms.get(text[:-1])
    return code


def acronym(text: str) -> bool:
    """Whether a name is written as an acronym ("BBC", "SANA", "U.S."): short, in capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    return 0 < len(letters) <= ACRONYM_LETTERS and all(ch.isupper() for ch in letters)


def capitalised(text: str) -> bool:
    """Whether a word starts with a capital letter, as names do."""
    # A leading ayn or hamza mark ("'Ana", "ʿAdra") stands before the capital.
    text = text.lstrip("'’‘`ʿʾ")
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def contained(toks: Tokens, end: int, text: str, gazetteer: Gazetteer) -> bool:
    """ "Price, Utah", "Mayadin, Syria": a name followed by a country or province it lies in."""
    n = len(toks.words)
    if end + 1 >= n or toks.words[end] != "," or not toks.caps[end + 1]:
        return False
    for width in (3, 2, 1):
        if end + 1 + width > n or not all(toks.caps[end + 1 : end + 1 + width]):
            continue
        regions = [
            m.row
            for m in gazetteer.match(toks.span(end + 1, end + 1 + width), fuzzy=False)
            if m.kind.startswith("exact") and gazetteer.feature_name(m.row) in REGIONAL_FEATURES
        ]
        if not regions:
            continue
        for m in gazetteer.match(text, fuzzy=False):
            for region in regions:
                if gazetteer.feature_name(region) == "country":
                    inside = gazetteer.country[m.row] == gazetteer.country[region]
                else:
                    inside = int(gazetteer.admin1[m.row]) == region
                if inside and m.row != region:
                    return True
        return False
    return False


def residence(toks: Tokens, start: int, owner: list[Span | None]) -> bool:
    """A person's home town: "Mindy Miller of Ravenel", "Rebecca Sears, 41, of Grovetown"."""
    if start < 2 or toks.lower[start - 1] != "of":
        return False
    before = owner[start - 2]
    return toks.words[start - 2] == "," or (before is not None and before.label_ == "PERSON")


def regional(text: str, gazetteer: Gazetteer) -> bool:
    """Whether a name is, by its own name, a country or first-level division."""
    return any(
        m.kind == "exact" and gazetteer.feature_name(m.row) in REGIONAL_FEATURES
        for m in gazetteer.match(text, fuzzy=False)
    )


def person_word(
    toks: Tokens, start: int, end: int, people: set[str], cue: Cue | None, after: str | None
) -> bool:
    """A lone word that is part of a person's full name elsewhere in the document ("Clark",
    "Lincoln"), with no strong cue to make it a place."""
    if end - start != 1 or toks.words[start] not in people:
        return False
    return not ((cue is not None and cue.strong) or after is not None)


def street(toks: Tokens, end: int, cues: PlaceCues, gazetteer: Gazetteer, text: str) -> bool:
    """Whether a town's name heads a street's name: "Wichita Street", "Damascus Road".

    A country, province or county keeps its reference ("Ohio Turnpike", "Fulton County Road").
    """
    if end >= len(toks.words) or toks.words[end] not in cues.street_words:
        return False
    return not any(
        gazetteer.feature_name(m.row) in DIVISION_FEATURES
        for m in gazetteer.match(text, fuzzy=False)
        if m.kind == "exact"
    )


def loose(word: str, cues: PlaceCues) -> bool:
    """An article or a stop-listed word ("The", "In", "Sen."): no name on its own."""
    lower = word.lower()
    return (
        lower in LEADING_ARTICLES or lower in ENGLISH_PARTICLES or word.rstrip(".") in cues.stoplist
    )
