"""Typed records passed between the indexing stages (load → clean → chunk → embed → store)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Article:
    """One news article as loaded. ``id`` is the canonical url when known, else path-based."""

    id: str
    title: str
    body: str
    source: str = ""
    url: str = ""
    author: str = ""
    published_at: datetime | None = None
    origin: str = ""  # the path or URL the article was loaded from (for --prune)

    @property
    def content_hash(self) -> str:
        parts = [self.title, self.body, self.source, self.url, self.author,
                 self.published_at.isoformat() if self.published_at else ""]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass
class Chunk:
    """A sentence-aligned slice of an article's cleaned body; ``start``/``end`` index that body."""

    article_id: str
    number: int
    text: str
    start: int
    end: int

    @property
    def chunk_id(self) -> str:
        return chunk_id(self.article_id, self.number)


def chunk_id(article_id: str, number: int, content_hash: str = "") -> str:
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:16]
    return f"{digest}:{content_hash}:{number}" if content_hash else f"{digest}:{number}"


@dataclass
class LoadFailure:
    path: str
    error: str


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    source: str = ""  # the file or URL this came from ('' for a whole root's own failures)
    incomplete_root: str = ""  # a target whose listing was absent or partial: --prune must not judge it
    skipped_paths: list[LoadFailure] = field(default_factory=list)  # left alone on purpose, with why (not errors)
    unchanged: bool = False  # a file left unread: as when last indexed (``index.unchanged``)


@dataclass
class IndexResult:
    """Typed counts of one reindex, in the shape ``newsdesk index --json`` prints."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    deleted: int = 0
    failed: list[LoadFailure] = field(default_factory=list)
    duplicates: int = 0  # syndicated copies recorded (counted in ``skipped`` too)
    skipped_paths: list[LoadFailure] = field(default_factory=list)  # e.g. a symlinked folder, not followed
    unread: int = 0  # files left unread: unchanged since they were indexed (their articles count as skipped)

    def as_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "deleted": self.deleted,
            "failed": [{"path": f.path, "error": f.error} for f in self.failed],
            "skipped_paths": [{"path": s.path, "reason": s.error} for s in self.skipped_paths],
            "unread_files": self.unread,
        }
