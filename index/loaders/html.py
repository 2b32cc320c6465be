"""HTML pages: main text and metadata extracted with trafilatura (scripts and boilerplate dropped).

Bounded: pages over ``max_chars`` are refused, and extraction has a time budget (``index.loaders.budget``).
"""
from __future__ import annotations

from index.article import Article
from index.loaders.budget import run_bounded
from index.loaders.common import LoaderError, make_article

MAX_HTML_CHARS = 5_000_000
HTML_BUDGET_S = 30.0


def load_html(html: str, origin: str, fallback_id: str, url: str = "", max_chars: int = MAX_HTML_CHARS,
              budget_s: float = HTML_BUDGET_S) -> list[Article]:
    if len(html) > max_chars:
        raise LoaderError(f"{fallback_id}: HTML page of {len(html):,} characters, over the {max_chars:,} limit")
    fields = run_bounded(extract_fields, (html, url), len(html), budget_s, fallback_id)
    if fields is None:
        raise LoaderError(f"{fallback_id}: no article text found in the HTML page")
    return [make_article(fields, origin, fallback_id)]


def extract_fields(html: str, url: str) -> dict | None:
    """trafilatura's main text and metadata as plain fields (picklable: this may run in a worker)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        return None
    body = doc.text
    first_line, _, rest = body.partition("\n")
    if doc.title and first_line.strip() == doc.title.strip() and rest.strip():
        body = rest  # trafilatura repeats the headline as the first line
    return {"title": doc.title, "body": body, "source": doc.sitename or "", "url": url or doc.url or "",
            "author": doc.author, "published_at": doc.date}
