"""Scoring of place candidates as the place of an event, from the dependency parse.

Each candidate is scored by how it hangs on the event word: the preposition that introduces it
("in", "near" for; "from", "by" against), its relation ("overran the town": direct object), the
tree distance and the clause boundaries on the way, and penalties for places that only
describe an actor ("Iraqi forces", "fighters from Raqqa"), an owner ("a U.S. patrol") or another
place ("Hasaka, capital of Hasaka province"). The cue words are data: data/location_cues.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.stages.language import doc_text
from sitrep.stages.location_candidates import LocationCues, PlaceCandidate, is_seat, sentence_of

# Entity labels of people and groups: "X of Y", "X in Y" on them do not locate a place.
_PERSON_LABELS = {"PERSON", "ORG", "NORP"}
# Penalty for a place attached to a clause beside the trigger's rather than above or below it.
SIBLING_PENALTY = 0.7
# Penalty for a place that only contains another named place ("X in Y": the event is in X).
CONTAINER_PENALTY = 1.0
# Penalty for a named building whose town is named too: the report's place is the town.
FACILITY_PENALTY = 0.5
# Coarseness of a whole country, and the penalty for one that only modifies a thing.
COUNTRY_LEVEL = 3
OWNER_PENALTY = 2.0
# Prior of a name that a place noun frames ("the town of X"), as good as a gazetteer entry.
FRAMED_PRIOR = 1.0
# Penalty per clause boundary between a place's attachment and the event word.
CLAUSE_PENALTY = 1.0
# Relations of an object, and their weight when the object is another verb's.
OBJECT_RELATIONS = {"dobj", "nsubjpass"}
OTHER_OBJECT_WEIGHT = 1.0
# Further penalty for a place inside a clause the trigger reports ("said that ... in X").
COMPLEMENT_PENALTY = 3.5
# Penalty for X in "the Y district of X": Y more often names the district.
SUBDIVISION_OF_PENALTY = 0.2


@dataclass(frozen=True, slots=True)
class RankedPlace:
    """A candidate span with the parse's score for it as the event's place."""

    score: float
    span: Span
    coarseness: int
    prior: float = 0.0  # the candidate's prior, raised for a name a place noun frames
    framed: bool = False  # "the town of X", "the X district", "Hill 30"
    evidence: float = 0.0  # the candidate's own prior, before a frame raised it


def rank_candidates(
    sdoc: Doc,
    trigger_span: tuple[int, int],
    candidates: Sequence[PlaceCandidate],
    cues: LocationCues,
) -> list[RankedPlace]:
    """Score each candidate of the trigger's sentence as the place of its event."""
    trigger = _trigger_token(sdoc, trigger_span)
    if trigger is None:
        return []
    scored: list[RankedPlace] = []
    sentence = sentence_of(trigger)
    for cand in candidates:
        if cand.start < sentence.start_char or cand.end > sentence.end_char:
            continue
        span = sdoc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None or span.start < sentence.start or span.end > sentence.end:
            continue
        if is_seat(doc_text(sdoc), cand.end, cues):
            continue  # "the Britain-based monitor"
        # "the island of X", "the X district", "Hill 30", "Jabal Zawiya": the frame or the
        # name itself says X is a place (even when the tagger read a date into it).
        framed = _named_by_place_noun(span.root, cues) or _has_place_word(span, cues)
        # A gazetteer place the places stage resolved from a description ("the airport")
        # is no capitalised name, but the place noun frames it.
        resolved_description = cand.prior >= 1.0 and span.root.lemma_.lower() in cues.place_nouns
        if span.start <= trigger.i < span.end or not (
            _could_be_name(span, cues, framed=framed) or resolved_description
        ):
            continue
        # "the Islamic State of Iraq": a place inside an organisation's or a person's name;
        # "President Obama", "the Rapid Action Battalion": a titled person, a body.
        if _inside_group_name(span, cues) or _titled_or_body(span, cues):
            continue
        prior = max(cand.prior, FRAMED_PRIOR) if framed else cand.prior
        # "Bell was shot": a passive subject the tagger reads as a person or a group is the
        # one the event befell, even when a gazetteer knows a town of that name (a country
        # or a province is no one's name).
        if not framed and cand.coarseness < 2 and _passive_person(span, trigger, cues):
            prior = min(prior, 0.0)
        # A name nothing marks as a place must at least stand where places stand ("in X").
        if prior <= 0 and not _locative(span.root, cues, trigger):
            continue
        score = score_candidate(trigger, span, cues) + prior
        # A country naming a thing ("a U.S. patrol", "Syria's war") says whose it is, not
        # where it was; a city or district naming one mostly says where ("a Lyon cafe").
        if (
            cand.coarseness >= COUNTRY_LEVEL
            and span.root.dep_ in {"compound", "poss", "nmod", "amod"}
            and span.root.head.lemma_.lower() not in cues.place_nouns
        ):
            score -= OWNER_PENALTY
        if _located_facility(span, cues):
            score -= FACILITY_PENALTY
        # A bare subject or object names a place only if something says it is one.
        if prior <= 0 and place_anchor(span.root, cues, trigger)[0].dep_ in {"dobj", "nsubjpass"}:
            score -= 1.5
        scored.append(RankedPlace(score, span, cand.coarseness, prior, framed, cand.prior))
    return scored


