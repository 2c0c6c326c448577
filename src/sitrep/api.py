"""The REST API and the web page: a thin FastAPI shell over the store and the ingest job.

Every route reads through the store's query functions or writes through
`sitrep.jobs.ingest_paths`, the one ingest the CLI uses too. Invalid input is answered with a
4xx and a readable `detail`; writes need a bearer token ($SITREP_TOKEN) unless the server is
bound to a loopback address. The web page and its offline basemap are static files from
`sitrep/web/static`, built by `scripts/build_basemap.mjs`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from sitrep import __version__
from sitrep.codec import to_dict
from sitrep.contradictions import find_contradictions
from sitrep.export import control_record, event_record
from sitrep.report import parse_bbox as report_bbox
from sitrep.store import (
    EventQuery,
    Store,
    actor_summaries,
    control_at,
    document_meta,
    event_features,
    get_event,
    place_summaries,
    query_events,
)

STATIC_DIR = Path(__file__).parent / "web" / "static"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
MAX_LIMIT = 100_000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_CACHED_BODIES = 8
DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
# Content types a POST /api/documents body may have, and the file suffix the readers expect.
UPLOAD_SUFFIXES = {
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/json": ".jsonl",
}
T = TypeVar("T")


class InvalidParameter(HTTPException):
    """A query parameter that parses but makes no sense (answered with 422)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(status_code=422, detail=f"{name}: {message}")


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """Parse "west,south,east,north" in degrees; raise InvalidParameter when malformed."""
    if value is None or value == "":
        return None
    try:
        return report_bbox(value)
    except ValueError as exc:
        raise InvalidParameter("bbox", str(exc).removeprefix("bbox: ")) from None


def _split(values: list[str] | None) -> list[str]:
    # Lists come as repeated parameters or comma-separated, whichever the caller prefers.
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


class Service:
    """The open store and the write policy of one running server."""

    def __init__(self, db: Path, *, host: str, token: str | None) -> None:
        self.db = db
        self.host = host
        self.token = token or None
        self.store = Store(db)
        # One DuckDB connection, used by one request at a time (routes run in a thread pool).
        self.lock = threading.Lock()
        # GeoJSON bodies of /api/events by query: every visitor of the map asks for the same
        # tens of thousands of events, and only this server writes to the store (DuckDB locks
        # the file), so a body stays valid until `forget_bodies` after a write.
        self.bodies: OrderedDict[str, str] = OrderedDict()

    def cached_body(self, key: str, build: Callable[[Store], str]) -> str:
        """The response body for `key`, built from the store on the first request."""
        with self.lock:
            body = self.bodies.get(key)
            if body is None:
                body = self.bodies[key] = build(self.store)
                while len(self.bodies) > MAX_CACHED_BODIES:
                    self.bodies.popitem(last=False)
            else:
                self.bodies.move_to_end(key)
            return body

    def geojson_body(self, query: EventQuery, limit: int, offset: int) -> str:
        """The /api/events GeoJSON body: map-ready summaries (no sentences), encoded by DuckDB."""

        def build(store: Store) -> str:
            total, features = event_features(store, query, limit=limit, offset=offset)
            return f'{{"type": "FeatureCollection", "total": {total}, "features": {features}}}'

        return self.cached_body(repr((query, limit, offset)), build)

    def forget_bodies(self) -> None:
        """Drop cached bodies: the store has changed."""
        self.bodies.clear()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """The store, held for the duration of a request."""
        with self.lock:
            yield self.store

    def check_write(self, request: Request) -> None:
        """Refuse a write without the right token when the server is reachable from outside."""
        if self.host in LOOPBACK_HOSTS and not self.token:
            return
        if not self.token:
            raise HTTPException(
                403,
                "writes are disabled: the server is not bound to localhost and SITREP_TOKEN "
                "is not set",
            )
        header = request.headers.get("authorization", "")
        if header != f"Bearer {self.token}":
            raise HTTPException(
                401, "writes need the header 'Authorization: Bearer <SITREP_TOKEN>'"
            )


