"""A report's place from context (sitrep.stages.place_fallback via locate_report_place):
bare place nouns that refer back to a named place, and a town inside the division named
with it. Every sentence is ours."""

from __future__ import annotations

import pytest

from sitrep.gazetteer import load_gazetteer
from sitrep.stages.event_location import locate_report_place
from sitrep.stages.language import load_nlp
from sitrep.stages.places import find_toponyms

# (rule, text, trigger word (its last occurrence), expected place name, expected feature)
CASES = [
    # "the town" governed by the trigger: the last town named before
    (
        "bare town",
        "Rebels entered Tall Abyad on Monday.\n\nBy the evening the town had fallen.",
        "fallen",
        "Tall Abyaḑ",
    ),
    # "to the province": the province of the last town named
    (
        "bare province",
        "Militants were massing near Tall Abyad.\n\nThey moved their heavy guns to the "
        "province overnight.",
        "moved",
        "Ar Raqqah",
    ),
    # "X province ... the edge of the city": the province's namesake town
    (
        "namesake seat",
        "Airstrikes hit villages across Deir ez-Zor province on Sunday.\n\nGovernment troops "
        "pushed toward the industrial zone on the edge of the city.",
        "pushed",
        "Deir ez-Zor",
    ),
    # a dateline says where the report was filed, not which city "the city" is
    (
        "dateline",
        "Army reports gains near Izium\n\nKHARKIV — The army said on Monday that it had "
        "taken the city.",
        "taken",
        "Izyum",
    ),
    # a dateline is no paragraph context either: the document's town stands in
    (
        "dateline paragraph",
        "Troops advance toward Rawa\n\nBAGHDAD — Two soldiers were killed by a roadside bomb "
        "on Friday, officials said.",
        "killed",
        "Rāwah",
    ),
    # a town the sentence itself names, even on a weak link, beats one named before it
    (
        "sentence town",
        "Fighters fled Tal Afar in August.\n\nIn Mosul, while foreign fighters fought hard "
        "against the army, hundreds of local fighters struck a deal in June to be evacuated "
        "from the city.",
        "deal",
        "Mosul",
    ),
    # of places listed together on the trigger, the finest (a town before a district)
    (
        "finest listed",
        "Officials blamed militants for a series of bombings between the Balad District and "
        "Samarra, in Iraq.",
        "bombings",
        "Sāmarrā’",
    ),
    # "the fall of X in Y province": the town, not the province containing it
    (
        "contained town",
        "The army announced the fall of al-Tabqa in Raqqa province on Sunday.",
        "fall",
        "Al-Tabqa",
    ),
    # a bare town noun beats the province the sentence names as its speaker's
    (
        "town before province",
        "Troops entered Rawa on Monday.\n\nAn officer in Anbar said a roadside bomb hit a "
        "patrol near the town.",
        "bomb",
        "Rāwah",
    ),
    # "the city's X District", a part the gazetteer lacks: the city named before
    (
        "part of",
        "Shelling hit Samarra in Iraq on Monday. Gunmen later entered the city's central "
        "Shuhada District wearing police uniforms.",
        "entered",
        "Sāmarrā’",
    ),
    # a bare place noun elsewhere in a sentence that names no town of its own
    (
        "sentence noun",
        "Fighters shelled Tall Abyad on Monday.\n\nResidents said most of the town fell "
        "after the outer posts were overrun.",
        "overrun",
        "Tall Abyaḑ",
    ),
    # the doer's place says where a strike came from: the target's bare "the city" wins
    (
        "doer's place",
        "Fighting went on around Tall Abyad.\n\nThe navy said a frigate in the Black Sea "
        "had fired missiles at positions near the city.",
        "missiles",
        "Tall Abyaḑ",
    ),
    # a place in an institution's name is the speaker's affiliation, not the story's town
    (
        "institution",
        "Clashes broke out near Tall Abyad.\n\nA researcher at Tel Aviv University described "
        "the fighting.\n\nOn Monday jets bombed the area.",
        "bombed",
        "Tall Abyaḑ",
    ),
    # ... and so is a place in a monitor's name
    (
        "observatory",
        "Clashes broke out near Tall Abyad.\n\nThe Euphrates Observatory for Human Rights "
        "counted the dead.\n\nOn Monday jets bombed the area.",
        "bombed",
        "Tall Abyaḑ",
    ),
    # the town an apposition calls one: the places named inside that apposition describe it
    (
        "described town",
        "Militants attacked Rutbah, a town in western Iraq on the road that links Baghdad to"
        " Amman.\n\nThe militants stormed the town from three sides.",
        "stormed",
        "Ar Ruţbah",
    ),
    # the same with the event verb itself as the trigger
    (
        "doer's place, verb",
        "Fighting went on around Tall Abyad.\n\nA frigate in the Black Sea shelled "
        "positions near the city overnight.",
        "shelled",
        "Tall Abyaḑ",
    ),
]


