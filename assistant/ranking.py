"""Fusion and selection, the two named steps of retrieval, as pure functions over score arrays.

``fuse`` joins the BM25 and dense sides (as haystack's ``DocumentJoiner`` does): each side min-max
normalised to 0..1 over the rows the caller's filters allow, then mixed by the lexical weight; rows the
filters exclude score -inf, so no selection can pick them.

``select`` picks ``k`` rows by greedy coverage: each pick earns its fused score, plus a bonus for the
question's clauses, outlets and dates no earlier pick covered yet (so "as reported by both X and Y" finds
X and Y, and each part of a multi-part question gets its own evidence); after the first ``lead`` picks,
each clause gets its best row. Invariants: no row is picked twice; the picks come back in order, each with
the gain it was picked for; nothing here reads the index (``assistant.retriever`` gathers the arrays).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from settings import RetrievalSettings


@dataclass
class Scores:
    """Everything the greedy selection needs, over the shortlist of candidate rows."""

    rows: np.ndarray
    fused: np.ndarray
    clauses: np.ndarray  # (n_clauses, n_rows), each 0..1
    outlet: np.ndarray  # index into the question's outlets, or -1
    dates: np.ndarray  # (n_dates, n_rows) bool


def normalise(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """0..1 over the allowed rows, from min(lowest, 0) to the highest; all zero when the highest is not
    above that floor (no allowed row, or nothing to tell them apart)."""
    allowed = values[mask]
    if not allowed.size:
        return np.zeros_like(values)
    low, high = float(min(allowed.min(), 0.0)), float(allowed.max())
    if high <= low:
        return np.zeros_like(values)
    return np.clip((values - low) / (high - low), 0.0, 1.0).astype(np.float32)


def top_rows(values: np.ndarray, k: int) -> np.ndarray:
    """The rows of the ``k`` highest values (every row when there are no more), in no particular order; ties
    at the k-th value go to the lowest rows. O(n) with a partition, where ``np.argsort(-values)[:k]`` sorted
    all of them (an unspecified tie order, and ~0.1 s a call over 1M rows, once per question and clause)."""
    if k >= len(values):
        return np.arange(len(values))
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    kth = np.partition(values, len(values) - k)[len(values) - k]
    above = np.flatnonzero(values > kth)
    return np.concatenate([above, np.flatnonzero(values == kth)[: k - len(above)]])


def fuse(lexical: np.ndarray | None, dense: np.ndarray | None, mask: np.ndarray,
         lexical_weight: float) -> np.ndarray:
    """``lexical_weight`` × normalised BM25 + (1 − it) × normalised dense; a side weighted 0 may be None."""
    fused = np.zeros(len(mask), dtype=np.float32)
    if lexical_weight > 0 and lexical is not None:
        fused += lexical_weight * normalise(lexical, mask)
    if lexical_weight < 1 and dense is not None:
        fused += (1 - lexical_weight) * normalise(dense, mask)
    return np.where(mask, fused, -np.inf)


def select(scores: Scores, k: int, articles: np.ndarray, n_outlets: int, n_dates: int,
           cfg: RetrievalSettings) -> list[tuple[int, float]]:
    """The first ``cfg.lead`` picks by greedy coverage, then each clause's best row, then the rest.
    ``articles``: the article of each shortlisted row (for the same-article penalty)."""
    greedy = greedy_coverage(scores, k, articles, n_outlets, n_dates, cfg)
    if not len(scores.clauses):
        return greedy
    picked = greedy[: cfg.lead]
    taken = {row for row, _ in picked}
    for clause in scores.clauses:
        preference = clause + cfg.clause_tiebreak * scores.fused
        for i in np.argsort(-preference):
            if int(scores.rows[i]) not in taken:
                picked.append((int(scores.rows[i]), float(preference[i])))
                taken.add(int(scores.rows[i]))
                break
    picked += [(row, score) for row, score in greedy if row not in taken]
    return picked[:k]


def greedy_coverage(scores: Scores, k: int, articles: np.ndarray, n_outlets: int, n_dates: int,
                    cfg: RetrievalSettings) -> list[tuple[int, float]]:
    n_clauses = max(len(scores.clauses), 1)
    clause_open = np.ones(len(scores.clauses), dtype=np.float32)
    outlet_open = np.ones(n_outlets, dtype=bool)
    date_open = np.ones(n_dates, dtype=bool)
    taken_from: dict[str, int] = {}
    available = np.ones(len(scores.rows), dtype=bool)
    picked: list[tuple[int, float]] = []
    while available.any() and len(picked) < k:
        gain = scores.fused.astype(np.float64).copy()
        if len(scores.clauses):
            gain += cfg.clause_weight * (clause_open[:, None] * scores.clauses).sum(axis=0) / n_clauses
        if len(outlet_open):
            named = scores.outlet >= 0
            bonus = np.where(outlet_open[np.maximum(scores.outlet, 0)], cfg.outlet_bonus, cfg.outlet_repeat_bonus)
            gain += np.where(named, bonus, 0.0)
        if len(date_open):
            gain += cfg.date_bonus * (scores.dates & date_open[:, None]).any(axis=0)
            gain += cfg.date_repeat_bonus * scores.dates.any(axis=0)
        gain -= cfg.same_article_penalty * np.array([taken_from.get(a, 0) for a in articles])
        gain[~available] = -np.inf
        best = int(np.argmax(gain))
        picked.append((int(scores.rows[best]), float(gain[best])))
        available[best] = False
        taken_from[articles[best]] = taken_from.get(articles[best], 0) + 1
        if len(scores.clauses):
            clause_open *= 1.0 - scores.clauses[:, best]
        if scores.outlet[best] >= 0:
            outlet_open[scores.outlet[best]] = False
        if len(date_open):
            date_open &= ~scores.dates[:, best]
    return picked
