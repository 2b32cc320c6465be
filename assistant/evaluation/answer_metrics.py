"""Answer metrics for ``newsdesk eval multihop``: abstention on null queries, false abstention on the
others, containment of the gold answer per question type, and citations into gold evidence articles."""
from __future__ import annotations

from assistant.evaluation.metrics import mean
from assistant.parts import order_question


def make_answerer(assistant):
    """``answer(question, as_of) -> row fields`` over an ``assistant.assistant.Assistant``."""

    def answer(question: str, as_of) -> dict:
        result = assistant.ask(question, as_of=as_of)
        return {"answer": result.text, "abstained": result.abstained, "verdict": result.verdict,
                "citations": [{"n": c.n, "url": c.url, "text": c.text} for c in result.citations],
                "answer_ms": result.timings.get("total_ms", 0.0)}

    return answer


def answer_metrics(queries: list[dict], rows: list[dict]) -> dict:
    null = [r for q, r in zip(queries, rows) if q.get("question_type") == "null_query"]
    real = [(q, r) for q, r in zip(queries, rows) if q.get("question_type") != "null_query"]
    containment: dict[str, list[float]] = {}  # abstentions count as misses
    when_answered: dict[str, list[float]] = {}
    cited_gold: list[float] = []
    for query, row in real:
        gold = query.get("answer", "").strip().rstrip(".").lower()
        hit = float(not row["abstained"] and bool(gold) and gold in row["answer"].lower())
        containment.setdefault(query["question_type"], []).append(hit)
        if not row["abstained"]:
            when_answered.setdefault(query["question_type"], []).append(hit)
        gold_urls = {e["url"] for e in query.get("evidence_list", [])}
        cited_gold.extend(float(c["url"] in gold_urls) for c in row["citations"])
    times = sorted(r.get("answer_ms", 0.0) for r in rows)
    order = order_verdicts(queries, rows)
    return {
        "null_abstention": mean([float(r["abstained"]) for r in null]),
        "false_abstention": mean([float(r["abstained"]) for _, r in real]),
        "containment": {t: mean(v) for t, v in containment.items()},
        "containment_when_answered": {t: mean(v) for t, v in when_answered.items()},
        "citations_into_gold_article": mean(cited_gold),
        "order_questions": len(order),
        "order_verdict_accuracy": mean(order),
        "answer_ms_p50": times[len(times) // 2] if times else 0.0,
        "answer_ms_p95": times[min(len(times) - 1, int(len(times) * 0.95))] if times else 0.0,
    }


def order_verdicts(queries: list[dict], rows: list[dict]) -> list[float]:
    """For yes/no questions about which of two reports came first (``assistant.parts``): 1 when the
    verdict matches the gold answer, 0 when it doesn't or when there is none."""
    return [float((row.get("verdict") or "").lower() == query["answer"].strip().lower())
            for query, row in zip(queries, rows)
            if query.get("answer", "").strip().lower() in ("yes", "no") and order_question(query["query"])]
