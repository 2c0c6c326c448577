"""The store: an embedded DuckDB file with versioned migrations. No NLP in here.

Every document's results are written in one transaction, so a process killed mid-batch leaves
each document either fully stored or not at all. Events and the control timeline are derived
from the stored reports and replaced together in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from sitrep.codec import from_dict, to_dict
from sitrep.model import (
    Analysis,
    ControlSpan,
    Document,
    Duplicate,
    Event,
    Report,
    TimeExpression,
    Toponym,
)

# Each migration is applied once, in order, inside a transaction with its version row.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE documents (
            doc_id VARCHAR PRIMARY KEY,
            hash VARCHAR NOT NULL,
            pipeline VARCHAR NOT NULL,
            title VARCHAR, source VARCHAR, published DATE, published_estimated BOOLEAN,
            date_precision VARCHAR, url VARCHAR, language VARCHAR, origin VARCHAR,
            extra JSON, text VARCHAR NOT NULL, n_words INTEGER, n_tokens INTEGER,
            minhash UBIGINT[], duplicate_of VARCHAR, similarity DOUBLE,
            ingested_at TIMESTAMP NOT NULL
        );
        CREATE TABLE sentences (doc_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER);
        CREATE TABLE entities (
            doc_id VARCHAR, start_char INTEGER, end_char INTEGER, label VARCHAR, text VARCHAR
        );
        CREATE TABLE toponyms (
            doc_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, role VARCHAR,
            place_id VARCHAR, name VARCHAR, lat DOUBLE, lon DOUBLE, country VARCHAR,
            admin1 VARCHAR, feature VARCHAR, geonameid BIGINT, precision INTEGER,
            confidence DOUBLE, data JSON
        );
        CREATE TABLE timexes (
            doc_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, kind VARCHAR,
            value VARCHAR, interval_start DATE, interval_end DATE, granularity VARCHAR,
            modifier VARCHAR, anchor VARCHAR, estimated BOOLEAN
        );
        CREATE TABLE actor_mentions (
            doc_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR,
            actor_id VARCHAR, how VARCHAR
        );
        CREATE TABLE reports (
            report_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, type VARCHAR,
            stance VARCHAR, forecast BOOLEAN, data JSON NOT NULL
        );
        CREATE TABLE events (
            event_id VARCHAR PRIMARY KEY, type VARCHAR, status VARCHAR, confidence DOUBLE,
            date_start DATE, date_end DATE, lat DOUBLE, lon DOUBLE, country VARCHAR,
            place_name VARCHAR, actor1_id VARCHAR, actor2_id VARCHAR, n_reports INTEGER,
            forecast BOOLEAN, data JSON NOT NULL
        );
        CREATE TABLE event_reports (event_id VARCHAR, report_id VARCHAR);
        CREATE TABLE control_spans (
            place_id VARCHAR, place_name VARCHAR, lat DOUBLE, lon DOUBLE, country VARCHAR,
            actor_id VARCHAR, start_date DATE, end_date DATE, status VARCHAR, data JSON NOT NULL
        );
        """,
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
# Inserts of at least this many rows go through Arrow rather than executemany.
BULK_ROWS = 64
DOC_TABLES = ("sentences", "entities", "toponyms", "timexes", "actor_mentions", "reports")


class StoreError(Exception):
    """The database cannot be opened or is of an unknown schema version."""


@dataclass(slots=True)
class ProcessedDocument:
    """A document with everything the pipeline found in it: the unit the store commits."""

    doc: Document
    analysis: Analysis | None = None
    toponyms: list[Toponym] | None = None
    timexes: list[TimeExpression] | None = None
    mentions: list[Any] | None = None  # list[ActorMention]
    reports: list[Report] | None = None
    duplicate: Duplicate | None = None
    minhash: np.ndarray | None = None
    pipeline: str = ""