def score_candidate(trigger: Token, span: Span, cues: LocationCues) -> float:
    """How strongly the parse says that `span` is where the event of `trigger` happened."""
    anchor, detour = place_anchor(span.root, cues, trigger)
    score = -detour
    # 1. How the place phrase attaches: a preposition's weight, or its relation to its head.
    if anchor.dep_ == "pobj" and anchor.head.dep_ in {"prep", "agent", "dative"}:
        prep = anchor.head
        head = prep.head
        weight = cues.prepositions.get(prep.lower_, 0.0)
        if prep.lower_ == "of" and head != trigger and head.lemma_.lower() not in cues.place_nouns:
            # "Tom Hurndall of Britain": where a person is from; "the roof of X": X's thing.
            weight = -2.0 if head.pos_ == "PROPN" else -1.0
        score += weight
        # "attack on X", "the fall of X": the preposition hangs on the event noun itself.
        if head.dep_ == "prep" and head.head == trigger:
            head = head.head
    else:
        weight = cues.relations.get(anchor.dep_, 0.0)
        head = anchor.head
        # "by defeating Italy", "to free Kuwait": the object of another verb is that
        # event's object, not where the trigger's event happened.
        if head != trigger and head.pos_ in {"VERB", "AUX"} and anchor.dep_ in OBJECT_RELATIONS:
            weight = min(weight, OTHER_OBJECT_WEIGHT)
        score += weight
    # 2. A place modifying an actor noun describes the actor ("Raqqa fighters", "Syria's army").
    if anchor.dep_ in {"compound", "amod", "poss", "nmod"} and head.lemma_.lower() in (
        cues.actor_nouns
    ):
        score -= 3.0
    # 3. A place introduced on an actor noun ("militants from Raqqa") likewise.
    if (
        anchor.dep_ == "pobj"
        and head.pos_ in {"NOUN", "PROPN"}
        and head != trigger
        and (head.lower_ in cues.actor_nouns or head.lemma_.lower() in cues.actor_nouns)
    ):
        score -= 2.0
    # "launched an assault on X", "killed in an airstrike on X": the event noun that is the
    # trigger's object or setting carries the trigger's own place; "a car bomb exploded in
    # X": the predicate of a subject event noun carries it too.
    if _event_argument(head, trigger, cues) or own_predicate(head, trigger):
        head = trigger
    # 4. Tree distance from the attachment point to the event word, and the clause
    # boundaries on the way: a place of the clause that governs the trigger ("launched an
    # offensive in X, targeting Y") or of a clause it governs ("said ... was shot in X") is the
    # setting of another event.
    score -= 0.6 * _tree_distance(head, trigger)
    score -= CLAUSE_PENALTY * _clause_edges(head, trigger, cues)
    # "the army said rebels were killed in X": a place inside what the trigger reports or
    # states is the place of the reported event.
    if _in_complement(head, trigger):
        score -= COMPLEMENT_PENALTY
    # 5. A place in a sibling clause ("the minister, speaking in London, said ...") is the
    # setting of another event: neither under the trigger nor on its chain of heads.
    if not _related(head, trigger):
        score -= SIBLING_PENALTY
    # 6. Ties go to the place nearer the event word in the text.
    score -= 0.02 * abs(span.root.i - trigger.i)
    # 7. The doer of the event is an actor, not its place.
    if anchor.head == trigger and anchor.dep_ == "nsubj" and trigger.pos_ == "VERB":
        score -= 1.0
    return score


