"""Disambiguation and recognition rules of the places stage, each pinned by a sentence of ours."""

from __future__ import annotations

import pytest

from sitrep.gazetteer import load_gazetteer
from sitrep.model import Toponym
from sitrep.stages.language import load_nlp
from sitrep.stages.places import find_toponyms


@pytest.fixture(scope="module")
def parse():  # type: ignore[no-untyped-def]
    nlp = load_nlp()
    gazetteer = load_gazetteer()
    return lambda text: find_toponyms(nlp(text), gazetteer)


def _find(toponyms: list[Toponym], name: str) -> Toponym:
    hits = [t for t in toponyms if t.text == name]
    assert hits, f"{name!r} not found among {[t.text for t in toponyms]}"
    return hits[0]


# (rule, sentence, name, expected country, expected feature or None)
RULES = [
    # 4. document country prior: Rawa in an Iraq story is not Rawa Mazowiecka in Poland.
    ("prior", "Iraqi troops said they had cleared Rawa of militants.", "Rawa", "IQ", None),
    (
        "prior",
        "Polish farmers protested in Rawa against grain imports from Ukraine.",
        "Rawa",
        "PL",
        None,
    ),
    # 4. Palmyra in a Syrian story is Tadmur, not a town in the United States.
    ("prior", "Syrian government forces retook Palmyra from the group.", "Palmyra", "SY", None),
    # 5. explicit containment: "X, Y" picks the X inside Y.
    ("containment", "The storm flooded roads around Paris, Texas, on Sunday.", "Paris", "US", None),
    (
        "containment",
        "A fire broke out in Alexandria, Virginia, late on Monday.",
        "Alexandria",
        "US",
        None,
    ),
    # 3. cue words: "X province" means the division, a bare name the town.
    ("cue", "Clashes spread across Idlib province this week.", "Idlib", "SY", "admin1"),
    ("cue", "The strike hit a market in the city of Kherson.", "Kherson", "UA", "city"),
    ("cue", "Russian troops left Kherson in November.", "Kherson", "UA", "city"),
    # 3. a capital is what a bare name usually means.
    (
        "capital",
        "Talks between the two delegations resumed in Damascus.",
        "Damascus",
        "SY",
        "capital",
    ),
    # a town named after another division of its country does not stand for the division.
    ("namesake", "Wildfires forced evacuations across Oregon this week.", "Oregon", "US", "admin1"),
    # a country spelled exactly outranks a town met only by transliteration (Iraan, Texas).
    ("spelling", "Texas lawmakers debated new sanctions on Iran.", "Iran", "IR", "country"),
    # divisions named "X, Respublika" answer to X; regions from our supplement.
    ("division alias", "Gunmen attacked a police post in Dagestan.", "Dagestan", "RU", "admin1"),
    ("supplement", "Tanks rolled into South Ossetia at dawn.", "South Ossetia", "GE", "region"),
    (
        "namesake",
        "Storms knocked out power across Delaware and Indiana.",
        "Delaware",
        "US",
        "admin1",
    ),
    (
        "namesake",
        "Canadian ranchers sent hay after floods swept Queensland.",
        "Queensland",
        "AU",
        "admin1",
    ),
    # a region across borders outranks a US neighbourhood of its name in a US story.
    (
        "region",
        "US officials said the Middle East needs a new plan, and US troops will stay.",
        "Middle East",
        None,
        "region",
    ),
    # a country's own name: its namesake towns get no help from the document's country.
    ("national", "Ohio lawmakers condemned Russia over the strikes.", "Russia", "RU", "country"),
    ("national", "U.S. officials said fighters crossed from Lebanon.", "Lebanon", "LB", "country"),
    # cross-border pairs keep their countries.
    (
        "border",
        "Fighters crossed from al-Qaim in Iraq to Abu Kamal in Syria.",
        "al-Qaim",
        "IQ",
        None,
    ),
    (
        "border",
        "Fighters crossed from al-Qaim in Iraq to Abu Kamal in Syria.",
        "Abu Kamal",
        "SY",
        None,
    ),
    # supplement: rivers, bases and fields that GeoNames cities lack.
    (
        "supplement",
        "Troops moved along the Euphrates toward the border.",
        "Euphrates",
        "SY",
        "river",
    ),
    (
        "supplement",
        "Missiles struck the T-4 airbase in Homs province.",
        "T-4 airbase",
        "SY",
        "base",
    ),
    (
        "supplement",
        "US-backed forces seized the al-Omar oil field.",
        "al-Omar oil field",
        "SY",
        "field",
    ),
    # a river cue names a river by its bare name ("the left bank of the Dnipro").
    (
        "river bank",
        "Troops dug trenches on the left bank of the Dnipro near Kherson in Ukraine.",
        "Dnipro",
        "UA",
        "river",
    ),
    # 3. "X province" means the province even where the bare name would be the town.
    (
        "division word",
        "Warplanes struck Mayadin and Hajin, and fighting spread across Deir Ezzor province.",
        "Deir Ezzor",
        "SY",
        "admin1",
    ),
    # 6b. names that can lie in one province support each other.
    (
        "support",
        "Deputies in Athens and Gainesville, Georgia, searched the woods.",
        "Athens",
        "US",
        None,
    ),
    # ... but a country's own name casts no vote for its namesake towns' province: Egypt and
    # Lebanon are also towns in Pennsylvania, which must not pull Palmyra there.
    (
        "no country votes",
        "The war in Syria drew in fighters from Egypt and Lebanon, and Washington backed the "
        "Kurdish-led forces that took Raqqa.\n\nIslamic State fighters struck army posts near "
        "the town of Palmyra and in Deir ez-Zor on Sunday.",
        "Palmyra",
        "SY",
        None,
    ),
    # GeoNames gives Ra's al 'Ayn no population; our alias row's figure lets it beat its
    # namesakes (Racine, by transliteration).
    ("alias population", "The SDF withdrew from Ras al-Ain.", "Ras al-Ain", "SY", None),
    # A province named after the city that dominates it: the bare name means the city ...
    ("seat", "Jets struck Aleppo on Monday night.", "Aleppo", "SY", "city"),
    ("seat", "Tuareg rebels attacked Kidal at dawn.", "Kidal", "ML", "city"),
    ("seat", "Resistance fighters closed in on Mandalay.", "Mandalay", "MM", "city"),
    # ... but not where the city holds a small share of it (Quebec City, a twentieth) ...
    ("seat share", "Snowstorms closed schools across Quebec.", "Quebec", "CA", "admin1"),
    # ... nor after a division word, nor after a word that picks out part of the province.
    ("seat division", "Shelling hit villages in Idlib province.", "Idlib", "SY", "admin1"),
    ("seat part", "Turkish drones struck targets in northern Aleppo.", "Aleppo", "SY", "admin1"),
    # A name that says it is water means the water, not the provinces named after it ...
    (
        "water name",
        "Houthi rebels fired a missile at a ship in the Red Sea.",
        "Red Sea",
        None,
        "sea",
    ),
    # ... unless a division word says otherwise.
    (
        "water name",
        "Egyptian police held smugglers in Red Sea governorate.",
        "Red Sea",
        "EG",
        "admin1",
    ),
    ("supplement", "Boko Haram fighters raided an island in Lake Chad.", "Lake Chad", None, "lake"),
    # English names of regions GeoNames gives in another language (Shabeellaha Hoose)
    (
        "region alias",
        "Fighters overran a base in Lower Shabelle.",
        "Lower Shabelle",
        "SO",
        "admin1",
    ),
    # a province named after its seat means the seat also where the gazetteer files the town
    # under the level above the province (the West Bank, the Gaza Strip)
    ("nested seat", "Israeli troops raided Jenin on Monday.", "Jenin", "PS", "city"),
    ("nested seat", "Fighting raged in Rafah on Monday.", "Rafah", "PS", "city"),
    ("nested seat", "Troops entered Nablus and Tulkarm.", "Nablus", "PS", "city"),
    # English names of towns GeoNames calls otherwise (Tadmur), which still yield to context
    ("English name", "Israeli jets bombed Palmyra on Monday.", "Palmyra", "SY", "city"),
    ("English name", "She was born in Palmyra, New York, in 1917.", "Palmyra", "US", "city"),
    # the names English reporting gives the two Congos; "Congo" alone mostly means Kinshasa's
    (
        "country alias",
        "Rebels advanced in the Democratic Republic of Congo.",
        "Democratic Republic of Congo",
        "CD",
        "country",
    ),
    ("country alias", "Fighting spread across eastern Congo.", "Congo", "CD", "country"),
    (
        "country alias",
        "Troops returned to Congo-Brazzaville.",
        "Congo-Brazzaville",
        "CG",
        "country",
    ),
    # ... and the acronym a place's name spells is that place
    (
        "country alias",
        "Fighting raged in the Democratic Republic of Congo (DRC) on Monday.",
        "DRC",
        "CD",
        "country",
    ),
]