@pytest.fixture(scope="module")
def locate():  # type: ignore[no-untyped-def]
    nlp = load_nlp()
    gazetteer = load_gazetteer()

    def run(text: str, word: str):  # type: ignore[no-untyped-def]
        sdoc = nlp(text)
        start = text.rindex(word)
        toponyms = find_toponyms(sdoc, gazetteer)
        place, _ = locate_report_place(sdoc, (start, start + len(word)), toponyms)
        return place

    return run


@pytest.mark.parametrize(("rule", "text", "word", "name"), CASES, ids=[c[0] for c in CASES])
def test_places_fallback_resolves_context(
    locate, rule: str, text: str, word: str, name: str
) -> None:  # type: ignore[no-untyped-def]
    place = locate(text, word)
    assert place is not None and place.name == name, (rule, place)


# (rule, text, trigger word, expected place name, expected precision)
PRECISION_CASES = [
    # "the country": the country of the last place named, at a country's precision
    (
        "bare country",
        "Rebels took Gao in January.\n\nFrench forces withdrew from the country in 2022.",
        "withdrew",
        "Mali",
        3,
    ),
    # ... where a dateline's country serves when the text names no other place before
    (
        "bare country, dateline",
        "BAMAKO, Aug 26 (Meridian Wire) — Jihadists attacked a convoy on Monday.\n\nFrench "
        "forces withdrew from the country in 2022.",
        "withdrew",
        "Mali",
        3,
    ),
    # ... but not the country of the dateline when the text names a place elsewhere
    (
        "bare country, other dateline",
        "Last French troops leave Gao\n\nDAKAR, Aug 26 (Meridian Wire) — Jihadists attacked "
        "a convoy on Monday.\n\nFrench forces withdrew from the country in 2022.",
        "withdrew",
        "Mali",
        3,
    ),
    # "the capital": the capital of the country the text is in; "the provincial capital" is
    # another one
    (
        "bare capital",
        "Gangs attacked Mirebalais in central Haiti.\n\nGunmen stormed the capital on Monday.",
        "stormed",
        "Port-au-Prince",
        1,
    ),
    (
        "bare capital, modified",
        "Gangs attacked Mirebalais in central Haiti.\n\nGunmen stormed the provincial capital"
        " on Monday.",
        "stormed",
        "Mirebalais",
        2,
    ),
    # "the area": near the last town named, not at it, and not where the report was filed
    (
        "bare area",
        "Clashes broke out near Tall Abyad.\n\nOn Monday jets bombed the area.",
        "bombed",
        "Tall Abyaḑ",
        2,
    ),
    (
        "bare area, dateline",
        "BAMAKO, Aug 26 (Meridian Wire) — Rebels took Gao on Monday.\n\nJets bombed the "
        "area on Tuesday.",
        "bombed",
        "Gao",
        2,
    ),
    # ... and the town a report was filed from is no more than the document's place
    (
        "bare area, only a dateline",
        "BAMAKO, Aug 26 (Meridian Wire) — Rebels attacked a convoy on Monday.\n\nJets bombed "
        "the area on Tuesday.",
        "bombed",
        "Bamako",
        3,
    ),
]


@pytest.mark.parametrize(
    ("rule", "text", "word", "name", "precision"),
    PRECISION_CASES,
    ids=[c[0] for c in PRECISION_CASES],
)
def test_places_fallback_precision(
    locate, rule: str, text: str, word: str, name: str, precision: int
) -> None:  # type: ignore[no-untyped-def]
    place = locate(text, word)
    assert place is not None and (place.name, place.precision) == (name, precision), (rule, place)


def test_bare_destination_beats_the_place_things_were_moved_from() -> None:
    # "moved X in A to the province": a relocation's place is where things went; a place on
    # what was moved is where they came from. The rule needs the trigger's destination
    # prepositions (triggers.yaml `place_preps`); without them the origin wins.
    nlp = load_nlp()
    text = (
        "Militants were massing near Tall Abyad.\n\nThey also moved most of their heavy guns "
        "in Palmyra to the province overnight."
    )
    sdoc = nlp(text)
    start = text.rindex("moved")
    toponyms = find_toponyms(sdoc, load_gazetteer())
    trigger = (start, start + len("moved"))
    place, stated = locate_report_place(
        sdoc, trigger, toponyms, place_preps=frozenset({"to", "into"})
    )
    assert place is not None and place.name == "Ar Raqqah" and not stated
    origin, _ = locate_report_place(sdoc, trigger, toponyms)
    assert origin is not None and origin.name == "Tadmur"
