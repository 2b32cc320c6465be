"""Typed records between retrieval and answering."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Filters:
    """Explicit caller filters. ``sources`` are outlet names as stored; dates are inclusive bounds."""

    sources: list[str] = field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None
    k: int | None = None


@dataclass
class Passage:
    text: str
    article_id: str
    title: str
    source: str
    url: str
    published_at: str
    author: str
    chunk_id: str
    chunk_number: int
    start: int  # offsets into the article's cleaned body
    end: int
    score: float = 0.0
