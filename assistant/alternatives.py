"""Which sentences an answer shows besides the best one: close runners-up when no entity tells them apart,
and a differing answer from another article when two articles disagree.

Invariants: the list is re-ranked already (``assistant.picking``), best first; a runner-up never comes from
below the question's coverage floor, nor from the best's passage unless it gives another answer; a rival
must name every key term and give a definite (digit-bearing) value of the same label, so "this week" against
"Feb. 5" is no disagreement.
"""
from __future__ import annotations

import re

from assistant.evidence import Sentence
from assistant.mentions import mentioned
from assistant.picking import RERANK_DEPTH
from assistant.text import same_words, words_of

CLOSE = 0.12  # a runner-up from another passage this close to the best is shown too (0.08 → 0.12: bench/RESULTS.md)
CONFLICT_GAP = 0.25  # a differing answer from another article this close to the best is shown beside it
MAX_CANDIDATES = 3
MIN_WORDS = 3  # a runner-up shorter than this ("“Oh please.") is a fragment, not a statement


def rival(ranked: list[Sentence], needed: float, key_terms: list[str]) -> Sentence | None:
    """A sentence from another article that answers the same typed question differently ("expires on
    January 1, 2099" against "run out on Feb. 5, 2026") and scores close to the best: then the answer shows
    both, so one article can't decide it alone. Both must name every key term of the question and give a
    definite answer (with digits: "this week" or "two" may not be the same kind of fact)."""
    best = ranked[0] if ranked else None
    if best is None or not key_terms or not definite(best.answer_entity) or not names_all(best, key_terms):
        return None
    for sentence in ranked[1:RERANK_DEPTH]:
        entity = sentence.answer_entity
        if (sentence.in_context >= needed and best.merit - sentence.merit <= CONFLICT_GAP and definite(entity)
                and sentence.passage.article_id != best.passage.article_id
                and getattr(entity, "label", None) == getattr(best.answer_entity, "label", None)
                and names_all(sentence, key_terms)
                and not same_value(entity, best.answer_entity)):
            return sentence
    return None


def definite(entity) -> bool:
    return entity is not None and any(ch.isdigit() for ch in entity.text)


def names_all(sentence: Sentence, key_terms: list[str]) -> bool:
    words = words_of(sentence.text)
    return all(mentioned(term, words) for term in key_terms)


def same_value(a, b) -> bool:
    """"Nov. 16" and "November 16th" are one date; "157,000" and "157000" one number."""
    if a.label in ("DATE", "TIME"):
        import dateparser  # ~0.3 s on first use, and only when two articles' dates are compared

        settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month"]}
        first, second = dateparser.parse(a.text, settings=settings), dateparser.parse(b.text, settings=settings)
        if first and second:
            return (first.month, first.day) == (second.month, second.day) and (
                first.year == second.year or not all(re.search(r"\d{4}", x.text) for x in (a, b)))
    digits = [re.sub(r"[^\d.]", "", x.text) for x in (a, b)]
    first_words, second_words = same_words(a.text), same_words(b.text)
    return digits[0] == digits[1] or first_words in second_words or second_words in first_words


def other_answer(shown: Sentence, sentence: Sentence) -> bool:
    """Both hold an answer to the typed question, and not the same one."""
    a, b = shown.answer_entity, sentence.answer_entity
    return a is not None and b is not None and getattr(a, "label", None) == getattr(b, "label", None) \
        and not same_value(a, b)


def candidates(ranked: list[Sentence], needed: float, typed: bool = True) -> list[Sentence]:
    """The best sentence, and runners-up: for a question that wants an entity, those within ``CLOSE`` of
    it from other passages (the same passage's runner-up says the same thing); for a "why", "what did X
    say", yes/no or open question, where no entity can make one sentence a clear winner, the next best
    that cover the question, up to ``MAX_CANDIDATES`` in all — measured: the best sentence answers such
    questions less often than one of the best three does (bench/RESULTS.md)."""
    best = ranked[0]
    shown = [best]
    for sentence in ranked[1:]:
        if len(shown) == MAX_CANDIDATES or sentence.in_context < needed:
            break
        if len(words_of(sentence.text)) < MIN_WORDS:
            continue  # "“Oh please." — a fragment of a quote shows nothing on its own
        # the same passage's runner-up says the same thing, unless it gives another answer ("33 points" against
        # "27 points" two sentences on): then no entity tells them apart and the reader sees both
        close = best.merit - sentence.merit <= CLOSE and all(
            s.passage.chunk_id != sentence.passage.chunk_id or other_answer(s, sentence) for s in shown)
        if (close or not typed) and all(same_words(s.text) != same_words(sentence.text) for s in shown):
            shown.append(sentence)
    return shown
