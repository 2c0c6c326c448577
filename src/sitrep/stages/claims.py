"""Claims: who a report is attributed to, its stance, and whether it reports an event at all.

For an event trigger in a parsed sentence, `attribute` reads the dependency parse around the
trigger: the reporting verb that governs it ("the army said ..."), "according to X", post-posed
and relative-clause denials ("which X denied"), hedges ("reportedly"), and the modality of the
event clause (forecasts, conditionals, negations, questions). The cue words live in
data/claims.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Span, Token

from sitrep.model import ActorMention
from sitrep.stages.actors import ACTOR_TYPES, ActorDictionary
from sitrep.stages.cue_lists import word_lists
from sitrep.stages.language import DATELINE_DASHES
from sitrep.stages.roles import identity_clause

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "claims.yaml"
_LIST_KEYS = (
    "according_to",
    "hedge_adverbs",
    "hedge_adjectives",
    "hedge_phrases",
    "raising_verbs",
    "seem_verbs",
    "falsity_words",
    "deny_objects",
    "non_reporting_objects",
    "epistemic_perfect",
    "forecast_heads",
    "consent_heads",
    "settlement_nouns",
    "forecast_nouns",
    "forecast_adjectives",
    "conditional_marks",
    "negations",
    "negating_heads",
    "negating_objects",
    "independent_marks",
    "pending_adverbs",
    "negative_pronouns",
    "relaying_nouns",
    "confirming_verbs",
    "presupposing_nouns",
    "prospect_verbs",
    "realising_verbs",
    "indefinite_determiners",
)
_STANCE_KEYS = ("claim", "hedge", "deny")
_SUBJECTS = ("nsubj", "nsubjpass")
# Dependencies through which a governing word's modality reaches the event clause.
_CLIMB = frozenset(
    {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "conj", "nsubj", "nsubjpass", "attr",
     "oprd", "acomp", "dep", "compound", "amod", "agent"}
)  # fmt: skip
# Dependencies by which a reporting word takes the reported content.
_REPORTED = frozenset(
    {"ccomp", "xcomp", "dobj", "prep", "pcomp", "parataxis", "attr", "oprd", "dep", "acl",
     "nsubjpass"}
)  # fmt: skip
# Speakers that name a person, not an organisation: kept as written.
_PRONOUNS = frozenset({"he", "she", "i", "we", "you"})
# Owners that name no one: "its sources" leaves the sources the speaker.
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
_STANCE_RANK = {"asserted": 0, "claimed": 1, "hedged": 2, "denied": 3}


class ClaimLexiconError(ValueError):
    """The claim cue file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class ClaimLexicon:
    """Cue words for stance and modality, loaded from data/claims.yaml."""

    reporting_verbs: dict[str, str]  # lemma -> claim | hedge | deny
    reporting_nouns: dict[str, str]
    modals: dict[str, str]  # lemma -> forecast | hypothetical
    lists: dict[str, frozenset[str]]

    def has(self, key: str, word: str) -> bool:
        """True when `word` is listed under `key`."""
        return word in self.lists[key]


@dataclass(slots=True)
class Attribution:
    """Who a report is attributed to, with what stance, and whether it is a real event."""

    stance: str = "asserted"  # Stance: asserted | claimed | denied | hedged
    claimant: str | None = None
    claimant_id: str | None = None
    forecast: bool = False
    negated: bool = False
    question: bool = False
    hypothetical: bool = False
    cue: str | None = None  # the word that decided the stance, for explanations


def _by_stance(raw: dict[str, Any], key: str, source: str) -> dict[str, str]:
    table = raw.get(key)
    if not isinstance(table, dict) or set(table) - set(_STANCE_KEYS):
        raise ClaimLexiconError(f"{source}: {key} must map {_STANCE_KEYS} to lemma lists")
    return {str(w): stance for stance, words in table.items() for w in words}


