"""``newsdesk eval questions``: natural questions (``bench/questions/natural.jsonl``) through the real answer path.

An item is right when
- it should abstain (``abstain: true``) and the answer abstained, or
- it should not, and for every expected article the answer text contains one of its acceptable strings
  (case-insensitive) and a citation's passage contains its evidence substring.
A second, looser score (``cited_answer``, a diagnostic): the answer text holds an acceptable string that one of
its cited passages holds too, from whatever article — a right answer quoted from another story or sentence
than the one the item names. The strict score is the one the targets are set on. A third (``short_right``):
whether the bold short answer that leads an answer to a one-article question is one of its acceptable strings
— an answer quoting the right sentence may still lead with the wrong name or figure.
Follow-ups are replayed as a chat would: each earlier user turn is asked with the history so far, and the
assistant's reply text is appended to the history, so the last turn sees what a reader would have seen.
Relative dates are read against the corpus's last publication day, as in ``eval multihop``.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.evaluation.metrics import mean, percentile
from assistant.evaluation.multihop import _as_of, ensure_indexed, eval_home
from services import Services
from settings import Settings

MIN_SHORT = 3  # a short answer this long may be part of an acceptable string ("Coman" of "Kingsley Coman")


@dataclass
class QuestionsRun:
    metrics: dict
    rows: list[dict]


def load_items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def run_questions(base: Settings, corpus: Path, items: list[dict]) -> QuestionsRun:
    services = Services(eval_home(base, corpus))
    ensure_indexed(services, corpus)
    assistant = services.assistant
    as_of = _as_of(corpus)
    rows = [answer_item(assistant, item, as_of) for item in _progress(items)]
    return QuestionsRun(summarize(rows), rows)


def answer_item(assistant, item: dict, as_of) -> dict:
    history: list[dict] = []
    for earlier in item.get("history", []):
        reply = assistant.ask(earlier, history, as_of=as_of)
        history += [{"role": "user", "content": earlier}, {"role": "assistant", "content": reply.text}]
    answer = assistant.ask(item["question"], history, as_of=as_of)
    cited = [c.text for c in answer.citations]
    return {"id": item["id"], "kind": item["kind"], "half": item.get("half", ""), "question": item["question"],
            "history": item.get("history", []), "should_abstain": bool(item.get("abstain")),
            "abstained": answer.abstained, "right": is_right(item, answer.text, answer.abstained, cited),
            "cited_answer": is_cited_answer(item, answer.text, answer.abstained, cited),
            "single": len(item.get("expected", [])) == 1,
            "short_answer": "" if answer.verdict else answer.short_answer,
            "short_right": short_right(item, "" if answer.verdict else answer.short_answer),
            "answer": answer.text, "standalone": answer.question,
            "citations": [{"n": c.n, "url": c.url, "quote": c.quote} for c in answer.citations],
            "answer_ms": answer.timings.get("total_ms", 0.0)}


def is_right(item: dict, text: str, abstained: bool, cited_passages: list[str]) -> bool:
    if item.get("abstain"):
        return abstained
    if abstained:
        return False
    lowered = text.lower()
    passages = [_flat(p) for p in cited_passages]
    return all(any(a.lower() in lowered for a in part["answers"])
               and any(_flat(part["evidence"]) in p for p in passages) for part in item["expected"])


def is_cited_answer(item: dict, text: str, abstained: bool, cited_passages: list[str]) -> bool:
    if item.get("abstain") or abstained:
        return is_right(item, text, abstained, cited_passages)
    lowered = text.lower()
    passages = [_flat(p) for p in cited_passages]
    return all(any(a.lower() in lowered and any(_flat(a) in p for p in passages) for a in part["answers"])
               for part in item["expected"])


def short_right(item: dict, short: str) -> bool | None:
    """Whether the bold short answer is one of the item's answers (or holds one: "Kingsley Coman" for "Coman");
    ``None`` where there is none to judge: no short answer, or an item without a single expected answer."""
    if not short or item.get("abstain") or len(item.get("expected", [])) != 1:
        return None
    return any(_within(a, short) or (len(short) >= MIN_SHORT and _within(short, a))
               for a in item["expected"][0]["answers"])


def _within(part: str, whole: str) -> bool:
    """``part`` in ``whole`` as whole words ("15" is not in "150 people", "six" not in "sixteen")."""
    return bool(re.search(rf"(?<!\w){re.escape(part.lower())}(?!\w)", whole.lower()))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def summarize(rows: list[dict]) -> dict:
    answerable = [r for r in rows if not r["should_abstain"]]
    unanswerable = [r for r in rows if r["should_abstain"]]
    single = [r for r in answerable if r.get("single", True)]
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["kind"], []).append(row)
    times = [r["answer_ms"] for r in rows]
    return {
        "n": len(rows),
        "right": mean([float(r["right"]) for r in rows]),
        "by_half": {h: mean([float(r["right"]) for r in rows if r["half"] == h])
                    for h in sorted({r["half"] for r in rows})},
        "by_kind": {k: {"n": len(g), "right": mean([float(r["right"]) for r in g])} for k, g in sorted(groups.items())},
        "cited_answer": mean([float(r.get("cited_answer", r["right"])) for r in rows]),
        # the bold short answer: how often one leads an answer to a one-article question, and how often it is right
        "short_given": mean([float(r.get("short_right") is not None) for r in single]),
        "short_right": mean([float(r["short_right"]) for r in single if r.get("short_right") is not None]),
        "abstained_when_unanswerable": mean([float(r["abstained"]) for r in unanswerable]),
        "false_abstention": mean([float(r["abstained"]) for r in answerable]),
        "answer_ms_p50": percentile(times, 50), "answer_ms_p95": percentile(times, 95),
    }


def format_table(metrics: dict) -> str:
    lines = [f"{'kind':<16}{'n':>5}{'right':>8}", "-" * 29]
    lines += [f"{kind:<16}{m['n']:>5}{m['right']:>8.3f}" for kind, m in metrics["by_kind"].items()]
    lines.append(f"{'overall':<16}{metrics['n']:>5}{metrics['right']:>8.3f}")
    halves = ", ".join(f"{h or '-'} {v:.3f}" for h, v in metrics["by_half"].items())
    lines.append(f"halves: {halves}")
    lines.append(f"a right answer its citation holds, from any article: {metrics['cited_answer']:.3f}")
    right = f"{metrics['short_right']:.3f}" if metrics["short_given"] else "n/a"
    lines.append(f"bold short answers: given for {metrics['short_given']:.3f} of one-article questions, "
                 f"right in {right} of them")
    lines.append(f"unanswerable abstained {metrics['abstained_when_unanswerable']:.3f}, "
                 f"false abstention {metrics['false_abstention']:.3f}")
    lines.append(f"answer latency: p50 {metrics['answer_ms_p50']:.1f} ms, p95 {metrics['answer_ms_p95']:.1f} ms")
    return "\n".join(lines)


def _progress(items):
    from tqdm import tqdm

    return tqdm(items, desc="Questions", unit="q", file=sys.stderr, disable=not sys.stderr.isatty())
