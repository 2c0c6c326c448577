"""Event location: the place where an event happened, not every place in its sentence.

"Fighters from Raqqa attacked Mayadin" happened in Mayadin. Each candidate place (a toponym
from the places stage, or for free text a spaCy place entity or proper-noun run) is scored by
how it hangs on the event word in the dependency parse (sitrep.stages.location_scoring); the
finest of the best-linked places wins, with the places listed alongside it. For reports, the
pipeline falls back on the sentence, paragraph and document with a coarser precision code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.model import PlaceRef, Toponym
from sitrep.stages.language import doc_text, load_nlp
from sitrep.stages.location_candidates import (
    _PLACE_LABELS,
    LocationCues,
    PlaceCandidate,
    _overlaps,
    _strip_article,
    entity_candidates,
    is_seat,
    load_location_cues,
    merge_candidates,
    name_extent,
    parse_location_cues,
    sentence_of,
    text_candidates,
    toponym_candidates,
)
from sitrep.stages.location_model import LocationModel, candidate_features, load_location_model
from sitrep.stages.location_scoring import RankedPlace, place_anchor, rank_candidates
from sitrep.stages.place_fallback import (
    bare_place_kind,
    contained_town,
    container_of,
    dateline,
    governed_place_tokens,
    load_anaphora,
    part_of,
    part_referent,
    referent,
    seat_of,
    settlement_nouns,
    town_inside,
)
from sitrep.stages.toponym_context import Tokens, cue_before
from sitrep.stages.toponym_context import load_cues as load_place_cues

# Re-exported: the bench, the events stage and tests import these from here.
__all__ = [
    "LocationCues",
    "PlaceCandidate",
    "RankedPlace",
    "entity_candidates",
    "load_location_cues",
    "locate_event",
    "locate_in_parse",
    "locate_ranked",
    "locate_report_place",
    "merge_candidates",
    "name_extent",
    "parse_location_cues",
    "rank_candidates",
    "sentence_of",
    "text_candidates",
    "toponym_candidates",
    "with_entity_toponyms",
]

# Offset on the learned ranker's threshold: below it the sentence is taken not to say where
# the event happened.
MIN_SCORE = 0.0
# A report has its paragraph and document to fall back on: a weak link in the sentence yields
# to them.
REPORT_MIN_SCORE = 1.5
# A sentence's other places stand in for the event's place (at precision 2) unless they only
# describe an actor ("the U.S. coalition", "the Britain-based monitor"), which scores below
# this: a town the sentence names ("In Raqqa, ... struck a deal") beats one named before it.
FALLBACK_MIN_SCORE = -1.0
# Least rule score of a place coordinated with the chosen one to be listed with it.
GROUP_MIN_RULE_SCORE = -2.5
# Weight of a preposition a trigger entry declares to introduce its place.
PLACE_PREP_WEIGHT = 3.0
# Relations of an event verb's doer, and of its object and prepositional phrases (its target).
_DOER_DEPS = {"nsubj", "agent"}
_TARGET_DEPS = {"dobj", "nsubjpass", "prep", "dative"}


def locate_in_parse(
    sdoc: Doc,
    trigger_span: tuple[int, int],
    candidates: Sequence[PlaceCandidate],
    cues: LocationCues | None = None,
    min_score: float = MIN_SCORE,
    place_preps: frozenset[str] = frozenset(),
    model: LocationModel | None = None,
) -> list[tuple[int, int]]:
    """Return the character spans of the event's place (best first, with its conjuncts).

    The learned ranker (sitrep.stages.location_model) chooses among the candidates the rule
    ranker scored; `min_score` is added to its threshold (reports ask more of the sentence).
    `place_preps` are prepositions that introduce this event's place although they usually
    do not ("withdrew from X").
    """
    cues = cues or load_location_cues()
    if place_preps:
        weights = dict(cues.prepositions) | {p: PLACE_PREP_WEIGHT for p in place_preps}
        cues = replace(cues, prepositions=weights)
    ranked = rank_candidates(sdoc, trigger_span, candidates, cues)
    trigger = sdoc.char_span(trigger_span[0], trigger_span[1], alignment_mode="expand")
    if not ranked or trigger is None:
        return []
    features = candidate_features(trigger.root, ranked, cues)
    return locate_ranked(sdoc, ranked, features, cues, model or load_location_model(), min_score)


def locate_ranked(
    sdoc: Doc,
    ranked: Sequence[RankedPlace],
    features: Sequence[dict[str, float]],
    cues: LocationCues,
    model: LocationModel,
    min_score: float = MIN_SCORE,
) -> list[tuple[int, int]]:
    """The event's place among ranked candidates by the model's scores, with the places
    coordinated with it; none when the best score falls short of the threshold."""
    scores = [model.score(f) for f in features]
    if not scores or max(scores) < model.threshold + min_score:
        return []
    chosen = ranked[scores.index(max(scores))]
    best = chosen.span
    group = [best]
    best_anchor = place_anchor(best.root, cues)[0]
    gapped_anchors: set[Token] = set()
    for ranked_place in sorted(ranked, key=lambda r: -r.score):
        span = ranked_place.span
        if span is best or ranked_place.score < GROUP_MIN_RULE_SCORE:
            continue
        # "in Buffalo, N.Y.": a coarser place after a comma is the first one's container.
        if ranked_place.coarseness > chosen.coarseness:
            continue
        anchor = place_anchor(span.root, cues)[0]
        if (
            span.root in best.root.conjuncts
            or _coordinated(best_anchor, anchor)
            or (
                anchor == best_anchor
                and (_via_conj(span.root, anchor) or _via_conj(best.root, anchor))
            )
        ):
            group.append(span)
        elif _gapped(best_anchor, anchor) and anchor not in gapped_anchors:
            gapped_anchors.add(anchor)  # one place per gapped clause
            group.append(span)
    spans = [(s.start_char, s.end_char) for s in group]
    return spans + _listed_names(sdoc, group, spans, cues)


def _listed_names(
    sdoc: Doc, group: Sequence[Span], taken: Sequence[tuple[int, int]], cues: LocationCues
) -> list[tuple[int, int]]:
    """Names coordinated with the event's place that no candidate covers ("captured Kafr
    Nabl and Hish": the tagger may not take the second name for a proper noun)."""
    out: list[tuple[int, int]] = []
    for span in group:
        for tok in span.root.conjuncts:
            if not (tok.text[:1].isupper() and tok.lower_ not in cues.not_names):
                continue
            if any(s <= tok.idx < e for s, e in [*taken, *out]):
                continue
            named = name_extent(sdoc, PlaceCandidate(tok.idx, tok.idx + len(tok), 0.0))
            out.append((named.start, named.end))
    return out


