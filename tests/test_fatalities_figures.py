"""Fatalities: the figure a sentence states, its lower bound, and whether it is a claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.model import Fatalities
from sitrep.stages.fatalities import (
    FatalityLexiconError,
    find_fatalities,
    load_fatality_lexicon,
)

# (sentence, count, at_least, claimed) — our own sentences, one row per rule.
FIGURES = [
    # 1. object of an active killing verb
    ("An airstrike hit the market, killing 31 people.", 31, False, False),
    ("Gunmen killed at least 8 villagers on Friday.", 8, True, False),
    ("The militants executed two hundred prisoners.", 200, False, False),
    ("Fighters massacred a dozen shepherds near the well.", 12, False, False),
    # ... also when the parser hangs the killing verb on a noun before it
    (
        "On 1 June, shelling of the Abu Shouk displacement camp killed at least six people.",
        6,
        True,
        False,
    ),
    # 2. passive subject of "were killed"
    ("At least 22 were killed in the attack.", 22, True, False),
    ("Twenty-five people were killed.", 25, False, False),
    ("A soldier was killed by a sniper.", 1, False, False),
    ("More than 40 civilians were killed in the shelling.", 40, True, False),
    # 2b. one named person: a singular noun with "the" or a possessive
    ("A landmine exploded under a car, killing the driver.", 1, False, False),
    ("Gunmen killed his brother outside the mosque.", 1, False, False),
    # 3. subject of "died"
    ("Two soldiers and a dozen civilians died in the ambush.", 14, False, False),
    ("Nine fighters died when the bridge collapsed.", 9, False, False),
    # 4. "left N dead"
    ("The fighting left 17 dead and 40 wounded.", 17, False, False),
    ("The bombing left dozens dead.", 12, True, False),  # ACLED's low figure for "dozens"
    # 5. death toll
    ("The death toll rose to 40 on Sunday.", 40, False, False),
    ("The attack killed 3 people, bringing the death toll to 45.", 45, False, False),
    ("The toll from the blast stands at 63.", 63, False, False),
    # 6. counted death nouns
    ("Sixty-three bodies were recovered from the rubble.", 63, False, False),
    ("The attack claimed the lives of 14 fighters.", 14, False, False),
    ("The strike claimed 14 lives.", 14, False, False),
    ("Medics reported 30 deaths after the raid.", 30, False, True),
    # 7. vague quantities: documented low figure
    ("Hundreds of civilians have been killed since January.", 100, True, False),
    ("Dozens of fighters were killed in the clashes.", 12, True, False),
    # 8. several victims of one cue are summed; the wounded never count
    ("The clashes killed 12 soldiers and 7 militants.", 19, False, False),
    ("The bombing killed more than 1,200 people and wounded 300.", 1200, True, False),
    # 8b. subsets are not added; raised subjects of "were claimed to have been killed" count
    ("The blast killed 20 people, including six children.", 20, False, False),
    (
        "The jets struck a boat, killing at least 11 people, among them four children.",
        11,
        True,
        False,
    ),
    ("More than 100 guards were claimed to have been killed in the raid.", 100, True, True),
    # 9. claimed when the sentence is attributed
    ("The blast killed five and injured 12, police said.", 5, False, True),
    ("According to the Observatory, 18 fighters were killed.", 18, False, True),
    ("Rebels reportedly killed 6 guards.", 6, False, True),
]


@pytest.mark.parametrize(("text", "count", "at_least", "claimed"), FIGURES)
def test_fatalities_figures(
    nlp: Language, text: str, count: int, at_least: bool, claimed: bool
) -> None:
    sent = next(iter(nlp(text).sents))
    assert find_fatalities(sent) == Fatalities(count=count, at_least=at_least, claimed=claimed)


NO_FIGURE = [
    "No one was killed in the raid.",  # negated
    "Several civilians were killed.",  # too vague to count
    "Thirty people were killed or wounded.",  # casualties, not deaths
    "IS claimed three attacks on the town.",  # "claim" without lives
    "Forty soldiers were wounded in the ambush.",  # wounded only
    "The army captured two villages.",  # no death cue
    "Nobody died in the fire.",
    "The strike killed the family on Monday.",  # a collective noun: how many is not said
    "A family was killed in the raid.",
]


@pytest.mark.parametrize("text", NO_FIGURE)
def test_fatalities_none_without_countable_deaths(nlp: Language, text: str) -> None:
    sent = next(iter(nlp(text).sents))
    assert find_fatalities(sent) is None


def test_fatalities_lexicon_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "fatalities.yaml"
    path.write_text("kill_verbs: kill\n", encoding="utf-8")
    with pytest.raises(FatalityLexiconError, match=r"fatalities\.yaml: kill_verbs"):
        load_fatality_lexicon(path)


# A bare passive killing right after an attack of its paragraph is that attack's toll; one
# with a doer, a place or a day of its own, or in another paragraph, is an event of its own.
_HOTEL = "Gunmen stormed a hotel in Mogadishu on Thursday."


@pytest.mark.parametrize(
    ("text", "events"),
    [
        (f"{_HOTEL} At least 19 people were killed, police said.", [("attack", 19)]),
        (f"{_HOTEL}\n\nAt least 19 people were killed, police said.", [("attack", None), 19]),
        (f"{_HOTEL}\n\nOn Thursday 19 people were killed, police said.", [("attack", None), 19]),
        (f"{_HOTEL} In Kismayo, five people were killed.", [("attack", None), 5]),
        (f"{_HOTEL} On Saturday, five people were killed.", [("attack", None), 5]),
        (f"{_HOTEL} Five people were killed by soldiers.", [("attack", None), 5]),
    ],
)
def test_fatalities_bare_killing_after_an_attack_is_its_toll(
    nlp: Language, text: str, events: list[object]
) -> None:
    from events_fixtures import events_of

    found = events_of(nlp, text)
    got: list[object] = [(found[0].type, found[0].fatalities and found[0].fatalities.count)]
    got += [r.fatalities and r.fatalities.count for r in found[1:]]
    assert got == events


def test_fatalities_go_to_the_event_whose_toll_they_are(nlp: Language) -> None:
    # the figure is the toll of the attack its verb has as subject, not of the strikes the
    # sentence opens with
    from events_fixtures import events_of

    text = (
        "India launched missile strikes on sites in Pakistan on Wednesday, two weeks after an "
        "attack on tourists in Pahalgam killed 26 men."
    )
    found = {r.type: r.fatalities and r.fatalities.count for r in events_of(nlp, text)}
    assert found.get("attack_on_civilians") == 26
    assert found.get("shelling") is None
