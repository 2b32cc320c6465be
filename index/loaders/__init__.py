"""Turn paths and URLs into Articles. One bad input never stops the others: it becomes a LoadFailure.

``load_targets`` walks folders (skipping hidden files and unknown extensions), dispatches on
extension, and on content for URLs. PDF and DOCX files are read as bytes (``index.loaders.documents``).

Invariants: only regular files are read (a FIFO, device or socket, also behind a symlink, is refused
without opening it for a blocking read), never more than ``max_file_bytes`` whatever ``st_size`` says;
a target whose listing is absent or partly unreadable is marked ``incomplete_root`` so that prune
leaves it alone; a symlinked subfolder is never followed (no loops, nothing outside the folder) but is
listed in ``skipped_paths`` with why, and prune leaves what lies under it alone.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from index.article import Article, LoadFailure, LoadResult
from index.loaders.common import LoaderError, decode_text, is_http_url, path_id
from index.loaders.documents import load_docx, load_pdf
from index.loaders.feed import load_feed, looks_like_feed
from index.loaders.fetch import fetch
from index.loaders.html import load_html
from index.loaders.jsonfile import load_json, load_jsonl
from index.loaders.text import load_text
from settings import Settings

TEXT_EXTENSIONS = {".txt", ".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm"}
FEED_EXTENSIONS = {".rss", ".atom", ".xml"}
DOCUMENT_EXTENSIONS = {".pdf", ".docx"}
KNOWN_EXTENSIONS = (TEXT_EXTENSIONS | HTML_EXTENSIONS | FEED_EXTENSIONS | DOCUMENT_EXTENSIONS
                    | {".json", ".jsonl", ".ndjson"})


def load_targets(targets: list[str], settings: Settings,
                 unchanged: Callable[[Path], bool] | None = None) -> Iterator[LoadResult]:
    """Yield one LoadResult per file or URL found under ``targets``; a file for which ``unchanged`` says True
    is not read (its result is empty, ``unchanged`` set)."""
    for target in targets:
        if is_http_url(target):
            yield _guard(target, partial(load_url, target, settings))
        elif "://" in target:
            yield LoadResult(failures=[LoadFailure(target, "only http(s) URLs and local paths can be indexed")])
        else:
            yield from _load_path_tree(Path(target), settings, unchanged)


def list_files(root: Path, unreadable: list[OSError] | None = None,
               symlinked: list[Path] | None = None) -> Iterator[Path]:
    """Article files under ``root``, sorted, never following symlinked folders (no loops): those are
    appended to ``symlinked``; folders that cannot be listed are appended to ``unreadable``."""
    if not root.is_dir():
        yield root
        return
    errors = unreadable if unreadable is not None else []
    links = symlinked if symlinked is not None else []
    for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=errors.append):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        links += [Path(folder) / d for d in dirnames if (Path(folder) / d).is_symlink()]
        for name in sorted(filenames):
            path = Path(folder) / name
            if not name.startswith(".") and path.suffix.lower() in KNOWN_EXTENSIONS:
                yield path


def _load_path_tree(root: Path, settings: Settings,
                    unchanged: Callable[[Path], bool] | None = None) -> Iterator[LoadResult]:
    if not root.exists():
        kind = "a broken symlink" if root.is_symlink() else "no such file or folder"
        yield LoadResult(failures=[LoadFailure(str(root), f"{kind}")], incomplete_root=str(root))
        return
    found = False
    unreadable: list[OSError] = []
    symlinked: list[Path] = []
    for path in list_files(root, unreadable, symlinked):
        found = True
        if unchanged is not None and unchanged(path):
            yield LoadResult(source=str(path), unchanged=True)
        else:
            yield _guard(str(path), partial(load_file, path, settings))
    for link in symlinked:
        yield LoadResult(skipped_paths=[LoadFailure(str(link), _not_followed(link))], source=str(link))
    for error in unreadable:
        yield LoadResult(failures=[LoadFailure(error.filename or str(root), f"could not list this folder "
                                               f"({error.strerror or error.__class__.__name__})")],
                         incomplete_root=str(root))
    if not found and not unreadable and not symlinked:
        yield LoadResult(failures=[LoadFailure(str(root), "a folder with no article files "
                                                          f"({', '.join(sorted(KNOWN_EXTENSIONS))})")])


def _not_followed(link: Path) -> str:
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    return (f"a symlink to a folder ({target}); not followed, so nothing in it was indexed "
            "(index that folder by its own path)")


def _guard(where: str, load) -> LoadResult:
    try:
        result = load()
    except LoaderError as exc:
        result = LoadResult(failures=[LoadFailure(where, str(exc))])
    except (OSError, RecursionError, MemoryError) as exc:
        result = LoadResult(failures=[LoadFailure(where, f"could not read it ({exc.__class__.__name__}: {exc})")])
    result = result if isinstance(result, LoadResult) else LoadResult(articles=result)
    result.source = where
    return result


def load_file(path: Path, settings: Settings) -> LoadResult | list[Article]:
    if path.is_symlink() and not path.exists():
        raise LoaderError(f"{path.name}: a broken symlink (its target is missing)")
    if path.is_dir():
        raise LoaderError(f"{path}: is a folder, expected a file")
    suffix = path.suffix.lower()
    if suffix not in KNOWN_EXTENSIONS:
        raise LoaderError(f"{path.name}: unsupported file type '{suffix or 'none'}' "
                          f"(use {', '.join(sorted(KNOWN_EXTENSIONS))})")
    data = read_regular_file(path, settings.index.max_file_bytes)
    if suffix in DOCUMENT_EXTENSIONS:
        if not data.strip():
            raise LoaderError(f"{path.name}: the file is empty")
        return load_pdf(path, data, settings.fetch.html_time_budget_s) if suffix == ".pdf" else load_docx(path, data)
    text = decode_text(data, path.name)
    if not text.strip():
        raise LoaderError(f"{path.name}: the file is empty")
    return _parse(path, suffix, text, settings)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (symlinks resolved), refusing anything but a regular file of at most ``limit``
    bytes. Opened non-blocking and checked on the open descriptor, so a FIFO cannot hang the run."""
    target = path.resolve()
    kind = _special_kind(os.stat(target).st_mode)
    if kind:
        raise LoaderError(f"{path.name}: {kind}, not a regular file" + (f" (via a symlink to {target})"
                                                                       if path.is_symlink() else ""))
    fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        kind = _special_kind(info.st_mode)  # it may have been swapped since the check above
        if kind:
            raise LoaderError(f"{path.name}: {kind}, not a regular file")
        if info.st_size > limit:
            raise LoaderError(f"{path.name}: {info.st_size:,} bytes, over the {limit:,}-byte limit")
        data = handle.read(limit + 1)  # st_size can lie (a file still growing): never read past the limit
    if len(data) > limit:
        raise LoaderError(f"{path.name}: over the {limit:,}-byte limit")
    return data