@pytest.mark.parametrize(
    ("rule", "text", "name", "country", "feature"), RULES, ids=[f"{r[0]}-{r[2]}" for r in RULES]
)
def test_places_disambiguates(parse, rule, text, name, country, feature) -> None:  # type: ignore[no-untyped-def]
    toponym = _find(parse(text), name)
    assert toponym.place is not None
    assert toponym.place.country == country, (rule, toponym.candidates[:2])
    if feature:
        assert toponym.place.feature == feature, (rule, toponym.candidates[:2])


def test_places_demonyms_are_country_references(parse) -> None:  # type: ignore[no-untyped-def]
    toponyms = parse("Syrian and Iraqi officials met in Baghdad.")
    syrian = _find(toponyms, "Syrian")
    assert syrian.role == "demonym"
    assert syrian.place is not None and syrian.place.feature == "country"
    assert syrian.place.country == "SY" and syrian.precision == 3
    assert _find(toponyms, "Baghdad").role == "place"


@pytest.mark.parametrize(
    ("text", "name", "place", "country"),
    [
        (
            "South Ossetian fighters shelled the village overnight.",
            "South Ossetian",
            "South Ossetia",
            "GE",
        ),
        ("Dagestani police said two gunmen were killed.", "Dagestani", "Dagestan", "RU"),
        ("Protesters gathered outside the Turkish Embassy.", "Turkish", "Turkey", "TR"),
    ],
)
def test_places_demonyms_refer_to_their_place(parse, text, name, place, country) -> None:  # type: ignore[no-untyped-def]
    toponym = _find(parse(text), name)
    assert toponym.role == "demonym" and toponym.place is not None
    assert place in toponym.place.name and toponym.place.country == country


