"""Query-time latency on the MultiHop-RAG index: Newsdesk retrieval and extractive answers end to end,
and in the same run a plain LangChain baseline (similarity_search k=4 + stuffing the passages into a prompt).

    python bench/answer_bench.py [--limit N]

Uses the eval index (built by `newsdesk eval multihop` on first use) and 1 torch thread, as a busy
server would.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data" / "multihoprag"


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return f"p50 {pick(0.5):.1f} ms, p95 {pick(0.95):.1f} ms"


def timed(fn, items) -> list[float]:
    samples = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    import torch

    from assistant.evaluation.multihop import ensure_indexed, eval_home
    from assistant.prompts import answer_prompt
    from services import Services
    from settings import Settings, offline_environment

    offline_environment()

    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    torch.set_num_threads(1)
    corpus = SHARED / "corpus.json"
    services = Services(eval_home(Settings(), corpus))
    ensure_indexed(services, corpus)
    questions = [q["query"] for q in json.loads((SHARED / "queries_dev.json").read_text())][: args.limit]
    assistant, retriever = services.assistant, services.retriever
    retriever.retrieve(questions[0])
    retrieval = timed(lambda q: retriever.retrieve(q), questions)
    answers = timed(lambda q: assistant.ask(q), questions)

    prompt = answer_prompt()

    def baseline(question: str) -> None:  # what a plain vector-store retriever does: top 4 by cosine, stuffed
        hits = services.store.search(services.embedder.embed_query(question), 4)
        prompt.invoke({"question": question, "passages": "\n\n".join(h.text for h in hits)})

    plain = timed(baseline, questions)
    print(f"queries: {len(questions)} (MultiHop-RAG dev), 1 torch thread")
    print(f"Newsdesk retrieval (hybrid, query understanding): {percentiles(retrieval)}")
    print(f"Newsdesk extractive answer, end to end:            {percentiles(answers)}")
    print(f"plain similarity search k=4 + stuffing:            {percentiles(plain)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
