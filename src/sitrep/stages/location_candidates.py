"""Place candidates for event location: the spans of a sentence that may name a place.

Candidates come from the places stage's toponyms and, for free text, from spaCy's place
entities and runs of proper nouns. Each spans the whole capitalised name ("Aleppo City",
"al-Qaim", "the Shar-e Naw district" -> "Shar-e Naw"), as the benchmark's annotators and
analysts mark place names. The cue words are data: data/location_cues.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.gazetteer import load_gazetteer
from sitrep.model import ActorMention, Place, Toponym
from sitrep.stages.actors import find_actor_mentions, load_actor_dictionary
from sitrep.stages.language import DATELINES
from sitrep.stages.places import find_toponyms

# Entity labels that name a place, and those that rarely do.
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_NON_PLACE_LABELS = {
    "PERSON": -1.0,
    "ORG": -0.5,
    "NORP": -1.0,
    "EVENT": -1.0,
    "DATE": -3.0,
    "TIME": -3.0,
}


@dataclass(frozen=True, slots=True)
class LocationCues:
    """Cue words and weights of data/location_cues.yaml."""

    prepositions: dict[str, float]
    relations: dict[str, float]
    place_nouns: frozenset[str]
    actor_nouns: frozenset[str]
    not_names: frozenset[str] = frozenset()
    subdivision_nouns: frozenset[str] = frozenset()
    event_nouns: frozenset[str] = frozenset()
    clause_relations: frozenset[str] = frozenset()
    name_place_words: frozenset[str] = frozenset()
    facility_words: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()
    body_words: frozenset[str] = frozenset()
    seat_words: frozenset[str] = frozenset()
    institution_words: frozenset[str] = frozenset()
    stretch_prepositions: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A span that may name a place, with prior evidence that it does."""

    start: int  # character offsets into the parsed text
    end: int
    prior: float  # > 0 a known place (gazetteer, place entity), < 0 rather a person or group
    coarseness: int = 0  # 3 country, 2 province or region, 1 large city, 0 finer or unknown


@lru_cache(maxsize=1)
def load_location_cues() -> LocationCues:
    """Load the event-location cue words shipped in data/location_cues.yaml."""
    text = resources.files("sitrep.data").joinpath("location_cues.yaml").read_text("utf-8")
    return parse_location_cues(yaml.safe_load(text))


def parse_location_cues(raw: dict[str, Any]) -> LocationCues:
    """Build LocationCues from the mapping of data/location_cues.yaml.

    Raises ValueError naming the key when a weight's word is not a string: YAML reads a bare
    `on` or `off` as a boolean, which would silently drop the preposition.
    """
    for key in ("prepositions", "relations"):
        odd = [k for k in raw[key] if not isinstance(k, str)]
        if odd:
            raise ValueError(f"location_cues.yaml: {key} has non-word keys {odd} (quote them)")
    return LocationCues(
        prepositions={str(k): float(v) for k, v in raw["prepositions"].items()},
        relations={str(k): float(v) for k, v in raw["relations"].items()},
        place_nouns=frozenset(str(w) for w in raw["place_nouns"]),
        actor_nouns=frozenset(str(w) for w in raw["actor_nouns"]),
        not_names=frozenset(str(w) for w in raw.get("not_names", [])),
        subdivision_nouns=frozenset(str(w) for w in raw.get("subdivision_nouns", [])),
        event_nouns=frozenset(str(w) for w in raw.get("event_nouns", [])),
        clause_relations=frozenset(str(w) for w in raw.get("clause_relations", [])),
        name_place_words=frozenset(str(w) for w in raw.get("name_place_words", [])),
        facility_words=frozenset(str(w) for w in raw.get("facility_words", [])),
        person_titles=frozenset(str(w) for w in raw.get("person_titles", [])),
        body_words=frozenset(str(w) for w in raw.get("body_words", [])),
        seat_words=frozenset(str(w) for w in raw.get("seat_words", [])),
        institution_words=frozenset(str(w) for w in raw.get("institution_words", [])),
        stretch_prepositions=frozenset(str(w) for w in raw.get("stretch_prepositions", [])),
    )


