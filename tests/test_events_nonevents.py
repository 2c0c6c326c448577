"""Forecasts, plans, hypotheticals, conditionals, negations and questions give no event.

Sentences written by us; each contains a trigger word that would make an event if asserted.
"""

from __future__ import annotations

import pytest
from events_fixtures import events_of
from spacy.language import Language

from sitrep.model import Report

NON_EVENTS = [
    # an event noun naming a kind of thing: no event
    "An attack helicopter landed near the town on Monday.",
    "The siege lines held near the town on Monday.",
    "In Kyiv, officials said missile debris fell on a village outside the capital.",
    # reaching a town takes it only for an armed side
    "A convoy of 12 trucks carrying food reached Tawila on Monday.",
    # "abandon" cedes ground only when what is left is a place, not belongings
    "The ministry said fleeing soldiers had abandoned their helmets and rifles in the fields.",
    # a participle or infinitive sharing a modal or an aim
    "The rebels will go back to the hills, relying on ambushes and roadside bombs.",
    "The second option discussed by the commanders was to focus raids on supply depots.",
    # a headline: its own line without a final stop (the body tells the event)
    "Car bomb kills six near the northern checkpoint\n\n",
    # a present passive is a state; a bare plural under a participle is a way of waging war
    "The families who are displaced across the region greeted the news.",
    "In 2016 the kingdom joined the war, carrying out airstrikes against the rebels.",
    # a noun trigger described by 'be': a comment on an event told elsewhere
    "The siege of the old town was long and costly.",
    "The retreats from the river towns were part of a deliberate plan.",
    # an event named after 'following' only dates the sentence's own statement
    "Morale in the capital rose in the weeks following the liberation of the port.",
    # 'leave' as a displacement needs people as its subject
    "The long war left the old city in ruins last year.",
    # 'push' and 'advance' as offensives need an armed subject
    "The editor pushed for new schools in the valley last week.",
    "The talks advanced slowly in Geneva on Monday.",
    # forecasts and expectations
    "The town will likely fall to the rebels within days.",
    "Analysts expect the army to launch an offensive on the city next month.",
    "The militants are expected to withdraw from the valley before winter.",
    "Government troops are set to storm the district this week.",
    "The coalition is poised to recapture the airport.",
    "Officials predicted that the jihadists would abandon the town soon.",
    "The rebels will attack the convoy tomorrow, a commander warned.",
    "The army is likely to besiege the city in the coming weeks.",
    "Kurdish forces are about to encircle the town.",
    "The militia is going to retreat from the hills.",
    # plans, intentions, threats
    "The group plans to seize the border crossing.",
    "The ministry announced plans for an offensive against the insurgents.",
    "The rebels threatened to shell the capital if talks failed.",
    "Commanders intend to capture the oil fields by spring.",
    "The army vowed to retake every village lost last year.",
    "The president ordered troops to prepare an assault on the port.",
    "Militants have pledged to kidnap foreign workers.",
    "The planned offensive on the city was postponed.",
    "The jihadists hope to overrun the garrison.",
    "Local leaders called for a ceasefire in the province.",
    # hypotheticals and conditionals
    "If the bridge falls, the rebels could seize the whole valley.",
    "An attack on the dam could inflame tensions across the region.",
    "The militants might withdraw from the city under pressure.",
    "Had the reinforcements arrived, the troops would have broken the siege.",
    "A car bomb in the market would cause a massacre.",
    "Unless aid arrives, thousands could flee the district.",
    "Should the truce collapse, the army may shell the suburbs again.",
    "The rebels could capture the airport if the defenders run out of ammunition.",
    # negations
    "The army did not capture the town.",
    "The militants never withdrew from the old city.",
    "Government forces have not entered the district.",
    "No airstrike hit the hospital, the coalition insisted.",
    "The rebels failed to seize the checkpoint.",
    "Troops foiled an attack on the power station.",
    "The fighters did not surrender to the army.",
    "The guards prevented the gunmen from storming the prison.",
    "Neither side attacked the convoy during the truce.",
    # a phase of an event framing another statement (phase_nouns)
    "The change of tactics showed in the early stages of the battle of Raqqa.",
    "Prices soared at the height of the siege of Mariupol.",
    "Bread prices doubled in the first weeks of the Russian offensive on Kharkiv.",
    # an activity kept up since a point in time (ongoing_markers)
    "Russian troops have been firing on Kherson from across the river since they left.",
    "The two armies have been fighting in the capital since April.",
    "Moscow has been pressing attacks along the front line since October.",
    # soldiers captured are prisoners, not ground
    "Officials said some soldiers had been captured near the river.",
    # a strike that is no attack: a labour or hunger strike, one on a day (not_phrase, prep)
    "The hunger strike hit its tenth day.",
    "A general strike on the port shut the city.",
    "Dock workers began a strike on Monday.",
    "A strike on Tuesday shut the schools.",
    # air defence: what was shot down was no aircraft of a side attacked
    "Ukraine said it shot down 30 drones overnight.",
    # questions
    "Will the army retake the city before the election?",
    "Did the militants abandon the base?",
    "Who shelled the village on Sunday?",
    "Could the rebels break the siege this time?",
    "Is the coalition planning to bomb the bridges?",
    # a war verb in its everyday sense
    "Fuel prices rocketed in Khartoum last week.",
    "Dock workers' strikes hit Rotterdam last week.",
    "The army showed off its new drones at a parade.",
    # a gerund with an object as a clause's subject is an activity, not an episode
    "Fighting the jihadists has cost the army dearly, the minister said.",
]


def reports_of(nlp: Language, text: str) -> list[Report]:
    """Run the events stage with the real upstream stages over one text."""
    return events_of(nlp, text)


def test_events_nonevents_table_is_large_enough() -> None:
    assert len(NON_EVENTS) >= 40


@pytest.mark.parametrize("text", NON_EVENTS)
def test_events_nonevents_give_no_report(nlp: Language, text: str) -> None:
    assert [(r.type, r.sentence) for r in reports_of(nlp, text)] == []
