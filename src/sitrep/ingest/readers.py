"""Readers: files and folders in, Documents (or failures naming file, line and reason) out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.ingest.html import extract_html
from sitrep.ingest.metadata import InvalidMetadata, apply_metadata, read_sidecar
from sitrep.model import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"
# Files in a folder that describe the folder rather than being reports.
FOLDER_NOTES = {"readme", "license", "licence", "changelog"}


class UnreadableDocument(Exception):
    """A file or record that cannot be read as a document."""


@dataclass(slots=True)
class Failure:
    """One input that could not be ingested: where it is and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path | Failure]:
    """Yield the supported files under the given files and folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if _is_document_file(child):
                    yield child
        elif not path.exists():
            yield Failure(str(path), "no such file or folder")
        elif path.name.endswith(SIDECAR_SUFFIX):
            continue
        elif path.suffix.lower() in SUPPORTED:
            yield path
        else:
            yield Failure(str(path), f"unsupported file type {path.suffix or '(none)'!r}")


def _is_document_file(path: Path) -> bool:
    if not path.is_file() or path.name.endswith(SIDECAR_SUFFIX) or path.name.startswith("."):
        return False
    if path.stem.lower() in FOLDER_NOTES:
        return False
    return path.suffix.lower() in SUPPORTED


def read_documents(paths: Iterable[Path]) -> Iterator[Document | Failure]:
    """Read every document under `paths`; a bad input yields a Failure and the rest goes on."""
    for item in iter_input_files(paths):
        if isinstance(item, Failure):
            yield item
        elif item.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(item)
        else:
            try:
                yield read_file(item)
            except (UnreadableDocument, InvalidMetadata) as exc:
                yield Failure(str(item), str(exc))


def read_file(path: Path) -> Document:
    """Read one text, Markdown or HTML file with its sidecar metadata."""
    raw = path.read_bytes()
    text = decode(raw)
    suffix = path.suffix.lower()
    meta: dict[str, Any] = {}
    if suffix in HTML_SUFFIXES:
        text, meta = extract_html(text)
    elif suffix in {".md", ".markdown"}:
        text, title = markdown_to_text(text)
        if title:
            meta["title"] = title
    text = normalize_text(text)
    if not text:
        raise UnreadableDocument("empty document (no text after extraction)")
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if sidecar.exists():
        meta.update(read_sidecar(sidecar))
    doc = Document(doc_id=path.stem, text=text, origin=str(path))
    apply_metadata(doc, meta)
    return doc


def read_jsonl(path: Path) -> Iterator[Document | Failure]:
    """Read a JSON Lines file: one document a line with `text` or `html` plus metadata."""
    try:
        content = decode(path.read_bytes())
    except UnreadableDocument as exc:
        yield Failure(str(path), str(exc))
        return
    for lineno, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{path}:{lineno}"
        try:
            yield _jsonl_record(line, path, lineno)
        except json.JSONDecodeError as exc:
            yield Failure(origin, f"malformed JSON ({exc.msg} at column {exc.colno})")
        except (UnreadableDocument, InvalidMetadata) as exc:
            yield Failure(origin, str(exc))


def _jsonl_record(line: str, path: Path, lineno: int) -> Document:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise UnreadableDocument("a JSON Lines record must be an object")
    meta: dict[str, Any] = {}
    if isinstance(record.get("text"), str):
        text = record["text"]
    elif isinstance(record.get("html"), str):
        text, meta = extract_html(record["html"])
    else:
        raise UnreadableDocument("record has neither a 'text' nor an 'html' string")
    text = normalize_text(text)
    if not text:
        raise UnreadableDocument("empty document (no text)")
    doc_id = record.get("id", record.get("doc_id"))
    if doc_id is None:
        doc_id = f"{path.stem}-{lineno}"
    fields = {k: v for k, v in record.items() if k not in {"text", "html", "id", "doc_id"}}
    meta.update(fields)
    doc = Document(doc_id=str(doc_id), text=text, origin=f"{path}:{lineno}")
    apply_metadata(doc, meta)
    return doc


def decode(raw: bytes) -> str:
    """Decode file bytes as UTF-8 (or BOM-marked UTF-16); refuse binary content."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument("not valid UTF-16 text") from exc
    if b"\x00" in raw[:8192]:
        raise UnreadableDocument("binary file (contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"not UTF-8 text (undecodable byte at offset {exc.start})"
        ) from exc


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+", re.MULTILINE)
_MD_QUOTE = re.compile(r"^\s*>\s?", re.MULTILINE)


def markdown_to_text(text: str) -> tuple[str, str | None]:
    """Strip Markdown markup to plain text; return it with the first heading as a title."""
    heading = _MD_HEADING.search(text)
    title = heading.group(1) if heading else None
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_LIST.sub("", text)
    text = _MD_QUOTE.sub("", text)
    return text, title


def normalize_text(text: str) -> str:
    """Unify line endings and trim the document; offsets downstream refer to this text."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
