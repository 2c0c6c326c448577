"""Statements of a kind give no report; particular events beside the same cues stay events.

Every sentence is written by us. Each non-event pins one cue of data/genericity.yaml (or a
framing rule of sitrep.stages.genericity); the events beside them guard against overreach.
"""

from __future__ import annotations

import datetime as dt

import pytest
from events_fixtures import events_of
from spacy.language import Language

from sitrep.model import Report
from sitrep.stages.generic_kinds import (
    GenericityCueError,
    load_genericity_cues,
    parse_genericity_cues,
)


def reports_of(nlp: Language, text: str) -> list[Report]:
    """Run the events stage with the real upstream stages over one text."""
    return events_of(nlp, text, published=dt.date(2019, 4, 2))


NON_EVENTS = [
    # generic_place_nouns, vague_determiners, mass_place_nouns: summaries over unnamed places
    "As the insurgents lost territory in the south, their leaders grew quarrelsome.",
    "The rebels captured several towns and large tracts of land over the years.",
    "The militia largely melted away from villages and farms instead of standing its ground.",
    # example_markers: places given as examples of a kind
    "The insurgents withdrew from cities such as Kandahar in the years that followed.",
    "The rebels' retreats from such places as Kandahar surprised many.",
    # alternative_markers
    "The garrison chose to negotiate rather than fight for the bridge.",
    # negating_quantifiers
    "Gao changed hands with little fighting, the mayor recalled.",
    # frame_nouns: kinds and capacities of action
    "The rebels have kept up a steady tempo of ambushes on army convoys.",
    "The speaker praised the commanders' ability to plan and execute raids.",
    "Kabul was where the militia had long experience fighting in the hills.",
    # comment_verbs: a noun trigger commenting on events told elsewhere
    "The bombings showed how weak the government had become.",
    # habitual_adverbs, habitual_adjectives, generic_verbs
    "The militia routinely shells the outskirts of the town.",
    "The insurgents continue to carry out ambushes in Helmand.",
    "Aid workers could not reach the valley because of constant shelling.",
    # individual_subjects: one person's displacement
    "She had been displaced for three years, the teacher said.",
    "\u201cWe fled from the bombardment at night,\u201d a farmer told reporters.",
    # cause_preps and escape_verbs: the cause of another event
    "Hundreds of families left the valley amid the fighting last week.",
    "The fighters debated how to hide their trucks in the face of ground assaults near Gao.",
    # trend_verbs
    "In 2015 the rebels stepped up raids in the northern districts.",
    # forecast heads with "for": an aim
    "Neither army seemed ready to prepare for the battle of the capital.",
    # a bare plural subject of the simple present: a generic sentence
    "Ambushes aim to wear down an enemy that cannot be beaten in the open.",
    # weapon_nouns listed with inventory_nouns
    "The militia sold its weapons, artillery and trucks last year.",
    # relative clauses describing generic places
    "Farmers returned to villages that the rebels had lost in the spring.",
    # a title line glued to the next sentence by the parser
    "The Militia\u2019s Long Retreat\nIn May the governor opened a new school in the town.",
    # a trigger describing the source of a statement
    "A farmer whose sons took part in the fighting said the harvest was lost.",
    # background frames: the start of an operation, months of fighting, an opening "with"
    "Since the start of the operation to retake the port, prices have doubled.",
    "In June the council declared a holiday after weeks of fierce fighting.",
    "With the fall of the port in 2016, trade moved inland.",
    # an opening "with" after a title line; a note citing another text
    "A new chapter\nWith the capture of the port in 2016, trade moved inland.",
    "4-5.Smith, \u201cThe siege of the old town,\u201d Field Review 3:2 (2019).",
    # aim_adjectives; plural triggers followed by examples; a proof sought
    "Neither militia was ready for the battle of the capital.",
    "The rebels had fought in battles such as in Kunduz before.",
    "The army released few pictures to prove it retook the town.",
    # what a support verb takes as object is told where it happens
    "The allies have been supporting the offensive for months.",
    # aspect_verbs; disposal_verbs; descriptions of a place
    "State radio continues to describe the port as liberated.",
    "Engineers are dismantling the mines that the militia planted in the streets.",
    "The convoy passed Gao, the town through which the rebels had moved weapons since 2012.",
    "Visitors admired Gao, a city that has been the scene of the longest battle of the war.",
    # a phrase head's frame; purposes; people described by an activity; topics; frame clauses
    "In 2015 the rebels stepped up hit-and-run attacks in the northern districts.",
    "A pamphlet on the purpose of ambushes circulated among the recruits.",
    "Fighters involved in the raids are paid twice as much, the report said.",
    "The second chapter looks at the militia's retreat from the coast.",
    "By the time coalition jets hit the port, most families had left for the hills.",
    "And by the time coalition strikes hit Tabqa, most families had left for the hills.",
    # a verb inside a noun phrase is no clause of it: the modal still rules
    "The rebels will likely go back to the hills, relying on hit-and-run attacks.",
    # directive_verbs: an order given; a place as it is now
    "The minister told the general to proceed with the withdrawal of his troops.",
    "Aid reached the area where government forces are advancing.",
    # strikes on unnamed places
    "The air force hit hard at rebel-held villages, pounding them for years.",
    # extent_adjectives: a sweep of land
    "The vast area that the rebels had ruled since 2012 had been lost by then.",
    # summary_labels: a summary paragraph restates the body
    "Abstract: The rebels were expected to hold Kidal for months, but they withdrew from it.",
    "Key points: government troops captured Gao in a week.",
    # lexicon: "take out" (destroy), "take away" needs people, "fall" needs a place
    "Engineers took out the old bridge last summer to build a new one.",
    "The reforms took away the council's power over the budget last year.",
    "The book traces the rise and fall of the movement over four decades.",
]

