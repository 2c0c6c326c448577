"""Toponym recognition: which spans of a parsed document name places, and what cues them.

Two sources are merged: spaCy's place entities (GPE, LOC, FAC) and a longest-match scan of
capitalised token runs against the gazetteer, which finds the names the small English model
misses or tags as persons and organisations (Arabic town names especially). Gazetteer matches
need evidence in proportion to their risk: a strong cue ("the town of", "near", "X province"),
a weak one ("in", "from") for names off the stop list, or, with no cue, a notable place.
Nationality words are kept as demonym mentions: references to a country, not event places.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

from sitrep.gazetteer import Gazetteer, exact_key, translit_key
from sitrep.gazetteer.build import read_tsv

MAX_NAME_TOKENS = 7
# A place named only by the gazetteer scan, with no cue at all, must be at least this large.
NOTABLE_POPULATION = 100_000
NOTABLE_FEATURES = frozenset({"country", "admin1", "capital", "continent"})
REGIONAL_FEATURES = frozenset({"country", "admin1"})
DIVISION_FEATURES = frozenset({"country", "admin1", "admin2"})
LIST_WORDS = frozenset({",", "and", "or", "&"})
APOSTROPHES = frozenset({"'", "’", "‘", "`", "ʿ", "ʾ"})
LEADING_ARTICLES = frozenset({"the", "a", "an"})
# Particles that are also English words: "at Paris" is a preposition, "at-Tanf" an article.
ENGLISH_PARTICLES = frozenset({"at", "as", "on", "of", "upon", "do", "to", "in"})
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
    street_words: frozenset[str]
    list_after: dict[str, str]
    dashes: frozenset[str]


@dataclass(slots=True)
class Mention:
    """A recognised toponym span with the evidence that found it."""

    start: int  # character offsets into the document
    end: int
    text: str
    source: str  # entity, gazetteer or demonym
    cue: Cue | None = None  # the cue before the name, if any
    after_kind: str | None = None  # the kind of a cue word right after the name
    country: str | None = None  # the country of a demonym
    token_start: int = 0
    token_end: int = 0


@lru_cache(maxsize=1)
def load_cues() -> PlaceCues:
    """Load the cue words, stop list and demonyms shipped in sitrep/data."""
    data = resources.files("sitrep.data")
    raw = yaml.safe_load(data.joinpath("place_cues.yaml").read_text("utf-8"))
    weak = set(raw["weak_before"])
    before = {
        tuple(phrase.split()): Cue(spec["kind"], int(spec["precision"]), phrase not in weak)
        for phrase, spec in raw["before"].items()
    }
    demonyms = {
        row["demonym"]: row["iso2"] for row in read_tsv(data.joinpath("demonyms.tsv").read_text())
    }
    return PlaceCues(
        before=before,
        after={word: (spec["kind"], bool(spec["in_name"])) for word, spec in raw["after"].items()},
        particles=frozenset(raw["particles"]),
        stoplist=frozenset(raw["stoplist"]),
        entity_labels=frozenset(raw["entity_labels"]),
        skip_labels=frozenset(raw["skip_labels"]),
        demonyms=demonyms,
        max_cue_len=max(len(k) for k in before),
        name_words=frozenset(raw["name_words"]),
        weak_after=frozenset(raw["weak_after"]),
        street_words=frozenset(raw["street_words"]),
        list_after=dict(raw["list_after"]),
        dashes=frozenset(raw["dashes"]),
    )


LIST_CUE = Cue("any", 1, False)


@dataclass(frozen=True, slots=True)
class _Tokens:
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
    def of(cls, sdoc: Doc) -> _Tokens:
        if not len(sdoc):
            return cls("", [], [], [], [], [], [], [], [])
        rows = sdoc.to_array([ORTH, IDX, LENGTH, SPACY, IS_PUNCT, SENT_START]).tolist()
        strings = sdoc.vocab.strings
        words = [strings[r[0]] for r in rows]
        # Doc.text would build a Token object per token; the words and spaces give it back.
        text = "".join(w + " " if r[3] else w for w, r in zip(words, rows, strict=True))
        starts = [r[1] for r in rows]
        return cls(
            text,
            words,
            [w.lower() for w in words],
            [_capitalised(w) for w in words],
            [bool(r[3]) for r in rows],
            [r[5] == 1 for r in rows],
            [bool(r[4]) for r in rows],
            starts,
            [a + r[2] for a, r in zip(starts, rows, strict=True)],
        )

    def span(self, i: int, j: int) -> str:
        """The document text of tokens i to j (exclusive)."""
        return self.text[self.start[i] : self.end[j - 1]]


def _cue_before(toks: _Tokens, i: int, cues: PlaceCues) -> Cue | None:
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


def _cue_after(toks: _Tokens, j: int, cues: PlaceCues) -> str | None:
    """The kind of a cue word right after a name, or of the plural closing its list."""
    if j < len(toks.words):
        spec = cues.after.get(toks.lower[j])
        if spec is not None:
            return spec[0]
    return _list_cue(toks, j, cues)


def _list_cue(toks: _Tokens, j: int, cues: PlaceCues) -> str | None:
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


def _demonym(text: str, cues: PlaceCues) -> str | None:
    """The country a nationality word refers to; a plural ("Latvians") as its singular."""
    code = cues.demonyms.get(text)
    if code is None and len(text) > 4 and text.endswith("s"):
        code = cues.demonyms.get(text[:-1])
    return code


def _capitalised(text: str) -> bool:
    # A leading ayn or hamza mark ("'Ana", "ʿAdra") stands before the capital.
    text = text.lstrip("'’‘`ʿʾ")
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def _scan_gazetteer(toks: _Tokens, gazetteer: Gazetteer, cues: PlaceCues) -> list[tuple[int, int]]:
    """Longest runs of capitalised tokens (particles and hyphens inside) that name a place."""
    found: list[tuple[int, int]] = []
    n = len(toks.words)
    i = 0
    while i < n:
        # "al-Bukamal", "al Qaem": a lower-case article may open a name.
        starts_name = toks.caps[i] or (
            (
                toks.lower[i] in cues.particles
                or (toks.words[i] in APOSTROPHES and not toks.space[i])
            )
            and i + 1 < n
            and (toks.caps[i + 1] or (i + 2 < n and toks.words[i + 1] in "-‐–"))
        )
        if not starts_name:
            i += 1
            continue
        # Collect the token run that may form one name.
        ends: list[int] = []
        j = i
        while j < n and j - i < MAX_NAME_TOKENS:
            text = toks.words[j]
            if toks.caps[j] or (text in cues.name_words and ends):
                ends.append(j + 1)
            elif not (text.lower() in cues.particles or text in {"-", "‐"} | APOSTROPHES):
                break
            j += 1
        match = 0
        for end in reversed(ends):
            key = exact_key(toks.span(i, end))
            if key and (gazetteer.has_exact(key) or gazetteer.has_translit(translit_key(key))):
                match = end
                break
        if match and _opens_loosely(toks, i, match, gazetteer, cues):
            i += 1  # the name is looked for again after the loose word
            continue
        if match and _common_words(toks, i, match, gazetteer, cues):
            i = match
            continue
        if match:
            found.append((i, match))
            i = match
        else:
            i += 1
    return found


def _opens_loosely(toks: _Tokens, i: int, end: int, gazetteer: Gazetteer, cues: PlaceCues) -> bool:
    """ "The Athens Police", "an Alexandria man", "To Mass.": an article or stop-listed word
    opening a run is no part of the name unless the gazetteer knows the name with it."""
    return (
        end - i > 1
        and _loose(toks.words[i], cues)
        and not gazetteer.has_exact(exact_key(toks.span(i, end)))
    )


def _common_words(toks: _Tokens, i: int, end: int, gazetteer: Gazetteer, cues: PlaceCues) -> bool:
    """ "The City", "North West": common words that only GeoNames alternates make a name."""
    words = [w for w in toks.words[i:end] if w.lower() not in cues.particles]
    if not all(_loose(w, cues) for w in words):
        return False
    return not any(m.kind == "exact" for m in gazetteer.match(toks.span(i, end), fuzzy=False))


def _contained(toks: _Tokens, end: int, text: str, gazetteer: Gazetteer) -> bool:
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


def _residence(toks: _Tokens, start: int, owner: list[Span | None]) -> bool:
    """A person's home town: "Mindy Miller of Ravenel", "Rebecca Sears, 41, of Grovetown"."""
    if start < 2 or toks.lower[start - 1] != "of":
        return False
    before = owner[start - 2]
    return toks.words[start - 2] == "," or (before is not None and before.label_ == "PERSON")


