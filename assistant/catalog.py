"""An in-memory view of the committed chunks (metadata + BM25), reloaded when a reindex finishes.

Retrieval only ever shows chunks listed here, so vectors of an article whose reindex has not
committed yet (or was killed) stay invisible.

Per question, ``refresh`` reads the manifest's version (one small query) and stats the BM25 index:
when the BM25 index changed, the catalog is reloaded, and if another process committed since the
store was last opened, the embedded Chroma client is reopened first (its cache does not see that
process's writes). Commits alone (a long reindex elsewhere) cost nothing more until its next BM25
refresh, unless dense scores come from the store itself (a large index). ``generation`` counts
reloads, so it never repeats.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.passage import Passage
from index.lexical import IDS_FILE, LexicalIndex
from index.manifest import CommittedChunk, Manifest, Version
from index.store import ChunkStore
from settings import Settings

log = logging.getLogger(__name__)


@dataclass
class ChunkInfo:
    passage: Passage
    epoch: int | None


class Catalog:
    def __init__(self, settings: Settings, manifest: Manifest, store: ChunkStore | None):
        """``store`` None: no vectors (BM25 only); otherwise dense scores read the store's vectors."""
        self.settings = settings
        self.store = store
        self.manifest = manifest
        self._lock = threading.Lock()
        self.generation = -1
        self._stamp: tuple | None = None
        self._version: Version | None = None
        self.lexical: LexicalIndex | None = None
        self.chunks: dict[str, ChunkInfo] = {}
        self._by_article: dict[str, list[Passage]] = {}  # article id → its chunks, in ``chunks`` order
        self.order: list[str] = []  # BM25 row order
        self.sources_by_row = np.zeros(0, dtype=object)
        self.epochs_by_row = np.zeros(0, dtype=np.int64)
        self.article_by_row = np.zeros(0, dtype=object)
        self.committed_rows = np.zeros(0, dtype=bool)
        self.row_of: dict[str, int] = {}
        self.vectors: np.ndarray | None = None  # unit vectors by BM25 row, read from Chroma
        self.first_published = self.last_published = ""

    def refresh(self) -> None:
        """Reload when another process committed or a reindex replaced the BM25 index (cheap when neither)."""
        version = self.manifest.version()
        stamp = lexical_stamp(self.settings)
        if (stamp, version) == (self._stamp, self._version):
            return
        with self._lock:
            if stamp != self._stamp:  # first make the store see what the new BM25 index lists
                if self.store is not None:
                    self.store.sync(version)
                self._load(LexicalIndex.load(self.settings.bm25_path))
            elif self.vectors is None and self.store is not None and self.store.sync(version):
                self._load(self.lexical)  # dense scores come from the store itself: reopen it now
            self._stamp, self._version = stamp, version

    def _load(self, lexical: LexicalIndex | None) -> None:
        chunks = {row.chunk_id: _chunk_info(row) for row in self.manifest.catalog_rows()}
        by_article: dict[str, list[Passage]] = {}
        for info in chunks.values():
            by_article.setdefault(info.passage.article_id, []).append(info.passage)
        order = lexical.chunk_ids if lexical else []  # BM25 row order; rows not committed are masked out
        self.chunks, self._by_article, self.order, self.lexical = chunks, by_article, order, lexical
        dates = [info.passage.published_at for info in chunks.values() if info.passage.published_at]
        self.first_published, self.last_published = (min(dates), max(dates)) if dates else ("", "")
        self.sources_by_row = np.array([chunks[c].passage.source if c in chunks else None for c in order], dtype=object)
        self.epochs_by_row = np.array([_epoch_or_missing(chunks.get(c)) for c in order], dtype=np.int64)
        self.article_by_row = np.array([chunks[c].passage.article_id if c in chunks else None for c in order],
                                       dtype=object)
        # built once per load, not per question (at 1M chunks the id → row map alone cost 0.6 s a question)
        self.committed_rows = np.array([c in chunks for c in order], dtype=bool)
        self.row_of = {cid: i for i, cid in enumerate(order)}
        self.vectors = self._load_vectors(order)
        self.generation += 1
        log.info("catalog loaded: %d chunks (%d committed), vectors %s", len(order), len(chunks),
                 "in memory" if self.vectors is not None else "in the store")

    def _load_vectors(self, order: list[str]) -> np.ndarray | None:
        """Mirror the committed vectors from Chroma for exact, filterable dense scoring; the mirror is kept in
        ``home/cache`` keyed by the chunk ids in BM25 order (an id carries its article's content hash, so the
        same ids mean the same texts), so the next process loads it without opening Chroma (~1 s of a CLI
        cold start). A mirror with vectors missing from the store is never kept.

        Above ``dense_in_memory_max_chunks`` the retriever asks Chroma's HNSW index instead.
        """
        if self.store is None or not order or len(order) > self.settings.retrieval.dense_in_memory_max_chunks:
            return None
        cached = self.settings.home / "cache" / f"vectors-{_ids_key(order)}.npy"
        if cached.is_file():
            try:
                vectors = np.load(cached)
                if vectors.shape[0] == len(order):
                    return vectors
            except (OSError, ValueError):
                log.warning("the cached vectors %s could not be read; reading them from the store", cached)
        vectors = np.zeros((len(order), 0), dtype=np.float32)
        row_of = {cid: i for i, cid in enumerate(order)}
        complete = True
        for first in range(0, len(order), 5000):
            ids, found = self.store.embeddings(order[first:first + 5000])
            block = np.asarray(found, dtype=np.float32)
            complete = complete and len(ids) == len(order[first:first + 5000])
            if not ids:
                continue  # vectors lost from the store: those chunks score 0 on dense until repaired
            if vectors.shape[1] == 0:
                vectors = np.zeros((len(order), block.shape[1]), dtype=np.float32)
            vectors[[row_of[cid] for cid in ids]] = block
        if complete and vectors.shape[1]:
            _keep(cached, vectors)
        return vectors if vectors.shape[1] else None

    def sources(self) -> list[str]:
        return sorted({info.passage.source for info in self.chunks.values() if info.passage.source})

    def article_chunks(self, article_id: str) -> list[Passage]:
        """Every committed chunk of one article (none when it is not committed), from a map built at load."""
        return self._by_article.get(article_id, [])

    def passage(self, chunk_id: str, score: float) -> Passage | None:
        info = self.chunks.get(chunk_id)
        return None if info is None else replace(info.passage, score=score)


