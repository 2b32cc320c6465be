"""What a Chroma server holds besides the chunks: the article records and a state record, so that every
replica's local manifest, BM25 folder and catalog can be rebuilt from the server alone.

Collections on the server (names derive from ``store.collection``, by default ``newsdesk``):
- ``newsdesk``: the chunks (``index.store``): text, vector, and metadata with the article's content hash;
- ``newsdesk-articles``: one record per article id: ``kind`` "article" (content hash, title, source, url,
  author, dates, origin, simhash, n_chunks, indexed_at), "duplicate" (a syndicated copy: its canonical id) or
  "deleted" (a tombstone); each carries ``gen``, the generation it is published under;
- ``newsdesk-meta``: "state" (store id, generation) and "lease" (``index.lease``).

Invariants:
- an article is committed on the server when its record is upserted, which an indexer does only after all
  its chunks (ids carrying its content hash) are in the chunk collection; its record is deleted before its
  chunks are. A replica lists an article only when its record exists and exactly ``n_chunks`` chunks with
  the record's content hash are stored (``index.replica``): all of its chunks or none;
- only the lease holder writes records or the state; ``publish`` bumps the generation once after writes, with
  a fresh random stamp, so a replica that reads the same (store id, generation, stamp) as at its last sync
  knows nothing changed (the stamp keeps that true even if two writers raced to the same generation, see
  ``index.lease``). Every record written is tagged with a generation above the published one, and a deletion
  leaves a tombstone, so a replica synced at generation G catches up by reading only records with ``gen``
  above G (``records(since=G)``); tombstones are tiny and kept (one per deleted article id);
- these two collections hold no meaningful vectors: every record gets the same fixed 2-d embedding, always
  passed, so Chroma never embeds anything itself (its default embedding function would fetch a model).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from index.manifest import ArticleRow, DuplicateRow, Manifest
from settings import Settings

PLACEHOLDER = [1.0, 0.0]  # the fixed embedding of every record
STATE_ID = "state"
PAGE = 5000


@dataclass
class Records:
    """Article records read from the server: articles and copies by id, tombstoned ids, and each one's ``gen``."""

    articles: dict[str, ArticleRow] = field(default_factory=dict)
    copies: dict[str, DuplicateRow] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    gens: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SharedVersion:
    """Which committed state the server holds; ``token`` is what a replica records as synced."""

    store_id: str
    generation: int
    stamp: str  # random, new at every publish

    @property
    def token(self) -> str:
        return f"{self.store_id}:{self.generation}:{self.stamp}"


