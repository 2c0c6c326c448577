"""Training and honest scoring of the learned event-location ranker.

`sitrep bench event-location FILE` scores the ranker by K-fold cross-validation: the records
are split into folds by a hash of their text (records with the same text share a fold), and
each fold is located by a model trained on the other folds only, so no record is scored by a
model that saw it. `--train-out PATH` trains on the whole file and writes the weights that
data/location_model.json ships (a conditional logit over the named features of
sitrep.stages.location_model, deterministic; SciPy is needed for training only).

Training weighs each record by how far its "no place" can be trusted: the records of a source
whose annotators mostly left the location unmarked count for less when they have none
(UNMARKED_WEIGHTS). Scoring counts every record alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from spacy.tokens import Doc

from sitrep.bench.event_location import LocationScore, read_records, token_spans, trigger_and_gold
from sitrep.stages.event_location import (
    RankedPlace,
    load_language,
    load_location_cues,
    locate_ranked,
    rank_candidates,
    text_candidates,
)
from sitrep.stages.location_model import LocationModel, candidate_features, model_document

FOLDS = 5
# Weight of the L2 penalty on the feature weights (chosen by cross-validation: 0.1 to 0.3
# score alike, 0.03 and 1.0 lower).
L2_STRENGTH = 0.2
# Thresholds tried when tuning the decision "the sentence says where" (log-odds).
THRESHOLD_GRID = [x / 10 for x in range(-40, 41)]
# Weight in training of a record without a location, by source, where that source's
# annotators mostly left locations unmarked. Masdar_RA: 967 of its 1,094 records have no
# location (the other sources: 15-58%), 937 of its 1,030 "killed" records (AFP_RA: 24 of
# 168); of 15 such records drawn at random among those where the ranker finds a place, 14
# state where the killing happened ("killed ... in the city of Raqqa"). At full weight they
# teach the ranker that a killing has no place. 0.2 chosen by cross-validation: 0.15-0.25
# score alike over the whole file (F1 0.774 against 0.773 at 1.0) and best on the reviewed
# records (0.821 against 0.811).
UNMARKED_WEIGHTS = {"Masdar_RA": 0.2}


@dataclass(slots=True)
class LocatedRecord:
    """One benchmark record with its parse, ranked candidates and their features."""

    text: str
    sdoc: Doc
    tokens: list[dict[str, Any]]
    gold: set[int]
    ranked: list[RankedPlace]
    features: list[dict[str, float]]
    labels: list[int]  # 1 when the candidate covers a gold location token
    source: str = ""  # the record's `source` (the annotated collection it comes from)

    @property
    def training_weight(self) -> float:
        """The record's weight in training (UNMARKED_WEIGHTS; 1 otherwise)."""
        return 1.0 if self.gold else UNMARKED_WEIGHTS.get(self.source, 1.0)

    def token_set(self, spans: Sequence[tuple[int, int]]) -> set[int]:
        """Benchmark token indices (not whitespace) that character spans cover."""
        return {
            i
            for start, end in spans
            for i, tok in enumerate(self.tokens)
            if int(tok["start"]) < end and start < int(tok["end"]) and tok["text"].strip()
        }


def prepare_records(path: Path) -> list[LocatedRecord]:
    """Parse a benchmark file once and rank and describe every record's candidates."""
    records = [r for r in read_records(path) if token_spans(r, "VERB")]
    sdocs = load_language().pipe((r["text"] for r in records), batch_size=128)
    return describe_records(records, sdocs)


