"""Cleaning: drop boilerplate lines, normalise whitespace. Chunk offsets index the cleaned body."""
from __future__ import annotations

import re

BOILERPLATE = re.compile(
    r"^(read also|read more|also read|see also|related|recommended|advertisement|sponsored|"
    r"subscribe|sign up|click here|follow us|share this|image credit|photo credit|photo|getty images)\b",
    re.IGNORECASE,
)
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
