"""Stance and claimant: asserted, claimed, denied and hedged reports, with who said so.

Every sentence is our own. The trigger is marked with asterisks, removed before parsing; text
before the last sentence is context for references.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.stages.actors import ActorDictionary, find_actor_mentions, load_actor_dictionary
from sitrep.stages.claims import (
    Attribution,
    ClaimLexiconError,
    attribute,
    event_allowed,
    is_attributed,
    load_claim_lexicon,
)


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return load_actor_dictionary()


def attribute_marked(
    nlp: Language, actors: ActorDictionary, marked: str, country: str | None = "SY"
) -> Attribution:
    """Parse a text with one *trigger* and attribute that trigger."""
    start = marked.index("*")
    text = marked.replace("*", "")
    doc = nlp(text)
    trigger = next(t for t in doc if t.idx == start)
    mentions = find_actor_mentions(doc, actors, country)
    return attribute(trigger.sent, trigger, mentions, actors)


# (marked text, country, stance, claimant, claimant_id)
STANCES = [
    # asserted: the reporter states it
    ("Government forces *recaptured* the airport on Friday.", "SY", "asserted", None, None),
    ("Russian warplanes *bombed* the market in the morning.", "SY", "asserted", None, None),
    # a semicolon parts independent clauses: the passive "were reported" after it hedges nothing
    (
        "Hamas fighters *fired* rockets at Ashkelon on Sunday; no injuries were reported.",
        "IL", "asserted", None, None,
    ),
    # claimed: a governing reporting verb
    # "it said" after a source the text never named: that phrase
    (
        "The monitor counted the dead. Rebels *shelled* the village, it said.",
        "SY", "claimed", "The monitor", None,
    ),
    ("Villagers described *shelling* of the market.", "SY", "claimed", "Villagers", "civilians"),
    # the "that" clause of a statement a verb was made "in", however parsed: its subject speaks
    (
        "Islamic State claimed in a statement that its fighters had *killed* 20 soldiers.",
        "MZ", "claimed", "Islamic State", "islamic-state",
    ),
    # a "that" clause of a claim noun, which the parser took for a relative clause
    (
        "Moscow has not commented on the claims of Ukrainian military intelligence that the "
        "*strike* also hit an ammunition depot.",
        "RU", "claimed", "Ukrainian military intelligence", "ukraine",
    ),
    ("The ministry hailed *strikes* by its jets near the dam.", "SY", "claimed", "ministry", None),
    # a record that shows or documents the event claims it
    ("A video posted online showed the *shelling* of the market.", "SY", "claimed", "video",
     None),
    ("The rights group documented the *killing* of nine men.", "SY", "claimed", "rights group",
     None),
    (
        "The Syrian army said it had *captured* the town from the militants.",
        "SY", "claimed", "Syrian government forces", "syrian-government",
    ),
    (
        "The SDF announced that its fighters had *seized* the oil field.",
        "SY", "claimed", "Syrian Democratic Forces", "sdf",
    ),
    # a relaying noun's owner is the claimant
    (
        "According to the Observatory's sources on the ground, jets *struck* boats near the "
        "town.",
        "SY", "claimed", "Syrian Observatory for Human Rights", "sohr",
    ),
    # a dateline before the speaker ("KOBANI, Syria —") is not the speaker
    (
        "KOBANI, Syria — The Syrian Democratic Forces said on Monday that they had *taken* the "
        "dam.",
        "SY", "claimed", "Syrian Democratic Forces", "sdf",
    ),
    (
        "State news agency SANA, which ignored the earlier defeat, asserted that troops were "
        "*fighting* the militants on the outskirts.",
        "SY", "claimed", "SANA", "sana",
    ),
    (
        "Iranian-backed militias announced they had *recaptured* the border town.",
        "SY", "claimed", "Iranian-backed militias", "iranian-backed-militias",
    ),
    (
        "The Islamic State claimed responsibility for the *attack* on the checkpoint.",
        "SY", "claimed", "Islamic State", "islamic-state",
    ),
    (
        "Ukraine's General Staff reported that Russian troops had *shelled* the bridge.",
        "UA", "claimed", "General Staff of the Armed Forces of Ukraine", "ukraine-general-staff",
    ),
    # claimed: post-posed reporter
    (
        "The town *fell* to the army on Tuesday, the Russian Defence Ministry said.",
        "SY", "claimed", "Russian Defence Ministry", "russian-defence-ministry",
    ),
    (
        "Twelve fighters were *killed* in the raid, the Syrian Observatory for Human Rights said.",
        "SY", "claimed", "Syrian Observatory for Human Rights", "sohr",
    ),
    # claimed: "according to X" anywhere in the sentence
    (
        "According to SANA, government forces *retook* the village.",
        "SY", "claimed", "SANA", "sana",
    ),
    (
        "The Iraqi army *seized* the crossing, according to the Iraqi military chief of staff.",
        "IQ", "claimed", "Iraqi military chief of staff", "iraqi-security-forces",
    ),
    (
        "Houthi drones *struck* the port, according to a spokesman for the Saudi-led coalition.",
        "YE", "claimed", "spokesman for the Saudi-led coalition", "saudi-led-coalition",
    ),
    # claimed: speakers that are people or references
    (
        "A top Iranian official said the militias had *taken* the town.",
        "SY", "claimed", "top Iranian official", "iran",
    ),
    (
        "Local residents said gunmen *abducted* six farmers.",
        "NG", "claimed", "Local residents", "civilians",
    ),
    (
        "ISIS lost the town last week. The group said its fighters had *ambushed* a convoy.",
        "SY", "claimed", "Islamic State", "islamic-state",
    ),
    # claimed: "it said" resolved to the last source; hyphenated names kept whole
    (
        "SOHR counted the dead. At least 20 fighters were *killed* in the clashes, it said.",
        "SY", "claimed", "Syrian Observatory for Human Rights", "sohr",
    ),
    (
        "SANA said the army advanced. It said control had been *established* over the roads.",
        "SY", "claimed", "SANA", "sana",
    ),
    # "It said" opening the sentence after a named speaker goes on with that speaker, even one
    # the dictionary does not know, not with the last armed actor named
    (
        "The Tigris Monitoring Group confirmed that Hezbollah had entered the town. It said "
        "at least 12 fighters were *killed* in the clashes.",
        "SY", "claimed", "Tigris Monitoring Group", None,
    ),
    (
        "The leader, Sheikh Omar al-Saadi, said that the fighters *fled* across the border.",
        "IQ", "claimed", "Sheikh Omar al-Saadi", None,
    ),
    # denied
    (
        "Government forces *drove* the militants from the city, which the Islamic State denied.",
        "SY", "denied", "Islamic State", "islamic-state",
    ),
    (
        "Local sources denied the city was *retaken* by forces loyal to Assad.",
        "SY", "denied", "Local sources", None,
    ),
    (
        "The RSF rejected claims that it had *attacked* the camp.",
        "SD", "denied", "Rapid Support Forces", "rsf",
    ),
    (
        "The army said its troops had *entered* the town, but the SDF denied it.",
        "SY", "denied", "Syrian Democratic Forces", "sdf",
    ),
    (
        "Reports that the army *captured* the hill are false, the Houthis said.",
        "YE", "denied", "Houthis (Ansar Allah)", "houthis",
    ),
    (
        "Moscow denied that its jets had *bombed* the hospital.",
        "SY", "denied", "Russian forces", "russia",
    ),
    # hedged
    ("Rebels reportedly *captured* two villages near the highway.", "SY", "hedged", None, None),
    ("The militants allegedly *executed* the prisoners.", "SY", "hedged", None, None),
    ("The army is said to have *recaptured* the base.", "SY", "hedged", None, None),
    ("The fighters may have *fled* to the desert.", "SY", "hedged", None, None),
    ("The militants appear to have *abandoned* the town.", "SY", "hedged", None, None),
    (
        "The jihadists *burned* the granary, though the account could not be independently "
        "verified.",
        "SY", "hedged", None, None,
    ),
    ("The alleged *massacre* took place near the river.", "SY", "hedged", None, None),
    (
        "SOHR said the army had apparently *withdrawn* from the village.",
        "SY", "hedged", "Syrian Observatory for Human Rights", "sohr",
    ),
    (
        "Officials believe the group *moved* its headquarters to the desert.",
        "SY", "hedged", "Officials", None,
    ),
]  # fmt: skip


@pytest.mark.parametrize(("marked", "country", "stance", "claimant", "claimant_id"), STANCES)
def test_claims_stance_and_claimant(
    nlp: Language,
    actors: ActorDictionary,
    marked: str,
    country: str,
    stance: str,
    claimant: str | None,
    claimant_id: str | None,
) -> None:
    attribution = attribute_marked(nlp, actors, marked, country)
    assert (attribution.stance, attribution.claimant, attribution.claimant_id) == (
        stance,
        claimant,
        claimant_id,
    ), attribution
    assert event_allowed(attribution), attribution


# A second batch, written after the rules and first run unseen: (marked, country, stance, id).
STANCE_IDS = [
    ("Turkey's military said it had *destroyed* 12 targets.", "SY", "claimed", "turkey"),
    ("The RSF *shelled* the market on Sunday, according to SUNA.", "SD", "claimed", "suna"),
    (
        "Houthi forces *fired* two missiles at the port, the Saudi-led coalition said.",
        "YE", "claimed", "saudi-led-coalition",
    ),
    ("Al-Shabaab fighters reportedly *stormed* a police station.", "SO", "hedged", None),
    # a speaker the parser hung on a list before a subjectless "said"
    (
        "A car bomb *killed* 18 people, most of them women and children, the Observatory for"
        " Human Rights said.",
        "SY", "claimed", "sohr",
    ),
    # a report withheld claims nothing; a confirmation withheld leaves the event unconfirmed
    ("Syrian state media has not reported the *counter-attack*.", "SY", "asserted", None),
    ("The army did not confirm the *strike* on the depot.", "SY", "hedged", None),
    ("JNIM denied that its fighters had *massacred* the villagers.", "ML", "denied", "jnim"),
    ("The Tatmadaw *bombed* a school in Sagaing, killing nine pupils.", "MM", "asserted", None),
    ("The SDF said Turkish drones had *struck* a checkpoint.", "SY", "claimed", "sdf"),
    ("SOHR reported that pro-government militias *executed* four men.", "SY", "claimed", "sohr"),
    ("Ukrainian forces *recaptured* the village, which Moscow denied.", "UA", "denied", "russia"),
    ("Wagner fighters purportedly *seized* the salt mine.", "UA", "hedged", None),
    ("The Iraqi army said its troops had *cleared* the last districts.", "IQ", "claimed",
     "iraqi-security-forces"),
    ("The militants are believed to have *abducted* 30 students.", "NG", "hedged", None),
    ("ISIS *ambushed* an army patrol near Palmyra, the war monitor said.", "SY", "claimed", "sohr"),
    # a title line glued on by the parser as a second subject is not the speaker
    ("The Group’s Slow Collapse \nIn May 2019, the Iraqi army formally announced the "
     "*liberation* of Baiji after six months of heavy fighting.", "IQ", "claimed",
     "iraqi-security-forces"),
    # nor is a dateline: the speaker follows its dash
    ("KOBANI — The Syrian Democratic Forces said on Monday they had *taken* the dam.", "SY",
     "claimed", "sdf"),
]  # fmt: skip


@pytest.mark.parametrize(("marked", "country", "stance", "claimant_id"), STANCE_IDS)
def test_claims_stance_and_claimant_id(
    nlp: Language,
    actors: ActorDictionary,
    marked: str,
    country: str,
    stance: str,
    claimant_id: str | None,
) -> None:
    attribution = attribute_marked(nlp, actors, marked, country)
    assert (attribution.stance, attribution.claimant_id) == (stance, claimant_id), attribution


def test_claims_table_is_large_enough() -> None:
    assert len([row for row in STANCES if row[2] != "asserted"]) >= 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army said it took the town.", True),
        ("According to the monitor, ten died.", True),
        ("Rebels reportedly seized the road.", True),
        ("The army is said to have retaken the base.", True),
        ("The army took the town.", False),
        ("The attack claimed the lives of nine civilians.", False),
    ],
)
def test_claims_is_attributed(nlp: Language, text: str, expected: bool) -> None:
    sent = next(iter(nlp(text).sents))
    assert is_attributed(sent) is expected


def test_claims_lexicon_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("reporting_verbs: {claim: [say]}\n", encoding="utf-8")
    with pytest.raises(ClaimLexiconError, match=r"claims\.yaml: according_to"):
        load_claim_lexicon(path)
