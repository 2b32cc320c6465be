"""What a front end passes to the answer chain, validated once for all of them: explicit search filters
(outlets, a date range, k) and a conversation's history.

Invariants: ``parse_filters`` returns a Filters whose ``since`` is never after its ``until``, or raises
FilterError naming the field, the value and the problem; each front end words the error itself
(the CLI with its flags, the chat window with its labels). A bare ``until`` date means that whole day.
``validate_history`` returns the messages unchanged or raises ValueError.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.passage import Filters

NO_OUTLET = ""  # how an article without an outlet is stored


@dataclass
class FilterError(ValueError):
    field: str  # "since", "until", "range" or "k"
    value: str
    problem: str  # "unreadable", "reversed" or "out_of_range"

    def __str__(self) -> str:  # the library's neutral wording; front ends use their own
        if self.problem == "reversed":
            return f"since is after until ({self.value})"
        if self.problem == "out_of_range":
            return f"{self.field} must be between 1 and 100"
        return f"{self.field} {self.value!r} is not a date I can read (try 2023-10-31)"


def parse_filters(sources=(), since: str | None = None, until: str | None = None, k: int | None = None) -> Filters:
    first = _parse_date("since", since)
    last = _parse_date("until", until)
    if last is not None and len((until or "").strip()) <= 10:  # a bare date means the whole day
        last += timedelta(days=1, seconds=-1)
    if first and last and first > last:
        raise FilterError("range", f"{(since or '').strip()} > {(until or '').strip()}", "reversed")
    if k is not None and not 1 <= k <= 100:
        raise FilterError("k", str(k), "out_of_range")
    return Filters(list(sources or []), first, last, k)


def is_active(filters: Filters) -> bool:
    return bool(filters.sources or filters.since or filters.until)


def _parse_date(field: str, value: str | None) -> datetime | None:
    if value is None or not str(value).strip():
        return None
    # optional heavy dependency: index.loaders imports every loader (~0.7 s); only a typed date needs it
    from index.loaders.common import parse_date

    parsed = parse_date(str(value).strip())
    if parsed is None:
        raise FilterError(field, str(value).strip(), "unreadable")
    return parsed


def validate_history(messages) -> list[dict]:
    """A conversation as the answer chain takes it: a list of ``{"role": "user"|"assistant", "content": str}``."""
    if not isinstance(messages, list) or not all(
            isinstance(m, dict) and m.get("role") in ("user", "assistant") and isinstance(m.get("content"), str)
            for m in messages):
        raise ValueError('history must be a JSON list of {"role": "user"|"assistant", "content": "..."}')
    return messages
