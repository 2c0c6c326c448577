"""Toponym recognition: which spans of a parsed document name places, and what cues them.

Two sources are merged: spaCy's place entities (GPE, LOC, FAC) and a longest-match scan of
capitalised token runs against the gazetteer, which finds the names the small English model
misses or tags as persons and organisations (Arabic town names especially). Gazetteer matches
need evidence in proportion to their risk: a strong cue ("the town of", "near", "X province"),
a weak one ("in", "from", a local noun after it: "Roselle police") for names off the stop
list, the country or province after a comma ("Price, Utah"), a dateline, or, with no cue, a
notable place. A name taken as a place once is a place where it recurs (one sense per
discourse); a surname of a person named in full, a word heading a street's name or met only
by transliteration inside a longer name is not. Nationality words are kept as demonym
mentions: references to a country (or a region's people), not event places.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span

from sitrep.gazetteer import Gazetteer, exact_key, translit_key
from sitrep.stages.toponym_context import (
    APOSTROPHES,
    DIVISION_FEATURES,
    LEADING_ARTICLES,
    LIST_CUE,
    LIST_WORDS,
    REGIONAL_FEATURES,
    Cue,
    PlaceCues,
    Tokens,
    acronym,
    contained,
    cue_after,
    cue_before,
    demonym,
    loose,
    person_word,
    regional,
    residence,
    street,
)

MAX_NAME_TOKENS = 7
# Labels of names a place heading them is part of: persons and titles of works or operations.
TITLE_LABELS = frozenset({"PERSON", "WORK_OF_ART"})
# Abbreviations opening names ("St. Paul", "Mt. Hermon", "Ft. Worth"), split from their stop
# when written in capitals.
ABBREVIATED = frozenset({"st", "mt", "ft"})
# A place named only by the gazetteer scan, with no cue at all, must be at least this large.
NOTABLE_POPULATION = 100_000
# A town this large keeps its name inside a longer unknown one ("the Hammond Marina").
KNOWN_TOWN_POPULATION = 50_000
NOTABLE_FEATURES = frozenset({"country", "admin1", "capital", "continent"})


@dataclass(slots=True)
class Mention:
    """A recognised toponym span with the evidence that found it."""

    start: int  # character offsets into the document
    end: int
    text: str
    source: str  # entity, gazetteer or demonym
    cue: Cue | None = None  # the cue before the name, if any
    after_kind: str | None = None  # the kind of a cue word right after the name
    after_precision: int = 1  # 2 when that word makes the name a place near which ("X countryside")
    part_of_area: bool = False  # after a word picking out part of an area ("northern Aleppo")
    water_name: bool = False  # the name's own first or last word says water ("the Red Sea")
    country: str | None = None  # the country of a demonym
    token_start: int = 0
    token_end: int = 0


# Hyphens that join the parts of one name ("Al-Sireha").
HYPHENS = frozenset({"-", "‐"})


def _scan_gazetteer(toks: Tokens, gazetteer: Gazetteer, cues: PlaceCues) -> list[tuple[int, int]]:
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
            elif text == "." and j > i and toks.lower[j - 1] in ABBREVIATED:
                pass  # "ST. PAUL" in a dateline: the tokenizer split the abbreviation's stop
            elif not (text.lower() in cues.particles or text in {"-", "‐"} | APOSTROPHES):
                break
            j += 1
        match = 0
        for end in reversed(ends):
            if _glued_particle(toks, i, end, cues) or _name_goes_on(toks, end, cues):
                continue
            key = exact_key(toks.span(i, end))
            # An acronym ("BBC", "SANA") names a place only by its exact spelling.
            spelled = not acronym(toks.span(i, end)) and gazetteer.has_translit(translit_key(key))
            if key and (gazetteer.has_exact(key) or spelled):
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


def _name_goes_on(toks: Tokens, end: int, cues: PlaceCues) -> bool:
    """ "the village of Wad al-Noura": a name that runs on through a lower-case article glued
    to a capitalised word is longer than the gazetteer's match (not Russia's Vad); "Virginia
    On-Time" is no such name."""
    return (
        end + 2 < len(toks.words)
        and toks.lower[end] in cues.particles
        and toks.words[end].islower()
        and toks.words[end + 1] in HYPHENS
        and not toks.space[end]
        and toks.caps[end + 2]
    )


