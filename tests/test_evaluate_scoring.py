"""sitrep evaluate: alignment of exported events to gold events, and per-field scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep.bench.evaluate import dates_overlap, evaluate, evaluate_files, fold, same_place


def gold_event(event_id: str, kind: str, hint: str, **extra: Any) -> dict[str, Any]:
    report = {"doc_id": "d1", "stance": "asserted", "claimant": None, "sentence_hint": hint}
    report.update(extra.pop("report", {}))
    event = {
        "event_id": event_id,
        "type": kind,
        "actor1": {"id": "sdf", "name": "SDF"},
        "actor2": None,
        "place": {"name": "Raqqa", "lat": 35.95, "lon": 39.01},
        "date": {"start": "2017-10-17", "end": "2017-10-17", "precision": "day"},
        "fatalities": None,
        "reports": [report],
    }
    event.update(extra)
    return event


def system_event(kind: str, sentence: str, **extra: Any) -> dict[str, Any]:
    report = {"doc_id": "d1", "sentence": sentence, "stance": "asserted", "claimant": None}
    report.update(extra.pop("report", {}))
    event = {
        "type": kind,
        "actor1": {"id": "sdf", "name": "SDF"},
        "actor2": None,
        "place": {"name": "Ar Raqqah", "lat": 35.96, "lon": 39.02},
        "date": {"start": "2017-10-01", "end": "2017-10-31", "precision": "month"},
        "fatalities": None,
        "reports": [report],
    }
    event.update(extra)
    return event


GOLD = [
    gold_event("g1", "territory_taken", "took full control of Raqqa"),
    gold_event("g2", "air_strike", "jets struck a bridge", place=None),
]


def test_evaluate_matches_by_hint_and_type() -> None:
    system = [
        system_event("territory_taken", "The SDF said it Took full control of Raqqa on Tuesday."),
        system_event("air_strike", "Coalition jets struck a bridge.", place=None),
        system_event("shelling", "An unrelated sentence about shelling."),
        system_event("attack", "Somewhere else entirely.", report={"doc_id": "other"}),
    ]
    result = evaluate(GOLD, system)
    figures = result.figures()
    assert figures["recall"] == 1.0
    assert figures["n_system"] == 3  # the event of a document outside the gold is not scored
    assert figures["precision"] == round(2 / 3, 4)
    assert figures["place_accuracy"] == 1.0  # 1.2 km apart; both null
    assert figures["date_accuracy"] == 1.0  # the month overlaps the day
    assert result.errors["false event: shelling"] == 1


def test_evaluate_type_families_align_but_score_type_wrong() -> None:
    system = [system_event("territory_ceded", "they took full control of Raqqa")]
    result = evaluate(GOLD[:1], system)
    assert result.matched_gold == 1
    assert result.figures()["type_accuracy"] == 0.0


def test_evaluate_report_type_counts_as_right() -> None:
    gold = [gold_event("g1", "territory_taken", "withdrew", report={"type": "territory_ceded"})]
    result = evaluate(gold, [system_event("territory_ceded", "The militants withdrew.")])
    assert result.figures()["type_accuracy"] == 1.0


def test_evaluate_stance_and_claimant() -> None:
    gold = [
        gold_event(
            "g1",
            "territory_taken",
            "took Raqqa",
            report={"stance": "claimed", "claimant": "the Syrian Democratic Forces"},
        )
    ]
    right = system_event(
        "territory_taken",
        "They took Raqqa, the SDF said.",
        report={"stance": "claimed", "claimant": "Syrian Democratic Forces"},
    )
    wrong = system_event("territory_taken", "They took Raqqa.", report={"stance": "asserted"})
    assert evaluate(gold, [right]).figures()["stance_accuracy"] == 1.0
    assert evaluate(gold, [right]).figures()["claimant_accuracy"] == 1.0
    scored = evaluate(gold, [wrong])
    assert scored.figures()["stance_accuracy"] == 0.0
    assert scored.errors["stance claimed read as asserted"] == 1


def test_evaluate_duplicates_are_not_false_events() -> None:
    system = [
        system_event("territory_taken", "they took full control of Raqqa"),
        system_event("territory_taken", "they took full control of Raqqa", actor1=None),
    ]
    result = evaluate(GOLD[:1], system)
    assert (result.matched_gold, result.aligned_system, result.duplicates) == (1, 2, 1)
    assert result.figures()["actor1_accuracy"] == 1.0  # the best-aligned event is scored


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"name": "Deir ez-Zor"}, {"name": "deir ez-zor"}, True),
        (
            {"name": "Mayadin", "lat": 35.02, "lon": 40.45},
            {"name": "Al Mayadin", "lat": 35.03, "lon": 40.46},
            True,
        ),
        (
            {"name": "Raqqa", "lat": 35.95, "lon": 39.01},
            {"name": "Tabqa", "lat": 35.84, "lon": 38.55},
            False,
        ),
        (None, None, True),
        ({"name": "Raqqa"}, None, False),
    ],
)
def test_evaluate_same_place(a: dict | None, b: dict | None, same: bool) -> None:
    assert same_place(a, b) is same


def test_evaluate_dates_and_folding() -> None:
    assert dates_overlap({"start": "2017-10-01", "end": "2017-10-31"}, {"start": "2017-10-31"})
    assert not dates_overlap({"start": "2017-10-01", "end": "2017-10-02"}, {"start": "2017-11-01"})
    assert fold("  Al-Qa’im  ") == "al-qa'im"


def test_evaluate_files_reads_jsonl(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    export_path = tmp_path / "export.jsonl"
    gold_path.write_text("\n".join(json.dumps(g) for g in GOLD) + "\n")
    export_path.write_text(json.dumps(system_event("air_strike", "jets struck a bridge")) + "\n")
    figures = evaluate_files(gold_path, export_path).figures()
    assert figures["recall"] == 0.5 and figures["precision"] == 1.0


def test_evaluate_withdrawal_roles_read_from_the_takers_side() -> None:
    gold = [
        gold_event(
            "g1",
            "territory_taken",
            "the militants left the town",
            actor2={"id": "islamic-state"},
            report={"type": "territory_ceded"},
        )
    ]
    ceded = system_event(
        "territory_ceded",
        "On Monday the militants left the town as the SDF moved in.",
        actor1={"id": "islamic-state"},
        actor2={"id": "sdf"},
    )
    figures = evaluate(gold, [ceded]).figures()
    assert figures["actor1_accuracy"] == 1.0
    assert figures["actor2_accuracy"] == 1.0


@pytest.mark.parametrize(
    ("kind", "right"), [("armed_clash", 1.0), ("territory_taken", 0.0), ("attack", 0.0)]
)
def test_evaluate_clash_sides_in_either_order(kind: str, right: float) -> None:
    # Fighting between two sides has no doer; a capture or an assault has one.
    sides = {"actor1": {"id": "sdf"}, "actor2": {"id": "islamic-state"}}
    gold = [gold_event("g1", kind, "fighting raged in the town", **sides)]
    swapped = system_event(
        kind,
        "On Monday fighting raged in the town.",
        actor1={"id": "islamic-state"},
        actor2={"id": "sdf"},
    )
    figures = evaluate(gold, [swapped]).figures()
    assert figures["actor1_accuracy"] == right
    assert figures["actor2_accuracy"] == right


class _Allies:
    """Two ids on one side, as the actor dictionary would say."""

    def allied(self, a_id: str, b_id: str, /) -> bool:
        return {a_id, b_id} <= {"syrian-government", "hezbollah"}


def test_evaluate_allied_actor_counts_as_right_with_a_dictionary() -> None:
    gold = [gold_event("g1", "attack", "shelled the outskirts", actor1={"id": "syrian-government"})]
    system = [
        system_event(
            "attack", "Fighters shelled the outskirts on Monday.", actor1={"id": "hezbollah"}
        )
    ]
    assert evaluate(gold, system).figures()["actor1_accuracy"] == 0.0
    assert evaluate(gold, system, _Allies()).figures()["actor1_accuracy"] == 1.0


class _Names:
    """Claimant wordings that name one actor, as the actor dictionary would resolve them."""

    def allied(self, a_id: str, b_id: str, /) -> bool:
        return a_id == b_id

    def resolve_name(self, text: str) -> str | None:
        return "sdf" if text in {"the SDF", "Syrian Democratic Forces"} else None


def test_evaluate_claimants_naming_one_actor_match_with_a_dictionary() -> None:
    gold = [gold_event("g1", "attack", "raided the depot", report={"claimant": "the SDF"})]
    system = [
        system_event(
            "attack",
            "Fighters raided the depot on Monday, the SDF said.",
            report={"claimant": "Syrian Democratic Forces"},
        )
    ]
    assert evaluate(gold, system).figures()["claimant_accuracy"] == 0.0
    assert evaluate(gold, system, _Names()).figures()["claimant_accuracy"] == 1.0


def test_evaluate_one_to_one_counts_a_merged_event_once() -> None:
    # One system event holds the reports of two gold events: both are found, but one to one
    # it answers for only one of them.
    gold = [
        gold_event("g1", "territory_taken", "took the town"),
        gold_event("g2", "territory_taken", "seized the crossing"),
    ]
    merged = system_event("territory_taken", "Troops took the town.")
    merged["reports"].append({**merged["reports"][0], "sentence": "They seized the crossing."})
    figures = evaluate(gold, [merged]).figures()
    assert figures["recall"] == 1.0
    assert figures["recall_one_to_one"] == 0.5
    assert figures["precision_one_to_one"] == 1.0
    # Split into two events, each answers for its own.
    apart = [
        system_event("territory_taken", "Troops took the town."),
        system_event("territory_taken", "They seized the crossing."),
    ]
    assert evaluate(gold, apart).figures()["recall_one_to_one"] == 1.0
