"""Cold-index benchmark: Newsdesk's pipeline vs the plain LangChain way, same model, same corpus.

    python bench/index_bench.py [--corpus PATH] [--skip-baseline]
    NEWSDESK_EMBEDDING_BACKEND=torch python bench/index_bench.py   # the other document embedder

Prints wall time, chunks/s and peak RSS for: Newsdesk cold index, Newsdesk reindex with nothing
changed, and RecursiveCharacterTextSplitter + HuggingFaceEmbeddings + Chroma.from_documents.
Each measurement runs in its own process so peak RSS is its own.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "multihoprag" / "corpus.json"

NEWSDESK = """
import json, resource, sys, time
from services import Services
from settings import Settings, offline_environment
offline_environment()
services = Services(Settings(home=sys.argv[1]))
started = time.perf_counter()
result = services.indexer().run([sys.argv[2]])
wall = time.perf_counter() - started
chunks = services.stats()["chunks"]
print(json.dumps({"wall_s": wall, "chunks": chunks, "added": result.added, "skipped": result.skipped,
                  "backend": services.settings.index.embedding_backend,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BASELINE = """
import json, resource, sys, time
import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_huggingface import HuggingFaceEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from index.embed import default_model_path
started = time.perf_counter()
articles = json.load(open(sys.argv[2]))
docs = [Document(page_content=a["body"], metadata={"title": a["title"], "url": a["url"]}) for a in articles]
chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
embeddings = HuggingFaceEmbeddings(model_name=default_model_path(), model_kwargs={"device": "cpu"})
client = chromadb.PersistentClient(path=sys.argv[1], settings=ChromaSettings(anonymized_telemetry=False))
Chroma.from_documents(chunks, embeddings, client=client, collection_name="baseline")
wall = time.perf_counter() - started
print(json.dumps({"wall_s": wall, "chunks": len(chunks),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(name: str, m: dict) -> str:
    rate = m["chunks"] / m["wall_s"] if m["wall_s"] else 0
    return f"| {name} | {m['wall_s']:.1f} | {m['chunks']} | {rate:.1f} | {m['peak_rss_mb']:.0f} |"


def load() -> str:
    """The 1-minute load average: on a shared machine, whether a phase ran alone."""
    return f"load {os.getloadavg()[0]:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        home = Path(work) / "home"
        print(f"Newsdesk cold index ({load()})…", file=sys.stderr, flush=True)
        cold = measure(NEWSDESK, str(home), str(args.corpus))
        warm = measure(NEWSDESK, str(home), str(args.corpus))
        print("| pipeline | wall s | chunks | chunks/s | peak RSS MB |\n|---|---|---|---|---|", flush=True)
        print(row("Newsdesk cold index", cold), flush=True)  # printed now: the baseline takes minutes more
        print(row("Newsdesk reindex, nothing changed", warm), flush=True)
        lines = []
        if not args.skip_baseline:
            print(f"LangChain baseline ({load()})…", file=sys.stderr, flush=True)
            baseline = measure(BASELINE, str(Path(work) / "baseline"), str(args.corpus))
            lines.append(row("LangChain plain (Recursive 1000/200 + HuggingFaceEmbeddings + from_documents)",
                             baseline))
            lines.append(f"\nspeed-up (wall, cold): {baseline['wall_s'] / cold['wall_s']:.2f}x ({load()} at the end)")
        lines.append(f"Newsdesk embedding backend: {cold['backend']} (NEWSDESK_EMBEDDING_BACKEND; the converted "
                     "model is cached per machine, see index/onnx_embed.py)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
