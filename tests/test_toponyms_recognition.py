"""Toponym recognition rules, each pinned by a sentence of ours: what names a place, what not."""

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


# (rule, sentence, a toponym that must be found with exactly this text)
FOUND = [
    # the capture of a place names it, whatever spaCy tagged it
    (
        "capture of",
        "The army celebrated the capture of al-Tabqa after a week of fighting.",
        "al-Tabqa",
    ),
    ("recapture of", "Rebels confirmed the recapture of al-Shaddadi on Friday.", "al-Shaddadi"),
    ("liberation of", "The ministry announced the liberation of al-Bab on Thursday.", "al-Bab"),
    # what a strike "hit" is a place when the gazetteer knows it
    ("hit", "Rockets hit Sderot on Monday, the army said.", "Sderot"),
    # a place qualifying a local noun, however spaCy tagged it
    ("local noun", "Roselle police closed the road after the crash.", "Roselle"),
    ("local noun", "An Alexandria man was arrested on Tuesday.", "Alexandria"),
    ("local noun", "Mosul residents fled across the river at dawn.", "Mosul"),
    # ... or a facility of it, also after one lower-case word (facility_after)
    (
        "facility",
        "Ukrainian forces conducted a drone strike against the Novoshakhtinsk oil refinery"
        " in Rostov Oblast overnight.",
        "Novoshakhtinsk",
    ),
    # an article opening a sentence is no part of the name
    ("article", "The Athens Police Department opened an inquiry.", "Athens"),
    # a dateline after the headline on the same line
    ("dateline", "Council approves budget. MANSFIELD — The council met on Monday.", "MANSFIELD"),
    ("dateline", "Strikes resume. KHARKIV, Ukraine — Missiles hit the city overnight.", "KHARKIV"),
    # a list closed by a plural division word gives every name the division cue
    ("list", "Flood warnings covered Becker, Clay and Wilkin counties.", "Wilkin"),
    ("list", "Airstrikes hit villages in Idlib and Hama provinces.", "Idlib"),
    # one sense per discourse: a name taken as a place once is a place where it recurs
    (
        "same name",
        "Floodwater reached Fargo on Friday. Fargo raised its sandbag goal again.",
        "Fargo",
    ),
    # stop-listed words around an entity's name are no part of it
    ("core", "Snow fell In B.C. on Sunday, closing two passes.", "B.C."),
    # a state's name keeps its reference before a road word
    ("street division", "A crash closed the Ohio Turnpike near the state line.", "Ohio"),
    # a person's home town: "NAME, AGE, of X"
    ("residence", "Fatima Noor, 29, of Baiji, was among the wounded.", "Baiji"),
    ("residence", "The driver, Karim Aziz of Qayyarah, survived the blast.", "Qayyarah"),
    # a place the tagger ran into a title keeps its reference
    ("title", "Officials said Sri Lanka's foreign minister would travel on Monday.", "Sri Lanka"),
    # a place entity the gazetteer lacks is one name, not the small places its words name,
    # unless one of them is a division or a sizeable town
    ("pieced", "Troops raided a hideout near Mir Ali on Sunday.", "Mir Ali"),
    ("pieced", "Boats filled the large Hammond Marina on Sunday.", "Hammond"),
    # a name followed by the country or province it lies in
    ("contained", "The families of Price, Utah, gathered at the memorial.", "Price"),
    ("contained", "Shelling resumed around Hugo, Oklahoma, in the drill scenario.", "Hugo"),
    # a place before a hyphenated qualifier
    ("hyphen", "The Idlib-based group denied the claim.", "Idlib"),
    # a site of our supplement named by several words, with no cue before it
    (
        "site",
        "Shelling hit the Zaporizhzhia nuclear power plant on Sunday.",
        "Zaporizhzhia nuclear power plant",
    ),
    # a legislator's party and home town
    ("party", "Rep. Dana Holt, R-Elbow Lake, voted against the bill.", "Elbow Lake"),
    # an abbreviation split from its stop in a dateline in capitals
    ("dateline", "Bridge reopens. ST. PAUL — Traffic resumed on Monday.", "ST. PAUL"),
    # a dateline in capitals closed by a colon, anywhere on its line
    ("dateline", "Floods destroy crops. BEIRUT: Farmers counted their losses.", "BEIRUT"),
    # a place closing an organisation's name after "of", or after loose words at its head
    ("seat", "She studied medicine at the University of Toronto.", "Toronto"),
    ("head", "Metro Vancouver officials banned the practice.", "Vancouver"),
    # an apposition with a place noun: "X, a village on the river"
    (
        "apposition",
        "Residents of Tel Tamer, a village on the Khabur, reached the camp.",
        "Tel Tamer",
    ),
    # plural demonyms are country references too
    ("demonym plural", "The Latvians were rescued by a helicopter crew.", "Latvians"),
]


