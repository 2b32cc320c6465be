"""The key terms of a question: the names, titles and short quoted phrases it is about, which an answer must
mention (``assistant.question.Intent.key_terms``; the key-term check, ``assistant.mentions``).

Invariants: outlet names and dates are never key terms (they are matched against article metadata, not text);
spaCy entities of ``KEY_LABELS`` come first, then capitalised words inside none of its entities; a term inside a
longer one is dropped.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import nlp
from assistant.text import MID_SENTENCE_CAPITALISED, NOT_KEY, QUOTED

# Names of people, organisations, works, products, events: an article about something else doesn't name them.
# Places and nationalities are left out: news paraphrases them ("U.S." for "United States", "EU" for "European").
KEY_LABELS = frozenset("PERSON ORG FAC EVENT WORK_OF_ART PRODUCT LAW".split())
MAX_QUOTED_WORDS = 4


def key_terms(text: str, outlets: Sequence[str] = (), quoted_in: str = "") -> list[str]:
    """Names, titles and short quoted phrases ``text`` is about, longest first, outlets and dates left out.
    Quotes are read in ``quoted_in`` (the question as typed: with outlet names removed, pairs of quote marks
    no longer line up); a quote longer than ``MAX_QUOTED_WORDS`` describes rather than names."""
    terms = [m.group(1).strip() for m in QUOTED.finditer(quoted_in or text)
             if len(m.group(1).split()) <= MAX_QUOTED_WORDS]
    found = nlp.entities(text)
    terms += [_without_verb(e, text) for e in found if e.label in KEY_LABELS]
    # a capitalised word inside none of spaCy's entities is a name it missed ("What score did IGN give …"),
    # unless on its own it reads as a place, date or number
    terms += [w for w in MID_SENTENCE_CAPITALISED.findall(text)
              if not any(w in e.text for e in found) and all(e.label in KEY_LABELS for e in nlp.entities(w))]
    outlet_words = {w.lower() for o in outlets for w in re.findall(r"\w+", o)}
    kept: list[str] = []
    for term in sorted({strip_term(t) for t in terms}, key=len, reverse=True):
        words = set(re.findall(r"\w+", term.lower()))
        if (not term or term in NOT_KEY or words <= outlet_words or term.isdigit()
                or any(term.lower() in k.lower() for k in kept)):
            continue
        kept.append(term)
    return kept


# lower-case words after two or more capitalised ones ("Mark zuckerberg", "Bank of america" keep theirs)
CAPITALS_THEN_LOWER = re.compile(r"^(?P<head>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+)(?:\s+[a-z][\w'’.-]*)+$")


def _without_verb(entity: nlp.Entity, text: str) -> str:
    """The entity's text without a verb the small model took into it when typed in lower case ("where
    does jon copley teach" → "jon copley", not "jon copley teach"): the question's main verb is no name."""
    if not entity.text.islower():  # a capitalised name ends where its capitals do: no parse needed
        # ... and not in the lower-case words typed after it ("(Rod Moore michigan vs ohio state …)": "Rod Moore")
        return head.group("head") if (head := CAPITALS_THEN_LOWER.match(entity.text)) else entity.text
    # the main verb, or another one ("what did marcus freeman say after *notre dame beat* usc")
    verbs = [t.idx for t in nlp.parse(text) if t.pos_ == "VERB" and entity.start < t.idx < entity.end]
    return text[entity.start:min(verbs)].strip() if verbs else entity.text


def strip_term(term: str) -> str:
    """A term without its article, possessive and quote marks ("the Kremlin’s" → "Kremlin")."""
    term = re.sub(r"^(?:the|a|an)\s+", "", term.strip(" '‘’\"“”"), flags=re.IGNORECASE)
    return re.sub(r"(?:['’]s|['’]|[.,;:?!])$", "", term).strip(" '‘’\"“”")