@lru_cache(maxsize=4)
def load_claim_lexicon(path: Path | None = None) -> ClaimLexicon:
    """Load and validate the claim cue lexicon (the shipped data/claims.yaml by default)."""
    path = path or DEFAULT_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ClaimLexiconError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ClaimLexiconError(f"{path}: expected a mapping")
    lists = word_lists(raw, _LIST_KEYS, path, ClaimLexiconError)
    modals = raw.get("modals")
    if not isinstance(modals, dict) or set(modals.values()) - {"forecast", "hypothetical"}:
        raise ClaimLexiconError(f"{path}: modals must map lemmas to forecast or hypothetical")
    return ClaimLexicon(
        reporting_verbs=_by_stance(raw, "reporting_verbs", str(path)),
        reporting_nouns=_by_stance(raw, "reporting_nouns", str(path)),
        modals={str(k): str(v) for k, v in modals.items()},
        lists=lists,
    )


# ------------------------------------------------------------------------------- modality


def _event_clause(trigger: Token, lex: ClaimLexicon) -> tuple[list[Token], Token | None]:
    """The words whose modality the trigger shares, and the reporting word governing it.

    Modality stops at relative and adverbial clauses ("after they seized the bridge, they will
    ..."); attribution does not ("the newsletter claimed the town fell after it was overrun").
    """
    chain = [trigger]
    if outcome_infinitive(trigger):
        return chain, None  # "X claimed the capture, only for its forces to retreat": the writer's
    in_clause = True
    tok = trigger
    while tok.head.i != tok.i:
        head = tok.head
        if _across_semicolon(tok, head):
            return chain, None
        if identity_clause(tok) is not None:
            return chain, None  # "gunmen suspected to be bandits kidnapped ...": no report
        if _reporting_stance(head, lex):
            # "An offensive was announced": a passive subject is what is reported.
            if tok.dep_ in _REPORTED or _gerund_object(tok, head) or _content_clause(tok):
                return chain, head
            if tok.dep_ == "nsubj":
                return chain, None  # the trigger is in the speaker's own phrase
        in_clause = in_clause and tok.dep_ in _CLIMB
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and lex.has("independent_marks", c.lower_) for c in tok.children
        ):
            return chain, None  # "..., while the Iraqi army seized ...": a statement of its own
        if in_clause:
            chain.append(head)
        tok = head
    return chain, None


def _content_clause(tok: Token) -> bool:
    """ "the claims of X that the strike hit a depot", parsed as a relative clause: one opened
    by the conjunction "that" (not the pronoun "that" of "the claims that he made") says what
    the noun claims."""
    return tok.dep_ == "relcl" and any(
        c.dep_ == "mark" and c.lower_ == "that" for c in tok.children
    )


def _across_semicolon(tok: Token, head: Token) -> bool:
    """True when a semicolon parts a clause from the verb the parser hung it on ("fired rockets
    at X; no injuries were reported"): independent clauses, neither reporting the other."""
    lo, hi = sorted((tok.i, head.i))
    return any(t.text == ";" for t in tok.doc[lo:hi])


def _gerund_object(tok: Token, head: Token) -> bool:
    """True for "residents described heavy shelling overnight" parsed with the gerund as an
    adverbial clause: a bare gerund right after an active, object-less verb of saying is what
    it says (not "was announced in May, starting from X", set off by a comma)."""
    return (
        tok.dep_ == "advcl"
        and tok.tag_ == "VBG"
        and tok.i > head.i
        and not any(t.is_punct for t in tok.doc[head.i + 1 : tok.i])
        and not any(c.dep_ in {"mark", "aux", "nsubj"} for c in tok.children)
        and any(c.dep_ == "nsubj" for c in head.children)
        and not any(c.dep_ in {"dobj", "ccomp", "nsubjpass"} for c in head.children)
    )


