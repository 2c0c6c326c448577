"""Roles, place and stance of event reports: a table of sentences written by us."""

from __future__ import annotations

import datetime as dt

import pytest
from events_fixtures import events_of
from spacy.language import Language

from sitrep.model import Report


def reports_of(nlp: Language, text: str, doc_id: str = "t") -> list[Report]:
    """Run the events stage with the real upstream stages over one text."""
    return events_of(nlp, text, doc_id=doc_id, source="Test")


def _sides(report: Report) -> tuple[str | None, str | None]:
    """The ids of a report's actor1 and actor2."""
    return (
        report.actor1.id if report.actor1 else None,
        report.actor2.id if report.actor2 else None,
    )


# sentence, type, actor1, actor2
ROLES = [
    # a subject shared with the verb a weapon noun hangs on
    (
        "Islamic State fighters entered Tikrit wearing suicide vests on Monday.",
        "suicide_attack",
        "islamic-state",
        None,
    ),
    # a side's outlet as the teller of a passive: its side did it ...
    (
        "Al-Naba said the town of Rutbah was captured in October.",
        "territory_taken",
        "islamic-state",
        None,
    ),
    # ... but not a bombing, which sides report as done to them
    (
        "The Iraqi army said a car bomb had been detonated at a checkpoint in Tikrit.",
        "remote_explosive",
        "unidentified-armed-group",
        None,
    ),
    # the people besieged are not the other side
    (
        "Islamic State fighters besieged 90,000 civilians in Deir ez-Zor in 2016.",
        "siege",
        "islamic-state",
        None,
    ),
    # a heading glued to the sentence names none of its actors
    (
        "The Islamic State\u2019s Long Retreat\nIn July the Iraqi army announced the liberation "
        "of Mosul.",
        "territory_taken",
        "iraqi-security-forces",
        "islamic-state",  # the other side, guessed from the document
    ),
    # the agent of a participle describing the weapon is the doer
    (
        "A landmine planted by Houthi fighters exploded under a truck near Taiz on Monday.",
        "remote_explosive",
        "houthis",
        None,
    ),
    # civilians as the harmed party of the sentence
    (
        "Houthi drones struck a bus near Taiz on Monday, killing six people.",
        "air_strike",
        "houthis",
        "civilians",
    ),
    ("Residents described a bombardment from the RSF on Monday night.", "shelling", "rsf", None),
    ("Mosul fell to the Islamic State in June 2014.", "territory_taken", "islamic-state", None),
    (
        "The Syrian army drove Islamic State out of Deir ez-Zor.",
        "territory_taken",
        "syrian-government",
        "islamic-state",
    ),
    (
        "Hezbollah and the Syrian army attacked ISIS positions near Qaryatayn.",
        "attack",
        "hezbollah",
        "islamic-state",
    ),
    (
        "The SDF, backed by the US-led coalition, captured Tabqa from the Islamic State.",
        "territory_taken",
        "sdf",
        "islamic-state",
    ),
    (
        "The Houthis ceded the port of Hodeidah to the Saudi-led coalition.",
        "territory_ceded",
        "houthis",
        "saudi-led-coalition",
    ),
    (
        "Islamic State militants clashed with Iraqi forces near Qaim.",
        "armed_clash",
        "islamic-state",
        "iraqi-security-forces",
    ),
    (
        "The Islamic State ambushed a convoy of the Iraqi army west of Ramadi.",
        "attack",
        "islamic-state",
        "iraqi-security-forces",
    ),
    ("Russian airstrikes hit a market in Idlib.", "air_strike", "russia", None),
    (
        "Hundreds of Islamic State fighters surrendered to the SDF in Raqqa.",
        "surrender",
        "islamic-state",
        "sdf",
    ),
    ("The RSF besieged El Fasher for months.", "siege", "rsf", None),
    (
        "Wagner units withdrew from the town and handed their positions to Russian forces.",
        "relocation",  # handed to an ally: the side keeps the ground
        "wagner",
        "russia",
    ),
    (
        "Russian troops withdrew from the town and handed their positions to Ukrainian forces.",
        "territory_ceded",
        "russia",
        "ukraine",
    ),
    (
        "The militia pulled out of the border town and passed its posts to government forces.",
        "territory_ceded",
        "unidentified-militia",
        "government-forces",
    ),
    (
        "The SAF recaptured the presidential palace in Khartoum from the RSF.",
        "territory_taken",
        "saf",
        "rsf",
    ),
    ("Raqqa was captured by the SDF on Tuesday.", "territory_taken", "sdf", None),
    (
        "Government forces seized Mosul after capturing Tikrit.",
        "territory_taken",
        "government-forces",
        None,
    ),
    (
        "Al-Shabaab militants kidnapped three aid workers near Kismayo.",
        "abduction",
        "al-shabaab",
        "civilians",  # workers are civilian victims
    ),
    # who withholds a report did not do the deed (state media stands for no side here)
    ("Syrian state media has not reported the attack on the base.", "attack", None, None),
    # a ministry speaks for its state's forces; "Ukrainian positions" are Ukraine's
    (
        "Russia's defence ministry said its artillery struck Ukrainian positions.",
        "shelling",
        "russia",
        "ukraine",
    ),
    # the subject of a relative clause with the event noun as its object did the event; its
    # "on" phrase names the target ("government-held" districts are the government's)
    (
        "Residents described the end of the siege that the Houthis imposed on the "
        "government-held districts of Taiz in 2016.",
        "siege",
        "houthis",
        "government-forces",
    ),
    ("The assault which Wagner carried out on Soledar failed.", "offensive", "wagner", None),
    # "hailed strikes by six bombers": the "by" the parser hung on the active verb is the
    # strikes' own (the bombers make them air strikes; the ministry speaks for its forces)
    (
        "Russia's defence ministry hailed strikes by six long-range bombers near Mayadin.",
        "air_strike",
        "russia",
        None,
    ),
    # what a bomb "struck" is its target (impact_verbs); its planter stays unnamed, not
    # guessed as the target's adversary
    (
        "A roadside bomb struck an army vehicle near Kismayo on Monday.",
        "remote_explosive",
        "unidentified-armed-group",
        "government-forces",
    ),
    # whom a strike "killed" is its target, and the killing is its toll, not a second event
    # that would absorb the strike (impact_verbs)
    (
        "A drone strike killed two al-Shabaab fighters near Jilib.",
        "air_strike",
        "unidentified-armed-group",
        "al-shabaab",
    ),
    (
        "An Israeli airstrike killed three Hezbollah fighters near Tyre.",
        "air_strike",
        "israel",
        "hezbollah",
    ),
    # a country with no listed force has its state's (national_forces); positions a side
    # holds are no unnamed sweep of land
    (
        "Azerbaijani troops shelled Armenian positions near the border.",
        "shelling",
        "military-forces-az",
        "military-forces-am",
    ),
    # what a side with no aircraft bombed, it bombed with a planted bomb (ground_bombings)
    ("Boko Haram bombed a mosque in Maiduguri on Friday.", "remote_explosive", "boko-haram", None),
    (
        "The regime's bombing of Douma killed 30 civilians.",
        "air_strike",
        "government-forces",
        "civilians",
    ),
    (
        "Gunmen suspected to be bandits kidnapped 25 worshippers in Kaduna on Sunday.",
        "abduction",
        "unidentified-armed-group",
        "civilians",
    ),
    # the target of a light verb's noun hangs on the verb ("opened fire on worshippers"), and
    # protesters are civilians
    (
        "Gunmen opened fire on worshippers at a mosque in Zamfara.",
        "attack_on_civilians",
        "unidentified-armed-group",
        "civilians",
    ),
    (
        "Soldiers fired on protesters in Kano on Monday.",
        "attack_on_civilians",
        "government-forces",
        "civilians",
    ),
    # an army's aircraft shot down is an attack on the army
    (
        "Rebels shot down an army helicopter near Kidal on Friday.",
        "attack",
        "rebels",
        "government-forces",
    ),
    # what strikes the ground a side holds strikes that side (not the speaker's side)
    (
        "Government forces shelled villages held by Hezbollah near Qusayr, the SDF said.",
        "shelling",
        "government-forces",
        "hezbollah",
    ),
    ("Turkish-backed factions shelled villages near Manbij.", "shelling", "tfsa", None),
    # what "came under" fire or attack was struck, not the setting of something else
    ("An army convoy came under fire near Kidal on Monday.", "attack", None, "government-forces"),
    (
        "Ukrainian positions near Bakhmut came under heavy shelling on Monday.",
        "shelling",
        "unidentified-armed-group",
        "ukraine",
    ),
    # hostages killed are civilians killed
    ("The rebels have killed the hostages.", "attack_on_civilians", "rebels", "civilians"),
    # the side that made them victims is not the side they are of (outsider_lemmas)
    ("The victims of the RSF fled the town on Monday.", "displacement", "civilians", None),
    (
        "Jets bombed a camp sheltering relatives of IS fighters.",
        "air_strike",
        "unidentified-armed-group",
        None,
    ),
    (
        "Gunmen killed five fishermen on the river.",
        "attack_on_civilians",
        "unidentified-armed-group",
        "civilians",
    ),
    (
        "Gunmen opened fire on traders at the market.",
        "attack_on_civilians",
        "unidentified-armed-group",
        "civilians",
    ),
    # a capital owning its residents is their city, not their state: they fled, unarmed
    ("Khartoum's residents fled the city on Monday.", "displacement", "civilians", None),
    # a nationality attributed to the doer ("jets thought to be Syrian")
    (
        "Jets thought to be Syrian bombed the market in Idlib on Monday.",
        "air_strike",
        "syrian-government",
        None,
    ),
    # a country name of several words as subject is its state force ("the United States")
    (
        "The Islamic State held Rawa. The United States provided air support to the Iraqi "
        "ground forces near Rawa on Friday.",
        "air_strike",
        "united-states",
        "islamic-state",
    ),
    # fire "from" a force is that force's; a gerund with its doer so named is one episode, and
    # the noun the parser split from it ("artillery shelling") is part of it
    (
        "Monitors reported increasing artillery shelling from French forces near Hajin over "
        "the past week.",
        "shelling",
        "france",
        None,
    ),
    # who repelled an assault (repel_verbs) was attacked: the counterpart, not the doer, and
    # the speaker who says so is not the attacker either
    (
        "Malian troops repelled an attack by JNIM fighters on their base near Boulkessi.",
        "attack",
        "jnim",
        "malian-army",
    ),
    (
        "The assault on the town was repulsed by Ukrainian forces on Monday.",
        "offensive",
        None,
        "ukraine",
    ),
    ("Ukrainian forces beat back an assault near Avdiivka.", "offensive", None, "ukraine"),
    # killing assailants, terrorists or bandits is an attack on an armed side
    (
        "Nigerian troops killed 30 bandits in Zamfara on Sunday.",
        "attack",
        "nigerian-army",
        "unidentified-armed-group",
    ),
    (
        "Malian troops killed 20 assailants near Tessit.",
        "attack",
        "malian-army",
        "unidentified-armed-group",
    ),
    # the passive agent of the weapons that struck (a country standing for its state)
    ("Dozens of drones launched by Russia hit Kyiv overnight.", "air_strike", "russia", None),
    ("Drones sent by the rebels struck the airport on Monday.", "air_strike", "rebels", None),
    # an attack whose victims are civilians is violence against civilians
    (
        "Gunmen attacked a hamlet in Zamfara, killing 12 villagers.",
        "attack_on_civilians",
        "unidentified-armed-group",
        "civilians",
    ),
    ("Rebels attacked an army post, killing 12 soldiers.", "attack", "rebels", "government-forces"),
    # "the army" the speaker names is, in a Nigerian story, the Nigerian troops themselves:
    # no adversary of theirs.
    ("Nigerian troops attacked a camp in Zamfara, the army said.", "attack", "nigerian-army", None),
    (
        "The army said it had repulsed an attack on its positions near Kidal.",
        "attack",
        None,
        "government-forces",
    ),
    # what a bomb was driven into is its target (impact_verbs)
    (
        "A suicide bomber rammed a car into a military convoy, killing 16 soldiers.",
        "suicide_attack",
        "unidentified-armed-group",
        "government-forces",
    ),
    # the people killed are civilians when the sentence counts children among them
    (
        "Israeli strikes killed at least 45 Palestinians overnight, including 12 children.",
        "air_strike",
        "israel",
        "civilians",
    ),
    # what is blamed on someone was done by them (blame_lemmas), not by the blamer
    ("Kyiv blamed Russia for the strike on the hospital.", "air_strike", "russia", None),
    (
        "The government blamed the SPLM-IO for the attack on the garrison.",
        "attack",
        "splm-io",
        "government-forces",
    ),
    (
        "The kidnapping of the engineers was blamed on the militia.",
        "abduction",
        "unidentified-militia",
        None,
    ),
    (
        "The army accused the rebels of shelling the town.",
        "shelling",
        "rebels",
        "government-forces",
    ),
    # who tells of repelling an attack was its target, when the repellers are not named
    (
        "Units of the Centre group of forces repelled four Ukrainian counterattacks near "
        "Pokrovsk, the Russian defence ministry said.",
        "offensive",
        "ukraine",
        "russia",
    ),
    # who repelled armed men was attacked by them
    (
        "Troops repelled the attackers near the town after a gun battle.",
        "attack",
        "unidentified-armed-group",
        "government-forces",
    ),
    # a gerund as a clause's subject is an event noun, its "between" pair the two sides
    (
        "Fighting between ELN guerrillas and dissidents of the former FARC rebel group has"
        " killed at least 80 people in the Catatumbo region, the government said on Sunday.",
        "armed_clash",
        "eln",
        "farc-dissidents",
    ),
]


