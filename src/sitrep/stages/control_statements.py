"""Control statements: sentences that say who holds a place, not that it changed hands.

"X still controls Y", "Y remained under X's control", "the X-held town of Y", "Y is in the
hands of X", "X holds about a third of the province" become reports of type
`control_statement` (sitrep.control.CONTROL_STATEMENT) whose actor1 holds the place on the
report's date; the control timeline reads them (sitrep.control, rule 6). A hold of part of a
place ("a third of", "most of") gets precision 2, the place itself precision 1.

Patterns (numbered as in tests/test_control_statements.py); cue words in
data/control_cues.yaml:

1. verb: a holding verb with an actor subject and a place object; passive with an agent.
2. under: "under ... control / rule" — the holder inside the phrase, the place the clause's
   subject or the noun the phrase hangs on.
3. hands: "in the hands of X" / "in X's hands", placed like 2.
4. held adjective: "the X-held town of Y", "X-controlled Y"; the noun grows through "of"
   ("a pocket of IS-held territory in Hajin" is about Hajin).
5. in control: "X remains in control of Y", "X has control over Y" — the holder is the
   clause's subject, the place the "of"/"over" phrase.
6. relative and reduced clauses: "Y, the last town that X still holds", "the towns X holds",
   "Y, held by X since 2014" — the place is the noun the clause hangs on, or the subject of
   the copula when that noun is its attribute ("Y is the last town X controls").

A statement is dated by a time expression in its sentence, else at publication when it is in
the present tense or says "still", "now", "remain"; otherwise it is dropped (a past hold with
no date says nothing about when). Negated, forecast, hypothetical and questioned statements
are dropped; stance and claimant come from the claims stage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.control import CONTROL_STATEMENT
from sitrep.model import (
    ActorMention,
    ActorRef,
    DateRef,
    Document,
    PlaceRef,
    Report,
    TimeExpression,
    Toponym,
)
from sitrep.stages.actors import ActorDictionary
from sitrep.stages.claims import attribute, event_allowed
from sitrep.stages.cue_lists import word_lists
from sitrep.stages.event_location import place_ref

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "control_cues.yaml"
_KEYS = (
    "verbs",
    "under_nouns",
    "hands_nouns",
    "held_adjectives",
    "in_control_nouns",
    "having_verbs",
    "partial_words",
    "present_markers",
)
# The extraction confidence of a statement: its patterns are narrow, its roles parse-bound.
STATEMENT_CONFIDENCE = 0.6


class ControlCueError(ValueError):
    """The control cue file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class ControlCues:
    """Cue words for control statements, loaded from data/control_cues.yaml."""

    words: dict[str, frozenset[str]]

    def has(self, key: str, word: str) -> bool:
        """True when `word` (lower-cased) is listed under `key`."""
        return word.lower() in self.words[key]


@lru_cache(maxsize=4)
def load_control_cues(path: Path | None = None) -> ControlCues:
    """Load and validate the control cue lists (the shipped data file by default)."""
    path = path or DEFAULT_PATH
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ControlCueError(f"{path}: expected a mapping")
    return ControlCues(word_lists(raw, _KEYS, path, ControlCueError))


@dataclass(slots=True)
class _Found:
    cue: Token
    holder: list[Token]  # tokens where the holder is named
    place: list[Token]  # tokens where the held places are named


def _subtree(tok: Token | None, without: Token | None = None) -> list[Token]:
    if tok is None:
        return []
    skip = {t.i for t in without.subtree} if without is not None else set()
    return [t for t in tok.subtree if t.i not in skip]


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _clause_place(prep: Token) -> list[Token]:
    """The place a prepositional phrase ("under X control") says something about."""
    head = prep.head
    if head.pos_ in {"VERB", "AUX"}:
        return _subtree(_child(head, "nsubj", "nsubjpass"))
    return _subtree(head, without=prep)


SUBJECTS = ("nsubj", "csubj")
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})


def _clause_head(tok: Token) -> list[Token]:
    """The place a relative or reduced clause describes: its noun, or the copula's subject."""
    noun = tok.head
    if noun.dep_ == "attr":
        subject = _child(noun.head, *SUBJECTS)
        if subject is not None:
            return _subtree(subject)
    if noun.dep_ == "appos":
        # "El Fasher, the last major city in Darfur held by the army": the town named
        return _subtree(noun.head, without=noun)
    return _subtree(noun, without=tok)


