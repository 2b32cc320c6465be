"""Chroma through chromadb's public client and collection API: an embedded ``PersistentClient``, or an
``HttpClient`` to a Chroma server (``chroma run``) when ``store.chroma_host`` is set.

Invariants:
- vectors are always computed by Newsdesk and passed in (adds and queries); the collection has no embedding
  function, so Chroma never embeds by itself; telemetry is off;
- the collection measures cosine distance (``hnsw:space``); a hit's score is ``1 - distance``;
- an embedded client caches what it has read: another process's writes stay invisible to it (and its
  queries can fail on ids it half knows). ``reload`` drops this process's cached store and opens it afresh;
  every store operation holds a lock, so none runs on a client being replaced. Dropping that cache
  (``forget_system``) is the one place this module reaches below chromadb's client API: chromadb offers
  no public way to reopen one path;
- against a server, the chunk collection is one of three (``index.shared_state``): each chunk's document
  and metadata are enough to rebuild a replica's manifest (``chunks_of``).
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from index.article import Article, Chunk
from index.manifest import Manifest
from settings import Settings

log = logging.getLogger(__name__)
ADD_BATCH = 1000  # well under Chroma's max batch size
COLLECTION_METADATA = {"hnsw:space": "cosine"}


def make_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.store.chroma_host:
        store = settings.store
        return chromadb.HttpClient(host=store.chroma_host, port=store.chroma_port, settings=chroma_settings)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def forget_system(identifier: str):
    """Drop chromadb's process-wide cached System for one embedded path (the next client opens it
    afresh); returns the dropped System, if any."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_refcount.pop(identifier, None)
    return SharedSystemClient._identifier_to_system.pop(identifier, None)