MISSING_EPOCH = -(1 << 62)


def _ids_key(order: list[str]) -> str:
    return hashlib.sha256("\n".join(order).encode()).hexdigest()[:20]


def _keep(path: Path, vectors: np.ndarray) -> None:
    """Write the mirror atomically (a reader never sees half a file) and drop older ones; a failure to
    write costs only the next cold start."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        with open(partial, "wb") as out:
            np.save(out, vectors)
        os.replace(partial, path)
        for old in path.parent.glob("vectors-*.npy"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not keep the vectors in %s (%s)", path.parent, exc)


def lexical_stamp(settings: Settings) -> tuple:
    """Identity of the persisted BM25 index; the folder is swapped atomically, so a new inode means new data."""
    try:
        info = os.stat(settings.bm25_path / IDS_FILE)
    except FileNotFoundError:
        return ()
    return info.st_ino, info.st_mtime_ns


def _epoch_or_missing(info: ChunkInfo | None) -> int:
    return MISSING_EPOCH if info is None or info.epoch is None else info.epoch


def _chunk_info(row: CommittedChunk) -> ChunkInfo:
    passage = Passage(row.text, row.article_id, row.title, row.source, row.url, row.published_at, row.author,
                      row.chunk_id, row.number, row.start, row.end)
    return ChunkInfo(passage, row.published_epoch)