def describe_records(
    records: Sequence[dict[str, Any]], sdocs: Iterable[Doc]
) -> list[LocatedRecord]:
    """Rank and describe the candidates of parsed benchmark records."""
    cues = load_location_cues()
    out = []
    for record, sdoc in zip(records, sdocs, strict=True):
        tokens = record["tokens"]
        trigger_span, gold = trigger_and_gold(record)
        ranked = rank_candidates(sdoc, trigger_span, text_candidates(sdoc), cues)
        trigger = sdoc.char_span(*trigger_span, alignment_mode="expand")
        if trigger is None:
            ranked = []
        features = candidate_features(trigger.root, ranked, cues) if trigger is not None else []
        located = LocatedRecord(
            record["text"], sdoc, tokens, gold, ranked, features, [], str(record.get("source", ""))
        )
        located.labels = [
            int(bool(located.token_set([(r.span.start_char, r.span.end_char)]) & gold))
            for r in ranked
        ]
        out.append(located)
    return out


def fold_of(text: str, folds: int = FOLDS, assignment: int = 0) -> int:
    """A record's fold: a hash of its text, so that repeated texts share one. Assignment 0
    is the bench's default split; each other number salts the hash for another split."""
    key = text if assignment == 0 else f"{assignment}\x00{text}"
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % folds


def fit_model(records: Sequence[LocatedRecord], strength: float = L2_STRENGTH) -> LocationModel:
    """Train the ranker's weights on records and tune its threshold on the same records.

    A conditional logit: each record chooses among its candidates and "no place" (score 0),
    P(candidate) = exp(score) / (1 + sum of exp(score) over the record's candidates); the
    loss is the negative log-probability of the record's gold candidates (of "no place" when
    none covers a gold token), each record weighted by its `training_weight`, plus L2 on the
    weights, minimised by L-BFGS from zero weights (deterministic: no seed needed).
    """
    from scipy.optimize import minimize

    names = sorted({name for r in records for f in r.features for name in f})
    column = {name: n for n, name in enumerate(names)}
    matrix = _design_matrix(records, column)
    labels = np.array([y for r in records for y in r.labels], dtype=float)
    group = np.array([n for n, r in enumerate(records) for _ in r.features], dtype=np.int64)
    size = len(records)
    weight = np.array([r.training_weight for r in records])

    def loss_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights, bias = theta[:-1], theta[-1]
        exp = np.exp(np.clip(matrix @ weights + bias, -50.0, 50.0))
        total = 1.0 + np.bincount(group, weights=exp, minlength=size)
        gold = np.bincount(group, weights=exp * labels, minlength=size)
        # A record with no gold candidate chooses "no place", whose score is 0 (gold -> 1).
        loss = float(weight @ (np.log(total) - np.log(np.where(gold > 0, gold, 1.0))))
        chosen = np.where(labels > 0, exp / np.where(gold > 0, gold, 1.0)[group], 0.0)
        residual = (exp / total[group] - chosen) * weight[group]
        gradient = np.append(matrix.T @ residual + 2 * strength * weights, residual.sum())
        return loss + strength * float(weights @ weights), gradient

    start = np.zeros(len(names) + 1)
    result = minimize(loss_and_gradient, start, jac=True, method="L-BFGS-B")
    weights = {name: float(w) for name, w in zip(names, result.x[:-1], strict=True)}
    model = LocationModel(weights, float(result.x[-1]), 0.0)
    return LocationModel(model.weights, model.bias, tune_threshold(records, model))


def _design_matrix(records: Sequence[LocatedRecord], column: dict[str, int]) -> csr_matrix:
    """The candidates' features as a sparse matrix, one row per candidate."""
    rows, cols, values = [], [], []
    row = 0
    for record in records:
        for feats in record.features:
            for name, value in feats.items():
                if value:
                    rows.append(row)
                    cols.append(column[name])
                    values.append(value)
            row += 1
    return csr_matrix((values, (rows, cols)), shape=(row, len(column)))


def _best_guesses(
    records: Sequence[LocatedRecord], model: LocationModel
) -> list[tuple[float, set[int]]]:
    """Each record's best score and the tokens it would locate were the threshold no bar."""
    cues = load_location_cues()
    open_model = LocationModel(model.weights, model.bias, float("-inf"))
    out: list[tuple[float, set[int]]] = []
    for record in records:
        if not record.ranked:
            out.append((float("-inf"), set()))
            continue
        best = max(model.score(f) for f in record.features)
        spans = locate_ranked(record.sdoc, record.ranked, record.features, cues, open_model)
        out.append((best, record.token_set(spans)))
    return out


