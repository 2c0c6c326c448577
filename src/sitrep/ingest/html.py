"""Main text and metadata of an HTML page, boilerplate removed (trafilatura)."""

from __future__ import annotations

from typing import Any

import trafilatura
from lxml import html as lxml_html

# Blocks that are never the article, by class or id words publishers use for them. trafilatura
# removes most boilerplate itself; these catch paywall, donation and newsletter boxes that sit
# inside the article element.
BOILERPLATE_WORDS = (
    "paywall",
    "subscribe",
    "subscription",
    "donate",
    "donation",
    "newsletter",
    "signup",
    "share",
    "social",
    "comment",
    "cookie",
    "related",
    "promo",
    "advert",
)
_PRUNE_XPATH = [
    f"//*[contains(translate(@class,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz'),"
    f"'{word}') or contains(translate(@id,'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    f"'abcdefghijklmnopqrstuvwxyz'),'{word}')]"
    for word in BOILERPLATE_WORDS
]


def extract_html(page: str) -> tuple[str, dict[str, Any]]:
    """Return the main text of an HTML page and its metadata (title, published, source, ...)."""
    result = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        prune_xpath=_PRUNE_XPATH,
    )
    if result is None:
        return "", {}
    found = result if isinstance(result, dict) else result.as_dict()
    meta: dict[str, Any] = {}
    for ours, theirs in (
        ("title", "title"),
        ("published", "date"),
        ("source", "sitename"),
        ("url", "url"),
        ("language", "language"),
    ):
        if found.get(theirs):
            meta[ours] = found[theirs]
    if "language" not in meta:
        language = _page_language(page)
        if language:
            meta["language"] = language
    return str(found.get("text") or ""), meta


def _page_language(page: str) -> str | None:
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    lang = tree.get("lang") or next(
        iter(tree.xpath("//meta[@http-equiv='content-language']/@content")), None
    )
    return str(lang).split("-")[0].lower() if lang else None
