"""Stretches of time a question names that retrieval's dates (``assistant.query.find_dates``) leave out: a year
("in 2019", "at CES 2024"), a season or a quarter of a year ("spring 2023", "Q2 2023"), a holiday of a year
("Christmas 2022"), a numeric date ("10/5/2022"), a week or a part of a month ("the first week of September 2023",
"late October"), and everything before or after a date ("from before September 2023"). Read only to tell whether
a question asks of a time the index's articles can't tell of (``assistant.coverage``) — never to filter or boost
retrieval: "the 2024 season" is what a story is about, not when it was written.

Invariants: a year on its own counts only after a preposition of time or at the end of an event's name ("in 2024",
"at CES 2024"), never as a modifier ("the 2024 election"); a season is the northern hemisphere's; a numeric date
that reads both ways (5/10 or 10/5) spans both days; each period says how a story would name it (``told_in``), so
a 2023 story telling what happened in 2019 still answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from assistant.text import MONTH_NUMBERS, MONTHS

EARLIEST = datetime(1900, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)
YEAR = r"(?:19|20)\d\d"
AT = r"(?:in|on|at|during|throughout)"  # when something happened, not what it is of ("for 2024", "by 2030")
NEAR = 25  # characters between a period's words and its year in a story naming it
EDGE = r"(?:early|mid|late|the (?:start|end|beginning|middle|first half|second half) of)"


@dataclass
class Period:
    start: datetime
    end: datetime  # exclusive
    text: str
    words: str  # a pattern a story naming the period uses besides its year ("spring", "second quarter|q2")
    year: str  # the year a story naming it writes ("" for a numeric date's or an open range's: its own words)
    at: bool  # named as when something happened ("in 2024", "at CES 2024")

    def told_in(self, text: str) -> bool:
        """``text`` names the period: its words and its year (a numeric date or an open range: never)."""
        if not (self.words or self.year):
            return False
        if not (self.words and self.year):
            return re.search(rf"\b(?:{self.words or self.year})\b", text, re.IGNORECASE) is not None
        words, year = rf"\b(?:{self.words})\b", rf"\b{self.year}\b"  # "spring 2023", "the second quarter of 2023"
        near = rf"{words}[^.;]{{0,{NEAR}}}{year}|{year}[^.;]{{0,{NEAR}}}{words}"
        return re.search(near, text, re.IGNORECASE) is not None


def _utc(year: int, month: int = 1, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=timezone.utc)


def _next_month(start: datetime) -> datetime:
    return _utc(start.year + (start.month == 12), start.month % 12 + 1)


SEASONS = {"spring": (3, 3), "summer": (6, 3), "fall": (9, 3), "autumn": (9, 3), "winter": (12, 3)}
QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
HOLIDAYS = (r"christmas(?: day| eve)?|new year['’]?s(?: day| eve)?|thanksgiving|halloween|black friday|cyber monday|"
            r"boxing day")
WEEKS = {"first": 0, "second": 7, "third": 14, "fourth": 21}
PARTS = {"early": (1, 11), "mid": (11, 21)}  # "late": the 21st to the month's end

# a year followed by a noun describes it ("in 2024 elections"); by a function word or nothing, it is the time
FUNCTION_WORDS = r"about|on|and|or|but|when|while|after|before|for|to|with|at|in|from|regarding|did|was|were|is|are|had"
YEAR_AT = re.compile(rf"\b(?P<prep>{AT}|from|of|since|until|before|after)\s+(?:{EDGE}\s*-?\s*)?(?P<year>{YEAR})\b"
                     rf"(?!\s*[-–/]\s*\d)(?!\s+(?!(?:{FUNCTION_WORDS})\b)[a-z])", re.IGNORECASE)
LEADING_YEAR = re.compile(rf"^\s*(?:back\s+)?(?:{EDGE}[\s-]*)?(?P<year>{YEAR})\b"  # not "2024 olympics: where?"
                          r"(?=\s*,|\s+(?:who|what|when|where|which|how|why|did|was|were|is|are)\b)", re.IGNORECASE)
NOT_EVENTS = re.compile(rf"\b(?:{MONTHS}|week|quarter|q[1-4]|spring|summer|fall|autumn|winter|{HOLIDAYS})\b",
                        re.IGNORECASE)
EVENT_YEAR = re.compile(rf"\b{AT}\s+(?:the\s+)?(?:[a-z0-9'’.&-]+\s+){{1,3}}(?P<year>{YEAR})"
                        r"(?=\s*(?:[?.!,;]|$|\s+(?:and|or|but|when|while|after|before)\b))", re.IGNORECASE)
SEASON = re.compile(rf"\b(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<year>{YEAR})\b", re.IGNORECASE)
QUARTER = re.compile(rf"\b(?:q(?P<q>[1-4])|(?P<ord>first|second|third|fourth)[\s-]quarter)\s+(?:of\s+)?(?:fy\s*)?"
                     rf"(?P<year>{YEAR})\b", re.IGNORECASE)
HOLIDAY = re.compile(rf"\b(?P<name>{HOLIDAYS})\s+(?:of\s+)?(?P<year>{YEAR})\b", re.IGNORECASE)
NUMERIC = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})\b")
PART_OF_MONTH = re.compile(rf"\b(?:(?:the\s+)?(?P<week>first|second|third|fourth|last) week of|(?P<part>early|mid|late)"
                           rf"[\s-]+)\s*(?P<month>{MONTHS})\.?(?:,?\s+(?P<year>{YEAR}))?\b", re.IGNORECASE)
OPEN_RANGE = re.compile(rf"\b(?P<side>before|prior to|until|after|since)\s+(?P<month>(?:{MONTHS})\.?\s+)?"
                        rf"(?P<year>{YEAR})\b", re.IGNORECASE)


def named_periods(question: str, as_of: datetime) -> list[Period]:
    """The periods ``question`` names, beyond what ``find_dates`` reads; ``as_of`` places a month without a year."""
    found: list[Period] = []
    for finder in (_open_ranges, _seasons, _quarters, _holidays, _numeric, _parts_of_months, _years, _years_back):
        for period in finder(question, as_of):
            if not any(period.text.lower() in p.text.lower() or p.text.lower() in period.text.lower() for p in found):
                found.append(period)
    return found


def _at(question: str, start: int) -> bool:
    before = question[max(0, start - 30):start]
    return re.search(rf"\b{AT}\s+(?:the\s+)?(?:{EDGE}\s*-?\s*)?$", before, re.IGNORECASE) is not None


def _years(question: str, as_of: datetime) -> list[Period]:
    found = []
    for match in YEAR_AT.finditer(question):
        year = int(match["year"])
        prep = match["prep"].lower()
        sides = {"since": (_utc(year), LATEST), "after": (_utc(year + 1), LATEST),
                 "before": (EARLIEST, _utc(year)), "until": (EARLIEST, _utc(year))}
        start, end, words = (*sides[prep], "") if prep in sides else _part_of_year(year, match.group())
        at = prep in ("in", "on", "at", "during", "throughout")
        found.append(Period(start, end, match.group(), words, match["year"], at))
    for match in LEADING_YEAR.finditer(question):  # "mid-2022, who was twitter's ceo?"
        start, end, words = _part_of_year(int(match["year"]), match.group())
        found.append(Period(start, end, match.group(), words, match["year"], True))
    for match in EVENT_YEAR.finditer(question):  # "what happened at CES 2024?", not "in March 2022" (a month)
        if NOT_EVENTS.search(match.group()):
            continue
        year = int(match["year"])
        found.append(Period(_utc(year), _utc(year + 1), match.group(), "", match["year"], True))
    return found


# "early 2023": its first four months; "the end of 2023": its last quarter
YEAR_PARTS = {"early": (1, 5), "mid": (5, 9), "late": (9, 13), "start": (1, 4), "beginning": (1, 4), "middle": (4, 10),
              "end": (10, 13), "first half": (1, 7), "second half": (7, 13)}


def _part_of_year(year: int, text: str) -> tuple[datetime, datetime, str]:
    """The stretch of ``year`` the text names, and the words a story names it by besides the year: none — a story
    naming the year may tell what happened in part of it ("founded in 2015" for "founded in late 2015"; measured: a
    MultiHop inference query abstained when its months were required)."""
    part = next((p for p in YEAR_PARTS if re.search(rf"\b{p}\b", text, re.IGNORECASE)), None)
    if part is None:
        return _utc(year), _utc(year + 1), ""
    first, after = YEAR_PARTS[part]
    return _utc(year, first), _utc(year + 1) if after == 13 else _utc(year, after), ""


NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10}
YEARS_AGO = re.compile(rf"\b(?P<n>\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\s+years?\s+ago\b", re.IGNORECASE)
LAST_YEAR = re.compile(r"(?<!the )(?<!past )\blast year\b", re.IGNORECASE)  # "in the last year": the past twelve months
DECADE = re.compile(r"\bthe\s+(?P<century>19|20)?(?P<decade>[0-9])0['’]?s\b", re.IGNORECASE)


def _years_back(question: str, as_of: datetime) -> list[Period]:
    """"two years ago", "last year" (the calendar year before ``as_of``'s), "the 1990s"."""
    found = []
    for match in YEARS_AGO.finditer(question):
        n = NUMBER_WORDS.get(match["n"].lower()) or int(match["n"])
        year = as_of.year - n
        found.append(Period(_utc(year), _utc(year + 1), match.group(), "", str(year), True))
    for match in LAST_YEAR.finditer(question):  # a story of the year after says "last year" too
        year = as_of.year - 1
        found.append(Period(_utc(year), _utc(year + 1), match.group(), rf"last year|{year}", "", True))
    for match in DECADE.finditer(question):
        digits = match["decade"]
        century = match["century"] or ("20" if digits in "012" else "19")
        if not match["century"] and digits in "12":
            continue  # "the 20s", "the 10s": a decade of this century or the last, and "in their 20s" is an age
        start = int(f"{century}{digits}0")
        words = rf"{century}{digits}\d|(?:{century})?{digits}0['’]?s"  # "1994", "the '90s"
        found.append(Period(_utc(start), _utc(start + 10), match.group(), words, "", _at(question, match.start())))
    return found


def _seasons(question: str, as_of: datetime) -> list[Period]:
    found = []
    for match in SEASON.finditer(question):
        month, length = SEASONS[match["season"].lower()]
        start = _utc(int(match["year"]), month)
        end = _utc(start.year + (month + length > 12), (month + length - 1) % 12 + 1)
        words = "fall|autumn" if match["season"].lower() in ("fall", "autumn") else match["season"]
        found.append(Period(start, end, match.group(), words, match["year"], _at(question, match.start())))
    return found


def _quarters(question: str, as_of: datetime) -> list[Period]:
    found = []
    for match in QUARTER.finditer(question):
        number = int(match["q"]) if match["q"] else QUARTERS[match["ord"].lower()]
        start = _utc(int(match["year"]), 3 * number - 2)
        end = _utc(start.year + 1) if number == 4 else _utc(start.year, 3 * number + 1)
        ordinal = next(name for name, n in QUARTERS.items() if n == number)
        # a company's fiscal quarter is its own: a quarter is what a figure is of, never when it happened
        found.append(Period(start, end, match.group(), rf"q{number}|{ordinal}[\s-]quarter", match["year"], False))
    return found


def _holidays(question: str, as_of: datetime) -> list[Period]:
    found = []
    for match in HOLIDAY.finditer(question):
        name, year = match["name"].lower().replace("’", "'"), int(match["year"])
        day = _holiday(name, year)
        found.append(Period(day, day + timedelta(days=1), match.group(), match["name"].split()[0], match["year"],
                            _at(question, match.start())))
    return found


def _holiday(name: str, year: int) -> datetime:
    if name.startswith("new year"):
        return _utc(year, 12, 31) if name.endswith("eve") else _utc(year, 1, 1)
    if name.startswith("christmas"):
        return _utc(year, 12, 24) if name.endswith("eve") else _utc(year, 12, 25)
    fixed = {"halloween": (10, 31), "boxing day": (12, 26)}
    if name in fixed:
        return _utc(year, *fixed[name])
    november = _utc(year, 11, 1)  # Thanksgiving: the fourth Thursday of November; Black Friday, Cyber Monday after it
    thanksgiving = november + timedelta(days=(3 - november.weekday()) % 7 + 21)
    return thanksgiving + timedelta(days={"thanksgiving": 0, "black friday": 1, "cyber monday": 4}[name])


def _numeric(question: str, as_of: datetime) -> list[Period]:
    found = []
    for match in NUMERIC.finditer(question):
        a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
        year += 2000 if year < 100 else 0
        days = []
        for month, day in ((a, b), (b, a)):  # 10/5 is October 5 in the US, 10 May elsewhere
            try:
                days.append(_utc(year, month, day))
            except ValueError:
                continue
        if days:
            found.append(Period(min(days), max(days) + timedelta(days=1), match.group(), "", "",
                                _at(question, match.start())))
    return found


def _parts_of_months(question: str, as_of: datetime) -> list[Period]:
    found = []
    for match in PART_OF_MONTH.finditer(question):
        month = MONTH_NUMBERS[match["month"].lower()]
        year = int(match["year"]) if match["year"] else as_of.year - (month > as_of.month)
        first, after = _utc(year, month), _next_month(_utc(year, month))
        if match["week"]:
            start = after - timedelta(days=7) if match["week"].lower() == "last" else first + timedelta(
                days=WEEKS[match["week"].lower()])
            end = min(start + timedelta(days=7), after)
        else:
            low, high = PARTS.get(match["part"].lower(), (21, 0))
            start, end = _utc(year, month, low), (_utc(year, month, high) if high else after)
        at = _at(question, match.start())
        found.append(Period(start, end, match.group(), match["month"], match["year"] or "", at))
    return found


def _open_ranges(question: str, as_of: datetime) -> list[Period]:
    """"from before September 2023", "since 2019": everything on one side of a month or a year."""
    found = []
    for match in OPEN_RANGE.finditer(question):
        year = int(match["year"])
        month = MONTH_NUMBERS[match["month"].strip().rstrip(".").lower()] if match["month"] else None
        first = _utc(year, month) if month else _utc(year)
        last = _next_month(first) if month else _utc(year + 1)
        side = match["side"].lower()
        start, end = (EARLIEST, first) if side in ("before", "prior to", "until") else (
            (first, LATEST) if side == "since" else (last, LATEST))
        found.append(Period(start, end, match.group(), "", "", False))
    return found
