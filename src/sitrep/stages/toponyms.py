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
from spacy.tokens import Doc, Span

from sitrep.gazetteer import Gazetteer, exact_key, translit_key
from sitrep.gazetteer.build import read_tsv

MAX_NAME_TOKENS = 7
# A place named only by the gazetteer scan, with no cue at all, must be at least this large.
NOTABLE_POPULATION = 100_000
NOTABLE_FEATURES = frozenset({"country", "admin1", "capital", "continent"})
REGIONAL_FEATURES = frozenset({"country", "admin1"})
LIST_WORDS = frozenset({",", "and", "or", "&"})
APOSTROPHES = frozenset({"'", "’", "‘", "`", "ʿ", "ʾ"})


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
    )


LIST_CUE = Cue("any", 1, False)


def _cue_before(sdoc: Doc, i: int, cues: PlaceCues) -> Cue | None:
    """The longest cue phrase ending right before token i (a "the" in between is skipped)."""
    j = i
    if j > 0 and sdoc[j - 1].lower_ == "the":
        j -= 1
    for n in range(min(cues.max_cue_len, j), 0, -1):
        words = tuple(t.lower_ for t in sdoc[j - n : j])
        cue = cues.before.get(words)
        if cue is not None:
            return cue
    return None


def _cue_after(sdoc: Doc, j: int, cues: PlaceCues) -> str | None:
    if j < len(sdoc):
        spec = cues.after.get(sdoc[j].lower_)
        if spec is not None:
            return spec[0]
    return None


def _capitalised(text: str) -> bool:
    # A leading ayn or hamza mark ("'Ana", "ʿAdra") stands before the capital.
    text = text.lstrip("'’‘`ʿʾ")
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def _scan_gazetteer(sdoc: Doc, gazetteer: Gazetteer, cues: PlaceCues) -> list[tuple[int, int]]:
    """Longest runs of capitalised tokens (particles and hyphens inside) that name a place."""
    found: list[tuple[int, int]] = []
    n = len(sdoc)
    i = 0
    while i < n:
        tok = sdoc[i]
        # "al-Bukamal", "al Qaem": a lower-case article may open a name.
        starts_name = _capitalised(tok.text) or (
            (tok.lower_ in cues.particles or (tok.text in APOSTROPHES and not tok.whitespace_))
            and i + 1 < n
            and (_capitalised(sdoc[i + 1].text) or (i + 2 < n and sdoc[i + 1].text in "-‐–"))
        )
        if not starts_name:
            i += 1
            continue
        # Collect the token run that may form one name.
        ends: list[int] = []
        j = i
        while j < n and j - i < MAX_NAME_TOKENS:
            text = sdoc[j].text
            if _capitalised(text) or (text in cues.name_words and ends):
                ends.append(j + 1)
            elif not (text.lower() in cues.particles or text in {"-", "‐"} | APOSTROPHES):
                break
            j += 1
        match = 0
        for end in reversed(ends):
            key = exact_key(sdoc[i:end].text)
            if key and (gazetteer.has_exact(key) or gazetteer.has_translit(translit_key(key))):
                match = end
                break
        if match:
            found.append((i, match))
            i = match
        else:
            i += 1
    return found


def _trim(span: Span) -> tuple[int, int]:
    start, end = span.start, span.end
    sdoc = span.doc
    while start < end and sdoc[start].lower_ in {"the", "a"}:
        start += 1
    while end > start and (sdoc[end - 1].text in {"'s", "’s", "'", "’"} or sdoc[end - 1].is_punct):
        end -= 1
    return start, end


def _entity_at(sdoc: Doc) -> list[Span | None]:
    owner: list[Span | None] = [None] * len(sdoc)
    for ent in sdoc.ents:
        for k in range(ent.start, ent.end):
            owner[k] = ent
    return owner