@pytest.mark.parametrize(("text", "kind", "actor1", "actor2"), ROLES)
def test_events_roles_from_the_parse(
    nlp: Language, text: str, kind: str, actor1: str | None, actor2: str | None
) -> None:
    found = [r for r in reports_of(nlp, text) if r.type == kind]
    assert found, text
    report = found[0]
    assert (report.actor1.id if report.actor1 else None) == actor1
    assert (report.actor2.id if report.actor2 else None) == actor2


# sentence, type, expected place name (gazetteer spelling may differ: a substring is enough)
PLACES = [
    ("Islamic State fighters withdrew from the town of Hajin.", "territory_ceded", "Haj"),
    ("Fighters from Raqqa attacked an army post in Palmyra.", "attack", "Tadmur"),
    ("The Syrian army entered Deir ez-Zor on Friday.", "territory_taken", "Z"),
    ("Militants ambushed a patrol near Kismayo.", "attack", "Kismayo"),
    # "there" is the town named last before it, not the place the leaders came from
    (
        "Syrian troops entered the town of Mayadin on Saturday. The group had moved many of "
        "its leaders there from Raqqa earlier this year.",
        "relocation",
        "Mayādīn",
    ),
]


@pytest.mark.parametrize(("text", "kind", "place"), PLACES)
def test_events_roles_place_of_the_event(nlp: Language, text: str, kind: str, place: str) -> None:
    report = next(r for r in reports_of(nlp, text) if r.type == kind)
    assert report.place is not None
    assert place in report.place.name