def reported_gerund(trigger: Token) -> bool:
    """True for a bare gerund that an object-less verb of saying reports, however parsed
    ("residents described heavy shelling overnight")."""
    head = trigger.head
    return (
        head.i != trigger.i
        and _gerund_object(trigger, head)
        and _reporting_stance(head, load_claim_lexicon()) is not None
    )


def outcome_infinitive(verb: Token) -> bool:
    """True for "..., only for the militants to retake it days later": what did happen next,
    against the hope of the clause before (an outcome, not an aim)."""
    if verb.tag_ != "VB":
        return False
    marks = [c for c in verb.children if c.dep_ == "mark"]
    if verb.dep_ == "relcl" and verb.head.dep_ == "pobj":
        marks.append(verb.head.head)  # parsed as "for [its forces to retreat]"
    return any(m.lower_ == "for" and any(g.lower_ == "only" for g in m.children) for m in marks)


def _reporting_stance(tok: Token, lex: ClaimLexicon) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        return lex.reporting_verbs.get(lemma)
    if tok.pos_ == "NOUN":
        return lex.reporting_nouns.get(lemma)
    return None


def _modality(chain: list[Token], lex: ClaimLexicon, attribution: Attribution) -> None:
    """Set forecast, hypothetical, negated and hedges from the words of the event clause."""
    crossed_conj = False
    for position, tok in enumerate(chain):
        below = chain[position - 1] if position else None
        lemma = tok.lemma_.lower()
        if below is not None and below.dep_ in _SUBJECTS:
            # 0. A noun event as a subject: only "is expected", "is imminent" speak of it.
            predicates = [c for c in tok.children if c.dep_ in ("acomp", "attr", "oprd", "xcomp")]
            if tok.pos_ != "VERB" or any(c.dep_ == "auxpass" for c in tok.children):
                predicates.append(tok)  # "is expected", not "fighting was going on"
            if any(
                lex.has("forecast_heads", p.lemma_.lower())
                or lex.has("forecast_adjectives", p.lower_)
                for p in predicates
            ):
                attribution.forecast = True
            break
        # Negation crosses "and" only for modals: "did not fight but withdrew" is an event.
        crossed_conj = crossed_conj or (below is not None and below.dep_ == "conj")
        if below is not None and below.dep_ in ("xcomp", "prep", "pcomp", "ccomp"):
            # 1. "expected to", "plans to", "failed to", "prevented them from"; but "agreed
            # to a ceasefire" is the agreement made.
            settled = (
                lex.has("consent_heads", lemma)
                and below.lower_ == "to"
                and position >= 2
                and lex.has("settlement_nouns", chain[position - 2].lemma_.lower())
            )
            if lex.has("forecast_heads", lemma) and not settled:
                attribution.forecast = True
            if lex.has("negating_heads", lemma):
                attribution.negated = True
            if below.dep_ == "xcomp" and any(
                c.dep_ == "advmod" and lex.has("pending_adverbs", c.lower_) for c in tok.children
            ):
                attribution.negated = True  # 1b. "has yet to enter": not (yet) happened
        if below is not None and below.dep_ in ("dobj", "pobj", "prep", "acl", "compound"):
            if tok.pos_ == "NOUN" and lex.has("forecast_nouns", lemma):
                attribution.forecast = True  # 2. "plans for an offensive"
            if lex.has("negating_objects", lemma) and below.dep_ == "dobj":
                attribution.negated = True  # 3. "foiled an attack"
            event = chain[position - 2] if below.dep_ == "prep" and position >= 2 else below
            if tok.pos_ == "VERB" and _awaited(tok, event, lex):
                attribution.forecast = True  # 3b. "braced for an assault"
        if tok.pos_ in ("NOUN", "PROPN"):
            # "launched the long-awaited offensive": what was awaited came
            realised = tok.dep_ == "dobj" and lex.has("realising_verbs", tok.head.lemma_.lower())
            for child in tok.children:
                word = child.lower_
                if (
                    child.dep_ in ("amod", "compound")
                    and lex.has("forecast_adjectives", word)
                    and not realised
                ):
                    attribution.forecast = True  # 4. "the planned offensive"
                if child.dep_ == "amod" and lex.has("hedge_adjectives", word):
                    _hedge(attribution, word)
                if child.dep_ == "det" and word == "no" and not crossed_conj:
                    attribution.negated = True
        _clause_children(tok, lex, attribution, crossed_conj)