def _verb_pattern(tok: Token, cues: ControlCues) -> _Found | None:
    if tok.pos_ != "VERB" or not cues.has("verbs", tok.lemma_):
        return None
    passive = _child(tok, "nsubjpass")
    agent = _child(tok, "agent")
    if passive is not None:
        return _Found(tok, _subtree(agent), _subtree(passive)) if agent is not None else None
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and agent is not None:
        return _Found(tok, _subtree(agent), _clause_head(tok))
    subject, obj = _child(tok, *SUBJECTS), _child(tok, "dobj")
    if subject is None:
        return None
    if tok.dep_ == "relcl" and (obj is None or obj.lower_ in RELATIVE_PRONOUNS):
        return _Found(tok, _subtree(subject), _clause_head(tok))
    if obj is None:
        return None
    return _Found(tok, _subtree(subject), _subtree(obj))


def _in_control_pattern(tok: Token, cues: ControlCues) -> _Found | None:
    # The noun ("control") with its "of"/"over" phrase, inside "in ..." or after "have".
    if tok.pos_ != "NOUN" or not cues.has("in_control_nouns", tok.lemma_):
        return None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "over"}), None)
    if of is None:
        return None
    if tok.dep_ == "pobj" and tok.head.lower_ == "in":
        verb = tok.head.head
    elif tok.dep_ == "dobj" and cues.has("having_verbs", tok.head.lemma_):
        verb = tok.head
    else:
        return None
    # Every subject: a misparse can give the verb two ("The advance stalled, and IS remains").
    subjects = [t for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree]
    if not subjects or verb.pos_ not in {"VERB", "AUX"}:
        return None
    return _Found(tok, subjects, _subtree(of))


def _under_pattern(tok: Token, cues: ControlCues) -> _Found | None:
    if tok.lower_ not in {"under", "in"} or tok.dep_ != "prep":
        return None
    noun = _child(tok, "pobj")
    if noun is None:
        return None
    key = "under_nouns" if tok.lower_ == "under" else "hands_nouns"
    if not cues.has(key, noun.lemma_) and not cues.has(key, noun.lower_):
        return None
    return _Found(tok, _subtree(noun), _clause_place(tok))


def _held_pattern(tok: Token, cues: ControlCues, sent: Span) -> _Found | None:
    # "IS-held": the actor word, a hyphen, then the participle, all modifying a noun.
    if not cues.has("held_adjectives", tok.lower_) or tok.i < sent.start + 2:
        return None
    hyphen = tok.doc[tok.i - 1]
    if hyphen.text != "-":
        return None
    noun = tok.head if tok.head.i > tok.i else None
    if noun is None:
        return None
    # The holder is what the participle governs before the hyphen ("Islamic State-held"); a
    # misparse falls back to the few words before it.
    holder = [t for c in tok.lefts if c.i < hyphen.i for t in c.subtree if t.i < hyphen.i]
    if not holder:
        holder = [t for t in tok.doc[sent.start : tok.i - 1] if t.i >= tok.i - 4]
    # "a pocket of IS-held territory in the town of Hajin": the phrase is the whole "of" chain.
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head
    return _Found(tok, holder, [t for t in _subtree(noun) if t.i not in {h.i for h in holder}])


def _partial(place_tokens: list[Token], toponym: Toponym, cues: ControlCues) -> bool:
    return any(
        t.idx < toponym.start
        and (cues.has("partial_words", t.lemma_) or cues.has("partial_words", t.lower_))
        for t in place_tokens
        if t.dep_ != "compound"
    )


def _most_specific(toponyms: list[Toponym]) -> list[Toponym]:
    # "pockets of Anbar province in Iraq": the country only locates the province.
    inner = [t for t in toponyms if not (t.place and t.place.feature == "country")]
    return inner or toponyms


