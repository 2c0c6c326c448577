"""Trigger lexicon (data/triggers.yaml): the words that name events, and how they are found.

Entries are matched on lemma and part of speech with the constraints an entry states (a
particle: "pulled back"; a preposition: "fell to"; an object: "broke the siege"; a subject
class: "fighters fled" vs "families fled"). Used by sitrep.stages.events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Span, Token

from sitrep.model import EVENT_TYPES
from sitrep.stages.event_location import sentence_of
from sitrep.stages.roles import load_role_cues, trigger_slots


class TriggerLexiconError(ValueError):
    """The trigger lexicon is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon entry: a word that names an event of `type` under its constraints."""

    lemma: str
    pos: str
    type: str
    phrase: tuple[str, ...] = ()
    not_phrase: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    particle: str | None = None
    not_particles: frozenset[str] = frozenset()
    prep: str | None = None
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    subject: str | None = None
    governors: frozenset[str] = frozenset()
    subject_of: frozenset[str] = frozenset()
    singular: bool = False
    place_preps: frozenset[str] = frozenset()
    roles: dict[str, str] = field(default_factory=dict)
    example: str = ""

    @property
    def doer_preps(self) -> frozenset[str]:
        """Prepositions naming the doer: "by", and those the entry's roles make actor1
        ("shelling from French forces")."""
        return frozenset({"by"}) | {slot for slot, role in self.roles.items() if role == "actor1"}


@dataclass(frozen=True, slots=True)
class TriggerLexicon:
    """The trigger entries indexed by lemma, and the noun classes their constraints use."""

    entries: tuple[TriggerEntry, ...]
    by_lemma: dict[str, tuple[TriggerEntry, ...]]
    noun_classes: dict[str, frozenset[str]]
    background_preps: frozenset[str] = frozenset()
    reference_patterns: tuple[re.Pattern[str], ...] = ()
    support_verbs: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    default_doers: dict[str, str] = field(default_factory=dict)
    habitual_participles: frozenset[str] = frozenset()
    attempt_verbs: frozenset[str] = frozenset()
    attempt_types: dict[str, str] = field(default_factory=dict)
    lost_to: frozenset[str] = frozenset()
    approach_verbs: frozenset[str] = frozenset()
    anaphoric_types: dict[str, frozenset[str]] = field(default_factory=dict)
    impact_verbs: frozenset[str] = frozenset()
    repel_verbs: frozenset[str] = frozenset()
    phase_nouns: frozenset[str] = frozenset()
    ground_bombings: frozenset[str] = frozenset()
    event_heads: frozenset[str] = frozenset()
    anaphoric_lemmas: dict[str, frozenset[str]] = field(default_factory=dict)
    phase_verbs: frozenset[str] = frozenset()
    origin_types: frozenset[str] = frozenset()
    destination_preps: frozenset[str] = frozenset()


@dataclass(slots=True)
class TriggerMatch:
    """A trigger word found in a sentence."""

    token: Token
    entry: TriggerEntry
    start: int  # character span, phrase included ("car bomb")
    end: int


@lru_cache(maxsize=1)
def load_trigger_lexicon() -> TriggerLexicon:
    """Load the trigger lexicon shipped in data/triggers.yaml."""
    text = resources.files("sitrep.data").joinpath("triggers.yaml").read_text(encoding="utf-8")
    return parse_trigger_lexicon(yaml.safe_load(text))


def parse_trigger_lexicon(raw: dict[str, Any]) -> TriggerLexicon:
    """Build a TriggerLexicon from the parsed YAML mapping."""
    entries: list[TriggerEntry] = []
    for n, item in enumerate(raw.get("triggers") or []):
        where = f"triggers[{n}] ({item.get('lemma')!r})"
        if item.get("type") not in EVENT_TYPES:
            raise TriggerLexiconError(f"{where}: unknown event type {item.get('type')!r}")
        if item.get("pos") not in {"VERB", "NOUN"}:
            raise TriggerLexiconError(f"{where}: pos must be VERB or NOUN")
        entries.append(
            TriggerEntry(
                lemma=str(item["lemma"]).lower(),
                pos=str(item["pos"]),
                type=str(item["type"]),
                phrase=tuple(str(w).lower() for w in item.get("phrase") or ()),
                not_phrase=frozenset(str(w).lower() for w in item.get("not_phrase") or ()),
                forms=frozenset(str(w).lower() for w in item.get("forms") or ()),
                particle=item.get("particle"),
                not_particles=frozenset(str(w).lower() for w in item.get("not_particles") or ()),
                prep=item.get("prep"),
                objects=frozenset(str(w).lower() for w in item.get("object") or ()),
                not_objects=frozenset(str(w).lower() for w in item.get("not_object") or ()),
                subject=item.get("subject"),
                governors=frozenset(str(w) for w in item.get("governor") or ()),
                subject_of=frozenset(str(w) for w in item.get("subject_of") or ()),
                singular=bool(item.get("singular", False)),
                place_preps=frozenset(str(w) for w in item.get("place_preps") or ()),
                roles={str(k): str(v) for k, v in (item.get("roles") or {}).items()},
                example=str(item.get("example", "")),
            )
        )
    for kinds in (raw.get("anaphoric_lemmas") or {}).values():
        unknown = {str(k) for k in kinds} - set(EVENT_TYPES)
        if unknown:
            raise TriggerLexiconError(f"anaphoric_lemmas: unknown event types {sorted(unknown)}")
    for key, kinds in (raw.get("anaphoric_types") or {}).items():
        unknown = {str(k) for k in [key, *kinds]} - set(EVENT_TYPES)
        if unknown:
            raise TriggerLexiconError(f"anaphoric_types: unknown event types {sorted(unknown)}")
    by_lemma: dict[str, list[TriggerEntry]] = {}
    for entry in entries:
        for key in {entry.lemma} | entry.forms:
            by_lemma.setdefault(key, []).append(entry)
    classes = {str(k): frozenset(str(w) for w in v) for k, v in raw["noun_classes"].items()}
    for entry in entries:
        if entry.subject and entry.subject not in classes and entry.subject != "unarmed":
            raise TriggerLexiconError(f"{entry.lemma}: unknown subject class {entry.subject!r}")

    def words(key: str, *, lower: bool = True) -> frozenset[str]:
        return frozenset(str(w).lower() if lower else str(w) for w in raw.get(key) or ())

    attempts = raw.get("attempts") or {}
    return TriggerLexicon(
        entries=tuple(entries),
        by_lemma={k: tuple(v) for k, v in by_lemma.items()},
        noun_classes=classes,
        background_preps=words("background_preps", lower=False),
        reference_patterns=tuple(re.compile(str(p)) for p in raw.get("reference_patterns") or ()),
        support_verbs=words("support_verbs", lower=False),
        pronouns=words("doer_pronouns"),
        default_doers={str(k): str(v) for k, v in (raw.get("default_doers") or {}).items()},
        habitual_participles=words("habitual_participles"),
        attempt_verbs=frozenset(str(w).lower() for w in attempts.get("verbs") or ()),
        attempt_types={str(k): str(v) for k, v in (attempts.get("types") or {}).items()},
        lost_to=words("lost_to"),
        approach_verbs=words("approach_verbs"),
        anaphoric_types={
            str(k): frozenset(str(t) for t in v)
            for k, v in (raw.get("anaphoric_types") or {}).items()
        },
        impact_verbs=words("impact_verbs"),
        repel_verbs=words("repel_verbs"),
        phase_nouns=words("phase_nouns"),
        ground_bombings=words("ground_bombings"),
        event_heads=words("event_heads"),
        anaphoric_lemmas={
            str(k).lower(): frozenset(str(t) for t in v)
            for k, v in (raw.get("anaphoric_lemmas") or {}).items()
        },
        phase_verbs=words("phase_verbs"),
        origin_types=words("origin_types", lower=False),
        destination_preps=words("destination_preps"),
    )


def find_triggers(
    sent: Span,
    lexicon: TriggerLexicon,
    *,
    place_tokens: frozenset[int] = frozenset(),
    armed_tokens: frozenset[int] = frozenset(),
) -> list[TriggerMatch]:
    """Find the trigger words of a sentence, the first matching entry per word; not an event
    noun that only names a kind of thing ("an attack helicopter", "the displacement camp",
    "siege lines"), unless what it names is an event too ("a bomb attack", "artillery fire")."""
    found: list[TriggerMatch] = []
    for tok in sent:
        entries = lexicon.by_lemma.get(tok.lemma_.lower()) or lexicon.by_lemma.get(tok.lower_, ())
        for entry in entries:
            match = _match_entry(tok, entry, lexicon, place_tokens, armed_tokens)
            if match is not None:
                found.append(match)
                break
    tokens = {m.token.i for m in found}
    return [
        m
        for m in found
        # (the parser takes a noun before a noun for an adjective at times: "the Abu Shouk
        # displacement camp")
        if not (m.token.pos_ == "NOUN" and m.token.dep_ in {"compound", "amod"})
        or m.token.head.i in tokens
        or m.token.head.lemma_.lower() in lexicon.event_heads
    ]


def _match_entry(
    tok: Token,
    entry: TriggerEntry,
    lexicon: TriggerLexicon,
    place_tokens: frozenset[int],
    armed_tokens: frozenset[int],
) -> TriggerMatch | None:
    if entry.pos == "VERB" and tok.pos_ != "VERB":
        return None
    if entry.pos == "NOUN" and tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    start = tok.idx
    if entry.phrase:
        before = [
            t for t in tok.doc[max(sentence_of(tok).start, tok.i - 6) : tok.i] if not t.is_punct
        ]
        words = [t.lemma_.lower() for t in before[-len(entry.phrase) :]]
        if words != list(entry.phrase):
            return None
        start = before[-len(entry.phrase)].idx
    if entry.not_phrase and tok.i > 0 and tok.nbor(-1).lemma_.lower() in entry.not_phrase:
        return None
    if entry.singular and tok.tag_ in {"NNS", "NNPS"}:
        return None
    children = list(tok.children)
    if entry.particle and not any(c.lower_ == entry.particle for c in children):
        return None
    if entry.not_particles and any(
        c.dep_ == "prt" and c.lower_ in entry.not_particles for c in children
    ):
        return None
    if entry.prep and not any(
        c.dep_ == "prep" and c.lower_ == entry.prep and not _time_object(c) for c in children
    ):
        return None
    if entry.objects and not _object_matches(tok, entry.objects, place_tokens):
        return None
    if entry.not_objects and _object_matches(tok, entry.not_objects, frozenset()):
        return None
    if entry.governors and not _governed(tok, entry.governors):
        return None
    if entry.subject_of and not (
        tok.dep_ == "nsubj" and tok.head.lemma_.lower() in entry.subject_of
    ):
        return None
    if entry.subject and not _subject_matches(tok, entry.subject, lexicon, armed_tokens):
        return None
    return TriggerMatch(tok, entry, start, tok.idx + len(tok.text))


def _time_object(prep: Token) -> bool:
    """True for a preposition whose object is a date or time ("a strike on Monday")."""
    return any(g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"} for g in prep.children)


def _governed(tok: Token, governors: frozenset[str]) -> bool:
    """True when a noun is the object of a governor ("launched an operation"), directly or
    through "of" ("announced the start of an operation") or "under" ("came under fire")."""
    if tok.dep_ in {"dobj", "attr", "nsubjpass"} and tok.head.lemma_.lower() in governors:
        return True
    head = tok.head
    return bool(
        tok.dep_ == "pobj"
        and head.lower_ in {"of", "under"}
        and head.head.lemma_.lower() in governors
    )


def _object_matches(tok: Token, objects: frozenset[str], place_tokens: frozenset[int]) -> bool:
    # A noun's object is its "of" complement or possessor ("the fall of X", "X's fall").
    wanted = {"of", "poss"} if tok.pos_ in {"NOUN", "PROPN"} else {"obj", "subjpass"}
    for slot, head in trigger_slots(tok):
        if slot not in wanted:
            continue
        heads = [head] + [g for c in head.children if c.lower_ == "of" for g in c.children]
        for word in heads:
            if word.lemma_.lower() in objects or word.lower_ in objects:
                return True
            if "@place" in objects and word.i in place_tokens:
                return True
    return False


def _subject_matches(
    tok: Token, subject: str, lexicon: TriggerLexicon, armed_tokens: frozenset[int]
) -> bool:
    # A noun's doer is its "by" agent, possessor or modifier ("strikes by bombers").
    slots = {"by", "poss", "mod"} if tok.pos_ in {"NOUN", "PROPN"} else {"subj"}
    heads = [head for slot, head in trigger_slots(tok) if slot in slots]
    if subject == "unarmed":
        return not any(_in_class(h, lexicon.noun_classes["armed"], armed_tokens) for h in heads)
    # An armed actor's name makes its phrase "armed", not "aircraft" ("fighters struck a deal").
    named = armed_tokens if subject == "armed" else frozenset()
    return any(_in_class(h, lexicon.noun_classes[subject], named) for h in heads)


def _in_class(head: Token, words: frozenset[str], armed_tokens: frozenset[int]) -> bool:
    # "hundreds of militants": a quantity's class is that of what it counts; "the victims of
    # the RSF" are no count of RSF fighters.
    counting = head.tag_ in {"NNS", "CD", "JJS"} or head.lemma_.lower() in _QUANTITY_HEADS
    if counting and head.lemma_.lower() not in load_role_cues()["outsider_lemmas"]:
        counted = [g for c in head.children if c.lower_ == "of" for g in c.children]
        if counted and any(_in_class(g, words, armed_tokens) for g in counted):
            return True
    group = [head, *(c for c in head.children if c.dep_ in {"compound", "amod", "poss"})]
    return any(t.lemma_.lower() in words or t.i in armed_tokens for t in group)


# Heads that count what their "of" complement names.
_QUANTITY_HEADS = frozenset(
    {"hundred", "thousand", "dozen", "score", "many", "most", "some", "all", "number", "group"}
)


def attempted(trigger: Token, lexicon: TriggerLexicon) -> Token | None:
    """The verb of trying a trigger's infinitive completes ("are trying to take the town"),
    when the lexicon maps the trigger's type to the type of the attempt (an offensive)."""
    head = trigger.head
    if (
        trigger.tag_ == "VB"
        and trigger.dep_ == "xcomp"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in trigger.children)
        and head.lemma_.lower() in lexicon.attempt_verbs
    ):
        return head
    return None


def lost_to_action(trigger: Token, lexicon: TriggerLexicon) -> bool:
    """True for a noun trigger naming how a place was lost ("lost the town to a counter-attack",
    "fell to an assault"): the event told is the capture."""
    prep = trigger.head
    return (
        trigger.pos_ in {"NOUN", "PROPN"}
        and trigger.dep_ == "pobj"
        and prep.lower_ == "to"
        and prep.head.lemma_.lower() in lexicon.lost_to
    )