def _via_conj(token: Token, anchor: Token) -> bool:
    """True when a place reaches its anchor through a coordination ("the town of X and the
    villages of Y and Z" all attach where "the town" does)."""
    while token != anchor and token.head != token:
        if token.dep_ == "conj":
            return True
        token = token.head
    return False


def _gapped(a: Token, b: Token) -> bool:
    """True for places of gapped parallel clauses: "5,000 marched in X, 2,000 in Y and 500 in
    Z", "killed six, two in X and four in Y" (the same preposition, hung on a number)."""
    if a == b or a.dep_ != "pobj" or b.dep_ != "pobj" or a.head.lower_ != b.head.lower_:
        return False
    heads = (a.head.head, b.head.head)
    if not any(h.like_num or h.pos_ == "NUM" for h in heads):
        return False
    up_a = [heads[0], *heads[0].ancestors][:4]
    up_b = [heads[1], *heads[1].ancestors][:4]
    return any(t in up_b for t in up_a)


def _coordinated(a: Token, b: Token) -> bool:
    """True when two place anchors are coordinated ("in X and Y", "in X and in Y")."""
    if a == b:
        return False
    if b in a.conjuncts:
        return True
    pa, pb = a.head, b.head
    return bool(pa.pos_ == "ADP" and pb.pos_ == "ADP" and pb in pa.conjuncts)