def _acronym_of_name(toks: Tokens, start: int, end: int) -> bool:
    """ "the Danish Refugee Council (DRC)": capitals in brackets spelling the initials of the
    name just before them (lower-case words such as "of" between) stand for that name."""
    if end - start != 1 or start < 2 or end >= len(toks.words):
        return False
    if toks.words[start - 1] != "(" or toks.words[end] != ")":
        return False
    letters = "".join(ch for ch in toks.words[start] if ch.isalpha())
    if len(letters) < 2 or not letters.isupper():
        return False
    initials: list[str] = []
    k, gaps = start - 2, 0
    while k >= 0 and len(initials) < len(letters):
        word = toks.words[k]
        if toks.caps[k] and word[0].isalpha():
            initials.append(word[0].upper())
        elif word.isalpha() and word.islower() and gaps < 2 and initials:
            gaps += 1
        else:
            break
        k -= 1
    return "".join(reversed(initials)) == letters


def _acronym_of_another_name(
    toks: Tokens, start: int, end: int, accepted: list[tuple[int, int, Cue | None, str | None]]
) -> bool:
    """An acronym of the name before it that is no place found ("the Danish Refugee Council
    (DRC)"); a place's own ("Democratic Republic of Congo (DRC)") repeats that place."""
    return _acronym_of_name(toks, start, end) and not any(a[1] == start - 1 for a in accepted)


def _glued_particle(toks: Tokens, i: int, end: int, cues: PlaceCues) -> bool:
    """ "the village of Al-Sireha": an article glued by a hyphen to the rest of an unknown
    name is no name of its own (not Norway's Ål)."""
    return (
        end < len(toks.words)
        and toks.words[end] in HYPHENS
        and not toks.space[end - 1]
        and all(toks.lower[k] in cues.particles for k in range(i, end))
    )


def _opens_loosely(toks: Tokens, i: int, end: int, gazetteer: Gazetteer, cues: PlaceCues) -> bool:
    """ "The Athens Police", "an Alexandria man", "To Mass.": an article or stop-listed word
    opening a run is no part of the name unless the gazetteer knows the name with it."""
    return (
        end - i > 1
        and loose(toks.words[i], cues)
        and not gazetteer.has_exact(exact_key(toks.span(i, end)))
    )


def _common_words(toks: Tokens, i: int, end: int, gazetteer: Gazetteer, cues: PlaceCues) -> bool:
    """ "The City", "North West": common words that only GeoNames alternates make a name."""
    words = [w for w in toks.words[i:end] if w.lower() not in cues.particles]
    if not all(loose(w, cues) for w in words):
        return False
    return not any(m.kind == "exact" for m in gazetteer.match(toks.span(i, end), fuzzy=False))


def _trim(span: Span, toks: Tokens) -> tuple[int, int]:
    start, end = span.start, span.end
    while start < end and toks.lower[start] in {"the", "a"}:
        start += 1
    while end > start and (toks.words[end - 1] in {"'s", "’s", "'", "’"} or toks.punct[end - 1]):
        end -= 1
    return start, end


