"""RSS/Atom feeds (feedparser): each entry becomes an article.

The entry's own content is used; with ``fetch_linked_pages`` on, the linked page is fetched and
extracted instead (falling back to the entry content when the page fails).
"""
from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

from index.article import Article, LoadFailure, LoadResult
from index.loaders.budget import run_bounded
from index.loaders.common import LoaderError, make_article


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def load_feed(text: str, origin: str, fetch_page: Callable[[str], list[Article]] | None = None,
              budget_s: float = 30.0) -> LoadResult:
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        detail = f" ({reason.__class__.__name__})" if reason else ""
        raise LoaderError(f"{origin}: not a readable RSS/Atom feed, or it has no entries{detail}")
    source = parsed.feed.get("title", "")
    result = LoadResult()
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            result.articles.append(_entry_article(entry, source, origin, number, fetch_page, budget_s))
        except LoaderError as exc:
            result.failures.append(LoadFailure(f"{origin}#{number}", str(exc)))
    return result


def _entry_article(entry, source: str, origin: str, number: int, fetch_page, budget_s: float) -> Article:
    link = entry.get("link", "")
    if fetch_page and link:
        try:
            page = fetch_page(link)[0]
            page.source = page.source or source
            page.origin = origin
            return page
        except LoaderError:
            pass  # fall back to what the feed itself carries
    fields = {
        "title": entry.get("title", ""),
        "body": _entry_text(entry, f"{origin}#{number}", budget_s),
        "source": source,
        "url": link,
        "author": _author(entry),
        "published_at": entry.get("published") or entry.get("updated"),
    }
    return make_article(fields, origin, f"{origin}#{entry.get('id') or number}")


def _author(entry) -> str:
    """RSS writes 'email (Name)'; Atom gives the name."""
    raw = entry.get("author", "")
    named = re.search(r"\(([^()]+)\)\s*$", raw)
    return named.group(1) if named else raw


def _entry_text(entry, where: str, budget_s: float) -> str:
    raw = entry["content"][0].get("value", "") if entry.get("content") else entry.get("summary", "")
    if "<" in raw:
        return run_bounded(extract_text, (raw,), len(raw), budget_s, where) or ""
    return html_lib.unescape(raw)


def extract_text(raw: str) -> str | None:
    import trafilatura

    return trafilatura.extract(f"<html><body><article>{raw}</article></body></html>")
