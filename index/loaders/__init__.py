"""Turn paths and URLs into Articles. One bad input never stops the others: it becomes a LoadFailure.

``load_targets`` walks folders (skipping hidden files and unknown extensions), dispatches on
extension, and on content for URLs.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from index.article import Article, LoadFailure, LoadResult
from index.loaders.common import LoaderError, decode_text, is_http_url, path_id
from index.loaders.feed import load_feed, looks_like_feed
from index.loaders.fetch import fetch
from index.loaders.html import load_html
from index.loaders.jsonfile import load_json, load_jsonl
from index.loaders.text import load_text
from index.settings import Settings

TEXT_EXTENSIONS = {".txt", ".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm"}
FEED_EXTENSIONS = {".rss", ".atom", ".xml"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | FEED_EXTENSIONS | {".json", ".jsonl", ".ndjson"}


def load_targets(targets: list[str], settings: Settings) -> Iterator[LoadResult]:
    """Yield one LoadResult per file or URL found under ``targets``."""
    for target in targets:
        if is_http_url(target):
            yield _guard(target, lambda: load_url(target, settings))
        elif "://" in target:
            yield LoadResult(failures=[LoadFailure(target, "only http(s) URLs and local paths can be indexed")])
        else:
            yield from _load_path_tree(Path(target), settings)


def list_files(root: Path) -> Iterator[Path]:
    """Article files under ``root``, sorted, never following symlinked folders (no loops)."""
    if root.is_file():
        yield root
        return
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(folder) / name
            if not name.startswith(".") and path.suffix.lower() in KNOWN_EXTENSIONS:
                yield path


def _load_path_tree(root: Path, settings: Settings) -> Iterator[LoadResult]:
    if not root.exists():
        kind = "a broken symlink" if root.is_symlink() else "no such file or folder"
        yield LoadResult(failures=[LoadFailure(str(root), f"{kind}")])
        return
    found = False
    for path in list_files(root):
        found = True
        yield _guard(str(path), lambda: load_file(path, settings))
    if not found:
        yield LoadResult(failures=[LoadFailure(str(root), "a folder with no article files "
                                                          f"({', '.join(sorted(KNOWN_EXTENSIONS))})")])


def _guard(where: str, load) -> LoadResult:
    try:
        result = load()
    except LoaderError as exc:
        return LoadResult(failures=[LoadFailure(where, str(exc))])
    except (OSError, RecursionError, MemoryError) as exc:
        return LoadResult(failures=[LoadFailure(where, f"could not read it ({exc.__class__.__name__}: {exc})")])
    return result if isinstance(result, LoadResult) else LoadResult(articles=result)


def load_file(path: Path, settings: Settings) -> LoadResult | list[Article]:
    if path.is_symlink() and not path.exists():
        raise LoaderError(f"{path.name}: a broken symlink (its target is missing)")
    if path.is_dir():
        raise LoaderError(f"{path}: is a folder, expected a file")
    suffix = path.suffix.lower()
    if suffix not in KNOWN_EXTENSIONS:
        raise LoaderError(f"{path.name}: unsupported file type '{suffix or 'none'}' "
                          f"(use {', '.join(sorted(KNOWN_EXTENSIONS))})")
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise LoaderError(f"{path.name}: {size:,} bytes, over the {settings.max_file_bytes:,}-byte limit")
    text = decode_text(path.read_bytes(), path.name)
    if not text.strip():
        raise LoaderError(f"{path.name}: the file is empty")
    return _parse(path, suffix, text, settings)


def _parse(path: Path, suffix: str, text: str, settings: Settings) -> LoadResult | list[Article]:
    if suffix == ".json":
        return load_json(path, text)
    if suffix in {".jsonl", ".ndjson"}:
        return load_jsonl(path, text)
    if suffix in FEED_EXTENSIONS or (suffix in HTML_EXTENSIONS and looks_like_feed(text)):
        return load_feed(text, str(path), _page_fetcher(settings))
    if suffix in HTML_EXTENSIONS:
        return load_html(text, str(path), path_id(path))
    return load_text(path, text)


def load_url(url: str, settings: Settings) -> LoadResult | list[Article]:
    page = fetch(url, settings.fetch_timeout_s, settings.fetch_max_bytes, settings.fetch_allowed_hosts)
    text = decode_text(page.content, url)
    if "xml" in page.content_type or "rss" in page.content_type or looks_like_feed(text):
        return load_feed(text, url, _page_fetcher(settings))
    if "json" in page.content_type:
        return load_json(Path(url.rsplit("/", 1)[-1] or "page.json"), text)
    return load_html(text, url, url, url=page.url)


def _page_fetcher(settings: Settings):
    if not settings.fetch_linked_pages:
        return None

    def fetch_page(link: str) -> list[Article]:
        page = fetch(link, settings.fetch_timeout_s, settings.fetch_max_bytes, settings.fetch_allowed_hosts)
        return load_html(decode_text(page.content, link), link, link, url=page.url)

    return fetch_page
