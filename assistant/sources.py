"""The publication a question asks about, when the index holds no such outlet: "what has the times of israel
reported about the hostage deal?", "any kyiv independent stories on the counteroffensive?".

Such a source is one of the question's key terms: an article that never names it can't say what it reported, so
the answer abstains naming it ("The indexed articles don't mention Times of Israel."). The outlets the index
does hold are matched by ``query.OutletMatcher`` and left out here. Before this, such questions were answered
from whatever story covered the topic: the words "times", "of", "israel", "kyiv" and "independent" are all in
the index, so no word of them was unknown.

A source typed in lower case is cased as a name for that check: in lower case a key term reads as a description
("her dad"), whose words may stand apart in an article, while a publication's name is written as one.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import nlp

# "what has X reported", "any X stories on …": only a publication reports and has stories
REPORT_FRAME = re.compile(
    r"\bwhat (?:has|have|had) (?P<reporter>.+?) (?:reported|written|published)\b"
    r"|\b(?:any|the) (?P<stories>.+?) (?:stories|articles|reports|coverage|reporting|pieces) (?:on|about|of)\b")
LEADING_THE = re.compile(r"^(?:the|a|an)\s+")
MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in"})
# wordfreq: the adjectives that describe stories are everyday words ("new" 6.3, "recent" 5.0, "latest" 4.9,
# "older" 4.9); a publication's own word is rarer ("kyiv" 3.1, "folha" 2.0)
EVERYDAY_ZIPF = 4.5


def named_source(question: str, outlets: Sequence[str] = ()) -> str:
    """The source ``question`` (lower case) asks what was reported by, cased as a name; "" when it names none,
    names an indexed outlet (``outlets``), or only describes stories ("any *recent* stories on …")."""
    frame = REPORT_FRAME.search(question)
    source = LEADING_THE.sub("", (frame.group("reporter") or frame.group("stories")).strip()) if frame else ""
    if not source or len(source.split()) > 4 or _indexed(source, outlets):
        return ""
    if not _names(source):
        return ""
    return " ".join(w if w in MINOR_WORDS else w[:1].upper() + w[1:] for w in source.split())


def _names(source: str) -> bool:
    """A noun names the source ("the *times* of israel"), or a word rarer than everyday English does: the small
    model reads a lower-case "kyiv independent" as two adjectives, like the "new" or "recent" of "any new stories"."""
    if any(t.pos_ in ("NOUN", "PROPN") for t in nlp.parse(source)):
        return True
    from wordfreq import zipf_frequency  # its lists load once (~5 s; the app's warm-up loads them)

    return any(zipf_frequency(w, "en") < EVERYDAY_ZIPF for w in source.split())


def _indexed(source: str, outlets: Sequence[str]) -> bool:
    words = set(re.findall(r"\w+", source.lower())) - MINOR_WORDS
    return bool(words) and words <= {w for o in outlets for w in re.findall(r"\w+", o.lower())}