def _clause_children(tok: Token, lex: ClaimLexicon, attr: Attribution, crossed: bool) -> None:
    children = list(tok.children)
    auxes = [c for c in children if c.dep_ in ("aux", "auxpass")]
    has_have = any(c.lemma_.lower() == "have" for c in auxes)
    for child in children:
        word, lemma = child.lower_, child.lemma_.lower()
        if child.dep_ == "aux" and child.tag_ == "MD":
            kind = lex.modals.get(lemma) or lex.modals.get(word)
            if kind and has_have and lemma in lex.lists["epistemic_perfect"]:
                _hedge(attr, word)  # 5. "may have fled": an uncertain past event
            elif kind == "forecast":
                attr.forecast = True
            elif kind:
                attr.hypothetical = True
        elif child.dep_ in ("neg", "advmod") and lex.has("negations", word) and not crossed:
            attr.negated = True
        elif child.dep_ in _SUBJECTS and not crossed and _negated_subject(child, lex):
            attr.negated = True  # 9. "No civilians were evacuated", "nobody fled"
        elif child.dep_ == "advmod" and lex.has("hedge_adverbs", word):
            _hedge(attr, word)
        elif child.dep_ == "mark" and lex.has("conditional_marks", word):
            attr.hypothetical = True  # 6. the event is the condition: "if the army takes X"
        elif child.dep_ == "advcl" and any(
            g.dep_ == "mark" and lex.has("conditional_marks", g.lower_) for g in child.children
        ):
            attr.hypothetical = True  # 7. the event is the consequence of a condition
        elif child.dep_ == "aux" and _inverted_condition(tok, child):
            attr.hypothetical = True  # 8. "Had the army retreated, ..."
    if lex.has("seem_verbs", tok.lemma_.lower()) and any(c.dep_ == "xcomp" for c in children):
        _hedge(attr, tok.lower_)


def _negated_subject(subject: Token, lex: ClaimLexicon) -> bool:
    if lex.has("negative_pronouns", subject.lower_):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subject.children)


def _inverted_condition(verb: Token, aux: Token) -> bool:
    """ "Had the army retreated": a clause-initial auxiliary before its subject, not a question."""
    if aux.lower_ not in ("had", "were", "should") or verb.dep_ != "advcl":
        return False
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    return bool(subjects) and aux.i < subjects[0].i


def _hedge(attr: Attribution, cue: str) -> None:
    if _STANCE_RANK[attr.stance] < _STANCE_RANK["hedged"]:
        attr.stance, attr.cue = "hedged", cue


def _raise_stance(attr: Attribution, stance: str, cue: str) -> None:
    if _STANCE_RANK[stance] > _STANCE_RANK[attr.stance]:
        attr.stance, attr.cue = stance, cue


# ------------------------------------------------------------------------------- speakers


def _subject(verb: Token) -> Token | None:
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if subjects:
        # A title line the parser glued on as a second subject ("The Group's Retreat\nIn July,
        # the government announced ...") is not the speaker, nor is a dateline ("AIN ISSA —
        # The SDF said"): the speaker is the subject after the dateline's dash.
        spoken = [
            past
            for s in subjects
            if not any("\n" in t.text for t in s.subtree)
            and (past := _past_dateline(s)) is not None
        ]
        subject = (spoken or subjects)[0]
        before = _phrase_before(verb)
        if before is not None and before in subject.conjuncts and _after_comma(before):
            return before  # "..., most of them women and children, the Observatory said"
        return subject
    for child in verb.children:  # "it was reported by SANA"
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        return _subject(verb.head)  # "the army said and repeated", "the army went on to say"
    return _phrase_before(verb)