def _regional(text: str, gazetteer: Gazetteer) -> bool:
    """Whether a name is, by its own name, a country or first-level division."""
    return any(
        m.kind == "exact" and gazetteer.feature_name(m.row) in REGIONAL_FEATURES
        for m in gazetteer.match(text, fuzzy=False)
    )


def _person_word(
    toks: _Tokens, start: int, end: int, people: set[str], cue: Cue | None, after: str | None
) -> bool:
    """A lone word that is part of a person's full name elsewhere in the document ("Clark",
    "Lincoln"), with no strong cue to make it a place."""
    if end - start != 1 or toks.words[start] not in people:
        return False
    return not ((cue is not None and cue.strong) or after is not None)


def _street(toks: _Tokens, end: int, cues: PlaceCues, gazetteer: Gazetteer, text: str) -> bool:
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


def _loose(word: str, cues: PlaceCues) -> bool:
    """An article or a stop-listed word ("The", "In", "Sen."): no name on its own."""
    lower = word.lower()
    return (
        lower in LEADING_ARTICLES or lower in ENGLISH_PARTICLES or word.rstrip(".") in cues.stoplist
    )


def _trim(span: Span, toks: _Tokens) -> tuple[int, int]:
    start, end = span.start, span.end
    while start < end and toks.lower[start] in {"the", "a"}:
        start += 1
    while end > start and (toks.words[end - 1] in {"'s", "’s", "'", "’"} or toks.punct[end - 1]):
        end -= 1
    return start, end


