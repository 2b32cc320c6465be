"""HTML pages: main text and metadata extracted with trafilatura (scripts and boilerplate dropped)."""
from __future__ import annotations

from index.article import Article
from index.loaders.common import LoaderError, make_article


def load_html(html: str, origin: str, fallback_id: str, url: str = "") -> list[Article]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        raise LoaderError(f"{fallback_id}: no article text found in the HTML page")
    body = doc.text
    first_line, _, rest = body.partition("\n")
    if doc.title and first_line.strip() == doc.title.strip() and rest.strip():
        body = rest  # trafilatura repeats the headline as the first line
    fields = {
        "title": doc.title,
        "body": body,
        "source": doc.sitename or "",
        "url": url or doc.url or "",
        "author": doc.author,
        "published_at": doc.date,
    }
    return [make_article(fields, origin, fallback_id)]