def place_anchor(
    token: Token, cues: LocationCues, trigger: Token | None = None
) -> tuple[Token, float]:
    """Climb from a place name to the token that attaches the place phrase to its clause.

    Returns that token and a penalty for detours: appositions describe another place, and
    nested locatives ("a cafe in the centre of X") attach a little less directly. The climb
    stops at a phrase on the trigger itself ("the capture of X and Y").
    """
    penalty = 0.0
    for _ in range(10):
        head = token.head
        if head == token or (token.dep_ == "pobj" and trigger is not None and head.head == trigger):
            break
        if token.dep_ in {"compound", "flat", "nn"} and head.pos_ == "PROPN":
            token = head
        elif (
            token.dep_ in {"compound", "nmod", "amod"}
            and head.lemma_.lower() in cues.place_nouns
            and (not _has_named_of(head) or head.lemma_.lower() in cues.subdivision_nouns)
        ):
            token = head  # "the Reshimbagh residence", "Idlib province", "the X area of Y"
        elif (
            token.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.lemma_.lower() in cues.place_nouns
        ):
            # "the town of X" is X. In "the Y area of X" either may be the part: "the Qusour
            # area of Deir Hafer", "the Baghdad district of Karrada"; both attach as the area
            # does, the name before the noun a little more, and the finer place wins.
            if _has_name_modifier(head.head) and head.head.lemma_.lower() in cues.subdivision_nouns:
                # "the Y district of X province": X's own place noun makes it the whole.
                whole = token.lemma_.lower() in cues.place_nouns
                penalty += CONTAINER_PENALTY if whole else SUBDIVISION_OF_PENALTY
            token = head.head
        elif (
            token.dep_ in {"compound", "poss", "nmod"}
            and head.pos_ == "NOUN"
            and head.dep_ in {"pobj", "dobj", "nsubjpass"}
            and head.lemma_.lower() not in cues.actor_nouns
            and head.lower_ not in cues.actor_nouns
        ):
            penalty += 0.5  # "in a Tel Aviv restaurant", "Egypt's streets": X locates the thing
            token = head
        elif (
            token.dep_ in {"appos", "compound", "npadvmod"}
            and head.pos_ == "NOUN"
            and head.lemma_.lower() in cues.place_nouns
            and not _has_named_of(head)
        ):
            # "in the capital, Warsaw", "a Brooklyn neighbourhood, Canarsie", "the East Timor
            # capital Dili": the name of the place noun.
            token = head
        elif token.dep_ == "appos":
            penalty += 1.5  # "Hasaka, capital of ..." describes another place
            token = head
        elif token.dep_ == "conj" and head.pos_ in {"PROPN", "NOUN"}:
            token = head  # "in X and Y": Y attaches as X does
        elif (
            token.dep_ == "pobj"
            and (
                cues.prepositions.get(head.lower_, 0.0) >= 1.0
                # "the entrance to X", "the road to X": a way into a place, not a destination
                or (head.lower_ == "to" and head.head.lemma_.lower() in cues.place_nouns)
            )
            and head.head.pos_ == "NOUN"
            and head.head.dep_ in {"pobj", "dobj", "nsubjpass"}
            and head.head.lemma_.lower() not in cues.actor_nouns
            and head.head.lower_ not in cues.actor_nouns
            # "killed by snipers in the village of X": a place phrase after the doer or the
            # instrument belongs to the clause (the parser hangs it on the noun).
            and not (head.lower_ != "of" and _after_agent(head.head, cues))
        ):
            penalty += 0.4  # "a cafe in the centre of X": X is where the cafe is
            token = head.head
        elif (
            token.dep_ == "pobj"
            and cues.prepositions.get(head.lower_, 0.0) >= 1.0
            and head.head.pos_ == "PROPN"
            and head.head.dep_ in {"pobj", "dobj", "nsubjpass"}
            and (head.head.ent_type_ not in _PERSON_LABELS or _is_facility(head.head, cues))
            and head.lower_ != "of"
        ):
            # "Irbil in northern Iraq": Y only says where the named place X lies. But "the
            # Grand Theatre in Y" names a building of the town Y, and reports give the town.
            penalty += 0.0 if _is_facility(head.head, cues) else CONTAINER_PENALTY
            token = head.head
        else:
            break
    return token, penalty


