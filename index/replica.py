"""A replica's local caches (the SQLite manifest, the BM25 folder, and through them the in-memory catalog) kept
in step with a Chroma server, which holds the truth (``index.shared_state``).

Invariants:
- ``resync`` makes the local manifest list the server's committed articles: those whose record exists and
  whose ``n_chunks`` chunks with the record's content hash are all stored; each is written with all its
  chunks in one transaction, so a reader sees all of an article's chunks or none;
- a replica reads only the records tagged above the generation it last synced to (tombstones included); a
  full read when it has none (a new home, another server) and under the lease (``index.pipeline``), whose
  strays, records an incremental read would have missed, the indexer tags anew so every replica gets them;
- deletions (articles gone from the server, copies changed) are applied only when the server's version
  did not change while its records were read (a paged read under a concurrent writer may miss records); the
  server version is recorded (meta ``shared_version``) only then and when every record's chunks were found,
  so a sync that raced a writer, or read a record before its chunks were visible, is redone at the next
  check (an indexer uncommits records whose chunks are lost, ``index.pipeline``);
- ``Replica.sync`` is cheap when nothing changed: one small read of the server's state, at most once per
  ``store.chroma_sync_interval_s``. It never runs in embedded mode, nor while an indexer holds this home's
  lock (that indexer keeps the cache in step itself, under the server's lease), nor in two threads at once;
- after a resync the BM25 index is rebuilt (``rebuild_lexical``) when the manifest's version differs from
  the one it was built at, and the catalog reloads on that as after any reindex.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from index.embed import embedding_text
from index.lexical import LexicalIndex, sentence_texts
from index.lexical_delta import delta_path, delta_plan, derive_avgdl
from index.lock import try_index_lock
from index.manifest import ArticleRow, ChunkRow, DuplicateRow, Manifest
from index.shared_state import SharedState, SharedVersion
from index.store import ChunkStore
from settings import Settings

log = logging.getLogger(__name__)
ARTICLES_PER_READ = 200  # articles whose chunks one request to the server fetches
SHARED_VERSION = "shared_version"


@dataclass
class ResyncReport:
    added: int = 0  # articles new or changed here
    deleted: int = 0
    incomplete: list[str] = field(default_factory=list)  # records whose chunks are not all stored (not listed)
    settled: bool = False  # the server did not change during the read: deletions applied
    # A full resync's records that an incremental one from this home's last synced generation would have missed
    # (written, tagged at or below it, after it was published: by an indexer that had lost the lease).
    strays: list[ArticleRow | DuplicateRow] = field(default_factory=list)


def synced_generation(manifest: Manifest, server: SharedVersion) -> int | None:
    """The server generation this manifest was last synced to, if it was synced to this server's store."""
    store_id, _, rest = (manifest.get_meta(SHARED_VERSION) or "").partition(":")
    generation = rest.partition(":")[0]
    return int(generation) if store_id == server.store_id and generation.isdigit() else None


def resync(manifest: Manifest, shared: SharedState, store: ChunkStore, full: bool = False) -> ResyncReport:
    """Make the local manifest list what the server has committed (see the module's invariants): from the
    records tagged above the generation last synced to, or all of them (``full``, or no such generation)."""
    report = ResyncReport()
    before = shared.version()
    if before is None:
        return report  # the server holds no records yet: the local manifest stays as it is
    base = synced_generation(manifest, before)
    found = shared.records(since=None if full else base)
    local = manifest.records()
    local_copies = {row.id: row for row in manifest.duplicate_rows()}
    changed = sorted(aid for aid, row in found.articles.items()
                     if aid not in local or local[aid].content_hash != row.content_hash)
    for first in range(0, len(changed), ARTICLES_PER_READ):
        part = changed[first:first + ARTICLES_PER_READ]
        complete, missing = _complete_articles([found.articles[aid] for aid in part], store)
        manifest.apply_replica(complete, [], [])
        report.added += len(complete)
        report.incomplete += missing
    if shared.version() != before:
        return report
    if full or base is None:
        deleted = [aid for aid in local if aid not in found.articles] + [
            cid for cid in local_copies if cid not in found.copies and cid not in found.articles]
    else:
        deleted = [aid for aid in found.deleted if aid in local or aid in local_copies]
    deleted += [aid for aid in report.incomplete if aid in local]
    copies = [copy for cid, copy in found.copies.items() if local_copies.get(cid) != copy]
    manifest.apply_replica([], copies, deleted)
    if full and base is not None:
        report.strays = [found.articles[aid] for aid in changed
                         if found.gens[aid] <= base and aid not in report.incomplete] + [
            copy for copy in copies if found.gens[copy.id] <= base]
    if not report.incomplete:
        manifest.set_meta(SHARED_VERSION, before.token)
    report.deleted, report.settled = len(deleted), True
    return report