def _phrase_before(verb: Token) -> Token | None:
    """ "..., most of them children, the Observatory for Human Rights said": the noun phrase
    just before a subjectless reporting verb, which the parser hung elsewhere."""
    if verb.i == 0 or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    tok = verb.doc[verb.i - 1]
    while tok.dep_ in ("pobj", "prep", "compound", "amod", "nmod") and tok.head.i < verb.i:
        tok = tok.head
    return tok if tok.pos_ in ("NOUN", "PROPN") and tok.i < verb.i else None


def _after_comma(tok: Token) -> bool:
    """True when a phrase follows a comma, not "and" or "or": a list closed, a new phrase."""
    first = min(t.i for t in tok.subtree)
    return first > 0 and tok.doc[first - 1].text == ","


def _past_dateline(subject: Token) -> Token | None:
    """The subject itself; or, when it is a dateline ("AIN ISSA, Syria — The SDF"), the phrase
    after the dash, or None when nothing follows it."""
    # Not a hyphen: inside a speaker's name ("al-Ubaidi") it closes no dateline.
    dashes = [c.i for c in subject.children if c.dep_ == "punct" and c.text in DATELINE_DASHES]
    if not dashes or subject.i > dashes[-1]:
        return subject
    after = [c for c in subject.children if c.dep_ == "appos" and c.i > dashes[-1]]
    return after[0] if after else None


def _denier(verb: Token, lex: ClaimLexicon) -> Token | None:
    """Who speaks: "X said its fighters held the town and denied that ..." is X's denial."""
    if not any(c.dep_ == "nsubj" for c in verb.children) and verb.dep_ == "conj":
        clause = verb.head
        if clause.dep_ == "ccomp" and _reporting_stance(clause.head, lex):
            return _subject(clause.head)
    return _subject(verb)