def _core(
    start: int, end: int, toks: _Tokens, gazetteer: Gazetteer, cues: PlaceCues
) -> tuple[int, int]:
    """An entity without the stop-listed words around its name ("In B.C.", "US Secretary").

    Only when the whole is no gazetteer name and the rest is one by its exact key.
    """
    if end - start < 2 or gazetteer.has_exact(exact_key(toks.span(start, end))):
        return start, end
    s, e = start, end
    while e - s > 1 and _loose(toks.words[s], cues):
        s += 1
    while e - s > 1 and _loose(toks.words[e - 1], cues):
        e -= 1
    if (s, e) != (start, end) and gazetteer.has_exact(exact_key(toks.span(s, e))):
        return s, e
    return start, end


def _entity_at(sdoc: Doc, ents: list[Span]) -> list[Span | None]:
    owner: list[Span | None] = [None] * len(sdoc)
    for ent in ents:
        for k in range(ent.start, ent.end):
            owner[k] = ent
    return owner


def _accept_gazetteer(
    toks: _Tokens,
    start: int,
    end: int,
    owner: list[Span | None],
    gazetteer: Gazetteer,
    cues: PlaceCues,
    listed: bool,
) -> tuple[bool, Cue | None, str | None]:
    """Decide whether a gazetteer match is a toponym; return the cues seen."""
    cue = _cue_before(toks, start, cues) or (LIST_CUE if listed else None)
    if cue is None and _residence(toks, start, owner):
        cue = LIST_CUE
    after = _cue_after(toks, end, cues)
    if _street(toks, end, cues, gazetteer, toks.span(start, end)):
        return False, cue, after
    text = toks.span(start, end)
    ents = {owner[k] for k in range(start, end)} - {None}
    # A name strictly inside a longer entity of another kind is part of that name.
    inside_longer = any(
        e is not None and (e.start < start or e.end > end) and e.label_ in cues.skip_labels
        for e in ents
    )
    place_entity = any(e is not None and e.label_ in cues.entity_labels for e in ents)
    stop = text in cues.stoplist or (toks.words[start] in cues.stoplist and end - start == 1)
    exact = [m.row for m in gazetteer.match(text, fuzzy=False) if m.kind.startswith("exact")]
    if inside_longer and any(e is not None and e.label_ == "PERSON" for e in ents):
        # "Chad Walker", "Bill Carlow": a place name inside a person's name is part of it,
        # unless the tagger ran a place into a title ("Sri Lanka's president", "Alexandria
        # Police Spokeswoman", "McMinn County Sheriff").
        follows = toks.lower[end] if end < len(toks.words) else ""
        divisions = end - start > 1 and any(
            gazetteer.feature_name(r) in DIVISION_FEATURES for r in exact
        )
        misread = follows in {"'s", "’s"} or follows in cues.weak_after or divisions
        strong = cue is not None and cue.strong
        return (strong or misread) and bool(exact) and not stop, cue, after
    if inside_longer and not place_entity:
        # "Kentucky State Police", "Gainesville Police Department", "Government of Alberta":
        # a place heading an organisation's name, or a country or province anywhere in it,
        # is still a reference to that place.
        first = start - 1 if start > 0 and toks.lower[start - 1] == "the" else start
        head = any(
            e is not None and e.start in {start, first} and e.label_ != "PERSON" for e in ents
        )
        strong = cue is not None and cue.strong
        regional = any(gazetteer.feature_name(r) in REGIONAL_FEATURES for r in exact)
        return (head or strong or regional) and bool(exact) and not stop, cue, after
    if (cue is not None and cue.strong) or after is not None:
        return True, cue, after
    if exact and _contained(toks, end, text, gazetteer):
        return True, cue, after
    if stop:
        return False, cue, after
    # "Roselle police", "an Alexandria man", "the Minnesota House", "Idlib-based": a place
    # qualifying a local noun, however spaCy tagged it.
    follows = toks.lower[end] if end < len(toks.words) else ""
    if follows in {"-", "‐"} and end + 1 < len(toks.words):
        follows = toks.lower[end + 1]
    if follows in cues.weak_after and exact:
        return True, cue, after
    if place_entity:
        return True, cue, after
    if cue is not None:
        return True, cue, after
    # A dateline ("BEIRUT —", "COLUMBUS, Ohio") opens a line in capitals.
    line_start = start == 0 or "\n" in toks.text[toks.end[start - 1] : toks.start[start]]
    if line_start and text.isupper() and len(text) > 2 and exact:
        return True, cue, after
    # A dateline may also follow the headline on its line: "MANSFIELD —", "Goose Creek —".
    follows = toks.words[end] if end < len(toks.words) else ""
    dateline = follows in cues.dashes or (follows == "," and text.isupper() and len(text) > 2)
    if (line_start or toks.sent_start[start]) and exact and dateline:
        return True, cue, after
    if toks.sent_start[start] and end - start == 1 and not ents:
        return False, cue, after
    # No cue: only a notable place, also when spaCy took it for an organisation or a person.
    notable = any(
        gazetteer.feature_name(r) in NOTABLE_FEATURES
        or int(gazetteer.population[r]) >= NOTABLE_POPULATION
        for r in exact
    )
    return notable, cue, after


