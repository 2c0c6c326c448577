"""`sitrep bench time` and `sitrep bench time-speed`: the temporal tagger against MEANTIME.

The benchmark file has one document a line, `{"id", "dct", "text", "timexes": [{"start", "end",
"text", "type", "value"}]}` (../shared/benchmarks/meantime/README.md). MEANTIME annotates only
the title, the dateline and the first sentences of each article (one a line in this file), so
system expressions are scored in those first `ANNOTATED_LINES` lines only; the tagger itself
always reads the whole text, so later sentences still serve as context.

Measures (TempEval-3): relaxed span P/R/F1 (a system expression matches a gold one it overlaps,
one to one), strict span F1 (same offsets), value accuracy over matched pairs, and value F1 (a
system expression is correct when it overlaps a gold one with an equal value).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sitrep.bench.output import print_figures
from sitrep.stages.time import find_timexes

ANNOTATED_LINES = 6


@dataclass(slots=True)
class Gold:
    """One gold TIMEX3."""

    start: int
    end: int
    text: str
    kind: str
    value: str


@dataclass(slots=True)
class TimeScores:
    """Counts behind the benchmark figures, and the errors for the report."""

    n_gold: int = 0
    n_system: int = 0
    matched: int = 0
    strict: int = 0
    value_ok: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        """Precision, recall and F1 of spans and values."""

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        p = self.matched / self.n_system if self.n_system else 0.0
        r = self.matched / self.n_gold if self.n_gold else 0.0
        sp = self.strict / self.n_system if self.n_system else 0.0
        sr = self.strict / self.n_gold if self.n_gold else 0.0
        vp = self.value_ok / self.n_system if self.n_system else 0.0
        vr = self.value_ok / self.n_gold if self.n_gold else 0.0
        return {
            "span_precision": round(p, 4),
            "span_recall": round(r, 4),
            "span_f1": round(f1(p, r), 4),
            "strict_f1": round(f1(sp, sr), 4),
            "value_accuracy": round(self.value_ok / self.matched, 4) if self.matched else 0.0,
            "value_f1": round(f1(vp, vr), 4),
            "n": self.n_gold,
        }


def read_documents(path: Path) -> list[dict[str, Any]]:
    """Read the benchmark's JSONL documents."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _publication(dct: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(dct) if dct else None
    except ValueError:  # a few documents carry a malformed date: estimate it instead
        return None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_document(doc: dict[str, Any], scores: TimeScores) -> None:
    """Tag one document and add its counts (and errors) to `scores`."""
    text: str = doc["text"]
    limit = _annotated_end(text)
    gold = [Gold(g["start"], g["end"], g["text"], g["type"], g["value"]) for g in doc["timexes"]]
    system = [t for t in find_timexes(text, _publication(doc.get("dct"))) if t.start < limit]
    scores.n_gold += len(gold)
    scores.n_system += len(system)
    free = list(range(len(gold)))
    for expr in sorted(system, key=lambda t: (t.start, -t.end)):
        # Prefer the overlapping gold with the same value, then the same span, then any.
        candidates = [
            i for i in free if _overlap((expr.start, expr.end), (gold[i].start, gold[i].end))
        ]
        if not candidates:
            scores.errors.append(
                {
                    "error": "false_positive",
                    "text": expr.text,
                    "spec": expr.kind,
                    "value": expr.value,
                    "doc": doc["id"],
                }
            )
            continue
        candidates.sort(
            key=lambda i: (
                gold[i].value != expr.value,
                (gold[i].start, gold[i].end) != (expr.start, expr.end),
            )
        )
        best = candidates[0]
        free.remove(best)
        scores.matched += 1
        scores.strict += (gold[best].start, gold[best].end) == (expr.start, expr.end)
        if gold[best].value == expr.value:
            scores.value_ok += 1
        else:
            scores.errors.append(
                {
                    "error": "wrong_value",
                    "text": expr.text,
                    "gold_text": gold[best].text,
                    "value": expr.value,
                    "gold": gold[best].value,
                    "spec": gold[best].kind,
                    "doc": doc["id"],
                }
            )
    for i in free:
        scores.errors.append(
            {
                "error": "miss",
                "text": gold[i].text,
                "gold": gold[i].value,
                "spec": gold[i].kind,
                "doc": doc["id"],
            }
        )


