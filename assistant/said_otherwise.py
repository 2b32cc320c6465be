"""Life events that news writes in other words than readers ask them: "when did they get married?" is answered by
"… the couple *tied the knot*", "where did he grow up?" by "Poyer spent his *childhood* in Astoria, Ore.", "when
did she die?" by "… announced her *death* on Tuesday".

Coverage counts the question's own terms (``assistant.evidence``), so such a sentence covers less of the question
than one repeating its names; here a sentence saying the event in the press's words counts as holding the
question's word for it.

Invariants: only the events listed, each credited only where the question asks of it in a reader's words (a
question about growth is not answered by "raised $22m": the sentence side is read only for "grow up"); the
question's terms are the lexical index's own (``terms``), so the credit is what the word itself would earn.
"""
from __future__ import annotations

import re
from collections.abc import Callable

# (how a reader asks of the event, how the press writes it)
EVENTS = (
    (re.compile(r"\bgr[eo]w(?:s|n|ing)? up\b"),
     re.compile(r"\b(?:childhood|grew up|raised in|hometown|native of|boyhood|girlhood)\b", re.IGNORECASE)),
    (re.compile(r"\bmarr(?:y|ied|ies|ying|iage)\b"),  # not "wed": a Wednesday as often
     re.compile(r"\b(?:tied the knot|wedding(?! anniversary)|nuptials|exchanged vows|walked down the aisle)\b",
                re.IGNORECASE)),
    (re.compile(r"\b(?:die[ds]?|dying|pass(?:ed)? away)\b"),
     re.compile(r"\b(?:passed away|death(?! toll)|died|dies|obituary)\b", re.IGNORECASE)),  # a funeral is later
    (re.compile(r"\bborn\b"), re.compile(r"\b(?:birthplace|native of)\b", re.IGNORECASE)),  # "gave birth" is a child's
)


class SaidOtherwise:
    """The question's terms for the life events it asks of, credited to sentences writing them otherwise."""

    def __init__(self, question: str, terms: Callable[[str], list[str]], weights: dict[str, float]):
        asked = question.lower()
        events = [(written, frozenset(t for m in asking.finditer(asked) for t in terms(m.group()) if t in weights))
                  for asking, written in EVENTS]
        self._events = [(written, credited) for written, credited in events if credited]

    def credited(self, sentence: str) -> set[str]:
        """The question's terms ``sentence`` says in other words."""
        return {t for written, credited in self._events if written.search(sentence) for t in credited}


def asked_events(question: str) -> tuple[re.Pattern, ...]:
    """How the press writes each life event ``question`` asks of (none: the question asks of no such event)."""
    asked = question.lower()
    return tuple(written for asking, written in EVENTS if asking.search(asked))


def writes_asked_event(question: str, sentence: str) -> bool:
    """``sentence`` writes a life event ``question`` asks of in the press's words ("tied the knot" for "married")."""
    return any(written.search(sentence) for written in asked_events(question))

