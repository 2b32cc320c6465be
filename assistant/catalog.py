"""An in-memory, columnar view of the committed chunks (metadata + BM25), reloaded when a reindex finishes.

Retrieval only ever shows chunks listed here, so vectors of an article whose reindex has not
committed yet (or was killed) stay invisible.

Per question, ``refresh`` reads the manifest's version (one small query) and stats the BM25 index:
when the BM25 index changed, the catalog is reloaded, and if another process committed since the
store was last opened, the embedded Chroma client is reopened first (its cache does not see that
process's writes). Commits alone (a long reindex elsewhere) cost nothing more until its next BM25
refresh, unless dense scores come from the store itself (a large index). ``generation`` counts
reloads, so it never repeats.

Columnar (issue 15): a load keeps, per BM25 row, numpy arrays of the chunk's article (a code), outlet (a
code) and publication epoch, and per committed article its id, title, outlet and date; no chunk text and
no Python object per chunk. Texts are read from the manifest when a passage is shown (``passages``,
``article_chunks``: by primary key or the article index, well under a millisecond each), so a chunk whose
article was deleted or replaced after the load is dropped, never shown stale. Measured at 1,000,895
chunks: the load that built a ``Passage`` per chunk took 40 s of a 55 s start (``catalog_rows`` alone
27.6 s) and held every text in memory.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.passage import Passage
from index.lexical import IDS_FILE, LexicalIndex
from index.lexical_delta import delta_path
from index.manifest import CommittedChunk, Manifest, Version
from index.store import ChunkStore
from settings import Settings

log = logging.getLogger(__name__)
MISSING_EPOCH = -(1 << 62)
QUOTE_CANDIDATES = 20_000  # rows to check in the manifest before a full scan is cheaper


@dataclass(frozen=True)
class ArticleInfo:
    """A committed article (one with chunks) as the catalog keeps it; ``published_at`` is "" when undated."""

    article_id: str
    title: str
    source: str
    published_at: str
    epoch: int  # MISSING_EPOCH when undated


class Catalog:
    def __init__(self, settings: Settings, manifest: Manifest, store: ChunkStore | None):
        """``store`` None: no vectors (BM25 only); otherwise dense scores read the store's vectors."""
        self.settings = settings
        self.store = store
        self.manifest = manifest
        # held by a reload and by a retrieval (``reading``): a question never scores one load's mask against
        # another load's vectors (an upload's reload mid-question raised "boolean index did not match")
        self._lock = threading.RLock()
        self.generation = -1
        self._stamp: tuple | None = None
        self._version: Version | None = None
        self.lexical: LexicalIndex | None = None
        self.order: list[str] = []  # BM25 row order
        self.row_of: dict[str, int] = {}  # chunk id → BM25 row
        self._articles: list[ArticleInfo] = []  # committed articles, in the manifest's storage order
        self.source_names: list[str] = []  # sorted; a row's source code indexes it
        self.article_of_row = np.zeros(0, dtype=np.int32)  # index into _articles; -1: not committed
        self.source_of_row = np.zeros(0, dtype=np.int32)  # index into source_names; -1: not committed
        self.sources_by_row = np.zeros(0, dtype=object)
        self.epochs_by_row = np.zeros(0, dtype=np.int64)
        self.committed_rows = np.zeros(0, dtype=bool)
        self.vectors: np.ndarray | None = None  # unit vectors by BM25 row, read from Chroma
        self.first_published = self.last_published = ""
        self.committed_chunks = 0
        self._unlisted: list[str] = []  # committed chunks the BM25 index does not list yet

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
                self._load(LexicalIndex.load(self.settings.bm25_path) or self._rebuilt_outdated())
            elif self.vectors is None and self.store is not None and self.store.sync(version):
                self._load(self.lexical)  # dense scores come from the store itself: reopen it now
            self._stamp, self._version = stamp, version

    def reading(self) -> threading.RLock:
        """Hold while reading several of the per-row arrays together: a reload waits until it is released."""
        return self._lock

    def _rebuilt_outdated(self) -> LexicalIndex | None:
        """An index written before the BM25 format changed (an upgrade) is rebuilt from the manifest now, once,
        unless an indexer holds the home (it rebuilds it itself when it ends)."""
        if not LexicalIndex.outdated(self.settings.bm25_path):
            return None
        # optional heavy dependency: the rebuild path (replica, lock) is needed only after an upgrade
        from index.lock import try_index_lock
        from index.replica import rebuild_lexical  # (the same: only after an upgrade)

        with try_index_lock(self.settings.home, "rebuilding the BM25 index in its new format") as free:
            if free:
                log.info("rebuilding the BM25 index at %s: it was written in an older format", self.settings.bm25_path)
                rebuild_lexical(self.settings, self.manifest)
        return LexicalIndex.load(self.settings.bm25_path)

    def _load(self, lexical: LexicalIndex | None) -> None:
        article_rows, chunk_rows = self.manifest.catalog_columns()
        known = {row[0]: row for row in article_rows}
        order = lexical.chunk_ids if lexical else []  # BM25 row order; rows not committed are masked out
        row_of = {cid: i for i, cid in enumerate(order)}  # once per load (per question it cost 0.6 s at 1M)
        code_of: dict[str, int] = {}  # article id → code, in the order its first chunk is stored
        article_of_row = np.full(len(order), -1, dtype=np.int32)
        committed, unlisted = 0, []
        for cid, article_id in chunk_rows:
            if article_id not in known:
                continue
            committed += 1
            code = code_of.setdefault(article_id, len(code_of))
            row = row_of.get(cid)
            if row is not None:
                article_of_row[row] = code
            else:
                unlisted.append(cid)  # committed after the BM25 build
        articles = [_article_info(known[article_id]) for article_id in code_of]
        names = sorted({a.source for a in articles})
        source_code = {name: i for i, name in enumerate(names)}
        by_article_source = np.array([source_code[a.source] for a in articles] + [-1], dtype=np.int32)
        by_article_epoch = np.array([a.epoch for a in articles] + [MISSING_EPOCH], dtype=np.int64)
        # code -1 picks the sentinel last element: not committed
        source_of_row = by_article_source[article_of_row]
        self.sources_by_row = np.array(names + [None], dtype=object)[source_of_row]
        self.epochs_by_row = by_article_epoch[article_of_row]
        self.article_of_row, self.source_of_row = article_of_row, source_of_row
        self.committed_rows = article_of_row >= 0
        self._articles, self.source_names, self.order, self.row_of = articles, names, order, row_of
        self.lexical = lexical
        self.committed_chunks, self._unlisted = committed, unlisted
        dates = [a.published_at for a in articles if a.published_at]
        self.first_published, self.last_published = (min(dates), max(dates)) if dates else ("", "")
        self.vectors = self._load_vectors(order)
        self.generation += 1
        log.info("catalog loaded: %d chunks (%d committed), vectors %s", len(order), committed,
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
        return [name for name in self.source_names if name]

    def articles(self) -> list[ArticleInfo]:
        """Every committed article (with chunks), in the manifest's storage order."""
        return self._articles

    def article_ids(self, rows: np.ndarray) -> np.ndarray:
        """The article id of each of ``rows`` (None for a row not committed), as an object array."""
        ids = [self._articles[code].article_id if code >= 0 else None for code in self.article_of_row[rows]]
        return np.array(ids, dtype=object)

    def source_codes(self, names) -> np.ndarray:
        """The codes of those of ``names`` that are known outlets (for ``np.isin`` on ``source_of_row``)."""
        wanted = set(names)
        return np.array([i for i, name in enumerate(self.source_names) if name in wanted], dtype=np.int32)

    def article_chunks(self, article_id: str) -> list[Passage]:
        """Every committed chunk of one article (none when it is not committed), in storage order."""
        return [_passage(row, 0.0) for row in self.manifest.article_chunk_records(article_id)]

    def articles_quoting(self, quotes: list[str]) -> set[str]:
        """The committed articles one of whose chunks contains one of ``quotes`` verbatim. The candidates are
        the rows whose BM25 text holds all of a quote's interior words (plus chunks BM25 does not list yet),
        checked in the manifest; a quote without interior words, or with over ``QUOTE_CANDIDATES`` candidate
        rows, is looked for by a scan of every chunk text in SQLite (7-8 s at 1M chunks, where the
        candidates of a quoted sentence are a few hundred rows)."""
        lexical, candidates, scan = self.lexical, set(self._unlisted), []
        for quote in quotes:
            terms = lexical.interior_terms(quote) if lexical is not None else []
            rows = lexical.rows_with_all(terms) if lexical is not None and terms else None
            if rows is None or len(rows) > QUOTE_CANDIDATES:
                scan.append(quote)
                continue
            candidates.update(self.order[row] for row in rows if self.committed_rows[row])
        found = self.manifest.articles_quoting(scan) if scan else set()
        for record in self.manifest.chunk_records(sorted(candidates)):
            if record.article_id not in found and any(q in record.text for q in quotes if q not in scan):
                found.add(record.article_id)
        return found

    def passages(self, picked: list[tuple[str, float]]) -> list[Passage]:
        """(chunk id, score) → passages, in that order; chunks no longer committed are left out."""
        found = {row.chunk_id: row for row in self.manifest.chunk_records([cid for cid, _ in picked])}
        return [_passage(found[cid], score) for cid, score in picked if cid in found]

    def passage(self, chunk_id: str, score: float) -> Passage | None:
        shown = self.passages([(chunk_id, score)])
        return shown[0] if shown else None


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
    """Identity of the persisted BM25 index and its delta (``index.lexical_delta``); the folder is swapped and
    the delta replaced atomically, so a new inode means new data."""
    stamp: tuple = ()
    for path in (settings.bm25_path / IDS_FILE, delta_path(settings.bm25_path)):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            stamp += ((),)
            continue
        stamp += ((info.st_ino, info.st_mtime_ns),)
    return stamp if stamp[0] else ()


def _article_info(row: tuple) -> ArticleInfo:
    article_id, title, source, published_at, epoch = row
    return ArticleInfo(article_id, title or "", source or "", published_at or "",
                       MISSING_EPOCH if epoch is None else int(epoch))


def _passage(row: CommittedChunk, score: float) -> Passage:
    return Passage(row.text, row.article_id, row.title, row.source, row.url, row.published_at, row.author,
                   row.chunk_id, row.number, row.start, row.end, score)
