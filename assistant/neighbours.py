"""A sentence's neighbours in its passage: the one after it (an answer often follows the sentence that restates
the question), the one before it (a "why" result's reason), and the context a quote is read in (for its later
sentences, and for a quote by "he"/"she", the sentences that introduced the speaker).

Invariants: neighbours come from the same passage only (``chunk_id``), by character offsets; nothing here
reads spaCy or the index.
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant.evidence import Sentence
from assistant.text import DATELINE, QUOTE_MARK, STOP_SET, split_sentences, words_of

GLUED_SENTENCE = re.compile(r"[a-z][.!](?=[A-Z“\"])")
OPEN_STRAIGHT_QUOTE = re.compile(r"(?:^|[\s:(])\"(?=\w)[^\"]*$")  # an opening straight quote, not closed after


def successors(head: list[Sentence], pool: list[Sentence]) -> list[Sentence]:
    """The sentence right after each of ``head`` in its passage, from ``pool``, when not in ``head``."""
    by_chunk: dict[str, list[Sentence]] = {}
    for sentence in pool:
        by_chunk.setdefault(sentence.passage.chunk_id, []).append(sentence)
    have = {id(s) for s in head}
    found = []
    for sentence in head:
        later = [s for s in by_chunk[sentence.passage.chunk_id] if s.start >= sentence.end]
        after = min(later, key=lambda s: s.start, default=None)
        if after is not None and id(after) not in have:
            have.add(id(after))
            found.append(after)
    return found


def predecessor(sentence: Sentence, pool: list[Sentence]) -> Sentence | None:
    """The sentence right before ``sentence`` in its passage, from ``pool``."""
    earlier = [s for s in pool if s.passage.chunk_id == sentence.passage.chunk_id and s.end <= sentence.start]
    return max(earlier, key=lambda s: s.end, default=None)


def quote_context(ranked: list[Sentence]) -> dict[int, float]:
    """For each sentence that goes on with a quote ("“What's hilarious …,” he said. “But I will say I have
    been trying to get all those tweets deleted."), the context it is read in: that of the sentence before
    it, carried along the whole quote — a speaker's third sentence is as much about the question as the
    sentence that introduced the speaker. A quote by "he"/"she" after a sentence quoting no one ("Arteta was
    not happy. He said: “…”") is read in the best of the two sentences before it. Keyed by ``id`` of the
    sentence; others are not in it (and a non-empty result makes the re-rank prefer, among sentences one
    context lifts alike, the one using the question's words)."""
    by_chunk: dict[str, list[Sentence]] = {}
    for sentence in ranked:
        by_chunk.setdefault(sentence.passage.chunk_id, []).append(sentence)
    carried: dict[int, float] = {}
    for sentences in by_chunk.values():
        sentences.sort(key=lambda s: s.start)
        context = read_in = sentences[0].coverage  # read_in: the better coverage of the two sentences before
        for previous, sentence in zip(sentences, sentences[1:]):
            if goes_on_quoting(previous.text, sentence.text):
                carried[id(sentence)] = context
                context = max(context, sentence.coverage)
            elif by_pronoun(sentence.text) and not QUOTE_MARK.search(previous.text):
                # "Arteta was not happy after the game. He said: “That wasn't a human error.”": the quote is
                # read in the context that introduced its speaker, and that sentence's own context
                carried[id(sentence)] = context = max(previous.coverage, read_in, sentence.coverage)
            else:  # read against the sentence before it only
                context = max(previous.coverage, sentence.coverage)
            read_in = max(previous.coverage, sentence.coverage)
    return carried


PRONOUN_SPEAKS = re.compile(r"(?:^|[,”\"]\s*)(?:he|she|they)\s+(?:said|says|added|adds|told|tells|explained|wrote|"
                            r"continued|insisted|admitted|declared|noted|recalled|joked|quipped)\b", re.IGNORECASE)


def by_pronoun(text: str) -> bool:
    """A quote its speaker gives as "he"/"she"/"they" ("He said: “…”", "“…,” she added")."""
    return bool(QUOTE_MARK.search(text) and PRONOUN_SPEAKS.search(text))


def goes_on_quoting(previous: str, text: str) -> bool:
    """``text`` continues a quote of ``previous``: it opens with a quotation mark, or is inside one that
    ``previous`` left open, and ``previous`` quotes someone."""
    marks = len(QUOTE_MARK.findall(previous))
    opened = (text.lstrip()[:1] in ("“", '"') or previous.count("“") > previous.count("”")
              or bool(OPEN_STRAIGHT_QUOTE.search(previous)))  # 'He said: "That wasn't a human error.'
    return marks > 0 and opened


def successor(sentence: Sentence, pool: list[Sentence]) -> Sentence | None:
    """The sentence right after ``sentence`` in its passage, from ``pool``."""
    later = [s for s in pool if s.passage.chunk_id == sentence.passage.chunk_id and s.start >= sentence.end]
    return min(later, key=lambda s: s.start, default=None)


def quote_goes_on(sentence: Sentence, pool: list[Sentence]) -> Sentence | None:
    """The sentence after ``sentence`` in its passage when it goes on with the quote ``sentence`` gives
    ("“In defendants’ world: …,” Engoron wrote. “That is a fantasy world, not the real world.”"): the
    speaker's next words belong to the same answer."""
    after = successor(sentence, pool)
    return after if after is not None and goes_on_quoting(sentence.text, after.text) else None


def previous_coverage(sentence: Sentence, coverage: dict[tuple[str, int], float]) -> float:
    """Coverage of the sentence before ``sentence`` in its passage (0 when it has none)."""
    ends = [end for (chunk, end) in coverage if chunk == sentence.passage.chunk_id and end <= sentence.start]
    return coverage[(sentence.passage.chunk_id, max(ends))] if ends else 0.0


def asks(text: str) -> bool:
    """The sentence is a question ("“The most annoying thing?", "Following manufacturing and warehouses, what
    is the next major category for robotics?"): an interview's or a writer's own, which what follows answers."""
    # "… sent out early by mistake.WHAT DISCOVERY WON THE NOBEL PRIZE?": a subheading glued on is no question
    return text.rstrip(" \"'”’)").endswith("?") and not GLUED_SENTENCE.search(text)


def restates(question: str, text: str) -> bool:
    """The sentence uses no word the question doesn't ("ChatGPT's release timing couldn't have been better." for
    "why does Engadget say ChatGPT's release timing couldn't have been better?"): it tells nothing the question
    doesn't; the sentence after it may. (Over the tune sets' 578 one-article questions only h031's first quote was
    such a sentence; letting through up to two new words instead moved 4 right answers and 1 wrong one.)"""
    # a yes/no or either-or question is answered in its own words ("is the strike over?" → "The strike is not over.")
    if WHETHER.match(question) or " or " in question:
        return False
    own = words_of(text) - STOP_SET
    return bool(own) and own <= words_of(question) and not (NEGATION.search(text) and not NEGATION.search(question))


WHETHER = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|"
                     r"should)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|no|never|nobody|nothing)\b|n['’]t\b", re.IGNORECASE)


def after_questions(ranked: list[Sentence]) -> set[int]:
    """``id`` of each sentence that comes right after a question in its passage."""
    by_chunk: dict[str, list[Sentence]] = {}
    for sentence in ranked:
        by_chunk.setdefault(sentence.passage.chunk_id, []).append(sentence)
    found = set()
    for sentences in by_chunk.values():
        sentences.sort(key=lambda s: s.start)
        found |= {id(s) for previous, s in zip(sentences, sentences[1:]) if asks(previous.text)}
    return found


LEAD_SENTENCES = 2


def leads(sentence: Sentence) -> bool:
    """One of the first ``LEAD_SENTENCES`` sentences of its article."""
    if sentence.passage.chunk_number != 0:
        return False
    return len(split_sentences(sentence.passage.text, 0, sentence.start)) < LEAD_SENTENCES


def dateline(sentence: Sentence) -> tuple[nlp.Entity, ...]:
    """The place of a story's dateline ("T-MOBILE ARENA, LAS VEGAS — Reports of …"), from its first sentence."""
    match = DATELINE.match(sentence.text) if leads(sentence) else None
    if match is None or len(match.group("place")) < 3:
        return ()
    return (nlp.Entity(match.group("place"), "GPE", match.start("place"), match.end("place")),)


def explained(text: str) -> bool:
    """A quote its speaker is said to give ("“I think the landscape evolved faster,” he explains"): how news
    reports a reason in the words of the one who had it."""
    return bool(QUOTE_MARK.search(text)) and bool(nlp.speaker_subjects(text))
