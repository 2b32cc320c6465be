"""The scale bench's ``measure`` command (bench/scale_bench.py): the scripts its two fresh child processes run
(the app: start, retrieval and answers; a nothing-changed reindex), and the percentiles and disk use it records."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from scale_common import CORPUS, ROOT, chroma_server, no_server, peak_rss_mb, save_result

QUESTIONS = ROOT / "bench" / "questions" / "natural.jsonl"


# --- measuring --------------------------------------------------------------------------------------
# what both measuring subprocesses start with: the config, offline settings over the index's home, its server
PREAMBLE = r"""
import json, resource, statistics, sys, time
config = json.loads(sys.argv[1])
from services import Services
from settings import Settings, offline_environment
offline_environment()
settings = Settings(home=config["home"])
if config["port"]:
    settings = settings.with_values(store={"chroma_host": "127.0.0.1", "chroma_port": config["port"]})
"""

APP = PREAMBLE + r"""
if config["dense_max"] is not None:
    settings = settings.with_values(retrieval={"dense_in_memory_max_chunks": config["dense_max"]})
questions = config["questions"]
mark = {"launched": config["launched"], "imported": time.time()}
services = Services(settings)
services.catalog.refresh()
mark["catalog"] = time.time()
services.ready()
mark["ready"] = time.time()
services.assistant.ask(questions[0])
mark["first_answer"] = time.time()

retriever = services.retriever
stages, current = [], {}
def wrap(owner, name, key):
    function = getattr(owner, name)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            current[key] = current.get(key, 0.0) + (time.perf_counter() - started) * 1000
    setattr(owner, name, timed)
for name, key in [("analyze", "analyze"), ("_filter_mask", "mask"), ("_lexical", "bm25"), ("_dense", "dense"),
                  ("_clause_scores", "clauses")]:
    wrap(retriever, name, key)
wrap(retriever.embedder, "embed_query", "embed_query")

retrieval = []
for question in questions:
    current.clear()
    started = time.perf_counter()
    retriever.retrieve(question)
    retrieval.append((time.perf_counter() - started) * 1000)
    stages.append(dict(current))
answers, generate = [], []
for question in questions:
    started = time.perf_counter()
    answer = services.assistant.ask(question)
    answers.append((time.perf_counter() - started) * 1000)
    generate.append(answer.timings.get("generate_ms", 0.0))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

# Where the start goes (after the peak RSS was read): each part of a catalog load again, alone.
from index.lexical import LexicalIndex
parts = {}
def part(key, function):
    started = time.perf_counter()
    function()
    parts[key] = time.perf_counter() - started
part("bm25_load_s", lambda: LexicalIndex.load(settings.bm25_path))
part("manifest_columns_s", services.manifest.catalog_columns)
catalog = services.catalog
part("catalog_load_s", lambda: catalog._load(catalog.lexical))
# Where a dense score from Chroma goes: the HNSW query alone (ids and distances), the same query fetching
# documents and metadatas as ChunkStore.search does, and the chunk id -> row map the retriever builds per query.
vectors = [retriever.embedder.embed_query(q) for q in questions]
k = settings.retrieval.shortlist
def median_ms(function):
    samples = []
    for vector in vectors:
        started = time.perf_counter()
        function(vector)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)
collection = services.store.collection
dense_parts = {
    "hnsw_ids_distances": median_ms(lambda v: collection.query(query_embeddings=[v.tolist()], n_results=k,
                                                               include=["distances"])),
    "hnsw_with_documents_metadatas": median_ms(lambda v: services.store.search(v, k)),
    "row_map": median_ms(lambda v: {cid: i for i, cid in enumerate(catalog.order)}),
}
keys = sorted({k for s in stages for k in s})
print(json.dumps({"retrieval_ms": retrieval, "answer_ms": answers, "generate_ms": generate, "peak_rss_mb": peak,
                  "stage_p50_ms": {k: statistics.median(s.get(k, 0.0) for s in stages) for k in keys},
                  "marks": mark, "parts": parts, "dense_parts_ms": dense_parts, "chunks": len(catalog.order),
                  "store_count": services.store.count(),
                  "vectors": "numpy" if catalog.vectors is not None else "chroma-hnsw"}))