def _statement_date(
    sent: Span, cue: Token, timexes: list[TimeExpression], doc: Document, cues: ControlCues
) -> DateRef | None:
    # The tense is the nearest verb's above the cue ("fighters prepare ... IS-held territory").
    verb = cue.head if cue.dep_ in {"amod", "compound"} else cue
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    inside = [
        t
        for t in timexes
        if sent.start_char <= t.start < sent.end_char
        and (t.interval_start or t.interval_end) is not None
        and t.kind == "DATE"
    ]
    # "Its advance stalled in early December, and the group remains in control of Y", "IS
    # holds most of Y, which the army lost last week": a date in another clause (a conjunct,
    # a relative clause) does not date this one. A date's clause is its nearest verb above it.
    in_clause = [t for t in inside if _clause_verb(sent, t.start) == verb]
    present = any(
        t.tag_ in {"VBZ", "VBP"} for t in [verb, *verb.children] if t is verb or t.dep_ != "conj"
    )
    marked = any(
        cues.has("present_markers", t.lower_) or cues.has("present_markers", t.lemma_) for t in sent
    )
    # "still", "now", "remain" date an undated clause at publication, even in the past tense
    # ("fighters were still holding most of the town"), before a date from another clause.
    now = doc.published is not None and (present or marked)
    if in_clause or (inside and not now):
        # "by Sunday" has only an end: the hold is stated for that day.
        nearest = min(in_clause or inside, key=lambda t: abs(t.start - cue.idx))
        start = nearest.interval_start or nearest.interval_end
        return DateRef(
            start, nearest.interval_end or start, nearest.granularity or "day", nearest.estimated
        )
    if now and doc.published is not None:
        return DateRef(doc.published, doc.published, "day", doc.published_estimated)
    return None


def _clause_verb(sent: Span, char: int) -> Token | None:
    """The verb of the clause the token at character `char` belongs to."""
    tok = next((t for t in sent if t.idx <= char < t.idx + len(t)), None)
    while tok is not None and tok.pos_ not in {"VERB", "AUX"}:
        tok = None if tok.head.i == tok.i else tok.head
    if tok is not None and tok.pos_ == "AUX" and tok.dep_ in {"aux", "auxpass"}:
        return tok.head  # "was still holding": the clause's verb is the participle
    return tok


def _holder(
    tokens: list[Token], mentions: list[ActorMention], dictionary: ActorDictionary
) -> ActorRef | None:
    spans = {(t.idx, t.idx + len(t.text)) for t in tokens}
    for mention in mentions:
        if mention.actor_id is None:
            continue
        if any(start < mention.end and mention.start < end for start, end in spans):
            actor = dictionary.actors.get(mention.actor_id)
            if actor is None or actor.type in {"source", "civilians"}:
                continue
            return ActorRef(actor.actor_id, actor.name, actor.type)
    return None


def _held_place(toponym: Toponym, partial: bool) -> PlaceRef:
    """The place a statement says is held: the named place itself (precision 1, a province
    too, in the timeline's sense rather than an event's) or part of it (2)."""
    return replace(place_ref(toponym), precision=2 if partial else 1)


def find_control_statements(
    doc: Document,
    sdoc: Doc,
    toponyms: list[Toponym],
    mentions: list[ActorMention],
    timexes: list[TimeExpression],
    dictionary: ActorDictionary,
) -> list[Report]:
    """Return one control-statement report per (holder, place) stated in the document."""
    cues = load_control_cues()
    places = [t for t in toponyms if t.role == "place"]
    reports: list[Report] = []
    for sent in sdoc.sents:
        for tok in sent:
            found = (
                _verb_pattern(tok, cues)
                or _under_pattern(tok, cues)
                or _in_control_pattern(tok, cues)
                or _held_pattern(tok, cues, sent)
            )
            if found is None:
                continue
            holder = _holder(found.holder, mentions, dictionary)
            if holder is None:
                continue
            attribution = attribute(sent, found.cue, mentions, dictionary)
            if not event_allowed(attribution) or attribution.stance == "denied":
                continue
            when = _statement_date(sent, found.cue, timexes, doc, cues)
            if when is None:
                continue
            holder_ids = {t.i for t in found.holder}
            starts = [t.idx for t in found.place if t.i not in holder_ids]
            held = [t for t in places if any(t.start <= i < t.end for i in starts)]
            for toponym in _most_specific(held):
                reports.append(
                    Report(
                        report_id=f"{doc.doc_id}:c{found.cue.idx}:{toponym.start}",
                        doc_id=doc.doc_id,
                        type=CONTROL_STATEMENT,
                        sentence=sent.text,
                        span=(sent.start_char, sent.end_char),
                        trigger=(found.cue.idx, found.cue.idx + len(found.cue.text)),
                        source=doc.source,
                        published=doc.published,
                        stance=attribution.stance,
                        claimant=attribution.claimant,
                        actor1=holder,
                        place=_held_place(toponym, _partial(found.place, toponym, cues)),
                        date=when,
                        confidence=STATEMENT_CONFIDENCE,
                    )
                )
    return reports
