"""Readers and metadata: every format, every kind of bad input named by file and line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.ingest.metadata import InvalidMetadata, parse_published
from sitrep.ingest.readers import Failure, markdown_to_text, read_documents
from sitrep.model import Document

REPORT = "Government forces entered the town of Qasr al-Nahr on Tuesday after a week of fighting."


def _read(*paths: Path) -> tuple[list[Document], list[Failure]]:
    docs: list[Document] = []
    failures: list[Failure] = []
    for item in read_documents(paths):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            docs.append(item)
    return docs, failures


def test_text_file_with_sidecar(tmp_path: Path) -> None:
    (tmp_path / "a1.txt").write_text(REPORT)
    meta = {
        "source": "Wire",
        "published": "2017-11-03",
        "url": "https://example.org/a1",
        "title": "Town entered",
        "language": "en",
        "desk": "Middle East",
    }
    (tmp_path / "a1.meta.json").write_text(json.dumps(meta))
    docs, failures = _read(tmp_path)
    assert failures == []
    [doc] = docs
    assert doc.doc_id == "a1"
    assert doc.text == REPORT
    assert (doc.source, doc.published, doc.url, doc.title, doc.language) == (
        "Wire",
        date(2017, 11, 3),
        "https://example.org/a1",
        "Town entered",
        "en",
    )
    assert doc.extra == {"desk": "Middle East"}


def test_markdown_is_stripped_and_titled(tmp_path: Path) -> None:
    (tmp_path / "m.md").write_text(f"# Front line update\n\n**{REPORT}** See [map](http://x).\n")
    [doc], _ = _read(tmp_path)
    assert doc.title == "Front line update"
    assert "**" not in doc.text and "http://x" not in doc.text
    assert REPORT in doc.text and "See map." in doc.text


def test_html_boilerplate_removed_and_meta_read(tmp_path: Path) -> None:
    body = " ".join([REPORT] * 3)
    page = f"""<html lang="en"><head><title>Entered | Daily</title>
    <meta property="og:title" content="Army enters town">
    <meta property="og:site_name" content="The Daily Front">
    <meta property="article:published_time" content="2017-11-04T08:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/w">World</a></nav>
    <div class="paywall-box">Subscribe to keep reading our journalism.</div>
    <article><p>{body}</p><p>The monitor said residents had fled north across the river.</p>
    <div class="newsletter-signup">Get our newsletter every morning</div>
    <div class="share-tools">Share on social media</div></article>
    <section id="comments"><p>First comment: great reporting!</p></section>
    <div class="donate">Donate to support independent news</div></body></html>"""
    (tmp_path / "h.html").write_text(page)
    [doc], failures = _read(tmp_path)
    assert failures == []
    assert REPORT in doc.text and "residents had fled" in doc.text
    for junk in ("Subscribe", "newsletter", "Share on", "comment", "Donate", "Home"):
        assert junk not in doc.text
    assert doc.title == "Army enters town"
    assert doc.source == "The Daily Front"
    assert doc.published == date(2017, 11, 4)


def test_jsonl_records_and_broken_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "j1", "text": REPORT, "source": "Agency", "published": "2017-11-01"}),
        "{not json",
        json.dumps(
            {
                "id": "j2",
                "html": f"<html><body><article><p>{REPORT} {REPORT}</p></article></body></html>",
            }
        ),
        "",
        json.dumps({"id": "j3", "title": "no text"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines))
    docs, failures = _read(tmp_path)
    assert [d.doc_id for d in docs] == ["j1", "j2"]
    assert docs[0].source == "Agency"
    assert [f.origin for f in failures] == [
        f"{tmp_path}/batch.jsonl:2",
        f"{tmp_path}/batch.jsonl:5",
    ]
    assert "malformed JSON" in failures[0].reason
    assert "neither a 'text' nor an 'html'" in failures[1].reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin.txt", "Der ez-Zor caf\xe9".encode("latin-1"), "not UTF-8"),
        ("empty.txt", b"   \n\n", "empty document"),
    ],
)
def test_unreadable_files_are_named(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(REPORT)
    docs, failures = _read(tmp_path)
    assert [d.doc_id for d in docs] == ["good"]
    [failure] = failures
    assert failure.origin == str(tmp_path / name)
    assert reason in failure.reason


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ('{"source": "Wire", ', "invalid JSON"),
        ('{"published": "last Tuesday"}', "'published' is not a date"),
        ('["not", "an", "object"]', "JSON object"),
        ('{"title": 42}', "'title' must be a string"),
    ],
)
def test_invalid_sidecar_is_named(tmp_path: Path, sidecar: str, reason: str) -> None:
    (tmp_path / "x.txt").write_text(REPORT)
    (tmp_path / "x.meta.json").write_text(sidecar)
    docs, failures = _read(tmp_path)
    assert docs == []
    [failure] = failures
    assert failure.origin == str(tmp_path / "x.txt")
    assert "x.meta.json" in failure.reason and reason in failure.reason


def test_folder_notes_and_unknown_types_are_not_documents(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# About this folder")
    (tmp_path / "data.csv").write_text("a,b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_text(REPORT)
    docs, failures = _read(tmp_path)
    assert [d.doc_id for d in docs] == ["deep"]
    assert failures == []
    _, failures = _read(tmp_path / "data.csv", tmp_path / "missing.txt")
    assert [f.reason for f in failures] == [
        "unsupported file type '.csv'",
        "no such file or folder",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-11-03", date(2017, 11, 3)),
        ("2017-11-03T22:15:00Z", date(2017, 11, 3)),
        ("2017-11-03T22:15:00+03:00", date(2017, 11, 3)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value: str | None, expected: date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["03/11/2017", "yesterday", 20171103])
def test_parse_published_rejects(value: object) -> None:
    with pytest.raises(InvalidMetadata):
        parse_published(value)


def test_markdown_to_text_keeps_plain_words() -> None:
    text, title = markdown_to_text("## Update\n- first item\n> quoted _line_\n")
    assert title == "Update"
    assert text.split("\n")[:3] == ["Update", "first item", "quoted line"]
