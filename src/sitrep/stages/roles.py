"""Roles of an event report from the dependency parse: actor1 (the doer), actor2 (the target).

A trigger's grammatical slots (subject, object, passive agent, prepositional objects, the
possessor of a noun trigger, the subject of the verb that governs it or of a relative clause
that has it as object) are mapped to roles by the lexicon entry's `roles` table over
per-part-of-speech defaults; each slot's noun phrase is then searched for an actor mention:
the head itself, then its modifiers ("Islamic State militants"), then its "of"/"from"
complements ("fighters of the group"), never clauses hanging on it ("X, backed by Y": Y
helps, it is not the doer).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from sitrep.model import ActorMention
from sitrep.stages.cue_lists import word_lists

_CUE_KEYS = (
    "handover_lemmas",
    "undergoing_lemmas",
    "holding_lemmas",
    "outsider_lemmas",
    "blame_lemmas",
)


class RoleCueError(ValueError):
    """The role cue file is malformed (the message names the file and the key)."""


@lru_cache(maxsize=1)
def load_role_cues() -> dict[str, frozenset[str]]:
    """Load the word lists of data/roles.yaml (handover, undergoing, holding, outsider and
    blame lemmas)."""
    raw = yaml.safe_load(resources.files("sitrep.data").joinpath("roles.yaml").read_text("utf-8"))
    return word_lists(raw or {}, _CUE_KEYS, "roles.yaml", RoleCueError)


# Slot -> role when the lexicon entry says nothing, per part of speech of the trigger.
VERB_ROLES: dict[str, str] = {
    "subj": "actor1",
    "agent": "actor1",
    "by": "actor1",  # "shelling by the army", a gerund the parser read as a verb
    "between": "actor1",  # "fighting between the two groups", a gerund again
    "obj": "actor2",
    "subjpass": "actor2",
    "against": "actor2",
    "with": "actor2",
    "on": "actor2",
    "to": "none",
    "handover": "none",  # a withdrawal's entries map it to actor2
}
NOUN_ROLES: dict[str, str] = {
    "poss": "actor1",
    "mod": "actor1",
    "governor_subj": "actor1",
    "relcl_subj": "actor1",
    "by": "actor1",
    "of": "actor1",
    "between": "actor1",
    "from": "actor1",  # "shelling from government forces"
    "on": "actor2",
    "against": "actor2",
    "with": "actor2",
    "under_subj": "actor2",
}
# Dependency relations inside a noun phrase through which its actor may be named.
_CORE_DEPS = {"compound", "amod", "poss", "nmod", "nn", "det", "nummod", "quantmod", "appos"}
# Prepositions that attach the actor a generic head stands for ("fighters of the group").
_MEMBER_PREPS = {"of", "from"}


def trigger_slots(trigger: Token) -> Iterator[tuple[str, Token]]:
    """Yield (slot, head token) for every argument slot of a trigger word."""
    if trigger.pos_ in {"NOUN", "PROPN"}:
        yield from _noun_slots(trigger)
    else:
        yield from _verb_slots(trigger)


def _verb_slots(verb: Token) -> Iterator[tuple[str, Token]]:
    has_subject = False
    for child in verb.children:
        if child.dep_ in {"nsubj", "csubj"}:
            has_subject = True
            # "the forces that captured X": the relative pronoun stands for the noun.
            if child.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
                yield "subj", verb.head
            else:
                yield "subj", child
        elif child.dep_ == "nsubjpass":
            has_subject = True
            yield "subjpass", child
        elif child.dep_ == "dobj":
            yield "obj", child
        elif child.dep_ == "agent":
            yield from (("agent", g) for g in child.children if g.dep_ == "pobj")
        elif child.dep_ in {"prep", "dative"}:
            yield from _prep_slots(child)
        elif child.dep_ == "conj" and child.lemma_.lower() in load_role_cues()["handover_lemmas"]:
            for to in (g for g in child.children if g.dep_ in {"prep", "dative"}):
                if to.lower_ == "to":
                    yield from (("handover", g) for g in to.children if g.dep_ == "pobj")
    if not has_subject and verb.dep_ == "relcl" and verb.tag_ == "VB":
        # "the last units to withdraw", "for its forces to retreat": the noun is the subject.
        has_subject = True
        yield "subj", verb.head
    if not has_subject:
        subject = _inherited_subject(verb)
        if subject is not None:
            yield "subj", subject


def identity_clause(verb: Token) -> Token | None:
    """ "Gunmen suspected to be bandits kidnapped 25 worshippers": the participle the parser
    took for the main verb, with the event verb as its clause; returns that participle when
    `verb` hangs on one whose "to be" complement says who its subject is."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.tag_ not in {"VBN", "VBD"} or head.i > verb.i:
        return None
    says_who = any(
        c.dep_ == "xcomp"
        and c.lemma_ == "be"
        and any(g.dep_ in {"attr", "acomp"} for g in c.children)
        for c in head.children
    )
    return head if says_who and any(c.dep_ == "nsubj" for c in head.children) else None


