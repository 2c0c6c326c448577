"""The `sitrep` command line: thin commands over the library functions.

Heavy modules (spaCy, the gazetteer, DuckDB) are imported inside each command so that
`sitrep --help` stays instant.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sitrep import __version__

app = typer.Typer(
    name="sitrep",
    help="Turn war reporting into a dated, geolocated, source-attributed event record.",
    no_args_is_help=True,
    add_completion=False,
)
bench_app = typer.Typer(help="Benchmarks: print figures and ratios.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")

console = Console()
err_console = Console(stderr=True)

DEFAULT_DB = "sitrep.duckdb"

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: $SITREP_DB or ./sitrep.duckdb)."),
]


def db_path(db: Path | None) -> Path:
    """Resolve the database path from the option, $SITREP_DB, or the default."""
    if db is not None:
        return db
    return Path(os.environ.get("SITREP_DB", DEFAULT_DB))


def _version_callback(value: bool) -> None:
    if value:
        console.print(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    """sitrep: events and territorial control from war reporting."""


# --- core commands (lead) --------------------------------------------------------------------


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    batch_size: Annotated[int, typer.Option(help="Documents per spaCy batch.")] = 16,
) -> None:
    """Read documents, run the pipeline and store the results (one transaction per document)."""
    from sitrep.commands import run_ingest

    failures = run_ingest(paths, db_path(db), quiet=quiet, batch_size=batch_size, console=console)
    if failures:
        raise typer.Exit(code=1)


@app.command()
def stats(db: DbOption = None) -> None:
    """Count documents, duplicates, events and places in the store."""
    from sitrep.commands import print_stats

    print_stats(db_path(db), console)


@app.command()
def export(
    what: Annotated[str, typer.Argument(help="events, control or documents.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl, csv, geojson or parquet.")
    ] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default: stdout).")
    ] = None,
    db: DbOption = None,
    include_forecasts: Annotated[
        bool, typer.Option(help="Keep events flagged as forecasts.")
    ] = False,
) -> None:
    """Export events, control spans or documents in the stable export format."""
    from sitrep.commands import run_export

    try:
        run_export(what, fmt, output, db_path(db), include_forecasts=include_forecasts)
    except ValueError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=2) from exc


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Database for the demo.")] = Path("demo.duckdb"),
    out: Annotated[Path, typer.Option("--out", help="Folder for exports and report.")] = Path(
        "out"
    ),
) -> None:
    """Ingest the shipped demo corpus, then export its events and control timeline."""
    from sitrep.commands import run_demo

    run_demo(db, out, console)


# --- stage commands (helpers add theirs below) -------------------------------------------------


@app.command("event")
def event_cmd(
    event_id: Annotated[str, typer.Argument(help="Event id (or a unique prefix of it).")],
    db: DbOption = None,
) -> None:
    """Show an event, its reports with their sentences, and why each report merged."""
    from sitrep.review import event_lines
    from sitrep.store import Store

    with Store(db_path(db), read_only=True) as store:
        try:
            lines = event_lines(store, event_id)
        except KeyError as exc:
            err_console.print(f"error: {exc.args[0]}", markup=False)
            raise typer.Exit(code=1) from exc
    for line in lines:
        console.print(line, markup=False, highlight=False)


@app.command("control")
def control_cmd(
    place: Annotated[str, typer.Argument(help="Place name as in the gazetteer, e.g. 'Abu Kamal'.")],
    on: Annotated[str | None, typer.Option("--on", help="Only the span on this ISO date.")] = None,
    db: DbOption = None,
) -> None:
    """Print who held PLACE over time, with the events behind each span."""
    import datetime as dt

    from sitrep.review import control_lines
    from sitrep.store import Store

    with Store(db_path(db), read_only=True) as store:
        lines = control_lines(store, place, dt.date.fromisoformat(on) if on else None)
    for line in lines or [f"nothing known about the control of {place}"]:
        console.print(line, markup=False, highlight=False)


@app.command("contradictions")
def contradictions_cmd(db: DbOption = None) -> None:
    """List disputed events: claims vs denials, captures reversed, conflicting fatalities."""
    from sitrep.review import contradiction_lines
    from sitrep.store import Store

    with Store(db_path(db), read_only=True) as store:
        for line in contradiction_lines(store):
            console.print(line, markup=False, highlight=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the REST API (/docs) and the offline web map; writes need $SITREP_TOKEN off-host."""
    from sitrep.api import serve as run_server

    try:
        run_server(db_path(db), host=host, port=port, token=os.environ.get("SITREP_TOKEN"))
    except (FileNotFoundError, OSError) as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=1) from exc


