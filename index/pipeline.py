"""Reindexing: load → clean → dedupe → chunk → embed → store, with typed counts.

Invariants (see also ``index.manifest``):
- unchanged articles (same content hash) are skipped without embedding;
- a changed article's new chunks are written before its old ones are deleted, and it becomes visible
  only when the manifest commits, so a kill at any moment shows all of an article's chunks or none;
- a run after a crash deletes vectors no committed article owns, then redoes the missing work;
- one bad input or one failing batch never stops the run: it is reported in ``failed``;
- ``--prune`` deletes only articles that a complete, error-free listing of their target shows gone:
  nothing under a target that is missing or partly unreadable, nothing from a file that failed to load,
  nothing under a symlinked folder the listing did not follow;
- against a Chroma server (``store.chroma_host``) the server is the truth and this home's manifest a cache:
  an indexer holds the server's lease (``index.lease``) as well as the home's lock, first brings the
  manifest in step with the server (``index.replica.resync``), commits each article on the server by
  upserting its record after its chunks (``index.shared_state``), then in the manifest, and publishes a new
  server generation after each batch, so other replicas catch up within a batch.
"""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from index.article import Article, IndexResult, LoadFailure, chunk_id
from index.chunk import Chunker
from index.clean import clean_body
from index.dedupe import DuplicateFinder, simhash
from index.embed import embedding_text
from index.lease import Lease, hold_lease
from index.loaders import load_targets
from index.loaders.common import is_http_url
from index.lock import IndexBusy, index_lock, to_stderr
from index.manifest import ArticleRow, Manifest, article_row, duplicate_row
from index.repair import RepairReport, open_store, repair_store
from index.replica import SHARED_VERSION, rebuild_lexical, resync
from index.shared_state import SharedState
from index.store import ChunkStore
from index.unchanged import SourceStamps
from settings import Settings

log = logging.getLogger(__name__)

ARTICLES_PER_BATCH = 16
Progress = Callable[[int, int], None]


@dataclass
class Listing:
    """What loading learned about the targets, for prune: sources that failed, roots not fully listed."""

    failed_sources: set[str] = field(default_factory=set)
    incomplete_roots: set[str] = field(default_factory=set)


@dataclass
class Pending:
    article: Article
    fingerprint: int
    is_update: bool


