"""Questions in two parts: each part with its own evidence, and "before"/"after" decided by publication dates.

"Did the Sporting News report on FC Cincinnati come before The Roar's report on Aston Villa?" names two
reports; which came first is a fact about their publication dates, not about what they say. So each part
gets its own best sentence (from the outlet and date it names, from two different articles), and the
answer says "Yes" or "No" only when both were found and the dates differ — never by default. A question
about how the coverage *changed* or whether it was *consistent* is about content, not order: no verdict.

Invariants: a verdict cites both sentences and states both dates; a part without evidence is reported as
not found, and then there is no verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from assistant.evidence import CoverageScorer, Sentence
from assistant.query import QueryAnalysis, content_terms, outlet_aliases

ORDER_WORD = re.compile(r"\b(?P<word>before|after|prior to|earlier than|later than)\b", re.IGNORECASE)
ABOUT_CONTENT = re.compile(r"\b(?:chang\w*|consisten\w*|contradict\w*|differ\w*|similar\w*|compar\w*|agree\w*|"
                           r"inconsisten\w*|portray\w*|same|shift\w*|align\w*|while|whereas|contrast|suggest\w*|attribut\w*|"
                           r"credit\w*|impl(?:y|ies|ied)|claim\w*)\b", re.IGNORECASE)
# each part must be about a publication: "the Sporting News report on …", "… The Roar mentioned …"
REPORT_WORD = re.compile(r"\b(?:report\w*|articles?|publish\w*|mention\w*|cover\w*|discuss\w*|stor(?:y|ies)|"
                         r"wrote|write\w*|piece)\b", re.IGNORECASE)
YES_NO = re.compile(r"^\s*(?:did|was|were|is|has|had|does)\b", re.IGNORECASE)
BEFORE_WORDS = {"before", "prior to", "earlier than"}
NEGATED = re.compile(r"\b(?:fail(?:ed)? to|not|never|n't)\b", re.IGNORECASE)  # "did X fail to report … before …"
MIN_PART_WORDS = 3


@dataclass
class OrderQuestion:
    first: str  # the part before the order word
    word: str  # before | after | prior to | earlier than | later than
    second: str


@dataclass
class Verdict:
    answer: str  # "Yes" | "No"
    first: Sentence
    second: Sentence
    explanation: str


def order_question(question: str) -> OrderQuestion | None:
    """A yes/no question whose two parts are joined by one order word, about order rather than content."""
    if not YES_NO.match(question) or ABOUT_CONTENT.search(question):
        return None
    words = list(ORDER_WORD.finditer(question))
    if len(words) != 1:
        return None
    first, second = question[:words[0].start()], question[words[0].end():]
    if min(len(first.split()), len(second.split())) < MIN_PART_WORDS:
        return None
    if not (REPORT_WORD.search(first) and REPORT_WORD.search(second)):
        return None
    return OrderQuestion(first.strip(), words[0].group("word").lower(), second.strip(" ?"))


def decide_order(order: OrderQuestion, ranked: list[Sentence], analysis: QueryAnalysis,
                 scorer: CoverageScorer) -> Verdict | None:
    first = best_for_part(order.first, ranked, analysis, scorer)
    if first is None:
        return None
    second = best_for_part(order.second, [s for s in ranked if s.passage.article_id != first.passage.article_id],
                           analysis, scorer)
    if second is None:
        return None
    one, two = published(first), published(second)
    if one is None or two is None or one.date() == two.date():
        return None
    holds = (one < two if order.word in BEFORE_WORDS else one > two) != bool(NEGATED.search(order.first))
    relation = "before" if one < two else "after"
    explanation = (f"{describe(first)} was published on {one:%B %-d, %Y}, {relation} {describe(second)} "
                   f"on {two:%B %-d, %Y}.")
    return Verdict("Yes" if holds else "No", first, second, explanation)


def best_for_part(part: str, ranked: list[Sentence], analysis: QueryAnalysis,
                  scorer: CoverageScorer) -> Sentence | None:
    """The sentence that covers this part best, from the outlet it names (if it names one)."""
    outlets = [o for o in analysis.outlets if any(a.lower() in part.lower() for a in outlet_aliases(o))]
    pool = [s for s in ranked if not outlets or s.passage.source in outlets]
    weights = scorer.weights(content_terms(part))
    if not pool or not weights:
        return None
    return max(pool, key=lambda s: scorer.coverage(weights, s.passage.title + " " + s.text))


def published(sentence: Sentence) -> datetime | None:
    try:
        return datetime.fromisoformat(sentence.passage.published_at) if sentence.passage.published_at else None
    except ValueError:
        return None


def describe(sentence: Sentence) -> str:
    passage = sentence.passage
    return f"the {passage.source} article" if passage.source else f"“{passage.title or 'an untitled article'}”"