def _core(
    start: int, end: int, toks: Tokens, gazetteer: Gazetteer, cues: PlaceCues
) -> tuple[int, int]:
    """An entity without the stop-listed words around its name ("In B.C.", "US Secretary").

    Only when the whole is no gazetteer name and the rest is one by its exact key.
    """
    if end - start < 2 or gazetteer.has_exact(exact_key(toks.span(start, end))):
        return start, end
    s, e = start, end
    while e - s > 1 and loose(toks.words[s], cues):
        s += 1
    while e - s > 1 and loose(toks.words[e - 1], cues):
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
    toks: Tokens,
    start: int,
    end: int,
    owner: list[Span | None],
    gazetteer: Gazetteer,
    cues: PlaceCues,
    listed: bool,
) -> tuple[bool, Cue | None, str | None]:
    """Decide whether a gazetteer match is a toponym; return the cues seen."""
    cue = cue_before(toks, start, cues) or (LIST_CUE if listed else None)
    if cue is None and residence(toks, start, owner):
        cue = LIST_CUE
    after = cue_after(toks, end, cues)
    if street(toks, end, cues, gazetteer, toks.span(start, end)):
        return False, cue, after
    if end < len(toks.words) and toks.words[end] in cues.outlet_words:
        # "The New York Times", "Kyiv Post": an outlet's name, not a report from the place.
        return cue is not None and cue.strong, cue, after
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
    if not exact and any(e is not None and (e.start < start or e.end > end) for e in ents):
        # "Cuckoo Hall Lane": a word inside a longer name, met only by transliteration.
        return False, cue, after
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
        # is still a reference to that place; heading a title ("Jazira Storm", an operation's
        # name in quotes) it is a word of the title.
        # Loose words before a place closing the name ("the", "Metro Vancouver") leave it at
        # the head; a place closing the name after "of" is its seat ("University of Toronto").
        first = start
        while first > 0 and loose(toks.words[first - 1], cues):
            first -= 1
        # A name of two letters heading a longer one is mostly an Arabic article ("Al Sumaria
        # TV"), not Ål in Norway.
        head = len(text) > 2 and any(
            e is not None
            and e.label_ not in TITLE_LABELS
            and first <= e.start <= start
            and (e.end == end or _articles_only(toks, e.start, start))
            for e in ents
        )
        seat = (
            start > 0
            and toks.lower[start - 1] == "of"
            and any(e is not None and e.end == end for e in ents)
        )
        strong = cue is not None and cue.strong
        regional = any(gazetteer.feature_name(r) in REGIONAL_FEATURES for r in exact)
        return (head or seat or strong or regional) and bool(exact) and not stop, cue, after
    if (cue is not None and cue.strong) or after is not None:
        return True, cue, after
    if exact and contained(toks, end, text, gazetteer):
        return True, cue, after
    if stop:
        return False, cue, after
    # "Roselle police", "an Alexandria man", "the Minnesota House", "Idlib-based": a place
    # qualifying a local noun, however spaCy tagged it.
    follows = toks.lower[end] if end < len(toks.words) else ""
    if follows in {"-", "‐"} and end + 1 < len(toks.words):
        follows = toks.lower[end + 1]
    # "the Novoshakhtinsk oil refinery": a facility of the place, after one lower-case word
    facility = follows in cues.facility_after or (
        end + 1 < len(toks.words)
        and toks.words[end].islower()
        and toks.lower[end + 1] in cues.facility_after
    )
    if (follows in cues.weak_after or facility) and exact:
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
    capitals = text.isupper() and len(text) > 2
    dateline = follows in cues.dashes or (follows in {",", ":"} and capitals)
    if exact and dateline and (line_start or toks.sent_start[start] or capitals):
        return True, cue, after
    if toks.sent_start[start] and end - start == 1 and not ents:
        return False, cue, after
    # No cue: only a notable place, also when spaCy took it for an organisation or a person.
    # Our supplement's sites under a name of several words ("Zaporizhzhia nuclear power plant",
    # "Tabqa Dam") are there because reporting names them.
    notable = any(
        gazetteer.feature_name(r) in NOTABLE_FEATURES
        or int(gazetteer.population[r]) >= NOTABLE_POPULATION
        or (end - start > 1 and gazetteer.place_id[r].startswith("sup:"))
        for r in exact
    )
    return notable, cue, after


def _pieced(inside: list[tuple[int, int, Cue | None, str | None]], start: int, end: int) -> bool:
    """Whether gazetteer names fill a place entity's tokens end to end, two or more of them."""
    spans = sorted((a[0], a[1]) for a in inside)
    return (
        len(spans) > 1
        and spans[0][0] == start
        and spans[-1][1] == end
        and all(a[1] == b[0] for a, b in pairwise(spans))
    )


def _known(text: str, gazetteer: Gazetteer) -> bool:
    """Whether a name is a country, a first-level division or a sizeable town by itself."""
    return regional(text, gazetteer) or any(
        m.kind == "exact" and int(gazetteer.population[m.row]) >= KNOWN_TOWN_POPULATION
        for m in gazetteer.match(text, fuzzy=False)
    )


def _articles_only(toks: Tokens, i: int, j: int) -> bool:
    """Whether tokens i to j (exclusive) are all articles (or none at all)."""
    return all(toks.lower[k] in LEADING_ARTICLES for k in range(i, j))


