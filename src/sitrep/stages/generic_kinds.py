"""Statements of a kind: cues (data/genericity.yaml) that a trigger tells no single happening.

Summaries over unnamed places, alternatives set aside, denied quantities, kinds and capacities
of action, comments, habits and trends, one person's displacement, causes and settings of
another event, generic sentences and inventories. Used by sitrep.stages.events beside the
particularity tests of sitrep.stages.genericity.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Token

from sitrep.stages.claims import load_claim_lexicon
from sitrep.stages.cue_lists import word_lists
from sitrep.stages.language import doc_text
from sitrep.stages.roles import trigger_slots


class GenericityCueError(ValueError):
    """The genericity cue file is malformed; the message names the key."""


@dataclass(frozen=True, slots=True)
class GenericityCues:
    """Cue lists of data/genericity.yaml (format in the file's header)."""

    lists: dict[str, frozenset[str]]

    def has(self, key: str, word: str) -> bool:
        """True when `word` is listed under `key`."""
        return word in self.lists[key]


_CUE_KEYS = (
    "generic_place_nouns",
    "territorial_types",
    "example_markers",
    "alternative_markers",
    "negating_quantifiers",
    "frame_nouns",
    "comment_verbs",
    "habitual_adverbs",
    "habitual_adjectives",
    "ongoing_markers",
    "individual_subjects",
    "individual_types",
    "cause_preps",
    "generic_verbs",
    "vague_determiners",
    "mass_place_nouns",
    "escape_verbs",
    "trend_verbs",
    "weapon_nouns",
    "inventory_nouns",
    "aim_adjectives",
    "aspect_verbs",
    "disposal_verbs",
    "description_participles",
    "topic_verbs",
    "frame_clauses",
    "directive_verbs",
    "stretch_preps",
    "stretch_words",
    "offset_words",
    "summary_labels",
    "extent_adjectives",
)


@lru_cache(maxsize=1)
def load_genericity_cues() -> GenericityCues:
    """Load the genericity cue lists shipped in data/genericity.yaml."""
    text = resources.files("sitrep.data").joinpath("genericity.yaml").read_text(encoding="utf-8")
    return parse_genericity_cues(yaml.safe_load(text))


def parse_genericity_cues(raw: dict[str, Any]) -> GenericityCues:
    """Validate the parsed YAML mapping: every key present, each a list of words."""
    return GenericityCues(word_lists(raw, _CUE_KEYS, "genericity.yaml", GenericityCueError))


def generic_statement(trigger: Token, event_type: str, place_tokens: Container[int]) -> str | None:
    """The reason a trigger tells a kind of happening rather than one, or None.

    Summaries over unnamed places ("lost territory", "melted away from towns"), alternatives
    set aside ("rather than fight"), denied quantities ("with little fighting"), kinds and
    capacities ("the tempo of raids", "the ability to plan attacks"), comments on events told
    elsewhere ("the attacks showed ..."), habits ("sporadically carries out attacks", "constant
    shelling"), one person's displacement ("she had been displaced") and causes or settings
    of another event ("fled from the bombings", "amid the fighting").
    """
    cues = load_genericity_cues()
    checks: list[tuple[str, Callable[[Token], bool]]] = [
        (
            "unnamed places",
            lambda t: (
                event_type in cues.lists["territorial_types"]
                and _unnamed_places(t, cues, place_tokens)
            ),
        ),
        ("alternative", lambda t: _set_aside(t, cues)),
        ("denied quantity", lambda t: _denied_quantity(t, cues)),
        ("kind of action", lambda t: _under_frame_noun(t, cues)),
        ("comment", lambda t: _comment_subject(t, cues)),
        ("habit", lambda t: _habitual(t, cues)),
        ("ongoing", lambda t: _ongoing(t, cues)),
        (
            "individual",
            lambda t: event_type in cues.lists["individual_types"] and _individual(t, cues),
        ),
        ("cause", lambda t: _cause_frame(t, cues)),
        ("place description", lambda t: _describes_place(t, cues)),
        ("trend", lambda t: _trend(t, cues)),
        ("aim", _aim),
        ("generic subject", _generic_subject),
        ("listed weapon", lambda t: _listed_weapon(t, cues)),
        ("examples", lambda t: _exemplified(t, cues)),
        ("purpose", lambda t: _to_prove(t, cues)),
        ("disposal", lambda t: _disposed_weapon(t, cues)),
        ("actor description", lambda t: _describes_actor(t, cues)),
        ("topic", lambda t: _topic(t, cues)),
        ("frame clause", lambda t: _frame_clause(t, cues)),
        ("order", lambda t: _ordered(t, cues)),
        ("summary", lambda t: _in_summary(t, cues)),
    ]
    # "hit-and-run attacks", "IED attacks": the phrase's head carries the sentence's frame.
    words = [trigger]
    node = trigger
    for _ in range(3):
        if node.dep_ not in {"compound", "amod", "nmod", "conj"} or node.head == node:
            break
        node = node.head
        if node.pos_ in {"NOUN", "PROPN"}:
            words.append(node)
    for name, check in checks:
        if any(check(word) for word in words):
            return name
    return None


def _unnamed_places(trigger: Token, cues: GenericityCues, place_tokens: Container[int]) -> bool:
    """True when the trigger's place arguments are generic place nouns and none is named."""
    generic = False
    # "melted away from towns": the preposition may hang on the particle.
    slots = list(trigger_slots(trigger)) + [
        (prep.lower_, pobj)
        for c in trigger.children
        if c.dep_ in {"advmod", "prt"}
        for prep in c.children
        if prep.dep_ == "prep"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    for slot, head in slots:
        if slot in {"subj", "agent", "by", "to", "poss", "governor_subj", "between", "between2"}:
            continue
        words = [head, *head.conjuncts]
        if any(w.i in place_tokens for w in words):
            return False
        # "struck villages on the outskirts of X", "in the X countryside": a named place
        # inside any place phrase of the trigger makes it particular.
        if _named_inside(head, place_tokens, cues):
            return False
        if not cues.has("generic_place_nouns", head.lemma_.lower()):
            continue
        determined = any(
            c.dep_ in {"det", "poss"} and not cues.has("vague_determiners", c.lower_)
            for c in head.children
        )
        mass = head.tag_ == "NN" and cues.has("mass_place_nouns", head.lemma_.lower())
        if not determined and (head.tag_ in {"NNS", "NNPS"} or mass):
            generic = True
        # "the vast area it had ruled had been lost": a sweep of land, not one place
        if any(c.dep_ == "amod" and cues.has("extent_adjectives", c.lower_) for c in head.children):
            generic = True
    return generic


def _named_inside(head: Token, place_tokens: Container[int], cues: GenericityCues) -> bool:
    """True when a named place sits inside the phrase, not after "such as" (mere examples)."""
    for tok in head.subtree:
        if tok.i in place_tokens and not _after_example_marker(tok, head, cues):
            return True
    return False


def _after_example_marker(tok: Token, stop: Token, cues: GenericityCues) -> bool:
    node = tok
    while node != stop and node.head != node:
        prev = node.doc[node.i - 1] if node.i > 0 else None
        if prev is not None and node.dep_ == "prep":
            pair = f"{prev.lower_} {node.lower_}"
            if (
                pair in cues.lists["example_markers"]
                or node.lower_ in cues.lists["example_markers"]
            ):
                return True
        node = node.head
    return False


def _set_aside(trigger: Token, cues: GenericityCues) -> bool:
    """True for "rather than fight", "instead of attacking": the alternative not taken."""
    markers = cues.lists["alternative_markers"]
    doc = trigger.doc
    node = trigger
    for _ in range(3):
        for i in {node.left_edge.i, node.i}:
            pairs = (doc[i - 2 : i], doc[i - 1 : i + 1]) if i >= 2 else (doc[0 : i + 1],)
            if any(" ".join(t.lower_ for t in p) in markers for p in pairs):
                return True
        if node.head == node or (node is not trigger and node.pos_ in {"VERB", "AUX"}):
            break
        node = node.head
    return False


def _denied_quantity(trigger: Token, cues: GenericityCues) -> bool:
    """True for "with little fighting", "no clashes were reported", "without a battle"."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    if any(
        c.dep_ in {"det", "amod"} and cues.has("negating_quantifiers", c.lower_)
        for c in trigger.children
    ):
        return True
    return trigger.dep_ == "pobj" and trigger.head.lower_ == "without"


def _under_frame_noun(trigger: Token, cues: GenericityCues) -> bool:
    """True when the trigger (or the clause it sits in) complements a noun of kind or capacity."""
    if any(
        c.dep_ == "compound" and cues.has("frame_nouns", c.lemma_.lower()) for c in trigger.children
    ):
        return True  # "had experience fighting"
    node = trigger
    for _ in range(5):
        head = node.head
        if head == node:
            return False
        if head.pos_ in {"NOUN", "PROPN"} and cues.has("frame_nouns", head.lemma_.lower()):
            return node.dep_ in {"prep", "acl", "relcl", "compound"} or node.lower_ == "of"
        if node.dep_ == "pobj" and head.lower_ == "of":
            node = head
            continue
        if node.dep_ in {"dobj", "conj", "prep", "acl", "xcomp", "pobj", "compound"}:
            node = head
            continue
        return False
    return False


def _comment_subject(trigger: Token, cues: GenericityCues) -> bool:
    """True for a noun trigger that is the subject of a verb commenting on it."""
    return (
        trigger.pos_ in {"NOUN", "PROPN"}
        and trigger.dep_ == "nsubj"
        and cues.has("comment_verbs", trigger.head.lemma_.lower())
    )


def _habitual(trigger: Token, cues: GenericityCues) -> bool:
    """True for a clause of habit: adverbs of frequency, "constant shelling", or a noun
    trigger as the object of a simple-present verb of waging ("continues to carry out attacks")."""
    if trigger.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ == "amod" and cues.has("habitual_adjectives", c.lower_) for c in trigger.children
    ):
        return True
    verbs = _clause_chain(trigger)
    if any(
        c.dep_ == "advmod" and cues.has("habitual_adverbs", c.lower_)
        for v in verbs
        for c in v.children
    ):
        return True
    if trigger.pos_ == "VERB":
        return _under_present_habit(trigger, cues)
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ not in {"dobj", "pobj"}:
        return False
    waging = any(cues.has("generic_verbs", v.lemma_.lower()) for v in verbs)
    return waging and any(_simple_present(v) for v in verbs)


def _ongoing(trigger: Token, cues: GenericityCues) -> bool:
    """True for a perfect progressive running from a point ("have been firing on the city since
    they withdrew", "has been pressing attacks since October"): an activity kept up over an
    open stretch, not one episode."""
    verb = trigger.head if trigger.dep_ == "dobj" else trigger
    if verb.tag_ != "VBG":
        return False
    aux = {c.lemma_ for c in verb.children if c.dep_ == "aux"}
    if not {"have", "be"} <= aux:
        return False
    return any(
        (c.dep_ == "prep" and cues.has("ongoing_markers", c.lower_))
        or (
            c.dep_ == "advcl"
            and any(g.dep_ == "mark" and cues.has("ongoing_markers", g.lower_) for g in c.children)
        )
        for c in verb.children
    )


def _under_present_habit(verb: Token, cues: GenericityCues) -> bool:
    """True for a subjectless participle or infinitive under "continues to", "keeps" in the
    simple present ("continues to describe the town as liberated")."""
    node = verb
    for _ in range(4):
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in node.children) and node is verb:
            return False
        if node.dep_ not in {"advcl", "xcomp", "conj"} or node.head == node:
            return False
        node = node.head
        if cues.has("aspect_verbs", node.lemma_.lower()) and _simple_present(node):
            return True
    return False


def _clause_chain(trigger: Token) -> list[Token]:
    """The verbs above a trigger up to its finite verb, through infinitives and participles."""
    node = trigger
    chain: list[Token] = [trigger] if trigger.pos_ in {"VERB", "AUX"} else []
    for _ in range(5):
        if node.head == node:
            break
        if chain and chain[-1] is node and node.dep_ not in {"xcomp", "conj"}:
            break
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            chain.append(node)
    return chain


def _simple_present(verb: Token) -> bool:
    if verb.tag_ not in {"VBZ", "VBP"} or verb.lemma_ in {"be", "have"}:
        return False
    return not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def _individual(trigger: Token, cues: GenericityCues) -> bool:
    """True when the displaced are one speaker or one person ("she had been displaced")."""
    for slot, head in trigger_slots(trigger):
        if slot in {"subj", "subjpass"} and (
            cues.has("individual_subjects", head.lower_) or head.ent_type_ == "PERSON"
        ):
            return True
    return False


def _cause_frame(trigger: Token, cues: GenericityCues) -> bool:
    """True for a noun trigger introduced as the cause or setting of another event."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ != "pobj":
        return False
    prep = trigger.head
    # One to four words ending in the preposition: "amid", "because of", "in the face of".
    words = [
        " ".join(t.lower_ for t in prep.doc[max(0, prep.i - n) : prep.i + 1]) for n in range(4)
    ]
    if any(cues.has("cause_preps", w) for w in words):
        return True
    # "fled from the bombings": what people fled is the cause, the flight is the event.
    governor = prep.head
    return prep.lower_ == "from" and cues.has("escape_verbs", governor.lemma_.lower())


def _describes_place(trigger: Token, cues: GenericityCues) -> bool:
    """True for a verb in a relative clause describing generic places ("towns it had lost",
    "the areas from which it withdrew", "the town through which it had moved fighters since
    2014"), or a noun trigger in a copular relative: the clause characterises its antecedent."""
    if trigger.pos_ in {"NOUN", "PROPN"}:
        return _in_copular_relative(trigger)
    lasting = any(c.dep_ == "prep" and c.lower_ == "since" for c in trigger.children)
    # "the area where government forces are advancing": the place as it is now
    current = trigger.tag_ in {"VBZ", "VBP"} or any(
        c.dep_ == "aux" and c.tag_ in {"VBZ", "VBP"} for c in trigger.children
    )
    return (
        trigger.pos_ == "VERB"
        and trigger.dep_ == "relcl"
        and cues.has("generic_place_nouns", trigger.head.lemma_.lower())
        and (trigger.head.tag_ in {"NNS", "NNPS"} or lasting or current)
    )


def _in_copular_relative(noun: Token) -> bool:
    """True for a noun trigger in a relative clause with "be" that describes its antecedent
    ("the city that has been the scene of the longest battle")."""
    verb = _governing_verb(noun, {"pobj", "prep", "attr"}, 4)
    return verb is not None and verb.lemma_ == "be" and verb.dep_ == "relcl"


def _governing_verb(token: Token, deps: set[str], steps: int) -> Token | None:
    """The first verb above `token`, climbing at most `steps` heads through `deps` only."""
    node = token
    for _ in range(steps):
        if node.dep_ not in deps or node.head == node:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return None


def _trend(trigger: Token, cues: GenericityCues) -> bool:
    """True for a bare plural noun trigger whose amount changes ("stepped up raids", "were
    upping their attacks"): a trend of activity, not an episode."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.tag_ not in {"NNS", "NNPS"}:
        return False
    if any(c.dep_ in {"det", "nummod"} for c in trigger.children):
        return False
    verb = trigger.head
    return trigger.dep_ == "dobj" and cues.has("trend_verbs", verb.lemma_.lower())


def _aim(trigger: Token) -> bool:
    """True for a noun trigger that is what someone prepares or calls for ("prepared for the
    battle"): the forecast heads of the claim cues, with "for"."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ != "pobj":
        return False
    prep = trigger.head
    lex = load_claim_lexicon()
    head = prep.head
    return prep.lower_ == "for" and (
        lex.has("forecast_heads", head.lemma_.lower())
        or load_genericity_cues().has("aim_adjectives", head.lower_)
    )


def _generic_subject(trigger: Token) -> bool:
    """True for a bare plural noun trigger subject of a simple-present verb: a generic
    sentence ("Ambushes aim to wear down the enemy")."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.tag_ not in {"NNS", "NNPS"}:
        return False
    if trigger.dep_ != "nsubj" or any(
        c.dep_ in {"det", "poss", "nummod"} for c in trigger.children
    ):
        return False
    return _simple_present(trigger.head)


def _listed_weapon(trigger: Token, cues: GenericityCues) -> bool:
    """True for a weapon noun listed among other belongings ("moved its weapons, artillery and
    cars"): an inventory, not a bombardment."""
    if not cues.has("weapon_nouns", trigger.lemma_.lower()):
        return False
    root = trigger
    while root.dep_ == "conj" and root.head != root:
        root = root.head
    members = [root, *root.conjuncts]
    return any(m.pos_ == "NOUN" and cues.has("inventory_nouns", m.lemma_.lower()) for m in members)


def _exemplified(trigger: Token, cues: GenericityCues) -> bool:
    """True for a plural trigger, or a verb's plural place or event argument, followed by
    examples ("battles such as in X", "fought in recent battles such as ..."): a category."""
    heads = [trigger] if trigger.pos_ in {"NOUN", "PROPN"} else []
    heads += [h for slot, h in trigger_slots(trigger) if slot not in {"subj", "agent", "by"}]
    for head in heads:
        if head.tag_ not in {"NNS", "NNPS"}:
            continue
        for child in head.children:
            prev = child.doc[child.i - 1] if child.i > 0 else None
            pair = f"{prev.lower_} {child.lower_}" if prev is not None else child.lower_
            if child.dep_ == "prep" and (
                pair in cues.lists["example_markers"]
                or (child.lower_ == "as" and any(c.lower_ == "such" for c in head.children))
            ):
                return True
    return False


def _to_prove(trigger: Token, cues: GenericityCues) -> bool:
    """True for a verb trigger that completes an infinitive of proof ("footage to prove it
    retook the city"): what was to be shown is not asserted."""
    head = trigger.head
    return (
        trigger.pos_ == "VERB"
        and trigger.dep_ == "ccomp"
        and cues.has("comment_verbs", head.lemma_.lower())
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in head.children)
    )


def _disposed_weapon(trigger: Token, cues: GenericityCues) -> bool:
    """True for weapons cleared, found or searched for ("dismantling the mines", "combing the
    streets for explosive devices"): no explosion happened."""
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    if not cues.has("weapon_nouns", trigger.lemma_.lower()):
        return False
    while noun.dep_ == "conj" and noun.head != noun:
        noun = noun.head
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "for":
        verb = verb.head
    elif noun.dep_ not in {"dobj", "nsubjpass"}:
        return False
    return cues.has("disposal_verbs", verb.lemma_.lower())


def _describes_actor(trigger: Token, cues: GenericityCues) -> bool:
    """True for a noun trigger in a participle describing people ("militants involved in
    raids", "fighters trained in ambushes"): what they are, not what happened."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.dep_ != "prep":
        return False
    participle = prep.head
    return (
        participle.dep_ == "acl"
        and participle.head.pos_ in {"NOUN", "PROPN"}
        and cues.has("description_participles", participle.lemma_.lower())
    )


def _topic(trigger: Token, cues: GenericityCues) -> bool:
    """True for a noun trigger that is what a text looks at ("the first part looks at the
    retreat"): a topic in the simple present, not a report."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    verb = _governing_verb(trigger, {"dobj", "pobj", "prep"}, 3)
    return (
        verb is not None and cues.has("topic_verbs", verb.lemma_.lower()) and _simple_present(verb)
    )


def _frame_clause(trigger: Token, cues: GenericityCues) -> bool:
    """True for a trigger in an adverbial clause that sets the time or grounds of another
    statement ("by the time coalition jets hit the city, ...", "given that the bridges had
    been destroyed by airstrikes")."""
    clause = next(
        (a for a in [trigger, *trigger.ancestors] if a.dep_ in {"advcl", "ccomp", "prep"}), None
    )
    while clause is not None:
        start = clause.left_edge.i
        doc = clause.doc
        # "And by the time ...": a conjunction opening the sentence is no part of the frame.
        while start < clause.i and (doc[start].dep_ == "cc" or doc[start].is_punct):
            start += 1
        for size in (2, 3):
            words = " ".join(t.lower_ for t in doc[start : start + size])
            if cues.has("frame_clauses", words):
                return True
        if clause.head == clause:
            return False
        clause = next((a for a in clause.ancestors if a.dep_ in {"advcl", "ccomp"}), None)
    return False


def _ordered(trigger: Token, cues: GenericityCues) -> bool:
    """True for a trigger under "told him to ...", "ordered troops to ...": an order given, not
    an event done."""
    node = trigger
    for _ in range(4):
        if node.head == node:
            return False
        if (
            node.dep_ == "xcomp"
            and any(c.dep_ == "aux" and c.tag_ == "TO" for c in node.children)
            and cues.has("directive_verbs", node.head.lemma_.lower())
        ):
            return True
        if node.dep_ not in {"pobj", "prep", "dobj", "xcomp"} and node is not trigger:
            return False
        node = node.head
    return False


def _in_summary(trigger: Token, cues: GenericityCues) -> bool:
    """True inside a paragraph labelled as the text's summary ("Abstract: ...", "Key points:"):
    it restates what the body tells in full, as a headline does."""
    text = doc_text(trigger.doc)
    start = text.rfind("\n", 0, trigger.idx) + 1
    head, colon, _ = text[start : start + 40].partition(":")
    return bool(colon) and " ".join(head.lower().split()) in cues.lists["summary_labels"]