def test_events_roles_an_organisations_seat_is_no_fallback_place(nlp: Language) -> None:
    # With no place of its own, a report falls back on the text's places, but not on where
    # the monitor that tells it sits.
    text = "The London-based monitor said warplanes bombed the area on Sunday."
    report = next(r for r in reports_of(nlp, text) if r.type == "air_strike")
    assert report.place is None


def test_events_roles_a_place_word_in_an_actors_name_is_no_place(nlp: Language) -> None:
    # "Popular" is another name of Elloree (South Carolina) in the gazetteer; inside "the
    # Popular Mobilisation Forces" it is a word of the actor's name, so the flight falls back
    # on the town named before.
    text = (
        "Iraqi troops surrounded Rawa in Anbar province. Tribal fighters and the Popular "
        "Mobilisation Forces joined them.\n\nMany militants fled into the desert in recent "
        "days, commanders said."
    )
    report = next(r for r in reports_of(nlp, text) if r.type == "territory_ceded")
    assert report.place is not None and report.place.name == "Rāwah"


# sentence, type, stance, claimant substring
STANCES = [
    ("The army said it had retaken Mayadin.", "territory_taken", "claimed", "army"),
    (
        "Wagner fighters took control of Bakhmut, the Russian defence ministry said.",
        "territory_taken",
        "claimed",
        "Defence Ministry",
    ),
    ("The SDF captured the dam, which the Islamic State denied.", "territory_taken", "denied", ""),
    ("Rebels reportedly seized the airport.", "territory_taken", "hedged", None),
    ("The SDF captured the dam on Tuesday.", "territory_taken", "asserted", None),
    # what nobody claimed responsibility for happened, asserted by the writer; what nobody
    # confirmed is unconfirmed
    (
        "No group has claimed responsibility for the attack on the hotel in Mogadishu.",
        "attack",
        "asserted",
        None,
    ),
    (
        "Nobody has confirmed the capture of the town by the rebels.",
        "territory_taken",
        "hedged",
        None,
    ),
    # who the doers are is suspected, and the parser took "suspected" for the main verb: the
    # gunmen are no claimant, the deed theirs, hedged
    (
        "Gunmen suspected to be bandits kidnapped 25 worshippers in Kaduna on Sunday.",
        "abduction",
        "hedged",
        None,
    ),
    # who blames claims
    ("Kyiv blamed Russia for the strike on the hospital.", "air_strike", "claimed", "Ukrain"),
    # a dateline closed by a hyphen between spaces is no speaker
    (
        "BOGOTA (Reuters) - Fighting between ELN guerrillas and FARC dissidents killed 80"
        " people in Tibu, the government said on Sunday.",
        "armed_clash",
        "claimed",
        "government",
    ),
    # "it said" after a source the sentence before only calls "the monitor"
    (
        "Rebels hold the outskirts, according to the monitor. At least 27 pro-government"
        " fighters were killed in the fighting in Hajin, it said.",
        "armed_clash",
        "claimed",
        "the monitor",
    ),
]


