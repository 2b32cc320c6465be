"""The default, offline answerer: picks verbatim sentences from the retrieved passages.

It is question-type aware (a "when" question needs a date in the sentence, "how many" a number,
"who" a name), quotes each named outlet's evidence for multi-outlet questions, and abstains when no
sentence covers enough of what the question asks.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from assistant.evidence import CoverageScorer, Sentence, answer_type, fits_type, passage_sentences
from assistant.passage import Passage
from assistant.query import Clause, DateRange, QueryAnalysis, content_terms

MIN_COVERAGE = 0.15  # long, multi-part questions: one sentence covers only part of them
MIN_COVERAGE_SHORT = 0.5  # a short question must be mostly covered by one sentence
SHORT_QUESTION_TERMS = 6
EXTRA_SENTENCE_RATIO = 0.8
OUTLET_SENTENCE_RATIO = 0.6
MAX_SENTENCES = 4  # at most one per named outlet beyond the best
RANK_PRIOR = 0.05
TITLE_SHARE = 0.5
TYPE_BONUS = 0.1
SUPPORT_BONUS = 0.1  # per further retrieved passage of the same article, when choosing an outlet's sentence
DATE_BONUS = 0.2  # "the report published on October 7": that day's article is the one meant
DATE_SLACK = timedelta(days=1)


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
        if not passages:  # before anything reads the BM25 statistics: there may be no BM25 index yet
            return Draft([], "no indexed article matches the question")
        weights = self.scorer.weights(content_terms(analysis.topic or analysis.question))
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
        ranked = sorted(named or fitting, key=lambda s: -self._score(s, kind, analysis.dates))  # named outlets first
        needed = MIN_COVERAGE_SHORT if len(weights) <= SHORT_QUESTION_TERMS else self.min_coverage
        if not ranked or ranked[0].coverage < needed:
            return Draft([], "no passage in the indexed articles covers what the question asks")
        return Draft(self._compose(ranked, analysis, Counter(p.article_id for p in passages)))

    def _best_for(self, clause: Clause | None, candidates: list[Sentence], best: Sentence,
                  support: Counter) -> Sentence | None:
        """The best candidate for the part of the question (``clause``) that names an outlet or date.

        An article that retrieval returned several passages of is more likely the one meant."""
        pool = [s for s in candidates if s.coverage >= OUTLET_SENTENCE_RATIO * best.coverage]
        if not pool:
            return None
        weights = self.scorer.weights(content_terms(clause.text)) if clause else {}

        def merit(sentence: Sentence) -> float:
            fit = (self.scorer.coverage(weights, sentence.text) + RANK_PRIOR / (1 + sentence.passage_rank)
                   + DATE_BONUS * published_within(sentence.passage, clause.dates)) if clause else 0.0
            return fit + SUPPORT_BONUS * (support[sentence.passage.article_id] - 1)

        return max(pool, key=merit)  # the first of equals: ``pool`` is in ranked order

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

    def _score(self, sentence: Sentence, kind: str, dates: list[DateRange] = ()) -> float:
        return (sentence.coverage + RANK_PRIOR / (1 + sentence.passage_rank) + (TYPE_BONUS if kind != "other" else 0)
                + DATE_BONUS * published_within(sentence.passage, dates))

    def _compose(self, ranked: list[Sentence], analysis: QueryAnalysis, support: Counter) -> list[Sentence]:
        best = ranked[0]
        chosen = [best]
        for clause in analysis.clauses:  # each article the question describes by outlet or date
            if (clause.outlets or clause.dates) and not any(fits_clause(s, clause) for s in chosen):
                own = self._best_for(clause, [s for s in ranked if fits_clause(s, clause)], best, support)
                if own and own not in chosen:
                    chosen.append(own)
        for outlet in analysis.outlets:  # each named outlet's own evidence
            if all(s.passage.source != outlet for s in chosen):
                clause = next((c for c in analysis.clauses if outlet in c.outlets), None)
                own = self._best_for(clause, [s for s in ranked if s.passage.source == outlet], best, support)
                if own:
                    chosen.append(own)
        for sentence in ranked[1:]:  # a close second from another article adds a corroborating source
            if len(chosen) >= 2:
                break
            if sentence.coverage >= EXTRA_SENTENCE_RATIO * best.coverage and \
                    all(sentence.passage.article_id != s.passage.article_id for s in chosen):
                chosen.append(sentence)
        return chosen[:MAX_SENTENCES]


def published_within(passage: Passage, dates: list[DateRange]) -> bool:
    if not dates or not passage.published_at:
        return False
    moment = datetime.fromisoformat(passage.published_at)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return any(d.start - DATE_SLACK <= moment < d.end + DATE_SLACK for d in dates)


def fits_clause(sentence: Sentence, clause: Clause) -> bool:
    passage = sentence.passage
    return ((not clause.outlets or passage.source in clause.outlets)
            and (not clause.dates or published_within(passage, clause.dates)))
