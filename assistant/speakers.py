"""Quote attribution: whose words a sentence gives, for "what did X say" questions (``assistant.picking``).

X's own words first: a quote X is the subject of ("“…,” Brockman wrote"), or a quote right after a sentence
naming X ("“…,” he said"); then X's reported speech ("Brockman said Altman was …"). The speaker is the
subject of a reporting verb in spaCy's parse (``assistant.nlp.speaker_subjects``), never the one spoken to.

Invariants: a sentence with neither a quote nor reported speech scores ``NOT_SPEECH``; one where someone
else speaks scores nothing; only X's surname is matched (news names a speaker in full once, then by surname).
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant.evidence import Sentence
from assistant.text import QUOTE_MARK, SPEAKER_PRONOUNS

# a quote, to its closing mark (an opening one typed for it, too: "“We won,“ Kelce said") or the sentence's end
QUOTE_SPAN = re.compile(r"[“\"][^”\"“]*(?:[”\"“]|$)")

SPEAKER_BONUS = 0.35
QUOTE_BONUS = 0.1
NOT_SPEECH = -0.3
BEFORE_CHARS = 300  # of the passage before a quote, read for the speaker it follows


def surname_of(speaker: str) -> str:
    return (speaker.split() or [""])[-1].lower()


def quotes_speaker(speaker: str, text: str) -> bool:
    """``text`` gives ``speaker``'s words: the speaker is the subject of its reporting verb."""
    return surname_of(speaker) in " ".join(nlp.speaker_subjects(text)).lower()


def speaker_merit(speaker: str, sentence: Sentence) -> float:
    """How surely ``sentence`` gives ``speaker``'s own words (any speaker's, where none is asked for)."""
    surname = surname_of(speaker)
    text = sentence.text
    quoted = bool(QUOTE_MARK.search(text))
    subjects = " ".join(nlp.speaker_subjects(text)).lower()
    if not (quoted or subjects):
        return NOT_SPEECH  # neither a quote nor reported speech
    if not surname:
        return QUOTE_BONUS
    direct = quoted and bool(subjects) or bool(QUOTE_MARK.match(text))  # a title in quotes is not speech
    if surname in subjects:
        return SPEAKER_BONUS + (QUOTE_BONUS if direct else 0.0)
    if subjects and not SPEAKER_PRONOUNS.fullmatch(subjects) or surname in " ".join(nlp.spoken_to(text)).lower():
        return 0.0  # someone else speaks ("the magazine announced Swift had …"), or X is the one told
    before = sentence.passage.text[max(0, sentence.start - BEFORE_CHARS):sentence.start].lower()
    # named outside the quote ("“…,” said the Chiefs' Kelce"), not in it ("“The Swift and Kelce news …”" is the NFL's)
    # ... or the sentence before names them: "“…,” she wrote on her Instagram Story" after one naming Gellar; but
    # without a speaking "he" or "she", a person named outside the quote is the likelier speaker ("“Sam is one of the
    # smartest people I know,” read Paul Graham's announcement …" after a sentence on Altman is Graham's)
    if direct and (named_as_speaker(surname, text) or surname in before and (
            subjects or not others_named(surname, text))):
        return SPEAKER_BONUS + QUOTE_BONUS
    return 0.0


def others_named(surname: str, text: str) -> bool:
    """A person other than ``surname`` is named outside the quotes of ``text`` (spaCy's NER, cached)."""
    quoted = [m.span() for m in QUOTE_SPAN.finditer(text)]
    return any(e.label == "PERSON" and surname not in e.text.lower()
               and not any(start <= e.start < end for start, end in quoted) for e in nlp.entities(text))


# a name in one of these clauses, or the object of a verb or a preposition, is someone the attribution tells of
TOLD_OF = frozenset({"acl", "relcl", "advcl", "ccomp", "xcomp", "dobj", "pobj", "dative", "oprd"})


def named_as_speaker(surname: str, text: str) -> bool:
    """``surname`` stands outside the quotes of ``text`` as the one it attributes them to ("“…,” *Kelce* joked",
    "“…,” said the Chiefs' *Kelce*"), not as someone the attribution tells of ("“Sam is one of the smartest people I
    know,” read Paul Graham's announcement that *Altman* would become its president": Graham's words, of Altman).
    Read in spaCy's parse (cached): a name in a clause hanging from another word, or an object, tells of."""
    quoted = [m.span() for m in QUOTE_SPAN.finditer(text)]

    def outside(token) -> bool:
        return not any(start <= token.idx < end for start, end in quoted)

    for token in nlp.parse(text):
        if token.lower_ != surname or not outside(token):
            continue
        # only the attribution's own words: the small model often hangs it from a word of the quote ("… that was
        # that,” the tight end Travis Kelce *wrote*" as a ccomp of "was"), which says nothing of whose words they are
        chain = []
        while token.head.i != token.i and outside(token.head):
            chain.append(token)
            token = token.head
        if not any(t.dep_ in TOLD_OF or any(c.dep_ == "mark" and outside(c) for c in t.children) for t in chain):
            return True
    return False