def with_entity_toponyms(sdoc: Doc, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """Add spaCy's place entities the places stage missed, as unresolved toponyms.

    The event then at least keeps the place's name (precision 2, no coordinates).
    """
    taken: dict[tuple[int, int], Toponym] = {(t.start, t.end): t for t in toponyms}
    # The places stage's stop list holds names that mean a group, not a place ("Daesh").
    stoplist = load_place_cues().stoplist
    for ent in sdoc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        span = _strip_article(ent)
        if span.text in stoplist:
            continue
        key = (span.start_char, span.end_char)
        if not _overlaps(key, taken):
            taken[key] = Toponym(span.start_char, span.end_char, span.text, precision=2)
    for span in _cued_names(sdoc):
        key = (span.start_char, span.end_char)
        if not _overlaps(key, taken):
            taken[key] = Toponym(span.start_char, span.end_char, span.text, precision=2)
    return sorted(taken.values(), key=lambda t: t.start)


def _cued_names(sdoc: Doc) -> list[Span]:
    """Names a settlement cue marks as places whatever the parser made of them: "the village
    of Wad al-Noura", "Agasha village" (cues of kind settlement in place_cues.yaml); and the
    same names where they recur without the cue ("fled Rubaya" after "the town of Rubaya")."""
    cues = load_place_cues()
    toks = Tokens.of(sdoc)
    runs: list[tuple[int, int]] = []
    cued: set[str] = set()
    i = 0
    while i < len(toks.words):
        end = _name_end(toks, i, cues.particles)
        if end == i:
            i += 1
            continue
        runs.append((i, end))
        before = cue_before(toks, i, cues)
        after = cues.after.get(toks.lower[end]) if end < len(toks.words) else None
        if (before is not None and before.kind == "settlement" and before.strong) or (
            after is not None and after[0] == "settlement"
        ):
            cued.add(toks.span(i, end))
        i = end
    return [sdoc[i:end] for i, end in runs if toks.span(i, end) in cued]


def _name_end(toks: Tokens, i: int, particles: frozenset[str]) -> int:
    """The end of a run of capitalised words from token i ("Wad al-Noura"), or i."""
    end = k = i
    while k < len(toks.words):
        word = toks.words[k]
        if toks.caps[k] and word.isalpha():
            k += 1
            end = k
        elif end > i and (toks.lower[k] in particles or word in {"-", "'"}):
            k += 1
        else:
            break
    return end


def place_ref(toponym: Toponym, precision: int | None = None) -> PlaceRef:
    """The report form of a toponym, at its own precision or a coarser one."""
    level = max(toponym.precision, precision or 1)
    place = toponym.place
    if place is None:
        return PlaceRef(name=toponym.text, precision=max(level, 2))
    if place.feature in {"country", "admin1", "continent"}:
        level = 3
    return PlaceRef(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        admin1=place.admin1,
        geonameid=place.geonameid,
        place_id=place.place_id,
        precision=level,
    )


def _within_container(unknown: Toponym, container: Toponym) -> PlaceRef:
    """A place the gazetteer lacks, located by the known place containing it: its own name,
    the container's point, precision 3 inside a province or country, else 2 (near it)."""
    known = place_ref(container)
    return replace(
        known,
        name=unknown.text,
        geonameid=None,
        place_id=None,
        precision=max(known.precision, 2),
    )


def _called_town(
    places: Sequence[Toponym], before: int, text: str, anaphora: dict[str, str]
) -> Toponym | None:
    """The last name before `before` that the gazetteer lacks and the text calls a town ("the
    town of X", "the village of X")."""
    nouns = settlement_nouns(anaphora)
    for toponym in reversed([t for t in places if t.end <= before and t.place is None]):
        words = text[max(0, toponym.start - 20) : toponym.start].lower().split()
        if len(words) >= 2 and words[-1] == "of" and words[-2] in nouns:
            return toponym
    return None


def _located(toponym: Toponym, places: Sequence[Toponym], text: str) -> PlaceRef | None:
    """A place located by the known place the text says contains it, here or where the text
    first named it (a place the gazetteer lacks); None when nothing locates it so."""
    container = container_of(toponym, places, text)
    if container is not None:
        return _within_container(toponym, container)
    return _located_before(toponym, places, text) if toponym.place is None else None


def _located_before(unknown: Toponym, places: Sequence[Toponym], text: str) -> PlaceRef | None:
    """ "fled Rubaya" after "the town of Rubaya in North Kivu": a place the gazetteer lacks is
    where the text first located it by a known place containing it."""
    for earlier in places:
        if earlier.start >= unknown.start:
            break
        if earlier.place is None and earlier.text == unknown.text:
            container = container_of(earlier, places, text)
            if container is not None:
                return _within_container(unknown, container)
    return None


def _destinations(trigger: Token, place_preps: frozenset[str]) -> list[Token]:
    """The objects of the trigger's prepositions that name the event's place ("to the region")."""
    return [
        g
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ in place_preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def locate_report_place(
    sdoc: Doc,
    trigger_span: tuple[int, int],
    toponyms: Sequence[Toponym],
    *,
    place_preps: frozenset[str] = frozenset(),
) -> tuple[PlaceRef | None, bool]:
    """Place of a report and whether the parse stated it, falling back on wider context.

    0. "moved its guns in X to the province": a bare place noun that one of the trigger's
       `place_preps` governs is the place named before (not the parse's X); "moved its
       leaders there from X": "there" is the town named last before it.
    1. The toponym the parse attaches to the trigger: its own precision. When it sits on the
       doer ("a frigate in the Mediterranean fired at positions near the city"), a bare
       place noun on the target stands for the place named before.
    2. "the town fell", "stormed the city": a bare place noun the trigger governs stands for
       the last town named before the sentence: its own precision.
    3. Else the best other town-level toponym of the sentence: precision at least 2; else a
       province or region the sentence names: precision 3.
    4. Else the last town-level toponym before it in the paragraph: precision at least 2.
    5. Else the document's most mentioned town-level toponym, or failing that the sentence's
       or document's region or country: precision 3.
    """
    text = doc_text(sdoc)
    cues = load_location_cues()
    # "the Britain-based monitor": an organisation's seat is no event's place, even as context.
    places = [t for t in toponyms if t.role == "place" and not is_seat(text, t.end, cues)]
    by_span = {(t.start, t.end): t for t in places}
    resolved = [t for t in places if t.place is not None]
    trigger = sdoc.char_span(trigger_span[0], trigger_span[1], alignment_mode="expand")
    sentence = sentence_of(trigger.root) if trigger is not None else None
    prior = [t for t in resolved if sentence is not None and t.start < sentence.start_char]
    anaphora = load_anaphora()
    if trigger is not None and place_preps:
        # "moved its weapons in X to the region": X is only where they came from.
        kind = bare_place_kind(_destinations(trigger.root, place_preps), anaphora)
        named = referent(kind, prior, text) if kind else None
        if named is not None:
            return place_ref(named), False
    there = _there(trigger.root) if trigger is not None else None
    if there is not None:
        # "moved its leaders there from Raqqa": the town named last before "there".
        named = referent("settlement", [t for t in resolved if t.end <= there.idx], text)
        if named is not None:
            return place_ref(named), False
    spans = locate_in_parse(
        sdoc,
        trigger_span,
        toponym_candidates(_within(places, sentence)),
        min_score=REPORT_MIN_SCORE,
        place_preps=place_preps,
    )
    if spans and spans[0] in by_span:
        chosen = by_span[spans[0]]
        predicate = _predicate(trigger.root) if trigger is not None else None
        if predicate is not None and _on_doer(sdoc, chosen, predicate):
            # "a frigate in the Mediterranean fired missiles at positions near the city": a
            # place the doer is at says where the strike came from; the target's place is
            # where it happened, even as a bare place noun.
            kind = bare_place_kind(_target_place_tokens(predicate), anaphora)
            named = referent(kind, prior, text) if kind else None
            if named is not None:
                return place_ref(named), False
        # Of places listed together ("between the Balad District and Samarra"), the finest:
        # the first of equals.
        listed = [by_span[s] for s in spans if s in by_span and by_span[s].place is not None]
        if chosen.place is not None and listed:
            chosen = min(listed, key=lambda t: t.precision)
        kind = part_of(sdoc, chosen, anaphora) if chosen.place is None else None
        if kind is not None:
            # "the city's Zuhur district", a part the gazetteer lacks: the place named before.
            earlier_places = [t for t in resolved if t.start < chosen.start]
            named = referent(kind, earlier_places, text)
            if named is not None:
                return place_ref(named, 2), True
        # "the town of Rubaya in North Kivu": the name the text gives, at the point and
        # precision of the known place that contains it.
        located = _located(chosen, places, text)
        if located is not None:
            return located, True
        # "the capture of X in Y province": the town, finer than the province containing it;
        # "the North Darfur capital": the town named before, in that province.
        return place_ref(
            contained_town(chosen, places, text) or seat_of(chosen, resolved, text) or chosen
        ), True
    if trigger is None or sentence is None or not resolved:
        return None, False
    local = [t for t in resolved if t.place and t.place.feature not in _REGION_FEATURES]
    earlier = [t for t in local if t.start < sentence.start_char]
    # "the town fell" is the last town named, "moved to the province" its province.
    kind = bare_place_kind(governed_place_tokens(trigger.root), anaphora)
    named = referent(kind, prior, text) if kind else None
    if kind == "settlement":
        # ... also one the gazetteer lacks, named as a town ("attacked the town of Al Khuwei
        # ... recaptured the town the following day")
        unknown = _called_town(places, sentence.start_char, text, anaphora)
        if unknown is not None and (named is None or unknown.start > named.start):
            return _located(unknown, places, text) or place_ref(unknown), False
    if named is not None:
        return place_ref(named), False
    undated = [t for t in earlier if not dateline(t, text)]
    if undated and _governs_bare_place_noun(trigger.root, cues):
        # "the zone on the edge of the city", "the area": near the town the text is at (not
        # where it was filed).
        return place_ref(referent("settlement", prior, text) or undated[-1], 2), False
    spans = locate_in_parse(
        sdoc,
        trigger_span,
        toponym_candidates(_within(local, sentence)),
        min_score=FALLBACK_MIN_SCORE,
        place_preps=place_preps,
    )
    if spans and spans[0] in by_span:
        return place_ref(by_span[spans[0]], 2), False
    # A province or region the sentence itself names beats a town named elsewhere.
    regional = [
        t
        for t in resolved
        if sentence.start_char <= t.start < sentence.end_char
        and t.place is not None
        and t.place.feature in _SENTENCE_REGION_FEATURES
    ]
    own = [t for t in local if sentence.start_char <= t.start < sentence.end_char]
    # "most of the town fell after ...", "a bomb struck a car near the town": a bare place
    # noun elsewhere in a sentence that names no town of its own (finer than its province).
    kind = None if own else bare_place_kind(sentence, anaphora)
    named = referent(kind, prior, text) if kind else None
    # "fighters entered the city's Zuhur District": a part the gazetteer lacks, of a city.
    in_sentence = [t for t in places if sentence.start_char <= t.start < sentence.end_char]
    named = named or part_referent(sdoc, in_sentence, resolved, text, anaphora)
    if named is not None:
        return place_ref(named, 2), False
    for unknown in in_sentence:
        # "killed 40 in the village of Seytenga in Burkina Faso", with no parse path from the
        # trigger to either: the village the sentence locates is finer than its country.
        located = _located(unknown, places, text)
        if located is not None:
            return located, False
    if regional:
        # A town the sentence names inside that province is finer.
        inside = town_inside(regional[0], own)
        return (place_ref(inside, 2) if inside else place_ref(regional[0], 3)), False
    paragraph_start = text.rfind("\n", 0, sentence.start_char) + 1
    before = [t for t in earlier if paragraph_start <= t.start and not dateline(t, text)]
    # "ambushed a convoy near Tinzaouaten in the Kidal region. The army said it had lost 12
    # soldiers": a village the gazetteer lacks, named last, located by its container.
    unresolved = [
        t
        for t in places
        if t.place is None
        and paragraph_start <= t.start < sentence.start_char
        and (not before or t.start > before[-1].start)
    ]
    for name in reversed(unresolved):
        located = _located(name, places, text)
        if located is not None:
            return located, False
    if before:
        return place_ref(before[-1], 2), False
    pool = local or [t for t in resolved if sentence.start_char <= t.start < sentence.end_char]
    pool = pool or resolved
    counts = Counter(t.place.place_id for t in pool if t.place is not None)
    top = counts.most_common(1)[0][0]
    return place_ref(next(t for t in pool if t.place and t.place.place_id == top), 3), False


def _there(trigger: Token) -> Token | None:
    """The adverb "there" saying where the event word's action happened ("were killed there",
    or hung by the parser on the object: "moved its leaders there"), not the "there" of
    "there was fighting"."""
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    return next(
        (
            t
            for t in [*trigger.children, *(t for o in objects for t in o.subtree)]
            if t.dep_ == "advmod"
            and t.lower_ == "there"
            and (t.head == trigger or t.head.pos_ == "NOUN")
        ),
        None,
    )


def _predicate(trigger: Token) -> Token:
    """The verb whose doer and target an event word has: itself, or the verb an event noun
    is the object of ("fired missiles", "carried out strikes")."""
    if trigger.dep_ == "dobj" and trigger.head.pos_ == "VERB":
        return trigger.head
    return trigger


def _on_doer(sdoc: Doc, toponym: Toponym, trigger: Token) -> bool:
    """True when the toponym sits in the phrase of the trigger's doer (its active subject or
    its "by" agent), not in the trigger's own or its target's phrases."""
    span = sdoc.char_span(toponym.start, toponym.end, alignment_mode="expand")
    if span is None or span.root == trigger:
        return False
    token = span.root
    while token.head != token and token.head != trigger:
        token = token.head
    return token.head == trigger and token.dep_ in _DOER_DEPS


def _target_place_tokens(trigger: Token) -> list[Token]:
    """Nouns in the trigger's object and prepositional phrases (not its doer's), nearest
    first: "fired missiles at positions near the city" gives positions, then city."""
    out = []
    for child in trigger.children:
        if child.dep_ not in _TARGET_DEPS or (child.dep_ == "prep" and child.lower_ == "by"):
            continue
        out += [t for t in child.subtree if t.dep_ in {"pobj", "dobj", "nsubjpass"}]
    return out


def _within(toponyms: Sequence[Toponym], sentence: Span | None) -> list[Toponym]:
    """The toponyms of a sentence (all of them when there is none): the parse looks no
    further, and describing the document's every toponym for each report is wasted work."""
    if sentence is None:
        return list(toponyms)
    return [t for t in toponyms if sentence.start_char <= t.start < sentence.end_char]


# Divisions a sentence may name as its event's only place ("in Deir ez-Zor province").
_SENTENCE_REGION_FEATURES = {"admin1", "admin2", "region"}
# Gazetteer features too coarse to stand in for an event's place except as a last resort.
_REGION_FEATURES = {"country", "admin1", "continent", "region"}


def _governs_bare_place_noun(trigger: Token, cues: LocationCues) -> bool:
    """True for "the town fell", "stormed the city": a definite place noun with no name."""
    slots = [c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    slots += [g for c in trigger.children if c.dep_ == "prep" for g in c.children]
    return any(
        tok.lemma_.lower() in cues.place_nouns
        and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        and not any(c.pos_ == "PROPN" for c in tok.subtree if c != tok)
        for tok in slots
    )


def load_language() -> Language:
    """The pipeline's spaCy model, loaded once."""
    return load_nlp()


def locate_event(text: str, trigger_span: tuple[int, int]) -> tuple[int, int] | None:
    """Return the character span of the place where the event at `trigger_span` happened.

    Parses `text` with spaCy, takes place candidates from the gazetteer's toponyms when the
    places stage is installed and from spaCy entities and proper nouns, and keeps the best
    one; None when the text does not say where.
    """
    sdoc = load_language()(text)
    spans = locate_in_parse(sdoc, trigger_span, text_candidates(sdoc))
    return spans[0] if spans else None