class Indexer:
    def __init__(self, settings: Settings, embedder, store: ChunkStore | None = None,
                 manifest: Manifest | None = None):
        """``embedder`` loads its model on first use (a reindex with nothing new never pays for it); without
        ``store`` the home's store is opened here (and moved aside if damaged, see ``index.repair``)."""
        self.settings = settings
        self.embedder = embedder
        self.repair = RepairReport()
        self.manifest = manifest or Manifest(settings.manifest_path)
        self.store = store or open_store(settings, self.manifest, self.repair)
        self.shared = SharedState(settings, self.store.client) if settings.store.chroma_host else None
        self.lease: Lease | None = None  # held during a run against a server
        self._chunker: Chunker | None = None

    @property
    def chunker(self) -> Chunker:
        if self._chunker is None:
            self._chunker = Chunker(self.embedder.tokenizer, self.settings.index.chunk_tokens)
        return self._chunker

    def run(self, targets: list[str], prune: bool = False, progress: Progress | None = None,
            reread: bool = False) -> IndexResult:
        """Files unchanged since they were indexed are not read (``index.unchanged``); ``reread`` reads all."""
        with self._exclusive(f"indexing {', '.join(targets)}"):
            self.store.sync(self.manifest.version())  # another process may have written since we opened it
            if self.manifest.get_meta("dirty") == "1":
                self.reconcile()
            self.check_store(full=False)
            self.manifest.set_meta("dirty", "1")
            result = IndexResult()
            stamps = SourceStamps(self.settings, self.manifest, reread)
            articles, loaded = self._load(targets, result, stamps)
            pending = self._classify(articles, result)
            self._index(pending, result, progress)
            if prune:
                unread = {article_id for ids in stamps.skipped.values() for article_id in ids}
                deleted = self._prune(targets, {a.id for a in articles} | unread, loaded, result)
                articles += self._unread_copies(deleted, stamps, result)
                self._promote_copies(deleted, articles, result, progress)
            stamps.record({_normal_origin(failure.path) for failure in result.failed})
            self.refresh_lexical()
            self.manifest.set_meta("last_indexed", datetime.now(timezone.utc).isoformat(timespec="seconds"))
            self.manifest.set_meta("dirty", "0")
            return result

    @contextmanager
    def _exclusive(self, doing: str = "checking the store") -> Iterator[None]:
        """The home's lock; against a server also the server's lease, and the manifest brought in step."""
        wait_s = self.settings.index.lock_wait_s
        with index_lock(self.settings.home, doing, wait_s):
            if self.shared is None:
                yield
                return
            with hold_lease(self.shared, doing, wait_s, self.settings.store.chroma_lease_ttl_s, to_stderr) as lease:
                self.lease = lease
                try:
                    if lease.took_over:  # its holder died: what it committed may not be published yet
                        log.warning("took over an expired indexing lease (%s)", lease.took_over)
                        self.shared.changed = True
                    self._catch_up()
                    yield
                finally:
                    try:
                        self._publish()
                    except Exception:  # the run's own error (say, the server went away) is the one to report
                        log.warning("could not publish a new generation on the Chroma server", exc_info=True)
                    self.lease = None

    def _catch_up(self) -> None:
        """Under the lease: a server without records gets this home's; then the manifest lists the server's."""
        assert self.shared is not None
        if self.shared.version() is None:
            self.shared.initialize(self.manifest)
        report = resync(self.manifest, self.shared, self.store, full=True)
        for article_id in report.incomplete:
            self.shared.delete(article_id)  # its chunks are lost: uncommitted (indexing its source adds it again)
        for stray in report.strays:  # written by an indexer that had lost the lease: tagged anew for replicas
            if isinstance(stray, ArticleRow):
                self.shared.put_articles([stray])
            else:
                self.shared.put_duplicate(stray)

    def _publish(self) -> None:
        """A new server generation for what this run committed there (other replicas then catch up); not
        once the lease passed to another indexer (its next publish covers these commits too)."""
        if self.shared is not None and self.lease is not None and self.lease.lost_to is None:
            version = self.shared.publish()
            if version is not None:
                self.manifest.set_meta(SHARED_VERSION, version.token)

    def _load(self, targets: list[str], result: IndexResult,
              stamps: SourceStamps | None = None) -> tuple[list[Article], Listing]:
        articles: dict[str, Article] = {}
        listing = Listing()
        for loaded in load_targets(targets, self.settings, stamps.unchanged if stamps else None):
            if loaded.unchanged and stamps is not None:
                result.skipped += len(stamps.skipped[_normal_origin(loaded.source)])
                result.unread += 1
                continue
            result.failed.extend(loaded.failures)
            result.skipped_paths.extend(loaded.skipped_paths)
            if (loaded.failures or loaded.skipped_paths) and loaded.source:
                listing.failed_sources.add(_normal_origin(loaded.source))
            if loaded.incomplete_root:
                listing.incomplete_roots.add(_normal_origin(loaded.incomplete_root))
            accepted = True
            for article in loaded.articles:
                article.origin = _normal_origin(article.origin)
                article.body = clean_body(article.body)
                if not self._accept(article, articles, result):
                    listing.failed_sources.add(article.origin)
                    accepted = False
            if stamps is not None and loaded.source:
                failed = bool(loaded.failures or loaded.skipped_paths) or not accepted
                stamps.loaded(_normal_origin(loaded.source), loaded.articles, failed)
        return list(articles.values()), listing

    def _unread_copies(self, deleted: set[str], stamps: SourceStamps, result: IndexResult) -> list[Article]:
        """Syndicated copies of pruned originals that sit in files left unread as unchanged: those files are
        read after all, so the copies are indexed in this run (as when every file was read)."""
        origins = {copy.origin for copy in self.manifest.duplicate_records().values()
                   if copy.canonical_id in deleted and copy.origin in stamps.skipped}
        return self._load(sorted(origins), result)[0] if origins else []

    def _accept(self, article: Article, articles: dict[str, Article], result: IndexResult) -> bool:
        where = article.origin
        limit = self.settings.index.max_article_chars
        if len(article.body) > limit:
            result.failed.append(LoadFailure(where, f"'{article.title[:80]}': body is {len(article.body):,} "
                                                    f"characters, over the {limit:,} limit"))
        elif not article.body:
            result.failed.append(LoadFailure(where, f"'{article.title[:80]}': no text left after cleaning"))
        elif article.id in articles and articles[article.id].content_hash != article.content_hash:
            first = articles[article.id].origin
            result.failed.append(LoadFailure(where, f"'{article.title[:80]}' claims the url {article.id}, "
                                                    f"which another article already has (from {first})"))
        else:
            articles[article.id] = article
            return True
        return False

    def _classify(self, articles: list[Article], result: IndexResult) -> list[Pending]:
        records = self.manifest.records()
        duplicates = self.manifest.duplicate_records()
        finder = DuplicateFinder({aid: r.simhash for aid, r in records.items()})
        pending: list[Pending] = []
        for article in articles:
            digest = article.content_hash
            known = records.get(article.id)
            copy = duplicates.get(article.id)
            if (known and known.content_hash == digest) or (copy is not None and copy.content_hash == digest):
                result.skipped += 1
                continue
            if known and known.origin and known.origin != article.origin:
                result.failed.append(LoadFailure(article.origin, _claimed(article, known.origin)))
                continue
            fingerprint = simhash(article.body)
            canonical = finder.find(article.id, fingerprint)
            if canonical:
                self._record_copy(article, canonical, known is not None, finder)
                result.skipped += 1
                result.duplicates += 1
                continue
            finder.add(article.id, fingerprint)
            pending.append(Pending(article, fingerprint, known is not None))
        return pending

    def _record_copy(self, article: Article, canonical: str, was_indexed: bool, finder: DuplicateFinder) -> None:
        if was_indexed:
            self._delete(article.id)
            finder.remove(article.id)
        if self.shared is not None:
            self.shared.put_duplicate(duplicate_row(article, canonical))
        self.manifest.record_duplicate(article, canonical)

    def _index(self, pending: list[Pending], result: IndexResult, progress: Progress | None) -> None:
        bar = _progress_bar(len(pending))
        failures = len(result.failed)
        last_refresh, refresh_cost = time.monotonic(), 0.0
        for first in range(0, len(pending), ARTICLES_PER_BATCH):
            batch = pending[first:first + ARTICLES_PER_BATCH]
            try:
                self._index_batch(batch, result)
            except IndexBusy:
                raise  # the server's lease passed to another indexer: stop, never interleave
            except Exception as exc:  # one failing batch must not stop the run or half-index an article
                log.info("indexing a batch of %d articles failed", len(batch), exc_info=True)
                for item in batch:
                    if not self._is_committed(item.article):
                        result.failed.append(LoadFailure(item.article.origin,
                                                         f"'{item.article.title[:80]}': indexing failed "
                                                         f"({exc.__class__.__name__}: {exc})"))
            # A rebuild reads the whole index: at least 10x its own duration apart, so that on a slow or loaded
            # machine the rebuilds stay under a tenth of the run (under load: 8 rebuilds, 19% of a cold index).
            if time.monotonic() - last_refresh >= max(self.settings.index.lexical_refresh_s, 10 * refresh_cost):
                started = time.monotonic()
                self.refresh_lexical()  # what is committed so far becomes searchable
                last_refresh = time.monotonic()
                refresh_cost = last_refresh - started
            if bar is not None:
                bar.update(len(batch))
            if progress:
                progress(min(first + len(batch), len(pending)), len(pending))
        if bar is not None:
            bar.close()
        if len(result.failed) > failures:
            self.reconcile()  # vectors written for articles whose batch then failed

    def _index_batch(self, batch: list[Pending], result: IndexResult) -> None:
        """One Chroma write for the whole batch (per-article writes cost twice the time), then each article
        is committed; a changed article's old vectors are deleted only after its new version is committed."""
        chunked = [self.chunker.run(item.article.id, item.article.body) for item in batch]
        texts = [embedding_text(item.article.title, c.text) for item, chunks in zip(batch, chunked) for c in chunks]
        vectors = self.embedder.embed_documents(texts)
        ids = [[chunk_id(item.article.id, c.number, item.article.content_hash) for c in chunks]
               for item, chunks in zip(batch, chunked)]
        if self.lease is not None:
            self.lease.check()  # still ours, just before this batch writes anything
        self.store.upsert_many([(item.article, chunks, chunk_ids)
                                for item, chunks, chunk_ids in zip(batch, chunked, ids)], vectors)
        for item, chunks, chunk_ids in zip(batch, chunked, ids):
            if self.shared is not None:  # the commit point on the server: its chunks are all stored
                self.shared.put_articles([article_row(item.article, len(chunks), item.fingerprint)])
            self.manifest.commit_article(item.article, chunks, chunk_ids, item.fingerprint)
            if item.is_update:
                self.store.delete_article(item.article.id, keep_hash=item.article.content_hash)
                result.updated += 1
            else:
                result.added += 1
        self._publish()

    def _is_committed(self, article: Article) -> bool:
        record = self.manifest.records().get(article.id)
        return record is not None and record.content_hash == article.content_hash

    def _promote_copies(self, deleted: set[str], articles: list[Article], result: IndexResult,
                        progress: Progress | None) -> None:
        """Syndicated copies of pruned originals stop being copies: those loaded in this run are indexed
        now, the others when their source is indexed next."""
        orphaned = [cid for cid, copy in self.manifest.duplicate_records().items()
                    if copy.canonical_id in deleted and cid not in deleted]
        for copy_id in orphaned:
            self._forget(copy_id)
        loaded = [a for a in articles if a.id in set(orphaned)]
        result.skipped -= len(loaded)
        result.duplicates -= len(loaded)
        self._index(self._classify(loaded, result), result, progress)

    def _prune(self, targets: list[str], seen: set[str], listing: Listing, result: IndexResult) -> set[str]:
        roots = []
        for root in dict.fromkeys(_normal_origin(t) for t in targets):
            if root in listing.incomplete_roots:
                result.failed.append(LoadFailure(root, "nothing pruned under it: it is missing or could not be "
                                                       "listed completely, so absent articles may still exist"))
            else:
                roots.append(root)
        known = {**{aid: r.origin for aid, r in self.manifest.records().items()},
                 **{aid: copy.origin for aid, copy in self.manifest.duplicate_records().items()}}
        deleted: set[str] = set()
        for article_id, origin in known.items():
            if article_id in seen or _under(origin, listing.failed_sources):
                continue
            if any(origin == root or origin.startswith(root.rstrip("/") + "/") for root in roots):
                self._delete(article_id)
                result.deleted += 1
                deleted.add(article_id)
        return deleted

    def _delete(self, article_id: str) -> None:
        if self.shared is not None:
            self.shared.delete(article_id)  # uncommitted on the server before its chunks go
        self.store.delete_article(article_id)
        self.manifest.delete_article(article_id)

    def _forget(self, article_id: str) -> None:
        """Drop a record that owns no chunks (a syndicated copy)."""
        if self.shared is not None:
            self.shared.delete(article_id)
        self.manifest.delete_article(article_id)

    def check_store(self, full: bool = True) -> RepairReport:
        """Re-embed committed chunks whose vectors are missing from Chroma (a lost or damaged store)."""
        self.repair = repair_store(self.manifest, self.store, lambda: self.embedder, self.repair, full)
        if self.shared is not None and self.repair.changed:
            self.shared.changed = True  # replicas reload the vectors
        return self.repair

    def doctor(self) -> RepairReport:
        """The whole check, under the index lock: store against manifest, then BM25."""
        with self._exclusive():
            self.store.sync(self.manifest.version())
            report = self.check_store(full=True)
            self.refresh_lexical()
            return report

    def reconcile(self) -> int:
        """Delete vectors that no committed article version owns (left by a killed run)."""
        if self.shared is not None:
            resync(self.manifest, self.shared, self.store)  # committed on the server counts, even if not here
        committed = self.manifest.committed_chunk_ids()
        orphans = [cid for cid in self.store.all_ids() if cid not in committed]
        self.store.delete_ids(orphans)
        return len(orphans)

    def refresh_lexical(self) -> None:
        rebuild_lexical(self.settings, self.manifest)


def _claimed(article: Article, owner: str) -> str:
    return (f"'{article.title[:80]}' claims the url {article.id}, which the article indexed from {owner} "
            "already has; refused (index that source again to change it, or prune it first)")


def _under(origin: str, sources: set[str]) -> bool:
    """``origin`` is one of ``sources`` or lies in a folder that is one (a symlinked folder not followed)."""
    return origin in sources or any(origin.startswith(s.rstrip("/") + "/") for s in sources if s)


def _normal_origin(origin: str) -> str:
    if not origin or is_http_url(origin):
        return origin
    return str(Path(origin).absolute())


def _progress_bar(total: int):
    if total == 0 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", desc="Indexing", file=sys.stderr)
