"""One report per place, event nouns that refer back, and strikes on things no side is.

Every sentence is our own.
"""

from __future__ import annotations

import unicodedata

import pytest
from events_fixtures import events_of
from spacy.language import Language

from sitrep.model import Report
from sitrep.stages.triggers import TriggerLexiconError, parse_trigger_lexicon


def _folded(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isascii())


def _reports(nlp: Language, text: str, kind: str) -> list[Report]:
    return [r for r in events_of(nlp, text, source="Test") if r.type == kind]


# sentence, type, the places of its reports (a substring of the gazetteer's name each)
SPLITS = [
    # captures of coordinated towns: one per town
    ("Government forces recaptured Hit and Rawa on Friday.", "territory_taken", ["Hit", "Rawah"]),
    # strikes on coordinated towns: one per town
    (
        "Missiles hit power plants in Kharkiv, Odesa and Lviv on Saturday.",
        "shelling",
        ["Kharkiv", "Odesa", "Lviv"],
    ),
    # a list that bounds a stretch is one event's
    ("Rebels and the army clashed between Kafr Nabl and Maarrat al-Numan.", "armed_clash", None),
]


@pytest.mark.parametrize(("text", "kind", "places"), SPLITS)
def test_events_one_report_per_listed_place(
    nlp: Language, text: str, kind: str, places: list[str] | None
) -> None:
    reports = _reports(nlp, text, kind)
    if places is None:
        assert len(reports) == 1
        return
    assert len(reports) == len(places)
    names = [_folded(r.place.name) if r.place else "" for r in reports]
    for want in places:
        assert any(want in name for name in names), (want, names)
    assert len({r.report_id for r in reports}) == len(reports)


def test_events_strikes_over_regions_are_one_campaign(nlp: Language) -> None:
    # "northern Aleppo" is a region: the strikes on it and on Raqqa are not one per town.
    text = "In June, coalition strikes hit Raqqa and northern Aleppo."
    assert len(_reports(nlp, text, "air_strike")) == 1


def test_events_definite_attack_takes_the_type_it_refers_to(nlp: Language) -> None:
    text = (
        "A Russian missile struck an apartment block in Dnipro on Saturday. "
        "The attacks also hit a power plant in Kharkiv."
    )
    strikes = _reports(nlp, text, "shelling")
    assert [r.actor1.id if r.actor1 else None for r in strikes] == ["russia", "russia"]
    assert not _reports(nlp, text, "attack")
    # ... and its target, a plant, is no armed side: no adversary is guessed.
    assert strikes[1].actor2 is None


def test_events_indefinite_attack_keeps_its_type(nlp: Language) -> None:
    text = (
        "A Russian missile struck an apartment block in Dnipro on Saturday. "
        "Gunmen carried out an attack on a checkpoint near Kharkiv."
    )
    assert len(_reports(nlp, text, "attack")) == 1


def test_events_a_hit_a_side_suffered_is_not_its_own_operation(nlp: Language) -> None:
    text = "Ukraine's air force said the building in Dnipro was hit by a missile on Saturday."
    [strike] = _reports(nlp, text, "shelling")
    assert strike.actor1 is None or strike.actor1.id != "ukraine"


def test_events_anaphoric_types_must_be_event_types() -> None:
    raw = {"noun_classes": {}, "triggers": [], "anaphoric_types": {"attack": ["bombing"]}}
    with pytest.raises(TriggerLexiconError, match="anaphoric_types"):
        parse_trigger_lexicon(raw)


def test_events_a_country_acting_is_no_place(nlp: Language) -> None:
    # "Russia" as the subject is the state that launched the drones, not where they struck.
    reports = _reports(nlp, "Russia launched 40 drones overnight.", "air_strike")
    assert [r.place for r in reports] == [None]
    # ... and so is the agent of a passive, who did it.
    reports = _reports(nlp, "The town was shelled by Russia on Monday.", "shelling")
    assert [(r.place, r.actor1.id if r.actor1 else None) for r in reports] == [(None, "russia")]
    # ... and so is a capital owning the office that says it happened.
    text = "Troops shelled positions near the border, Kyiv's defence ministry said."
    assert [r.place for r in _reports(nlp, text, "shelling")] == [None]


@pytest.mark.parametrize(
    ("text", "kind", "name", "country", "precision"),
    [
        # a place the gazetteer lacks keeps its name, at the point of the province it is in
        (
            "M23 rebels seized the town of Rubaya in North Kivu on Tuesday.",
            "territory_taken",
            "Rubaya",
            "CD",
            3,
        ),
        # ... or of the country, named after a part word, with no parse path to either (a
        # cued name the parser took for no place)
        (
            "Jihadists killed 40 civilians in the village of Seytenga in Burkina Faso.",
            "attack_on_civilians",
            "Seytenga",
            "BF",
            3,
        ),
        (
            "An Israeli airstrike killed three people in the village of Aitaroun in southern "
            "Lebanon.",
            "air_strike",
            "Aitaroun",
            "LB",
            3,
        ),
        ("Gunmen raided Agasha village in Benue State overnight.", "attack", "Agasha", "NG", 3),
        (
            "RSF fighters attacked the village of Wad al-Noura in Gezira state on Wednesday.",
            "attack",
            "Wad al-Noura",
            "SD",
            3,
        ),
        # ... and where the text located it once, it is when named again without its container
        (
            "M23 rebels seized the town of Rubaya in North Kivu on Tuesday. Thousands of "
            "people fled Rubaya as the rebels advanced.",
            "displacement",
            "Rubaya",
            "CD",
            3,
        ),
        # ... and it is the context of the next report of its paragraph that names no place
        (
            "Rebels ambushed a convoy near Tinzaouaten in the Kidal region on Thursday. A drone "
            "strike killed 21 civilians on Sunday, local leaders said.",
            "air_strike",
            "Tinzaouaten",
            "ML",
            3,
        ),
        # ... or of the town it lies beside (precision 2: near it)
        (
            "Gunmen attacked the village of Kafr Qzxw near Idlib on Sunday.",
            "attack",
            "Qzxw",
            "SY",
            2,
        ),
    ],
)
def test_events_unknown_place_is_located_by_its_container(
    nlp: Language, text: str, kind: str, name: str, country: str, precision: int
) -> None:
    found = _reports(nlp, text, kind)
    assert found and found[0].place is not None, text
    place = found[0].place
    assert name in place.name and place.country == country and place.precision == precision
    assert place.lat is not None and place.geonameid is None