def _complete_articles(rows: list[ArticleRow], store: ChunkStore) -> tuple[list[tuple[ArticleRow, list[ChunkRow]]],
                                                                              list[str]]:
    """(articles whose chunks are all stored, with them; ids of the others)."""
    wanted = {row.id: row for row in rows}
    found: dict[str, list[ChunkRow]] = {row.id: [] for row in rows}
    for chunk in store.chunks_of(list(wanted)):
        row = wanted.get(chunk.article_id)
        if row is not None and chunk.content_hash == row.content_hash:
            found[row.id].append(ChunkRow(chunk.chunk_id, chunk.article_id, chunk.number, chunk.text, chunk.start,
                                          chunk.end))
    complete = [(row, sorted(found[row.id], key=lambda c: c.number)) for row in rows
                if len(found[row.id]) == row.n_chunks]
    return complete, [row.id for row in rows if len(found[row.id]) != row.n_chunks]


def rebuild_lexical(settings: Settings, manifest: Manifest) -> bool:
    """Rebuild the BM25 folder from the committed chunks when it was built from another manifest version."""
    version = manifest.version()
    current = LexicalIndex.load(settings.bm25_path)
    if current is not None and (current.store_id, current.generation) == (version.store_id, version.generation):
        return False
    if current is not None and current.store_id == version.store_id and _extend(settings, manifest, current, version):
        return True
    rows = [(c.chunk_id, embedding_text(c.title, c.text), c.text) for c in manifest.chunk_rows()]
    LexicalIndex.build(rows, version.generation, version.store_id).save(settings.bm25_path)
    return True


def _extend(settings: Settings, manifest: Manifest, current: LexicalIndex, version) -> bool:
    """A delta over the chunks committed since the base was built (``index.lexical_delta``), when they are few
    enough and the base's mean lengths are known (recorded, or derived from a committed row's text)."""
    new = delta_plan(current.base_ids, manifest.committed_chunk_ids())
    avgdl = (current.avgdl or _derived_avgdl(manifest, current)) if new is not None else None
    if new is None or avgdl is None:
        return False
    records = sorted(manifest.chunk_records(new), key=lambda c: (c.article_id, c.number))
    rows = [(c.chunk_id, embedding_text(c.title, c.text), c.text) for c in records]
    current.extend(rows, version.generation, avgdl).save(delta_path(settings.bm25_path))
    log.info("BM25 delta: %d chunks over a base of %d", len(rows), len(current.base_ids))
    return True


def _derived_avgdl(manifest: Manifest, index: LexicalIndex) -> tuple[float, float] | None:
    """From the first of the base's first 20 rows still committed: its chunk text and its first sentence."""
    rows = {cid: row for row, cid in enumerate(index.base_ids[:20])}
    for record in sorted(manifest.chunk_records(list(rows)), key=lambda r: rows[r.chunk_id]):
        row, sentence = rows[record.chunk_id], sentence_texts(record.text)[:1]
        first = int(np.searchsorted(index.sentence_owner, row))  # the build appends sentences chunk by chunk
        if not sentence or first >= len(index.sentence_owner) or index.sentence_owner[first] != row:
            continue
        chunk = derive_avgdl(index.model, len(index.base_ids), row,
                             index.terms(embedding_text(record.title, record.text)))
        sentences = derive_avgdl(index.sentence_model, len(index.sentence_owner), first, index.terms(sentence[0]))
        if chunk and sentences:
            return chunk, sentences
    return None


class Replica:
    """Keeps one home's caches in step with the server, checked at most once per sync interval."""

    def __init__(self, settings: Settings, manifest: Manifest, store: Callable[[], ChunkStore]):
        """``store``: gives the chunk store (opened on first use); its client reaches the server."""
        self.settings = settings
        self.manifest = manifest
        self._store = store
        self._shared: SharedState | None = None
        self._lock = threading.Lock()
        self._checked = float("-inf")

    @property
    def active(self) -> bool:
        return bool(self.settings.store.chroma_host)

    def sync(self, force: bool = False) -> bool:
        """Catch up with the server if it changed since the last sync; True when the local caches changed."""
        if not self.active:
            return False
        if not force and time.monotonic() - self._checked < self.settings.store.chroma_sync_interval_s:
            return False
        if not self._lock.acquire(blocking=False):
            return False  # another thread is syncing: this question uses the caches as they are
        try:
            self._checked = time.monotonic()
            return self._catch_up()
        except Exception:  # the server is unreachable: answer from the local caches, try again next interval
            log.warning("could not sync from the Chroma server %s:%s; answering from this replica's cache",
                        self.settings.store.chroma_host, self.settings.store.chroma_port, exc_info=True)
            return False
        finally:
            self._lock.release()

    def _catch_up(self) -> bool:
        store = self._store()
        if self._shared is None:
            self._shared = SharedState(self.settings, store.client)
        version = self._shared.version()
        if version is None or version.token == self.manifest.get_meta(SHARED_VERSION):
            return False
        with try_index_lock(self.settings.home, "syncing from the Chroma server") as free:
            if not free:
                return False  # an indexer of this home runs and keeps the caches itself
            report = resync(self.manifest, self._shared, store)
            rebuilt = rebuild_lexical(self.settings, self.manifest)
        log.info("synced from the Chroma server %s: %d articles added or changed, %d deleted%s",
                 self._shared.where, report.added, report.deleted, "" if report.settled else " (it changed "
                 "meanwhile: synced again at the next check)")
        return rebuilt
