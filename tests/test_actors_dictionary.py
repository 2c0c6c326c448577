"""The actor dictionary: loading, validation errors, references, alliances and validity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.model import ActorRef
from sitrep.stages.actors import (
    ACTOR_TYPES,
    ActorDictionary,
    ActorDictionaryError,
    load_actor_dictionary,
)


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return load_actor_dictionary()


def test_actors_dictionary_loads_once(actors: ActorDictionary) -> None:
    assert load_actor_dictionary() is actors
    assert len(actors.actors) >= 100
    assert {a.type for a in actors.actors.values()} == set(ACTOR_TYPES)


@pytest.mark.parametrize(
    ("actor_id", "name", "type_"),
    [
        ("islamic-state", "Islamic State", "non_state_armed_group"),
        ("syrian-government", "Syrian government forces", "state_force"),
        ("russia", "Russian forces", "foreign_state_force"),
        ("us-led-coalition", "US-led coalition", "international_coalition"),
        ("pmf", "Popular Mobilization Forces", "militia"),
        ("civilians", "Civilians", "civilians"),
        ("sana", "SANA", "source"),
    ],
)
def test_actors_ref_carries_type(
    actors: ActorDictionary, actor_id: str, name: str, type_: str
) -> None:
    assert actors.ref(actor_id) == ActorRef(id=actor_id, name=name, type=type_)


def test_actors_get_names_unknown_id(actors: ActorDictionary) -> None:
    with pytest.raises(KeyError, match="no-such-actor"):
        actors.get("no-such-actor")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("sdf", "sdf", True),  # same actor
        ("ypg", "sdf", True),  # child and parent
        ("iraqi-cts", "iraqi-security-forces", True),
        ("kataib-hezbollah", "asaib-ahl-al-haq", True),  # siblings under the PMF
        ("jnim", "al-qaeda", True),  # grandparent via parents
        ("hezbollah", "syrian-government", True),  # declared alliance
        ("syrian-government", "hezbollah", True),  # symmetric
        ("russia", "syrian-government", True),
        ("united-states", "iraqi-security-forces", True),  # the coalition's partners too
        ("sana", "syrian-government", True),  # state media speak for their government
        ("wagner", "malian-army", True),
        ("sdf", "islamic-state", False),
        ("turkey", "sdf", False),
        ("saf", "rsf", False),
        ("houthis", "saudi-led-coalition", False),
        ("ukraine", "russia", False),
    ],
)
def test_actors_allied(actors: ActorDictionary, a: str, b: str, expected: bool) -> None:
    assert actors.allied(a, b) is expected


@pytest.mark.parametrize(
    ("role", "country", "expected"),
    [
        ("state", "SY", "syrian-government"),
        ("state", "UA", "ukraine"),
        ("state", None, "government-forces"),
        ("state", "ZZ", "government-forces"),
        ("rebels", "YE", "houthis"),
        ("armed_group", "SO", "al-shabaab"),
        ("coalition", "FR", None),
    ],
)
def test_actors_resolve_role(
    actors: ActorDictionary, role: str, country: str | None, expected: str | None
) -> None:
    assert actors.resolve_role(role, country) == expected


@pytest.mark.parametrize(
    ("actor_id", "day", "expected"),
    [
        ("hts", date(2016, 6, 1), False),
        ("hts", date(2018, 6, 1), True),
        ("amisom", date(2021, 1, 1), True),
        ("amisom", date(2023, 1, 1), False),
        ("atmis", date(2023, 1, 1), True),
        ("islamic-state", date(2017, 11, 3), True),
    ],
)
def test_actors_validity_dates(
    actors: ActorDictionary, actor_id: str, day: date, expected: bool
) -> None:
    assert actors.valid_on(actor_id, day) is expected


BAD_FILES = [
    ("actors: {}", "'actors' list"),
    ("actors:\n  - {id: Bad_Id, name: X, type: militia}", "kebab-case"),
    ("actors:\n  - {id: x, type: militia}", "name is required"),
    ("actors:\n  - {id: x, name: X, type: army}", "type must be"),
    ("actors:\n  - {id: x, name: X, type: militia, country: Syria}", "ISO2"),
    ("actors:\n  - {id: x, name: X, type: militia, allies: [y]}", "unknown actor id 'y'"),
    ("actors:\n  - {id: x, name: X, type: militia, colour: red}", "unknown keys"),
    ("actors:\n  - {id: x, name: X, type: militia, valid_to: soon}", "ISO date"),
    (
        "actors:\n  - {id: x, name: X, type: militia}\n  - {id: x, name: Y, type: militia}",
        "duplicate id",
    ),
    ("actors: [\n", "not valid YAML"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_actors_dictionary_errors_name_file_and_entry(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActorDictionaryError, match=message) as caught:
        load_actor_dictionary(path)
    assert "broken.yaml" in str(caught.value)


def test_actors_error_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "actors:\n  - {id: ok, name: OK, type: militia}\n  - {id: bad, name: B, type: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(ActorDictionaryError, match=r"actor #2 \(bad\)"):
        load_actor_dictionary(path)


def test_unknown_ids_are_allied_only_with_themselves() -> None:
    from sitrep.stages.actors import load_actor_dictionary

    dictionary = load_actor_dictionary()
    assert dictionary.allied("no-such-actor", "no-such-actor")
    assert not dictionary.allied("no-such-actor", "islamic-state")
    assert not dictionary.allied("islamic-state", "retired-id")
