"""Situation reports: region resolution, sections, charts and both formats, from a real store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_api_fixtures import build_store
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.report import (
    build_report,
    chart_event_mix,
    chart_map,
    make_report,
    pad_bbox,
    parse_bbox,
    rank_events,
    render_markdown,
)
from sitrep.store import Store

PNG = b"\x89PNG\r\n\x1a\n"
NOV_1, DEC_31 = dt.date(2017, 11, 1), dt.date(2017, 12, 31)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.duckdb"
    build_store(path).close()
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store(db, read_only=True) as opened:
        yield opened


@pytest.mark.parametrize(
    ("region", "events"),
    [
        # 1. a province (admin1) covers every place in it
        ("Deir ez-Zor", {"e-deir", "e-abu", "e-abu-back", "e-hajin", "e-qaim"}),
        # 2. a place by name, case-insensitive; the padded box still reaches nearby Al-Qaim
        ("abu kamal", {"e-abu", "e-abu-back", "e-hajin", "e-qaim"}),
        # 3. a country by ISO code or English name
        ("UA", set()),
        ("Iraq", {"e-qaim", "e-abu", "e-abu-back", "e-hajin"}),
    ],
)
def test_report_region_by_name(store: Store, region: str, events: set[str]) -> None:
    report = build_report(store, date_from=NOV_1, date_to=DEC_31, region=region)
    assert {e.event_id for e in report.events} == events
    assert report.region == region


def test_report_unknown_region_is_a_clear_error(store: Store) -> None:
    with pytest.raises(ValueError, match="no place, province or country named 'Atlantis'"):
        build_report(store, date_from=NOV_1, date_to=DEC_31, region="Atlantis")


def test_report_sections_from_the_store(store: Store) -> None:
    report = build_report(store, date_from=NOV_1, date_to=DEC_31, bbox=(39.0, 34.0, 42.0, 36.0))
    changes = [(s.place.name, s.actor.id if s.actor else None, s.status) for s in report.changes]
    assert changes == [
        ("Deir ez-Zor", "syrian-government", "held"),
        ("Abu Kamal", "syrian-government", "claimed"),
        ("Abu Kamal", "islamic-state", "contested"),
    ]
    assert [s.place.name for s in report.standing] == ["Deir ez-Zor"]
    assert {c.kind for c in report.contradictions} == {"claim_denial", "reversal"}
    # Ground-changing, corroborated events first.
    assert report.key_events[0].event_id == "e-deir"


def test_report_rank_events_prefers_territory_and_sources(store: Store) -> None:
    report = build_report(store, date_from=NOV_1, date_to=DEC_31, bbox=(39.0, 34.0, 42.0, 36.0))
    ranked = [e.event_id for e in rank_events(report.events)]
    assert ranked.index("e-deir") < ranked.index("e-hajin")
    assert ranked.index("e-abu-back") < ranked.index("e-qaim")


def test_report_markdown_lists_sources_and_contradictions(store: Store) -> None:
    report = build_report(store, date_from=NOV_1, date_to=DEC_31, region="Deir ez-Zor")
    text = render_markdown(report, {"map": "m.png", "mix": "x.png"})
    assert text.startswith("# Situation report: Deir ez-Zor")
    for heading in ("## Changes of control", "## Key events", "## Contradictions"):
        assert heading in text
    assert "River Post (2017-11-10, denied by the militants)" in text
    assert "![Map of events and control](m.png)" in text


def test_report_charts_are_png(store: Store) -> None:
    report = build_report(store, date_from=NOV_1, date_to=DEC_31, region="Deir ez-Zor")
    assert chart_event_mix(report).startswith(PNG)
    assert chart_map(report).startswith(PNG)
    empty = build_report(store, date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 2, 1),
                         region="Deir ez-Zor")  # fmt: skip
    assert empty.events == []
    assert chart_event_mix(empty).startswith(PNG)


def test_report_files_md_with_charts_and_html_self_contained(db: Path, tmp_path: Path) -> None:
    md = tmp_path / "sitrep.md"
    make_report(db, date_from=NOV_1, date_to=DEC_31, fmt="md", output=md, region="Deir ez-Zor")
    assert (tmp_path / "sitrep-map.png").read_bytes().startswith(PNG)
    assert (tmp_path / "sitrep-mix.png").read_bytes().startswith(PNG)
    assert "](sitrep-mix.png)" in md.read_text()
    page = make_report(db, date_from=NOV_1, date_to=DEC_31, fmt="html", output=None,
                       bbox="39,34,42,36")  # fmt: skip
    assert page is not None and page.count("data:image/png;base64,") == 2
    assert "<h2>Contradictions</h2>" in page


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"region": "Deir ez-Zor", "bbox": "1,2,3,4"}, "exactly one"),
        ({}, "exactly one"),
        ({"bbox": "1,2,3"}, "four numbers"),
        ({"bbox": "1,50,3,40"}, "latitudes"),
        ({"region": "Deir ez-Zor", "fmt": "pdf"}, "md or html"),
    ],
)
def test_report_invalid_requests(db: Path, kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    args = {"fmt": "md", "output": None} | kwargs
    with pytest.raises(ValueError, match=message):
        make_report(db, date_from=NOV_1, date_to=DEC_31, **args)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("40,34,41,35", (40.0, 34.0, 41.0, 35.0)), ("-10.5, 0, 10.5, 1", (-10.5, 0.0, 10.5, 1.0))],
)
def test_report_parse_bbox(text: str, expected: tuple[float, ...]) -> None:
    assert parse_bbox(text) == expected


def test_report_pad_bbox_clamps_to_the_globe() -> None:
    assert pad_bbox([(179.9, 89.9)]) == (179.4, 89.4, 180.0, 90.0)


def test_report_cli(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--region", "Hajin", "--from",
                                      "2017-11-01", "--to", "2017-12-31", "-f", "html", "-o",
                                      str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Situation report: Hajin" in out.read_text()
    bad = CliRunner().invoke(app, ["report", "--db", str(db), "--region", "Hajin", "--from",
                                   "2017-12-31", "--to", "2017-11-01"])  # fmt: skip
    assert bad.exit_code == 2