def tune_threshold(records: Sequence[LocatedRecord], model: LocationModel) -> float:
    """The threshold of THRESHOLD_GRID with the best token F1 on these records."""
    guesses = _best_guesses(records, model)
    best_f1, best_threshold = -1.0, 0.0
    for threshold in THRESHOLD_GRID:
        score = _score(records, guesses, threshold)
        if score.f1 > best_f1:
            best_f1, best_threshold = score.f1, threshold
    return best_threshold


def _score(
    records: Sequence[LocatedRecord], guesses: Sequence[tuple[float, set[int]]], threshold: float
) -> LocationScore:
    tp = fp = fn = 0
    for record, (best, tokens) in zip(records, guesses, strict=True):
        predicted = tokens if best >= threshold else set()
        tp += len(predicted & record.gold)
        fp += len(predicted - record.gold)
        fn += len(record.gold - predicted)
    return _location_score(tp, fp, fn, len(records))


def _location_score(tp: int, fp: int, fn: int, n: int) -> LocationScore:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LocationScore(precision, recall, f1, n, tp, fp, fn)


def score_model(records: Sequence[LocatedRecord], model: LocationModel) -> LocationScore:
    """Token scores of one model over records (optimistic on the records it was trained on)."""
    return _score(records, _best_guesses(records, model), model.threshold)


def cross_validate(
    records: Sequence[LocatedRecord], folds: int = FOLDS, assignments: int = 1
) -> LocationScore:
    """Token scores with each fold located by a model trained on the other folds.

    With several `assignments` the split is redrawn that many times and the counts pooled:
    retraining moves every fold model's weights and threshold, so one split's F1 wanders by
    about 0.002 under a change that touches a handful of records.
    """
    tp = fp = fn = 0
    by_assignment = []
    for assignment in range(assignments):
        fold = [fold_of(r.text, folds, assignment) for r in records]
        scores = []
        for k in range(folds):
            train = [r for r, f in zip(records, fold, strict=True) if f != k]
            test = [r for r, f in zip(records, fold, strict=True) if f == k]
            scores.append(score_model(test, fit_model(train)))
        split = _location_score(
            sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores), 0
        )
        by_assignment.append(split.f1)
        tp, fp, fn = tp + split.tp, fp + split.fp, fn + split.fn
    pooled = _location_score(tp, fp, fn, len(records))
    return replace(pooled, f1_by_assignment=tuple(by_assignment))


def held_out_file(path: Path, train: Path) -> LocationScore:
    """Token scores over a benchmark file of a model trained on another file, without the
    records whose text the scored file holds (a re-annotation of the same sentences must not
    be scored by weights that saw them)."""
    scored = prepare_records(path)
    texts = {r.text for r in scored}
    training = [r for r in prepare_records(train) if r.text not in texts]
    return score_model(scored, fit_model(training))


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes: names the exact training file in a model's provenance."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train_file(path: Path, out: Path) -> LocationModel:
    """Train on a whole benchmark file and write the model as data/location_model.json."""
    records = prepare_records(path)
    model = fit_model(records)
    provenance = {
        "trained_on": path.name,
        "sha256": file_digest(path),
        "records": len(records),
        "candidates": sum(len(r.ranked) for r in records),
        "learner": f"conditional logit over each record's candidates and no place, L2 "
        f"{L2_STRENGTH}, L-BFGS from zero weights",
        "unmarked_weights": UNMARKED_WEIGHTS,
        "threshold": "tuned for token F1 on the training records",
        "command": f"sitrep bench event-location {path.name} --train-out {out.name}",
    }
    out.write_text(json.dumps(model_document(model, provenance), indent=1) + "\n", "utf-8")
    return model
