"""Cleaning: drop boilerplate lines, normalise whitespace. Chunk offsets index the cleaned body.

Page furniture scraped into a story's lines — links to other stories ("MORE: …", "GO DEEPER …"), a video
player's notice, a photo's credit after its caption ("… in early October. Photograph: Darren Staples/AFP/Getty
Images", "… co-founder of Google. Credit: Bloomberg The occasion was …"), lazy-loading placeholders ("…
nine-point lead. Loading Richmond rebounded …") — stays indexed but is never quoted (``story_span``, used by the
answerer): in the MultiHop-RAG corpus there are 105 "MORE:" lines, 183 "Photograph:" and 114 "Credit:" credits
and 53 placeholders. Dropping them at index time instead moved chunk boundaries and cost retrieval
(all-evidence@10 0.500 → 0.489 on the dev split): a link to a related story carries the story's own words.
"""
from __future__ import annotations

import re

BOILERPLATE = re.compile(
    r"^(read also|read more|also read|see also|related|recommended|advertisement|sponsored|"
    r"subscribe|sign up|click here|follow us|share this|image credit|photo credit|photo|getty images)\b",
    re.IGNORECASE,
)
# furniture (see the module docstring): a whole sentence, or a piece at its start or end
LINK_OR_WIDGET = re.compile(r"^\W*(?:more:|go deeper\b|watch:|like this:|loading\W*$)", re.IGNORECASE)
# a photo's credit glued to the next paragraph ("Credit: Bloomberg The occasion was …", "Credit: Getty Images The
# 34-year-old …"): capitalised names, then the story's next sentence (or nothing)
CREDIT = (r"(?:Mandatory )?Credit:\s*[A-Z][\w.&+’'-]*(?:\s*(?:/|,|-|and|of|the)?\s*[A-Z][\w.&+’'-]*){0,6}"
          r"(?:\s+|$)(?=$|[“\"‘]|(?:The|A|An|In|On|At|He|She|It|They|We|I|His|Her|Its|Their|But|And|For|As|When|"
          r"After|While|This|That|These|Those|There|Here|Some|One|Then|Now|So|Yet|Still|With|By|From|Since|If|"
          r"Although|Despite|During|Before|Not|Only)\b)")
FURNITURE_START = re.compile(r"^\s*(?:Please use Chrome browser for a more accessible video player\s+|"
                             r"Loading(?:\s*(?:\.\s*){3}|…)?\s+(?=[A-Z“\"‘'])|" + CREDIT + ")")
# a credit that runs to the end: "… Photograph: Darren Staples/AFP/Getty Images", "… for Manchester United Credit: AFP"
FURNITURE_END = re.compile(r"(?:^|\s+)(?:Photograph: [^!?]*|(?:Mandatory )?Credit:\s*(?:[A-Z][\w.&+’'/-]*\s*){1,4})$")
TERMINAL_PUNCTUATION = tuple(".!?:;\"'”’)…")
MAX_CAPTION_WORDS = 4


def clean_body(body: str) -> str:
    """Keep content lines, one per paragraph, each with single spaces."""
    kept = []
    for raw in body.splitlines():
        line = re.sub(r"\s+", " ", raw).strip()
        if line and not is_boilerplate(line):
            kept.append(line)
    return "\n".join(kept)


def is_boilerplate(line: str) -> bool:
    return bool(BOILERPLATE.match(line)) or is_caption(line)


def is_caption(line: str) -> bool:
    """A lone short line of capitalised words and no sentence punctuation: a photo caption or byline name."""
    words = line.split()
    if len(words) > MAX_CAPTION_WORDS or line.endswith(TERMINAL_PUNCTUATION):
        return False
    return all(word[:1].isupper() for word in words if word[:1].isalpha()) and any(w[:1].isalpha() for w in words)


def story_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of the sentence ``text[start:end]`` that is the story's, without page furniture at its start or
    end; an empty span (start == end) when the whole sentence is furniture."""
    sentence = text[start:end]
    if LINK_OR_WIDGET.match(sentence):
        return start, start
    lead = FURNITURE_START.match(sentence)
    tail = FURNITURE_END.search(sentence)
    return start + (lead.end() if lead else 0), (start + tail.start()) if tail else end