class Store:
    """A DuckDB-backed store of documents, stage outputs, events and control spans."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self._column_names: dict[str, list[str]] = {}
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        if not read_only:
            self.migrate()
        elif self.schema_version() != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {self.schema_version()}, expected "
                f"{SCHEMA_VERSION}: open it once without read-only to migrate"
            )

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema --------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version of the open database (0 for an empty file)."""
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        """Apply pending migrations; return the resulting schema version."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)"
        )
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this sitrep "
                f"({SCHEMA_VERSION}): upgrade sitrep"
            )
        for version, sql in MIGRATIONS:
            if version <= current:
                continue
            with self._transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])
        return self.schema_version()

    # --- documents -----------------------------------------------------------------------------

    def stored_version(self, doc_id: str) -> tuple[str, str] | None:
        """(content hash, pipeline version) of a stored document, or None."""
        row = self.con.execute(
            "SELECT hash, pipeline FROM documents WHERE doc_id = ?", [doc_id]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def doc_ids_by_hash(self, content: str) -> list[str]:
        """Ids of stored documents whose content hash is `content`."""
        rows = self.con.execute(
            "SELECT doc_id FROM documents WHERE hash = ? ORDER BY doc_id", [content]
        ).fetchall()
        return [r[0] for r in rows]

    def signatures(self) -> Iterator[tuple[str, np.ndarray]]:
        """MinHash signatures of all stored documents."""
        rows = self.con.execute(
            "SELECT doc_id, minhash FROM documents WHERE minhash IS NOT NULL"
        ).fetchall()
        for doc_id, values in rows:
            yield doc_id, np.asarray(values, dtype=np.uint64)

    def save(self, item: ProcessedDocument) -> None:
        """Store one document and all its stage outputs atomically, replacing an old version."""
        self.save_many([item])

    def save_many(self, items: Sequence[ProcessedDocument]) -> None:
        """Store documents and their stage outputs in one transaction (all or none), replacing
        old versions: one statement per table for the lot, not one per document."""
        if not items:
            return
        ids = [item.doc.doc_id for item in items]
        if len(set(ids)) != len(ids):
            raise ValueError("save_many: a doc_id appears twice in one batch")
        with self._transaction():
            marks = ", ".join("?" * len(ids))
            stored = self.con.execute(
                f"SELECT doc_id FROM documents WHERE doc_id IN ({marks})", ids
            ).fetchall()
            # A document's rows are only ever written with it, in one transaction: a new
            # document has none to replace.
            old = [row[0] for row in stored]
            if old:
                old_marks = ", ".join("?" * len(old))
                for table in (*DOC_TABLES, "documents"):
                    self.con.execute(f"DELETE FROM {table} WHERE doc_id IN ({old_marks})", old)
            self._insert("documents", [_document_row(item) for item in items])
            rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in DOC_TABLES}
            for item in items:
                for table, table_rows in _output_rows(item).items():
                    rows[table].extend(table_rows)
            for table in DOC_TABLES:
                self._insert(table, rows[table])

    def _columns(self, table: str) -> list[str]:
        """A table's column names, asked of the database once per connection."""
        if table not in self._column_names:
            described = self.con.execute(f"DESCRIBE {table}").fetchall()
            self._column_names[table] = [row[0] for row in described]
        return self._column_names[table]

    def _insert(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if len(rows) < BULK_ROWS:
            # One statement of many rows: executemany runs one statement per row.
            marks = "(" + ", ".join("?" * len(rows[0])) + ")"
            values = ", ".join([marks] * len(rows))
            self.con.execute(
                f"INSERT INTO {table} VALUES {values}", [v for row in rows for v in row]
            )
            return
        # Many rows: an Arrow table goes in as one scan, with no parameter to bind.
        names = self._columns(table)
        arrow = pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})
        self.con.register("_sitrep_rows", arrow)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _sitrep_rows")
        finally:
            self.con.unregister("_sitrep_rows")

    def documents(self) -> list[Document]:
        """All stored documents, by id."""
        rows = self.con.execute(
            "SELECT doc_id, text, title, source, published, url, language, origin,"
            " date_precision, published_estimated, extra FROM documents ORDER BY doc_id"
        ).fetchall()
        return [
            Document(
                doc_id=r[0],
                text=r[1],
                title=r[2],
                source=r[3],
                published=r[4],
                url=r[5],
                language=r[6],
                origin=r[7],
                date_precision=r[8],
                published_estimated=bool(r[9]),
                extra=json.loads(r[10]) if r[10] else {},
            )
            for r in rows
        ]

    def document_rows(self) -> list[dict[str, Any]]:
        """Stored documents as export rows (metadata, duplicate links, counts; no text)."""
        cur = self.con.execute(
            "SELECT d.doc_id, d.title, d.source, d.published, d.published_estimated, d.url,"
            " d.language, d.origin, d.n_words, d.duplicate_of, d.similarity,"
            " (SELECT count(*) FROM reports r WHERE r.doc_id = d.doc_id) AS n_reports,"
            " (SELECT count(*) FROM toponyms t WHERE t.doc_id = d.doc_id) AS n_toponyms"
            " FROM documents d ORDER BY d.doc_id"
        )
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def duplicates(self) -> list[Duplicate]:
        """Every stored duplicate link."""
        rows = self.con.execute(
            "SELECT doc_id, duplicate_of, similarity FROM documents"
            " WHERE duplicate_of IS NOT NULL ORDER BY doc_id"
        ).fetchall()
        return [Duplicate(doc_id=r[0], original_id=r[1], similarity=r[2]) for r in rows]

    # --- reports, events, control --------------------------------------------------------------

    def reports(self, doc_ids: Sequence[str] | None = None) -> list[Report]:
        """Stored reports (of the given documents, or all), in a stable order."""
        sql = "SELECT data FROM reports"
        params: list[Any] = []
        if doc_ids is not None:
            sql += " WHERE list_contains(?, doc_id)"
            params.append(list(doc_ids))
        rows = self.con.execute(sql + " ORDER BY doc_id, report_id", params).fetchall()
        return [from_dict(Report, json.loads(r[0])) for r in rows]

    def replace_events(self, events: Sequence[Event], spans: Sequence[ControlSpan]) -> None:
        """Replace all events and control spans in one transaction."""
        with self._transaction():
            for table in ("events", "event_reports", "control_spans"):
                self.con.execute(f"DELETE FROM {table}")
            self._insert("events", [_event_row(e) for e in events])
            self._insert(
                "event_reports",
                [(e.event_id, r.report_id) for e in events for r in e.reports],
            )
            self._insert("control_spans", [_span_row(s) for s in spans])

    def events(self, *, include_forecasts: bool = False) -> list[Event]:
        """All stored events, by id."""
        where = "" if include_forecasts else " WHERE NOT coalesce(forecast, false)"
        rows = self.con.execute(f"SELECT data FROM events{where} ORDER BY event_id").fetchall()
        return [from_dict(Event, json.loads(r[0])) for r in rows]

    def control_spans(self) -> list[ControlSpan]:
        """All stored control spans, by place and start."""
        rows = self.con.execute(
            "SELECT data FROM control_spans ORDER BY place_name, start_date NULLS FIRST, actor_id"
        ).fetchall()
        return [from_dict(ControlSpan, json.loads(r[0])) for r in rows]

    def counts(self) -> dict[str, int]:
        """Row counts for `sitrep stats`."""
        queries = {
            "documents": "SELECT count(*) FROM documents",
            "duplicates": "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL",
            "sentences": "SELECT count(*) FROM sentences",
            "toponyms": "SELECT count(*) FROM toponyms",
            "places": "SELECT count(DISTINCT place_id) FROM toponyms WHERE place_id IS NOT NULL",
            "time expressions": "SELECT count(*) FROM timexes",
            "actor mentions": "SELECT count(*) FROM actor_mentions",
            "reports": "SELECT count(*) FROM reports",
            "events": "SELECT count(*) FROM events",
            "control spans": "SELECT count(*) FROM control_spans",
        }
        result = {}
        for name, sql in queries.items():
            row = self.con.execute(sql).fetchone()
            result[name] = int(row[0]) if row else 0
        return result

    # --- plumbing ------------------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self.con)