@pytest.mark.parametrize(("text", "kind", "stance", "claimant"), STANCES)
def test_events_roles_stance_and_claimant(
    nlp: Language, text: str, kind: str, stance: str, claimant: str | None
) -> None:
    report = next(r for r in reports_of(nlp, text) if r.type == kind)
    assert report.stance == stance
    if claimant is None:
        assert report.claimant is None
    else:
        assert report.claimant is not None and claimant.lower() in report.claimant.lower()


def test_events_roles_report_fields_and_stable_id(nlp: Language) -> None:
    text = "Rebels shelled the town. The airstrike killed 12 civilians in Idlib on Monday."
    first = reports_of(nlp, text, doc_id="d1")
    again = reports_of(nlp, text, doc_id="d1")
    assert [r.report_id for r in first] == [r.report_id for r in again]
    strike = next(r for r in first if r.type == "air_strike")
    assert text[strike.span[0] : strike.span[1]] == strike.sentence
    assert text[strike.trigger[0] : strike.trigger[1]] == "airstrike"
    assert strike.source == "Test" and strike.published == dt.date(2017, 11, 3)
    assert strike.fatalities is not None and strike.fatalities.count == 12
    # The killing is the airstrike's outcome, not a second event.
    assert [r.type for r in first].count("attack_on_civilians") == 0