def _after_agent(noun: Token, cues: LocationCues) -> bool:
    """True for a noun introduced by a preposition of the doer or the means ("by", "with")."""
    return noun.dep_ == "pobj" and cues.prepositions.get(noun.head.lower_, 0.0) < 0


def _is_facility(token: Token, cues: LocationCues) -> bool:
    """True for the head word of a building's or institution's name ("the Grand Theatre")."""
    return token.lower_ in cues.facility_words


def _located_facility(span: Span, cues: LocationCues) -> bool:
    """True for a named building placed in a named town ("the Grand Theatre in Lyon",
    "protested outside the Grand Theatre in Lyon" with both phrases on the verb)."""
    root = span.root
    if not _is_facility(root, cues):
        return False
    preps = [c for c in root.children if c.dep_ == "prep"]
    if root.dep_ == "pobj" and root.head.dep_ == "prep":
        preps += [c for c in root.head.head.children if c.dep_ == "prep" and c != root.head]
    return any(
        cues.prepositions.get(prep.lower_, 0.0) >= 1.0
        and prep.lower_ != "of"
        and any(g.pos_ == "PROPN" and g.ent_type_ not in {"DATE", "TIME"} for g in prep.children)
        for prep in preps
    )


def _titled_or_body(span: Span, cues: LocationCues) -> bool:
    """True for a name after a person's title ("President Obama", "Gen. Haftar") or ending
    in a word for an organisation or an occasion ("Rapid Action Battalion", "the X Cup")."""
    doc = span.doc
    words = [t.lower_.rstrip(".") for t in span]
    before = doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
    return (
        words[0] in cues.person_titles
        or before in cues.person_titles
        or words[-1] in cues.body_words
    )


def _passive_person(span: Span, trigger: Token, cues: LocationCues) -> bool:
    """True for the trigger's passive subject when spaCy labels it a person or a group (not
    its possessor: "Harare's streets were patrolled", nor the place in its phrase: "a market
    in Goma was shelled")."""
    anchor = place_anchor(span.root, cues)[0]
    return (
        span.root.dep_ not in {"poss", "pobj"}
        and anchor.dep_ == "nsubjpass"
        and anchor.head == trigger
        and span.root.ent_type_ in {"PERSON", "ORG"}
    )


def _inside_group_name(span: Span, cues: LocationCues) -> bool:
    """True when spaCy reads a longer organisation or person name around the span."""
    ents = {t.ent_type_ for t in span}
    if len(ents) != 1 or not ents & _PERSON_LABELS - {"NORP"}:
        return False
    doc = span.doc
    before = span.start > 0 and doc[span.start - 1].ent_iob_ == "I" and span[0].ent_iob_ == "I"
    after = (
        span.end < len(doc)
        and doc[span.end].ent_iob_ == "I"
        and doc[span.end].ent_type_ == span[0].ent_type_
        # "the Shar-e Naw district" read as one name is still a place.
        and not (doc[span.end].is_lower and doc[span.end].lemma_ in cues.place_nouns)
    )
    return bool(before or after)


def _could_be_name(span: Span, cues: LocationCues, *, framed: bool = False) -> bool:
    """Place names are capitalised and are not dates ("in March")."""
    return any(t.text[:1].isupper() and t.lower_ not in cues.not_names for t in span) and (
        framed or not all(t.ent_type_ in {"DATE", "TIME"} for t in span)
    )


