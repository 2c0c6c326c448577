"""Places named by description ("the airport") or misread by the tagger ("Daesh").

Sentences written by us; the toponym stage and the gazetteer are the real ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.gazetteer.index import Gazetteer, load_gazetteer
from sitrep.stages.definite_places import (
    FacilityCueError,
    find_facility_descriptions,
    load_facility_cues,
)
from sitrep.stages.places import find_toponyms


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def described(nlp: Language, gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    toponyms = find_toponyms(nlp(text), gazetteer)
    return [
        (t.text, t.place.place_id)  # type: ignore[union-attr]
        for t in find_facility_descriptions(text, toponyms, gazetteer)
    ]


CASES = [
    (
        "Troops reached Deir ez-Zor on Monday. Fighting went on around the airport.",
        [("airport", "sup:deir-ez-zor-airbase")],
    ),
    (
        "Government forces in Deir ez-Zor broke through to the military airport.",
        [("military airport", "sup:deir-ez-zor-airbase")],
    ),
    (
        "The SDF advanced on Tabqa and seized the dam after a week of fighting.",
        [("dam", "sup:tabqa-dam")],
    ),
    (
        "Iraqi units entered al-Qaim and took the border crossing.",
        [("border crossing", "sup:al-qaim-crossing")],
    ),
    # no facility of that kind near the anchoring place: nothing rather than a far one
    ("Rebels shelled Idlib, hitting the dam.", []),
    # no place to anchor the description at all
    ("The militants attacked the airport.", []),
    # a name the toponym stage already holds is not described again
    ("The SDF took the Tabqa Dam.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_definite_places_resolve_near_the_anchor(
    nlp: Language, gazetteer: Gazetteer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert described(nlp, gazetteer, text) == expected


def test_definite_places_cue_file_errors_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text("max_km: 40\nmodifiers: []\nnouns:\n  airport: [spaceport]\n")
    with pytest.raises(FacilityCueError, match=r"nouns\.airport: unknown feature 'spaceport'"):
        load_facility_cues(path)


def test_definite_places_locate_the_event_at_the_facility() -> None:
    from datetime import date

    from sitrep.jobs import analyze_text

    text = (
        "Troops reached Deir ez-Zor on Monday. Fighting went on on Tuesday evening around the"
        " airport, which jihadists still surround."
    )
    item = analyze_text(text, published=date(2017, 9, 5))
    clashes = [r for r in item.reports if r.type == "armed_clash"]
    assert clashes and clashes[0].place is not None
    assert clashes[0].place.place_id == "sup:deir-ez-zor-airbase"


def test_stop_listed_names_the_tagger_reads_as_places_are_no_event_places() -> None:
    from datetime import date

    from sitrep.jobs import analyze_text

    item = analyze_text(
        "Government forces tightened the siege on Daesh in the desert on Monday.",
        published=date(2017, 11, 20),
    )
    sieges = [r for r in item.reports if r.type == "siege"]
    assert sieges and all(r.place is None or r.place.name != "Daesh" for r in sieges)


def test_a_province_the_sentence_names_beats_a_town_named_elsewhere() -> None:
    from datetime import date

    from sitrep.jobs import analyze_text

    text = (
        "Fighting in Mayadin had ended by the summer, residents said.\n"
        "On Monday the Syrian Democratic Forces announced an offensive to drive the group out"
        " of Deir ez-Zor Governorate."
    )
    item = analyze_text(text, published=date(2017, 9, 12))
    offensives = [r for r in item.reports if r.type == "offensive"]
    assert offensives and offensives[0].place is not None
    assert offensives[0].place.place_id == "adm:SY.07"
    assert offensives[0].place.precision == 3