def _same_names(
    toks: Tokens,
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
        if street(toks, end, cues, gazetteer, text):
            continue
        if end < len(toks.words) and toks.words[end] in cues.outlet_words:
            continue
        if _acronym_of_another_name(toks, start, end, accepted):
            continue
        holders = [owner[k] for k in range(start, end)]
        longer = [h for h in holders if h is not None and h.end - h.start > end - start]
        if any(h.label_ == "PERSON" for h in longer):
            continue
        found.append((start, end, None, cue_after(toks, end, cues)))
    return found


def document_text(sdoc: Doc) -> str:
    """The text of a parsed document, rebuilt from its tokens without creating Token objects."""
    return Tokens.of(sdoc).text


def recognize_toponyms(sdoc: Doc, gazetteer: Gazetteer, cues: PlaceCues) -> list[Mention]:
    """Find toponym and demonym mentions in a parsed document, in text order, not overlapping."""
    toks = Tokens.of(sdoc)
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
        if end < len(toks.words):
            mention.after_precision = cues.after_precision.get(toks.lower[end], 1)
        mention.part_of_area = start > 0 and toks.words[start - 1] in cues.part_words
        mention.water_name = bool({toks.lower[start], toks.lower[end - 1]} & cues.water_name_words)
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
    people = {w for w in people if not regional(w, gazetteer)}
    accepted: list[tuple[int, int, Cue | None, str | None]] = []
    rejected: list[tuple[int, int]] = []
    for start, end in _scan_gazetteer(toks, gazetteer, cues):
        if demonym(toks.span(start, end), cues):
            continue
        if _acronym_of_another_name(toks, start, end, accepted):
            rejected.append((start, end))
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
        if ok and person_word(toks, start, end, people, cue, after):
            ok = False
        if ok:
            accepted.append((start, end, cue, after))
            place_ends.add(end)
        else:
            rejected.append((start, end))
    accepted += [
        a
        for a in _same_names(toks, rejected, accepted, ents, owner, gazetteer, cues)
        if not person_word(toks, a[0], a[1], people, a[2], a[3])
    ]
    # 2. Place entities, unless a longer gazetteer name covers them.
    for ent in ents:
        if ent.label_ in cues.entity_labels or ent.label_ == "NORP":
            start, end = _core(*_trim(ent, toks), toks, gazetteer, cues)
            text = toks.span(start, end) if start < end else ""
            code = demonym(text, cues)
            if code:
                add(start, end, "demonym", country=code)
                continue
            # A place entity needs a capitalised word, and one stop-listed word alone is none.
            if ent.label_ == "NORP" or text in cues.stoplist:
                continue
            if not any(toks.caps[start:end]):
                continue
            # "Turkish Embassy", "Canadian Lottery": no place by its name, but its nationality
            # word refers to a country (found as a demonym below).
            national = end - start > 1 and demonym(toks.words[start], cues)
            if national and not gazetteer.match(text, fuzzy=False):
                continue
            cue = cue_before(toks, start, cues)
            after = cue_after(toks, end, cues)
            if person_word(toks, start, end, people, cue, after):
                continue
            if _acronym_of_name(toks, start, end) and not any(taken[start - 2 : start - 1]):
                continue
            if street(toks, end, cues, gazetteer, text) and not gazetteer.match(text, fuzzy=False):
                continue  # "on Peremohy embankment": a street of the city, not a village
            longer = [
                a for a in accepted if a[0] <= start and a[1] >= end and a[1] - a[0] > end - start
            ]
            # "Far North Queensland", "Western Canada": when the whole entity names no place,
            # the place named inside it is the toponym.
            inside = [a for a in accepted if a[0] >= start and a[1] <= end]
            pieced = _pieced(inside, start, end) and not any(
                _known(toks.span(a[0], a[1]), gazetteer) for a in inside
            )
            if pieced and not gazetteer.match(text, fuzzy=False):
                # "near Mir Ali": one name the gazetteer lacks, not Mir in Belarus and Ali in
                # India side by side. A division or a sizeable town among the pieces is named
                # as such: "Far North Queensland", "the Hammond Marina", "St. Joseph London".
                accepted = [a for a in accepted if a not in inside]
            elif inside and not gazetteer.match(text, fuzzy=False):
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
            code = demonym(toks.span(k, k + width), cues)
            holder = owner[k]
            if code and (holder is None or holder.label_ != "PERSON"):
                add(k, k + width, "demonym", country=code)
                break
    mentions.sort(key=lambda m: m.start)
    return mentions
