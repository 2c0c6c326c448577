"""Particular events or not: the tests that keep habits, aims, comments and titles out.

A trigger word names an event only when the sentence tells of a particular happening: past
or progressive verbs, anchored or determined nouns, no modal or aim over the clause, not a
headline (the body tells the event), not a comment on an event told elsewhere ("the battle
was deadly"), not a frame for another event ("during the truce"). Used by sitrep.stages.events.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Span, Token

from sitrep.model import ActorMention
from sitrep.stages.claims import load_claim_lexicon, outcome_infinitive, reported_gerund
from sitrep.stages.event_location import load_location_cues
from sitrep.stages.language import doc_text
from sitrep.stages.roles import blamed_party, stray_agents, trigger_slots, under_attack
from sitrep.stages.triggers import TriggerLexicon

# Characters that end a sentence of running text; a line ending otherwise is a title.
_FINAL_STOPS = frozenset(".!?\"\u201d\u2019'):;")


def title_line(sent: Span) -> bool:
    """True for a headline, kicker or byline: a line of its own without a final stop.

    A headline repeats in the present tense what the body tells in full ("Car bomb kills
    families near the city"); the body's sentence is the report.
    """
    text = sent.text.rstrip()
    if not text or text[-1] in _FINAL_STOPS:
        return False
    after = doc_text(sent.doc)[sent.start_char + len(text) : sent.start_char + len(text) + 2]
    return after.startswith("\n") or not after


def particular(
    trigger: Token,
    anchored: bool,
    forms: frozenset[str] = frozenset(),
    habitual_verbs: frozenset[str] = frozenset(),
    *,
    lasting: bool = False,
    outcome: bool = False,
    doer_preps: frozenset[str] = frozenset({"by"}),
) -> bool:
    """True when a trigger tells of a particular event, not a habit, aim or generic activity.

    1. Verbs: past ("captured"), perfect or passive participles, progressive forms with "be"
       ("are fighting"), "after capturing", and for an `outcome` (a change of hands) a
       participle of result under a past verb ("broke through, lifting the siege"); not the
       simple present of habits and headlines ("ISIS continues to attack", "Army retakes
       town") nor bare infinitives. A present passive state ("is held") is no episode,
       unless the event is a `lasting` one: a town that "remains surrounded" is besieged now.
    2. Nouns: anchored by a place or date the parse attaches to them, or the subject or object
       of a past verb (within three heads) with a determiner or modifier ("an airstrike hit",
       "killed in an ambush"); not generic plurals ("carrying out airstrikes").
    """
    # "described heavy shelling overnight": a gerund as a verb's subject or object is a noun,
    # whatever its tag, and so is one a verb of saying reports, parsed as a clause.
    # So is an object-less gerund parsed as a clausal subject: "fighting between the two
    # groups has killed 80" (but "fighting the jihadists is costly" is a clause).
    gerund_noun = trigger.tag_ == "VBG" and (
        trigger.dep_ in {"dobj", "nsubj", "nsubjpass"}
        or reported_gerund(trigger)
        or (trigger.dep_ == "csubj" and not any(c.dep_ == "dobj" for c in trigger.children))
    )
    if trigger.pos_ == "VERB" and not gerund_noun:
        if trigger.dep_ == "amod":
            return False  # "newly liberated areas", "displaced civilians": a description
        if trigger.tag_ == "VBN" and _present_state(trigger) and not lasting:
            return False  # "residents who are displaced": a state, not an episode
        if trigger.tag_ in {"VBD", "VBN"}:
            return True
        if trigger.tag_ == "VBG":
            has_be = any(
                c.dep_ in {"aux", "auxpass"} and c.lemma_ == "be" for c in trigger.children
            )
            by_agent = any(c.dep_ == "prep" and c.lower_ in doer_preps for c in trigger.children)
            after = trigger.dep_ == "pcomp" and trigger.head.lower_ in {"after", "by"}
            # "accused the rebels of shelling the town": a deed laid on someone
            after = after or blamed_party(trigger) is not None
            begun = trigger.dep_ == "xcomp" and trigger.head.tag_ in {"VBD", "VBN"}
            # "stormed the town, lifting the siege": the result of a past event, after a comma
            result = (
                outcome
                and trigger.dep_ == "advcl"
                and trigger.head.tag_ in {"VBD", "VBN"}
                and trigger.i > trigger.head.i
                and trigger.doc[trigger.i - 1].text == ","
            )
            # "after capturing", "shelling by the rebels" (or "from French forces", where the
            # entry's roles make "from" the doer), "had begun withdrawing"
            return has_be or after or by_agent or begun or result
        if trigger.lower_ in forms:
            return True  # an irregular past the tagger did not know ("retook")
        if outcome_infinitive(trigger):
            return True
        return any(c.dep_ == "aux" and c.tag_ == "VBD" for c in trigger.children)
    if _habitual_plural(trigger, habitual_verbs):
        return False
    if _copular_subject(trigger):
        return False
    if anchored:
        return True
    # "mortar rounds landed", "artillery fire pounded", "a hit-and-run": the phrase's head
    # takes the slot.
    hyphenated = trigger.dep_ == "conj" and trigger.i > 0 and trigger.nbor(-1).text in "-\u2010"
    noun = trigger.head if trigger.dep_ == "compound" or hyphenated else trigger
    determined = (
        noun is not trigger
        or noun.dep_ in {"nsubj", "nsubjpass"}  # a past verb's subject tells an episode
        or any(t.tag_ in {"DT", "PRP$"} for t in noun.doc[max(0, noun.i - 3) : noun.i])
        or any(
            c.dep_ in {"det", "poss", "nummod", "amod", "compound", "acl"}
            or (c.dep_ == "prep" and c.lower_ in {"by", "between", "on", "against"})
            for c in noun.children
        )
        or bool(stray_agents(noun))
    )
    past = any(
        a.tag_ in {"VBD", "VBN"}
        or any(c.dep_ in {"aux", "auxpass"} and c.tag_ == "VBD" for c in a.children)
        # a perfect: "has been supporting the push via air attacks"
        or (a.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in a.children))
        for a in list(noun.ancestors)[:3]
    )
    return past and determined and noun.dep_ in {"nsubj", "nsubjpass", "csubj", "dobj", "pobj"}


def _present_state(participle: Token) -> bool:
    """True for a present passive without a perfect ("are displaced", "is held")."""
    aux = [c for c in participle.children if c.dep_ in {"aux", "auxpass"}]
    return any(c.dep_ == "auxpass" and c.tag_ in {"VBP", "VBZ"} for c in aux) and not any(
        c.lemma_ == "have" for c in aux
    )


def _habitual_plural(noun: Token, verbs: frozenset[str]) -> bool:
    """True for a bare plural under a participial adjunct: an activity, not an episode.

    "entered the war, carrying out airstrikes against ...", "pummelling the cities with
    airstrikes": the participle describes a manner of waging war.
    """
    if noun.tag_ not in {"NNS", "NNPS"} or any(
        c.dep_ in {"det", "poss", "nummod"} for c in noun.children
    ):
        return False
    verb = next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return bool(
        verb is not None
        and verb.tag_ == "VBG"
        and verb.lemma_.lower() in verbs
        and verb.dep_ in {"advcl", "acl", "xcomp", "csubj"}
        and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    )


def _copular_subject(noun: Token) -> bool:
    """True for a noun trigger described by "be" + predicate ("the battle was deadly", "the
    withdrawals were part of a strategy"): the sentence comments on an event told elsewhere."""
    head = noun.head
    return (
        noun.dep_ == "nsubj"
        and head.lemma_ == "be"
        and any(c.dep_ in {"acomp", "attr"} for c in head.children)
    )


def has_participants(
    trigger: Token,
    mention1: ActorMention | None,
    mention2: ActorMention | None,
    anchored: bool,
) -> bool:
    """False for nouns that name a kind of activity rather than an event.

    A plural noun trigger with no actor ("hit-and-run attacks returned to the towns") and a
    noun trigger modifying an actor noun ("its fighting units") tell of no particular event.
    """
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return True
    actor_nouns = load_location_cues().actor_nouns
    head = trigger.head
    if trigger.dep_ in {"compound", "amod"} and (
        head.lemma_.lower() in actor_nouns or head.lower_ in actor_nouns
    ):
        return False
    if trigger.tag_ not in {"NNS", "NNPS"} or mention1 is not None or mention2 is not None:
        return True
    # A plural is still particular when defined ("the executions"), described ("rockets fired
    # by ...", "air attacks") or anchored in place or time.
    return anchored or any(
        (c.dep_ in {"det", "poss"} and c.lower_ not in {"such", "some", "many", "several"})
        or c.dep_ in {"acl", "compound"}
        for c in trigger.children
    )


def background(trigger: Token, lexicon: TriggerLexicon) -> bool:
    """True for a noun trigger that only frames another event.

    "attacked during the truce" dates the attack, as does "since the start of the operation",
    "after months of fighting" or "since the fighting began" (a phase verb); "troops, backed
    by Russian airstrikes, retook the town" names the help the doer had: the retaking is the
    event, and what is supported ("backed the offensive") is told where it happens. "With the
    fall of the port, ..." opening a clause sets the scene for what the clause tells, as "in
    the early stages of the battle" or "at the height of the siege" (a phase noun after "in"
    or "at") does.
    """
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    background_preps, support_verbs = lexicon.background_preps, lexicon.support_verbs
    clause = trigger.head
    if (
        trigger.dep_ in {"nsubj", "nsubjpass"}
        and clause.dep_ == "advcl"
        and clause.lemma_.lower() in lexicon.phase_verbs
        and any(c.dep_ == "mark" and c.lower_ in background_preps for c in clause.children)
    ):
        return True  # "fled since the fighting began": the fighting's phase dates the flight
    if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in support_verbs:
        return True  # "the coalition is supporting the offensive": told where it is launched
    if trigger.dep_ != "pobj":
        return False
    prep = trigger.head
    # "the start of the operation", "months of fighting": the frame is the outer noun.
    outer = trigger
    while prep.lower_ == "of" and prep.head.dep_ == "pobj" and prep.head.head != prep.head:
        outer = prep.head
        prep = outer.head
    if under_attack(trigger):
        # "the base came under attack": what happened to the base, unless that clause only
        # dates another ("even before Mosul came under attack")
        verb = trigger.head.head
        return verb.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in background_preps for c in verb.children
        )
    if prep.lower_ in background_preps:
        return True
    if prep.lower_ in {"in", "at"} and outer.lemma_.lower() in lexicon.phase_nouns:
        return True
    if prep.lower_ == "with":
        prev = prep.doc[prep.i - 1] if prep.i > 0 else None
        if prev is None or prev.is_space or "\n" in prev.whitespace_ or prep.i == prep.sent.start:
            return True  # a line opens with it
        if prev.is_punct and prep.i < prep.head.i and prep.head.dep_ == "ROOT":
            return True
    return prep.lower_ in {"by", "with"} and prep.head.lemma_.lower() in support_verbs


def unreal_argument(trigger: Token) -> bool:
    """True when the trigger's clause is modal or its subject negated, in claims' own cues.

    "An attack on the dam could inflame tensions": the attack is as hypothetical as the
    inflaming. "Neither side attacked the convoy": the subject carries the negation.
    """
    lex = load_claim_lexicon()
    clause = trigger
    if (
        trigger.dep_ == "pobj"
        and trigger.head.lower_ == "for"
        and lex.has("presupposing_nouns", trigger.head.head.lemma_.lower())
    ):
        return False  # "no group has claimed responsibility for the blast": it happened
    if trigger.pos_ in {"NOUN", "PROPN"}:
        # The nearest verb above a noun trigger decides its modality.
        # ("hit-and-run attacks": a verb inside the noun phrase is no clause of it)
        clause = next(
            (
                a
                for a in trigger.ancestors
                if a.pos_ in {"VERB", "AUX"} and a.dep_ not in {"amod", "nmod", "compound"}
            ),
            trigger.head,
        )
        if _modal_clause(clause, lex.modals):
            return True
    elif _modal_clause(trigger, lex.modals, own=False):
        return True
    for slot, head in trigger_slots(clause):
        if slot in {"subj", "subjpass"} and any(
            c.dep_ in {"det", "neg", "preconj"} and lex.has("negations", c.lower_)
            for c in head.children
        ):
            return True
        if slot in {"subj", "subjpass"} and lex.has("negations", head.lower_):
            return True
    return False


def _modal_clause(verb: Token, modals: Container[str], *, own: bool = True) -> bool:
    """True when a verb, or the verbs its participle or infinitive hangs on, is modal.

    "will return to insurgency, relying on roadside bombs": the bombs are as future as the
    return. "The plan was to focus attacks on ...": an infinitive after "be" is an aim.
    """
    tok = verb
    for _ in range(3):
        modal = tok.lemma_.lower() in modals or any(
            c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() in modals for c in tok.children
        )
        if modal and (own or tok is not verb):
            return True
        to_infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
        if to_infinitive and tok.dep_ == "xcomp" and tok.head.lemma_ == "be":
            return True
        participle = tok.tag_ in {"VBG", "VB"} and not any(
            c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children
        )
        if not participle or tok.dep_ not in {"advcl", "xcomp", "conj"} or tok.head == tok:
            return False
        tok = tok.head
    return False


def headline_within(trigger: Token, sent: Span) -> bool:
    """True when the trigger sits on a title line the parser glued to the next sentence
    ("Strategic retreat\\nIn July the army ...": the line of its own is a heading)."""
    text = sent.text
    offset = trigger.idx - sent.start_char
    line_end = text.find("\n", offset)
    if line_end < 0 or not text[line_end:].strip():
        return False
    line = text[text.rfind("\n", 0, offset) + 1 : line_end].rstrip()
    return bool(line) and line[-1] not in _FINAL_STOPS


def body_start(sent: Span) -> int:
    """Where a sentence's body begins: after any title line the parser glued before it."""
    text = sent.text
    start = 0
    while True:
        line_end = text.find("\n", start)
        if line_end < 0 or not text[line_end:].strip():
            return sent.start_char + start
        line = text[start:line_end].rstrip()
        if line and line[-1] in _FINAL_STOPS:
            return sent.start_char + start
        start = line_end + 1


def describes_speaker(trigger: Token) -> Token | None:
    """The speaker a trigger verb describes ("said a teacher who fled with his family"): the
    speaker told it, so the report is claimed by them."""
    if trigger.pos_ != "VERB" or trigger.dep_ != "relcl":
        return None
    holder = trigger.head
    lex = load_claim_lexicon()
    if holder.dep_ == "nsubj" and holder.head.lemma_.lower() in lex.reporting_verbs:
        return holder
    return None


def in_source_description(trigger: Token) -> bool:
    """True when the trigger describes the source of a statement, not the statement's event
    ("a commander who fought in the battle said ...")."""
    lex = load_claim_lexicon()
    for node in trigger.ancestors:
        if node.dep_ in {"relcl", "acl"}:
            holder = node.head
            return holder.dep_ == "nsubj" and holder.head.lemma_.lower() in lex.reporting_verbs
    return False
