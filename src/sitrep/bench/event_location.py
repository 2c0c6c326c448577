"""Scorer of `sitrep bench event-location`: the place of a given event verb.

The benchmark (Halterman's event_location, JSON Lines, optionally gzipped) gives one sentence
per record with one `VERB` span and zero or more `LOCATION` spans over a canonical
tokenisation. We locate the event with the same code as `sitrep.locate_event` and score
token-level precision, recall and F1 of the location tokens, micro-averaged: a record without
a LOCATION counts for precision only (any predicted token there is a false positive). Tokens
that are only whitespace (the canonical tokenisation keeps runs of spaces as tokens, and a few
gold spans end on one) are left out of both the gold and the predicted sets: no span of text
can claim or miss them.

The locator's ranker is learned from the benchmark's dev file, so no figure may come from
weights that saw the records scored (`scoring_plan`): on another file (the authors' gold
re-annotation, say) the ranker is retrained on the training file without the scored file's
texts; on the training file itself, or when the training file is not at hand, the figure is
K-fold cross-validated over the scored file (sitrep.bench.location_training). `score_file`
scores the shipped weights as they are, which on their training file is an optimistic figure.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from spacy.tokens import Doc

from sitrep.stages.event_location import (
    PlaceCandidate,
    load_language,
    locate_in_parse,
    text_candidates,
)

Locator = Callable[[Doc, tuple[int, int]], list[tuple[int, int]]]


@dataclass(slots=True)
class LocationScore:
    """Token-level scores over a benchmark file."""

    precision: float
    recall: float
    f1: float
    n: int
    tp: int
    fp: int
    fn: int
    # F1 of each fold assignment when cross-validation was repeated (the others pool them).
    f1_by_assignment: tuple[float, ...] = ()

    def as_dict(self) -> dict[str, float | int | list[float]]:
        """The `--json` object: precision, recall, f1, n (and f1_by_assignment when
        cross-validation was repeated over several fold assignments)."""
        out: dict[str, float | int | list[float]] = {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n": self.n,
        }
        if len(self.f1_by_assignment) > 1:
            out["f1_by_assignment"] = [round(f, 4) for f in self.f1_by_assignment]
        return out


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the benchmark's records from a .jsonl or .jsonl.gz file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def token_spans(record: dict[str, Any], label: str) -> list[tuple[int, int]]:
    """Inclusive token index ranges of one label, clipped to the record's tokens."""
    last = len(record["tokens"]) - 1
    out = []
    for span in record.get("spans", []):
        if span.get("label") == label:
            end = min(int(span["token_end"]), last)
            out.append((min(int(span["token_start"]), end), end))
    return out


def trigger_and_gold(record: dict[str, Any]) -> tuple[tuple[int, int], set[int]]:
    """A record's event verb as a character span, and its gold location token indices
    (whitespace-only tokens left out)."""
    tokens = record["tokens"]
    verb_start, verb_end = token_spans(record, "VERB")[0]
    trigger = (int(tokens[verb_start]["start"]), int(tokens[verb_end]["end"]))
    gold = {
        i
        for s, e in token_spans(record, "LOCATION")
        for i in range(s, e + 1)
        if tokens[i]["text"].strip()
    }
    return trigger, gold


def default_locator(sdoc: Doc, trigger: tuple[int, int]) -> list[tuple[int, int]]:
    """Locate with the candidates `sitrep.locate_event` uses."""
    candidates: list[PlaceCandidate] = text_candidates(sdoc)
    return locate_in_parse(sdoc, trigger, candidates)


def score_file(path: Path, locator: Locator = default_locator) -> LocationScore:
    """Score a locator over a benchmark file."""
    records = [r for r in read_records(path) if token_spans(r, "VERB")]
    nlp = load_language()
    tp = fp = fn = 0
    for record, sdoc in zip(
        records, nlp.pipe((r["text"] for r in records), batch_size=128), strict=True
    ):
        tokens = record["tokens"]
        trigger, gold = trigger_and_gold(record)
        predicted: set[int] = set()
        for start, end in locator(sdoc, trigger):
            predicted |= {
                i
                for i, tok in enumerate(tokens)
                if int(tok["start"]) < end and start < int(tok["end"]) and tok["text"].strip()
            }
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LocationScore(precision, recall, f1, len(records), tp, fp, fn)


def shared_folders() -> tuple[Path, ...]:
    """Where the benchmark's files lie in a checkout: ../shared beside the repository, or
    beside the working directory (read when asked: the working directory may change)."""
    tail = Path("shared") / "benchmarks" / "event_location"
    return (Path(__file__).resolve().parents[3].parent / tail, Path.cwd().parent / tail)


def training_file_beside(path: Path) -> Path | None:
    """The shipped weights' training file, found beside `path` or where the shared benchmarks
    lie, when it is not `path` itself (known by the name and SHA-256 that
    data/location_model.json records)."""
    from sitrep.bench.location_training import file_digest
    from sitrep.stages.location_model import location_model_provenance

    provenance = location_model_provenance()
    name, digest = provenance.get("trained_on"), provenance.get("sha256")
    if not name or not digest or file_digest(path) == digest:
        return None
    for folder in (path.parent, *shared_folders()):
        candidate = folder / str(name)
        if candidate.is_file() and file_digest(candidate) == digest:
            return candidate
    return None


def scoring_plan(path: Path, train: Path | None = None) -> tuple[str, Path | None]:
    """How a file is scored honestly: ("held_out", training file) when a training file other
    than `path` is given or lies beside it, else ("cross_validated", None)."""
    if train is not None and train.resolve() != path.resolve():
        return "held_out", train
    beside = training_file_beside(path)
    return ("held_out", beside) if beside is not None else ("cross_validated", None)


def honest_score(
    path: Path, train: Path | None = None, assignments: int = 1
) -> tuple[LocationScore, str]:
    """Score a benchmark file by `scoring_plan`, with a line saying how it was scored
    (cross-validation repeated over `assignments` fold assignments)."""
    from sitrep.bench.location_training import FOLDS, held_out_file

    plan, training = scoring_plan(path, train)
    if plan == "held_out" and training is not None:
        return (
            held_out_file(path, training),
            f"ranker trained on {training.name} without the texts of {path.name}",
        )
    times = f", {assignments} fold assignments pooled" if assignments > 1 else ""
    return (
        cross_validated_file(path, assignments),
        f"{FOLDS}-fold cross-validation over {path.name}{times}",
    )


def cross_validated_file(path: Path, assignments: int = 1) -> LocationScore:
    """Score the learned locator by K-fold cross-validation over a benchmark file: each
    record located by a model trained without its fold (repeated over `assignments` fold
    assignments, their counts pooled)."""
    from sitrep.bench.location_training import cross_validate, prepare_records

    return cross_validate(prepare_records(path), assignments=assignments)


def print_location_scores(score: LocationScore, console: Console, *, as_json: bool = False) -> None:
    """Print the scores as a Rich table, or as one JSON object on the last line."""
    if as_json:
        print(json.dumps(score.as_dict()))
        return
    table = Table(title="Event location (token level, micro-averaged)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in score.as_dict().items():
        table.add_row(key, str(value))
    for key in ("tp", "fp", "fn"):
        table.add_row(key, str(getattr(score, key)))
    console.print(table)
