"""What a follow-up's words weigh, and how they find its sentence in the story the chat is already about.

A follow-up carries the previous turn in parentheses ("how much was he getting paid? (… gary wang …)"): those
words find the story again, but inside it they are everywhere, so the sentences that share most of them are the
lead and the previous answer's, not the one that answers what this turn adds ("paid"). So:

- ``follow_up_weights``: the turn's own words weigh ``FOLLOW_UP_WEIGHT`` times the carried ones; a turn naming its
  own year drops the carried turn's years and figures; a pronoun resolved to an answer the chat gave is context;
- ``refocus_on_story``: a sentence of an article the previous answer cited, already above the coverage floor,
  is covered at least as well as the mean of its coverage and its coverage of the turn's own words that neither the
  carried turn nor an answer the chat gave names ("why did *he* …" → Gary Wang is no new word). Only sentences above
  the floor move, so no question that abstained for want of coverage is answered by this. Measured (bench/RESULTS.md,
  twenty-second round): M +3 (m003, m051, m059), E +1 (e001), bold H +1; it also put a fixtures table first for an
  unanswerable "who won that one?" (e016), which abstains again since "who won" is answered only by the sentence
  quoted saying so. The full own-word coverage in place of the mean lost A+B −2 and E −3; without the floor two
  unanswerable E follow-ups were answered.

Invariant: the weights are the question's (``CoverageScorer.weights``) reweighed, never new terms.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from assistant.evidence import CoverageScorer, Sentence
from assistant.query import content_terms
from assistant.text import NUMBER, YEAR, asked_now

FOLLOW_UP_WEIGHT = 2.0  # the follow-up's own words, against the previous turn it carries


def follow_up_weights(weights: dict[str, float], question: str, terms: Callable[[str], Iterable[str]],
                      answered: Collection[str] = frozenset()) -> dict[str, float]:
    """A follow-up carries the previous turn in parentheses: what it asks now weighs more than that context;
    one that names its own year ("and how much was it in 2023? ($867 's the cheapest 2024 season ticket)")
    asks about another year, so the carried turn's years and figures are dropped. A pronoun the chat resolved
    to an answer it gave ("when did the great dying happen according to *him*" → Michael Mann) is context
    too, not what this turn asks. ``terms``: text → index terms; ``answered``: the chat's short answers."""
    own_words = asked_now(question)
    if own_words == question:
        return weights
    # a pronoun resolves to a name: a year or figure answered before and typed again is still asked now
    resolved = {t for short in answered for t in terms(short) if not NUMBER.fullmatch(t)}
    own_terms = set(terms(content_terms(own_words))) - resolved
    weighed = {t: w * (FOLLOW_UP_WEIGHT if t in own_terms else 1.0) for t, w in weights.items()}
    if YEAR.search(own_words):
        weighed = {t: w for t, w in weighed.items() if t in own_terms or not NUMBER.fullmatch(t)}
    return weighed


def refocus_on_story(ranked: list[Sentence], weights: dict[str, float], question: str, cited: Collection[str],
                     needed: float, scorer: CoverageScorer, answered: Collection[str] = frozenset()) -> bool:
    """Lift the coverage of the cited story's sentences by what the turn itself adds (see the module docstring);
    whether any moved (the caller then orders them again)."""
    own_words = asked_now(question)
    if own_words == question or not cited:
        return False
    # "gary wang" resolved from the carried turn or from an answer the chat gave ("why did *he* …") is no new word
    carried = set(scorer.lexical.terms(question[len(own_words):]))
    carried |= {t for short in answered for t in scorer.lexical.terms(short) if not NUMBER.fullmatch(t)}
    new = set(scorer.lexical.terms(content_terms(own_words))) - carried
    own_weights = {t: w for t, w in weights.items() if t in new}
    if not own_weights or len(own_weights) == len(weights):
        return False
    moved = False
    for sentence in ranked:
        if sentence.passage.article_id in cited and sentence.coverage >= needed:
            own = scorer.coverage_of(own_weights, set(scorer.lexical.terms(sentence.text)))
            if own > sentence.coverage:
                sentence.coverage, moved = (sentence.coverage + own) / 2, True
    return moved
