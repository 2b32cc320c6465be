"""``newsdesk eval multihop``: index a MultiHop-RAG style corpus into a throwaway index, run every query
through the real retrieval (and answer) path, print a table and write per-query JSON.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant.evaluation.answer_metrics import answer_metrics, make_answerer
from assistant.evaluation.metrics import percentile, score_query, summarize
from index.unchanged import loader_key
from services import Services
from settings import Settings

RETRIEVED_IN_OUTPUT = 10


@dataclass
class EvalRun:
    metrics: dict
    queries: list[dict]


def eval_home(base: Settings, corpus: Path) -> Settings:
    """A per-corpus index under ``NEWSDESK_HOME/eval``; the same corpus reuses it."""
    digest = hashlib.sha256(corpus.read_bytes()).hexdigest()[:12]
    suffix = f"-e{base.index.embedding_max_tokens}" if base.index.embedding_max_tokens else ""
    if base.index.embedding_backend != "torch":  # other document vectors: never reuse (or clobber) a torch index
        suffix += f"-{base.index.embedding_backend}"
    home = base.home / "eval" / f"{corpus.stem}-{digest}-{base.index.chunk_tokens}{suffix}"
    return base.with_values(home=home, store={"chroma_host": ""})


def ensure_indexed(services: Services, corpus: Path) -> None:
    """Index the corpus once; again when the code that loads and cleans articles changed (``loader_key``):
    the indexer then re-reads it and replaces only the articles whose cleaned text differs."""
    manifest, key = services.manifest, loader_key(services.settings)
    if (manifest.get_meta("eval_corpus_done") == "1" and manifest.get_meta("dirty") != "1"
            and manifest.get_meta("eval_loader_key") == key):
        return
    print(f"Indexing {corpus} into {services.settings.home} (once; reused next time)…", file=sys.stderr)
    result = services.indexer().run([str(corpus)])
    print(f"  added {result.added}, skipped {result.skipped}, failed {len(result.failed)}", file=sys.stderr)
    manifest.set_meta("eval_corpus_done", "1")  # only after the run: an interrupted one is run again
    manifest.set_meta("eval_loader_key", key)


def run_multihop(base: Settings, corpus: Path, queries_path: Path, limit: int | None = None,
                 answer: bool = True) -> EvalRun:
    """Every knob comes from ``base`` (``base.with_values(retrieval={...})`` for an ablation)."""
    services = Services(eval_home(base, corpus))
    ensure_indexed(services, corpus)
    queries = json.loads(queries_path.read_text())[: limit or None]
    retriever = services.retriever
    answerer = make_answerer(services.assistant) if answer else None
    as_of = _as_of(corpus)
    rows, scored, latencies = [], [], []
    for index, query in enumerate(_progress(queries)):
        started = time.perf_counter()
        passages = retriever.retrieve(query["query"], as_of=as_of)
        latencies.append((time.perf_counter() - started) * 1000)
        row = _query_row(query, index, passages)
        if answerer is not None:
            row.update(answerer(query["query"], as_of))
        rows.append(row)
        facts = [e["fact"] for e in query.get("evidence_list", [])]
        if query.get("question_type") != "null_query" and facts:
            scored.append((query["question_type"], score_query([p.text for p in passages], facts)))
    metrics = summarize(scored)
    metrics["latency_ms"] = {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)}
    if answerer is not None:
        metrics["answers"] = answer_metrics(queries, rows)
    return EvalRun(metrics, rows)


def _as_of(corpus: Path) -> datetime:
    """Relative dates in benchmark questions are read against the corpus's last day."""
    dates = [a.get("published_at") for a in json.loads(corpus.read_text()) if isinstance(a, dict)]
    latest = max((d for d in dates if d), default=None)
    return datetime.fromisoformat(latest) if latest else datetime.now(timezone.utc)


def _query_row(query: dict, index: int, passages) -> dict:
    return {
        "id": query.get("id", index),
        "query": query["query"],
        "question_type": query.get("question_type", ""),
        "retrieved": [{"text": p.text, "url": p.url, "source": p.source, "published_at": p.published_at,
                       "score": round(p.score, 6)} for p in passages[:RETRIEVED_IN_OUTPUT]],
        "answer": None, "abstained": None, "citations": [],
    }


def _progress(items):
    from tqdm import tqdm

    return tqdm(items, desc="Queries", unit="q", file=sys.stderr, disable=not sys.stderr.isatty())


def format_table(metrics: dict) -> str:
    header = f"{'question type':<20}{'n':>5}{'Hits@4':>9}{'Hits@10':>9}{'MRR@10':>9}{'MAP@10':>9}{'AllEv@10':>10}"
    lines = [header, "-" * len(header)]
    blocks = list(metrics["by_type"].items()) + [("overall", metrics["overall"])]
    for name, m in blocks:
        lines.append(f"{name:<20}{m['n']:>5}{m['hits@4']:>9.4f}{m['hits@10']:>9.4f}{m['mrr@10']:>9.4f}"
                     f"{m['map@10']:>9.4f}{m['all_evidence@10']:>10.4f}")
    lat = metrics["latency_ms"]
    lines.append(f"retrieval latency: p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms")
    return "\n".join(lines)
