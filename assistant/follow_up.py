"""Whether a chat turn follows up on the one before, or asks anew.

A turn that points back (a pronoun, "that", "and …", "who else …") or is short is read as a follow-up: the
previous turn rides along and its pronouns are resolved (``assistant.conversation``). But a question naming a
topic of its own that the chat has not named asks anew, short or not ("who founded Discogs?" after a question
on OpenAI): carrying the other topic along misleads retrieval. Measured on the 199 questions of
``natural.jsonl`` that are not follow-ups, each asked after another item's question about another article
(``bench/topic_switch.py``): right 0.719 when every such turn was a follow-up, 0.809 with this check — as with no
history; on half C's 78, 0.744 → 0.821 (0.846 with no history). No follow-up of A+B, C, E, H or K went from
right to wrong; two of their 158 chats lose the turn they carry: ones that name something new and point nowhere
("how much is the topix up this year", after a question on what Kishida told New York; bench/RESULTS.md).
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant import question as questions
from assistant.mentions import everyday_word, mentioned
from assistant.text import FOLLOW_UP_PRONOUN, MARKER, words_of

RARE_ZIPF = 3.5  # wordfreq: "discogs" 2.2, "cranberry" 3.2, "pebble" 3.3; "costumes" 3.9, "fee" 4.5
EVERYDAY_ZIPF = 4.4  # wordfreq: "ceo" 4.5, "hiv" 4.2
NOUNS = frozenset({"NOUN", "PROPN"})
# "this year", "that weekend": a time, not a thing the chat told of
TIME_NOUNS = frozenset("year week month season weekend morning afternoon evening night day time summer winter spring "
                       "fall autumn quarter".split())
# pronouns a name earlier in the same question binds ("what did travis kelce say about *his* tweets?"); "that",
# "this", "there" point back to the chat ("what was that deal worth?")
BOUND = frozenset({"he", "she", "him", "her", "his", "hers", "it", "its", "they", "them", "their"})
FOLLOW_UP_START = re.compile(r"^\s*(and|also|what about|how about|so|then|but|what else|anything else|compared)\b",
                             re.IGNORECASE)
SHORT_QUESTION_WORDS = 5
LEADING_ABOUT = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(?:what|how)\s+about\s+[^,?]+,", re.IGNORECASE)
ASKS_FOR_MORE = re.compile(r"\b(?:else|another|other)\b", re.IGNORECASE)  # "who else took part in the test?"
# "how many people came to the very first one?": one of what the chat told of
ONE_OF_THEM = re.compile(r"\b(?:the|that|this) (?:very )?(?:first|last|next|latest|same|earlier|previous|original|"
                         r"new|old) ones?\b", re.IGNORECASE)


def is_follow_up(question: str) -> bool:
    return bool(FOLLOW_UP_PRONOUN.search(question) or FOLLOW_UP_START.search(question) or ASKS_FOR_MORE.search(question)
                or ONE_OF_THEM.search(question) or len(question.split()) <= SHORT_QUESTION_WORDS)


def asks_anew(question: str, previous: str, reply: str) -> bool:
    """A question naming a topic of its own that the chat has not named asks anew ("who founded Discogs?" after
    a question on OpenAI), short or not, unless it opens as a follow-up does ("and …", "what about …", "who
    else …") or a pronoun or "that" in it points outside it ("when did *he* join?", "what was *that* deal
    worth?"). Its topic: its key terms, and words rarer than everyday English (``rare_words``)."""
    if FOLLOW_UP_START.search(question) or ASKS_FOR_MORE.search(question):
        return False
    terms = questions.key_terms(question) + rare_words(question)
    told = words_of(f"{previous} {MARKER.sub('', reply)}")
    if not terms or any(mentioned(t, told) for t in terms if not _everyday(t)):  # a shared "CEO" is no topic
        return False
    pointing = _pointing(question)
    return pointing is None or _bound_inside(question, terms, pointing)


def binds_its_pronoun(question: str) -> bool:
    """A name earlier in the question is whom its pronoun means ("what about richard roundtree, what did *he*
    die of?": Roundtree, not the person the chat told of)."""
    pointing = _pointing(question)
    terms = questions.key_terms(question)
    lead = LEADING_ABOUT.match(question)  # "what about X, …": X is what the rest asks about, however parsed
    if lead and pointing is not None and pointing.idx >= lead.end() and pointing.lower_ in BOUND:
        return any(0 <= question.lower().find(t.lower()) < lead.end() for t in terms)
    return pointing is not None and _bound_inside(question, terms, pointing)


def _bound_inside(question: str, terms: list[str], pointing) -> bool:
    named = [at for t in terms if 0 <= (at := question.lower().find(t.lower())) < pointing.idx]
    return pointing.lower_ in BOUND and any(_binds(pointing, at) for at in named)


def _binds(pronoun, at: int) -> bool:
    """Whether the name at offset ``at``, before ``pronoun``, may be whom the pronoun stands for: a possessive
    always ("what did travis kelce say about *his* tweets?"), else a name outside the pronoun's own clause
    ("what did Adam Yedidia text Bankman-Fried before *he* quit?") or one's owner ("SBF's lawyer questioning
    *him*"); not the clause's own subject or object ("what did gingrich say about *him*?", "how many catalogs do
    *they* want to sell?": someone the chat told of)."""
    if pronoun.tag_ == "PRP$":
        return True
    name = next((t for t in pronoun.doc if t.idx == at), None)
    clause = pronoun.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:  # spaCy makes a new token each time
        clause = clause.head
    return name is None or name.dep_ == "poss" or name not in list(clause.subtree)


def _pointing(question: str):
    """The first word of ``question`` that points outside it: a pronoun, or "that"/"this"/"there" — not the
    "there" of "is there any news …", the "that" of "said that …", nor the "this" of "this summer"."""
    doc = nlp.parse(question)
    for token in doc:
        before = doc[token.i - 1] if token.i else None
        existential = token.lower_ == "there" and (token.tag_ == "EX" or (before is not None and before.lemma_ == "be"))
        # "the cherokee chief *that* mattel's barbie honours": a relative "that" follows its noun
        relative = token.lower_ == "that" and (token.dep_ == "mark" or (before is not None and before.pos_ in NOUNS))
        timed = token.dep_ == "det" and token.head.lower_ in TIME_NOUNS
        if FOLLOW_UP_PRONOUN.fullmatch(token.text) and not (existential or relative or timed):
            return token
    return None


def _everyday(term: str) -> bool:
    """A one-word term of everyday English, not written as a name ("CEO", "ceo"): two chat turns sharing it
    need not share a topic; a name is one, however common ("Apple", "Trump")."""
    return everyday_word(term, EVERYDAY_ZIPF, capitals=True)


def rare_words(question: str) -> list[str]:
    """Words rarer than everyday English: a name typed in lower case ("discogs", "sunak", "cranberry") is one
    spaCy's small model does not see, and a follow-up's new common noun ("costumes" 3.9, "tottenham" 3.6) is not
    one of these."""
    from wordfreq import zipf_frequency  # its lists load once (~5 s; the app's warm-up loads them)

    # a name or a thing, not what was done to it ("which country *froze* the money?" asks on about the money);
    # "why'd" is no rare word, only a contraction
    words = [t.lower_ for t in nlp.parse(question) if t.pos_ not in ("VERB", "AUX")]  # "asos" read as a preposition
    return [w for w in words if re.fullmatch(r"[a-z][a-z0-9-]{3,}", w) and zipf_frequency(w, "en") < RARE_ZIPF]