def _special_kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
    return next((name for check, name in kinds if check(mode)), "a special file")


def _parse(path: Path, suffix: str, text: str, settings: Settings) -> LoadResult | list[Article]:
    if suffix == ".json":
        return load_json(path, text)
    if suffix in {".jsonl", ".ndjson"}:
        return load_jsonl(path, text)
    if suffix in FEED_EXTENSIONS or (suffix in HTML_EXTENSIONS and looks_like_feed(text)):
        return load_feed(text, str(path.absolute()), _page_fetcher(settings), settings.fetch.html_time_budget_s)
    if suffix in HTML_EXTENSIONS:
        return load_html(text, str(path), path_id(path), **_html_limits(settings))
    return load_text(path, text)


def load_url(url: str, settings: Settings) -> LoadResult | list[Article]:
    page = fetch(url, settings.fetch.timeout_s, settings.fetch.max_bytes, settings.fetch.allowed_hosts)
    text = decode_text(page.content, url)
    if "xml" in page.content_type or "rss" in page.content_type or looks_like_feed(text):
        return load_feed(text, url, _page_fetcher(settings), settings.fetch.html_time_budget_s)
    if "json" in page.content_type:
        return load_json(Path(url.rsplit("/", 1)[-1] or "page.json"), text)
    return load_html(text, url, url, url=page.url, **_html_limits(settings))


def _page_fetcher(settings: Settings):
    if not settings.fetch.linked_pages:
        return None

    def fetch_page(link: str) -> list[Article]:
        page = fetch(link, settings.fetch.timeout_s, settings.fetch.max_bytes, settings.fetch.allowed_hosts)
        return load_html(decode_text(page.content, link), link, link, url=page.url, **_html_limits(settings))

    return fetch_page


def _html_limits(settings: Settings) -> dict:
    return {"max_chars": settings.fetch.max_html_chars, "budget_s": settings.fetch.html_time_budget_s}