@app.command()
def report(
    date_from: Annotated[str, typer.Option("--from", help="First day (ISO date).")],
    date_to: Annotated[str, typer.Option("--to", help="Last day (ISO date).")],
    region: Annotated[str | None, typer.Option(help="Place, province or country.")] = None,
    bbox: Annotated[str | None, typer.Option(help="west,south,east,north in degrees.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or html.")] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File.")] = None,
    db: DbOption = None,
) -> None:
    """Write a situation report: control changes, key events, contradictions, charts."""
    import datetime as dt

    from sitrep.report import make_report
    from sitrep.store import StoreError

    try:
        start, end = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
        text = make_report(db_path(db), date_from=start, date_to=end, fmt=fmt, output=output,
                           region=region, bbox=bbox)  # fmt: skip
    except (ValueError, StoreError) as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise typer.Exit(code=2) from exc
    print(text if text is not None else f"report written to {output}")


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold events JSONL (tests/gold format).")],
    export: Annotated[Path, typer.Argument(help="Events JSONL from `sitrep export events`.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
) -> None:
    """Score an event export against gold: recall, precision, per-field and stance accuracy."""
    from sitrep.bench.evaluate import evaluate_files, print_evaluation

    print_evaluation(evaluate_files(gold, export), console, as_json=as_json)


@app.command("places")
def places_command(
    text: Annotated[str, typer.Argument(help="A text, or a file to read it from.")],
    candidates: Annotated[int, typer.Option(help="Runners-up shown per toponym.")] = 3,
) -> None:
    """Show the toponyms found in TEXT|FILE, the places chosen, and why (candidates, scores)."""
    from sitrep.gazetteer.explain import find_places, places_table, read_text_argument

    console.print(places_table(find_places(read_text_argument(text)), candidates))


# --- bench commands ----------------------------------------------------------------------------


@bench_app.command("time")
def bench_time_command(
    path: Annotated[Path, typer.Argument(help="JSONL, one document a line: dct, text, timexes.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
) -> None:
    """Temporal expressions: relaxed and strict span F1, value accuracy and value F1."""
    from sitrep.bench.time import bench_time, print_time_scores

    print_time_scores(bench_time(path), console, as_json=as_json)


@bench_app.command("event-location")
def bench_event_location_command(
    path: Annotated[Path, typer.Argument(help="event_location JSONL(.gz): text, tokens, spans.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
    shipped: Annotated[
        bool,
        typer.Option(
            "--shipped-weights",
            help="Score the shipped weights as they are, not cross-validated (on their "
            "training file this figure is optimistic).",
        ),
    ] = False,
    train_out: Annotated[
        Path | None, typer.Option(help="Train the ranker on FILE and write its weights here.")
    ] = None,
    train: Annotated[
        Path | None,
        typer.Option(
            help="Score FILE held out: retrain on this file without FILE's texts (default: "
            "the shipped weights' training file, beside FILE or among the shared benchmarks, "
            "when it is not FILE).",
        ),
    ] = None,
    assignments: Annotated[
        int,
        typer.Option(
            min=1,
            help="Repeat the cross-validation over this many fold assignments and pool them "
            "(steadier under retraining; each takes about as long as the first's training).",
        ),
    ] = 1,
) -> None:
    """Place of a given event verb: token-level precision, recall and F1, held out (5-fold CV
    on the ranker's own training file)."""
    from sitrep.bench.event_location import honest_score, print_location_scores, score_file
    from sitrep.bench.location_training import train_file

    if train_out is not None:
        train_file(path, train_out)
    if shipped:
        scores, how = score_file(path), "shipped weights as they are"
    else:
        scores, how = honest_score(path, train, assignments)
    err_console.print(f"[dim]scored: {how}[/dim]")
    print_location_scores(scores, console, as_json=as_json)


@bench_app.command("time-speed")
def bench_time_speed_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Text or JSONL files (default: MEANTIME, seeds).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
) -> None:
    """Words per second of the temporal tagger on plain text."""
    from sitrep.bench.time import bench_time_speed, default_speed_texts, print_speed

    print_speed(bench_time_speed(paths or default_speed_texts()), console, as_json=as_json)


@bench_app.command("ingest")
def bench_ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
    repeat: Annotated[int, typer.Option(help="Passes over the documents.")] = 3,
) -> None:
    """Throughput of the full pipeline next to bare spaCy nlp.pipe on the same documents."""
    from sitrep.bench.throughput import bench_pipeline

    figures = bench_pipeline(paths, repeat=repeat)
    if as_json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            console.print(f"{key:>28}: {value}")


@bench_app.command("web-load")
def bench_web_load_command(
    events: Annotated[int, typer.Option(help="Synthetic events to serve.")] = 10_000,
    runs: Annotated[int, typer.Option(help="Page loads to take the median of.")] = 3,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
) -> None:
    """Load time of the web map in headless Chromium, serving synthetic events."""
    from sitrep.web.bench import bench_web_load

    figures = bench_web_load(events, runs=runs)
    for key, value in figures.items():
        console.print(f"{key:>24}: {value}")
    if as_json:
        print(json.dumps(figures))


@bench_app.command("geoparse")
def bench_geoparse_command(
    path: Annotated[Path, typer.Argument(help="Geoparsing JSONL: text and gold toponyms.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
) -> None:
    """Toponym spans (P/R/F1) and resolution (Acc@161, mean km), end to end."""
    from sitrep.bench.geoparse import print_geo_scores, run_geoparse

    print_geo_scores(run_geoparse(path), console, as_json=as_json)


@bench_app.command("places-speed")
def bench_places_speed_command(
    path: Annotated[Path, typer.Argument(help="JSONL with a text field, a text file or folder.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
) -> None:
    """Words per second of the places stage alone, spaCy's output computed beforehand."""
    from sitrep.bench.geoparse import print_places_speed, run_places_speed

    print_places_speed(run_places_speed(path), console, as_json=as_json)


@bench_app.command("merge")
def bench_merge_command(
    gold_events: Annotated[Path, typer.Argument(help="Gold events JSONL (tests/gold/all_events).")],
    control_facts: Annotated[Path, typer.Argument(help="Gold control facts JSONL.")],
    db: DbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on the last line.")
    ] = False,
) -> None:
    """Merge precision/recall on gold report pairs and control-fact accuracy of the store."""
    from sitrep.bench.merge import bench_merge
    from sitrep.stages.actors import load_actor_dictionary
    from sitrep.store import Store

    with Store(db_path(db), read_only=True) as store:
        # The dictionary's alliances: a fact names a side, an ally's hold answers it.
        figures = bench_merge(
            store.events(),
            store.control_spans(),
            gold_events,
            control_facts,
            load_actor_dictionary(),
        )
    if as_json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            console.print(f"{key:>24}: {value}", markup=False, highlight=False)