def event_query(
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="ISO date")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="ISO date")] = None,
    type: Annotated[list[str] | None, Query(description="event type(s)")] = None,
    actor: Annotated[list[str] | None, Query(description="actor id(s) or name(s)")] = None,
    source: Annotated[list[str] | None, Query(description="publisher(s)")] = None,
    stance: Annotated[list[str] | None, Query(description="report stance(s)")] = None,
    status: Annotated[list[str] | None, Query(description="event status(es)")] = None,
    text: Annotated[str | None, Query(max_length=200, description="substring")] = None,
    include_forecasts: bool = False,
) -> EventQuery:
    """The event filters shared by /api/events and /api/contradictions."""
    if date_from and date_to and date_from > date_to:
        raise InvalidParameter("from", f"{date_from} is after to={date_to}")
    return EventQuery(
        bbox=parse_bbox(bbox),
        date_from=date_from,
        date_to=date_to,
        types=_split(type),
        actors=_split(actor),
        sources=_split(source),
        stances=_split(stance),
        statuses=_split(status),
        text=text or None,
        include_forecasts=include_forecasts,
    )


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="items to skip")]


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The envelope every list route answers with."""
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """An event in the export contract, each report with its document's title and URL."""
    event = get_event(store, event_id)
    if event is None:
        return None
    record = event_record(event)
    meta = document_meta(store, sorted({r["doc_id"] for r in record["reports"]}))
    for report in record["reports"]:
        doc = meta.get(report["doc_id"], {})
        report["title"] = doc.get("title")
        report["url"] = doc.get("url")
    return record