@dataclass
class DenseHit:
    chunk_id: str
    score: float  # cosine similarity
    metadata: dict
    text: str


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as the collection holds it: enough to list it in a manifest again."""

    chunk_id: str
    article_id: str
    content_hash: str
    number: int
    text: str
    start: int
    end: int


class ChunkStore:
    def __init__(self, settings: Settings, manifest: Manifest, client=None):
        """``client``: an already-made chromadb client to use (this store then never reopens it)."""
        self.settings = settings
        self._lock = threading.RLock()
        self._own_client = client is None
        self._synced = manifest.version()  # read before opening: the client sees at least this
        self._client = client
        self._collection = None  # opened on first use: `newsdesk ask` over cached vectors never imports chromadb

    @property
    def client(self):
        with self._lock:
            if self._client is None:
                self._client = make_client(self.settings)
            return self._client

    @property
    def collection(self):
        with self._lock:
            if self._collection is None:
                self._open()
            return self._collection

    @property
    def opened(self) -> bool:
        return self._collection is not None

    def open(self) -> ChunkStore:
        """Open the collection now (a damaged embedded store raises here, not at some later query)."""
        self.collection  # noqa: B018  # a property: reading it opens the collection
        return self

    def _open(self) -> None:
        self._collection = self.client.get_or_create_collection(
            name=self.settings.store.collection, embedding_function=None, metadata=COLLECTION_METADATA)

    def sync(self, version) -> bool:
        """Reopen when the manifest ``version`` (an ``index.manifest.Version``) shows another process
        committed since this store was opened or last synced; True when it reopened."""
        with self._lock:
            stale = version != self._synced and version.foreign
            self._synced = version
            return self.reload() if stale else False

    def reload(self) -> bool:
        """Reopen an embedded store so that other processes' writes become visible; False when not needed."""
        if self.settings.store.chroma_host or not self._own_client:
            return False
        with self._lock:
            if self._client is None:  # never opened: opening later sees every write so far
                return False
            old = forget_system(str(self.settings.chroma_path))
            self._client = make_client(self.settings)
            self._open()
            log.info("reopened the vector store at %s (another process wrote to it)", self.settings.chroma_path)
            if old is not None:
                old.stop()
        return True

    def embeddings(self, ids: list[str]) -> tuple[list[str], list]:
        """(ids found, their vectors) for ``ids``; missing ids are left out."""
        with self._lock:
            got = self.collection.get(ids=ids, include=["embeddings"])
        return got["ids"], got["embeddings"]

    def upsert_many(self, entries: list[tuple[Article, list[Chunk], list[str]]], vectors: np.ndarray) -> None:
        """Write several articles' chunks; ``vectors`` holds their rows in the order of ``entries``."""
        ids = [cid for _, _, chunk_ids in entries for cid in chunk_ids]
        documents = [c.text for _, chunks, _ in entries for c in chunks]
        metadatas = [chunk_metadata(article, c) for article, chunks, _ in entries for c in chunks]
        self.upsert_rows(ids, vectors, documents, metadatas)

    def upsert_rows(self, ids: list[str], vectors: np.ndarray, documents: list[str], metadatas: list[dict]) -> None:
        for first in range(0, len(ids), ADD_BATCH):
            last = first + ADD_BATCH
            with self._lock:
                self.collection.upsert(ids=ids[first:last], embeddings=vectors[first:last],
                                       documents=documents[first:last], metadatas=metadatas[first:last])

    def delete_article(self, article_id: str, keep_hash: str = "") -> None:
        where: dict = {"article_id": article_id}
        if keep_hash:
            where = {"$and": [where, {"content_hash": {"$ne": keep_hash}}]}
        with self._lock:
            self.collection.delete(where=where)

    def delete_ids(self, ids: list[str]) -> None:
        for first in range(0, len(ids), ADD_BATCH):
            with self._lock:
                self.collection.delete(ids=ids[first:first + ADD_BATCH])

    def chunks_of(self, article_ids: list[str]) -> list[StoredChunk]:
        """Every stored chunk of these articles (of any version: callers compare ``content_hash``)."""
        if not article_ids:
            return []
        with self._lock:
            got = self.collection.get(where={"article_id": {"$in": list(article_ids)}},
                                      include=["documents", "metadatas"])
        return [StoredChunk(cid, str(meta.get("article_id", "")), str(meta.get("content_hash", "")),
                            int(meta.get("chunk", 0)), text or "", int(meta.get("start", 0)), int(meta.get("end", 0)))
                for cid, text, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [])
                if meta is not None]

    def all_ids(self) -> list[str]:
        with self._lock:
            return self.collection.get(include=[])["ids"]

    def count(self) -> int:
        with self._lock:
            return self.collection.count()

    def search(self, vector: np.ndarray, k: int, where: dict | None = None, ids_only: bool = False) -> list[DenseHit]:
        """The ``k`` stored chunks nearest to ``vector`` (Chroma's HNSW index), among those ``where`` admits;
        ``ids_only``: without their texts and metadata (a caller that has them: 30-66 ms saved a question)."""
        include = ["distances"] if ids_only else ["documents", "metadatas", "distances"]
        with self._lock:
            found = self.collection.query(query_embeddings=[vector.tolist()], n_results=k, where=where or None,
                                          include=include)
        count = len(found["ids"][0])
        texts = found.get("documents") or [[""] * count]
        metadatas = found.get("metadatas") or [[{}] * count]
        return [DenseHit(cid, 1.0 - distance, metadata or {}, text or "") for cid, text, metadata, distance in
                zip(found["ids"][0], texts[0], metadatas[0], found["distances"][0])]


def chunk_metadata(article: Article, chunk: Chunk) -> dict:
    return metadata_of({"article_id": article.id, "content_hash": article.content_hash, "title": article.title,
                        "source": article.source, "url": article.url, "author": article.author},
                       chunk.number, chunk.start, chunk.end, article.published_at)


def metadata_of(fields: dict, number: int, start: int, end: int, published_at: datetime | None) -> dict:
    """A chunk's Chroma metadata from its article's fields (article_id, content_hash, title, source, url,
    author) and its place in the body."""
    metadata = {**fields, "chunk": number, "start": start, "end": end}
    if published_at:
        metadata["published_at"] = published_at.isoformat()
        metadata["published_epoch"] = int(published_at.timestamp())
    return metadata