# One report per event, not per word.
DISTINCT = [
    ("Gunmen shot and attacked the convoy near the bridge.", ["attack"]),
    # the killing is the toll of the shelling it happened in
    (
        "At least 12 civilians were killed when shells hit Al Saudi Hospital in El Fasher on"
        " 1 June, according to the hospital's staff.",
        ["shelling"],
    ),
    # an event noun naming a kind of thing, even one the parser took for an adjective
    (
        "The RSF shelled the Abu Shouk displacement camp outside El Fasher on Sunday.",
        ["shelling"],
    ),
    # "the first time ... since": the main clause's event compared with others (frame_nouns)
    (
        "Rebels swept into Aleppo on Friday, the first time opposition fighters have entered "
        "Syria's second city since 2016.",
        ["territory_taken"],
    ),
    ("The army broke the siege of the airbase.", ["siege_broken"]),
    (
        "Government forces seized Mosul after capturing Tikrit.",
        ["territory_taken", "territory_taken"],
    ),
    ("The fighting displaced thousands of families.", ["armed_clash", "displacement"]),
    # the killing is the more specific account of the attack it happened in
    ("Gunmen killed twelve villagers in an attack on a hamlet.", ["attack_on_civilians"]),
    # an attack made with a weapon its object or "with" names is one event of that kind
    ("Hezbollah fired rockets at Kiryat Shmona on Monday.", ["shelling"]),
    ("Rebels attacked the convoy with mortars near Kidal.", ["shelling"]),
    # the parser may make the strikes the head and the killing their clause: the toll still
    (
        "The junta's airstrikes killed at least 30 people in a camp in Kachin state on Monday.",
        ["air_strike"],
    ),
    # a clause in which a place "came under attack" that only dates another event is its
    # background, as "during the attack" is
    ("Residents fled after the town came under attack on Monday.", ["displacement"]),
    # fighting whose phase a "since" or "after" clause tells dates the event it frames; a
    # strike such a clause tells is an event of its own
    ("Thousands of families have fled to Tawila since the fighting began.", ["displacement"]),
    (
        "Rescuers searched the rubble on Sunday, a day after a Russian missile tore through "
        "the block in Dnipro.",
        ["shelling"],
    ),
    # what a withdrawal avoided did not happen (negating_objects)
    (
        "Ukraine's army said on Saturday it had withdrawn its units from the eastern town of "
        "Avdiivka to avoid encirclement, ending a months-long defence of the town.",
        ["territory_ceded"],
    ),
    # a bomb that exploded and the killing it caused are one explosion
    (
        "At least 17 people were killed when a bomb exploded at a market in Bannu.",
        ["remote_explosive"],
    ),
]


@pytest.mark.parametrize(("text", "types"), DISTINCT)
def test_events_roles_one_report_per_event(nlp: Language, text: str, types: list[str]) -> None:
    assert sorted(r.type for r in reports_of(nlp, text)) == sorted(types)


@pytest.mark.parametrize(
    "text",
    [
        "[12] Jane Roe, “Army retakes the river town,” The Daily Courier, May 3, 2016.",
        "The militants attacked the convoy during the ceasefire.",
        "Insurgents keep carrying out attacks against the police.",
        "Hit-and-run raids returned to newly liberated areas.",
        "Syrian troops, backed by Russian airstrikes, retook the town on Sunday.",
    ],
)
def test_events_roles_no_report_for_citations_frames_and_habits(nlp: Language, text: str) -> None:
    kinds = [r.type for r in reports_of(nlp, text)]
    if text.startswith("Syrian"):
        assert kinds == ["territory_taken"]  # the airstrikes only helped
        return
    assert "agreement" not in kinds and "territory_taken" not in kinds
    if text.startswith("Insurgents"):
        assert kinds == []


def test_events_roles_counterpart_from_the_document(nlp: Language) -> None:
    text = (
        "Islamic State fighters held the district for a year. "
        "The SDF captured the town of Hajin on Friday."
    )
    report = next(r for r in reports_of(nlp, text) if r.type == "territory_taken")
    assert report.actor1 is not None and report.actor1.id == "sdf"
    assert report.actor2 is not None and report.actor2.id == "islamic-state"


def test_events_roles_sources_are_not_doers(nlp: Language) -> None:
    text = "The Syrian Observatory for Human Rights reported shelling of the town on Monday."
    for report in reports_of(nlp, text):
        assert report.actor1 is None or report.actor1.type != "source"


# text, type, expected actor1
DOERS = [
    # A pronoun subject refers to the last armed actor named before it.
    (
        "The Houthis lost the hills last spring. In June they withdrew from the port of Mocha.",
        "territory_ceded",
        "houthis",
    ),
    # The claimant of an agentless passive is the doer when it is an armed actor.
    (
        "The Syrian army said on Monday that the town of Hajin had been liberated.",
        "territory_taken",
        "syrian-government",
    ),
    # The claimant's own "it": "the army said it took X".
    (
        "The Iraqi army said it had recaptured Rawa on Friday.",
        "territory_taken",
        "iraqi-security-forces",
    ),
    # A pronoun possessor of the subject: "its gunboats".
    (
        "The Houthis said on Monday that its gunboats had shelled the port of Mocha.",
        "shelling",
        "houthis",
    ),
    # Defaults when nobody is named: people who flee are civilians, bombs have an unnamed planter.
    ("Thousands of residents fled the villages near Mocha on Monday.", "displacement", "civilians"),
    (
        "A roadside bomb struck a bus near Kismayo on Monday, killing four.",
        "remote_explosive",
        "unidentified-armed-group",
    ),
    # ... and so have shells and bombs dropped from the air.
    (
        "The market of Gao was shelled on Monday, killing three.",
        "shelling",
        "unidentified-armed-group",
    ),
    (
        "Eight people were killed when jets hit a market in Idlib on Sunday.",
        "air_strike",
        "unidentified-armed-group",
    ),
    # A surrender to one side is made by its main adversary in the document.
    (
        "Al-Shabaab fighters attacked the base at dawn. "
        "On Tuesday dozens of men surrendered to the Somali army near Kismayo.",
        "surrender",
        "al-shabaab",
    ),
]