def _blames(verb: Token) -> bool:
    return verb.lemma_.lower() in load_role_cues()["blame_lemmas"]


def blamed(tok: Token) -> bool:
    """Whether a token names who an event is laid on: the object of "blamed Russia for the
    strike", the "on" of "the attack was blamed on Kyiv" (an actor, acting)."""
    if tok.dep_ == "dobj":
        return _blames(tok.head)
    return tok.dep_ == "pobj" and tok.head.lower_ == "on" and _blames(tok.head.head)


def blamed_party(trigger: Token) -> Token | None:
    """Who an event is laid on (blame_lemmas): the object of "blamed X for E" or "accused X of
    E(-ing)", or the "on" of "E was blamed on X"; None when the trigger is not so blamed."""
    head = trigger.head
    if trigger.dep_ in {"pobj", "pcomp"} and head.lower_ in {"for", "of"}:
        verb = head.head
        if _blames(verb):
            return next((c for c in verb.children if blamed(c)), None)
        if blamed(verb):
            return verb  # "accused [the rebels of shelling]", as the parser groups it
    if trigger.dep_ == "nsubjpass" and _blames(head):
        on = [g for c in head.children if c.dep_ == "prep" for g in c.children if blamed(g)]
        return on[0] if on else None
    return None


def under_attack(noun: Token) -> bool:
    """True for an event noun after "came under" or "was under" ("the base came under attack",
    "the convoy came under fire"): the subject is what it struck."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "under"
        and prep.head.lemma_.lower() in load_role_cues()["undergoing_lemmas"]
    )


def _inherited_subject(verb: Token) -> Token | None:
    """The subject a verb shares with the verb it hangs on.

    "captured and held" (conj), "went on to capture" (xcomp), "seized X after capturing Y"
    (pcomp under a preposition), "fighting to retake" (advcl).
    """
    identity = identity_clause(verb)
    if identity is not None:
        return next(c for c in identity.children if c.dep_ == "nsubj")
    head = verb
    for _ in range(4):
        if head.dep_ not in {"conj", "xcomp", "advcl", "pcomp"} or head.head == head:
            return None
        head = head.head
        if head.pos_ == "ADP" and head.head != head:
            head = head.head
        for child in head.children:
            if child.dep_ == "nsubj":
                return child
    return None


def _prep_slots(prep: Token) -> Iterator[tuple[str, Token]]:
    """A preposition's objects as slots named by it; the second side of a "between" pair is
    slot "between2"."""
    for pobj in (g for g in prep.children if g.dep_ == "pobj"):
        yield prep.lower_, pobj
        if prep.lower_ == "between":
            yield from (("between2", other) for other in pobj.conjuncts)


def _noun_slots(noun: Token) -> Iterator[tuple[str, Token]]:
    for child in noun.children:
        if child.dep_ == "poss":
            yield "poss", child
        elif child.dep_ in {"compound", "amod", "nmod"}:
            yield "mod", child
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            # "a landmine left by Russian troops", "rockets fired by the rebels"
            yield from (("by", g) for g in passive_agents(child))
        elif child.dep_ == "prep":
            yield from _prep_slots(child)
        elif child.dep_ == "relcl":
            yield from _object_relative_slots(child)
    governor = noun.head
    # "state media has not reported the attack": who withholds a report did not do the deed.
    withheld = any(c.dep_ == "neg" for c in governor.children)
    if noun.dep_ in {"dobj", "attr"} and governor.pos_ in {"VERB", "AUX"} and not withheld:
        for child in governor.children:
            if child.dep_ == "nsubj":
                yield "governor_subj", child
            elif child.dep_ == "prep" and child.lower_ in {"on", "against"}:
                # "opened fire on worshippers": the parser hangs the target on the verb
                yield from ((child.lower_, g) for g in child.children if g.dep_ == "pobj")
        yield from (("by", g) for g in stray_agents(noun))
    if noun.dep_ == "nsubjpass":
        yield from (("by", g) for g in passive_agents(governor))
    if under_attack(noun):
        # "the base came under attack from militants": the subject was struck
        yield from (("under_subj", c) for c in governor.head.children if c.dep_ == "nsubj")
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and governor.head.pos_ == "VERB":
        # "soldiers were killed in an ambush by X" is rare; "X killed Y in an ambush" is not.
        for child in governor.head.children:
            if child.dep_ == "nsubj":
                yield "governor_subj", child


def stray_agents(noun: Token) -> list[Token]:
    """The "by" agents of an object noun that the parser hung on its active verb ("hailed
    strikes by six bombers"): an active verb has no "by" agent, so the noun's own it is."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB":
        return []
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return []
    return [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "by" and c.i > noun.i
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"}
    ]


def _object_relative_slots(verb: Token) -> Iterator[tuple[str, Token]]:
    """Slots of a relative clause whose verb has the event noun as its object ("the siege
    that IS imposed on the districts", "the offensive the army launched"): its subject did
    the event (so does the agent of "the siege that was imposed by IS"), its "on"/"against"
    phrase names the target. A clause whose subject is the relative pronoun ("the siege that
    trapped civilians") says what the event did instead."""
    before = [c for c in verb.children if c.i < verb.i]
    if any(c.dep_ == "nsubj" and c.tag_ in {"WDT", "WP"} for c in before):
        return
    for child in before:
        # "that IS imposed": the parser may take an acronym actor for an auxiliary.
        if child.dep_ == "nsubj" or (child.dep_ in {"aux", "auxpass"} and child.text.isupper()):
            yield "relcl_subj", child
    for child in verb.children:
        if child.dep_ == "agent":
            yield from (("relcl_subj", g) for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ in {"on", "against"}:
            yield from ((child.lower_, g) for g in child.children if g.dep_ == "pobj")


def phrase_mention(head: Token, by_token: Mapping[int, ActorMention]) -> ActorMention | None:
    """The resolved actor mention that a noun phrase headed by `head` names, if any."""
    own = by_token.get(head.i)
    if own is not None and own.actor_id:
        # "jihadists from the JNIM group": a generic head yields to the group it is from.
        if own.how in {"generic", "reference"} and own.start <= head.idx < own.end:
            named = _member_of(head, by_token)
            if named is not None and named.how not in {"generic", "reference"}:
                return named
        return own
    for child in head.children:
        if child.dep_ in _CORE_DEPS or child.dep_ == "conj":
            for tok in child.subtree:
                mention = by_token.get(tok.i)
                if mention is not None and mention.actor_id:
                    return mention
    return _member_of(head, by_token) or _holder(head, by_token) or own


def _holder(head: Token, by_token: Mapping[int, ActorMention]) -> ActorMention | None:
    """The side that holds the ground a phrase names ("villages held by the SDF")."""
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_.lower() in load_role_cues()["holding_lemmas"]:
            for agent in passive_agents(child):
                mention = by_token.get(agent.i)
                if mention is not None and mention.actor_id:
                    return mention
    return None


def _member_of(head: Token, by_token: Mapping[int, ActorMention]) -> ActorMention | None:
    """The actor named in a phrase's "of" or "from" complement ("fighters from the group"),
    unless the phrase names people outside that side ("the victims of the RSF")."""
    if head.lemma_.lower() in load_role_cues()["outsider_lemmas"]:
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _MEMBER_PREPS:
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                found = phrase_mention(pobj, by_token)
                if found is not None:
                    return found
    return None


def assign_roles(
    trigger: Token,
    overrides: Mapping[str, str],
    by_token: Mapping[int, ActorMention],
    impact_verbs: frozenset[str] = frozenset(),
    repel_verbs: frozenset[str] = frozenset(),
) -> tuple[ActorMention | None, ActorMention | None]:
    """Return the mentions of actor1 and actor2 of the event `trigger` names; the object of
    one of `impact_verbs` whose subject is the (noun) trigger is its actor2, and the subject
    or agent of one of `repel_verbs` over it ("the army repelled the assault") too."""
    defaults = NOUN_ROLES if trigger.pos_ in {"NOUN", "PROPN"} else VERB_ROLES
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    own = by_token.get(trigger.i)
    if own is not None and own.actor_id and defaults is NOUN_ROLES:
        actor1 = own  # "Russian airstrikes": the mention covers the trigger
    defenders = repellers(trigger, repel_verbs) if defaults is NOUN_ROLES else set()
    for slot, head in trigger_slots(trigger):
        role = overrides.get(slot, defaults.get(slot, "none"))
        if slot == "between2" or head in defenders:
            role = "actor2"
        if role == "none":
            continue
        mention = phrase_mention(head, by_token)
        if mention is None or not mention.actor_id:
            continue
        if role == "actor1" and actor1 is None:
            actor1 = mention
        elif role == "actor2" and actor2 is None:
            actor2 = mention
    blamed = blamed_party(trigger)
    if blamed is not None:
        # "Kyiv blamed Russia for the strike": Russia did it (by Kyiv's account), not Kyiv
        mention = phrase_mention(blamed, by_token)
        if mention is not None and mention.actor_id:
            actor1 = mention
            if actor2 is not None and actor2.actor_id == mention.actor_id:
                actor2 = None
        return actor1, actor2
    if actor1 is None and defaults is NOUN_ROLES and not defenders and not under_attack(trigger):
        actor1 = _nearest_clause_subject(trigger, by_token)
    if actor1 is None and defaults is VERB_ROLES and overrides.get("subj", "actor1") == "actor1":
        actor1 = _subject_agent(trigger, by_token)
    verb = trigger.head
    if (
        actor2 is None
        and defaults is NOUN_ROLES
        and trigger.dep_ == "nsubj"
        and verb.lemma_.lower() in impact_verbs
    ):
        # "a roadside bomb struck an army vehicle": what the event's verb hits is its target.
        # "rammed a car bomb into a military convoy": what it was driven into.
        hits = [c for c in verb.children if c.dep_ == "dobj"] + [
            g
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "into"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        targets = [phrase_mention(hit, by_token) for hit in hits]
        actor2 = next((t for t in targets if t is not None and t.actor_id), None)
    if actor1 is not None and actor2 is not None and actor1.actor_id == actor2.actor_id:
        actor2 = None
    return actor1, actor2


def passive_agents(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase ("launched by Russia": Russia)."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def is_passive_agent(tok: Token) -> bool:
    """True for the object of a passive verb's "by" phrase ("shelled by Russia")."""
    return tok.dep_ == "pobj" and tok.head.dep_ == "agent"


def repellers(noun: Token, repel_verbs: frozenset[str]) -> set[Token]:
    """The subjects and agents of a verb of repelling whose object (or passive subject) is
    the noun trigger: the side that was attacked."""
    verb = noun.head
    if noun.dep_ not in {"dobj", "nsubjpass"} or verb.pos_ != "VERB":
        return set()
    lemma = verb.lemma_.lower()
    # The parser reads the particle of "beat back an assault" as a particle or an adverb.
    particles = [c.lower_ for c in verb.children if c.dep_ in {"prt", "advmod"}]
    if lemma not in repel_verbs and not any(f"{lemma} {p}" in repel_verbs for p in particles):
        return set()
    return {c for c in verb.children if c.dep_ == "nsubj"} | set(passive_agents(verb))


def _subject_agent(verb: Token, by_token: Mapping[int, ActorMention]) -> ActorMention | None:
    """The "by" agent of a verb's subject noun: "a drone strike by the army hit the post" was
    the army's, and so were "drones launched by the army" and "dozens of drones sent by it"."""
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        nouns = [subject] + [
            g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
        ]
        for noun in nouns:
            agents = [
                g
                for c in noun.children
                if c.dep_ == "prep" and c.lower_ == "by"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            agents += [
                g
                for c in noun.children
                if c.dep_ == "acl" and c.tag_ == "VBN"
                for g in passive_agents(c)
            ]
            for agent in agents:
                mention = phrase_mention(agent, by_token)
                if mention is not None and mention.actor_id:
                    return mention
    return None


def _nearest_clause_subject(
    noun: Token, by_token: Mapping[int, ActorMention]
) -> ActorMention | None:
    """The subject of the verb a noun trigger hangs under ("X announced the start of an
    offensive"), climbing through objects, prepositional phrases and coordinated nouns only."""
    tok = noun
    for _ in range(5):
        if tok.dep_ not in {"dobj", "pobj", "prep", "compound", "attr", "conj"} or tok.head == tok:
            return None
        if tok.dep_ == "conj" and tok.head.pos_ not in {"NOUN", "PROPN"}:
            return None  # "launched drones and missiles" climbs; a noun on a verb's conj not
        tok = tok.head
        if tok.pos_ in {"VERB", "AUX"}:
            if any(c.dep_ == "neg" for c in tok.children):
                return None  # "state media has not reported the attack"
            subject = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is None:
                # "fighters entered the district wearing suicide vests": the shared subject.
                subject = _inherited_subject(tok)
            return phrase_mention(subject, by_token) if subject is not None else None
    return None


def mentions_by_token(mentions: list[ActorMention], sdoc: Doc) -> dict[int, ActorMention]:
    """Index actor mentions by the indices of the tokens they cover."""
    out: dict[int, ActorMention] = {}
    for mention in mentions:
        span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            out.setdefault(tok.i, mention)
    return out