def _noun_speaker(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return child  # "the army's claim"
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN"):
                return obj  # "a statement by the ministry"
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ == "VERB":
        return _subject(noun.head)  # "the army issued a statement"
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ in ("in", "through") and prep.head.pos_ == "VERB":
        return _subject(prep.head)  # "IS claimed in a statement that ..."
    return None


def _according_to(sent: Span, lex: ClaimLexicon) -> Token | None:
    lowered = sent.text.lower()
    for phrase in lex.lists["according_to"]:
        pos = lowered.find(phrase + " ")
        if pos < 0:
            continue
        char = sent.start_char + pos + len(phrase) + 1
        following = [t for t in sent if t.idx >= char]
        if not following:
            continue
        # The speaker is the head noun of the phrase after the cue: climb to the cue's word.
        head = following[0]
        while head.head.idx >= char and head.head.i != head.i and head.head in following:
            head = head.head
        return head
    return None


def _owner_of_relayer(speaker: Token, lex: ClaimLexicon) -> Token:
    """The owner who speaks through a relaying noun ("the Observatory's sources"), else the
    speaker itself."""
    if lex.has("relaying_nouns", speaker.lemma_.lower()):
        owner = next((c for c in speaker.children if c.dep_ == "poss"), None)
        if owner is not None and owner.lower_ not in _POSSESSIVE_PRONOUNS:
            return owner
    return speaker


def _np_text(head: Token) -> str:
    """The speaker's noun phrase without determiners, relative clauses or appositions."""
    drop: set[int] = set()
    for child in head.children:
        if child.dep_ in ("relcl", "appos", "acl", "cc", "conj", "advcl", "parataxis") or (
            child.dep_ == "punct" and child.text not in "-‐‑'’"  # keep "al-Ubaidi" whole
        ):
            drop.update(t.i for t in child.subtree)
    words = [t for t in head.subtree if t.i not in drop]
    while words and (words[0].dep_ in ("det", "punct") or words[0].lower_ in ("'s", "’s")):
        words = words[1:]
    while words and words[-1].dep_ in ("punct", "case"):
        words = words[:-1]
    return "".join(t.text_with_ws for t in words).strip()


def _claimant(
    speaker: Token, mentions: Iterable[ActorMention], dictionary: ActorDictionary
) -> tuple[str | None, str | None]:
    """Name and id of the speaker: the actor's name when the speaker is an actor."""
    if speaker.lower_ in _PRONOUNS:
        return None, None
    mentions = list(mentions)
    if speaker.lower_ == "it":
        # "X confirmed that ... . It said ...": the speaker of the sentence before goes on.
        previous = _previous_speaker(speaker)
        if previous is not None:
            return _claimant(previous, mentions, dictionary)
        # "..., it said": the actors stage may have resolved it; else look back for a source.
        for mention in mentions:
            if mention.start == speaker.idx and mention.actor_id:
                return dictionary.get(mention.actor_id).name, mention.actor_id
        return _antecedent_source(speaker, mentions, dictionary)
    text = _np_text(speaker)
    names = [c for c in speaker.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if speaker.pos_ == "NOUN" and names:
        text = _np_text(names[0])  # "the head of Wagner, Yevgeny Prigozhin": the person
    span_start = min(t.idx for t in speaker.subtree)
    span_end = max(t.idx + len(t) for t in speaker.subtree)
    inner: ActorMention | None = None
    for mention in mentions:
        if mention.actor_id is None:
            continue
        if mention.start <= speaker.idx < mention.end:
            actor = dictionary.get(mention.actor_id)
            # A generic phrase names the actor only once the country resolved it.
            if mention.how != "generic" or actor.country is not None:
                return actor.name, actor.actor_id
            return text or mention.text, actor.actor_id
        if inner is None and span_start <= mention.start and mention.end <= span_end:
            inner = mention
    if speaker.lower_ in ("it", "they"):
        return None, None
    # "a spokesman for the SDF", "the Iraqi military chief of staff": a person speaking for one.
    if inner is not None:
        return (text or speaker.text), inner.actor_id
    for tok in speaker.subtree:  # "a top Iranian official": the demonym names the state
        country = dictionary.demonyms.get(tok.lower_)
        if country and tok.i < speaker.i:
            return (text or speaker.text), dictionary.state_forces.get(country)
    return (text or speaker.text), None


# ------------------------------------------------------------------------------- attribution


def _previous_speaker(pronoun: Token) -> Token | None:
    """The named subject of a verb of saying in the sentence right before a sentence-opening
    "It" that says something ("The monitor confirmed ... . It said ...")."""
    sent = pronoun.sent
    if pronoun.i != sent.start or sent.start == 0:
        return None
    verb = pronoun.doc[sent.start - 1].sent.root
    if verb.pos_ != "VERB" or not _reporting_stance(verb, load_claim_lexicon()):
        return None
    speaker = _subject(verb)
    return speaker if speaker is not None and speaker.pos_ in {"NOUN", "PROPN"} else None


def _antecedent_source(
    speaker: Token, mentions: list[ActorMention], dictionary: ActorDictionary
) -> tuple[str | None, str | None]:
    """ "..., it said": the most recent source named before the pronoun, else a named actor.
    A source the text only calls "the monitor" without naming it is that phrase."""
    earlier = [m for m in mentions if m.end <= speaker.idx]
    for wanted in ({"source"}, ACTOR_TYPES - {"civilians", "source"}):
        for mention in reversed(earlier):
            if mention.actor_id is None:
                if "source" in wanted and dictionary.names_a_source(mention.text):
                    return mention.text, None
                continue
            actor = dictionary.get(str(mention.actor_id))
            if actor.type in wanted and (mention.how != "generic" or actor.type == "source"):
                return actor.name, actor.actor_id
    return None, None


def _denial_nearby(trigger: Token, sent: Span, lex: ClaimLexicon) -> Token | None:
    """A denial verb attached to the trigger's clause: "..., which X denied"; "but X denied it"."""
    ancestors = set(trigger.ancestors)
    subtree_ids = {t.i for t in trigger.subtree}
    for tok in sent:
        if lex.reporting_verbs.get(tok.lemma_.lower()) != "deny" or tok.pos_ != "VERB":
            continue
        if tok in ancestors:
            continue
        if tok.dep_ == "relcl" and (tok.head.i in subtree_ids or tok.head in ancestors):
            return tok
        if tok.dep_ == "conj" and (tok.head in ancestors or tok.head == trigger):
            return tok
    return None


def _awaited(verb: Token, event: Token, lex: ClaimLexicon) -> bool:
    """True when `event` is an event to come that `verb` awaits: the indefinite object, or
    "for" object, of one of `prospect_verbs` ("feared an assault", "braced for attacks"; not
    "dreaded the shelling that began on Monday"). An article, possessor or demonstrative
    other than `indefinite_determiners` makes the event a known one."""
    if not lex.has("prospect_verbs", verb.lemma_.lower()) or event.head.i == event.i:
        return False
    direct = event.dep_ == "dobj" and event.head == verb
    awaited_for = event.dep_ == "pobj" and event.head.lower_ == "for" and event.head.head == verb
    known = any(
        c.dep_ == "poss" or (c.dep_ == "det" and not lex.has("indefinite_determiners", c.lower_))
        for c in event.children
    )
    return (direct or awaited_for) and not known


def attribute(
    sent: Span, trigger: Token, mentions: list[ActorMention], dictionary: ActorDictionary
) -> Attribution:
    """Return the claimant, stance and modality of the event `trigger` in sentence `sent`."""
    lex = load_claim_lexicon()
    attribution = Attribution()
    chain, reporter = _event_clause(trigger, lex)
    _modality(chain, lex, attribution)
    if reporter is not None and _awaited(reporter, chain[-1], lex):
        attribution.forecast = True  # "residents feared an assault": a hedge verb's event to come
    speaker: Token | None = None
    if reporter is not None and _withheld(reporter, lex):
        # "State media has not reported the counter-attack": a report withheld claims
        # nothing; the writer presupposes the event, unconfirmed where confirmation was.
        if lex.has("confirming_verbs", reporter.lemma_.lower()):
            _hedge(attribution, f"not {reporter.lower_}")
        reporter = None
    if reporter is not None:
        stance = _reporting_stance(reporter, lex) or "claim"
        if reporter.pos_ == "NOUN":
            speaker = _noun_speaker(reporter)
            head = reporter.head
            if reporter.dep_ == "dobj" and lex.reporting_verbs.get(head.lemma_.lower()) == "deny":
                stance, speaker = "deny", _subject(head)  # "the group rejected claims that"
            elif reporter.dep_ == "nsubj" and _is_false(head, lex):
                stance = "deny"  # "reports that ... are false"
                _, outer = _event_clause(head, lex)
                speaker = _subject(outer) if outer is not None else None
        else:
            speaker = _denier(reporter, lex)
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in reporter.children)
            if passive and speaker is None and lex.has("raising_verbs", reporter.lemma_.lower()):
                stance = "hedge"  # "is said to have", "it was reported that"
            scratch = Attribution()
            _modality([reporter], lex, scratch)
            if scratch.stance == "hedged":
                stance = "hedge"  # "the army reportedly said"
        _raise_stance(attribution, _STANCE_NAMES[stance], reporter.lower_)
    else:
        speaker = _according_to(sent, lex)
        if speaker is not None:
            _raise_stance(attribution, "claimed", "according to")
        else:
            speaker = _postposed_reporter(chain[-1], trigger, lex, attribution)
    denier = _denial_nearby(trigger, sent, lex)
    if denier is not None:
        _raise_stance(attribution, "denied", denier.lower_)
        speaker = _denier(denier, lex)
    identity = identity_clause(chain[-1])
    if identity is not None:
        _hedge(attribution, identity.lower_)  # whose the deed was is a suspicion
    lowered = sent.text.lower()
    if any(phrase in lowered for phrase in lex.lists["hedge_phrases"]):
        _hedge(attribution, "unverified")
    if speaker is not None:
        speaker = _owner_of_relayer(speaker, lex)
        attribution.claimant, attribution.claimant_id = _claimant(speaker, mentions, dictionary)
    attribution.question = _is_question(sent, trigger)
    return attribution


_STANCE_NAMES = {"claim": "claimed", "hedge": "hedged", "deny": "denied"}


def _withheld(reporter: Token, lex: ClaimLexicon) -> bool:
    """True for a negated reporting verb: "has not reported", "did not confirm", "no group
    has claimed", "nobody confirmed"."""
    if reporter.pos_ not in ("VERB", "AUX"):
        return False
    for c in reporter.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and lex.has("negations", c.lower_)):
            return True
        if c.dep_ == "nsubj" and (
            lex.has("negative_pronouns", c.lower_)
            or any(g.dep_ == "det" and lex.has("negations", g.lower_) for g in c.children)
        ):
            return True
    return False