class _Transaction:
    """BEGIN … COMMIT, or ROLLBACK on any exception (including KeyboardInterrupt)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.con.execute("COMMIT")
        else:
            self.con.execute("ROLLBACK")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _document_row(item: ProcessedDocument) -> tuple[Any, ...]:
    doc = item.doc
    return (
        doc.doc_id,
        doc.hash,
        item.pipeline,
        doc.title,
        doc.source,
        doc.published,
        doc.published_estimated,
        doc.date_precision,
        doc.url,
        doc.language,
        doc.origin,
        json.dumps(doc.extra, default=str),
        doc.text,
        len(doc.text.split()),
        item.analysis.n_tokens if item.analysis else None,
        item.minhash.tolist() if item.minhash is not None else None,
        item.duplicate.original_id if item.duplicate else None,
        item.duplicate.similarity if item.duplicate else None,
        _now(),
    )


def _output_rows(item: ProcessedDocument) -> dict[str, list[tuple[Any, ...]]]:
    """A document's stage outputs as rows of the DOC_TABLES."""
    doc_id = item.doc.doc_id
    sentences = item.analysis.sentences if item.analysis else []
    entities = item.analysis.entities if item.analysis else []
    return {
        "sentences": [(doc_id, i, s, e) for i, (s, e) in enumerate(sentences)],
        "entities": [(doc_id, e.start, e.end, e.label, e.text) for e in entities],
        "toponyms": [_toponym_row(doc_id, t) for t in item.toponyms or []],
        "timexes": [
            (
                doc_id,
                t.start,
                t.end,
                t.text,
                t.kind,
                t.value,
                t.interval_start,
                t.interval_end,
                t.granularity,
                t.modifier,
                t.anchor,
                t.estimated,
            )
            for t in item.timexes or []
        ],
        "actor_mentions": [
            (doc_id, m.start, m.end, m.text, m.actor_id, m.how) for m in item.mentions or []
        ],
        "reports": [
            (r.report_id, doc_id, r.type, r.stance, r.forecast, json.dumps(to_dict(r)))
            for r in item.reports or []
        ],
    }


