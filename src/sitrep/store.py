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
        doc = item.doc
        with self._transaction():
            for table in DOC_TABLES:
                self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc.doc_id])
            self.con.execute("DELETE FROM documents WHERE doc_id = ?", [doc.doc_id])
            self.con.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?)",
                [
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
                ],
            )
            self._insert_outputs(item)

    def _insert_outputs(self, item: ProcessedDocument) -> None:
        doc_id = item.doc.doc_id
        if item.analysis:
            self._insert(
                "sentences",
                [(doc_id, i, s, e) for i, (s, e) in enumerate(item.analysis.sentences)],
            )
            self._insert(
                "entities",
                [(doc_id, e.start, e.end, e.label, e.text) for e in item.analysis.entities],
            )
        self._insert("toponyms", [_toponym_row(doc_id, t) for t in item.toponyms or []])
        self._insert(
            "timexes",
            [
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
        )
        self._insert(
            "actor_mentions",
            [(doc_id, m.start, m.end, m.text, m.actor_id, m.how) for m in item.mentions or []],
        )
        self._insert(
            "reports",
            [
                (r.report_id, doc_id, r.type, r.stance, r.forecast, json.dumps(to_dict(r)))
                for r in item.reports or []
            ],
        )

    def _insert(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            self.con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

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