EVENTS = [
    ("The insurgents lost the town of Gao to the army on Monday.", "territory_ceded"),
    ("The rebels captured several villages near Kunduz on Tuesday.", "territory_taken"),
    ("Government forces regained control of the areas they had lost in May.", "territory_taken"),
    ("The militia withdrew from the town of Gao on Sunday.", "territory_ceded"),
    ("The army shelled the outskirts of Gao on Tuesday.", "shelling"),
    ("The rebels attacked an army convoy near Gao on Monday.", "attack"),
    ("Thousands of families have fled Gao in recent weeks.", "displacement"),
    ("The insurgents stepped up their assault on the town of Gao on Monday.", "offensive"),
    ("Gunmen took away six aid workers from a village near Gao on Friday.", "abduction"),
    ("The fall of Gao to the rebels in April shocked the capital.", "territory_taken"),
    ("The militia fired artillery at the village on Monday.", "shelling"),
    (
        "The insurgents left the town on Monday and relocated to the hills near Gao.",
        "relocation",
    ),
    ("State radio reported attacks that tightened the siege of Gao on Friday.", "siege"),
    ("Jets hit the village of Tal Abyad on Monday.", "air_strike"),
    # a named place inside a place phrase of the trigger, not its head, still makes it one
    ("Jets struck villages on the outskirts of Gao on Monday.", "air_strike"),
    ("Jets struck villages in the Gao countryside on Monday.", "air_strike"),
    # attempts (triggers.yaml `attempts`) and a perfect over a noun trigger
    ("Government troops are trying again to take the hill near Gao.", "offensive"),
    ("The coalition has been helping the militia via air strikes on Gao.", "air_strike"),
    ("With artillery, the army shelled the town of Gao on Monday.", "shelling"),
    ("Hundreds of families fled Gao after the militia attacked the town.", "displacement"),
    # a gerund a verb of saying reports is a noun, parsed as its object or as a clause
    ("Residents described heavy shelling overnight.", "shelling"),
    ("Residents reached by telephone described heavy shelling overnight.", "shelling"),
]


# Sentences whose only event is the one given: the other trigger is part of it.
ONLY = [
    ("Hundreds surrendered to the army after fleeing the advancing militia.", ["surrender"]),
    ("The rebels left the town and relocated to the hills near Gao.", ["relocation"]),
    # an advance conjoined with a capture is part of it
    (
        "Army units advanced north of Gao and took control of two villages on Monday.",
        ["territory_taken"],
    ),
    # getting in was the approach of an attack (approach_verbs)
    (
        "Six gunmen entered the district of Gao wearing suicide vests on Monday.",
        ["suicide_attack"],
    ),
    # an advance as the setting of a flight; a place lost to an attack is a capture
    ("Hundreds of militants fled towards the hills as the army advanced.", ["territory_ceded"]),
    ("The army lost the town of Gao to a rebel counter-attack last week.", ["territory_ceded"]),
    ("Gao, which the army lost to a rebel counter-attack last week, is calm.", ["territory_taken"]),
    # fighters who strike a deal are no aircraft
    ("Hundreds of rebel fighters struck a deal with the army in May.", ["agreement"]),
]


@pytest.mark.parametrize(("text", "kinds"), ONLY)
def test_genericity_cues_part_of_another_event(nlp: Language, text: str, kinds: list[str]) -> None:
    assert [r.type for r in reports_of(nlp, text)] == kinds


@pytest.mark.parametrize("text", NON_EVENTS)
def test_genericity_cues_non_events_give_no_report(nlp: Language, text: str) -> None:
    assert [(r.type, r.sentence) for r in reports_of(nlp, text)] == []


@pytest.mark.parametrize(("text", "kind"), EVENTS)
def test_genericity_cues_events_stay_events(nlp: Language, text: str, kind: str) -> None:
    assert kind in {r.type for r in reports_of(nlp, text)}


def test_genericity_cues_every_key_is_loaded() -> None:
    cues = load_genericity_cues()
    assert cues.has("frame_nouns", "tempo")
    assert all(cues.lists.values())


def test_genericity_cues_malformed_file_is_named() -> None:
    with pytest.raises(GenericityCueError, match="frame_nouns"):
        raw = {k: sorted(v) for k, v in load_genericity_cues().lists.items()}
        parse_genericity_cues({**raw, "frame_nouns": "tempo"})


def test_genericity_cues_coordinated_places_give_one_report_each(nlp: Language) -> None:
    reports = reports_of(nlp, "Government forces captured Rawa and Anah on Friday.")
    places = sorted(r.place.name for r in reports if r.type == "territory_taken" and r.place)
    assert len(places) == 2 and places[0] != places[1]