def _same_names(
    toks: _Tokens,
    rejected: list[tuple[int, int]],
    accepted: list[tuple[int, int, Cue | None, str | None]],
    ents: list[Span],
    owner: list[Span | None],
    gazetteer: Gazetteer,
    cues: PlaceCues,
) -> list[tuple[int, int, Cue | None, str | None]]:
    """One sense per discourse: a name taken as a place once is a place where it recurs.

    "Fargo raised its goal" opens a sentence with no cue, but the same document said "in
    Fargo". A recurrence inside a longer person's name ("Chad Walker") stays a name.
    """
    known = {exact_key(toks.span(a[0], a[1])) for a in accepted}
    for ent in ents:
        if ent.label_ in cues.entity_labels:
            start, end = _trim(ent, toks)
            if start < end:
                known.add(exact_key(toks.span(start, end)))
    found: list[tuple[int, int, Cue | None, str | None]] = []
    for start, end in rejected:
        text = toks.span(start, end)
        if text in cues.stoplist or exact_key(text) not in known:
            continue
        if _street(toks, end, cues, gazetteer, text):
            continue
        holders = [owner[k] for k in range(start, end)]
        longer = [h for h in holders if h is not None and h.end - h.start > end - start]
        if any(h.label_ == "PERSON" for h in longer):
            continue
        found.append((start, end, None, _cue_after(toks, end, cues)))
    return found


def document_text(sdoc: Doc) -> str:
    """The text of a parsed document, rebuilt from its tokens without creating Token objects."""
    return _Tokens.of(sdoc).text


