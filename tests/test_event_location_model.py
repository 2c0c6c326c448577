"""Event location: the learned ranker of place candidates and its honest scoring."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.bench import event_location as event_location_bench
from sitrep.bench.event_location import scoring_plan
from sitrep.bench.location_training import (
    cross_validate,
    describe_records,
    file_digest,
    fit_model,
    fold_of,
    held_out_file,
    score_model,
    train_file,
)
from sitrep.stages.event_location import (
    RankedPlace,
    load_location_cues,
    locate_ranked,
    rank_candidates,
    text_candidates,
)
from sitrep.stages.location_model import (
    LocationModel,
    candidate_features,
    load_location_model,
    model_document,
    parse_location_model,
)


def _ranked(
    nlp: Language, text: str, trigger: str
) -> tuple[list[RankedPlace], list[dict[str, float]]]:
    sdoc = nlp(text)
    start = text.index(trigger)
    cues = load_location_cues()
    ranked = rank_candidates(sdoc, (start, start + len(trigger)), text_candidates(sdoc), cues)
    word = next(t for t in sdoc if t.idx == start)
    return ranked, candidate_features(word, ranked, cues)


def test_event_location_model_scores_by_dot_product() -> None:
    model = parse_location_model({"weights": {"a": 2.0, "b": -1.0}, "bias": 0.5, "threshold": 1})
    assert model.score({"a": 1.0, "b": 3.0, "unknown": 9.0}) == pytest.approx(-0.5)
    assert model.threshold == 1.0


def test_event_location_model_document_round_trips() -> None:
    model = LocationModel({"rule": 0.75, "prep=in": 1.25}, -2.0, -0.25)
    raw = json.loads(json.dumps(model_document(model, {"trained_on": "ours"})))
    assert parse_location_model(raw) == model
    assert raw["provenance"] == {"trained_on": "ours"}


def test_event_location_shipped_model_is_data() -> None:
    model = load_location_model()
    # The rule ranker's verdict counts for the place; the file says how it was trained.
    assert model.weights["rule"] > 0
    assert -5.0 < model.threshold < 5.0
    raw = json.loads(resources.files("sitrep.data").joinpath("location_model.json").read_text())
    assert {"trained_on", "records", "learner", "command"} <= raw["provenance"].keys()


@pytest.mark.parametrize(
    ("text", "trigger", "features"),
    [
        # The preposition, the relation and the form of the candidate are named features.
        ("Rebels shelled the town of Saraqib on Monday.", "shelled", {"framed", "dep=dobj"}),
        ("Protesters marched in Lisbon on Saturday.", "marched", {"prep=in", "prep=in&direct"}),
        ("KABUL (AP) -- Gunmen killed two guards on Monday.", "killed", {"dateline"}),
    ],
)
def test_event_location_model_names_features(
    nlp: Language, text: str, trigger: str, features: set[str]
) -> None:
    ranked, feats = _ranked(nlp, text, trigger)
    assert ranked
    assert features <= {k for k, v in feats[0].items() if v}


def test_event_location_model_threshold_decides_none(nlp: Language) -> None:
    text = "Protesters marched in Lisbon on Saturday."
    ranked, feats = _ranked(nlp, text, "marched")
    cues = load_location_cues()
    sdoc = ranked[0].span.doc
    keen = LocationModel({"prep=in": 1.0}, 0.0, 0.5)
    assert [text[s:e] for s, e in locate_ranked(sdoc, ranked, feats, cues, keen)] == ["Lisbon"]
    strict = LocationModel({"prep=in": 1.0}, 0.0, 1.5)
    assert locate_ranked(sdoc, ranked, feats, cues, strict) == []


def test_event_location_folds_keep_repeated_texts_together() -> None:
    texts = [f"Sentence number {n} about a town." for n in range(200)]
    folds = [fold_of(t) for t in texts]
    assert set(folds) == {0, 1, 2, 3, 4}
    assert all(fold_of(t) == f for t, f in zip(texts, folds, strict=True))


def test_event_location_other_assignments_split_otherwise() -> None:
    texts = [f"Sentence number {n} about a town." for n in range(200)]
    first = [fold_of(t) for t in texts]
    second = [fold_of(t, assignment=1) for t in texts]
    assert set(second) == {0, 1, 2, 3, 4}
    # A fresh split, not a relabelling of the first: most pairs of a fold part.
    together = [(a, b) for a in range(50) for b in range(a + 1, 50) if first[a] == first[b]]
    assert sum(second[a] == second[b] for a, b in together) < len(together) / 2


def test_event_location_repeated_cross_validation_pools_assignments(nlp: Language) -> None:
    rows = [
        _record(f"Rebels attacked posts in {place} on Monday.", "attacked", place)
        for place in ["Hama", "Idlib", "Aleppo", "Homs", "Raqqa", "Deraa"]
    ] + [
        _record(f"Fighters from {place} attacked a checkpoint.", "attacked", None)
        for place in ["Palmyra", "Tartus", "Hasaka", "Manbij", "Mosul", "Kirkuk"]
    ]
    records = describe_records(rows, nlp.pipe(str(r["text"]) for r in rows))
    once = cross_validate(records)
    twice = cross_validate(records, assignments=2)
    assert len(twice.f1_by_assignment) == 2
    assert twice.f1_by_assignment[0] == pytest.approx(once.f1)
    # Pooled counts: every record scored once per assignment.
    assert twice.tp + twice.fn == 2 * (once.tp + once.fn)
    assert "f1_by_assignment" in twice.as_dict() and "f1_by_assignment" not in once.as_dict()


def _record(text: str, verb: str, place: str | None) -> dict[str, object]:
    words = text.replace(".", " .").split()
    tokens, offset = [], 0
    for i, word in enumerate(words):
        start = text.index(word, offset)
        tokens.append({"text": word, "start": start, "end": start + len(word), "id": i})
        offset = start + len(word)
    spans = [{"label": "VERB", "token_start": words.index(verb), "token_end": words.index(verb)}]
    if place:
        spans.append(
            {
                "label": "LOCATION",
                "token_start": words.index(place),
                "token_end": words.index(place),
            }
        )
    return {"text": text, "tokens": tokens, "spans": spans}


def test_event_location_model_trains_and_scores(nlp: Language) -> None:
    # Our own sentences: the place after "in" is the event's; one after "from" is not.
    rows = [
        _record(f"Rebels attacked {town} in {place} on Monday.", "attacked", place)
        for town, place in [("posts", "Hama"), ("a checkpoint", "Idlib"), ("troops", "Aleppo")]
    ] + [
        _record(f"Fighters from {place} attacked a checkpoint.", "attacked", None)
        for place in ["Raqqa", "Homs", "Deraa"]
    ]
    rows = rows * 4
    records = describe_records(rows, nlp.pipe(str(r["text"]) for r in rows))
    model = fit_model(records)
    score = score_model(records, model)
    assert score.n == len(rows)
    assert score.f1 > 0.9


def test_event_location_inference_needs_no_learning_library() -> None:
    code = (
        "import sys\n"
        "from sitrep.stages.event_location import locate_event\n"
        "text = 'Rebels shelled Hama on Monday.'\n"
        "assert locate_event(text, (7, 14)) == (15, 19)\n"
        "assert 'scipy' not in sys.modules and 'sklearn' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent)


def test_event_location_training_writes_the_model_file(tmp_path: Path) -> None:
    rows = [
        _record(f"Rebels attacked posts in {place} on Monday.", "attacked", place)
        for place in ["Hama", "Idlib", "Aleppo", "Homs"]
    ] + [
        _record(f"Fighters from {place} attacked a checkpoint.", "attacked", None)
        for place in ["Raqqa", "Deraa", "Palmyra", "Tartus"]
    ]
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "model.json"
    model = train_file(path, out)
    raw = json.loads(out.read_text())
    assert raw["provenance"]["records"] == len(rows)
    assert raw["provenance"]["sha256"] == file_digest(path)
    assert parse_location_model(raw).threshold == pytest.approx(model.threshold)


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_event_location_held_out_leaves_out_the_scored_texts(tmp_path: Path) -> None:
    # The training file also holds the scored sentences, wrongly annotated (no place): were
    # they trained on, the scored "in Hama" would be learned as no place.
    scored = [
        _record(f"Rebels attacked posts in {place} on Monday.", "attacked", place)
        for place in ["Hama", "Idlib"]
    ]
    wrong = [_record(str(r["text"]), "attacked", None) for r in scored] * 20
    right = [
        _record(f"Rebels attacked posts in {place} on Monday.", "attacked", place)
        for place in ["Aleppo", "Homs", "Raqqa"]
    ] + [
        _record(f"Fighters from {place} attacked a checkpoint.", "attacked", None)
        for place in ["Deraa", "Palmyra", "Tartus"]
    ]
    test = _write(tmp_path / "gold.jsonl", scored)
    train = _write(tmp_path / "train.jsonl", wrong + right)
    assert held_out_file(test, train).f1 == 1.0


def test_event_location_scoring_plan_never_scores_trained_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = _write(tmp_path / "gold.jsonl", [_record("Rebels shelled Hama.", "shelled", "Hama")])
    train = _write(tmp_path / "train.jsonl", [_record("Rebels hit Homs.", "hit", "Homs")])
    assert scoring_plan(other, train) == ("held_out", train)
    # No training file given, beside it or among the shared benchmarks, and the file itself
    # given as one: cross-validated.
    monkeypatch.setattr(event_location_bench, "shared_folders", tuple)
    assert scoring_plan(other) == ("cross_validated", None)
    assert scoring_plan(other, other) == ("cross_validated", None)


@pytest.fixture
def dev(shared: Path) -> Path:
    """The event_location dev file (the shipped weights' training file)."""
    path = shared / "benchmarks" / "event_location" / "dev.jsonl.gz"
    if not path.exists():
        pytest.skip("event_location dev set absent")
    return path


def _gold(tmp_path: Path) -> Path:
    return _write(tmp_path / "gold.jsonl", [_record("Rebels shelled Hama.", "shelled", "Hama")])


def test_event_location_scoring_plan_finds_the_training_file_beside(
    dev: Path, tmp_path: Path
) -> None:
    # The shipped weights name their training file by name and SHA-256.
    (tmp_path / dev.name).symlink_to(dev)
    gold = _gold(tmp_path)
    assert scoring_plan(gold) == ("held_out", tmp_path / dev.name)
    # The training file itself is cross-validated.
    assert scoring_plan(dev) == ("cross_validated", None)


def test_event_location_scoring_plan_finds_the_shared_training_file(
    dev: Path, tmp_path: Path
) -> None:
    # A gold file anywhere else: the training file where the shared benchmarks lie.
    plan, training = scoring_plan(_gold(tmp_path))
    assert plan == "held_out"
    assert training is not None and training.resolve() == dev.resolve()
