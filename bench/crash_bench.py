"""kill -9 at random moments while indexing the MultiHop-RAG corpus, then one uninterrupted run.

    python bench/crash_bench.py [--corpus PATH] [--kills 5] [--seed 7] [--refresh-s 15]

After every kill it checks, on the index as the killed run left it: every committed article has all its
chunks in Chroma (nothing half-indexed is visible), no chunk is recorded twice, and `newsdesk stats` and
`newsdesk ask` still work. After the final run: exactly as many articles as the corpus has, no orphan or
duplicate chunks. Prints one row per run. ``--refresh-s`` sets NEWSDESK_LEXICAL_REFRESH_S (default 60 s) lower, so
that runs killed within 45 s have made their committed articles searchable. (CI runs a 60-article version:
tests/test_store_modes.py.)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "multihoprag" / "corpus.json"
NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))
QUESTION = "Who is the founder of FTX that went on trial for fraud?"


def cli(home: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSDESK_HOME": str(home)}
    return subprocess.run([NEWSDESK, *args], env=env, capture_output=True, text=True, timeout=timeout)


def check(home: Path) -> dict:
    """The index as a reader sees it; raises when an invariant is broken."""
    from services import Services
    from settings import Settings

    services = Services(Settings(home=home))
    settings = services.settings
    committed = services.manifest.committed_chunk_ids()
    stored = set(services.store.all_ids())
    with sqlite3.connect(settings.manifest_path) as conn:
        doubled = conn.execute("SELECT COUNT(*) FROM (SELECT article_id, number FROM chunks "
                               "GROUP BY article_id, number HAVING COUNT(*) > 1)").fetchone()[0]
    missing = len(committed - stored)
    stats = cli(home, "stats", "--json")
    asked = cli(home, "ask", QUESTION, "--json")
    if missing or doubled or stats.returncode or asked.returncode:
        raise SystemExit(f"broken index: {missing} missing chunks, {doubled} doubled, stats rc {stats.returncode}, "
                         f"ask rc {asked.returncode}: {asked.stderr[-500:]}")
    answer = json.loads(asked.stdout)
    return {"articles": json.loads(stats.stdout)["articles"], "chunks": len(committed),
            "orphans": len(stored - committed), "answered": not answer["abstained"]}


def killed_run(home: Path, corpus: Path, after_s: float, refresh_s: float) -> float:
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_LEXICAL_REFRESH_S": str(refresh_s)}
    started = time.perf_counter()
    process = subprocess.Popen([NEWSDESK, "index", str(corpus)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=after_s)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--refresh-s", type=float, default=15.0)
    args = parser.parse_args()
    expected = len(json.loads(args.corpus.read_text()))
    rng = random.Random(args.seed)
    print("| run | killed after s | articles visible | chunks | orphan vectors (hidden) | ask answered |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        home = Path(work) / "home"
        for attempt in range(1, args.kills + 1):
            ran = killed_run(home, args.corpus, rng.uniform(4, 45), args.refresh_s)
            state = check(home)
            print(f"| kill {attempt} | {ran:.1f} | {state['articles']} | {state['chunks']} | {state['orphans']} | "
                  f"{state['answered']} |", flush=True)
        final = cli(home, "index", str(args.corpus), "--json")
        counts = json.loads(final.stdout)
        state = check(home)
        print(f"| final, uninterrupted | — | {state['articles']} | {state['chunks']} | {state['orphans']} | "
              f"{state['answered']} |")
        print(f"\nfinal run: {json.dumps(counts)}")
        ok = state["articles"] == expected and state["orphans"] == 0 and not counts["failed"] and state["answered"]
        print(f"expected {expected} articles, no orphans: {'OK' if ok else 'FAILED'}")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
