"""Citation composition: verbatim sentences numbered by the passage they came from.

Invariants: every [n] in a composed answer resolves to a Citation whose ``text[start:end]`` is the quoted
sentence (``spans``); a passage quoted twice gets one number; an LLM's sentences are renumbered 1..n in the
order they cite passages, each citation quoting the passage's sentence that best supports the claim.
"""
from __future__ import annotations

from assistant.answer import Answer, Citation
from assistant.evidence import CoverageScorer, Sentence, passage_sentences
from assistant.parts import Verdict
from assistant.passage import Passage
from assistant.short_answer import ShortAnswer


def abstention(text: str, reason: str) -> Answer:
    return Answer(text, abstained=True, abstain_reason=reason)


def compose(sentences: list[Sentence], short: ShortAnswer | None = None, verdict: Verdict | None = None,
            parts: list | None = None, rival: Sentence | None = None) -> Answer:
    """Verbatim sentences, each followed by the number of the passage it came from; a short answer (or a
    yes/no verdict with the dates that decide it) first; for a question that asks two things, one line per
    part ("… — not found in the indexed articles" when a part has no answer)."""
    numbers: dict[str, int] = {}
    grouped: dict[str, list[Sentence]] = {}

    def number(sentence: Sentence) -> int:
        key = sentence.passage.chunk_id
        group = grouped.setdefault(key, [])
        if all((s.start, s.end) != (sentence.start, sentence.end) for s in group):
            group.append(sentence)
        return numbers.setdefault(key, len(numbers) + 1)

    def quoted(short: ShortAnswer | None, sentences: list[Sentence]) -> list[str]:
        lead = [f"{short.name} [{number(short.sentence)}]."] if short else []
        return lead + [f"{sentence.text} [{number(sentence)}]" for sentence in sentences]

    if parts:
        text = "\n".join(f"{part.rstrip('?')}? — " + (" ".join(quoted(d.short_answer, d.sentences)) if d.sentences
                                                     else "not found in the indexed articles.")
                         for part, d in parts)
    else:
        lead = [f"{verdict.answer} [{number(verdict.first)}][{number(verdict.second)}]. {verdict.explanation}"] \
            if verdict else [disagreement(sentences[0], rival, number)] if rival else []
        text = " ".join(quoted(short, []) + lead + quoted(None, sentences))
    citations = [citation(numbers[key], group[0].passage, [(s.start, s.end) for s in group])
                 for key, group in grouped.items()]
    lead_text = short.name if short else verdict.answer if verdict else ""
    return Answer(text, citations, short_answer=lead_text, verdict=verdict.answer if verdict else "")


def disagreement(best: Sentence, rival: Sentence, number) -> str:
    """"The articles differ: Feb. 5, 2026 [1] (Reuters, 2025-01-20) against January 1, 2099 [2] (…)"."""
    def side(sentence: Sentence) -> str:
        where = ", ".join(x for x in (sentence.passage.source, (sentence.passage.published_at or "")[:10]) if x)
        value = getattr(sentence.answer_entity, "text", "")  # set by the picker for typed questions
        return f"{value} [{number(sentence)}]" + (f" ({where})" if where else "")

    return f"The articles differ: {side(best)} against {side(rival)}."


def cite_generated(kept, passages: list[Passage], scorer: CoverageScorer) -> Answer:
    """Renumber the surviving sentences' citations 1..n and quote each passage's best supporting sentence."""
    renumber: dict[int, int] = {}
    parts: list[str] = []
    quotes: dict[int, list[tuple[int, int]]] = {}
    for sentence in kept:
        marks = []
        for n in dict.fromkeys(sentence.cited):
            renumber.setdefault(n, len(renumber) + 1)
            marks.append(f"[{renumber[n]}]")
            quotes.setdefault(n, []).append(best_sentence(sentence.text, passages[n - 1], scorer))
        parts.append(f"{sentence.text} {''.join(marks)}")
    citations = [citation(new, passages[old - 1], sorted(set(quotes[old]))) for old, new in renumber.items()]
    return Answer(" ".join(parts), citations)


def best_sentence(claim: str, passage: Passage, scorer: CoverageScorer) -> tuple[int, int]:
    weights = scorer.weights(claim)
    candidates = passage_sentences([passage])
    best = max(candidates, key=lambda s: scorer.coverage(weights, s.text))
    return best.start, best.end


def citation(n: int, passage: Passage, spans: list[tuple[int, int]]) -> Citation:
    quote = " ".join(passage.text[s:e] for s, e in spans)
    return Citation(n, passage.article_id, passage.title, passage.source, passage.url, passage.published_at,
                    passage.author, passage.text, quote, spans)
