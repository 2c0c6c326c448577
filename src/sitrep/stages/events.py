"""Events stage: sentence-level event reports from triggers, roles, claims, place and time.

1. Triggers (sitrep.stages.triggers): words of data/triggers.yaml matched on lemma and POS,
   with the constraints an entry states (a particle: "pulled back"; a preposition: "fell to";
   an object: "broke the siege"; a subject class: "fighters fled" vs "families fled").
2. Distinct events: one report per event, not per word. A trigger that is the subject or
   object of another ("the airstrike killed ...", "broke the siege") is absorbed into it;
   triggers of one type in one sentence are one report unless they happened in different
   places ("seized X after taking Y").
3. Claims: stance and claimant from sitrep.stages.claims. Forecasts, negations, questions and
   hypotheticals give **no report** (they are not events; keeping them flagged would invite
   exports to leak them).
4. Roles (sitrep.stages.roles), place (sitrep.stages.event_location), date
   (sitrep.stages.event_time) and fatalities (sitrep.stages.fatalities).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence, Set
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from sitrep.model import (
    ActorMention,
    ActorRef,
    Document,
    Fatalities,
    PlaceRef,
    Report,
    TimeExpression,
    Toponym,
)
from sitrep.stages.actors import ActorDictionary
from sitrep.stages.claims import Attribution, attribute, event_allowed
from sitrep.stages.event_location import (
    locate_report_place,
    place_ref,
    with_entity_toponyms,
)
from sitrep.stages.event_places import split_by_place
from sitrep.stages.event_time import link_time
from sitrep.stages.fatalities import find_fatalities_cue
from sitrep.stages.generic_kinds import generic_statement
from sitrep.stages.genericity import (
    background,
    body_start,
    describes_speaker,
    has_participants,
    headline_within,
    in_source_description,
    particular,
    title_line,
    unreal_argument,
)
from sitrep.stages.language import doc_text
from sitrep.stages.location_candidates import actor_names
from sitrep.stages.place_extent import place_extent, taken_place
from sitrep.stages.roles import (
    assign_roles,
    blamed,
    is_passive_agent,
    mentions_by_token,
    phrase_mention,
    repellers,
    trigger_slots,
)
from sitrep.stages.triggers import (
    TriggerEntry,
    TriggerLexicon,
    TriggerLexiconError,
    TriggerMatch,
    attempted,
    find_triggers,
    load_trigger_lexicon,
    lost_to_action,
    parse_trigger_lexicon,
)

__all__ = [
    "TriggerEntry",
    "TriggerLexicon",
    "TriggerLexiconError",
    "TriggerMatch",
    "distinct_events",
    "extract_reports",
    "find_triggers",
    "load_trigger_lexicon",
    "parse_trigger_lexicon",
]

# Event types that kill: a sentence's fatality figure goes to the first report of one of these.
VIOLENT_TYPES = frozenset(
    {
        "armed_clash",
        "attack",
        "air_strike",
        "shelling",
        "remote_explosive",
        "suicide_attack",
        "attack_on_civilians",
        "territory_taken",
        "offensive",
    }
)
_NOT_ARMED_TYPES = {"civilians", "source"}
# Event types whose target may be civilians named as the harmed party.
_HARMFUL_TYPES = VIOLENT_TYPES | {"abduction"}
# Verbs whose object or passive subject is the harmed party of the sentence's event.
_HARM_VERBS = frozenset({"kill", "wound", "injure", "execute", "abduct", "kidnap", "massacre"})
# Fighting told with no side named ("fighting continued"): both sides come from the story.
SIDELESS_TYPES = frozenset({"armed_clash"})
# How far back (characters) a pronoun's antecedent may lie: about two sentences.
_ANTECEDENT_CHARS = 400
# The context (characters before a sentence) whose actors a guessed counterpart comes from.
_CONTEXT_CHARS = 600
# How many sentences back a definite event noun ("the attacks") may find what it refers to.
ANAPHORA_SENTENCES = 3
# ... and how many its doer, when the nearest such report names none.
DOER_SENTENCES = 10
_DEFINITE_DETERMINERS = frozenset({"the", "these", "those", "this", "that"})
# Event types a side does not announce as its own operation: an unnamed doer of a bombing
# an army reports is its enemy, not the army.
_DONE_TO_CLAIMANT = frozenset(
    {"suicide_attack", "remote_explosive", "attack_on_civilians", "abduction", "displacement"}
)
# Actor types without aircraft: what they bomb, they bomb from the ground.
_GROUNDED_TYPES = frozenset({"non_state_armed_group", "militia"})
# Strikes by weapons sent in volleys: one with no doer right after a volley is of it, up to
# this many sentences after.
_VOLLEY_TYPES = frozenset({"air_strike", "shelling"})
VOLLEY_SENTENCES = 3
# Event types of an assault on a target (not a capture of ground).
_ATTACK_TYPES = frozenset({"attack", "suicide_attack", "remote_explosive"})
# Strikes and assaults, which a weapon or event noun may be the subject of ("a missile struck").
_STRIKE_TYPES = _ATTACK_TYPES | {"air_strike", "shelling"}
# Events that are states while they last: "the town remains surrounded" tells a siege now.
_LASTING_TYPES = frozenset({"siege"})
# Changes of hands, which a participle may tell as the result of a past move ("stormed the
# town, lifting the siege"); a "killing" after a strike is its toll, not an event of its own.
_OUTCOME_TYPES = frozenset({"siege_broken", "territory_taken", "territory_ceded"})
# Events about ground: what they take or besiege is their place, judged with its extent.
_GROUND_TYPES = _OUTCOME_TYPES | _LASTING_TYPES
# Event types whose counterpart is an armed side, never the people caught in them.
_ARMED_COUNTERPART = _GROUND_TYPES
# Event types with an opponent: an unnamed one is inferred from the document.
TWO_SIDED_TYPES = frozenset(
    {
        "territory_taken",
        "territory_ceded",
        "offensive",
        "siege",
        "siege_broken",
        "armed_clash",
        "attack",
        "air_strike",
        "shelling",
        "surrender",
        "agreement",
        "suicide_attack",
        "remote_explosive",
    }
)


def distinct_events(matches: Sequence[TriggerMatch]) -> list[TriggerMatch]:
    """Keep one trigger per event: drop those absorbed by another trigger of the sentence."""
    by_token = {m.token.i: m for m in matches}
    tokens = set(by_token)
    strike_subjects_of = {
        m.token.i: by_token[c.i]
        for m in matches
        # A killing is its subject's toll (rule 1), never the strike that subject names.
        if m.token.pos_ == "VERB" and m.entry.type in _STRIKE_TYPES and not _killing(m)
        for c in m.token.children
        if c.dep_ == "nsubj" and c.i in by_token and by_token[c.i].entry.type in _STRIKE_TYPES
    }
    strike_subjects = {m.token.i for m in strike_subjects_of.values()}
    # "Hamas fired rockets on Sderot", "attacked the convoy with mortars": an attack made with
    # a weapon its object or "with" names is of the weapon's kind (the weapon's own report
    # goes by rule 2 or merges with it as the same type).
    weapon_objects_of = {
        m.token.i: by_token[w.i]
        for m in matches
        if m.token.pos_ == "VERB" and m.entry.type == "attack" and not _killing(m)
        for w in _means(m.token)
        if w.i in by_token and by_token[w.i].entry.type in _STRIKE_TYPES - {"attack"}
    }
    kept: list[TriggerMatch] = []
    for match in matches:
        tok = match.token
        # 1. "the airstrike killed ...", "eight were killed when jets hit a market", "killed
        # 30 militants in airstrikes": the killing is the strike's toll.
        if _killing(match) and _toll(tok, tokens, by_token):
            continue
        # 1b. "killed twelve villagers in an attack on a hamlet": the killing is the more
        # specific account of the attack it happened in.
        if match.entry.type == "attack" and _setting_of_killing(tok, by_token):
            continue
        # 2. "broke the siege", "fought a battle", "lifted the last part of the siege": the
        # noun is the verb's own object (or what that object is a part of).
        own = tok
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
            own = tok.head.head
        if own.dep_ in {"dobj", "nsubjpass"} and own.head.i in tokens:
            continue
        # 3. "attacks that tightened the siege": the relative clause names what they were.
        if any(
            c.dep_ == "relcl" and any(g.dep_ == "dobj" and g.i in tokens for g in c.children)
            for c in tok.children
        ):
            continue
        # 4. "surrendered after fleeing the army": a flight on the way to another event.
        if match.entry.type in {"displacement", "offensive"} and _subordinate_to_trigger(
            tok, tokens
        ):
            continue
        # 5. "entered the district wearing suicide vests": getting in was the attack's approach.
        if (
            match.entry.type == "territory_taken"
            and tok.lemma_.lower() in load_trigger_lexicon().approach_verbs
            and any(
                m.entry.type in _ATTACK_TYPES and m.token in tok.subtree and m.token != tok
                for m in matches
            )
        ):
            continue
        # 6. "advanced north and took the villages": the advance is part of the capture.
        if match.entry.type == "offensive" and any(
            m.entry.type == "territory_taken" and m.token in tok.conjuncts for m in matches
        ):
            continue
        # 7. "left the city and relocated to X": the departure is part of the relocation.
        if match.entry.type in {"territory_ceded", "displacement"} and any(
            m.entry.type == "relocation" and m.token in tok.conjuncts for m in matches
        ):
            continue
        # 8. "increasing artillery shelling from X": a trigger noun right before another of
        # the same type is part of it, whether it modifies that word or the parser split the
        # two into an object and a verb.
        after = by_token.get(tok.i + 1)
        if (
            after is not None
            and after.entry.type == match.entry.type
            and tok.pos_ == "NOUN"
            and (after.token.pos_ == "VERB" or tok.head == after.token)
        ):
            continue
        # 9. "a Russian missile struck the block", "an air strike hit the depot": one strike,
        # told by the verb (where it hit) as the kind its noun subject names (the weapon).
        if tok.i in strike_subjects:
            continue
        weapon = strike_subjects_of.get(tok.i) or weapon_objects_of.get(tok.i)
        if weapon is not None:
            match = TriggerMatch(
                tok, replace(match.entry, type=weapon.entry.type), match.start, match.end
            )
        kept.append(match)
    return kept


def _means(verb: Token) -> list[Token]:
    """The object of a verb and its "with" objects: what an attack may have been made with."""
    return [c for c in verb.children if c.dep_ == "dobj"] + [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "with"
        for g in c.children
        if g.dep_ == "pobj"
    ]


# Prepositions whose trigger object is how a killing was done ("killed in airstrikes"), and
# the types of such a trigger that tell the killing ("killed villagers in an attack" is the
# more specific account of that attack).
_TOLL_PREPS = frozenset({"in", "during", "by"})
_TOLL_TYPES = frozenset(
    {"air_strike", "shelling", "remote_explosive", "suicide_attack", "armed_clash"}
)
# Types whose toll the next sentence may tell with a bare passive ("19 people were killed").
_TOLL_OF_TYPES = _TOLL_TYPES | {"attack"}


def _toll(tok: Token, tokens: set[int], by_token: dict[int, TriggerMatch]) -> bool:
    """True when another trigger of the sentence did the killing at `tok`: as its subject or
    agent, in a "when" clause (as that clause's verb or subject), or after "in", "during" or
    "by" on the verb or its object."""
    if any(h.i in tokens and s in {"subj", "agent"} for s, h in trigger_slots(tok)):
        return True
    if tok.dep_ == "acl" and tok.head.i in tokens:
        return True  # "the junta's airstrikes killed 30": a subject the parser made the head
    for clause in (c for c in tok.children if c.dep_ == "advcl"):
        if any(g.dep_ == "advmod" and g.lower_ == "when" for g in clause.children) and (
            clause.i in tokens
            or any(g.dep_ in {"nsubj", "nsubjpass"} and g.i in tokens for g in clause.children)
        ):
            return True
    heads = [tok, *(c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"})]
    return any(
        g.dep_ == "pobj" and g.i in tokens and by_token[g.i].entry.type in _TOLL_TYPES
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in _TOLL_PREPS
        for g in prep.children
    )


def _setting_of_killing(tok: Token, by_token: dict[int, TriggerMatch]) -> bool:
    """True for a noun after "in" or "during" on a killing of civilians ("killed twelve
    villagers in an attack")."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in _TOLL_PREPS - {"by"}:
        return False
    killing = by_token.get(prep.head.i)
    return killing is not None and killing.entry.type == "attack_on_civilians"


def _killing(match: TriggerMatch) -> bool:
    """True for a killing of civilians, or of combatants (an attack told by "kill")."""
    return match.entry.type == "attack_on_civilians" or (
        match.entry.type == "attack" and match.entry.lemma == "kill"
    )


def _subordinate_to_trigger(tok: Token, tokens: set[int]) -> bool:
    """True for a verb in an adverbial clause ("after fleeing", "as the army advanced") of
    another trigger verb."""
    head = tok.head
    if tok.dep_ == "pcomp" and head.pos_ == "ADP":
        head = head.head
    elif tok.dep_ != "advcl":
        return False
    # "fled as the army advanced": the advance is the setting of the flight.
    return head.i in tokens and head.i != tok.i


def extract_reports(
    doc: Document,
    sdoc: Doc,
    toponyms: list[Toponym],
    timexes: list[TimeExpression],
    mentions: list[ActorMention],
    dictionary: ActorDictionary,
) -> list[Report]:
    """Turn a parsed document into event reports with roles, place, date, claimant, stance."""
    lexicon = load_trigger_lexicon()
    by_token = mentions_by_token(mentions, sdoc)
    armed = frozenset(
        i
        for i, m in by_token.items()
        if m.actor_id
        and m.actor_id in dictionary.actors
        and dictionary.get(m.actor_id).type not in _NOT_ARMED_TYPES
    )
    # A place word inside an actor's name ("the Popular Mobilisation Forces", "the Manbij
    # Military Council") names the actor, not where its deeds happened.
    names = actor_names(mentions)
    # "Russia launched 40 drones", "shelled by Russia", "Kyiv's defence ministry said": a
    # country or capital as a subject, an agent or the owner of a force or office is the state
    # acting, not where the event happened.
    acting = {(m.start, m.end) for m in mentions if m.how == "nationality" and _subject(sdoc, m)}
    places = [
        t
        for t in with_entity_toponyms(sdoc, toponyms)
        if t.role == "place"
        and (t.start, t.end) not in acting
        and not any(s <= t.start and t.end <= e and e - s > t.end - t.start for s, e in names)
    ]
    place_tokens = frozenset(
        tok.i
        for t in places
        for tok in (sdoc.char_span(t.start, t.end, alignment_mode="expand") or [])
    )
    reports: list[Report] = []
    sentence_of_report: dict[str, int] = {}
    no_counterpart: set[str] = set()  # strikes on things no side is: no adversary guessed
    bare_killings: set[str] = set()  # "19 people were killed": no doer, no place of its own
    volleyed: set[str] = set()  # strikes whose doer is the sender of the volley told before
    text = doc_text(sdoc)
    for n_sent, sent in enumerate(sdoc.sents):
        sent_text = text[sent.start_char : sent.end_char]
        if any(p.search(sent_text) for p in lexicon.reference_patterns) or title_line(sent):
            continue  # a cited title ("[12] X, \u201cArmy retakes Y,\u201d Daily, May 3, 2016")
        matches = find_triggers(sent, lexicon, place_tokens=place_tokens, armed_tokens=armed)
        if not matches:
            continue
        # A heading glued to the sentence by the parser names no actor of it.
        body = body_start(sent)
        # The sentence's mentions and those just before it: "..., it said" may name a source
        # there.
        speakers = [m for m in mentions if body - _ANTECEDENT_CHARS <= m.start < sent.end_char]
        roles_by_token = by_token
        if body > sent.start_char:
            roles_by_token = {
                i: m for i, m in by_token.items() if not sent.start_char <= m.start < body
            }
        figure = find_fatalities_cue(sent)
        drafts: list[Report] = []
        trigger_of: dict[str, Token] = {}
        for match in distinct_events(matches):
            tried = attempted(match.token, lexicon)
            if tried is not None:
                # "are trying to take the town": the attempt under way is the event.
                kind = lexicon.attempt_types.get(match.entry.type)
                if kind is None:
                    continue
                match = TriggerMatch(
                    match.token, replace(match.entry, type=kind), match.start, match.end
                )
            lost_to = lost_to_action(match.token, lexicon)
            if lost_to:
                if match.token.head.head.i in {m.token.i for m in matches}:
                    continue  # "lost the town to a counter-attack": the loss is the report
                match = TriggerMatch(
                    match.token,
                    replace(match.entry, type="territory_taken", roles={}),
                    match.start,
                    match.end,
                )
            attribution = attribute(sent, match.token, speakers, dictionary)
            if not event_allowed(attribution) or unreal_argument(match.token):
                continue
            if background(match.token, lexicon):
                continue
            if (
                headline_within(match.token, sent)
                or in_source_description(match.token)
                or generic_statement(match.token, match.entry.type, place_tokens)
            ):
                continue
            drafted = _draft_report(
                doc, sdoc, sent, match, places, timexes, roles_by_token, dictionary, tried
            )
            if drafted is None:
                continue
            report, place_stated = drafted
            if (
                _killing(match)
                and report.actor1 is None
                and not place_stated
                and _passive_without_agent(match.token)
            ):
                bare_killings.add(report.report_id)
            antecedent = _antecedent(report, match.token, reports, sentence_of_report, n_sent)
            if antecedent is not None:
                # "Saturday's attacks also hit ...": the strikes told before, by whoever the
                # nearest of them names; "the strike destroyed a section of the building":
                # whom and where that strike hit, when the sentence does not say.
                report.type = antecedent.type
                report.actor1 = report.actor1 or _strike_doer(
                    report.type, reports, sentence_of_report, n_sent
                )
                report.actor2 = report.actor2 or antecedent.actor2
                if not place_stated and antecedent.place is not None:
                    report.place = antecedent.place
            framing = (
                None if place_stated else _framing(match.token, reports, sentence_of_report, n_sent)
            )
            if (
                framing is not None
                and framing.place is not None
                and (report.place is None or report.place.precision > framing.place.precision)
            ):
                # "IS said its fighters killed 20 soldiers in the attack": where that attack was,
                # unless the sentence's context names a place as fine ("the battle for the city")
                report.place = framing.place
            report.stance = attribution.stance
            report.claimant = attribution.claimant
            speaker = describes_speaker(match.token)
            if speaker is not None and report.stance == "asserted":
                report.stance = "claimed"
                report.claimant = sdoc[speaker.left_edge.i : speaker.i + 1].text
            # "the army said its troops repelled the assault": the speaker was attacked.
            repelled = bool(repellers(match.token, lexicon.repel_verbs))
            if report.actor1 is None and not repelled:
                report.actor1 = _implied_doer(
                    match.token, report.type, attribution, mentions, dictionary
                )
            side = _side_of(attribution.claimant_id, dictionary) if repelled else None
            if (
                side is not None
                and report.actor2 is None
                and (report.actor1 is None or not dictionary.allied(side, report.actor1.id))
            ):
                # "units repelled four Ukrainian counterattacks, the Russian ministry said":
                # the side that tells of repelling it was attacked
                report.actor2 = dictionary.ref(side)
            if report.actor1 is None and report.type in _VOLLEY_TYPES:
                # "Russia launched 96 drones and two missiles ... A missile hit a building":
                # a weapon of the volley just told, unless it fell on its sender's own ground.
                # Its target is what the sentence says it hit, not a guessed adversary.
                volley = _volley(report, reports, sentence_of_report, n_sent, dictionary)
                if volley is not None:
                    report.actor1 = volley.actor1
                    volleyed.add(report.report_id)
            if (
                report.type == "air_strike"
                and match.entry.lemma in lexicon.ground_bombings
                and not match.entry.phrase
                and report.actor1 is not None
                and report.actor1.type in _GROUNDED_TYPES
            ):
                # "Boko Haram bombed a mosque": a side with no aircraft planted the bomb.
                report.type = "remote_explosive"
            if (
                report.actor2 is None
                # the dead of fighting are its toll, whoever they were: not a side of it
                and report.type in _HARMFUL_TYPES - _ARMED_COUNTERPART - SIDELESS_TYPES
                and "civilians" in dictionary.actors
                and _civilian_victims(match.token, sent, lexicon.noun_classes.get("victims"))
            ):
                report.actor2 = dictionary.ref("civilians")
            if report.type == "attack" and report.actor2 and report.actor2.type == "civilians":
                # "gunmen attacked a hamlet, killing twelve villagers": violence against
                # civilians, as "killed twelve villagers in an attack" is.
                report.type = "attack_on_civilians"
            if lost_to:
                _loser_as_target(report, match.token, by_token, dictionary)
            split = split_by_place(report, match.token, sdoc, sent, places, timexes)
            if report.report_id in volleyed or _hits_civilian_object(
                match.token, lexicon.noun_classes.get("civilian_objects")
            ):
                no_counterpart.update(r.report_id for r in split)
            drafts.extend(split)
            trigger_of.update((r.report_id, match.token) for r in split)
        drafts = _merge_same_type(drafts, dictionary)
        _attach_fatalities(drafts, figure, trigger_of)
        kept = []
        for draft in drafts:
            attack = (
                _toll_of_before(draft, reports, sentence_of_report, n_sent, text)
                if draft.report_id in bare_killings
                else None
            )
            if attack is None:
                kept.append(draft)
            elif attack.fatalities is None:
                attack.fatalities = draft.fatalities
        drafts = kept
        reports.extend(drafts)
        sentence_of_report.update((r.report_id, n_sent) for r in drafts)
    _fill_counterparts(
        [r for r in reports if r.report_id not in no_counterpart],
        mentions,
        dictionary,
        unnamed_doers=frozenset(lexicon.default_doers),
    )
    for report in reports:
        default = lexicon.default_doers.get(report.type)
        if report.actor1 is None and default in dictionary.actors:
            # "a roadside bomb struck a patrol": an unnamed perpetrator; "thousands fled".
            report.actor1 = dictionary.ref(str(default))
    return reports


def _passive_without_agent(tok: Token) -> bool:
    """ "At least 19 people were killed": a passive verb with its subject and no "by" agent."""
    children = list(tok.children)
    return any(c.dep_ == "nsubjpass" for c in children) and not any(
        c.dep_ == "agent" for c in children
    )


def _toll_of_before(
    killing: Report,
    reports: Sequence[Report],
    sentence_of_report: dict[str, int],
    n_sent: int,
    text: str,
) -> Report | None:
    """ "Al-Shabaab stormed a hotel in Mogadishu. At least 19 people were killed ...": the
    attack of the sentence before, in the same paragraph and on the same day, whose toll a
    killing with no doer or place of its own tells; None when there is none."""
    before = [
        r
        for r in reports
        if sentence_of_report.get(r.report_id) == n_sent - 1 and r.type in _TOLL_OF_TYPES
    ]
    if not before:
        return None
    attack = before[0]
    if "\n" in text[attack.trigger[1] : killing.span[0]] or _interval(attack) != _interval(killing):
        return None
    return attack


def _interval(report: Report) -> tuple[dt.date | None, dt.date | None] | None:
    return (report.date.start, report.date.end) if report.date else None


def _subject(sdoc: Doc, mention: ActorMention) -> bool:
    """True when a mention is the subject of its clause, the agent of a passive ("shelled by
    Russia"), the possessor the actors stage took for a state ("Kyiv's defence ministry") or
    the one blamed ("blamed Russia for the strike")."""
    span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in {"nsubj", "nsubjpass", "poss"} or is_passive_agent(root) or blamed(root)


def _recent(
    earlier: list[Report], sentence_of_report: dict[str, int], n_sent: int, sentences: int
) -> Iterator[Report]:
    """The reports of the last `sentences` sentences before sentence `n_sent`, nearest first."""
    for other in reversed(earlier):
        if n_sent - sentence_of_report.get(other.report_id, -99) > sentences:
            return
        yield other


def _antecedent(
    report: Report,
    trigger: Token,
    earlier: list[Report],
    sentence_of_report: dict[str, int],
    n_sent: int,
) -> Report | None:
    """The report a definite noun trigger refers back to ("the attacks", "Saturday's
    attacks", "the strike" after a missile strike): the nearest of a type the lexicon's
    `anaphoric_types` allows for the trigger's own type, or `anaphoric_lemmas` for its word, at
    most `ANAPHORA_SENTENCES` sentences before."""
    lexicon = load_trigger_lexicon()
    kinds = lexicon.anaphoric_types.get(report.type, frozenset()) | lexicon.anaphoric_lemmas.get(
        trigger.lemma_.lower(), frozenset()
    )
    if trigger.pos_ != "NOUN":
        return None
    return _nearest_told(trigger, kinds, earlier, sentence_of_report, n_sent)


def _nearest_told(
    noun: Token,
    kinds: Set[str],
    earlier: list[Report],
    sentence_of_report: dict[str, int],
    n_sent: int,
) -> Report | None:
    """For a definite noun ("the attacks", "its raid"), the nearest report of one of `kinds`
    in the last `ANAPHORA_SENTENCES` sentences; None for an indefinite one."""
    if not kinds or not any(
        (c.dep_ == "det" and c.lower_ in _DEFINITE_DETERMINERS) or c.dep_ == "poss"
        for c in noun.children
    ):
        return None
    recent = _recent(earlier, sentence_of_report, n_sent, ANAPHORA_SENTENCES)
    return next((other for other in recent if other.type in kinds), None)


def _framing(
    trigger: Token, earlier: list[Report], sentence_of_report: dict[str, int], n_sent: int
) -> Report | None:
    """The report told before that a definite event noun trigger, or the one the trigger
    happened in ("killed 20 soldiers in the attack", "during the raid"), refers back to."""
    if trigger.pos_ == "NOUN":
        return _told_before(trigger, earlier, sentence_of_report, n_sent)
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in _FRAMING_PREPS:
            for noun in (g for g in prep.children if g.dep_ == "pobj"):
                told = _told_before(noun, earlier, sentence_of_report, n_sent)
                if told is not None:
                    return told
    return None


def _told_before(
    noun: Token, earlier: list[Report], sentence_of_report: dict[str, int], n_sent: int
) -> Report | None:
    """For a definite event noun ("the attack", "its raid"), the nearest report of its type
    (or of the types it refers back to) in the last `ANAPHORA_SENTENCES` sentences."""
    lexicon = load_trigger_lexicon()
    kinds = {e.type for e in lexicon.by_lemma.get(noun.lemma_.lower(), ()) if e.pos == "NOUN"}
    kinds |= {k for kind in kinds for k in lexicon.anaphoric_types.get(kind, ())}
    return _nearest_told(noun, kinds, earlier, sentence_of_report, n_sent)


# The prepositions of the event a killing happened in ("in the attack", "during the raid").
_FRAMING_PREPS = frozenset({"in", "during"})


def _volley(
    report: Report,
    earlier: list[Report],
    sentence_of_report: dict[str, int],
    n_sent: int,
    dictionary: ActorDictionary,
) -> Report | None:
    """The nearest report of the same strike type with a doer in the last `VOLLEY_SENTENCES`
    sentences, unless this strike fell in that doer's own country."""
    for other in _recent(earlier, sentence_of_report, n_sent, VOLLEY_SENTENCES):
        if other.type != report.type or other.actor1 is None:
            continue
        doer = other.actor1.id
        home = dictionary.get(doer).country if doer in dictionary.actors else None
        if report.place is not None and home is not None and report.place.country == home:
            return None
        return other
    return None


def _strike_doer(
    kind: str, earlier: list[Report], sentence_of_report: dict[str, int], n_sent: int
) -> ActorRef | None:
    """The doer named by the nearest earlier report of a type within `DOER_SENTENCES`
    sentences: a strike referred back to was done by whoever the story's strikes are."""
    recent = _recent(earlier, sentence_of_report, n_sent, DOER_SENTENCES)
    return next(
        (other.actor1 for other in recent if other.type == kind and other.actor1 is not None),
        None,
    )


def _armed(actor_id: str | None, dictionary: ActorDictionary) -> bool:
    return bool(
        actor_id
        and actor_id in dictionary.actors
        and dictionary.get(actor_id).type not in _NOT_ARMED_TYPES
    )


def _implied_doer(
    trigger: Token,
    event_type: str,
    attribution: Attribution,
    mentions: list[ActorMention],
    dictionary: ActorDictionary,
) -> ActorRef | None:
    """The doer a sentence leaves implicit, when the context names it.

    1. A pronoun subject or possessor ("it moved its weapons", "they withdrew", "its
       offensive"): the last armed actor named before the pronoun.
    2. No subject, or a passive without "by" ("the town was liberated", "control was
       established"), told by an armed claimant or a side's outlet ("the army said ...",
       "state media said ..."): sides report their own operations, so the claimant's side is
       the doer, except for bombings and abuses, which sides report as done to them.
    """
    lex = load_trigger_lexicon()
    slots = list(trigger_slots(trigger))
    pronoun = next(
        (
            p
            for s, h in slots
            if s in {"subj", "poss"}
            for p in (h, *(c for c in h.children if c.dep_ == "poss"))
            if p.lower_ in lex.pronouns
        ),
        None,
    )
    if pronoun is not None:
        before = [
            m
            for m in mentions
            if m.end <= pronoun.idx
            and pronoun.idx - m.end < _ANTECEDENT_CHARS
            and _armed(m.actor_id, dictionary)
        ]
        if before:
            return dictionary.ref(str(before[-1].actor_id))
        return None
    has_doer_slot = any(s in {"subj", "agent", "poss", "by"} for s, _ in slots)
    if is_passive_agent(trigger):
        # "the building was hit by a missile, the air force said": what hit the speaker's
        # side, told as it was suffered, is not the speaker's own operation.
        return None
    side = _side_of(attribution.claimant_id, dictionary)
    if not has_doer_slot and side is not None and event_type not in _DONE_TO_CLAIMANT:
        return dictionary.ref(side)
    return None


def _loser_as_target(
    report: Report, noun: Token, by_token: dict[int, ActorMention], dictionary: ActorDictionary
) -> None:
    """In "X lost the town to an attack" the capture's target is X, the subject of "lost"."""
    verb = noun.head.head
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    loser = _ref(phrase_mention(subject, by_token), dictionary) if subject is not None else None
    if loser is None:
        return
    if report.actor1 is not None and report.actor1.id == loser.id:
        report.actor1 = None
    report.actor2 = loser


def _side_of(actor_id: str | None, dictionary: ActorDictionary) -> str | None:
    """The armed actor an actor stands for: itself, or for an outlet of a side (state media,
    a group's newsletter) the armed organisation it belongs to."""
    if _armed(actor_id, dictionary):
        return actor_id
    if not actor_id or actor_id not in dictionary.actors:
        return None
    return next((p for p in dictionary.get(actor_id).parents if _armed(p, dictionary)), None)


def _civilian_victims(trigger: Token, sent: Span, victims: frozenset[str] | None) -> bool:
    """True when the people a trigger struck, or the sentence says were killed, wounded or
    taken, are civilians ("struck a bus, killing four people", "executed five men")."""
    if not victims:
        return False
    heads = [h for s, h in trigger_slots(trigger) if s in {"obj", "subjpass", "on", "against"}]
    harmed = any(t.lemma_.lower() in _HARM_VERBS and t.pos_ == "VERB" for t in sent)
    for tok in sent:
        if tok.lemma_.lower() in _HARM_VERBS and tok.pos_ == "VERB":
            heads += [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
        if harmed and tok.dep_ == "prep" and tok.lower_ == "including":
            # "killed 45 Palestinians overnight, including 12 children", however attached
            heads += [g for g in tok.children if g.dep_ == "pobj"]
    armed = load_trigger_lexicon().noun_classes.get("armed", frozenset())
    # "five of the villagers", "45 Palestinians, including 12 children"
    words = {
        t.lemma_.lower()
        for h in heads
        for t in (
            h,
            *(g for c in h.children if c.lower_ in {"of", "including"} for g in c.children),
        )
    }
    return bool(words & victims) and not words & armed


def _hits_civilian_object(trigger: Token, objects: frozenset[str] | None) -> bool:
    """True when what the event struck is a thing no armed side is ("attacks hit energy
    facilities", "shelled the market", "a strike on a hospital")."""
    if not objects:
        return False
    verb = trigger.head if trigger.dep_ in {"nsubj", "nsubjpass"} else trigger
    struck = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c != trigger]
    struck += [
        g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children
    ]
    return any(t.lemma_.lower() in objects for t in struck)


# The sides an unnamed armed group may be guessed to have fought.
_STATE_SIDES = frozenset({"state_force", "foreign_state_force", "international_coalition"})


def _coalition(actor_id: str, dictionary: ActorDictionary) -> bool:
    return dictionary.get(actor_id).type == "international_coalition"


def _fill_counterparts(
    reports: list[Report],
    mentions: list[ActorMention],
    dictionary: ActorDictionary,
    unnamed_doers: frozenset[str] = frozenset(),
) -> None:
    """Give a two-sided report without a named counterpart (or doer) its likely adversary.

    War reports mostly follow one front, but analyses cover several: the counterpart is the
    armed actor not allied with the named side that is mentioned around the sentence, then
    one at home in the country where the event happened (not another country's force), then
    the most mentioned in the document. Fighting told with no side at all takes first the
    armed actor named most around the sentence (none when none is). Each guess lowers the
    report's confidence. The doer of a type in `unnamed_doers` ("a roadside bomb struck an
    army vehicle") is not guessed: the lexicon's default doer (an unidentified group) stands.
    """
    armed = [m for m in mentions if _armed(m.actor_id, dictionary)]
    counts = Counter(str(m.actor_id) for m in armed)
    for report in reports:
        lo, hi = report.span[0] - _CONTEXT_CHARS, report.span[1] + _CONTEXT_CHARS // 3
        local = Counter(str(m.actor_id) for m in armed if lo <= m.start < hi)
        country = report.place.country if report.place else None

        def at_home(actor_id: str, country: str | None = country) -> bool:
            # Another country's force is an unlikely party ("the SDF" in an Iraqi town).
            home = dictionary.get(actor_id).country
            return country is None or home is None or home == country

        if report.type in SIDELESS_TYPES and report.actor1 is None and report.actor2 is None:
            # "Fighting continued around the airport": the sides the story is about, the one
            # named most around the sentence first.
            if not local:
                continue
            first = max(local, key=lambda a: (local[a], at_home(a), counts[a]))
            report.actor1 = dictionary.ref(first)
            report.confidence = round(max(0.1, report.confidence - 0.1), 2)
        if report.type not in TWO_SIDED_TYPES or (report.actor1 is None) == (report.actor2 is None):
            continue
        if report.stance == "denied":
            continue  # "the military denied any air strikes": no target of its own to guess
        if report.actor1 is None and report.type in unnamed_doers:
            continue
        named = report.actor1 or report.actor2
        assert named is not None
        if not _armed(named.id, dictionary):
            continue  # civilians struck by someone unnamed: no adversary to infer
        # A fallback for an unnamed side is no guess at all: "unknown" is what none says.
        # "the army said" in a story of Nigerian troops is that army, not its adversary.
        candidates = [
            a
            for a in counts
            if not dictionary.allied(a, named.id)
            and not dictionary.unnamed(a)
            and not dictionary.stands_for(a, named.id)
        ]
        if dictionary.unnamed(named.id):
            # "Gang members attacked Mirebalais" in a story of the Viv Ansanm gangs: the
            # unnamed side may be any group the story names; only a state is its adversary.
            candidates = [a for a in candidates if dictionary.get(a).type in _STATE_SIDES]
        if not candidates:
            continue
        # An international coalition fights from the air: ground changes hands between the
        # sides that hold it, so the coalition is their counterpart only when no such is named.
        on_ground = report.type in _GROUND_TYPES
        other = max(
            candidates,
            key=lambda a: (
                local[a] > 0,
                at_home(a),
                not (on_ground and _coalition(a, dictionary)),
                counts[a],
            ),
        )
        if report.actor1 is None:
            # "hundreds surrendered to the militia": the other side made the move.
            report.actor1 = dictionary.ref(other)
        else:
            report.actor2 = dictionary.ref(other)
        report.confidence = round(max(0.1, report.confidence - 0.1), 2)


def _draft_report(
    doc: Document,
    sdoc: Doc,
    sent: Span,
    match: TriggerMatch,
    places: list[Toponym],
    timexes: list[TimeExpression],
    by_token: dict[int, ActorMention],
    dictionary: ActorDictionary,
    tried: Token | None = None,
) -> tuple[Report, bool] | None:
    """A report for one trigger and whether the sentence's parse states its place, or None
    when the trigger names no particular event (judged on the verb of trying, `tried`, for
    an attempt)."""
    place: PlaceRef | None
    ground = match.entry.type in _GROUND_TYPES
    taken = _taken(sdoc, match, places) if ground else None
    lexicon = load_trigger_lexicon()
    if match.entry.type in lexicon.origin_types:
        # "fled to Tawila", "fled towards Mandalay": where they went is not where they left
        places = [t for t in places if not _destination(sdoc, t, match.token, lexicon)]
    if taken is not None:
        place, place_from_parse = place_ref(taken), True
    else:
        place, place_from_parse = locate_report_place(
            sdoc, (match.start, match.end), places, place_preps=match.entry.place_preps
        )
    if place_from_parse and ground:
        place = _with_extent(sdoc, sent, match, place, taken, places)
    date, date_from_text = link_time(
        sent, match.token, timexes, doc.published, published_estimated=doc.published_estimated
    )
    # "opened fire", "launched an offensive": a noun under its light verb is told by the verb.
    light = match.entry.governors and match.token.dep_ == "dobj"
    if not particular(
        tried or (match.token.head if light else match.token),
        place_from_parse or date_from_text,
        match.entry.forms,
        lexicon.habitual_participles,
        lasting=match.entry.type in _LASTING_TYPES,
        outcome=match.entry.type in _OUTCOME_TYPES,
        doer_preps=match.entry.doer_preps,
    ):
        return None
    mention1, mention2 = assign_roles(
        match.token, match.entry.roles, by_token, lexicon.impact_verbs, lexicon.repel_verbs
    )
    if not has_participants(match.token, mention1, mention2, place_from_parse or date_from_text):
        return None
    actor1 = _ref(mention1, dictionary, doer=True)
    if actor1 is not None and actor1.type == "civilians" and match.entry.type in VIOLENT_TYPES:
        actor1 = None  # "residents described heavy shelling": witnesses, not who fired
    actor2 = _ref(mention2, dictionary)
    if (
        actor2 is not None
        and match.entry.type in _ARMED_COUNTERPART
        and not _armed(actor2.id, dictionary)
    ):
        actor2 = None  # "besieged 200,000 civilians": the other side is whoever holds them
    confidence = 0.4 + 0.2 * (actor1 is not None) + 0.1 * (actor2 is not None)
    confidence += 0.15 * place_from_parse + 0.1 * date_from_text
    key = f"{doc.doc_id}:{match.start}:{match.entry.type}"
    kind = match.entry.type
    if (
        kind == "territory_ceded"
        and actor1 is not None
        and actor2 is not None
        and dictionary.allied(actor1.id, actor2.id)
    ):
        # Positions handed to an ally: the side keeps the ground, its units move.
        kind = "relocation"
    report = Report(
        report_id="r-" + hashlib.sha1(key.encode()).hexdigest()[:16],
        doc_id=doc.doc_id,
        type=kind,
        sentence=sent.text,
        span=(sent.start_char, sent.end_char),
        trigger=(match.start, match.end),
        source=doc.source,
        published=doc.published,
        actor1=actor1,
        actor2=actor2,
        place=place,
        date=date,
        confidence=round(min(confidence, 0.95), 2),
    )
    return report, place_from_parse


def _destination(sdoc: Doc, toponym: Toponym, trigger: Token, lexicon: TriggerLexicon) -> bool:
    """True for a place the trigger (or its particle) goes to: "fled to X", "fled back
    towards X", "to the east bank of X", "towards X or across the frontier to Y"."""
    span = sdoc.char_span(toponym.start, toponym.end, alignment_mode="expand")
    if span is None:
        return False
    tok, towards = span.root, False
    for _ in range(8):
        if tok.dep_ == "pobj" and tok.head.lower_ in lexicon.destination_preps:
            towards = True
        if tok.dep_ not in {"pobj", "prep", "conj", "prt", "advmod"} or tok.head == tok:
            return False
        tok = tok.head
        if tok == trigger:
            return towards
    return False


def _taken(sdoc: Doc, match: TriggerMatch, places: list[Toponym]) -> Toponym | None:
    """What a capture, withdrawal or siege takes as its object ("recaptured X", "the fall of
    X", "withdrew from X"): where it happened."""
    none_slots = {slot for slot, role in match.entry.roles.items() if role == "none"}
    return taken_place(
        sdoc,
        (match.start, match.end),
        places,
        place_slots=match.entry.place_preps | none_slots,
    )


def _with_extent(
    sdoc: Doc,
    sent: Span,
    match: TriggerMatch,
    place: PlaceRef | None,
    taken: Toponym | None,
    places: list[Toponym],
) -> PlaceRef | None:
    """The place at precision 2 when only ground beside or within it changed hands or was
    besieged ("took the villages south of X"): the timeline must not hand X itself over.
    `taken` is the toponym the place came from when known, else it is found in the sentence."""
    if place is None or place.precision != 1:
        return place
    named = taken or next(
        (
            t
            for t in places
            if sent.start_char <= t.start < sent.end_char
            and t.place is not None
            and t.place.place_id == place.place_id
        ),
        None,
    )
    if named is None or place_extent(sdoc, (match.start, match.end), (named.start, named.end)) < 2:
        return place
    return replace(place, precision=2)


def _ref(
    mention: ActorMention | None, dictionary: ActorDictionary, *, doer: bool = False
) -> ActorRef | None:
    """The actor of a role; media and monitors report events, they do not fight them, but a
    side's outlet as the doer ("an attack it had conducted", of a group's newsletter) stands
    for its side."""
    if mention is None or not mention.actor_id or mention.actor_id not in dictionary.actors:
        return None
    ref = dictionary.ref(mention.actor_id)
    if ref.type != "source":
        return ref
    side = _side_of(mention.actor_id, dictionary) if doer else None
    return dictionary.ref(side) if side else None


def _merge_same_type(drafts: list[Report], dictionary: ActorDictionary) -> list[Report]:
    """One report per type and place in a sentence; the first trigger speaks for the rest,
    unless the two name doers on opposite sides ("the army captured the town, only for the
    militants to retake it")."""
    kept: list[Report] = []
    for report in drafts:
        twin = next(
            (
                k
                for k in kept
                if k.type == report.type
                and _same_place(k, report)
                and not _opposed_doers(k, report, dictionary)
            ),
            None,
        )
        if twin is None:
            kept.append(report)
            continue
        twin.actor1 = twin.actor1 or report.actor1
        twin.actor2 = twin.actor2 or report.actor2
    return kept


def _opposed_doers(a: Report, b: Report, dictionary: ActorDictionary) -> bool:
    if a.actor1 is None or b.actor1 is None or a.actor1.id == b.actor1.id:
        return False
    return not dictionary.allied(a.actor1.id, b.actor1.id)


def _same_place(a: Report, b: Report) -> bool:
    if a.place is None or b.place is None:
        return True
    return (a.place.place_id or a.place.name) == (b.place.place_id or b.place.name)


def _attach_fatalities(
    drafts: list[Report],
    figure: tuple[Fatalities, Token] | None,
    trigger_of: dict[str, Token],
) -> None:
    """Give the sentence's figure to the violent report it is the toll of: the one whose
    trigger states it ("killing 12") or is its subject or governs it ("an attack on tourists
    killed 26", "attacked the village, killing 12"); else the first violent report."""
    if figure is None:
        return
    fatalities, cue = figure
    owners = {cue.i, cue.head.i} | {c.i for c in cue.children if c.dep_ == "nsubj"}
    owned = [r for r in drafts if r.type in VIOLENT_TYPES and trigger_of[r.report_id].i in owners]
    for report in owned or drafts:
        if report.type in VIOLENT_TYPES:
            claimed = fatalities.claimed or report.stance != "asserted"
            report.fatalities = replace(fatalities, claimed=claimed)
            return