@pytest.mark.parametrize(("text", "kind", "actor1"), DOERS)
def test_events_doers_implied(nlp: Language, text: str, kind: str, actor1: str) -> None:
    found = [r for r in reports_of(nlp, text) if r.type == kind]
    assert found, text
    assert found[-1].actor1 is not None and found[-1].actor1.id == actor1


def test_events_doers_source_claimant_is_not_a_doer(nlp: Language) -> None:
    text = "The Syrian Observatory for Human Rights said the town had been captured on Monday."
    found = [r for r in reports_of(nlp, text) if r.type == "territory_taken"]
    assert all(r.actor1 is None or r.actor1.type != "source" for r in found)


# Counterparts guessed from the document: text, type, expected actor1 and actor2 of its last
# report of that type.
COUNTERPARTS = [
    # The document's most mentioned adversary (the SDF) fights in Syria; in Iraq the
    # counterpart of a loss is the Iraqi state's force, also named in the document.
    (
        "The SDF pushed into Raqqa in June. The SDF then took the stadium, and the SDF "
        "cleared the old city. Iraqi forces were busy on their side of the border. "
        "In August the Islamic State lost Tal Afar.",
        "territory_ceded",
        "islamic-state",
        "iraqi-security-forces",
    ),
    # The coalition is named more often, but ground changes hands between the sides that
    # hold it: the road was the army's, not the coalition's.
    (
        "The US-led coalition bombed Raqqa in January. Coalition airstrikes cut the bridges, "
        "and the coalition said more would follow. The Syrian army held the airport. "
        "Weeks later, the Islamic State took control of the road to the airport.",
        "territory_taken",
        "islamic-state",
        "syrian-government",
    ),
    # A strike's counterpart may still be the coalition.
    (
        "The US-led coalition bombed Raqqa in January. Coalition airstrikes cut the bridges. "
        "The Syrian army held the airport. Weeks later, the Islamic State attacked the city.",
        "attack",
        "islamic-state",
        "us-led-coalition",
    ),
]


def test_events_roles_an_unnamed_side_gets_no_named_group_as_counterpart(
    nlp: Language,
) -> None:
    # "gang members" may be the Viv Ansanm gangs themselves: no adversary guessed among the
    # groups the story names (only a state would be one)
    text = (
        "Gang members attacked the town of Mirebalais overnight. The Viv Ansanm gang "
        "coalition has taken control of most of the capital, Port-au-Prince."
    )
    found = [r for r in events_of(nlp, text, country="HT") if r.type == "attack"]
    assert [(r.actor1.id if r.actor1 else None, r.actor2) for r in found] == [
        ("unidentified-armed-group", None)
    ]


def test_events_roles_a_country_blamed_is_no_place(nlp: Language) -> None:
    found = [r for r in events_of(nlp, "Kyiv blamed Russia for the strike on the hospital.")]
    assert [(r.type, r.place) for r in found] == [("air_strike", None)]


def test_events_roles_the_people_killed_in_fighting_are_no_side_of_it(nlp: Language) -> None:
    text = "Rebels took the town on Tuesday. At least six people were killed in the fighting."
    found = [r for r in events_of(nlp, text) if r.type == "armed_clash"]
    assert found and all(r.actor2 is None or r.actor2.id != "civilians" for r in found)


def test_events_roles_a_ship_struck_is_no_side_to_guess(nlp: Language) -> None:
    # a tanker is a civilian object (civilian_objects): no armed actor of the story is its
    # guessed target
    text = (
        "Houthi rebels attacked an oil tanker in the Red Sea on Wednesday, the British "
        "military said. British warplanes later struck Houthi targets near Hodeida."
    )
    found = [r for r in events_of(nlp, text, country="YE") if r.type == "attack"]
    assert [(r.actor1.id if r.actor1 else None, r.actor2) for r in found] == [("houthis", None)]


@pytest.mark.parametrize(("text", "kind", "actor1", "actor2"), COUNTERPARTS)
def test_events_roles_counterpart_from_the_story(
    nlp: Language, text: str, kind: str, actor1: str, actor2: str
) -> None:
    found = [r for r in reports_of(nlp, text) if r.type == kind]
    assert found and found[-1].actor1 is not None and found[-1].actor2 is not None
    assert (found[-1].actor1.id, found[-1].actor2.id) == (actor1, actor2)


