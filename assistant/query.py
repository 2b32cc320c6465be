"""News-aware query understanding: which outlets and which dates a question names.

Outlets are recognised from the names stored in the index (and their short forms, such as
"The Independent" for "The Independent - Sports"). Dates are found by pattern, then parsed by
dateparser with relative expressions ("last week", "yesterday") resolved against ``as_of``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone

from assistant.outlets import OutletMatcher, unknown_outlets, without_attributed
from assistant.text import MONTH_NUMBERS, MONTHS

_M = rf"(?:{MONTHS})\.?"
DATE_PATTERNS = [  # most specific first; each becomes one DateRange
    ("day", rf"\b{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"),
    ("day", rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_M},?\s+\d{{4}}\b"),
    ("day", r"\b\d{4}-\d{2}-\d{2}\b"),
    ("month", rf"\b{_M}\s+(?:of\s+)?\d{{4}}\b"),
    ("day", rf"\b{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"),
    ("relative", r"\b(?:today|yesterday)\b"),
    ("relative", r"\b(?:last|this|past)\s+(?:week|month|year)\b"),
    ("relative", r"\b\d+\s+(?:days|weeks|months)\s+ago\b"),
    ("month", rf"\b(?:in|during|since|from|until|by)\s+(?:early\s+|mid-?\s*|late\s+)?{_M}\b"),
]


@dataclass
class DateRange:
    start: datetime
    end: datetime  # exclusive
    text: str


@dataclass
class Clause:
    """One part of a multi-part question, with the outlets and dates named inside it."""

    text: str
    outlets: list[str] = field(default_factory=list)
    dates: list[DateRange] = field(default_factory=list)


@dataclass
class QueryAnalysis:
    question: str
    outlets: list[str] = field(default_factory=list)  # stored names, in order of mention
    unknown_outlets: list[str] = field(default_factory=list)  # named like an outlet, not in the index
    dates: list[DateRange] = field(default_factory=list)
    topic: str = ""  # the question with outlet names and dates removed
    clauses: list[Clause] = field(default_factory=list)  # empty for a one-part question


# Words that say how a question is framed ("the article reported", "was the portrayal consistent"),
# not what happened; they match every news text equally and only add noise to lexical scoring.
FRAMING_WORDS = re.compile(
    r"\b(?:articles?|reports?|reported|reporting|stor(?:y|ies)|pieces?|published|publication|outlets?|"
    r"sources?|according|mentioned|discussed|suggests?|portray(?:al|ed|s)?|coverage|covered|individual|"
    r"entity|does|did|was|were|there|change|consistency|inconsistency|between|both|another|other|else|say|says|said|"
    r"tell|told)\b",
    re.IGNORECASE)


def content_terms(text: str) -> str:
    return re.sub(r"\s+", " ", FRAMING_WORDS.sub(" ", text)).strip()


def _merge(into: Clause, part: Clause) -> Clause:
    into.text = f"{into.text} {part.text}".strip()
    into.outlets.extend(o for o in part.outlets if o not in into.outlets)
    into.dates.extend(part.dates)
    return into


def find_dates(text: str, as_of: datetime) -> tuple[list[DateRange], str]:
    """Date ranges the text names, and the text with those expressions removed."""
    ranges, spans = [], []
    for kind, pattern in DATE_PATTERNS:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if any(s < match.end() and match.start() < e for s, e in spans):
                continue
            parsed = _parse_range(kind, match.group(0), as_of)
            if parsed:
                ranges.append(parsed)
                spans.append((match.start(), match.end()))
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    remaining = text
    for s, e in sorted(spans, reverse=True):
        remaining = remaining[:s] + " " + remaining[e:]
    return [ranges[i] for i in order], remaining



def _parse_range(kind: str, text: str, as_of: datetime) -> DateRange | None:
    base = as_of.astimezone(timezone.utc).replace(tzinfo=None)
    if kind == "relative":
        return _relative_range(text.lower(), base, text)
    phrase = re.sub(r"^(in|during|since|from|until|by)\s+(early\s+|mid-?\s*|late\s+)?", "", text.strip(),
                    flags=re.IGNORECASE)
    parts = _date_parts(phrase)
    if parts is None:
        return None
    year, month, day = parts
    if year is None:  # "October 31" / "in October": the most recent one not after as_of
        year = base.year if (month, day or 1) <= (base.month, base.day) else base.year - 1
    try:
        start = datetime(year, month, day or 1)
    except ValueError:
        return None
    end = start + timedelta(days=1) if day else datetime(year + (month == 12), month % 12 + 1, 1)
    return DateRange(_utc(start), _utc(end), text)


def _date_parts(phrase: str) -> tuple[int | None, int, int | None] | None:
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", phrase)
    if iso:
        return int(iso[1]), int(iso[2]), int(iso[3])
    month = next((MONTH_NUMBERS[w] for w in re.findall(r"[a-z]+", phrase.lower()) if w in MONTH_NUMBERS), None)
    if month is None:
        return None
    year = re.search(r"\b(\d{4})\b", phrase)
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", phrase))
    return (int(year[1]) if year else None), month, (int(day[1]) if day else None)


def _relative_range(phrase: str, base: datetime, text: str) -> DateRange | None:
    today = datetime.combine(base.date(), time())
    tomorrow = today + timedelta(days=1)
    if phrase in ("today", "yesterday") or "ago" in phrase:
        import dateparser  # "3 days ago", "yesterday": dateparser resolves them against as_of

        when = dateparser.parse(phrase, settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
        if when is None:
            return None
        day = datetime.combine(when.date(), time())
        end = tomorrow if "ago" in phrase and "day" not in phrase else day + timedelta(days=1)
        return DateRange(_utc(day), _utc(end), text)
    span = {"week": 7, "month": 31, "year": 366}[phrase.split()[-1]]
    if phrase.startswith("this"):
        start = {"week": today - timedelta(days=today.weekday()), "month": today.replace(day=1),
                 "year": today.replace(month=1, day=1)}[phrase.split()[-1]]
        return DateRange(_utc(start), _utc(tomorrow), text)
    return DateRange(_utc(today - timedelta(days=span)), _utc(tomorrow), text)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc)


CLAUSE_SPLIT = re.compile(r",(?!\s*\d{4})|;|\s+(?:and|while|whereas|but|yet)\s+", re.IGNORECASE)
ATTRIBUTION = re.compile(r"\b(?:as|both|also|another|other|article|articles|report|reports|reported|"
                         r"mentioned|according|from|by|in|to|the|and|an?|published|on|story|piece)\b", re.IGNORECASE)
BACKWARD_ATTRIBUTION = re.compile(
    r"^\s*(?:as|according|per|reported|mentioned|in|by|from|published)\b|"
    r"\b(?:as (?:reported|mentioned|noted|described|discussed|covered)|according to)\b", re.IGNORECASE)
CONTENT_WORD = re.compile(r"[A-Za-z0-9'’]{3,}")
MIN_CLAUSE_WORDS = 3
MAX_CLAUSES = 6


class QueryAnalyzer:
    def __init__(self, sources: list[str]):
        self.matcher = OutletMatcher(sources)

    def run(self, question: str, as_of: datetime | None = None) -> QueryAnalysis:
        as_of = as_of or datetime.now(timezone.utc)
        outlets, dates, topic = self._entities(question, as_of)
        known = [s.lower() for s in self.matcher.sources]
        unknown = []
        for name in unknown_outlets(topic):
            # "according to the sydney morning herald": typed in lower case the matcher passed it over, but the
            # attribution frame makes it the outlet it names
            aliases = self.matcher.aliases  # "cbs sports" is "CBSSports.com"
            sources = next((aliases[a] for a in (name.lower(), f"the {name.lower()}", name.lower().replace(" ", ""))
                            if a in aliases), None)
            if sources:
                outlets.extend(o for o in sorted(sources) if o not in outlets)
                topic = re.sub(r"\s+", " ", re.sub(re.escape(name), " ", topic, flags=re.IGNORECASE)).strip()
            elif any(k.startswith(name.lower() + " ") for k in known):
                continue
            elif outlets and re.search(rf"\baccording to (?:the\s+)?{re.escape(name)}", topic, re.IGNORECASE):
                # "according to the CPJ, per TechCrunch's story": a source the named outlet's story quotes
                continue
            else:
                unknown.append(name)
        return QueryAnalysis(question, outlets, unknown, dates, topic, self._clauses(question, as_of))

    def _entities(self, text: str, as_of: datetime) -> tuple[list[str], list[DateRange], str]:
        outlets: list[str] = []
        topic = text
        for words, names in self.matcher.find(text):
            outlets.extend(name for name in names if name not in outlets)
            topic = without_attributed(topic, re.escape(words))
        dates, topic = find_dates(topic, as_of)
        return outlets, dates, re.sub(r"\s+", " ", topic).strip()

    def _split(self, question: str) -> list[str]:
        """Split at clause boundaries, never inside an outlet's name ("Stock Market And Economy News")."""
        protected = [m.span() for m in self.matcher.pattern.finditer(question)] if self.matcher.pattern else []
        parts, start = [], 0
        for match in CLAUSE_SPLIT.finditer(question):
            if any(s <= match.start() < e for s, e in protected):
                continue
            parts.append(question[start:match.start()])
            start = match.end()
        return parts + [question[start:]]

    def _clauses(self, question: str, as_of: datetime) -> list[Clause]:
        """Split a multi-part question; a part that only attributes ("as reported by X") lends its
        outlets and dates to the part before it."""
        clauses: list[Clause] = []
        pending = Clause("")  # a leading attribution-only part waits for the next clause
        for part in self._split(question):
            outlets, dates, text = self._entities(part, as_of)
            content = CONTENT_WORD.findall(ATTRIBUTION.sub(" ", text))
            if len(content) >= MIN_CLAUSE_WORDS:
                clauses.append(_merge(pending, Clause(text, outlets, dates)))
                pending = Clause("")
            elif clauses and BACKWARD_ATTRIBUTION.search(part):  # "…, as reported by X"
                _merge(clauses[-1], Clause(text, outlets, dates))
            else:  # "the report by X on <date>, about …": belongs to what follows
                _merge(pending, Clause(text, outlets, dates))
        if pending.text and clauses:
            _merge(clauses[-1], pending)
        return clauses[:MAX_CLAUSES] if len(clauses) > 1 else []


# "…, per the common sense media study?", "according to Adobe, how much …": who says so, not what is said
# — a study's, survey's or report's finding, which the sentences stating it seldom name again ("A whopping 97% of
# kids used their phones during school hours"); a person's or an outlet's words are another matter ("according
# to its CEO": the sentence that says so names him)
CITED_SOURCE = re.compile(r"(?:^|,\s*|\s)(?:per|according to)\s+(?P<source>(?:[\w'’&.-]+\s+){0,5}?"
                          r"(?:study|survey|report|poll|analysis|research|data|findings|figures|estimates))\s*(?=[,?]|$)",
                          re.IGNORECASE)
MIN_UNATTRIBUTED_WORDS = 3


def unattributed(question: str) -> str:
    """The question without the source it names for its fact ("do most kids use phones in school, *per the
    common sense media study*?"): the sentence stating the fact needn't name its source — the article does.
    Unchanged where little would be left."""
    stripped = CITED_SOURCE.sub(" ", question).strip(" ,")
    return stripped if len(re.findall(r"[a-z]{3,}", stripped.lower())) >= MIN_UNATTRIBUTED_WORDS else question