def is_seat(text: str, end: int, cues: LocationCues) -> bool:
    """True when the place name ending at `end` is hyphened to a seat word ("Britain-based")
    or followed by an institution word ("Tel Aviv University"): the seat of an organisation,
    never where an event happened."""
    rest = text[end : end + 20]
    if rest[:1] == " " and rest[1:].split(" ", 1)[0].strip(".,;:") in cues.institution_words:
        return True
    rest = rest.lower()
    return rest[:1] in {"-", "–"} and rest[1:].split(" ", 1)[0].strip() in cues.seat_words


def entity_candidates(sdoc: Doc, *, proper_nouns: bool = True) -> list[PlaceCandidate]:
    """Place candidates from spaCy alone: place entities, and runs of proper nouns.

    A run of proper nouns that contains a place entity keeps the run's extent, so that
    "Homs Governorate" or "Gaza City" is one candidate, as annotators mark them.
    """
    found: dict[tuple[int, int], float] = {}
    runs = _proper_noun_runs(sdoc) if proper_nouns else []
    for ent in sdoc.ents:
        if ent.label_ in _PLACE_LABELS:
            span = _strip_article(ent)
            key = (span.start_char, span.end_char)
            for run in runs:
                if run.start_char <= key[0] and key[1] <= run.end_char:
                    key = (run.start_char, run.end_char)
            if not _overlaps(key, found):
                found[key] = 1.0
    for span in runs:
        key = (span.start_char, span.end_char)
        if not _overlaps(key, found):
            labels = {t.ent_type_ for t in span} - {""}
            found[key] = min((_NON_PLACE_LABELS.get(lab, 0.0) for lab in labels), default=0)
    if proper_nouns:
        for tok in _place_noun_modifiers(sdoc):
            named = name_extent(sdoc, PlaceCandidate(tok.idx, tok.idx + len(tok), 0.0))
            if not _overlaps((named.start, named.end), found):
                found[(named.start, named.end)] = 0.0
    return [PlaceCandidate(s, e, p) for (s, e), p in sorted(found.items())]


def _place_noun_modifiers(sdoc: Doc) -> list[Token]:
    """Capitalised words naming a place noun that the tagger did not take for proper nouns
    ("the Qalamoun region": "Qalamoun" tagged as a common noun or adjective)."""
    cues = load_location_cues()
    return [
        tok
        for tok in sdoc
        if tok.pos_ in {"NOUN", "ADJ"}
        and tok.text[:1].isupper()
        and not tok.is_sent_start
        and tok.dep_ in {"compound", "amod", "nmod"}
        and tok.head.lemma_.lower() in cues.place_nouns
        and tok.lower_ not in cues.not_names
        and tok.ent_type_ not in {"NORP", "DATE", "TIME", "ORDINAL", "CARDINAL"}
        # "the Alpine town of Annecy": the of-phrase names a town; a region's may not.
        and (
            tok.head.lemma_.lower() in cues.subdivision_nouns
            or not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.head.children)
        )
    ]


def merge_candidates(
    primary: Sequence[PlaceCandidate], secondary: Sequence[PlaceCandidate]
) -> list[PlaceCandidate]:
    """Union of two candidate lists; where spans overlap the primary one wins."""
    taken = {(c.start, c.end): c for c in primary}
    for cand in secondary:
        if not _overlaps((cand.start, cand.end), taken):
            taken[(cand.start, cand.end)] = cand
    return sorted(taken.values(), key=lambda c: c.start)


def sentence_of(token: Token) -> Span:
    """The sentence of a token, found locally (`Token.sent` walks the whole document), with
    the wire dateline that opens it."""
    doc = token.doc
    start = token.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    start = doc.user_data.get(DATELINES, {}).get(start, start)
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]


