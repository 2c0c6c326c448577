"""The synthetic dataset behind `sitrep bench web-load`: deterministic, valid, served."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from test_api_fixtures import build_store

from sitrep.api import create_app
from sitrep.model import EVENT_TYPES
from sitrep.web.bench import fill_store, synthetic_dataset


def test_web_bench_dataset_is_deterministic_and_complete() -> None:
    items, events, spans = synthetic_dataset(300, seed=3)
    again = synthetic_dataset(300, seed=3)[1]
    assert [e.event_id for e in events] == [e.event_id for e in again]
    assert len(events) == 300 and len({e.event_id for e in events}) == 300
    assert sum(len(item.reports or []) for item in items) == 300
    assert {e.type for e in events} <= set(EVENT_TYPES)
    assert spans and all(s.start and s.end and s.start < s.end for s in spans)
    for item in items:
        for report in item.reports or []:
            start, end = report.span
            assert item.doc.text[start:end] == report.sentence
            t0, t1 = report.trigger
            assert item.doc.text[t0:t1] == report.type


def test_web_bench_store_serves_every_event(tmp_path: Path) -> None:
    db = tmp_path / "bench.duckdb"
    fill_store(db, 250)
    app = create_app(db)
    body = TestClient(app).get("/api/events?format=geojson&limit=100000").json()
    app.state.service.store.close()
    assert body["total"] == 250
    assert all(f["geometry"]["type"] == "Point" for f in body["features"])


def test_web_map_body_cached_until_a_write(tmp_path: Path) -> None:
    db = tmp_path / "api.duckdb"
    build_store(db).close()
    app = create_app(db)
    client = TestClient(app)
    url = "/api/events?format=geojson&limit=100000"
    first = client.get(url)
    total = first.json()["total"]
    assert total == 7
    assert client.get(url).text == first.text
    assert len(app.state.service.bodies) == 1
    # Another query is another body; the filter still applies.
    assert client.get(url + "&type=shelling").json()["total"] == 2
    assert len(app.state.service.bodies) == 2
    # A write (here a document in which nothing happens) forgets every body.
    posted = client.post(
        "/api/documents?doc_id=quiet-day",
        content=b"The weather in the capital was mild and the markets were open.",
        headers={"content-type": "text/plain"},
    )
    assert posted.status_code == 201
    assert app.state.service.bodies == {}
    assert client.get(url).json()["total"] == total
    app.state.service.store.close()