def _is_false(tok: Token, lex: ClaimLexicon) -> bool:
    for child in tok.children:
        if child.dep_ in ("acomp", "attr") and lex.has("falsity_words", child.lower_):
            negated = any(g.dep_ == "neg" for g in child.children) or any(
                g.dep_ == "neg" for g in tok.children
            )
            # "not true" denies; "not false" does not.
            return negated == (child.lower_ == "true")
    return False


def _postposed_reporter(
    top: Token, trigger: Token, lex: ClaimLexicon, attribution: Attribution
) -> Token | None:
    """ "The town fell, the army said": a reporting verb hanging off the event clause."""
    for child in top.children:
        stance = lex.reporting_verbs.get(child.lemma_.lower())
        if not stance or child.dep_ not in ("parataxis", "ccomp", "conj", "advcl"):
            continue
        if any(g.dep_ in ("ccomp", "dobj", "xcomp") for g in child.children):
            continue  # "..., and Moscow declared the region annexed": its own report
        if child.i < trigger.i and child.dep_ == "conj":
            continue
        speaker = _subject(child)
        if speaker is not None:
            _raise_stance(attribution, _STANCE_NAMES[stance], child.lower_)
            return speaker
    return None


def _is_question(sent: Span, trigger: Token) -> bool:
    text = sent.text.rstrip(" \"'”’)")
    if text.endswith("?"):
        return True
    # A question quoted inside the sentence: the trigger's clause ends in "?".
    ends = [t for t in trigger.head.subtree if t.text == "?"]
    return bool(ends)


def event_allowed(attribution: Attribution) -> bool:
    """True when the attributed report describes an event that happened (or is claimed to)."""
    return not (
        attribution.forecast
        or attribution.negated
        or attribution.hypothetical
        or attribution.question
    )


def is_attributed(sent: Span) -> bool:
    """True when a sentence attributes what it says to someone or hedges it.

    A reporting verb with a subject or in the passive ("the army said", "is said to"),
    "according to X", or a hedging adverb or phrase ("reportedly", "could not be verified").
    """
    lex = load_claim_lexicon()
    lowered = sent.text.lower()
    if any(phrase + " " in lowered for phrase in lex.lists["according_to"]):
        return True
    if any(phrase in lowered for phrase in lex.lists["hedge_phrases"]):
        return True
    for tok in sent:
        if tok.dep_ == "advmod" and lex.has("hedge_adverbs", tok.lower_):
            return True
        if tok.pos_ == "VERB" and tok.lemma_.lower() in lex.reporting_verbs:
            children = list(tok.children)
            if any(lex.has("non_reporting_objects", c.lower_) for c in children):
                continue  # "the attack claimed the lives of 14"
            if any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in children):
                return True
    return False