@pytest.mark.parametrize(("rule", "text", "name"), FOUND, ids=[f"{f[0]}-{f[2]}" for f in FOUND])
def test_toponyms_found(parse, rule: str, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    toponyms: list[Toponym] = parse(text)
    texts = [t.text for t in toponyms]
    assert texts.count(name) >= (2 if rule == "same name" else 1), f"{rule}: {texts}"


# (rule, sentence, words that must not be toponyms)
NOT_FOUND = [
    # a place name inside a longer person's name is part of it
    ("person", "Officers Ron McCurry and Chad Walker answered the call.", "Chad"),
    ("person", "Investigator Bill Carlow took the statement.", "Carlow"),
    # a surname used alone after the person's full name is the person
    (
        "surname",
        "Colonel Dale Lincoln led the convoy. Lincoln said the road was mined.",
        "Lincoln",
    ),
    # organisations and common words that GeoNames also lists as towns (stop list)
    ("stop list", "Hamas fighters fired rockets toward the border.", "Hamas"),
    ("stop list", "The Section chief said talks would resume in the spring.", "Section"),
    # a word inside a longer name, met only by transliteration
    ("inside a name", "Pupils from Cuckoo Hall Academy won the first prize.", "Cuckoo"),
    # acronyms match places by their exact spelling only; armed groups and agencies are stop-listed
    ("acronym", "The BBC said the convoy had turned back.", "BBC"),
    ("stop list", "SANA said Daesh fighters had shelled the road.", "Daesh"),
    ("stop list", "SANA said Daesh fighters had shelled the road.", "SANA"),
    (
        "stop list",
        "A frigate in the Mediterranean fired cruise missiles at IS positions near Palmyra.",
        "IS",
    ),
    # a town's name in the middle of a longer name after a loose word is part of it
    (
        "inside a name",
        "Volunteers planted trees in the Crescent Conservation Area near the school.",
        "Conservation",
    ),
    # a news outlet's name is no report from its place
    ("outlet", "U.S. officials told The New York Times about the raid.", "New York"),
    # common words that only a GeoNames alternate name makes a place
    ("common words", "The City council met on Monday to vote on the budget.", "City"),
    # a town's name heading a street's name is part of it
    ("street", "Shops on Wichita Street reopened after the fire.", "Wichita"),
    # a place heading a title in quotes (an operation's name) is a word of the title
    ("title", 'The army began an offensive it called "Euphrates Dawn" on Monday.', "Euphrates"),
    # a stop-listed word before a local noun stays a word
    ("stop list", "A Good man is hard to find, the colonel said.", "Good"),
    # two letters heading a longer name are an article, not a town (Ål, Norway)
    ("article", "Officials told Al Sumaria TV that the group was recruiting.", "Al"),
    # nor when a hyphen glues them to the rest of a name the gazetteer lacks
    ("article", "Gunmen killed 124 people in the village of Al-Sireha on Friday.", "Al"),
    ("street", "The strike hit the building on Peremohy embankment.", "Peremoh"),
    # a name that runs on through a glued article is longer than the gazetteer's match (Vad)
    ("runs on", "Fighters attacked the village of Wad al-Noura on Wednesday.", "Wad"),
    # capitals in brackets spelling the name before them are its acronym (not DR Congo)
    ("acronym", "The Danish Refugee Council (DRC) said 300 families had fled.", "DRC"),
]


@pytest.mark.parametrize(
    ("rule", "text", "word"), NOT_FOUND, ids=[f"{f[0]}-{f[2]}" for f in NOT_FOUND]
)
def test_toponyms_not_found(parse, rule: str, text: str, word: str) -> None:  # type: ignore[no-untyped-def]
    toponyms: list[Toponym] = parse(text)
    assert all(word not in t.text for t in toponyms), f"{rule}: {[t.text for t in toponyms]}"


def test_toponyms_organisation_acronym_is_no_recurrence_of_a_place(parse) -> None:  # type: ignore[no-untyped-def]
    text = "Troops fought in eastern DRC. The Danish Refugee Council (DRC) said 300 families fled."
    found = [(t.text, t.start) for t in parse(text) if t.text == "DRC"]
    assert found == [("DRC", text.index("DRC"))]