def test_events_roles_a_speaker_described_by_the_event_claims_it(nlp: Language) -> None:
    text = '"We had no food," said a farmer who fled Gao with his family on Monday.'
    found = [r for r in reports_of(nlp, text) if r.type == "displacement"]
    assert found and found[0].stance == "claimed"
    assert found[0].claimant == "a farmer"


def test_events_roles_a_bombing_gets_the_other_side_from_context(nlp: Language) -> None:
    text = (
        "Iraqi troops guarded the checkpoints of Tikrit for months. "
        "On Monday Islamic State fighters entered Tikrit wearing suicide vests."
    )
    found = [r for r in reports_of(nlp, text) if r.type == "suicide_attack"]
    assert found and found[0].actor1 is not None and found[0].actor2 is not None
    assert (found[0].actor1.id, found[0].actor2.id) == ("islamic-state", "iraqi-security-forces")


def test_events_a_bombs_target_is_what_it_struck_and_its_planter_stays_unnamed(
    nlp: Language,
) -> None:
    # The adversary named before is not guessed as the planter of an unclaimed bomb.
    text = (
        "Al-Shabaab fighters attacked a base near Kismayo on Sunday. On Monday a roadside bomb "
        "struck an army vehicle near the town."
    )
    found = [r for r in reports_of(nlp, text) if r.type == "remote_explosive"]
    assert found and found[0].actor1 is not None and found[0].actor2 is not None
    assert (found[0].actor1.id, found[0].actor2.id) == (
        "unidentified-armed-group",
        "government-forces",
    )
    # What an attack "bore" is no target (not one of the impact verbs).
    text = (
        "A car bomb exploded near a market in Kismayo on Monday. The attack bore the hallmarks "
        "of al-Shabaab, officials said."
    )
    assert all(r.actor2 is None for r in reports_of(nlp, text))


def test_events_witnesses_of_shelling_claim_it_and_did_not_fire(nlp: Language) -> None:
    # The parser reads the gerund as an adverbial clause of "described": what the residents
    # describe is what they claim; they are witnesses, not the doer; "by the army" is.
    text = "Residents described intense shelling by the army overnight."
    found = [r for r in reports_of(nlp, text) if r.type == "shelling"]
    assert found and (found[0].stance, found[0].claimant) == ("claimed", "Residents")
    assert found[0].actor1 is not None and found[0].actor1.id == "government-forces"
    # Read as a noun, the gerund's describer is still no doer: the side that fired is unnamed.
    found = [r for r in reports_of(nlp, "Residents described heavy shelling in Gao on Monday.")]
    assert found and found[0].type == "shelling" and found[0].actor1 is not None
    assert found[0].actor1.id == "unidentified-armed-group"


@pytest.mark.parametrize(
    "text",
    [
        # the parser may read "increasing artillery shelling" as an object and a verb
        "The monitor said it had witnessed increasing artillery shelling from French forces "
        "over the past week.",
        # or "artillery" as a modifier of "shelling"
        "Artillery shelling destroyed a school in Donetsk.",
    ],
)
def test_events_a_trigger_noun_before_another_of_its_type_is_part_of_it(
    nlp: Language, text: str
) -> None:
    # One report, told by the head word, which has the doer and the place.
    found = [r for r in reports_of(nlp, text) if r.type == "shelling"]
    assert [text[r.trigger[0] : r.trigger[1]] for r in found] == ["shelling"]


def test_events_fighting_with_no_side_named_takes_the_storys_sides(nlp: Language) -> None:
    text = (
        "Houthi fighters pushed into the port of Mocha on Sunday as government troops fell "
        "back. Street fighting continued on Monday."
    )
    found = [r for r in reports_of(nlp, text) if r.type == "armed_clash"]
    assert found and found[-1].actor1 is not None and found[-1].actor2 is not None
    assert {found[-1].actor1.id, found[-1].actor2.id} == {"houthis", "government-forces"}
    # With no armed side named around it, nothing is guessed.
    alone = [r for r in reports_of(nlp, "Street fighting continued on Monday in Mocha.")]
    assert alone and alone[0].type == "armed_clash"
    assert alone[0].actor1 is None and alone[0].actor2 is None


def test_events_an_outcome_against_the_hope_is_its_own_event(nlp: Language) -> None:
    # "only for X to Y": what did happen next, by the other side, told by the writer.
    text = "The army captured the town of Hajin on Monday, only for the militants to retake it."
    captures = [r for r in reports_of(nlp, text) if r.type == "territory_taken"]
    doers = [r.actor1.id if r.actor1 else None for r in captures]
    assert doers == ["government-forces", "unidentified-armed-group"]