def _annotated_end(text: str) -> int:
    position = 0
    for _ in range(ANNOTATED_LINES):
        found = text.find("\n", position)
        if found < 0:
            return len(text)
        position = found + 1
    return position


def bench_time(path: Path) -> TimeScores:
    """Score the tagger on every document of a MEANTIME-format file."""
    scores = TimeScores()
    for doc in read_documents(path):
        score_document(doc, scores)
    return scores


def errors_by_kind(scores: TimeScores) -> dict[str, Counter[str]]:
    """Error counts grouped as error type -> TimeML type (DATE, DURATION, ...)."""
    grouped: dict[str, Counter[str]] = {}
    for error in scores.errors:
        grouped.setdefault(error["error"], Counter())[error["spec"]] += 1
    return grouped


def default_speed_texts() -> list[Path]:
    """The MEANTIME file and the seed articles next to the repository, when present."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        shared = parent.parent / "shared"
        meantime = shared / "benchmarks" / "meantime" / "meantime_en.jsonl"
        if meantime.exists():
            seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
            return [meantime, *seeds]
    return []


def _plain_texts(paths: Iterable[Path]) -> list[str]:
    texts: list[str] = []
    for path in paths:
        if path.suffix == ".jsonl":
            texts.extend(doc.get("text", "") for doc in read_documents(path))
        else:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def bench_time_speed(paths: Iterable[Path], *, min_seconds: float = 2.0) -> dict[str, float | int]:
    """Words per second of `find_timexes` on plain text, repeated for a stable figure."""
    texts = _plain_texts(paths)
    words = sum(len(text.split()) for text in texts)
    if not words:
        raise ValueError("no text to measure")
    find_timexes(texts[0], dt.date(2017, 11, 3))  # compile the patterns outside the timing
    passes, found = 0, 0
    began, began_cpu = time.perf_counter(), time.process_time()
    while True:
        for text in texts:
            found += len(find_timexes(text, dt.date(2017, 11, 3)))
        passes += 1
        elapsed = time.perf_counter() - began
        if elapsed >= min_seconds:
            break
    # CPU time too: on a shared machine the wall clock also counts other processes' turns.
    cpu = time.process_time() - began_cpu
    return {
        "words": words * passes,
        "seconds": round(elapsed, 3),
        "cpu_seconds": round(cpu, 3),
        "words_per_second": round(words * passes / elapsed),
        "words_per_cpu_second": round(words * passes / cpu) if cpu else 0,
        "timexes": found,
        "passes": passes,
    }


def print_time_scores(scores: TimeScores, console: Console, *, as_json: bool = False) -> None:
    """Print the figures as a Rich table (with errors by kind) or as one JSON line."""
    title = "Temporal expressions (MEANTIME conventions)"
    if print_figures(scores.figures(), title, console, as_json=as_json):
        return
    errors = Table(title="Errors by kind")
    errors.add_column("error")
    for kind in ("DATE", "TIME", "DURATION", "SET"):
        errors.add_column(kind, justify="right")
    for error, counts in sorted(errors_by_kind(scores).items()):
        errors.add_row(error, *(str(counts.get(k, 0)) for k in ("DATE", "TIME", "DURATION", "SET")))
    console.print(errors)


def print_speed(
    figures: dict[str, float | int], console: Console, *, as_json: bool = False
) -> None:
    """Print the speed figures, or one JSON line."""
    if as_json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        console.print(f"{key:>18}: {value}")
