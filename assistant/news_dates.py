"""Relative dates read against the story's own date: news writes "on Monday", "yesterday", "tomorrow", and
the reader of an answer weeks later needs the day. "When did the Epic v Google trial start?" → "Monday" is
no answer on its own; "Monday (November 6, 2023, counting from the article's date)" is.

Invariants: only a weekday (with "on", "last", "next", "this past" or "late"/"early" before it) or today,
tonight, yesterday, tomorrow, this morning/afternoon/evening, last night resolve — "this week" or "last
month" name no day; a weekday told of in the future tense ("will", "is set to", "scheduled") is the next one
after the story's date, otherwise the last one on or before it (a story published on a Monday that says "on
Monday" means that day); no publication date, no resolution. The quote stays verbatim: the day is added
beside the short answer, never into the cited sentence.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from assistant.text import WEEKDAYS

RELATIVE_DAY = re.compile(rf"^(?:on\s+)?(?P<when>last|next|this past|late|early)?\s*(?P<day>{'|'.join(WEEKDAYS)})"
                          r"(?:\s+(?:morning|afternoon|evening|night))?$", re.IGNORECASE)
OFFSETS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
           "yesterday": -1, "last night": -1, "tomorrow": 1}
FUTURE = re.compile(r"\b(?:will|['’]ll|is set to|are set to|is scheduled|are scheduled|scheduled for|slated|"
                    r"is due|are due|upcoming|plans? to|is expected to|are expected to|going to)\b", re.IGNORECASE)


def resolve_relative(expression: str, sentence: str, published_at: str) -> date | None:
    """The calendar day ``expression`` ("Monday", "yesterday") stands for in ``sentence`` of a story
    published at ``published_at`` (ISO), or None when it names no single day or the story has no date."""
    published = _day(published_at)
    text = re.sub(r"\s+", " ", expression.strip().lower())
    if published is None or not text:
        return None
    if text in OFFSETS:
        return published + timedelta(days=OFFSETS[text])
    match = RELATIVE_DAY.match(text)
    if match is None:
        return None
    weekday = [d.lower() for d in WEEKDAYS].index(match.group("day").lower())
    before = (published.weekday() - weekday) % 7  # days back to the last such weekday, 0 on the day itself
    when = (match.group("when") or "").lower()
    if when == "next" or (when not in ("last", "this past") and FUTURE.search(sentence)):
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    if when in ("last", "this past") and before == 0:
        before = 7
    return published - timedelta(days=before)


def spelled(day: date) -> str:
    """"November 6, 2023"."""
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def _day(published_at: str) -> date | None:
    try:
        return datetime.fromisoformat(published_at.strip()).date() if published_at else None
    except ValueError:
        return None