def test_events_place_of_a_subject_event_noun_is_its_predicates(nlp: Language) -> None:
    # "in Mogadishu" hangs on "exploded", whose subject the trigger is: the place itself.
    text = "On Monday a car bomb exploded in Mogadishu, killing 20 people."
    found = _reports(nlp, text, "remote_explosive")
    assert found and found[0].place is not None
    assert found[0].place.name == "Mogadishu" and found[0].place.precision == 1


def test_events_a_definite_strike_is_where_and_whom_the_strike_before_hit(nlp: Language) -> None:
    # "the strike" refers back to the missile strike (anaphoric_lemmas): its kind, and the
    # place and target the sentence does not give
    text = (
        "A Russian missile hit an apartment block in Dnipro on Saturday, killing 30 civilians. "
        "Officials in Kyiv said rescue work would take days. "
        "The strike destroyed an entire section of the building."
    )
    second = [r for r in events_of(nlp, text) if "section" in r.sentence]
    assert [(r.type, r.place.name if r.place else None) for r in second] == [("shelling", "Dnipro")]
    assert second[0].actor2 is not None and second[0].actor2.id == "civilians"


def test_events_a_killing_in_the_attack_told_before_is_where_that_attack_was(
    nlp: Language,
) -> None:
    # "in the attack": the attack of the paragraph before, not the dateline's town
    # (and "the attack" itself is that attack, not a second one at the dateline's town)
    text = (
        "PEMBA, Mozambique - Insurgents attacked the town of Macomia on Friday, clashing with "
        "soldiers for hours, residents said.\n\nIslamic State claimed in a statement that its "
        "fighters had killed 20 soldiers in the attack."
    )
    found = [r for r in events_of(nlp, text) if "20 soldiers" in r.sentence]
    assert [(r.type, r.place.name if r.place else None) for r in found] == [("attack", "Macomia")]


def test_events_the_town_is_the_town_named_before_even_unknown(nlp: Language) -> None:
    # "the town of Al Khuwei" is a town the gazetteer lacks: still the one "the town" means,
    # not Tawila named before it
    text = (
        "Thousands fled to Tawila on Monday. In Kordofan, the RSF attacked the town of Al "
        "Khuwei on Friday. The army recaptured the town the following day."
    )
    found = [r for r in events_of(nlp, text) if r.type == "territory_taken"]
    assert [r.place.name if r.place else None for r in found] == ["Al Khuwei"]


def test_events_a_definite_volley_is_the_one_told_before_whoever_tells_it(
    nlp: Language,
) -> None:
    # "the rockets" after a barrage (anaphoric_types shelling): the same volley, fired by its
    # sender, not by the army that reports intercepting it
    text = (
        "Hezbollah said it fired a barrage of rockets at Haifa. The Israeli military said most "
        "of the rockets were intercepted."
    )
    second = [r for r in events_of(nlp, text) if "intercepted" in r.sentence]
    assert [(r.type, r.actor1.id if r.actor1 else None) for r in second] == [
        ("shelling", "hezbollah")
    ]
    assert second[0].place is not None and second[0].place.name == "Haifa"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "RSF fighters shelled El Fasher on Saturday. The group has besieged the North Darfur "
            "capital for weeks.",
            "siege",
        ),
        (
            "Russian missiles hit Kharkiv on Monday. On Tuesday drones struck the capital of "
            "Kharkiv region.",
            "air_strike",
        ),
    ],
)
def test_events_a_provinces_capital_is_the_town_named_before(
    nlp: Language, text: str, kind: str
) -> None:
    # capital_words: the province's name stands for its seat, the town the text named before
    [report] = _reports(nlp, text, kind)
    assert report.place is not None and report.place.precision == 1
    assert report.place.name in {"El Fasher", "Kharkiv"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a flight happened where it left, not where it went (origin_types, destination_preps)
        ("Thousands of families have fled to Tawila from El Fasher.", "El Fasher"),
        ("Residents of Lashio fled towards Mandalay on Monday.", "Lashio"),
    ],
)
def test_events_a_flight_is_where_it_left(nlp: Language, text: str, name: str) -> None:
    [report] = _reports(nlp, text, "displacement")
    assert report.place is not None and report.place.name == name


def test_events_the_city_after_a_provinces_open_country_is_the_town_named(
    nlp: Language,
) -> None:
    # "the desert of Deir Ezzor" is the province's open country, not a province named as one:
    # "the city" is still al-Bukamal, not the province's namesake seat
    text = (
        "Government forces took full control of the city of al-Bukamal on Thursday. The army "
        "would pursue the militants in the desert of Deir Ezzor. A source said army units "
        "entered the city on Wednesday from the south."
    )
    places = [r.place.name for r in _reports(nlp, text, "territory_taken") if r.place]
    assert places == ["Ālbū Kamāl", "Ālbū Kamāl"]