def _toponym_row(doc_id: str, t: Toponym) -> tuple[Any, ...]:
    p = t.place
    return (
        doc_id,
        t.start,
        t.end,
        t.text,
        t.role,
        p.place_id if p else None,
        p.name if p else None,
        p.lat if p else None,
        p.lon if p else None,
        p.country if p else None,
        p.admin1 if p else None,
        p.feature if p else None,
        p.geonameid if p else None,
        t.precision,
        t.confidence,
        json.dumps(to_dict(t)),
    )


def _event_row(e: Event) -> tuple[Any, ...]:
    place, date = e.place, e.date
    return (
        e.event_id,
        e.type,
        e.status,
        e.confidence,
        date.start if date else None,
        date.end if date else None,
        place.lat if place else None,
        place.lon if place else None,
        place.country if place else None,
        place.name if place else None,
        e.actor1.id if e.actor1 else None,
        e.actor2.id if e.actor2 else None,
        len(e.reports),
        all(r.forecast for r in e.reports) if e.reports else False,
        json.dumps(to_dict(e)),
    )


def _span_row(s: ControlSpan) -> tuple[Any, ...]:
    return (
        s.place.place_id,
        s.place.name,
        s.place.lat,
        s.place.lon,
        s.place.country,
        s.actor.id if s.actor else None,
        s.start,
        s.end,
        s.status,
        json.dumps(to_dict(s)),
    )


# --- queries for the REST API, the web map and reports (interfaces; added by the issue-7 helper)
# Read-only filters over the derived tables. Module-level so the Store class above stays the
# lead's; each takes the open Store.


@dataclass(slots=True)
class EventQuery:
    """Filters on events; every field is optional and they combine with AND.

    Lists match any of their values. `bbox` is (west, south, east, north) in degrees; a west
    greater than east crosses the antimeridian. Dates select events whose interval overlaps
    [date_from, date_to]. `text` is a case-insensitive substring of a report sentence, the
    place name or an actor name.
    """

    bbox: tuple[float, float, float, float] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    types: Sequence[str] = ()
    actors: Sequence[str] = ()
    sources: Sequence[str] = ()
    stances: Sequence[str] = ()
    statuses: Sequence[str] = ()
    text: str | None = None
    include_forecasts: bool = False


