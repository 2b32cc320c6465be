"""Chroma through langchain-chroma: an embedded PersistentClient, or a Chroma server when a host is set.

Vectors are always computed by Newsdesk and passed in; Chroma never embeds by itself.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from index.article import Article, Chunk
from index.settings import Settings

ADD_BATCH = 1000  # well under Chroma's max batch size


class EmbedderAdapter(Embeddings):
    """LangChain's Embeddings interface over the Newsdesk embedder."""

    def __init__(self, embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def make_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


@dataclass
class DenseHit:
    chunk_id: str
    score: float  # cosine similarity
    metadata: dict
    text: str


class ChunkStore:
    def __init__(self, settings: Settings, embeddings: Embeddings | None = None, client=None):
        from langchain_chroma import Chroma

        self.client = client or make_client(settings)
        self.vectorstore = Chroma(collection_name=settings.collection, client=self.client,
                                  embedding_function=embeddings,
                                  collection_metadata={"hnsw:space": "cosine"})

    @property
    def collection(self):
        return self.vectorstore._collection

    def upsert_many(self, entries: list[tuple[Article, list[Chunk], list[str]]], vectors: np.ndarray) -> None:
        """Write several articles' chunks; ``vectors`` holds their rows in the order of ``entries``."""
        ids = [cid for _, _, chunk_ids in entries for cid in chunk_ids]
        documents = [c.text for _, chunks, _ in entries for c in chunks]
        metadatas = [chunk_metadata(article, c) for article, chunks, _ in entries for c in chunks]
        for first in range(0, len(ids), ADD_BATCH):
            last = first + ADD_BATCH
            self.collection.upsert(ids=ids[first:last], embeddings=vectors[first:last],
                                   documents=documents[first:last], metadatas=metadatas[first:last])

    def delete_article(self, article_id: str, keep_hash: str = "") -> None:
        where = {"article_id": article_id}
        if keep_hash:
            where = {"$and": [where, {"content_hash": {"$ne": keep_hash}}]}
        self.collection.delete(where=where)

    def delete_ids(self, ids: list[str]) -> None:
        for first in range(0, len(ids), ADD_BATCH):
            self.collection.delete(ids=ids[first:first + ADD_BATCH])

    def all_ids(self) -> list[str]:
        return self.collection.get(include=[])["ids"]

    def count(self) -> int:
        return self.collection.count()

    def search(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[DenseHit]:
        pairs = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
            vector.tolist(), k=k, filter=where or None)
        return [DenseHit(doc.id, 1.0 - distance, doc.metadata, doc.page_content) for doc, distance in pairs]


def chunk_metadata(article: Article, chunk: Chunk) -> dict:
    metadata = {
        "article_id": article.id, "content_hash": article.content_hash, "title": article.title,
        "source": article.source, "url": article.url, "author": article.author,
        "chunk": chunk.number, "start": chunk.start, "end": chunk.end,
    }
    if article.published_at:
        metadata["published_at"] = article.published_at.isoformat()
        metadata["published_epoch"] = int(article.published_at.timestamp())
    return metadata
