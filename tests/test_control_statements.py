"""Control statements found in sentences written by us (sitrep.stages.control_statements).

Toponyms are given by hand (the geoparser has its own tests); parse, actors, time and claims
are the real stages.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from sitrep.model import Document, Place, Toponym
from sitrep.stages.actors import find_actor_mentions, load_actor_dictionary
from sitrep.stages.control_statements import find_control_statements
from sitrep.stages.time import find_timexes

PLACES = {
    "Hajin": Place("gn:174506", "Hajin", 34.695, 40.831, "SY", "07", "city", 174506),
    "Raqqa": Place("gn:172955", "Raqqa", 35.953, 39.008, "SY", "04", "city", 172955),
    "Mayadin": Place("gn:170592", "Mayadin", 35.020, 40.452, "SY", "07", "city", 170592),
    "Deir ez-Zor province": Place(
        "adm:SY.07", "Deir ez-Zor", 35.0, 40.5, "SY", "07", "admin1", 170792
    ),
    "Iraq": Place("cc:IQ", "Iraq", 33.0, 44.0, "IQ", None, "country", 99237),
    "Anbar": Place("adm:IQ.01", "Anbar", 33.4, 42.0, "IQ", "01", "admin1", 99592),
    "Rawa": Place("gn:92004", "Rawa", 34.482, 41.919, "IQ", "01", "city", 92004),
}
PUBLISHED = date(2017, 11, 3)


def statements(nlp: Language, text: str) -> list[tuple[str, str, int, str, str]]:
    sdoc = nlp(text)
    toponyms = [
        Toponym(text.index(name), text.index(name) + len(name), name, place)
        for name, place in PLACES.items()
        if name in text
    ]
    dictionary = load_actor_dictionary()
    doc = Document("t1", text, source="Our desk", published=PUBLISHED)
    found = find_control_statements(
        doc,
        sdoc,
        toponyms,
        find_actor_mentions(sdoc, dictionary, "SY"),
        find_timexes(text, PUBLISHED),
        dictionary,
    )
    return [
        (r.actor1.id, r.place.name, r.place.precision, r.date.start.isoformat(), r.stance)  # type: ignore[union-attr]
        for r in found
    ]


CASES = [
    # 1. holding verbs, active and passive
    (
        "Islamic State fighters still hold Hajin and Mayadin.",
        [
            ("islamic-state", "Hajin", 1, "2017-11-03", "asserted"),
            ("islamic-state", "Mayadin", 1, "2017-11-03", "asserted"),
        ],
    ),
    (
        "Hajin is held by the Islamic State, residents said.",
        [("islamic-state", "Hajin", 1, "2017-11-03", "claimed")],
    ),
    (
        "Syrian government forces control most of Deir ez-Zor province.",
        [("syrian-government", "Deir ez-Zor", 2, "2017-11-03", "asserted")],
    ),
    # ... the town an apposition describes as held, not the province it lies in
    (
        "IS besieged Rawa, the last major town in Anbar held by the Iraqi army, on Friday.",
        [("iraqi-security-forces", "Rawa", 1, "2017-11-03", "asserted")],
    ),
    # a headline with no verb above the cue (climbing to its root once never ended)
    ("Islamic State-held Hajin", []),
    # 2. under ... control
    (
        "By Sunday, Raqqa remained under the control of the Syrian Democratic Forces.",
        [("sdf", "Raqqa", 1, "2017-10-29", "asserted")],
    ),
    (
        "On Friday the towns of Hajin and Mayadin were still under Islamic State control.",
        [
            ("islamic-state", "Hajin", 1, "2017-11-03", "asserted"),
            ("islamic-state", "Mayadin", 1, "2017-11-03", "asserted"),
        ],
    ),
    # 3. in the hands of
    (
        "Mayadin is now in the hands of the Islamic State.",
        [("islamic-state", "Mayadin", 1, "2017-11-03", "asserted")],
    ),
    # 4. X-held
    (
        "Troops moved towards the IS-held town of Hajin on Monday.",
        [("islamic-state", "Hajin", 1, "2017-10-30", "asserted")],
    ),
    (
        "Government troops are preparing an assault on a pocket of IS-held land in Hajin.",
        [("islamic-state", "Hajin", 2, "2017-11-03", "asserted")],
    ),
    # 5. in control of / have control over; a date in another clause does not date this one
    (
        "Islamic State fighters still hold most of Hajin, which the army lost last week.",
        [("islamic-state", "Hajin", 2, "2017-11-03", "asserted")],
    ),
    (
        "Islamic State fighters were still holding most of Hajin, which the army lost last week.",
        [("islamic-state", "Hajin", 2, "2017-11-03", "asserted")],
    ),
    (
        "Their push stalled in early October, and the Islamic State still holds Hajin.",
        [("islamic-state", "Hajin", 1, "2017-11-03", "asserted")],
    ),
    (
        "The Islamic State remains in control of Hajin and Mayadin.",
        [
            ("islamic-state", "Hajin", 1, "2017-11-03", "asserted"),
            ("islamic-state", "Mayadin", 1, "2017-11-03", "asserted"),
        ],
    ),
    (
        "The Syrian Democratic Forces have full control over Raqqa.",
        [("sdf", "Raqqa", 1, "2017-11-03", "asserted")],
    ),
    # 6. relative and reduced clauses
    (
        "Hajin is the last large town that the Islamic State still controls.",
        [("islamic-state", "Hajin", 1, "2017-11-03", "asserted")],
    ),
    (
        "Mayadin and Hajin are the towns the Islamic State still holds.",
        [
            ("islamic-state", "Hajin", 1, "2017-11-03", "asserted"),
            ("islamic-state", "Mayadin", 1, "2017-11-03", "asserted"),
        ],
    ),
    (
        "Raqqa, held by the Syrian Democratic Forces since October, is being cleared of mines.",
        [("sdf", "Raqqa", 1, "2017-10-01", "asserted")],
    ),
    # partial holds, and a country that only locates the province
    (
        "Shells fell on the government-held district of Mayadin on Friday.",
        [("syrian-government", "Mayadin", 2, "2017-11-03", "asserted")],
    ),
    (
        "The Islamic State now maintains a few pockets of Anbar in Iraq.",
        [("islamic-state", "Anbar", 2, "2017-11-03", "asserted")],
    ),
    # no statement: negated, forecast, undated past, no holder, no place
    ("The Islamic State does not control Raqqa any more.", []),
    ("The army will soon control Mayadin.", []),
    ("The militants held Raqqa for three years.", []),
    ("Residents said the roads to Hajin are still open.", []),
    ("The army still holds the high ground.", []),
    ("The town that the army shelled on Monday is Hajin.", []),
    ("Raqqa fell after the rebels took control of it.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_control_statements_found(nlp: Language, text: str, expected: list[tuple]) -> None:  # type: ignore[type-arg]
    assert statements(nlp, text) == expected