def test_places_keeps_unresolvable_toponyms(parse) -> None:  # type: ignore[no-untyped-def]
    toponyms = parse("Shelling was reported near Qzxwvbrt and in Aleppo.")
    aleppo = _find(toponyms, "Aleppo")
    assert aleppo.place is not None and aleppo.place.country == "SY"
    unknown = [t for t in toponyms if t.text == "Qzxwvbrt"]
    for toponym in unknown:  # kept with its text, no coordinates, when recognised at all
        assert toponym.place is None and toponym.confidence == 0.0


@pytest.mark.parametrize(
    ("text", "name", "precision"),
    [
        ("Militants attacked a checkpoint near Mosul.", "Mosul", 2),
        ("Militants attacked a checkpoint in Mosul.", "Mosul", 1),
        ("Militants were active across Anbar province.", "Anbar province", 3),
        ("Iraq and Syria share a long border.", "Iraq", 3),
        # "the X countryside", as "the countryside of X": the ground around the city X.
        ("Clashes broke out in the Aleppo countryside.", "Aleppo", 2),
        # a front's sector, direction or axis named after a town is the ground around it
        ("Ukrainian troops repelled assaults in the Pokrovsk sector.", "Pokrovsk", 2),
        ("Russian forces attacked on the Kupiansk axis.", "Kupiansk", 2),
        ("Fighting raged in the Bakhmut direction.", "Bakhmut", 2),
        ("Drones struck the southern countryside of Idlib.", "Idlib", 2),
    ],
)
def test_places_precision_codes(parse, text, name, precision) -> None:  # type: ignore[no-untyped-def]
    assert _find(parse(text), name).precision == precision


@pytest.mark.parametrize(
    "text",
    [
        "The meeting in May was postponed.",
        "Police said the suspect was arrested.",
        "The President will speak on Friday.",
        # an adjective of a force's name (Popular: another name of Elloree, South Carolina)
        "The Popular Mobilisation Forces reached the border near Qaim.",
    ],
)
def test_places_stop_list_keeps_common_words_out(parse, text) -> None:  # type: ignore[no-untyped-def]
    names = {t.text for t in parse(text)}
    assert not names & {"May", "Police", "President", "Friday", "Popular"}


