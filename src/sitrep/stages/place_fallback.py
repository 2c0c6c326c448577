"""Context fallbacks for a report's place when its sentence's parse does not settle it.

A reader resolves "the town fell" to the last town named before, "moved its guns to the
province" to the province the text is about, and "the capture of X in Y province" to X, the
finer of a town and the province that contains it. These helpers serve
`sitrep.stages.event_location.locate_report_place` (its steps 2 to 5); the nouns that stand
for a named place, by the kind of place they refer back to, are in data/place_cues.yaml
(`anaphora`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from sitrep.gazetteer import Gazetteer, load_gazetteer
from sitrep.model import Place, Toponym
from sitrep.stages.toponym_context import load_cues

SETTLEMENT_FEATURES = frozenset({"city", "capital", "village", "neighbourhood"})
DIVISION_FEATURES = frozenset({"admin1", "admin2"})


def load_anaphora() -> dict[str, str]:
    """Place nouns that refer back to a named place, mapped to its kind (settlement, region):
    the `anaphora` of data/place_cues.yaml, read with the other place cues."""
    return load_cues().anaphora


def settlement_nouns(anaphora: dict[str, str]) -> set[str]:
    """The place nouns that refer back to a town ("town", "city", "village")."""
    return {word for word, kind in anaphora.items() if kind == "settlement"}


def bare_place_kind(tokens: Iterable[Token], anaphora: dict[str, str]) -> str | None:
    """The kind of the first definite place noun without a name ("the town", "the city's
    outskirts", "to the province") among `tokens`, or None."""
    for tok in tokens:
        kind = anaphora.get(tok.lemma_.lower()) or anaphora.get(tok.lower_)
        if kind is None or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            continue
        # "the town of Hajin", "the Raqqa province": a named place, not a reference back.
        if any(c.pos_ == "PROPN" or c.ent_type_ for c in tok.subtree if c != tok):
            continue
        if kind == "capital" and any(c.dep_ != "det" for c in tok.children):
            continue  # "the provincial capital", "the capital of the province"
        return kind
    return None


def governed_place_tokens(trigger: Token) -> list[Token]:
    """The trigger's subject and object and the objects of its prepositions."""
    slots = [c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    slots += [g for c in trigger.children if c.dep_ == "prep" for g in c.children]
    # "the city's outskirts": the possessor stands for the place.
    slots += [g for s in list(slots) for g in s.children if g.dep_ == "poss"]
    return slots


def part_of(sdoc: Doc, toponym: Toponym, anaphora: dict[str, str]) -> str | None:
    """The kind of the bare place noun a name is a part of: "the city's Zuhur district"."""
    span = sdoc.char_span(toponym.start, toponym.end, alignment_mode="expand")
    if span is None:
        return None
    owners = [c for c in span.root.children if c.dep_ == "poss"]
    return bare_place_kind(owners, anaphora)


def part_referent(
    sdoc: Doc,
    toponyms: Sequence[Toponym],
    resolved: Sequence[Toponym],
    text: str,
    anaphora: dict[str, str],
) -> Toponym | None:
    """The place of the first unresolved name among `toponyms` that is a part of a bare
    place noun ("entered the city's Zuhur District": the city named before it)."""
    for toponym in toponyms:
        kind = part_of(sdoc, toponym, anaphora) if toponym.place is None else None
        if kind is not None:
            named = referent(kind, [t for t in resolved if t.start < toponym.start], text)
            if named is not None:
                return named
    return None


def referent(
    kind: str, earlier: Sequence[Toponym], text: str, gazetteer: Gazetteer | None = None
) -> Toponym | None:
    """The named place a bare place noun of `kind` refers back to, from the resolved
    toponyms before its sentence (text order): the last town for "the town"; for "the
    province" the later of the last province named and the province of the last town.
    A dateline ("KYIV —") says where the report was filed, not what it is about."""
    towns = [
        t
        for t in earlier
        if t.place is not None and t.place.feature in SETTLEMENT_FEATURES and not dateline(t, text)
    ]
    divisions = [t for t in earlier if t.place is not None and t.place.feature in DIVISION_FEATURES]
    if kind == "settlement":
        # "the fighting in X province ... the edge of the city": the province's namesake seat.
        # Not when a town of its sentence lies in it ("the city of X in Y province").
        if divisions and (not towns or divisions[-1].start > towns[-1].start):
            container = towns and _same_sentence(towns[-1], divisions[-1], text)
            # only a province named as one ("X province"), not its open country ("the desert
            # of X"), after which the town named before is still the city
            named = _division_word_after(divisions[-1], text)
            seat = None if container or not named else namesake_seat(divisions[-1])
            if seat is not None:
                return seat
        return _described_town(towns, text) or (towns[-1] if towns else None)
    if kind == "country":
        return _country_referent(earlier, text, gazetteer or load_gazetteer())
    if kind == "capital":
        return _capital_referent(earlier, text, gazetteer or load_gazetteer())
    if kind != "region":
        return None
    if divisions and (not towns or divisions[-1].start > towns[-1].start):
        return divisions[-1]
    if not towns or towns[-1].place is None:
        return None
    province = province_of(towns[-1].place, gazetteer or load_gazetteer())
    if province is None:
        return None
    town = towns[-1]
    return Toponym(town.start, town.end, town.text, province, precision=3)


def _country_referent(
    earlier: Sequence[Toponym], text: str, gazetteer: Gazetteer
) -> Toponym | None:
    """ "withdrew from the country": the last country named, or the country of the last place
    named; a dateline's country only when the text names no other place."""
    named = [t for t in earlier if t.place is not None]
    last = next((t for t in reversed(named) if not dateline(t, text)), named[-1] if named else None)
    if last is None or last.place is None:
        return None
    if last.place.feature == "country":
        return last
    row = gazetteer.country_row.get(last.place.country or "")
    if row is None:
        return None
    return Toponym(last.start, last.end, last.text, gazetteer.place(row), precision=3)


def _capital_referent(
    earlier: Sequence[Toponym], text: str, gazetteer: Gazetteer
) -> Toponym | None:
    """ "gangs control most of the capital": the capital of the country the text is in."""
    country = _country_referent(earlier, text, gazetteer)
    if country is None or country.place is None:
        return None
    row = gazetteer.capital_row.get(country.place.country or "")
    if row is None:
        return None
    return Toponym(country.start, country.end, country.text, gazetteer.place(row), precision=1)


def _division_word_after(division: Toponym, text: str) -> bool:
    """True when a division word follows the name ("Idlib province", "Kharkiv region")."""
    words = text[division.end : division.end + 20].lower().split()[:1]
    cue = load_cues().after.get(words[0]) if words else None
    return cue is not None and cue[0] == "admin"


def _described_town(towns: Sequence[Toponym], text: str) -> Toponym | None:
    """ "Rutbah, a strategically located town on the road that connects Baghdad to Amman":
    the town an apposition calls one, when the towns after it are named in that apposition's
    sentence (they describe it; "the town" is still Rutbah)."""
    nouns = settlement_nouns(load_cues().anaphora)
    for k in range(len(towns) - 1, -1, -1):
        town = towns[k]
        if not all(_same_sentence(town, later, text) for later in towns[k + 1 :]):
            return None
        match = _APPOSITION.match(text, town.end)
        if match is not None and nouns & set(match.group(1).lower().split()):
            return town if k < len(towns) - 1 else None
    return None


# ", a strategically located town", ",73 the only city" (after a footnote number): the noun
# among the apposition's first five words.
_APPOSITION = re.compile(r",\d{0,3}\s+(?:an?|the)\s+((?:[\w-]+\s+){0,4}[\w-]+)")


def _same_sentence(first: Toponym, second: Toponym, text: str) -> bool:
    between = text[first.end : second.start]
    return not any(mark in between for mark in (". ", "\n", "? ", "! "))


def namesake_seat(division: Toponym) -> Toponym | None:
    """The town a division is named after ("Deir ez-Zor province": Deir ez-Zor), when its
    name's readings include a town of the same country."""
    if division.place is None:
        return None
    for candidate in division.candidates:
        place = candidate.place
        if place.feature in SETTLEMENT_FEATURES and place.country == division.place.country:
            return Toponym(division.start, division.end, division.text, place, precision=1)
    return None


def dateline(toponym: Toponym, text: str) -> bool:
    """Whether a toponym is a dateline: a name in capitals opening a line."""
    opens = toponym.start == 0 or text[toponym.start - 1] == "\n"
    return opens and toponym.text.isupper() and len(toponym.text) > 2


def province_of(place: Place, gazetteer: Gazetteer) -> Place | None:
    """The first-level division a place lies in, as a gazetteer place."""
    if not place.admin1:
        return None
    for match in gazetteer.match(place.admin1, fuzzy=False):
        row = match.row
        if gazetteer.feature_name(row) == "admin1" and gazetteer.country[row] == place.country:
            return gazetteer.place(row)
    return None


def lies_in(town: Place, region: Place) -> bool:
    """Whether a town lies in a country or first-level division (by the gazetteer's codes)."""
    if region.feature == "country":
        return town.country == region.country
    if region.feature == "admin1":
        return town.country == region.country and town.admin1 == region.name
    return False


def contained_town(chosen: Toponym, places: Sequence[Toponym], text: str) -> Toponym | None:
    """ "the capture of X in Y province", "X, Syria": the town named right before the
    division or country that contains it, which is the finer place of the two."""
    if chosen.place is None or chosen.place.feature not in {"country", "admin1"}:
        return None
    for town in places:
        if town.end > chosen.start or town.place is None:
            continue
        if town.place.feature not in SETTLEMENT_FEATURES:
            continue
        gap = " ".join(text[town.end : chosen.start].lower().split())
        if gap in load_cues().container_gaps and lies_in(town.place, chosen.place):
            return town
    return None


def seat_of(region: Toponym, places: Sequence[Toponym], text: str) -> Toponym | None:
    """ "the North Darfur capital", "the capital of Kharkiv region": the town named before in
    the text that lies in the province, which the phrase stands for."""
    if region.place is None or region.place.feature != "admin1":
        return None
    capital_words = load_cues().capital_words
    after = text[region.end : region.end + 20].lower().split()[:1]
    before = text[max(0, region.start - 20) : region.start].lower().split()[-2:]
    if not (after and after[0] in capital_words) and not (
        len(before) == 2 and before[0] in capital_words and before[1] == "of"
    ):
        return None
    towns = [
        t
        for t in places
        if t.end <= region.start
        and t.place is not None
        and t.place.feature in SETTLEMENT_FEATURES
        and lies_in(t.place, region.place)
    ]
    return towns[-1] if towns else None


def container_of(unknown: Toponym, places: Sequence[Toponym], text: str) -> Toponym | None:
    """ "the town of Rubaya in North Kivu", "Tonenke, Donetsk region", "X near Y", "Agasha
    village in Benue State", "X in northern Mali": the known place named right after a place
    the gazetteer lacks, which contains it or lies beside it."""
    if unknown.place is not None:
        return None
    for known in sorted(places, key=lambda t: t.start):
        if known.start < unknown.end or known.place is None:
            continue
        return known if _locating_gap(text[unknown.end : known.start]) else None
    return None


def _locating_gap(gap: str) -> bool:
    """Whether the words between two names say the second contains or lies near the first,
    past a place noun closing the first ("X village in Y") and a part word opening the second
    ("in northern Y")."""
    cues = load_cues()
    words = gap.lower().split()
    if words and cues.after.get(words[0], ("", False))[0] == "settlement":
        words = words[1:]
    if words and words[-1] in cues.part_words:
        words = words[:-1]
    joined = " ".join(words)
    return joined in cues.container_gaps or joined in cues.beside_gaps


def town_inside(region: Toponym, sentence_places: Sequence[Toponym]) -> Toponym | None:
    """A town the sentence names that lies in the province it names ("attacks around X
    tightened the siege in Y province": X is finer)."""
    if region.place is None:
        return None
    for town in sentence_places:
        place = town.place
        if (
            place is not None
            and place.feature in SETTLEMENT_FEATURES
            and lies_in(place, region.place)
        ):
            return town
    return None
