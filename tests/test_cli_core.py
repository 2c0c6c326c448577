"""The core CLI: help everywhere, version, ingest errors and exit status, stats, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pyarrow.parquet as pq
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sitrep import __version__
from sitrep.cli import app
from sitrep.export import EVENT_COLUMNS

runner = CliRunner()
REPORT = "Rebels shelled the outskirts of Kadugli on Thursday, the army said, killing two soldiers."


def _all_commands() -> list[list[str]]:
    root = get_command(app)
    paths: list[list[str]] = [[]]

    def walk(cmd: click.Command, prefix: list[str]) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                paths.append([*prefix, name])
                walk(sub, [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("command", _all_commands(), ids=lambda c: " ".join(c) or "sitrep")
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_bad_batch_reports_each_failure_and_stores_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text(REPORT)
    (corpus / "image.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "blank.txt").write_text("")
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": REPORT})
        + "\n{broken\n"
        + json.dumps({"id": "j2", "text": REPORT + " Again."})
        + "\n"
    )
    (corpus / "side.txt").write_text(REPORT + " Side.")
    (corpus / "side.meta.json").write_text("{bad json")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    errors = result.stderr
    assert f"{corpus}/image.txt: binary file" in errors
    assert f"{corpus}/blank.txt: empty document" in errors
    assert f"{corpus}/feed.jsonl:2: malformed JSON" in errors
    assert f"{corpus}/side.txt: sidecar side.meta.json: invalid JSON" in errors
    assert len([line for line in errors.splitlines() if line.startswith("error")]) == 4

    stats = runner.invoke(app, ["stats", "--db", str(db)])
    assert stats.exit_code == 0
    assert "documents" in stats.output
    docs = runner.invoke(app, ["export", "documents", "--format", "jsonl", "--db", str(db)])
    ids = sorted(json.loads(line)["doc_id"] for line in docs.output.splitlines())
    assert ids == ["good", "j1", "j2"]


@pytest.mark.parametrize("what", ["events", "control", "documents"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "parquet"])
def test_empty_exports_are_valid_files(tmp_path: Path, what: str, fmt: str) -> None:
    db = tmp_path / "empty.duckdb"
    runner.invoke(app, ["ingest", str(tmp_path / "nothing"), "--db", str(db), "--quiet"])
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["export", what, "--format", fmt, "-o", str(out), "--db", str(db)])
    if what == "documents" and fmt == "geojson":
        assert result.exit_code == 2
        assert "no geometry" in result.stderr
        return
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        assert out.read_text() == ""
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.read_text())))
        assert len(rows) == 1
        if what == "events":
            assert rows[0][:16] == EVENT_COLUMNS[:16]
    elif fmt == "geojson":
        assert json.loads(out.read_text()) == {"type": "FeatureCollection", "features": []}
    else:
        assert pq.read_table(out).num_rows == 0


def test_acled_columns_lead_the_event_csv() -> None:
    assert EVENT_COLUMNS[:16] == [
        "event_id_cnty",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    ]


def test_unknown_format_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    runner.invoke(app, ["ingest", str(tmp_path / "none"), "--db", str(db), "--quiet"])
    result = runner.invoke(app, ["export", "events", "--format", "xml", "--db", str(db)])
    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.stderr
