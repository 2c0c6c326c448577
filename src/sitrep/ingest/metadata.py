"""Document metadata: sidecar files, JSONL fields and HTML meta tags, validated."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sitrep.model import Document

KNOWN_FIELDS = ("title", "source", "published", "url", "language", "date_precision")
# Other names publishers use for the same fields.
FIELD_ALIASES = {
    "date": "published",
    "published_at": "published",
    "publication_date": "published",
    "site_name": "source",
    "sitename": "source",
    "publisher": "source",
    "lang": "language",
    "link": "url",
}


class InvalidMetadata(Exception):
    """Metadata that is not a JSON object or holds a field of the wrong kind."""


def read_sidecar(path: Path) -> dict[str, Any]:
    """Read and validate a `NAME.meta.json` sidecar."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidMetadata(f"sidecar {path.name}: not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise InvalidMetadata(
            f"sidecar {path.name}: invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    if not isinstance(meta, dict):
        raise InvalidMetadata(f"sidecar {path.name}: must hold a JSON object")
    try:
        _check(meta)
    except InvalidMetadata as exc:
        raise InvalidMetadata(f"sidecar {path.name}: {exc}") from exc
    return meta


def parse_published(value: Any) -> date | None:
    """Parse a publication date from an ISO date or date-time string; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InvalidMetadata(f"'published' must be an ISO date string, not {value!r}")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise InvalidMetadata(f"'published' is not a date: {value!r}") from exc


def _check(meta: dict[str, Any]) -> None:
    for key, value in meta.items():
        name = FIELD_ALIASES.get(key, key)
        if name == "published":
            parse_published(value)
        elif name in KNOWN_FIELDS and value is not None and not isinstance(value, str):
            raise InvalidMetadata(f"{key!r} must be a string, not {value!r}")


def apply_metadata(doc: Document, meta: dict[str, Any]) -> None:
    """Set the document's metadata fields from a mapping; unknown keys go to `extra`."""
    _check(meta)
    for key, value in meta.items():
        name = FIELD_ALIASES.get(key, key)
        if name == "published":
            doc.published = parse_published(value)
        elif name in KNOWN_FIELDS:
            setattr(doc, name, value.strip() if isinstance(value, str) else value)
        else:
            doc.extra[key] = value
