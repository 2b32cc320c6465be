"""Load: 50 concurrent questions (gradio_client, a fresh Client each) while the app reindexes.

    python bench/load_bench.py [--questions 50] [--articles 40]

Starts the real app on a free loopback port with the seed article indexed, starts a reindex of
MultiHop-RAG articles through the app's `index` endpoint, fires the questions at `ask` meanwhile,
checks every answer, then asks about an article that only the reindex brought in.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "multihoprag" / "corpus.json"
CHECKS = [("When does the New START treaty expire?", "Feb. 5, 2026", False),
          ("Who is Trump's Special Envoy for Ukraine and Russia?", "Keith Kellogg", False),
          ("Is Russia ready to discuss nuclear arms control?", "nuclear arms control", False),
          ("What is the population of Brazil?", "don't say", True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(home: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_PORT": str(free_port()),
           "NEWSDESK_APP_INDEX_FOLDERS": "true"}  # the reindex names a server file (an admin's setting)
    subprocess.run([sys.executable, "-m", "assistant.cli", "index", str(ROOT / "seeds")], env=env, cwd=ROOT,
                   check=True, capture_output=True)
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{env['NEWSDESK_PORT']}/"
    for _ in range(240):
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the app did not start")


def ask(url: str, index: int) -> tuple[float, str]:
    from gradio_client import Client

    question, expected, abstain = CHECKS[index % len(CHECKS)]
    started = time.perf_counter()
    try:
        result = Client(url, verbose=False).predict(question, [], api_name="/ask")
    except Exception as exc:  # noqa: BLE001 (an error is a result here: it is counted, not raised)
        return time.perf_counter() - started, f"error: {exc.__class__.__name__}: {exc}"
    elapsed = time.perf_counter() - started
    correct = expected in result["answer"] and result["abstained"] == abstain
    return elapsed, "" if correct else f"wrong answer to {question!r}: {result['answer'][:120]}"


def summary(results: list[tuple[float, str]]) -> str:
    latencies = sorted(r[0] * 1000 for r in results)
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return f"latency p50 {pick(0.5):.0f} ms, p95 {pick(0.95):.0f} ms, max {latencies[-1]:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--articles", type=int, default=40)
    args = parser.parse_args()
    from gradio_client import Client

    with tempfile.TemporaryDirectory() as work:
        batch = Path(work) / "batch.json"
        articles = json.loads(CORPUS.read_text())[: args.articles]
        batch.write_text(json.dumps(articles))
        process, url = start_app(Path(work) / "home")
        try:
            with ThreadPoolExecutor(max_workers=args.questions) as pool:  # baseline: same load, no reindex
                idle = list(pool.map(lambda i: ask(url, i), range(args.questions)))
            reindex: dict = {}
            started = time.perf_counter()
            worker = threading.Thread(target=lambda: reindex.update(
                Client(url, verbose=False).predict([str(batch)], api_name="/index")))
            worker.start()
            time.sleep(2)
            with ThreadPoolExecutor(max_workers=args.questions) as pool:
                results = list(pool.map(lambda i: ask(url, i), range(args.questions)))
            during = worker.is_alive()
            worker.join()
            reindex_s = time.perf_counter() - started
            title = articles[0]["title"]
            after = Client(url, verbose=False).predict(f"{title}?", [], api_name="/ask")
        finally:
            process.terminate()
            process.wait(timeout=30)
    problems = [r[1] for r in idle + results if r[1]]
    print(f"baseline, no reindex: {summary(idle)}")
    print(f"{args.questions} concurrent questions while reindexing {args.articles} articles "
          f"(reindex still running when all answers were back: {during}; reindex took {reindex_s:.1f} s, "
          f"added {reindex.get('added')}, failed {len(reindex.get('failed', []))})")
    print(f"during the reindex:   {summary(results)}")
    print(f"errors or wrong answers: {len(problems)}")
    for problem in problems[:10]:
        print("  ", problem)
    new_cited = any(c["title"] == title for c in after["citations"])
    print(f"new article answerable after the reindex: {new_cited}")
    return 1 if problems or not new_cited else 0


if __name__ == "__main__":
    sys.exit(main())
