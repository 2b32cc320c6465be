"""Scale bench (issue 15): Newsdesk at 100k and 1M chunks, embedded Chroma and a Chroma server.

No model runs to build the big indexes: the real chunks of the MultiHop-RAG eval index (609 articles, 7,289
chunks) are replicated with new article ids and urls, other outlets and earlier dates, and each replica's
vectors are the real vectors plus small gaussian noise, re-normalised. Everything is written through the
project's own API (``ChunkStore.upsert_many``, ``Manifest.commit_article``, ``Indexer.refresh_lexical``), and
each replica is also written to a JSONL shard in the common news schema, so that ``newsdesk index SHARDS``
finds every article unchanged: the nothing-changed reindex is the real one.

    python bench/scale_bench.py base    --data /work/scale-data            # copy the real eval index
    python bench/scale_bench.py build   --data /work/scale-data --chunks 100000 [--server]
                                        [--only manifest|chroma] [--skip-bm25]   # the halves can run at once
    python bench/scale_bench.py bm25    --data /work/scale-data --index embedded-1000000
    python bench/scale_bench.py delta   --data /work/scale-data --index embedded-1000000 --articles 1   # BM25 delta
    python bench/scale_bench.py measure --data /work/scale-data --index base|embedded-100000|server-100000 \\
                                        [--server [--server-path DIR]] [--questions 50] [--store-partial]
                                        [--dense-in-memory-max N] [--reindex-runs N]
    python bench/scale_bench.py report  --data /work/scale-data --png bench/scale.png [--since T] [--before F]

``measure`` starts a fresh app process (Services → catalog → ready() → a first answer: the start time and its
peak RSS), times retrieval and extractive answers over real questions with a per-stage breakdown, then runs
``Indexer.run`` on the index's own articles in another fresh process (nothing changed). Results accumulate in
DATA/results.json, keyed by index and mode; ``report`` prints the table and draws the plot.
Set OMP_NUM_THREADS=1 (a 2-core machine shared with others) and run builds under ``nice``. The plot needs
matplotlib (not a project dependency: ``pip install matplotlib`` into the venv).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from datetime import timedelta
from pathlib import Path

from scale_common import CORPUS, EVAL_INDEX, chroma_server, no_server, save_result, self_peak_mb, settings_for
from scale_measure import cmd_measure

EDITIONS = ["", "Europe", "Asia", "Weekend", "Americas", "Morning", "Africa", "Evening", "Digital", "Archive"]
NOISE = 0.01  # per dimension: a replica's vector has cosine ~0.98 to its real chunk's
SHARD_ARTICLES = 1500  # ~10 MB of JSONL, under index.max_file_bytes
WRITE_ARTICLES = 100  # articles per Chroma write (upsert_many batches 1000 rows per call)


# --- building ---------------------------------------------------------------------------------------
def cmd_base(args) -> int:
    """A private copy of the real eval index (a reindex writes to its home; /work/main's stays untouched)."""
    target = args.data / "base"
    if target.exists():
        print(f"{target} exists")
        return 0
    shutil.copytree(EVAL_INDEX, target, ignore=shutil.ignore_patterns(".index.lock"))
    print(f"copied {EVAL_INDEX} → {target}")
    return 0


def real_index(data: Path):
    """The real index's articles (cleaned, as the indexer saw them), their chunks and their vectors."""
    import numpy as np

    from index.clean import clean_body
    from index.loaders import load_targets
    from index.manifest import Manifest
    from index.store import ChunkStore

    settings = settings_for(data / "base")
    manifest = Manifest(settings.manifest_path)
    records = manifest.records()
    rows = sorted(manifest.catalog_rows(), key=lambda r: (r.article_id, r.number))
    chunks: dict[str, list] = {}
    for row in rows:
        chunks.setdefault(row.article_id, []).append(row)
    articles = {}
    for loaded in load_targets([str(CORPUS)], settings):
        for article in loaded.articles:
            article.body = clean_body(article.body)
            if article.id in records and records[article.id].content_hash == article.content_hash:
                articles[article.id] = article
    missing = set(chunks) - set(articles)
    if missing:
        raise SystemExit(f"{len(missing)} indexed articles not found unchanged in {CORPUS}")
    store = ChunkStore(settings, manifest)
    ids = [row.chunk_id for row in rows]
    row_of = {cid: i for i, cid in enumerate(ids)}
    found_rows: dict[str, object] = {}
    for first in range(0, len(ids), 5000):
        got, found = store.embeddings(ids[first:first + 5000])
        found_rows.update(zip(got, found))
    if len(found_rows) != len(ids):
        raise SystemExit("the real index's store lacks vectors; run `newsdesk doctor` on it")
    vectors = np.asarray([found_rows[cid] for cid in ids], dtype=np.float32)
    order = sorted(chunks)
    return ([articles[a] for a in order], [chunks[a] for a in order], vectors, row_of,
            {a: records[a].simhash for a in order})


def replica(article, k: int, origin: str):
    """Replica ``k`` of a real article: a new url (the id), an outlet edition, a date k months earlier."""
    from index.article import Article

    sep = "&" if "?" in article.url else "?"
    url = f"{article.url}{sep}replica={k}" if article.url else f"{article.id}#replica={k}"
    edition = EDITIONS[k % len(EDITIONS)]
    source = f"{article.source} {edition}".strip() if article.source else edition
    published = article.published_at - timedelta(days=30 * k) if article.published_at else None
    return Article(url, article.title, article.body, source, url, article.author, published, origin)


def cmd_build(args) -> int:
    import numpy as np

    from index.article import Chunk, chunk_id
    from index.manifest import Manifest
    from index.store import ChunkStore
    from services import Services

    label = f"{'server' if args.server else 'embedded'}-{args.chunks}"
    home = args.data / label
    if home.exists() and args.only != "chroma":
        raise SystemExit(f"{home} exists: remove it to build again")
    write_manifest, write_chroma = args.only != "chroma", args.only != "manifest"
    shards = args.data / f"articles-{args.chunks}"
    articles, chunks, vectors, row_of, simhashes = real_index(args.data)
    print(f"real index: {len(articles)} articles, {len(vectors)} chunks", file=sys.stderr)
    with (chroma_server(home / "chroma-server") if args.server else no_server()) as server:
        settings = settings_for(home, server[0] if server else None)
        manifest = Manifest(settings.manifest_path)
        store = ChunkStore(settings, manifest)
        shards.mkdir(parents=True, exist_ok=True)
        started, written, n_articles, k, shard_file, shard_lines = time.perf_counter(), 0, 0, 0, None, 0
        timings = {"chroma_s": 0.0, "manifest_s": 0.0}
        while written < args.chunks:
            k += 1
            rng = np.random.default_rng(1000 + k)
            for first in range(0, len(articles), WRITE_ARTICLES):
                if written >= args.chunks:
                    break
                entries, rows = [], []
                for article, real_chunks in zip(articles[first:first + WRITE_ARTICLES],
                                                chunks[first:first + WRITE_ARTICLES]):
                    if write_manifest and (shard_file is None or shard_lines >= SHARD_ARTICLES):
                        if shard_file:
                            shard_file.close()
                        shard_file = open(shards / f"shard-{n_articles // SHARD_ARTICLES:04d}.jsonl", "w")  # noqa: SIM115
                        shard_lines = 0
                    shard = shards / f"shard-{n_articles // SHARD_ARTICLES:04d}.jsonl"
                    copy = replica(article, k, str(shard.absolute()))
                    if shard_file:
                        shard_file.write(json.dumps({
                            "title": copy.title, "body": copy.body, "source": copy.source, "url": copy.url,
                            "author": copy.author,
                            "published_at": copy.published_at.isoformat() if copy.published_at else None}) + "\n")
                    shard_lines += 1
                    n_articles += 1
                    new_chunks = [Chunk(copy.id, c.number, c.text, c.start, c.end) for c in real_chunks]
                    digest = copy.content_hash  # a property: hashes the body each time
                    ids = [chunk_id(copy.id, c.number, digest) for c in new_chunks]
                    entries.append((copy, new_chunks, ids, simhashes[article.id]))
                    rows += [row_of[c.chunk_id] for c in real_chunks]
                    written += len(new_chunks)
                if write_chroma:
                    block = vectors[rows] + rng.normal(0.0, NOISE, (len(rows), vectors.shape[1])).astype(np.float32)
                    block /= np.linalg.norm(block, axis=1, keepdims=True)
                    step = time.perf_counter()
                    store.upsert_many([(a, c, i) for a, c, i, _ in entries], block)
                    timings["chroma_s"] += time.perf_counter() - step
                step = time.perf_counter()
                for article, new_chunks, ids, fingerprint in entries if write_manifest else []:
                    manifest.commit_article(article, new_chunks, ids, fingerprint)
                timings["manifest_s"] += time.perf_counter() - step
                if (written // 20000) != ((written - len(rows)) // 20000):
                    rate = written / (time.perf_counter() - started)
                    print(f"  {written:,} chunks, {n_articles:,} articles, {rate:,.0f} chunks/s", file=sys.stderr)
        if shard_file:
            shard_file.close()
        if write_manifest and not args.skip_bm25:
            timings["bm25_build_s"] = build_bm25(Services(settings, store=store))
        timings["total_s"] = time.perf_counter() - started
        stored = store.count()
    built = {"index": label, "chunks": written, "articles": n_articles, "replicas": k, "stored": stored,
             "build_rss_mb": self_peak_mb(), **{key: round(value, 1) for key, value in timings.items()}}
    print(json.dumps(built))
    save_result(args.data, f"build:{label}" + (f":{args.only}" if args.only else ""), built)
    return 0


def build_bm25(services) -> float:
    """The BM25 build every reindex that changed something ends with (``Indexer.refresh_lexical``); seconds."""
    started = time.perf_counter()
    services.indexer().refresh_lexical()
    return time.perf_counter() - started


def cmd_bm25(args) -> int:
    from services import Services

    home = args.data / args.index
    seconds = build_bm25(Services(settings_for(home)))
    built = {"index": args.index, "bm25_build_s": round(seconds, 1), "bm25_rss_mb": self_peak_mb()}
    print(json.dumps(built))
    save_result(args.data, f"bm25:{args.index}", built)
    return 0


def cmd_delta(args) -> int:
    """Incremental BM25 at scale: ``--articles`` new articles (copies of existing ones under new ids and a
    distinctive headline) committed to a copy of the index's manifest, then the BM25 delta over them, against the
    index's own BM25 folder (symlinked; never rebuilt: the delta is a file beside it). No store is written."""
    from index.article import Article, Chunk, chunk_id
    from index.lexical import LexicalIndex
    from index.lexical_delta import delta_path
    from index.manifest import Manifest
    from index.replica import _derived_avgdl, _extend

    source, home = args.data / args.index, args.data / f"delta-{args.index}"
    home.mkdir(exist_ok=True)
    if not (home / "manifest.sqlite3").exists():
        shutil.copy2(source / "manifest.sqlite3", home / "manifest.sqlite3")
    if not (home / "bm25").exists():
        os.symlink(source / "bm25", home / "bm25")
    settings = settings_for(home)
    manifest = Manifest(settings.manifest_path)
    for k, (aid,) in enumerate(manifest._conn().execute("SELECT id FROM articles LIMIT ?", (args.articles,))):
        rows = manifest.article_chunk_records(aid)
        article = Article(f"{aid}#delta-{k}", "Zeppelin hangar " + rows[0].title, " ".join(r.text for r in rows),
                          "Delta Wire", f"{aid}#delta-{k}")
        chunks = [Chunk(article.id, r.number, r.text, r.start, r.end) for r in rows]
        manifest.commit_article(article, chunks, [chunk_id(article.id, c.number, article.content_hash)
                                                  for c in chunks], 1)
    version, out = manifest.version(), {"index": args.index, "articles": args.articles}
    started = time.perf_counter()
    current = LexicalIndex.load(settings.bm25_path)
    out["base_load_s"] = time.perf_counter() - started
    started = time.perf_counter()
    out["avgdl"] = current.avgdl or _derived_avgdl(manifest, current)
    out["avgdl_s"] = time.perf_counter() - started
    started = time.perf_counter()
    if not _extend(settings, manifest, current, version):
        raise SystemExit("no delta: past MAX_DELTA_SHARE, or no mean lengths (a full build is not run here)")
    out["delta_s"] = time.perf_counter() - started
    out["delta_chunks"] = len(current.delta.chunk_ids) if current.delta else 0
    started = time.perf_counter()
    again = LexicalIndex.load(settings.bm25_path)
    out["load_with_delta_s"] = time.perf_counter() - started
    out["delta_file_mb"] = delta_path(settings.bm25_path).stat().st_size / 1e6
    out["new_rows_top"] = bool(again.scores("zeppelin hangar").argmax() >= len(again.base_ids))
    out["peak_rss_mb"] = self_peak_mb()
    print(json.dumps(out))
    save_result(args.data, f"delta:{args.index}:{args.articles}", out)
    return 0



# --- reporting --------------------------------------------------------------------------------------
def cmd_report(args) -> int:
    results = json.loads((args.data / "results.json").read_text())
    rows = sorted((r for k, r in results.items() if k.split(":")[0] not in ("build", "bm25", "delta")
                   and r.get("measured_at", "") >= (args.since or "")), key=lambda r: (r["mode"], r["chunks"]))
    print("| chunks | Chroma | dense scores | vectors in store | retrieval p50 / p95 ms | answer p50 / p95 ms | "
          "start s | app peak RSS MB | server peak RSS MB | disk MB | no-change reindex s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        dense = r["vectors"] + (" (forced)" if r.get("variant") else "")
        print(f"| {r['chunks']:,}{' (real)' if r['index'] == 'base' else ''} | {r['mode']} | {dense} | "
              f"{r.get('store_count', r['chunks']):,} | {r['retrieval_p50_ms']:.0f} / {r['retrieval_p95_ms']:.0f} | "
              f"{r['answer_p50_ms']:.0f} / {r['answer_p95_ms']:.0f} | {r['start_s']:.1f} | "
              f"{r['app_peak_rss_mb']:.0f} | {r['server_peak_rss_mb']:.0f} | {r['disk_mb']:.0f} | "
              f"{r['reindex_s']:.1f} |")
    print()
    for r in rows:
        stages = ", ".join(f"{k} {v:.0f}" for k, v in {**r["stage_p50_ms"], **r.get("dense_parts_ms", {})}.items())
        parts = ", ".join(f"{k} {v:.1f}" for k, v in {**r["start_parts_s"], **r["catalog_parts_s"]}.items())
        steps = ", ".join(f"{k} {v:.1f}" for k, v in r["reindex"].get("stages_s", {}).items())
        print(f"- {r['chunks']:,} {r['mode']} {r.get('variant', '')}: retrieval stages p50 ms: {stages}; "
              f"start s: {parts}; reindex s: {steps}")
    for key, built in results.items():
        if key.split(":")[0] in ("build", "bm25", "delta"):
            print(f"- {key}: {json.dumps(built)}")
    if args.png:
        before = []
        if args.before:
            before = [r for k, r in json.loads(args.before.read_text()).items()
                      if k.split(":")[0] not in ("build", "bm25") and r["mode"] == "embedded" and not r.get("variant")]
        plot(rows, args.png, before)
    return 0


def plot(rows: list[dict], png: Path, before: list[dict] | None = None) -> None:
    import matplotlib  # optional heavy dependency: only the report draws

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [("retrieval_p50_ms", "retrieval p50 (ms)", 150), ("answer_p50_ms", "extractive answer p50 (ms)", 250),
              ("start_s", "app start to first answer (s)", 30), ("app_peak_rss_mb", "app peak RSS (MB)", 6000),
              ("reindex_s", "nothing-changed reindex (s)", 30),
              ("generate_p50_ms", "extractive generate p50 (ms)", None)]
    figure, axes = plt.subplots(2, 3, figsize=(13, 7.5))
    for axis, (key, title, target) in zip(axes.flat, panels):
        for mode, variant, marker in (("embedded", "", "o-"), ("server", "", "s--"),
                                      ("embedded", "dense-max-0", "^:")):
            points = sorted((r["chunks"], r[key]) for r in rows
                            if r["mode"] == mode and r.get("variant", "") == variant)
            if points:
                label = f"{mode}, HNSW at every size" if variant else mode
                axis.plot([p[0] for p in points], [p[1] for p in points], marker, label=label)
        points = sorted((r["chunks"], r[key]) for r in before or [])
        if points:
            axis.plot([p[0] for p in points], [p[1] for p in points], "x:", color="grey", label="embedded, before")
        if target:
            axis.axhline(target, color="red", linewidth=0.8, linestyle=":", label="target at 1M")
        axis.set_xscale("log")
        axis.set_title(title)
        axis.set_xlabel("chunks")
        axis.grid(True, alpha=0.3)
    axes.flat[0].legend()
    figure.suptitle("Newsdesk cost against index size (replicated MultiHop-RAG chunks, 2 shared cores)")
    figure.tight_layout()
    figure.savefig(png, dpi=100)
    print(f"plot: {png}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("base", "build", "bm25", "delta", "measure", "report"):
        sub = commands.add_parser(name)
        sub.add_argument("--data", type=Path, default=Path("/work/scale-data"))
        if name == "build":
            sub.add_argument("--chunks", type=int, required=True)
            sub.add_argument("--server", action="store_true", help="write through `chroma run` (else embedded)")
            sub.add_argument("--skip-bm25", action="store_true", help="leave the BM25 build to `bm25`")
            sub.add_argument("--only", choices=["manifest", "chroma"],
                             help="one half (they can run at once: the replicas are deterministic)")
        if name in ("bm25", "delta"):
            sub.add_argument("--index", required=True, help="an embedded index folder under --data")
        if name == "delta":
            sub.add_argument("--articles", type=int, default=1, help="new articles to commit before the delta")
        if name == "measure":
            sub.add_argument("--index", required=True, help="base, embedded-N or server-N (a folder under --data)")
            sub.add_argument("--server", action="store_true", help="serve the index's Chroma folder with `chroma run`")
            sub.add_argument("--server-path", type=Path, help="the Chroma folder to serve (default: the index's)")
            sub.add_argument("--questions", type=int, default=50)
            sub.add_argument("--reindex-runs", type=int, default=1,
                             help="nothing-changed reindexes, each a fresh process (the last is reported; the first "
                             "after an upgrade records the files' stamps, index/unchanged.py)")
            sub.add_argument("--store-partial", action="store_true",
                             help="the store lacks some committed vectors (a build cut short): the reindex "
                             "compares counts instead of re-embedding them")
            sub.add_argument("--dense-in-memory-max", type=int,
                             help="retrieval.dense_in_memory_max_chunks for the app (0: always Chroma's HNSW)")
        if name == "report":
            sub.add_argument("--png", type=Path)
            sub.add_argument("--since", help="only rows measured at or after this UTC time (2026-11-29T10:00)")
            sub.add_argument("--before", type=Path, help="an older results.json: its embedded rows drawn grey")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    commands_by_name = {"base": cmd_base, "build": cmd_build, "bm25": cmd_bm25, "delta": cmd_delta,
                        "measure": cmd_measure, "report": cmd_report}
    return commands_by_name[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