def create_app(db: Path | str, *, host: str = "127.0.0.1", token: str | None = None) -> FastAPI:
    """Build the app over the store at `db` (created if missing)."""
    service = Service(Path(db), host=host, token=token)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The map's first request (every event, unfiltered) is built before the server accepts
        # connections, so the first visitor does not wait for DuckDB's cold start.
        service.geojson_body(event_query(), MAX_LIMIT, 0)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="sitrep",
        version=__version__,
        description="Events and territorial control extracted from war reporting.",
        docs_url=None,  # served below from our own copy of Swagger UI: no CDN
        redoc_url=None,
    )
    app.state.service = service

    def locked(fn: Callable[[Store], T]) -> T:
        with service.reading() as store:
            return fn(store)

    @app.get("/api/events", summary="Events, filtered and paged (JSON or GeoJSON)")
    def list_events(
        query: Annotated[EventQuery, Depends(event_query)],
        limit: Limit = 100,
        offset: Offset = 0,
        format: Annotated[str, Query(pattern="^(json|geojson)$")] = "json",
    ) -> Any:
        if format == "geojson":
            body = service.geojson_body(query, limit, offset)
            return Response(body, media_type="application/geo+json")
        total, events = locked(lambda s: query_events(s, query, limit=limit, offset=offset))
        return page([event_record(e) for e in events], total, limit, offset)

    @app.get("/api/events/{event_id}", summary="One event with its reports and sentences")
    def show_event(event_id: str) -> dict[str, Any]:
        record = locked(lambda s: event_detail(s, event_id))
        if record is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return record

    @app.get("/api/control", summary="Control spans in force on a date, per place or bbox")
    def list_control(
        date: Annotated[dt.date | None, Query(description="as of this ISO date")] = None,
        place: Annotated[str | None, Query(max_length=200, description="id or name")] = None,
        bbox: Annotated[str | None, Query(description="west,south,east,north")] = None,
        limit: Limit = 1000,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        box = parse_bbox(bbox)
        spans = locked(lambda s: control_at(s, on=date, bbox=box, place=place or None))
        items = [control_record(span) for span in spans[offset : offset + limit]]
        return page(items, len(spans), limit, offset)

    @app.get("/api/places", summary="Places with events, busiest first")
    def list_places(
        q: Annotated[str | None, Query(max_length=200, description="name substring")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        places = locked(lambda s: place_summaries(s, text=q))
        return page(places[offset : offset + limit], len(places), limit, offset)

    @app.get("/api/actors", summary="Actors in events, most active first")
    def list_actors(limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        actors = locked(actor_summaries)
        return page(actors[offset : offset + limit], len(actors), limit, offset)

    @app.get("/api/documents", summary="Stored documents (metadata, no text)")
    def list_documents(
        source: Annotated[str | None, Query(max_length=200)] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        rows = locked(lambda s: s.document_rows())
        if source:
            rows = [r for r in rows if r["source"] == source]
        return page(rows[offset : offset + limit], len(rows), limit, offset)

    @app.get(
        "/api/contradictions",
        summary="Claims against denials, reversals and disagreeing fatality figures",
    )
    def list_contradictions(
        query: Annotated[EventQuery, Depends(event_query)],
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        _, events = locked(lambda s: query_events(s, query))
        found = [to_dict(c) for c in find_contradictions(events)]
        return page(found[offset : offset + limit], len(found), limit, offset)

    @app.post(
        "/api/documents",
        status_code=201,
        summary="Ingest text, Markdown, HTML or JSON Lines through the pipeline",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {ctype: {"schema": {"type": "string"}} for ctype in UPLOAD_SUFFIXES},
            }
        },
    )
    async def post_documents(
        request: Request,
        doc_id: Annotated[str | None, Query(max_length=200)] = None,
        title: Annotated[str | None, Query(max_length=1000)] = None,
        source: Annotated[str | None, Query(max_length=200)] = None,
        published: Annotated[dt.date | None, Query()] = None,
        url: Annotated[str | None, Query(max_length=2000)] = None,
        language: Annotated[str | None, Query(max_length=20)] = None,
    ) -> dict[str, Any]:
        service.check_write(request)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        suffix = UPLOAD_SUFFIXES.get(ctype)
        if suffix is None:
            raise HTTPException(
                415,
                f"unsupported content type {ctype or '(none)'!r}: use one of "
                + ", ".join(UPLOAD_SUFFIXES),
            )
        body = await request.body()
        if len(body) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"body larger than {MAX_UPLOAD_BYTES} bytes")
        if not body.strip():
            raise HTTPException(422, "empty body: send the document's text")
        if doc_id is not None and not DOC_ID.match(doc_id):
            raise InvalidParameter("doc_id", "letters, digits, '.', '_' or '-' only")
        if suffix != ".jsonl" and doc_id is None:
            raise InvalidParameter("doc_id", "required for text and HTML documents")
        meta = {"title": title, "source": source, "url": url, "language": language}
        meta = {k: v for k, v in meta.items() if v is not None}
        if published:
            meta["published"] = published.isoformat()
        # The body goes through the CLI's own readers and ingest job via a temporary file.
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(
            ingest_upload,
            service,
            body,
            suffix,
            "upload" if suffix == ".jsonl" else str(doc_id),
            meta,
        )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="sitrep API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    return app


def ingest_upload(
    service: Service, body: bytes, suffix: str, name: str, meta: dict[str, Any]
) -> dict[str, Any]:
    """Write the upload where the readers expect a file (and sidecar), then ingest it."""
    from sitrep.jobs import ingest_paths

    with tempfile.TemporaryDirectory(prefix="sitrep-upload-") as folder:
        path = Path(folder) / f"{name}{suffix}"
        path.write_bytes(body)
        if meta and suffix != ".jsonl":
            (Path(folder) / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        with service.reading() as store:
            summary = ingest_paths([path], store)
            service.forget_bodies()
    failures = [
        {"origin": f.origin.replace(folder + "/", ""), "reason": f.reason} for f in summary.failures
    ]
    if failures and not summary.stored and not summary.unchanged:
        raise HTTPException(422, {"message": "nothing could be ingested", "failures": failures})
    return {
        "stored": summary.stored,
        "unchanged": summary.unchanged,
        "duplicates": [to_dict(d) for d in summary.duplicates],
        "failures": failures,
    }


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the API and the web page with uvicorn until interrupted."""
    import uvicorn

    if not (STATIC_DIR / "vendor" / "maplibre-gl.js").exists():
        raise FileNotFoundError(
            f"web assets missing in {STATIC_DIR}: run `npm ci && node scripts/build_basemap.mjs`"
            " (done by `make install`)"
        )
    app = create_app(db, host=host, token=token)
    print(f"sitrep serving {db} at http://{host}:{port}/  (API docs at /docs)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