"""

REINDEX = PREAMBLE + r"""
started = time.perf_counter()
services = Services(settings)
indexer = services.indexer()
opened = time.perf_counter() - started
stages = {"open store": opened}
def wrap(name, replacement=None):
    function = replacement or getattr(indexer, name)
    def timed(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - began
    setattr(indexer, name, timed)
def counts_only(full=True):
    # check_store when the store holds every committed vector: compare the counts (a partial store would re-embed)
    services.manifest.committed_chunk_ids()
    indexer.store.count()
    return indexer.repair
for name in ("_load", "_classify", "_index", "refresh_lexical", "reconcile"):
    wrap(name)
wrap("check_store", counts_only if config.get("store_partial") else None)
result = indexer.run(config["targets"])
wall = time.perf_counter() - started
print(json.dumps({"wall_s": wall, "added": result.added, "updated": result.updated, "skipped": result.skipped,
                  "failed": len(result.failed), "unread_files": result.unread, "stages_s": stages,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(script: str, config: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", script, json.dumps(config)], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def questions(limit: int) -> list[str]:
    rows = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    return [r["question"] for r in rows if not r.get("history")][:limit]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def disk_mb(*paths: Path) -> float:
    total = 0
    for path in paths:
        for item in path.rglob("*"):
            if item.is_file() and not item.is_symlink():
                total += item.stat().st_size
    return total / 1e6


def cmd_measure(args) -> int:
    home = args.data / args.index
    targets = [str(CORPUS)] if args.index == "base" else [str(args.data / f"articles-{args.index.split('-')[-1]}")]
    server_path = args.server_path or (home / "chroma-server" if (home / "chroma-server").exists() else home / "chroma")
    mode = "server" if args.server else "embedded"
    with (chroma_server(server_path) if args.server else no_server()) as server:
        port = server[0] if server else None
        config = {"home": str(home), "port": port, "questions": questions(args.questions), "launched": time.time(),
                  "store_partial": args.store_partial, "dense_max": args.dense_in_memory_max}
        app = child(APP, config)
        server_rss = peak_rss_mb(server[1].pid) if server else 0.0
        reindexes = [child(REINDEX, {**config, "targets": targets}) for _ in range(args.reindex_runs)]
        reindex = reindexes[-1]
    marks = app["marks"]
    row = {
        "index": args.index, "mode": mode, "chunks": app["chunks"], "vectors": app["vectors"],
        "retrieval_p50_ms": percentile(app["retrieval_ms"], 0.5),
        "retrieval_p95_ms": percentile(app["retrieval_ms"], 0.95),
        "answer_p50_ms": percentile(app["answer_ms"], 0.5), "answer_p95_ms": percentile(app["answer_ms"], 0.95),
        "generate_p50_ms": percentile(app["generate_ms"], 0.5),
        "start_s": marks["first_answer"] - marks["launched"],
        "start_parts_s": {"python+imports": marks["imported"] - marks["launched"],
                          "services+catalog": marks["catalog"] - marks["imported"],
                          "ready (answer chain)": marks["ready"] - marks["catalog"],
                          "first answer": marks["first_answer"] - marks["ready"]},
        "catalog_parts_s": app["parts"], "stage_p50_ms": app["stage_p50_ms"], "dense_parts_ms": app["dense_parts_ms"],
        "app_peak_rss_mb": app["peak_rss_mb"], "server_peak_rss_mb": server_rss,
        "server_start_s": server[2] if server else 0.0,
        "disk_mb": disk_mb(home) + (disk_mb(server_path) if args.server_path else 0.0),
        "reindex_s": reindex["wall_s"], "reindex": reindex, "questions": len(config["questions"]),
        "reindex_runs_s": [run["wall_s"] for run in reindexes],
        "store_count": app["store_count"], "store_partial": args.store_partial,
    }
    print(json.dumps(row, indent=1))
    variant = "" if args.dense_in_memory_max is None else f":dense-max-{args.dense_in_memory_max}"
    row["variant"] = variant.lstrip(":")
    save_result(args.data, f"{args.index}:{mode}{variant}", row)
    return 0

