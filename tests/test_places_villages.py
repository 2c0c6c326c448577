"""Villages from our gazetteer supplement against their GeoNames namesakes abroad."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.gazetteer.index import Gazetteer, load_gazetteer
from sitrep.stages.places import find_toponyms


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


CASES = [
    (
        "Supporters fled across the river toward Rumana, Iraq, a police officer said.",
        "Rumana",
        "IQ",
    ),
    ("Settlers uprooted olive trees near Rummanah, west of Jenin.", "Rummanah", "PS"),
]


@pytest.mark.parametrize(("text", "name", "country"), CASES, ids=[c[1] for c in CASES])
def test_places_village_keeps_its_country(
    nlp: Language, gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    found = {t.text: t.place for t in find_toponyms(nlp(text), gazetteer)}
    assert found[name] is not None and found[name].country == country