def _strip_article(span: Span) -> Span:
    while len(span) > 1 and span[0].lower_ in {"the", "a"}:
        span = span[1:]
    return span


def _proper_noun_runs(sdoc: Doc) -> list[Span]:
    """Maximal runs of proper nouns, joined across tight hyphens ("Mazar-e-Sharif")."""
    runs: list[Span] = []
    i = 0
    n = len(sdoc)
    while i < n:
        if sdoc[i].pos_ != "PROPN":
            i += 1
            continue
        j = i + 1
        while j < n:
            tok = sdoc[j]
            if tok.pos_ == "PROPN":
                j += 1
            elif (
                tok.text in {"-", "'", "’"}
                and tok.whitespace_ == ""
                and sdoc[j - 1].whitespace_ == ""
                and j + 1 < n
                and sdoc[j + 1].pos_ in {"PROPN", "NOUN", "ADJ", "X"}
            ):
                j += 2
            else:
                break
        # "Hill 30", "Point 474": a numbered feature keeps its number.
        if (
            j < n
            and sdoc[j].like_num
            and sdoc[j - 1].lower_ in load_location_cues().name_place_words
        ):
            j += 1
        runs.append(sdoc[_opening_quote(sdoc, i) : j])
        i = j
    return runs


def _overlaps(key: tuple[int, int], spans: dict[tuple[int, int], Any]) -> bool:
    return any(s < key[1] and key[0] < e for s, e in spans)


def toponym_candidates(toponyms: Sequence[Toponym]) -> list[PlaceCandidate]:
    """Place candidates from the places stage: resolved toponyms are known places."""
    return [
        PlaceCandidate(t.start, t.end, 1.0 if t.place is not None else 0.9, coarseness(t.place))
        for t in toponyms
        if t.role == "place"
    ]


# Gazetteer features of whole countries and of their first-level divisions and regions.
_COUNTRY_FEATURES = {"country", "continent"}
_REGION_LEVEL_FEATURES = {"admin1", "admin2", "region", "governorate", "province"}
# A city this populous usually contains the place an event is reported at ("the Baghdad
# neighbourhood of X").
LARGE_CITY_POPULATION = 300_000


def coarseness(place: Place | None) -> int:
    """How large an area a place covers: 3 country, 2 province or region, 1 large city, 0
    anything finer or unknown. Reporters name the finest place they know; so do annotators."""
    if place is None:
        return 0
    if place.feature in _COUNTRY_FEATURES:
        return 3
    if place.feature in _REGION_LEVEL_FEATURES:
        return 2
    return 1 if place.population >= LARGE_CITY_POPULATION else 0


def actor_names(mentions: Sequence[ActorMention]) -> list[tuple[int, int]]:
    """Character spans of the actors' names a text spells out: a place word inside one ("the
    Popular Mobilisation Forces", "Boko Haram") names the actor, not a place."""
    return [(m.start, m.end) for m in mentions if m.how == "alias" and m.actor_id]


def text_candidates(sdoc: Doc) -> list[PlaceCandidate]:
    """Place candidates for free text: gazetteer toponyms first, then spaCy's guesses; none
    inside an actor's name ("Boko Haram", "the Manbij Military Council")."""
    toponyms = find_toponyms(sdoc, load_gazetteer())
    named = [name_extent(sdoc, c) for c in toponym_candidates(toponyms)]
    names = actor_names(find_actor_mentions(sdoc, load_actor_dictionary()))
    return [
        c
        for c in merge_candidates(_disjoint(named), entity_candidates(sdoc))
        if not any(s <= c.start and c.end <= e for s, e in names)
    ]


