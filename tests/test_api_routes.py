"""REST API: every route and filter over a store filled through the real Store API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_api_fixtures import build_store

from sitrep.api import create_app, parse_bbox

ALL = ["e-unplaced", "e-deir", "e-qaim", "e-abu", "e-abu-back", "e-hajin", "e-kharkiv"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    build_store(path).close()
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(db)
    with TestClient(app) as test_client:
        yield test_client
    app.state.service.store.close()


def ids(response_json: dict) -> list[str]:  # type: ignore[type-arg]
    return [item["event_id"] for item in response_json["items"]]


EVENT_FILTERS = [
    ("", ALL),
    ("bbox=39,34,42,36", ["e-deir", "e-qaim", "e-abu", "e-abu-back", "e-hajin"]),
    ("bbox=30,45,40,52", ["e-kharkiv"]),
    ("bbox=170,-10,-170,10", []),  # across the antimeridian, nothing there
    ("from=2017-11-04&to=2017-11-30", ["e-qaim", "e-abu", "e-abu-back"]),
    ("from=2022-01-01", ["e-kharkiv"]),
    ("to=2017-10-31", ["e-unplaced"]),
    ("type=air_strike", ["e-qaim"]),
    ("type=shelling,air_strike", ["e-unplaced", "e-qaim", "e-kharkiv"]),
    ("type=shelling&type=air_strike", ["e-unplaced", "e-qaim", "e-kharkiv"]),
    ("actor=islamic-state", ["e-deir", "e-qaim", "e-abu", "e-abu-back", "e-hajin"]),
    ("actor=Russian%20armed%20forces", ["e-kharkiv"]),
    ("source=River%20Post", ["e-deir", "e-abu"]),
    ("stance=denied", ["e-abu"]),
    ("stance=claimed", ["e-unplaced", "e-deir", "e-abu"]),
    ("status=disputed", ["e-abu"]),
    ("status=confirmed", ["e-deir"]),
    ("text=raided", ["e-hajin"]),
    ("text=KHARKIV", ["e-kharkiv"]),
    ("text=Coalition", ["e-qaim"]),
    ("include_forecasts=true&type=offensive", ["e-forecast"]),
    ("type=offensive", []),
    ("actor=islamic-state&type=territory_taken&from=2017-11-10", ["e-abu-back"]),
]


@pytest.mark.parametrize(("query", "expected"), EVENT_FILTERS)
def test_api_events_filters(client: TestClient, query: str, expected: list[str]) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert ids(body) == expected
    assert body["total"] == len(expected)


def test_api_events_records_follow_export_contract(client: TestClient) -> None:
    item = client.get("/api/events?type=air_strike").json()["items"][0]
    assert item["acled_event_type"] == "Explosions/Remote violence"
    assert item["place"]["name"] == "Al-Qaim"
    assert item["actor1"] == {"id": "us-led-coalition", "name": "US-led coalition"}
    assert item["reports"][0]["source"] == "Desert Wire"


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [(2, 0, ALL[:2]), (2, 2, ALL[2:4]), (3, 6, ALL[6:]), (5, 100, [])],
)
def test_api_events_pagination(client: TestClient, limit: int, offset: int, expected: list) -> None:  # type: ignore[type-arg]
    body = client.get(f"/api/events?limit={limit}&offset={offset}").json()
    assert ids(body) == expected
    assert (body["total"], body["limit"], body["offset"]) == (len(ALL), limit, offset)


def test_api_events_geojson(client: TestClient) -> None:
    response = client.get("/api/events?format=geojson&limit=1000")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    by_id = {f["properties"]["id"]: f for f in body["features"]}
    assert list(by_id) == ALL
    assert by_id["e-unplaced"]["geometry"] is None
    deir = by_id["e-deir"]
    assert deir["geometry"] == {"type": "Point", "coordinates": [40.14084, 35.33588]}
    props = deir["properties"]
    assert props["sources"] == ["Desert Wire", "River Post"]
    assert props["stances"] == ["asserted", "claimed"]
    assert (props["date_start"], props["actor1"], props["actor2_name"]) == (
        "2017-11-03",
        "syrian-government",
        "Islamic State",
    )
    assert "sentence" not in json.dumps(props)


def test_api_events_geojson_filters(client: TestClient) -> None:
    body = client.get("/api/events?format=geojson&stance=denied").json()
    assert [f["properties"]["id"] for f in body["features"]] == ["e-abu"]
    assert body["total"] == 1


def test_api_event_detail_has_reports_sentences_and_links(client: TestClient) -> None:
    body = client.get("/api/events/e-abu").json()
    assert body["status"] == "disputed"
    reports = {r["report_id"]: r for r in body["reports"]}
    assert set(reports) == {"r5", "r6"}
    assert reports["r6"]["stance"] == "denied"
    assert reports["r6"]["sentence"].startswith("The militants denied")
    assert reports["r5"]["url"] == "https://river-post.example/b1"
    assert reports["r5"]["title"] == "Report river-post-1"
    start, end = reports["r5"]["trigger"]
    s0 = reports["r5"]["span"][0]
    assert reports["r5"]["sentence"][start - s0 : end - s0] == "entered"


def test_api_event_detail_unknown_is_404(client: TestClient) -> None:
    response = client.get("/api/events/e-nowhere")
    assert response.status_code == 404
    assert "e-nowhere" in response.json()["detail"]


CONTROL_QUERIES = [
    ("", [("Abu Kamal", "syrian-government"), ("Abu Kamal", "islamic-state"),
          ("Deir ez-Zor", "syrian-government"), ("Hajin", "islamic-state")]),
    ("date=2017-11-10", [("Abu Kamal", "syrian-government"), ("Deir ez-Zor", "syrian-government"),
                         ("Hajin", "islamic-state")]),
    ("date=2017-11-15", [("Abu Kamal", "islamic-state"), ("Deir ez-Zor", "syrian-government"),
                         ("Hajin", "islamic-state")]),
    ("date=2018-06-01", [("Deir ez-Zor", "syrian-government")]),
    ("date=2017-01-01", [("Hajin", "islamic-state")]),
    ("place=abu%20kamal", [("Abu Kamal", "syrian-government"), ("Abu Kamal", "islamic-state")]),
    ("place=gn:170794", [("Deir ez-Zor", "syrian-government")]),
    ("bbox=40,34,41,35&date=2017-11-15", [("Abu Kamal", "islamic-state"),
                                          ("Hajin", "islamic-state")]),
    ("bbox=30,45,40,52", []),
]  # fmt: skip


@pytest.mark.parametrize(("query", "expected"), CONTROL_QUERIES)
def test_api_control(client: TestClient, query: str, expected: list[tuple[str, str]]) -> None:
    body = client.get(f"/api/control?{query}").json()
    assert [(s["place"]["name"], s["actor"]["id"]) for s in body["items"]] == expected
    assert body["total"] == len(expected)


def test_api_control_record_fields(client: TestClient) -> None:
    span = client.get("/api/control?date=2017-11-15&place=Abu%20Kamal").json()["items"][0]
    assert span["status"] == "contested"
    assert (span["start"], span["end"], span["evidence"]) == (
        "2017-11-12",
        "2017-11-19",
        ["e-abu-back"],
    )
    assert span["place"]["lat"] == pytest.approx(34.45226)


def test_api_places(client: TestClient) -> None:
    body = client.get("/api/places").json()
    names = [p["name"] for p in body["items"]]
    assert names[0] == "Abu Kamal"  # two events there, the busiest place
    assert set(names) == {"Abu Kamal", "Deir ez-Zor", "Al-Qaim", "Hajin", "Kharkiv"}
    abu = client.get("/api/places?q=abu").json()["items"]
    assert [(p["name"], p["n_events"], p["place_id"]) for p in abu] == [
        ("Abu Kamal", 2, "gn:174448")
    ]


def test_api_actors(client: TestClient) -> None:
    actors = {a["id"]: a for a in client.get("/api/actors").json()["items"]}
    assert actors["islamic-state"]["n_as_actor1"] == 2
    assert actors["islamic-state"]["n_as_actor2"] == 3
    assert actors["russia"]["type"] == "foreign_state_force"
    assert client.get("/api/actors?limit=1").json()["items"][0]["id"] == "islamic-state"


def test_api_documents(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 4
    assert {d["doc_id"] for d in body["items"]} >= {"desert-wire-1", "steppe-news-1"}
    assert "text" not in body["items"][0]
    only = client.get("/api/documents?source=Steppe%20News").json()
    assert [d["doc_id"] for d in only["items"]] == ["steppe-news-1"]


def test_api_contradictions(client: TestClient) -> None:
    body = client.get("/api/contradictions").json()
    kinds = {(c["kind"], tuple(c["event_ids"])) for c in body["items"]}
    assert ("claim_denial", ("e-abu",)) in kinds
    assert ("reversal", ("e-abu", "e-abu-back")) in kinds
    assert client.get("/api/contradictions?bbox=30,45,40,52").json()["total"] == 0


INVALID = [
    ("/api/events?bbox=abc", "bbox"),
    ("/api/events?bbox=1,2,3", "bbox"),
    ("/api/events?bbox=0,50,10,40", "bbox"),
    ("/api/events?bbox=0,0,200,10", "bbox"),
    ("/api/events?from=2018-01-01&to=2017-01-01", "from"),
    ("/api/events?from=yesterday", "from"),
    ("/api/events?limit=0", "limit"),
    ("/api/events?limit=1000001", "limit"),
    ("/api/events?offset=-1", "offset"),
    ("/api/events?format=xml", "format"),
    ("/api/control?date=2017-13-45", "date"),
    ("/api/control?bbox=1,1,1", "bbox"),
    ("/api/places?limit=abc", "limit"),
    ("/api/contradictions?bbox=x,y,z,w", "bbox"),
]


@pytest.mark.parametrize(("url", "name"), INVALID)
def test_api_invalid_input_is_a_readable_4xx(client: TestClient, url: str, name: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert name in json.dumps(response.json()["detail"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,2,3,4", (1.0, 2.0, 3.0, 4.0)),
        ("", None),
        (None, None),
        ("170,-5,-170,5", (170.0, -5.0, -170.0, 5.0)),
    ],
)
def test_api_parse_bbox(text: str | None, expected: tuple | None) -> None:  # type: ignore[type-arg]
    assert parse_bbox(text) == expected


def test_api_docs_and_openapi(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    routes = ["/api/events", "/api/events/{event_id}", "/api/control", "/api/places"]
    routes += ["/api/actors", "/api/documents", "/api/contradictions"]
    assert set(routes) <= set(schema["paths"])
    assert "post" in schema["paths"]["/api/documents"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()  # /docs works offline too


def test_api_serves_the_page(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "static/app.js" in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.json").json()["version"] == 8
