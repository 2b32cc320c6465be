"""Subcommands that get answers out: ask, serve, eval."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from index.settings import get_settings


def add_commands(commands) -> None:
    evaluate = commands.add_parser("eval", help="measure retrieval and answers on a benchmark")
    benches = evaluate.add_subparsers(title="benchmarks")
    multihop = benches.add_parser("multihop", help="MultiHop-RAG (news, 2023)")
    multihop.add_argument("--corpus", required=True, type=Path)
    multihop.add_argument("--queries", required=True, type=Path)
    multihop.add_argument("--out", required=True, type=Path)
    multihop.add_argument("--limit", type=int)
    multihop.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid",
                          help="retrieval mode (bm25/dense: ablations for the benchmark table)")
    multihop.add_argument("--no-understanding", action="store_true",
                          help="ignore outlets and dates named in questions (ablation)")
    multihop.add_argument("--retrieval-only", action="store_true", help="skip the answer path")
    multihop.set_defaults(handler=cmd_eval_multihop)


def cmd_eval_multihop(args) -> int:
    from assistant.evaluation.multihop import format_table, run_multihop
    from assistant.retriever import RetrievalConfig

    for path in (args.corpus, args.queries):
        if not path.is_file():
            print(f"newsdesk eval: {path} is not a file", file=sys.stderr)
            return 2
    config = RetrievalConfig(mode=args.mode, understand=not args.no_understanding)
    run = run_multihop(get_settings(), args.corpus, args.queries, args.limit, config,
                       answer=not args.retrieval_only)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"metrics": run.metrics, "queries": run.queries}, ensure_ascii=False, indent=1))
    print(format_table(run.metrics))
    if "answers" in run.metrics:
        print(json.dumps(run.metrics["answers"], indent=1))
    return 0
