"""Retrieval metrics exactly as MultiHop-RAG's retrieval_evaluate.py counts them, plus all-evidence@10.

A retrieved chunk is relevant when a gold fact, with spaces and newlines removed, is a substring of
the chunk with spaces and newlines removed.
"""
from __future__ import annotations

from dataclasses import dataclass


def squash(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


@dataclass
class QueryScores:
    hits4: float
    hits10: float
    mrr10: float
    map10: float
    all_evidence10: float


def score_query(retrieved: list[str], facts: list[str]) -> QueryScores:
    gold = [squash(f) for f in facts]
    chunks = [squash(t) for t in retrieved[:10]]
    first_rank, precision_sum, found = None, 0.0, []
    for rank, chunk in enumerate(chunks, start=1):
        if not any(g in chunk for g in gold):
            continue
        first_rank = first_rank or rank
        new = [g for g in gold if g in chunk and g not in found]
        found.extend(new)
        precision_sum += len(new) / rank
    covered = all(any(g in chunk for chunk in chunks) for g in gold)
    return QueryScores(
        hits4=float(first_rank is not None and first_rank <= 4),
        hits10=float(first_rank is not None),
        mrr10=1.0 / first_rank if first_rank else 0.0,
        map10=precision_sum / min(len(gold), 10) if gold else 0.0,
        all_evidence10=float(covered),
    )


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summarize(per_query: list[tuple[str, QueryScores]]) -> dict:
    """Averages over all scored queries and per question type."""
    def block(items: list[QueryScores]) -> dict:
        return {"n": len(items), "hits@4": mean([s.hits4 for s in items]), "hits@10": mean([s.hits10 for s in items]),
                "mrr@10": mean([s.mrr10 for s in items]), "map@10": mean([s.map10 for s in items]),
                "all_evidence@10": mean([s.all_evidence10 for s in items])}

    types = sorted({t for t, _ in per_query})
    return {"overall": block([s for _, s in per_query]),
            "by_type": {t: block([s for qt, s in per_query if qt == t]) for t in types}}
