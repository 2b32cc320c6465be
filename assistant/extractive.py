"""The default, offline answerer: picks verbatim sentences from the retrieved passages.

It is question-type aware (a "when" question needs a date in the sentence, "how many" a number,
"who" a name), quotes each named outlet's evidence for multi-outlet questions, and abstains when no
sentence covers enough of what the question asks.
"""
from __future__ import annotations

from dataclasses import dataclass

from assistant.evidence import CoverageScorer, Sentence, answer_type, fits_type, passage_sentences
from assistant.passage import Passage
from assistant.query import QueryAnalysis, content_terms

MIN_COVERAGE = 0.15  # long, multi-part questions: one sentence covers only part of them
MIN_COVERAGE_SHORT = 0.5  # a short question must be mostly covered by one sentence
SHORT_QUESTION_TERMS = 6
EXTRA_SENTENCE_RATIO = 0.8
OUTLET_SENTENCE_RATIO = 0.6
MAX_SENTENCES = 4  # at most one per named outlet beyond the best
RANK_PRIOR = 0.05
TITLE_SHARE = 0.5
TYPE_BONUS = 0.1


@dataclass
class Draft:
    sentences: list[Sentence]
    abstain_reason: str = ""


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, scorer: CoverageScorer, min_coverage: float = MIN_COVERAGE):
        self.scorer = scorer
        self.min_coverage = min_coverage

    def run(self, analysis: QueryAnalysis, passages: list[Passage]) -> Draft:
        weights = self.scorer.weights(content_terms(analysis.topic or analysis.question))
        if not passages:
            return Draft([], "no indexed article matches the question")
        if not weights:
            return self._outlet_leads(analysis, passages)
        kind = answer_type(analysis.question)
        candidates = passage_sentences(passages)
        for sentence in candidates:
            own = self.scorer.coverage(weights, sentence.text)
            in_context = self.scorer.coverage(weights, sentence.passage.title + " " + sentence.text)
            sentence.coverage = own + TITLE_SHARE * (in_context - own)  # headline terms count, at a discount
        fitting = [s for s in candidates if fits_type(kind, s.text)]
        named = [s for s in fitting if s.passage.source in analysis.outlets]
        ranked = sorted(named or fitting, key=lambda s: -self._score(s, kind))  # named outlets' evidence first
        needed = MIN_COVERAGE_SHORT if len(weights) <= SHORT_QUESTION_TERMS else self.min_coverage
        if not ranked or ranked[0].coverage < needed:
            return Draft([], "no passage in the indexed articles covers what the question asks")
        return Draft(self._compose(ranked, analysis, kind))

    def _outlet_sentence(self, outlet: str, ranked: list[Sentence], analysis: QueryAnalysis,
                         best: Sentence) -> Sentence | None:
        """The outlet's best sentence for the part of the question that names it."""
        pool = [s for s in ranked if s.passage.source == outlet and s.coverage >= OUTLET_SENTENCE_RATIO * best.coverage]
        clause = next((c for c in analysis.clauses if outlet in c.outlets), None)
        if clause is None or not pool:
            return pool[0] if pool else None
        weights = self.scorer.weights(content_terms(clause.text))
        return max(pool, key=lambda s: self.scorer.coverage(weights, s.text) + RANK_PRIOR / (1 + s.passage_rank))

    def _outlet_leads(self, analysis: QueryAnalysis, passages: list[Passage]) -> Draft:
        """"What did X report?" names only outlets: quote the lead sentence of each one's top passage."""
        leads = []
        for outlet in analysis.outlets:
            top = next((s for s in passage_sentences([p for p in passages if p.source == outlet])), None)
            if top:
                leads.append(top)
        if not leads:
            return Draft([], "the question names nothing the articles could be searched for")
        return Draft(leads[:MAX_SENTENCES])

    def _score(self, sentence: Sentence, kind: str) -> float:
        return sentence.coverage + RANK_PRIOR / (1 + sentence.passage_rank) + (TYPE_BONUS if kind != "other" else 0)

    def _compose(self, ranked: list[Sentence], analysis: QueryAnalysis, kind: str) -> list[Sentence]:
        best = ranked[0]
        chosen = [best]
        for outlet in analysis.outlets:  # each named outlet's own evidence
            if all(s.passage.source != outlet for s in chosen):
                own = self._outlet_sentence(outlet, ranked, analysis, best)
                if own:
                    chosen.append(own)
        for sentence in ranked[1:]:  # a close second from another article adds a corroborating source
            if len(chosen) >= 2:
                break
            if sentence.coverage >= EXTRA_SENTENCE_RATIO * best.coverage and \
                    all(sentence.passage.article_id != s.passage.article_id for s in chosen):
                chosen.append(sentence)
        return chosen[:MAX_SENTENCES]