def _event_where(query: EventQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if not query.include_forecasts:
        clauses.append("NOT coalesce(forecast, false)")
    if query.bbox is not None:
        west, south, east, north = query.bbox
        clauses.append("lat BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            clauses.append("lon BETWEEN ? AND ?")
            params += [west, east]
        else:
            clauses.append("(lon >= ? OR lon <= ?)")
            params += [west, east]
    if query.date_from is not None:
        clauses.append("coalesce(date_end, date_start) >= ?")
        params.append(query.date_from)
    if query.date_to is not None:
        clauses.append("coalesce(date_start, date_end) <= ?")
        params.append(query.date_to)
    if query.types:
        clauses.append("list_contains(?, type)")
        params.append(list(query.types))
    if query.statuses:
        clauses.append("list_contains(?, status)")
        params.append(list(query.statuses))
    if query.actors:
        # An actor matches by id or, case-insensitively, by canonical name, in either role.
        wanted = [a.lower() for a in query.actors]
        clauses.append(
            "(list_contains(?, lower(actor1_id)) OR list_contains(?, lower(actor2_id))"
            " OR list_contains(?, lower(json_extract_string(data, '$.actor1.name')))"
            " OR list_contains(?, lower(json_extract_string(data, '$.actor2.name'))))"
        )
        params += [wanted] * 4
    if query.sources:
        clauses.append(
            "len(list_intersect(json_extract_string(data, '$.reports[*].source'), ?)) > 0"
        )
        params.append(list(query.sources))
    if query.stances:
        clauses.append(
            "len(list_intersect(json_extract_string(data, '$.reports[*].stance'), ?)) > 0"
        )
        params.append(list(query.stances))
    if query.text:
        needle = f"%{query.text.lower()}%"
        clauses.append(
            "(lower(coalesce(place_name, '')) LIKE ?"
            " OR lower(coalesce(json_extract_string(data, '$.actor1.name'), '')) LIKE ?"
            " OR lower(coalesce(json_extract_string(data, '$.actor2.name'), '')) LIKE ?"
            " OR len(list_filter(json_extract_string(data, '$.reports[*].sentence'),"
            " lambda s: lower(s) LIKE ?)) > 0)"
        )
        params += [needle] * 4
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def query_events(
    store: Store, query: EventQuery, *, limit: int | None = None, offset: int = 0
) -> tuple[int, list[Event]]:
    """Events matching the query, by date then id, with the total count before paging."""
    where, params = _event_where(query)
    row = store.con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()
    total = int(row[0]) if row else 0
    sql = f"SELECT data FROM events{where} ORDER BY date_start NULLS LAST, event_id"
    page = list(params)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        page += [limit, offset]
    rows = store.con.execute(sql, page).fetchall()
    return total, [from_dict(Event, json.loads(r[0])) for r in rows]


def event_features(
    store: Store, query: EventQuery, *, limit: int | None = None, offset: int = 0
) -> tuple[int, str]:
    """Matching events as the JSON text of a GeoJSON feature list, serialised by DuckDB.

    Each feature carries a flat summary (no sentences): what a map needs. Built and encoded in
    SQL because a map asks for tens of thousands at once.
    """
    where, params = _event_where(query)
    row = store.con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()
    total = int(row[0]) if row else 0
    inner = (
        "SELECT event_id, type, status, confidence, date_start, date_end, lat, lon, country,"
        " place_name, actor1_id, actor2_id, n_reports, data"
        f" FROM events{where} ORDER BY date_start NULLS LAST, event_id"
    )
    page = list(params)
    if limit is not None:
        inner += " LIMIT ? OFFSET ?"
        page += [limit, offset]
    sql = (
        "SELECT to_json(list(json_object('type', 'Feature',"
        " 'geometry', CASE WHEN lat IS NULL OR lon IS NULL THEN NULL"
        " ELSE json_object('type', 'Point', 'coordinates', json_array(lon, lat)) END,"
        " 'properties', json_object('id', event_id, 'type', type, 'status', status,"
        " 'confidence', confidence, 'date_start', date_start::VARCHAR,"
        " 'date_end', date_end::VARCHAR, 'country', country,"
        " 'place', place_name, 'actor1', actor1_id,"
        " 'actor1_name', json_extract_string(data, '$.actor1.name'), 'actor2', actor2_id,"
        " 'actor2_name', json_extract_string(data, '$.actor2.name'), 'n_reports', n_reports,"
        " 'sources', list_sort(list_distinct(list_filter("
        "json_extract_string(data, '$.reports[*].source'), lambda s: s IS NOT NULL))),"
        " 'stances', list_sort(list_distinct(json_extract_string(data, '$.reports[*].stance'))))"
        ") ORDER BY date_start NULLS LAST, event_id)) FROM (" + inner + ") AS page_rows"
    )
    result = store.con.execute(sql, page).fetchone()
    return total, str(result[0]) if result and result[0] is not None else "[]"


def get_event(store: Store, event_id: str) -> Event | None:
    """One stored event by id, or None."""
    row = store.con.execute("SELECT data FROM events WHERE event_id = ?", [event_id]).fetchone()
    return from_dict(Event, json.loads(row[0])) if row else None


def document_meta(store: Store, doc_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Title, source, URL and publication date of the given documents, by id."""
    rows = store.con.execute(
        "SELECT doc_id, title, source, url, published FROM documents"
        " WHERE list_contains(?, doc_id)",
        [list(doc_ids)],
    ).fetchall()
    return {r[0]: {"title": r[1], "source": r[2], "url": r[3], "published": r[4]} for r in rows}


def control_at(
    store: Store,
    *,
    on: dt.date | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    place: str | None = None,
) -> list[ControlSpan]:
    """Control spans in force on a date (all spans without one), in a bbox or for a place.

    `place` matches a place id or, case-insensitively, a place name. A span with an open start
    or end is taken to extend that way.
    """
    clauses: list[str] = []
    params: list[Any] = []
    if on is not None:
        clauses.append(
            "(start_date IS NULL OR start_date <= ?) AND (end_date IS NULL OR end_date >= ?)"
        )
        params += [on, on]
    if bbox is not None:
        west, south, east, north = bbox
        clauses.append("lat BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            clauses.append("lon BETWEEN ? AND ?")
        else:
            clauses.append("(lon >= ? OR lon <= ?)")
        params += [west, east]
    if place:
        clauses.append("(place_id = ? OR lower(place_name) = lower(?))")
        params += [place, place]
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.con.execute(
        f"SELECT data FROM control_spans{where}"
        " ORDER BY place_name, start_date NULLS FIRST, actor_id",
        params,
    ).fetchall()
    return [from_dict(ControlSpan, json.loads(r[0])) for r in rows]


def place_summaries(store: Store, *, text: str | None = None) -> list[dict[str, Any]]:
    """Places that events happened at, with their event count and date range, busiest first."""
    where, params = "WHERE lat IS NOT NULL AND NOT coalesce(forecast, false)", []
    if text:
        where += " AND lower(place_name) LIKE ?"
        params.append(f"%{text.lower()}%")
    rows = store.con.execute(
        "SELECT coalesce(json_extract_string(data, '$.place.place_id'), place_name) AS pid,"
        " any_value(place_name), any_value(lat), any_value(lon), any_value(country),"
        " any_value(json_extract_string(data, '$.place.admin1')), count(*),"
        " min(date_start), max(coalesce(date_end, date_start))"
        f" FROM events {where} GROUP BY pid ORDER BY count(*) DESC, pid",
        params,
    ).fetchall()
    keys = ("place_id", "name", "lat", "lon", "country", "admin1", "n_events", "first", "last")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def actor_summaries(store: Store) -> list[dict[str, Any]]:
    """Actors in events (forecasts aside), with how often they act (actor1) and are acted on."""
    rows = store.con.execute(
        "SELECT id, any_value(name), any_value(type), sum(as1)::INTEGER, sum(as2)::INTEGER FROM ("
        " SELECT actor1_id AS id, json_extract_string(data, '$.actor1.name') AS name,"
        " json_extract_string(data, '$.actor1.type') AS type, 1 AS as1, 0 AS as2 FROM events"
        " WHERE actor1_id IS NOT NULL AND NOT coalesce(forecast, false) UNION ALL"
        " SELECT actor2_id, json_extract_string(data, '$.actor2.name'),"
        " json_extract_string(data, '$.actor2.type'), 0, 1 FROM events"
        " WHERE actor2_id IS NOT NULL AND NOT coalesce(forecast, false)"
        ") GROUP BY id ORDER BY sum(as1) + sum(as2) DESC, id"
    ).fetchall()
    keys = ("id", "name", "type", "n_as_actor1", "n_as_actor2")
    return [dict(zip(keys, r, strict=True)) for r in rows]
