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
    if direct and (surname in QUOTE_SPAN.sub(" ", text).lower() or surname in before):
        return SPEAKER_BONUS + QUOTE_BONUS
    return 0.0