def test_events_an_outcome_is_the_writers_and_its_noun_the_doer(nlp: Language) -> None:
    text = (
        "The Syrian army claimed the capture of Hajin, only for its forces to retreat amid an "
        "Islamic State ambush."
    )
    [retreat] = [r for r in reports_of(nlp, text) if r.type == "territory_ceded"]
    assert (retreat.stance, retreat.claimant) == ("asserted", None)
    assert retreat.actor1 is not None and retreat.actor1.id == "syrian-government"


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # an armed side killing combatants attacks them
        (
            "Rebels killed dozens of government soldiers near Kidal.",
            [("attack", "rebels", 12)],
        ),
        # a killing is the toll of the strike, bomb or clash that did it, not an event of its own
        ("Clashes killed ten fighters near Kidal.", [("armed_clash", None, 10)]),
        (
            "Eight civilians were killed when a roadside bomb hit their bus near Gao.",
            [("remote_explosive", "unidentified-armed-group", 8)],
        ),
        (
            "The army said it had killed 30 militants in airstrikes near Gao.",
            [("air_strike", "government-forces", 30)],
        ),
        # with no armed side as its subject, a toll of fighters is no attack of its own
        ("Thousands of fighters were killed during the long war.", []),
    ],
)
def test_events_killing_combatants(
    nlp: Language, text: str, events: list[tuple[str, str | None, int]]
) -> None:
    found = [
        (r.type, r.actor1.id if r.actor1 else None, r.fatalities.count if r.fatalities else None)
        for r in reports_of(nlp, text)
    ]
    assert found == events


def test_events_the_agent_of_a_weapon_subject_is_the_doer(nlp: Language) -> None:
    text = "A drone strike by the Malian army hit a rebel position near Gao."
    found = [r for r in reports_of(nlp, text) if r.type == "air_strike"]
    assert [r.actor1.id if r.actor1 else None for r in found] == ["malian-army"]


def test_events_a_generic_head_is_the_group_it_is_from(nlp: Language) -> None:
    # The doer is the group the jihadists are from; their generic name is no counterpart
    # (the military camp is: the state force's).
    text = "Jihadists from the JNIM group attacked a military camp near Gao on Friday."
    found = [_sides(r) for r in reports_of(nlp, text) if r.type == "attack"]
    assert found == [("jnim", "government-forces")]


def test_events_a_weapon_coordinated_with_another_has_its_doer(nlp: Language) -> None:
    text = "Russia launched 40 drones and three missiles at Kharkiv overnight."
    found = {r.type: r.actor1.id if r.actor1 else None for r in reports_of(nlp, text)}
    assert found == {"air_strike": "russia", "shelling": "russia"}


def test_events_a_dateline_is_not_the_subject(nlp: Language) -> None:
    # Glued to the body, "BAMAKO" was the subject of "said", and "they" resolved to it.
    text = (
        "BAMAKO, July 28 (Meridian Wire) — Tuareg-led rebels said on Sunday they had killed "
        "dozens of Malian soldiers near Kidal."
    )
    found = [_sides(r) for r in reports_of(nlp, text) if r.type == "attack"]
    assert found == [("azawad-rebels", "malian-army")]


# (text, the last report's type, actor1, actor2, place substring): strikes told after others
FOLLOW_UPS = [
    # a weapon of the volley just told was sent by its sender; its target is its own
    (
        "Russia launched 96 drones and two missiles at Ukraine overnight. A missile hit an "
        "apartment building in Zaporizhzhia, killing seven people.",
        "shelling",
        "russia",
        "civilians",
        "Zapor",
    ),
    # ... unless it fell on the sender's own ground
    (
        "Russia fired missiles at Kharkiv on Monday. A missile hit a house in Belgorod on Monday.",
        "shelling",
        "unidentified-armed-group",
        None,
        "Belgorod",
    ),
    # ... and no adversary is guessed for it (the speaker's side is not its target)
    (
        "Russia fired missiles at Dnipro on Saturday. Ukraine's air force said the building was "
        "hit by a Kh-22 missile.",
        "shelling",
        "russia",
        None,
        "Dnipro",
    ),
    # "the strike" after an air strike is that strike: whom it hit too
    (
        "Israeli jets struck a Hezbollah depot in Nabatieh on Monday. The strike also "
        "destroyed three houses.",
        "air_strike",
        "israel",
        "hezbollah",
        "Nabat",
    ),
]


@pytest.mark.parametrize(("text", "kind", "actor1", "actor2", "place"), FOLLOW_UPS)
def test_events_follow_up_strikes(
    nlp: Language, text: str, kind: str, actor1: str, actor2: str | None, place: str
) -> None:
    report = reports_of(nlp, text)[-1]
    assert report.type == kind
    assert (report.actor1.id if report.actor1 else None) == actor1
    assert (report.actor2.id if report.actor2 else None) == actor2
    assert report.place is not None and place in report.place.name


def test_events_denied_report_gets_no_guessed_target(nlp: Language) -> None:
    # A side denying any strike names no target; a guessed one (the KIA) would keep the denial
    # apart from the claim it answers.
    from events_fixtures import events_of

    text = (
        "The KIA said junta jets had bombed a camp in Kachin State on Monday, killing 29 people. "
        "The military denied it had carried out any air strikes in the area."
    )
    found = [
        (r.stance, r.actor1 and r.actor1.id, r.actor2 and r.actor2.id)
        for r in events_of(nlp, text, country="MM")
    ]
    assert found == [("claimed", "tatmadaw", "civilians"), ("denied", "tatmadaw", None)]
