"""Subcommands that get answers out: ask, serve, eval."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.evaluation.multihop import format_table as multihop_table
from assistant.evaluation.multihop import run_multihop
from assistant.evaluation.questions import format_table as questions_table
from assistant.evaluation.questions import load_items, run_questions
from assistant.filters import FilterError, parse_filters, validate_history
from assistant.llm import GeneratorUnavailable
from assistant.render import answer_json
from services import Services
from settings import get_settings


def add_commands(commands) -> None:
    ask = commands.add_parser("ask", help="ask a question about the indexed articles")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--history", type=Path, help="JSON list of {role, content} messages")
    ask.add_argument("--source", action="append", default=[], help="only this outlet (repeatable)")
    ask.add_argument("--since", help="published on or after this date")
    ask.add_argument("--until", help="published on or before this date")
    ask.add_argument("--k", type=int, help="passages to retrieve")
    ask.add_argument("--generator", choices=["extractive", "llamacpp", "ollama", "openai"])
    ask.set_defaults(handler=cmd_ask)

    serve = commands.add_parser("serve", help="start the chat window")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(handler=cmd_serve)

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
    questions = benches.add_parser("questions", help="natural questions (bench/questions/natural.jsonl)")
    questions.add_argument("file", type=Path)
    questions.add_argument("--corpus", type=Path, default=Path("../shared/data/multihoprag/corpus.json"))
    questions.add_argument("--out", type=Path)
    questions.add_argument("--half", help="only the items of this half (A, B; natural_c.jsonl is half C)")
    questions.add_argument("--kind", action="append", default=[], help="only items of this kind (repeatable)")
    questions.set_defaults(handler=cmd_eval_questions)


def cmd_eval_multihop(args) -> int:
    for path in (args.corpus, args.queries):
        if not path.is_file():
            print(f"newsdesk eval: {path} is not a file", file=sys.stderr)
            return 2
    settings = get_settings().with_values(retrieval={"mode": args.mode, "understand": not args.no_understanding})
    run = run_multihop(settings, args.corpus, args.queries, args.limit, answer=not args.retrieval_only)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"metrics": run.metrics, "queries": run.queries}, ensure_ascii=False, indent=1))
    print(multihop_table(run.metrics))
    if "answers" in run.metrics:
        print(json.dumps(run.metrics["answers"], indent=1))
    return 0


def cmd_eval_questions(args) -> int:
    for path in (args.file, args.corpus):
        if not path.is_file():
            print(f"newsdesk eval: {path} is not a file", file=sys.stderr)
            return 2
    items = [i for i in load_items(args.file) if (not args.half or i.get("half") == args.half)
             and (not args.kind or i["kind"] in args.kind)]
    run = run_questions(get_settings(), args.corpus, items)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"metrics": run.metrics, "rows": run.rows}, ensure_ascii=False, indent=1))
    print(questions_table(run.metrics))
    return 0


def cmd_ask(args) -> int:
    try:
        history = load_history(args.history) if args.history else []
        filters = build_filters(args.source, args.since, args.until, args.k)
    except ValueError as exc:
        print(f"newsdesk ask: {exc}", file=sys.stderr)
        return 2
    services = Services(get_settings())
    warning = empty_index_warning(services)
    if warning:
        print(warning, file=sys.stderr)
    if services.embedder.query_encoder is not None:
        import_spacy_without_torch()  # before services.assistant imports spaCy
    try:
        answer = services.assistant.ask(args.question, history, filters, args.generator)
    except GeneratorUnavailable as exc:
        print(f"newsdesk ask: {exc}", file=sys.stderr)
        return 3
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False))
        return 0
    print(answer.text)
    for c in answer.citations:
        print(f"  [{c.n}] {c.title} — {c.source or 'unknown outlet'}, {c.published_at[:10] or 'undated'} {c.url}")
        print(f"      “{c.quote}”")
    for u in answer.unsupported:
        print(f"  (dropped, {u.reason}: {u.sentence})")
    return 0


def empty_index_warning(services: Services) -> str:
    """A warning line when the index under NEWSDESK_HOME holds no article (say, `newsdesk` run from another
    folder than the one whose ./data was indexed); empty when it holds some."""
    if services.stats()["articles"]:
        return ""
    return (f"newsdesk: the index in {services.settings.home.resolve()} is empty (set NEWSDESK_HOME to the folder "
            "you indexed into, or add articles with: newsdesk index PATH)")


def import_spacy_without_torch() -> None:
    """Import thinc, spaCy's network library, with torch hidden. thinc imports torch whenever it is installed
    (seconds of a cold start) though en_core_web_sm runs on numpy; when questions are embedded without torch
    (``index.query_encoder``), nothing else in ``ask`` needs it. torch stays importable afterwards (an LLM
    generator or a bf16 embedder may load it); thinc then just does not offer its torch wrappers."""
    if "thinc" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError meanwhile
    try:
        import thinc.api  # noqa: F401
    finally:
        del sys.modules["torch"]


def load_history(path: Path) -> list[dict]:
    try:
        messages = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"--history {path}: not a readable JSON file ({exc.__class__.__name__})") from None
    return validate_history(messages)


def build_filters(sources, since, until, k):
    """The CLI's filters; errors worded with its flags."""
    try:
        return parse_filters(sources, since, until, k)
    except FilterError as exc:
        raise ValueError(cli_wording(exc)) from None


def cli_wording(error) -> str:
    if error.problem == "reversed":
        return f"--since is after --until ({error.value}); nothing could match"
    if error.problem == "out_of_range":
        return "--k must be between 1 and 100"
    return f"--{error.field} {error.value!r} is not a date I can read (try 2023-10-31)"


def cmd_serve(args) -> int:
    from app import serve  # optional heavy dependency: the chat window imports gradio (only for `serve`)

    return serve(host=args.host, port=args.port)