def test_places_finds_names_spacy_misses_after_cues(parse) -> None:  # type: ignore[no-untyped-def]
    toponyms = parse("The militants melted away from the town of Hajin and the village of Baghouz.")
    assert _find(toponyms, "Hajin").place is not None
    assert _find(toponyms, "Baghouz").place is not None


def test_places_takes_a_participle_of_capture_as_a_cue(parse) -> None:  # type: ignore[no-untyped-def]
    # spaCy reads the town as an organisation here; "taken" says it is a place.
    toponyms = parse("Russia claimed to have taken Krasnohorivka, a claim Ukraine disputed.")
    assert _find(toponyms, "Krasnohorivka").place is not None


def test_places_one_sense_per_discourse(parse) -> None:  # type: ignore[no-untyped-def]
    toponyms = parse("Floods hit London, Ontario. Officials in London said roads reopened.")
    londons = [t for t in toponyms if t.text == "London"]
    assert len(londons) == 2
    assert {t.place.place_id for t in londons if t.place} == {londons[0].place.place_id}  # type: ignore[union-attr]
    assert londons[0].place is not None and londons[0].place.country == "CA"


def test_places_runners_up_carry_reasons(parse) -> None:  # type: ignore[no-untyped-def]
    toponym = _find(parse("Troops entered Palmyra in Syria."), "Palmyra")
    assert toponym.candidates and toponym.candidates[0].place == toponym.place
    assert "name" in toponym.candidates[0].reasons
    assert 0.0 < toponym.confidence <= 1.0


def test_places_reads_datelines(parse) -> None:  # type: ignore[no-untyped-def]
    toponyms = parse(
        "BEIRUT — Officials said talks would resume.\nCOLUMBUS, Ohio — A fire broke out."
    )
    assert _find(toponyms, "BEIRUT").place.country == "LB"  # type: ignore[union-attr]
    columbus = _find(toponyms, "COLUMBUS").place
    assert columbus is not None and columbus.country == "US" and columbus.admin1 == "Ohio"


def test_places_prefers_the_place_inside_an_unknown_entity(parse) -> None:  # type: ignore[no-untyped-def]
    toponyms = parse("Heavy rain fell across Far North Queensland on Sunday.")
    queensland = [t for t in toponyms if "Queensland" in t.text and t.place is not None]
    assert queensland and queensland[0].place.country == "AU"  # type: ignore[union-attr]


def test_places_division_word_makes_another_name(parse) -> None:  # type: ignore[no-untyped-def]
    # 7. "X province" and the bare "X" (the town) are two names, not one sense.
    text = (
        "The army reached Deir ez-Zor province in September. "
        "Troops then broke the siege of the city of Deir ez-Zor."
    )
    first, second = [t for t in parse(text) if t.text == "Deir ez-Zor"]
    assert first.place is not None and first.place.feature == "admin1"
    assert second.place is not None and second.place.feature == "city"


def test_places_loosest_spelling_with_no_country_stays_unresolved(parse) -> None:  # type: ignore[no-untyped-def]
    # With no country named, a misspelling (Rubí, Spain) or a transliterated GeoNames
    # alternate (Kinoshita, Japan, alias Minowa) is a guess.
    toponyms = parse("Thousands of people fled Rubaya towards the lakeside town of Minova.")
    assert [(t.text, t.place) for t in toponyms] == [("Rubaya", None), ("Minova", None)]


def test_places_loose_spelling_abroad_stays_unresolved(parse) -> None:  # type: ignore[no-untyped-def]
    # A name met only by transliteration in a country the text never names is a guess.
    toponym = _find(
        parse("Gunmen attacked the village of al-Sabha near Deir ez-Zor in Syria."), "al-Sabha"
    )
    assert toponym.place is None


def test_places_a_name_the_text_puts_in_a_province_is_no_town_abroad(parse) -> None:  # type: ignore[no-untyped-def]
    # No Nasir of South Sudan in the gazetteer: not Khartoum's Nasir Extension either; left
    # unresolved, its province locates it ("the Nice of Russia" is a likeness, not a place in)
    toponyms = parse("Fighters overran an army garrison in Nasir in Upper Nile state.")
    nasir, upper_nile = _find(toponyms, "Nasir"), _find(toponyms, "Upper Nile")
    assert nasir.place is None
    assert upper_nile.place is not None and upper_nile.place.country == "SS"
    nice = _find(parse("He said the Black Sea resort could become the Nice of Russia."), "Nice")
    assert nice.place is not None and nice.place.country == "FR"
