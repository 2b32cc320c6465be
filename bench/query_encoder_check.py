"""Retrieval on the MultiHop-RAG dev queries with question vectors from numpy (index.query_encoder) and from
the torch model: are the retrieved lists the same? Uses the eval index (`make eval` builds it once).

    .venv/bin/python bench/query_encoder_check.py [corpus.json] [queries.json]
"""
import json
import sys
import time
from pathlib import Path

from assistant.evaluation.metrics import score_query, summarize
from assistant.evaluation.multihop import _as_of, ensure_indexed, eval_home
from index.embed import Embedder
from services import Services
from settings import Settings, offline_environment

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "multihoprag"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "corpus.json"
    queries = json.loads((Path(sys.argv[2]) if len(sys.argv) > 2 else SHARED / "queries_dev.json").read_text())
    offline_environment()
    settings = eval_home(Settings(), corpus)
    ensure_indexed(Services(settings), corpus)
    as_of = _as_of(corpus)
    runs = {}
    for name, numpy_queries in (("numpy", True), ("torch", False)):
        index = settings.index
        embedder = Embedder(index.embedding_model, index.embedding_precision, index.embedding_batch_size,
                            index.embedding_max_tokens, numpy_queries=numpy_queries)
        retriever = Services(settings, embedder=embedder).retriever
        started, ids, scored = time.perf_counter(), [], []
        for query in queries:
            passages = retriever.retrieve(query["query"], as_of=as_of)
            ids.append([p.chunk_id for p in passages])
            facts = [e["fact"] for e in query.get("evidence_list", [])]
            if query.get("question_type") != "null_query" and facts:
                scored.append((query["question_type"], score_query([p.text for p in passages], facts)))
        path = "numpy" if embedder.query_encoder is not None else "torch"
        runs[name] = ids, summarize(scored)
        print(f"{name}: questions embedded by {path}, {time.perf_counter() - started:.1f} s for {len(queries)}")
    same = sum(a == b for a, b in zip(runs["numpy"][0], runs["torch"][0], strict=True))
    print(f"identical retrieved lists: {same}/{len(queries)}")
    for name, (_, metrics) in runs.items():
        print(name, json.dumps(metrics.get("overall", metrics), sort_keys=True))


if __name__ == "__main__":
    main()