def name_extent(sdoc: Doc, cand: PlaceCandidate) -> PlaceCandidate:
    """The whole capitalised name a candidate lies in, without words around the name.

    A place's name is its capitalised words: "Aleppo City", "West Bank", "Al-Bassel Hospital"
    are names, while lowercase descriptors ("Pattani province", "northern Syria") and
    prepositions, articles or dates caught with the name are not part of it.
    """
    span = sdoc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None:
        return cand
    start, end = span.start, span.end
    while start < end - 1 and not _name_token(sdoc[start]):
        start += 1
    while end - 1 > start and not _name_token(sdoc[end - 1]):
        end -= 1
    if not any(_name_token(t) for t in sdoc[start:end]):
        return cand
    sentence = sentence_of(sdoc[start])
    while start > sentence.start and _extends_name(sdoc, start - 1, start):
        start -= 1
    while end < sentence.end and _extends_name(sdoc, end, end - 1):
        end += 1
    # A dangling hyphen or particle at either edge is not part of the name; a leading
    # particle tied to the name by a hyphen is ("al-Wafa").
    while end - 1 > start and not _name_token(sdoc[end - 1]):
        end -= 1
    while start < end - 1 and not (_name_token(sdoc[start]) or _particle(sdoc, start)):
        start += 1
    # "Baghdad's Doura district": the possessor only locates the place named after it.
    for i in range(end - 2, start, -1):
        if sdoc[i].tag_ == "POS":
            start = i + 1
            break
    start = _opening_quote(sdoc, start)
    return replace(cand, start=sdoc[start].idx, end=sdoc[end - 1].idx + len(sdoc[end - 1]))


def _opening_quote(sdoc: Doc, i: int) -> int:
    """Start of a name with its ayn or hamza written as an opening quote ("‘Ayn Issa")."""
    tight = i > 0 and sdoc[i - 1].text in {"‘", "'"} and sdoc[i - 1].whitespace_ == ""
    if tight and (i == 1 or sdoc[i - 2].whitespace_ or sdoc[i - 2].is_punct):
        return i - 1
    return i


def _name_token(tok: Token) -> bool:
    """A capitalised word that can belong to a place's name (not a date or a sentence word)."""
    return (
        tok.text[:1].isupper()
        and tok.ent_type_ not in {"DATE", "TIME"}
        and tok.lower_ not in load_location_cues().not_names
        and tok.pos_ in {"PROPN", "NOUN", "ADJ", "X"}
    )


def _particle(sdoc: Doc, i: int) -> bool:
    """A lowercase particle joined by a hyphen to the rest of a name ("al-", "el-")."""
    tok = sdoc[i]
    return (
        tok.is_lower
        and tok.is_alpha
        and tok.whitespace_ == ""
        and i + 1 < len(sdoc)
        and sdoc[i + 1].text == "-"
    )


def _extends_name(sdoc: Doc, i: int, neighbour: int) -> bool:
    """True when token i continues the name its neighbour belongs to."""
    tok = sdoc[i]
    if (
        tok.ent_type_ in {"PERSON", "NORP", "DATE", "TIME", "ORG"}
        and tok.ent_type_ != sdoc[neighbour].ent_type_
    ):
        return False
    if tok.pos_ == "PROPN" and _name_token(tok):
        return True
    # Tight hyphens and particles inside a name: "Mazar-e-Sharif", "al-Qaim".
    if tok.text in {"-", "'", "’"}:
        return 0 < i < len(sdoc) - 1 and sdoc[i - 1].whitespace_ == "" and tok.whitespace_ == ""
    if not (tok.is_lower and tok.is_alpha):
        return False
    if i < neighbour:
        return _particle(sdoc, i)
    return sdoc[i - 1].text == "-" and sdoc[i - 1].whitespace_ == ""


def _disjoint(cands: Sequence[PlaceCandidate]) -> list[PlaceCandidate]:
    """Drop candidates overlapping an earlier, longer one (two toponyms in one name)."""
    out: dict[tuple[int, int], PlaceCandidate] = {}
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if not _overlaps((cand.start, cand.end), out):
            out[(cand.start, cand.end)] = cand
    return sorted(out.values(), key=lambda c: c.start)