def _accept_gazetteer(
    sdoc: Doc,
    start: int,
    end: int,
    owner: list[Span | None],
    gazetteer: Gazetteer,
    cues: PlaceCues,
    listed: bool,
) -> tuple[bool, Cue | None, str | None]:
    """Decide whether a gazetteer match is a toponym; return the cues seen."""
    cue = _cue_before(sdoc, start, cues) or (LIST_CUE if listed else None)
    after = _cue_after(sdoc, end, cues)
    text = sdoc[start:end].text
    ents = {owner[k] for k in range(start, end)} - {None}
    # A name strictly inside a longer entity of another kind is part of that name.
    inside_longer = any(
        e is not None and (e.start < start or e.end > end) and e.label_ in cues.skip_labels
        for e in ents
    )
    place_entity = any(e is not None and e.label_ in cues.entity_labels for e in ents)
    stop = text in cues.stoplist or (sdoc[start].text in cues.stoplist and end - start == 1)
    exact = [m.row for m in gazetteer.match(text, fuzzy=False) if m.kind.startswith("exact")]
    if inside_longer and not place_entity:
        # "Kentucky State Police", "Gainesville Police Department", "Government of Alberta":
        # a place heading an organisation's name, or a country or province anywhere in it,
        # is still a reference to that place.
        first = start - 1 if start > 0 and sdoc[start - 1].lower_ == "the" else start
        head = any(
            e is not None and e.start in {start, first} and e.label_ != "PERSON" for e in ents
        )
        strong = cue is not None and cue.strong
        regional = any(gazetteer.feature_name(r) in REGIONAL_FEATURES for r in exact)
        return (head or strong or regional) and bool(exact) and not stop, cue, after
    if (cue is not None and cue.strong) or after is not None:
        return True, cue, after
    if stop:
        return False, cue, after
    if place_entity:
        return True, cue, after
    if cue is not None:
        return True, cue, after
    if sdoc[start].is_sent_start and end - start == 1 and not ents:
        return False, cue, after
    # No cue: only a notable place, also when spaCy took it for an organisation or a person.
    notable = any(
        gazetteer.feature_name(r) in NOTABLE_FEATURES
        or int(gazetteer.population[r]) >= NOTABLE_POPULATION
        for r in exact
    )
    return notable, cue, after


def recognize_toponyms(sdoc: Doc, gazetteer: Gazetteer, cues: PlaceCues) -> list[Mention]:
    """Find toponym and demonym mentions in a parsed document, in text order, not overlapping."""
    owner = _entity_at(sdoc)
    mentions: list[Mention] = []
    taken = [False] * len(sdoc)

    def add(start: int, end: int, source: str, **kw: object) -> None:
        if start >= end or any(taken[start:end]):
            return
        span = sdoc[start:end]
        mention = Mention(span.start_char, span.end_char, span.text, source, **kw)  # type: ignore[arg-type]
        mention.token_start, mention.token_end = start, end
        mentions.append(mention)
        for k in range(start, end):
            taken[k] = True

    # 1. Gazetteer runs, longest first where they cover or extend a place entity. A name in a
    # list right after a place ("in Raqqa, Tabqa and Mansoura") shares that place's cue.
    place_ends = {e.end for e in sdoc.ents if e.label_ in cues.entity_labels}
    accepted: list[tuple[int, int, Cue | None, str | None]] = []
    for start, end in _scan_gazetteer(sdoc, gazetteer, cues):
        if sdoc[start:end].text in cues.demonyms:
            continue
        listed = (
            start > 1
            and sdoc[start - 1].text in LIST_WORDS
            and (
                start - 1 in place_ends or (sdoc[start - 2].text == "," and start - 2 in place_ends)
            )
        )
        ok, cue, after = _accept_gazetteer(sdoc, start, end, owner, gazetteer, cues, listed)
        if ok:
            accepted.append((start, end, cue, after))
            place_ends.add(end)
    # 2. Place entities, unless a longer gazetteer name covers them.
    for ent in sdoc.ents:
        if ent.label_ in cues.entity_labels or ent.label_ == "NORP":
            start, end = _trim(ent)
            text = sdoc[start:end].text
            if text in cues.demonyms:
                add(start, end, "demonym", country=cues.demonyms[text])
                continue
            # A place entity needs a capitalised word, and one stop-listed word alone is none.
            if ent.label_ == "NORP" or text in cues.stoplist:
                continue
            if not any(_capitalised(t.text) for t in sdoc[start:end]):
                continue
            longer = [
                a for a in accepted if a[0] <= start and a[1] >= end and a[1] - a[0] > end - start
            ]
            if not longer:
                add(
                    start,
                    end,
                    "entity",
                    cue=_cue_before(sdoc, start, cues),
                    after_kind=_cue_after(sdoc, end, cues),
                )
    for start, end, cue, after in accepted:
        add(start, end, "gazetteer", cue=cue, after_kind=after)
    # 3. Demonyms spaCy did not tag ("Sri Lankan", "Syrian"), also heading an organisation's
    # name ("Syrian Democratic Forces": still a reference to Syria), never inside a person's.
    for k, tok in enumerate(sdoc):
        if taken[k] or not _capitalised(tok.text):
            continue
        for width in (2, 1):
            text = sdoc[k : k + width].text
            holder = owner[k]
            if text in cues.demonyms and (holder is None or holder.label_ != "PERSON"):
                add(k, k + width, "demonym", country=cues.demonyms[text])
                break
    mentions.sort(key=lambda m: m.start)
    return mentions
