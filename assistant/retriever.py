"""Hybrid, outlet- and date-aware retrieval: ``retrieve(question, filters) -> list[Passage]``.

Dense (Chroma) and lexical (bm25s) scores are fused as a weighted sum of normalised scores over one
candidate pool. Outlets and dates the question names (see ``assistant.query``) get their own
sub-retrievals and a boost, so "as reported by both X and Y" finds evidence from X and from Y.
A per-article penalty keeps one article from crowding the top.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.catalog import MISSING_EPOCH, Catalog
from assistant.passage import Filters, Passage
from assistant.query import QueryAnalysis, QueryAnalyzer
from index.embed import get_embedder
from index.settings import Settings
from index.store import ChunkStore


@dataclass
class RetrievalConfig:
    mode: str = "hybrid"  # hybrid | bm25 | dense
    understand: bool = True  # use outlets and dates named in the question
    lexical_weight: float = 0.6
    pool: int = 100  # candidates from each of BM25 and dense
    per_target_pool: int = 20  # candidates from each outlet/date sub-retrieval
    outlet_boost: float = 0.15
    date_boost: float = 0.15
    same_article_penalty: float = 0.1
    date_slack_days: int = 1


@dataclass
class Scored:
    row_or_id: str
    score: float


class NewsRetriever:
    def __init__(self, settings: Settings, config: RetrievalConfig | None = None, embedder=None,
                 store: ChunkStore | None = None):
        self.settings = settings
        self.config = config or RetrievalConfig()
        self.embedder = embedder or get_embedder(settings)
        self.store = store or ChunkStore(settings)
        self.catalog = Catalog(settings)
        self._analyzer: QueryAnalyzer | None = None
        self._analyzer_generation = -2
        self._lock = threading.Lock()

    def analyzer(self) -> QueryAnalyzer:
        self.catalog.refresh()
        if self._analyzer_generation != self.catalog.generation:
            self._analyzer = QueryAnalyzer(self.catalog.sources())
            self._analyzer_generation = self.catalog.generation
        return self._analyzer

    def analyze(self, question: str, as_of: datetime | None = None) -> QueryAnalysis:
        return self.analyzer().run(question, as_of)

    def retrieve(self, question: str, filters: Filters | None = None, as_of: datetime | None = None,
                 analysis: QueryAnalysis | None = None) -> list[Passage]:
        filters = filters or Filters()
        k = filters.k or self.settings.top_k
        analysis = analysis or self.analyze(question, as_of)
        if not self.config.understand:
            analysis = QueryAnalysis(question, topic=question)
        mask = self._filter_mask(filters)
        if not self.catalog.order or not mask.any():
            return []
        query = analysis.topic or question
        lexical = self._lexical_scores(query, mask)
        dense = self._dense_scores(query, filters, analysis, mask, lexical)
        fused = self._fuse(lexical, dense, mask)
        fused = self._boost(fused, analysis)
        ranked = self._diversify(fused, k, analysis)
        return [p for p in (self.catalog.passage(self.catalog.order[row], float(score)) for row, score in ranked) if p]

    # --- masks and scores -------------------------------------------------------------------
    def _filter_mask(self, filters: Filters) -> np.ndarray:
        catalog = self.catalog
        mask = np.array([cid in catalog.chunks for cid in catalog.order], dtype=bool)
        if filters.sources:
            mask &= np.isin(catalog.sources_by_row, list(filters.sources))
        if filters.since:
            mask &= catalog.epochs_by_row >= int(_aware(filters.since).timestamp())
        if filters.until:
            mask &= (catalog.epochs_by_row != MISSING_EPOCH) & (catalog.epochs_by_row <= int(_aware(filters.until).timestamp()))
        return mask

    def _lexical_scores(self, query: str, mask: np.ndarray) -> np.ndarray:
        if self.config.mode == "dense" or self.catalog.lexical is None:
            return np.zeros(len(mask), dtype=np.float32)
        scores = self.catalog.lexical.scores(query)
        return np.where(mask, scores, 0.0)

    def _dense_scores(self, query: str, filters: Filters, analysis: QueryAnalysis, mask: np.ndarray,
                      lexical: np.ndarray) -> np.ndarray:
        """Cosine similarity for the candidate pool (NaN elsewhere)."""
        dense = np.full(len(mask), np.nan, dtype=np.float32)
        if self.config.mode == "bm25":
            return dense
        vector = self.embedder.embed_query(query)
        row_of = {cid: i for i, cid in enumerate(self.catalog.order)}
        for where, pool in self._dense_queries(filters, analysis):
            for hit in self.store.search(vector, pool, where):
                row = row_of.get(hit.chunk_id)
                if row is not None and mask[row]:
                    dense[row] = hit.score
        self._fill_dense(dense, vector, lexical, row_of)
        return dense

    def _dense_queries(self, filters: Filters, analysis: QueryAnalysis):
        base = _where(filters)
        yield base, self.config.pool
        for outlet in analysis.outlets:
            yield _and(base, {"source": outlet}), self.config.per_target_pool
        for span in analysis.dates:
            start, end = self._date_window(span.start, span.end)
            yield _and(base, {"published_epoch": {"$gte": start}}, {"published_epoch": {"$lt": end}}), \
                self.config.per_target_pool

    def _fill_dense(self, dense: np.ndarray, vector: np.ndarray, lexical: np.ndarray, row_of: dict) -> None:
        """Exact cosine for lexical candidates the dense queries did not return."""
        top = np.argsort(-lexical)[: self.config.pool]
        missing = [self.catalog.order[r] for r in top if lexical[r] > 0 and np.isnan(dense[r])]
        if not missing:
            return
        got = self.store.collection.get(ids=missing, include=["embeddings"])
        for cid, emb in zip(got["ids"], got["embeddings"]):
            dense[row_of[cid]] = float(np.dot(vector, np.asarray(emb, dtype=np.float32)))

    def _fuse(self, lexical: np.ndarray, dense: np.ndarray, mask: np.ndarray) -> np.ndarray:
        weight = {"bm25": 1.0, "dense": 0.0}.get(self.config.mode, self.config.lexical_weight)
        lex_max = float(lexical.max()) if lexical.size else 0.0
        lex = lexical / lex_max if lex_max > 0 else lexical
        known = dense[~np.isnan(dense)]
        if known.size:
            floor, top = float(known.min()), float(known.max())
            den = np.nan_to_num((dense - floor) / max(top - floor, 1e-6), nan=0.0)
        else:
            den = np.zeros_like(lex)
        fused = weight * lex + (1.0 - weight) * den
        candidates = mask & ((lexical > 0) | ~np.isnan(dense))
        return np.where(candidates, fused, -np.inf)

    def _boost(self, fused: np.ndarray, analysis: QueryAnalysis) -> np.ndarray:
        if analysis.outlets and self.config.outlet_boost:
            fused = fused + self.config.outlet_boost * np.isin(self.catalog.sources_by_row, analysis.outlets)
        if analysis.dates and self.config.date_boost:
            in_range = np.zeros(len(fused), dtype=bool)
            for span in analysis.dates:
                start, end = self._date_window(span.start, span.end)
                in_range |= (self.catalog.epochs_by_row >= start) & (self.catalog.epochs_by_row < end)
            fused = fused + self.config.date_boost * in_range
        return fused

    def _date_window(self, start: datetime, end: datetime) -> tuple[int, int]:
        slack = timedelta(days=self.config.date_slack_days)
        return int((start - slack).timestamp()), int((end + slack).timestamp())

    def _diversify(self, fused: np.ndarray, k: int, analysis: QueryAnalysis) -> list[tuple[int, float]]:
        """Greedy pick: each further chunk of an already-picked article is penalised."""
        order = [r for r in np.argsort(-fused)[: max(k * 8, 50)] if np.isfinite(fused[r])]
        scores = {r: float(fused[r]) for r in order}
        picked: list[tuple[int, float]] = []
        seen: dict[str, int] = {}
        while scores and len(picked) < k:
            best = max(scores, key=lambda r: scores[r] - self.config.same_article_penalty
                       * seen.get(self.catalog.article_by_row[r], 0))
            article = self.catalog.article_by_row[best]
            picked.append((best, scores.pop(best) - self.config.same_article_penalty * seen.get(article, 0)))
            seen[article] = seen.get(article, 0) + 1
        return picked


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _where(filters: Filters) -> dict | None:
    clauses = []
    if filters.sources:
        clauses.append({"source": {"$in": list(filters.sources)}})
    if filters.since:
        clauses.append({"published_epoch": {"$gte": int(_aware(filters.since).timestamp())}})
    if filters.until:
        clauses.append({"published_epoch": {"$lte": int(_aware(filters.until).timestamp())}})
    return _and(None, *clauses)


def _and(base: dict | None, *clauses: dict) -> dict | None:
    parts = ([base] if base else []) + [c for c in clauses if c]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


class NewsLangChainRetriever(BaseRetriever):
    """The same retrieval as a LangChain ``BaseRetriever`` (passages as Documents)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    news: NewsRetriever
    filters: Filters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [Document(page_content=p.text, metadata={**p.__dict__, "text": None}, id=p.chunk_id)
                for p in self.news.retrieve(query, self.filters)]
