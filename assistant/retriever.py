"""Hybrid, outlet- and date-aware retrieval: ``retrieve(question, filters) -> list[Passage]``.

Scores: BM25 (bm25s) and dense cosine (vectors stored in Chroma), each normalised to 0..1 over the
allowed chunks and summed with weights. The question is also split into its clauses — a multi-part
question describes each article it needs in one clause — and each clause is scored by BM25, against
each chunk's best sentence and against the whole chunk.

Selection is greedy coverage: each pick earns its fused score, plus a bonus for clauses, outlets and
dates the question names that no earlier pick has covered yet, so "as reported by both X and Y" finds
evidence from X and from Y and each part of a multi-part question gets its own evidence. Syndicated
copies are merged at index time; a per-article penalty exists but is off by default, because on
MultiHop-RAG the evidence often sits in several chunks of one article (penalty 0.15 cost 0.02 Hits@10).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from assistant.catalog import MISSING_EPOCH, Catalog
from assistant.passage import Filters, Passage
from assistant.query import Clause, DateRange, QueryAnalysis, QueryAnalyzer, content_terms
from assistant.ranking import Scores, fuse, normalise, select, top_rows
from index.query_encoder import one_blas_thread
from settings import Settings



class NewsRetriever:
    def __init__(self, settings: Settings, embedder, catalog: Catalog):
        """``embedder`` embeds questions; ``catalog`` is what is searchable (its store answers dense queries
        on a large index). ``services.Services`` builds and shares both."""
        self.settings = settings
        self.config = settings.retrieval  # weights, bonuses, mode: the eval harness passes other settings
        self.embedder = embedder
        self.catalog = catalog
        self._analyzer: QueryAnalyzer | None = None
        self._analyzer_generation = -2

    def analyze(self, question: str, as_of: datetime | None = None) -> QueryAnalysis:
        self.catalog.refresh()
        if self._analyzer_generation != self.catalog.generation:
            self._analyzer = QueryAnalyzer(self.catalog.sources())
            self._analyzer_generation = self.catalog.generation
        return self._analyzer.run(question, as_of)

    def retrieve(self, question: str, filters: Filters | None = None, as_of: datetime | None = None,
                 analysis: QueryAnalysis | None = None) -> list[Passage]:
        filters = filters or Filters()
        k = filters.k or self.settings.retrieval.top_k
        analysis = analysis or self.analyze(question, as_of)
        if not self.config.understand:
            analysis = QueryAnalysis(question, topic=question)
        with self.catalog.reading():  # one load's rows throughout: a reload in another thread waits
            mask = self._filter_mask(filters)
            if not self.catalog.order or not mask.any():
                return []
            scores = self._score(analysis, filters, mask)
            picked = select(scores, k, self.catalog.article_ids(scores.rows), len(analysis.outlets),
                            len(analysis.dates), self.config)
            return self.catalog.passages([(self.catalog.order[row], score) for row, score in picked])

    # --- scoring ------------------------------------------------------------------------------
    def _filter_mask(self, filters: Filters) -> np.ndarray:
        catalog = self.catalog
        mask = catalog.committed_rows.copy()
        if filters.sources:
            mask &= np.isin(catalog.source_of_row, catalog.source_codes(filters.sources))
        if filters.since:
            mask &= catalog.epochs_by_row >= int(_aware(filters.since).timestamp())
        if filters.until:
            until = int(_aware(filters.until).timestamp())
            mask &= (catalog.epochs_by_row != MISSING_EPOCH) & (catalog.epochs_by_row <= until)
        return mask

    def _score(self, analysis: QueryAnalysis, filters: Filters, mask: np.ndarray) -> Scores:
        query = analysis.topic or analysis.question
        weight = {"bm25": 1.0, "dense": 0.0}.get(self.config.mode, self.config.lexical_weight)
        lexical = self._lexical(query) if weight > 0 else None  # a side weighted 0 is not computed
        dense = self._dense(query, filters, mask) if weight < 1 else None
        fused = fuse(lexical, dense, mask, weight)
        clauses = [self._clause_scores(c, mask) for c in analysis.clauses]
        shortlist = [top_rows(fused, self.config.shortlist)]
        shortlist += [top_rows(c, self.config.per_clause) for c in clauses]
        rows = np.unique(np.concatenate(shortlist))
        rows = rows[np.isfinite(fused[rows])]
        clause_scores = np.array([c[rows] for c in clauses], dtype=np.float32).reshape(len(clauses), len(rows))
        return Scores(rows, fused[rows], clause_scores, self._outlet_index(rows, analysis),
                      self._date_hits(rows, analysis))

    def _clause_scores(self, clause: Clause, mask: np.ndarray) -> np.ndarray:
        """BM25 of one clause against each chunk's best sentence (a clause usually states one fact) mixed
        with BM25 against the whole headline-prefixed chunk (a clause may describe the article instead:
        "the report on Taylor Swift's NFL takeover"), damped outside the outlets and dates it names."""
        lexical = self.catalog.lexical
        if lexical is None:
            return np.zeros(len(mask), dtype=np.float32)
        terms = content_terms(clause.text)
        share = self.config.clause_chunk_weight
        scores = ((1 - share) * normalise(lexical.sentence_scores(terms), mask)
                  + share * normalise(lexical.scores(terms), mask))
        target = np.ones(len(mask), dtype=bool)
        if clause.outlets:
            target &= np.isin(self.catalog.source_of_row, self.catalog.source_codes(clause.outlets))
        if clause.dates:
            target &= self._in_dates(self.catalog.epochs_by_row, clause.dates)
        return np.where(mask, np.where(target, scores, self.config.off_target * scores), 0.0)

    def _lexical(self, query: str) -> np.ndarray:
        if self.catalog.lexical is None:
            return np.zeros(len(self.catalog.order), dtype=np.float32)
        return self.catalog.lexical.scores(content_terms(query))

    def _dense(self, query: str, filters: Filters, mask: np.ndarray) -> np.ndarray:
        vector = self.embedder.embed_query(query)
        if self.catalog.vectors is not None:
            # One BLAS thread: OpenBLAS's default threads keep spinning after a call and starve torch in a
            # process that is also indexing; a matrix-vector product gains nothing from them anyway.
            with one_blas_thread():
                return np.asarray(self.catalog.vectors @ np.asarray(vector, dtype=np.float32), dtype=np.float32)
        dense = np.zeros(len(mask), dtype=np.float32)  # large index: ask Chroma's HNSW
        row_of = self.catalog.row_of
        for hit in self.catalog.store.search(vector, self.config.shortlist, _where(filters), ids_only=True):
            if hit.chunk_id in row_of:
                dense[row_of[hit.chunk_id]] = max(hit.score, 0.0)
        return dense

    def _outlet_index(self, rows: np.ndarray, analysis: QueryAnalysis) -> np.ndarray:
        index = np.full(len(rows), -1)
        for i, outlet in enumerate(analysis.outlets):
            index[self.catalog.sources_by_row[rows] == outlet] = i
        return index

    def _date_hits(self, rows: np.ndarray, analysis: QueryAnalysis) -> np.ndarray:
        epochs = self.catalog.epochs_by_row[rows]
        hits = [self._in_dates(epochs, [d]) for d in analysis.dates]
        return np.array(hits, dtype=bool).reshape(len(analysis.dates), len(rows))

    def _in_dates(self, epochs: np.ndarray, dates: list[DateRange]) -> np.ndarray:
        slack = timedelta(days=self.config.date_slack_days)
        inside = np.zeros(len(epochs), dtype=bool)
        for d in dates:
            inside |= (epochs >= int((d.start - slack).timestamp())) & (epochs < int((d.end + slack).timestamp()))
        return inside


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
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
