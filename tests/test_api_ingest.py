"""POST /api/documents: text, HTML and JSON Lines through the CLI's ingest job; write tokens."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app

TEXT = (
    "Rebel fighters shelled the northern district of the town on Monday, a monitoring "
    "group said. Residents fled toward the river."
)
PAGE = (
    "<html><head><title>Night raid</title><meta name='author' content='x'></head><body>"
    "<nav>Home | World | Sport</nav><article><h1>Night raid</h1>"
    "<p>Militia fighters raided a checkpoint outside the city before dawn on Tuesday, "
    "officials said. Two guards were wounded in the exchange of fire that followed.</p>"
    "<p>The checkpoint controls the only road between the city and the border crossing, "
    "and it has changed hands twice this year.</p></article></body></html>"
)


@pytest.fixture
def local_client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(tmp_path / "ingest.duckdb")
    yield TestClient(app)
    app.state.service.store.close()


def test_api_post_text_is_ingested_and_listed(local_client: TestClient) -> None:
    response = local_client.post(
        "/api/documents?doc_id=note-1&source=Test%20Wire&published=2023-03-06",
        content=TEXT.encode(),
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["stored"] == ["note-1"]
    docs = local_client.get("/api/documents").json()["items"]
    assert [(d["doc_id"], d["source"], d["published"]) for d in docs] == [
        ("note-1", "Test Wire", "2023-03-06")
    ]
    again = local_client.post(
        "/api/documents?doc_id=note-1&source=Test%20Wire&published=2023-03-06",
        content=TEXT.encode(),
        headers={"content-type": "text/plain"},
    )
    assert again.json()["unchanged"] == ["note-1"]  # idempotent, as in the CLI


def test_api_post_html_and_jsonl(local_client: TestClient) -> None:
    html = local_client.post(
        "/api/documents?doc_id=raid",
        content=PAGE.encode(),
        headers={"content-type": "text/html"},
    )
    assert html.status_code == 201, html.text
    lines = [
        json.dumps({"id": "j1", "text": TEXT, "source": "Line One", "published": "2023-01-02"}),
        "{not json",
        json.dumps({"id": "j2", "html": PAGE, "source": "Line Two"}),
    ]
    jsonl = local_client.post(
        "/api/documents",
        content="\n".join(lines).encode(),
        headers={"content-type": "application/x-ndjson"},
    )
    assert jsonl.status_code == 201, jsonl.text
    body = jsonl.json()
    assert sorted(body["stored"]) == ["j1", "j2"]
    assert [f["origin"] for f in body["failures"]] == ["upload.jsonl:2"]
    assert "malformed JSON" in body["failures"][0]["reason"]
    titles = {d["doc_id"]: d["title"] for d in local_client.get("/api/documents").json()["items"]}
    assert titles["raid"] == "Night raid"


BAD_POSTS = [
    ("?doc_id=x", b"some text", "image/png", 415, "content type"),
    ("?doc_id=x", b"   ", "text/plain", 422, "empty"),
    ("", b"some text", "text/plain", 422, "doc_id"),
    ("?doc_id=../etc", b"some text", "text/plain", 422, "doc_id"),
    ("?doc_id=x&published=someday", b"some text", "text/plain", 422, "published"),
    ("", b"{broken", "application/x-ndjson", 422, "nothing could be ingested"),
    ("", b'{"id": "n", "title": "no text"}', "application/json", 422, "neither"),
]


@pytest.mark.parametrize(("query", "body", "ctype", "status", "message"), BAD_POSTS)
def test_api_post_invalid_is_a_readable_4xx(
    local_client: TestClient, query: str, body: bytes, ctype: str, status: int, message: str
) -> None:
    response = local_client.post(
        f"/api/documents{query}", content=body, headers={"content-type": ctype}
    )
    assert response.status_code == status
    assert message in json.dumps(response.json()["detail"])


@pytest.mark.parametrize(
    ("host", "token", "header", "status"),
    [
        ("127.0.0.1", None, None, 201),  # loopback without a token: open
        ("0.0.0.0", None, None, 403),  # reachable from outside and no token set: closed
        ("0.0.0.0", "s3cret", None, 401),
        ("0.0.0.0", "s3cret", "Bearer wrong", 401),
        ("0.0.0.0", "s3cret", "Bearer s3cret", 201),
        ("localhost", "s3cret", None, 401),  # a token, once set, is always required
    ],
)
def test_api_writes_need_a_token_off_localhost(
    tmp_path: Path, host: str, token: str | None, header: str | None, status: int
) -> None:
    app = create_app(tmp_path / "t.duckdb", host=host, token=token)
    client = TestClient(app)
    headers = {"content-type": "text/plain"}
    if header:
        headers["authorization"] = header
    response = client.post("/api/documents?doc_id=t1", content=TEXT.encode(), headers=headers)
    assert response.status_code == status, response.text
    assert client.get("/api/documents").status_code == 200  # reads stay open
    app.state.service.store.close()
