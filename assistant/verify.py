"""Checks every sentence of a generated answer against the passages it cites.

A sentence is unsupported when it cites nothing, cites a number that points at no passage, states a
number or a name that appears in none of its cited passages, or shares too little with them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer import Unsupported
from assistant.evidence import CoverageScorer
from assistant.passage import Passage
from assistant.text import CAPITALISED_WORD, MARKER, NOT_NAMES, NUMBER, split_sentences

MIN_SUPPORT = 0.6


@dataclass
class CheckedSentence:
    text: str  # without markers
    cited: list[int] = field(default_factory=list)  # 1-based passage numbers


@dataclass
class Verification:
    kept: list[CheckedSentence]
    unsupported: list[Unsupported]


def split_answer(answer: str) -> list[CheckedSentence]:
    """Answer sentences with the [n] markers that follow or sit inside them."""
    pieces: list[CheckedSentence] = []
    for start, end in split_sentences(answer):
        raw = answer[start:end]
        cited = [int(n) for n in MARKER.findall(raw)]
        text = MARKER.sub("", raw).strip()
        if not text and pieces:  # a lone "[2]" belongs to the sentence before it
            pieces[-1].cited.extend(cited)
        elif text:
            pieces.append(CheckedSentence(text, cited))
    return pieces


class Verifier:
    def __init__(self, scorer: CoverageScorer, min_support: float = MIN_SUPPORT):
        self.scorer = scorer
        self.min_support = min_support

    def run(self, answer: str, passages: list[Passage]) -> Verification:
        kept, unsupported = [], []
        for sentence in split_answer(answer):
            reason = self.problem(sentence, passages)
            if reason:
                unsupported.append(Unsupported(sentence.text, reason))
            else:
                kept.append(sentence)
        return Verification(kept, unsupported)

    def problem(self, sentence: CheckedSentence, passages: list[Passage]) -> str:
        if not sentence.cited:
            return "cites no passage"
        dangling = [n for n in sentence.cited if not 1 <= n <= len(passages)]
        if dangling:
            return f"citation [{dangling[0]}] points at no passage"
        cited_text = " ".join(passages[n - 1].title + " " + passages[n - 1].text for n in set(sentence.cited))
        flat = cited_text.replace(",", "")
        for number in NUMBER.findall(sentence.text):
            if number.replace(",", "").rstrip(".") not in flat:
                return f"the number {number} appears in none of the cited passages"
        for name in CAPITALISED_WORD.findall(sentence.text):
            if name not in NOT_NAMES and name.lower() not in cited_text.lower():
                return f"the name {name} appears in none of the cited passages"
        weights = self.scorer.weights(sentence.text)
        if weights and self.scorer.coverage(weights, cited_text) < self.min_support:
            return "the cited passages do not support it"
        return ""
