"""Sentences of retrieved passages, and how well each one covers a question's content terms.

Coverage is the idf-weighted share of the question's (stemmed, stop-worded) terms that a sentence
contains, so "What is the population of Brazil?" covers nothing in an article about Putin.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.furniture import story_span
from assistant.passage import Passage
from assistant.question import WHEN
from assistant.text import (
    CALENDAR_WORDS,
    DATE_LIKE,
    LEADING_WORDS,
    LED_BY_NAME,
    NAME_LIKE,
    NOT_NAMES,
    NUMBER_LIKE,
    ORG_LIKE,
    SPEAKER_LIKE,
    split_sentences,
)

UNKNOWN_CACHE = 1024


@dataclass
class Sentence:
    passage_rank: int  # position of its passage in the retrieval order
    passage: Passage
    start: int  # offsets inside passage.text
    end: int
    coverage: float = 0.0
    merit: float = 0.0  # coverage plus what the question's intent adds (assistant.picking)
    in_context: float = 0.0  # coverage, lifted by the sentence before it in its passage (assistant.picking)
    answer_entity: object = None  # the entity that answers a typed question (assistant.nlp.Entity)
    by_doer: bool = False  # ... and it is who does what the question asks ("*Accel* led the round")

    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]


def passage_sentences(passages: list[Passage]) -> list[Sentence]:
    """Each passage's sentences in text order, without the page furniture scraped into them (``story_span``):
    a link to another story or a photographer's credit is never quoted as what the story says."""
    spans = ((rank, p, story_span(p.text, s, e)) for rank, p in enumerate(passages) for s, e in split_sentences(p.text))
    return [Sentence(rank, p, s, e) for rank, p, (s, e) in spans if e > s]


class CoverageScorer:
    """idf-weighted term coverage, with the tokenizer and statistics of the sentence index."""

    def __init__(self, lexical, common=lambda word: True):
        self.lexical = lexical
        self.common = common  # word -> is it common English (then its absence from the index says little)
        self._idf: dict[str, float] = {}
        self._unknown: dict[str, tuple[str, ...]] = {}

    def weights(self, text: str) -> dict[str, float]:
        """idf per question term; a term no article uses counts like the rarest used term, so a synonym
        ("expire" for "run out") costs no more than one rare miss."""
        weights = {}
        for term in set(self.lexical.terms(text)):
            if term not in self._idf:
                self._idf[term] = min(self.lexical.idf(term), self.lexical.idf_of_rarest())
            weights[term] = self._idf[term]
        return weights

    def unknown_names(self, text: str) -> list[str]:
        """Words of ``text`` that no indexed sentence uses and that are not common English (not a whole
        word of the embedding model's vocabulary): names the index doesn't know, such as "milei"."""
        if text in self._unknown:  # asked twice per question: before generation and by the extractive answer
            return list(self._unknown[text])
        rarest = self.lexical.idf_of_rarest()
        unknown = []
        for word in re.findall(r"[A-Za-z][\w'’\-]{3,}", text):
            terms = self.lexical.terms(word)
            if terms and all(self.lexical.idf(t) > rarest + 1e-6 for t in terms) and not self.common(word.lower()):
                unknown.append(word)
        if len(self._unknown) > UNKNOWN_CACHE:
            self._unknown.clear()
        self._unknown[text] = tuple(unknown)
        return unknown

    def coverage(self, question_weights: dict[str, float], text: str) -> float:
        return self.coverage_of(question_weights, set(self.lexical.terms(text)))

    @staticmethod
    def coverage_of(question_weights: dict[str, float], present: set[str]) -> float:
        """Coverage of a text already tokenized into ``present`` (one tokenization serves several checks)."""
        total = sum(question_weights.values())
        if not total:
            return 0.0
        return sum(w for term, w in question_weights.items() if term in present) / total


def answer_type(question: str) -> str:
    """The coarse type a candidate sentence must fit (``fits_type``): "when", "span" (a date or a
    number), "number", "who", "yesno" or "other" — coarser than ``read``'s kind, and read off the
    question's start."""
    q = question.strip().lower()
    if q.startswith("how long"):  # "since 2019", "six-hour"
        return "span"
    if WHEN.match(q):  # "in what year …?" too
        return "when"
    if re.match(r"^how (?:many|much)\b", q) or re.search(r"\b(?:how many|how much|what (?:number|percentage|amount))\b", q):
        return "number"
    if re.match(r"^(who|whom|whose)\b", q) or re.search(r"\b(?:which|what) (?:person|individual|company|organi[sz]ation|"
                                                       r"team|player|entity|group|firm|platform)\b", q):
        return "who"
    if re.match(r"^(is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b", q):
        return "yesno"
    return "other"


def fits_type(kind: str, text: str) -> bool:
    if kind == "when":
        return bool(DATE_LIKE.search(text))
    if kind == "span":
        return bool(DATE_LIKE.search(text) or NUMBER_LIKE.search(text))
    if kind == "number":
        return bool(NUMBER_LIKE.search(text))
    if kind == "who":
        return bool(NAME_LIKE.search(text) or ORG_LIKE.search(text) or SPEAKER_LIKE.search(text) or led_by_name(text))
    return True


def led_by_name(text: str) -> bool:
    """The sentence opens with a surname alone, followed by a comma or a verb ("Urann, most notably, invented …")."""
    match = LED_BY_NAME.match(text)
    word = match.group("name") if match else ""
    return bool(word) and word not in LEADING_WORDS and word not in NOT_NAMES and word not in CALENDAR_WORDS