def _locative(token: Token, cues: LocationCues, trigger: Token | None = None) -> bool:
    """True when a name is the object of a preposition that introduces places ("in X")."""
    anchor = place_anchor(token, cues, trigger)[0]
    return anchor.dep_ == "pobj" and cues.prepositions.get(anchor.head.lower_, 0.0) > 0


def _named_by_place_noun(token: Token, cues: LocationCues) -> bool:
    """True for X in "the town of X" and "the X district": a place noun that X names."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head  # "the villages of X, Y and Z"
    head = token.head
    # "Buhriz, a suburb of Baqouba": an apposition that calls the name a place.
    if any(c.dep_ == "appos" and c.lemma_.lower() in cues.place_nouns for c in token.children):
        return True
    if token.dep_ in {"compound", "nmod", "amod", "appos"}:
        return head.lemma_.lower() in cues.place_nouns
    return (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in cues.place_nouns
    )


def _has_place_word(span: Span, cues: LocationCues) -> bool:
    """True for a name built on a capitalised geographic word ("Hill 30", "Wadi Barada")."""
    return any(
        t.text[:1].isupper() and t.lower_.replace("’", "'") in cues.name_place_words for t in span
    ) or any(
        part.lower() in cues.name_place_words
        for t in span
        if "-" in t.text
        for part in t.text.split("-")[:1]
    )


def _has_named_of(noun: Token) -> bool:
    """True for "the town of X": the place noun is named by an of-phrase."""
    return any(
        child.dep_ == "prep"
        and child.lower_ == "of"
        and any(g.pos_ == "PROPN" for g in child.children)
        for child in noun.children
    )


def _has_name_modifier(noun: Token) -> bool:
    """True for "the West Ghouta region": the place noun already carries its name."""
    return any(
        child.dep_ in {"compound", "nmod", "amod"} and child.pos_ == "PROPN"
        for child in noun.children
    )


def _related(a: Token, b: Token) -> bool:
    """True when one token dominates the other in the parse."""
    return a == b or a.is_ancestor(b) or b.is_ancestor(a)


def _event_argument(head: Token, trigger: Token, cues: LocationCues) -> bool:
    """True for an event noun that is the trigger's object or setting ("launched an attack",
    "killed in clashes"), or coordinated with one."""
    if head.lemma_.lower() not in cues.event_nouns:
        return False
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    if head.head == trigger and head.dep_ in {"dobj", "nsubjpass", "nsubj"}:
        return True
    prep = head.head
    return bool(
        head.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.head == trigger
        and prep.lower_ in {"in", "during", "amid", "with", "by", "after", "following"}
    )


def own_predicate(head: Token, trigger: Token) -> bool:
    """True when `head` is the verb whose subject the (noun) trigger is ("a car bomb
    exploded", "the offensive began"): where that happened is where the event did."""
    return (
        trigger.pos_ in {"NOUN", "PROPN"}
        and trigger.dep_ in {"nsubj", "nsubjpass"}
        and head == trigger.head
        and head.pos_ in {"VERB", "AUX"}
    )


def _in_complement(token: Token, trigger: Token) -> bool:
    """True when `token` lies inside a clausal complement of `trigger` ("said [that ...]")."""
    while token != trigger and token.head != token:
        if token.dep_ in {"ccomp", "csubj"} and token.head == trigger:
            return True
        token = token.head
    return False


def _clause_edges(a: Token, b: Token, cues: LocationCues) -> int:
    """Number of clause boundaries (relative, adverbial, complement clauses) between two
    tokens of one sentence."""
    if a == b:
        return 0
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    common = next((t for t in up_a if t in up_b), None)
    edges = 0
    for chain in (up_a, up_b):
        for tok in chain:
            if tok == common:
                break
            edges += tok.dep_ in cues.clause_relations
    return edges


def _tree_distance(a: Token, b: Token) -> int:
    """Number of dependency edges between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    depth_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in depth_b:
            return n + depth_b[tok.i]
    return len(up_a) + len(up_b)


def _trigger_token(sdoc: Doc, trigger_span: tuple[int, int]) -> Token | None:
    span = sdoc.char_span(trigger_span[0], trigger_span[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root
