"""The composition root: which embedder, manifest, store and catalog each component gets.

The chat window (``app.py``), the command line (``assistant.cli``), the eval harness (``assistant.evaluation``)
and the bench scripts all build their components here; no component builds a collaborator of its own.

Invariants:
- one ``Services`` holds one of each: one embedder (one model in memory), one manifest, one Chroma client,
  one catalog; the indexer and the answer chain it makes share them, so a reindex in the app is seen by the
  next question without opening anything twice;
- nothing heavy happens in the constructor: the store opens, the catalog loads and the answer chain is
  built when first asked for (``newsdesk index`` never loads spaCy; ``newsdesk stats`` opens Chroma only
  when it is a server, to catch up with it);
  an indexer made before anything opened the store opens it itself, through ``index.repair.open_store``
  (a damaged embedded store is moved aside and rebuilt), and that store is shared from then on;
- reindexes run one at a time (``reindex_lock``); building a component is not thread-safe, so a
  multi-threaded caller (the app) builds what it needs before serving (``Services.ready``);
- against a Chroma server this home is one replica's cache (``index.replica``): ``ready``, ``stats`` and
  every catalog refresh (each question) first let it catch up with the server, at most once per
  ``store.chroma_sync_interval_s``; in embedded mode nothing of that runs.
"""
from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING

from assistant.catalog import Catalog
from assistant.retriever import NewsRetriever
from index.embed import Embedder, embedder_for
from index.manifest import Manifest
from index.replica import Replica
from index.store import ChunkStore
from settings import Settings

if TYPE_CHECKING:
    from assistant.assistant import Assistant
    from index.pipeline import Indexer


class Services:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, store: ChunkStore | None = None):
        """``embedder``/``store``: already-built ones to share (tests share one model across homes)."""
        self.settings = settings
        self.embedder = embedder or embedder_for(settings)
        self.manifest = Manifest(settings.manifest_path)
        self._store = store
        self.reindex_lock = threading.Lock()
        self.replica = Replica(settings, self.manifest, lambda: self.store)

    @property
    def store(self) -> ChunkStore:
        """The Chroma collection, opened on first use (for an indexer: see ``indexer``)."""
        if self._store is None:
            self._store = ChunkStore(self.settings, self.manifest)
        return self._store

    @cached_property
    def catalog(self) -> Catalog:
        if self.replica.active:
            return ReplicaCatalog(self.settings, self.manifest, self.store, self.replica)
        return Catalog(self.settings, self.manifest, self.store)

    @cached_property
    def retriever(self) -> NewsRetriever:
        return NewsRetriever(self.settings, self.embedder, self.catalog)

    @cached_property
    def assistant(self) -> Assistant:
        # optional heavy dependency: the answer chain imports spaCy and the answer modules (not for `index`)
        from assistant.assistant import Assistant

        return Assistant(self.settings, self.retriever)

    def indexer(self) -> Indexer:
        """A new indexer over the shared embedder, store and manifest (one run at a time: ``reindex_lock``)."""
        # optional heavy dependency: the loaders import trafilatura, pypdf, python-docx (not for `ask`)
        from index.pipeline import Indexer

        indexer = Indexer(self.settings, self.embedder, self._store, self.manifest)
        self._store = indexer.store  # none open yet: the indexer opened it (moving a damaged one aside)
        return indexer

    def ready(self) -> Services:
        """Catch up with a Chroma server, and build the answer chain now (before threads share this object)."""
        self.replica.sync(force=True)
        self.assistant  # noqa: B018  # a cached property: reading it builds it
        return self

    def stats(self) -> dict:
        self.replica.sync()
        return self.manifest.stats()


class ReplicaCatalog(Catalog):
    """The catalog of a replica of a Chroma server: each refresh first lets the replica catch up."""

    def __init__(self, settings: Settings, manifest: Manifest, store: ChunkStore, replica: Replica):
        super().__init__(settings, manifest, store)
        self.replica = replica

    def refresh(self) -> None:
        self.replica.sync()
        super().refresh()