class SharedState:
    def __init__(self, settings: Settings, client):
        """``client``: the chromadb client of the chunk store (an ``HttpClient`` to the server)."""
        name = settings.store.collection
        self.where = f"{settings.store.chroma_host}:{settings.store.chroma_port}"
        self.articles = client.get_or_create_collection(name=f"{name}-articles", embedding_function=None)
        self.meta = client.get_or_create_collection(name=f"{name}-meta", embedding_function=None)
        self.changed = False  # records written since the last ``publish``
        self._writing: int | None = None  # the generation records written now are tagged with

    # --- the state record -----------------------------------------------------------------
    def version(self) -> SharedVersion | None:
        """The server's state; None when no indexer ever wrote records there. One small read."""
        meta = self.get_meta(STATE_ID)
        if meta is None:
            return None
        return SharedVersion(str(meta.get("store_id", "")), int(meta.get("generation", 0)), str(meta.get("stamp", "")))

    def initialize(self, manifest: Manifest) -> SharedVersion:
        """Start the server's records from this home's manifest (a server that so far held only chunks, or
        none): every local article and copy is published, then the state record is written."""
        rows = manifest.article_rows()
        for first in range(0, len(rows), PAGE):
            self.put_articles(rows[first:first + PAGE])
        for copy in manifest.duplicate_rows():
            self.put_duplicate(copy)
        version = SharedVersion(uuid.uuid4().hex, 1, uuid.uuid4().hex[:12])
        self._put_state(version)
        return version

    def publish(self) -> SharedVersion | None:
        """A new generation when records changed since the last publish (lease holder only); the current
        version either way."""
        current = self.version()
        if not self.changed or current is None:
            return current
        version = SharedVersion(current.store_id, max(current.generation + 1, self._writing or 0),
                                uuid.uuid4().hex[:12])
        self._put_state(version)
        return version

    def _put_state(self, version: SharedVersion) -> None:
        self.put_meta(STATE_ID, {"store_id": version.store_id, "generation": version.generation,
                                 "stamp": version.stamp})
        self.changed = False
        self._writing = version.generation + 1

    def _gen(self) -> int:
        """The generation records written now are tagged with: above the published one."""
        if self._writing is None:
            current = self.version()
            self._writing = (current.generation if current else 0) + 1
        return self._writing

    # --- article records ------------------------------------------------------------------
    def put_articles(self, rows: list[ArticleRow]) -> None:
        """Commit these articles on the server (their chunks must already be stored)."""
        if rows:
            self._put_records([r.id for r in rows], [_article_metadata(r) for r in rows])

    def put_duplicate(self, row: DuplicateRow) -> None:
        self._put_records([row.id], [_duplicate_metadata(row)])

    def delete(self, article_id: str) -> None:
        """Uncommit an article (or forget a copy): a tombstone, written before its chunks are deleted."""
        self._put_records([article_id], [{"kind": "deleted"}])

    def _put_records(self, ids: list[str], metadatas: list[dict]) -> None:
        gen = self._gen()
        self.articles.upsert(ids=ids, embeddings=[PLACEHOLDER] * len(ids),
                             metadatas=[{**meta, "gen": gen} for meta in metadatas])
        self.changed = True

    def records(self, since: int | None = None) -> Records:
        """The records (all, or those tagged above generation ``since``), read in pages: a concurrent writer
        may make a page miss some, so callers compare the version before and after (``index.replica``)."""
        found = Records()
        where = {"gen": {"$gt": since}} if since is not None else None
        offset = 0
        while True:
            got = self.articles.get(where=where, limit=PAGE, offset=offset, include=["metadatas"])
            for record_id, meta in zip(got["ids"], got["metadatas"] or []):
                if not meta:
                    continue
                found.gens[record_id] = int(meta.get("gen", 0))
                if meta.get("kind") == "duplicate":
                    found.copies[record_id] = _duplicate_row(record_id, meta)
                elif meta.get("kind") == "deleted":
                    found.deleted.add(record_id)
                else:
                    found.articles[record_id] = _article_row(record_id, meta)
            if len(got["ids"]) < PAGE:
                return found
            offset += PAGE

    # --- meta records (state, lease) ------------------------------------------------------
    def get_meta(self, record_id: str) -> dict | None:
        got = self.meta.get(ids=[record_id], include=["metadatas"])
        return dict(got["metadatas"][0] or {}) if got["ids"] else None

    def put_meta(self, record_id: str, values: dict) -> None:
        self.meta.upsert(ids=[record_id], embeddings=[PLACEHOLDER], metadatas=[values])

    def delete_meta(self, record_id: str) -> None:
        self.meta.delete(ids=[record_id])


def _article_metadata(row: ArticleRow) -> dict:
    metadata = {"kind": "article", "content_hash": row.content_hash, "title": row.title, "source": row.source,
                "url": row.url, "author": row.author, "published_at": row.published_at, "origin": row.origin,
                "simhash": str(row.simhash), "n_chunks": row.n_chunks, "indexed_at": row.indexed_at}
    if row.published_epoch is not None:
        metadata["published_epoch"] = row.published_epoch
    return metadata


def _article_row(record_id: str, meta: dict) -> ArticleRow:
    epoch = meta.get("published_epoch")
    return ArticleRow(record_id, str(meta.get("content_hash", "")), str(meta.get("title", "")),
                      str(meta.get("source", "")), str(meta.get("url", "")), str(meta.get("author", "")),
                      str(meta.get("published_at", "")), int(epoch) if epoch is not None else None,
                      str(meta.get("origin", "")), int(meta.get("simhash", 0)), int(meta.get("n_chunks", 0)),
                      str(meta.get("indexed_at", "")))


def _duplicate_metadata(row: DuplicateRow) -> dict:
    return {"kind": "duplicate", "canonical_id": row.canonical_id, "content_hash": row.content_hash,
            "title": row.title, "source": row.source, "url": row.url, "origin": row.origin}


def _duplicate_row(record_id: str, meta: dict) -> DuplicateRow:
    return DuplicateRow(record_id, *(str(meta.get(key, "")) for key in
                                     ("canonical_id", "content_hash", "title", "source", "url", "origin")))
