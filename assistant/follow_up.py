"""Whether a chat turn follows up on the one before, or asks anew.

A turn that points back (a pronoun, "that", "and …", "who else …") or is short is read as a follow-up: the
previous turn rides along and its pronouns are resolved (``assistant.conversation``). But a question naming a
topic of its own that the chat has not named asks anew, short or not ("who founded Discogs?" after a question
on OpenAI): carrying the other topic along misleads retrieval. Measured on the 199 one-article questions of
``natural.jsonl`` asked after an unrelated first turn (each after another item's question): right 0.719 when
every such turn was a follow-up, 0.799 with this check, 0.809 asked with no history (bench/RESULTS.md); no
follow-up of any natural set changed.
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant import question as questions
from assistant.mentions import mentioned
from assistant.text import FOLLOW_UP_PRONOUN, MARKER, words_of

RARE_ZIPF = 3.5  # wordfreq: "discogs" 2.2, "cranberry" 3.2, "pebble" 3.3; "costumes" 3.9, "fee" 4.5
# what points outside the question: a pronoun, or "that"/"this"/"there", but not "this year"
POINTING = re.compile(r"\b(he|she|him|her|they|them|it|his|its|their|this|that|these|those|there)\b"
                      r"(?! (?:year|week|month|season|weekend|morning|afternoon|evening|time)\b)", re.IGNORECASE)
# pronouns a name earlier in the same question binds ("what did travis kelce say about *his* tweets?"); "that",
# "this", "there" point back to the chat ("what was that deal worth?")
BOUND = frozenset({"he", "she", "him", "her", "his", "hers", "it", "its", "they", "them", "their"})
FOLLOW_UP_START = re.compile(r"^\s*(and|also|what about|how about|so|then|but|what else|anything else|compared)\b",
                             re.IGNORECASE)
SHORT_QUESTION_WORDS = 5
ASKS_FOR_MORE = re.compile(r"\b(?:else|another|other)\b", re.IGNORECASE)  # "who else took part in the test?"


def is_follow_up(question: str) -> bool:
    return bool(FOLLOW_UP_PRONOUN.search(question) or FOLLOW_UP_START.search(question) or ASKS_FOR_MORE.search(question)
                or len(question.split()) <= SHORT_QUESTION_WORDS)


def asks_anew(question: str, previous: str, reply: str) -> bool:
    """A question naming a topic of its own that the chat has not named asks anew ("who founded Discogs?" after
    a question on OpenAI), short or not, unless it opens as a follow-up does ("and …", "what about …", "who
    else …") or a pronoun or "that" in it points outside it ("when did *he* join?", "what was *that* deal
    worth?"). Its topic: its key terms, and words rarer than everyday English (``rare_words``)."""
    if FOLLOW_UP_START.search(question) or ASKS_FOR_MORE.search(question):
        return False
    terms = questions.key_terms(question) + rare_words(question)
    told = words_of(f"{previous} {MARKER.sub('', reply)}")
    if not terms or any(mentioned(t, told) for t in terms):
        return False
    first = min((question.lower().find(t.lower()) for t in terms), default=-1)
    pointing = POINTING.search(question)  # a pronoun named in the question before it is bound in it
    return pointing is None or (first >= 0 and first < pointing.start() and pointing.group(1).lower() in BOUND)


def rare_words(question: str) -> list[str]:
    """Words rarer than everyday English: a name typed in lower case ("discogs", "sunak", "cranberry") is one
    spaCy's small model does not see, and a follow-up's new common noun ("costumes" 3.9, "tottenham" 3.6) is not
    one of these."""
    from wordfreq import zipf_frequency  # its lists load once (~5 s; the app's warm-up loads them)

    # a name or a thing, not what was done to it ("which country *froze* the money?" asks on about the money);
    # "why'd" is no rare word, only a contraction
    words = [t.lower_ for t in nlp.parse(question) if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    return [w for w in words if re.fullmatch(r"[a-z][a-z0-9-]{3,}", w) and zipf_frequency(w, "en") < RARE_ZIPF]
