"""What the core CLI commands print: Rich progress and tables over the library functions."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sitrep.export import control_record, control_row, event_record, event_row, write_export
from sitrep.jobs import IngestSummary, ingest_paths
from sitrep.report import make_report
from sitrep.store import Store

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "demo" / "corpus"


def run_ingest(
    paths: list[Path], db: Path, *, quiet: bool, batch_size: int, console: Console
) -> int:
    """Ingest with a progress bar; print failures and a summary; return the failure count."""
    err = Console(stderr=True)
    with Store(db) as store:
        if quiet:
            summary = ingest_paths(paths, store, batch_size=batch_size)
        else:
            with Progress(
                TextColumn("[bold]ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("ingest", total=None)
                summary = ingest_paths(
                    paths,
                    store,
                    batch_size=batch_size,
                    on_start=lambda n: progress.update(task, total=n),
                    on_progress=lambda n: progress.advance(task, n),
                )
    for failure in summary.failures:
        err.print(
            f"[red]error[/red] {failure.origin}: {failure.reason}", highlight=False, soft_wrap=True
        )
    if not quiet:
        _print_summary(summary, db, console)
    return len(summary.failures)


def _print_summary(summary: IngestSummary, db: Path, console: Console) -> None:
    for dup in summary.duplicates:
        console.print(
            f"duplicate {dup.doc_id} of {dup.original_id} (similarity {dup.similarity:.2f})",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"{len(summary.stored)} stored, {len(summary.unchanged)} unchanged, "
        f"{len(summary.duplicates)} near-duplicates linked, {len(summary.failures)} failed "
        f"-> {db}",
        highlight=False,
        soft_wrap=True,
    )


def print_stats(db: Path, console: Console) -> None:
    """Print the store's counts as a table."""
    if not db.exists():
        raise SystemExit(f"error: no database at {db} (run `sitrep ingest` first)")
    with Store(db, read_only=True) as store:
        counts = store.counts()
    table = Table(title=f"sitrep store {db}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    console.print(table)


def run_export(
    what: str, fmt: str, output: Path | None, db: Path, *, include_forecasts: bool = False
) -> None:
    """Export events, control spans or documents from the store."""
    if not db.exists():
        raise ValueError(f"no database at {db} (run `sitrep ingest` first)")
    with Store(db, read_only=True) as store:
        if what == "events":
            events = store.events(include_forecasts=include_forecasts)
            records, rows = [event_record(e) for e in events], [event_row(e) for e in events]
        elif what == "control":
            spans = store.control_spans()
            records, rows = [control_record(s) for s in spans], [control_row(s) for s in spans]
        elif what == "documents":
            records = rows = store.document_rows()
        else:
            raise ValueError(f"unknown export {what!r}: choose events, control or documents")
    write_export(what, fmt, records, rows, output, sys.stdout)


def run_demo(db: Path, out: Path, console: Console) -> None:
    """Ingest the demo corpus, write its exports and a situation report per country."""
    console.print(f"[bold]sitrep demo[/bold]: ingesting {DEMO_CORPUS} into {db}")
    failures = run_ingest([DEMO_CORPUS], db, quiet=False, batch_size=16, console=console)
    out.mkdir(parents=True, exist_ok=True)
    for what, fmt in (
        ("events", "jsonl"),
        ("events", "csv"),
        ("events", "geojson"),
        ("control", "jsonl"),
        ("documents", "csv"),
    ):
        target = out / f"{what}.{fmt}"
        run_export(what, fmt, target, db)
        console.print(f"wrote {target}")
    for country, first, last in _report_periods(db):
        for fmt in ("md", "html"):
            target = out / f"report-{country.lower()}.{fmt}"
            make_report(db, date_from=first, date_to=last, fmt=fmt, output=target, region=country)
            console.print(f"wrote {target} ({country}, {first} to {last})")
    print_stats(db, console)
    console.print(
        f"Browse the map: .venv/bin/sitrep serve --db {db}  (then open http://127.0.0.1:8000/)"
    )
    if failures:
        raise SystemExit(1)


def _report_periods(db: Path, top: int = 2) -> list[tuple[str, dt.date, dt.date]]:
    """The countries with most events, each with the span of its reports' publication dates.

    Publication dates, not event dates: background events ("since 2014") would stretch the
    period of a report about recent weeks.
    """
    by_country: dict[str, list[dt.date]] = {}
    with Store(db, read_only=True) as store:
        for event in store.events():
            if event.place and event.place.country:
                days = by_country.setdefault(event.place.country, [])
                days.extend(r.published for r in event.reports if r.published)
    ranked = sorted(by_country.items(), key=lambda item: (-len(item[1]), item[0]))[:top]
    return [(country, min(days), max(days)) for country, days in ranked if days]