def recognize_toponyms(sdoc: Doc, gazetteer: Gazetteer, cues: PlaceCues) -> list[Mention]:
    """Find toponym and demonym mentions in a parsed document, in text order, not overlapping."""
    toks = _Tokens.of(sdoc)
    ents = list(sdoc.ents)  # each access to Doc.ents builds new Span objects
    owner = _entity_at(sdoc, ents)
    mentions: list[Mention] = []
    taken = [False] * len(toks.words)

    def add(start: int, end: int, source: str, **kw: object) -> None:
        if start >= end or any(taken[start:end]):
            return
        s, e = toks.start[start], toks.end[end - 1]
        mention = Mention(s, e, toks.text[s:e], source, **kw)  # type: ignore[arg-type]
        mention.token_start, mention.token_end = start, end
        mentions.append(mention)
        for k in range(start, end):
            taken[k] = True

    # 1. Gazetteer runs, longest first where they cover or extend a place entity. A name in a
    # list right after a place ("in Raqqa, Tabqa and Mansoura") shares that place's cue.
    place_ends = {e.end for e in ents if e.label_ in cues.entity_labels}
    # Surnames of the full personal names in the document: "Clark said" after "Mark Clark".
    # A country or province closing a misread name ("... of Egypt") is no surname, and a
    # longer "name" is a misread headline ("Freemason Bogdanov Joins Sochi").
    people = {
        toks.words[e.end - 1]
        for e in ents
        if e.label_ == "PERSON" and 1 < e.end - e.start <= 3 and toks.caps[e.end - 1]
    }
    people = {w for w in people if not _regional(w, gazetteer)}
    accepted: list[tuple[int, int, Cue | None, str | None]] = []
    rejected: list[tuple[int, int]] = []
    for start, end in _scan_gazetteer(toks, gazetteer, cues):
        if _demonym(toks.span(start, end), cues):
            continue
        listed = (
            start > 1
            and toks.words[start - 1] in LIST_WORDS
            and (
                start - 1 in place_ends
                or (toks.words[start - 2] == "," and start - 2 in place_ends)
            )
        )
        ok, cue, after = _accept_gazetteer(toks, start, end, owner, gazetteer, cues, listed)
        if ok and _person_word(toks, start, end, people, cue, after):
            ok = False
        if ok:
            accepted.append((start, end, cue, after))
            place_ends.add(end)
        else:
            rejected.append((start, end))
    accepted += [
        a
        for a in _same_names(toks, rejected, accepted, ents, owner, gazetteer, cues)
        if not _person_word(toks, a[0], a[1], people, a[2], a[3])
    ]
    # 2. Place entities, unless a longer gazetteer name covers them.
    for ent in ents:
        if ent.label_ in cues.entity_labels or ent.label_ == "NORP":
            start, end = _core(*_trim(ent, toks), toks, gazetteer, cues)
            text = toks.span(start, end) if start < end else ""
            code = _demonym(text, cues)
            if code:
                add(start, end, "demonym", country=code)
                continue
            # A place entity needs a capitalised word, and one stop-listed word alone is none.
            if ent.label_ == "NORP" or text in cues.stoplist:
                continue
            if not any(toks.caps[start:end]):
                continue
            cue = _cue_before(toks, start, cues)
            after = _cue_after(toks, end, cues)
            if _person_word(toks, start, end, people, cue, after):
                continue
            longer = [
                a for a in accepted if a[0] <= start and a[1] >= end and a[1] - a[0] > end - start
            ]
            # "Far North Queensland", "Western Canada": when the whole entity names no place,
            # the place named inside it is the toponym.
            inner = any(a[0] >= start and a[1] <= end for a in accepted)
            if inner and not gazetteer.match(text, fuzzy=False):
                continue
            if not longer:
                add(start, end, "entity", cue=cue, after_kind=after)
    for start, end, cue, after in accepted:
        add(start, end, "gazetteer", cue=cue, after_kind=after)
    # 3. Demonyms spaCy did not tag ("Sri Lankan", "Syrian"), also heading an organisation's
    # name ("Syrian Democratic Forces": still a reference to Syria), never inside a person's.
    for k in range(len(toks.words)):
        if taken[k] or not toks.caps[k]:
            continue
        for width in (2, 1):
            if k + width > len(toks.words):
                continue
            code = _demonym(toks.span(k, k + width), cues)
            holder = owner[k]
            if code and (holder is None or holder.label_ != "PERSON"):
                add(k, k + width, "demonym", country=code)
                break
    mentions.sort(key=lambda m: m.start)
    return mentions
