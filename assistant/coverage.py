"""Whether a question asks of a time the index's articles can't tell of: every date and period it names lies
outside their publication dates and no retrieved story names it (``outside_coverage``), or the day it names is
told of only by stories published before it (``reported_too_early``).

Invariants: a date outside the coverage still answers where a retrieved story names it (a 2023 story tells what
happened in 2019) — unless the question dates the story itself ("what did TechCrunch report in March 2021?"),
when only a story written then could, and the index has none; what happened *in* a period after the last story
("who won the Super Bowl in 2024?") is told by none, whatever the stories say ahead of it — only what was planned
or expected for it is; a period finer than a month ("the first week of September 2023", "before September 2023")
stands for the month it names.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from assistant import nlp
from assistant.passage import Passage
from assistant.periods import named_periods
from assistant.query import DateRange, QueryAnalysis
from assistant.short_answer import describes_at_length
from assistant.text import asked_now

COVERAGE_SLACK = timedelta(days=2)
STORY_WORDS = frozenset("report article piece story news coverage headline write publish cover review column".split())
MAX_CLIMB = 6  # heads climbed from a time's words to the verb they are said of
STORY_REACH = 2  # words between a story's word and its time ("report on March 3", "article from June 2023")
# the date is the story's own: "what did TechCrunch report on March 3, 2021", "per the article from september 2021",
# "any stories from 2019 about brexit?", "news about openai from before september 2023"
STORY_DATED = re.compile(r"\b(?:report(?:ed|s)?|wr(?:ite|ote|itten)|articles?|pieces?|publish(?:ed)?|stor(?:y|ies)|"
                         r"news|coverage|headlines?)\b", re.IGNORECASE)


def outside_coverage(analysis: QueryAnalysis, passages: list[Passage], first: str, last: str,
                     as_of: datetime) -> str:
    """Why the articles can't tell what the question asks of the time it names ("" where they may): every date
    and period it names lies outside ``first``..``last`` (ISO publication dates, with ``COVERAGE_SLACK``), and
    either something done in one after ``last`` is asked, or no retrieved passage names any of them (a 2023
    article can tell what happened in December 2020), nor the month alone in a story it places there."""
    asked = asked_now(analysis.question)  # not the turn a follow-up carries
    # a year in the background of what is asked ("what happened to twitter after musk bought it in 2022?") is not
    # the time asked about, nor one of the several facts a who/which question describes its answer by ("which
    # organization … was founded in late 2015 and is set to release …?"); the months and days retrieval reads stay
    periods = [p for p in named_periods(asked, as_of) if said_of_main_verb(asked, p.text)] \
        if first and not describes_at_length(asked) else []
    finer = [p for p in periods if p.words or not p.year]  # "the first week of September 2023": not all September
    dates = [d for d in analysis.dates if not any(d.text.lower() in p.text.lower() for p in finer)]
    if not first or not (dates or periods):
        return ""
    low = datetime.fromisoformat(first) - COVERAGE_SLACK
    high = datetime.fromisoformat(last) + COVERAGE_SLACK
    if not all(end <= low or start >= high for start, end in [(d.start, d.end) for d in dates]
               + [(p.start, p.end) for p in periods]):
        return ""
    reason = f"the index covers articles published {first[:10]} to {last[:10]} only"
    later = [p.text for p in periods if p.start >= high and p.at] + [d.text for d in dates if d.start >= high]
    if any(happened_then(asked, text) for text in later):
        return reason  # "who won the Super Bowl in 2024?": no story before it can say
    if any(dates_the_story(asked, text) for text in [d.text for d in dates] + [p.text for p in periods]):
        return reason  # "the Verge's article from June 2023": only a story of then, and the index has none
    # "how many subscribers did she have back in april?": a December story's "in April" is this year's April
    for passage in passages:
        text = passage.title + " " + passage.text
        if any(mentions_month(text, d, passage.published_at) for d in dates) or any(p.told_in(text) for p in periods):
            return ""
    return reason


def dates_the_story(question: str, when: str) -> bool:
    """The time ``when`` names is a story's own ("any *stories from 2019*", "what did TechCrunch *report on March 3,
    2021*", "news about openai *from before September 2023*"), not that of what it tells ("The Age ran a piece on
    Trump — what did he *value* Mar-a-Lago at *in 2021*?"): the first word it is said of, climbing the parse through
    nouns and prepositions, is a story or a verb of reporting."""
    if not STORY_DATED.search(question):
        return False
    at, token = _time_token(question, when)
    if token is None:
        return False
    # right after the story's word ("what did techcrunch report last year", which the small model parses badly)
    if re.search(rf"(?:{STORY_DATED.pattern})\W+(?:[\w'’]+\W+){{0,{STORY_REACH}}}$", question[:at], re.IGNORECASE):
        return True
    for _ in range(MAX_CLIMB):
        if token is None or token.dep_ == "ROOT" and token.lemma_.lower() not in STORY_WORDS:
            return False
        if token.idx < at and token.lemma_.lower() in STORY_WORDS:
            return True
        if token.idx < at and token.pos_ in ("VERB", "AUX"):
            return False  # a verb of what happened ("value", "make") comes first
        token = token.head
    return False


def happened_then(question: str, when: str) -> bool:
    """The question asks what was done at the time ``when`` names: its main verb tells of something done, in the past
    tense (``_done_in_the_past``), and the words naming the time are said of that verb or its object ("who *won*
    the super bowl *in 2024*?") — not of a clause below it ("when did they announce it would launch in 2024?")."""
    return _done_in_the_past(question) and said_of_main_verb(question, when)


def said_of_main_verb(question: str, when: str) -> bool:
    """The words naming the time ``when`` are said of the question's main verb or of a noun under it, not of a
    clause below it ("when did they announce it would *launch in 2024*?", "what happened to twitter after musk
    *bought it in 2022*?": a time in the background of what is asked)."""
    _, token = _time_token(question, when)
    for _ in range(MAX_CLIMB):  # from the words naming the time up to what they are said of
        if token is None or token.dep_ == "ROOT":
            break
        token = token.head
        if token.dep_ != "ROOT" and token.pos_ in ("VERB", "AUX"):
            return False
    return token is not None and token.dep_ == "ROOT"


def _time_token(question: str, when: str):
    """Where the words naming the time start in the question, and the parse's first token there (None: absent)."""
    at = question.lower().find(when.lower())
    return at, next((t for t in nlp.parse(question) if t.idx >= at), None) if at >= 0 else None


BEFORE_DAY_REACH = timedelta(days=180)  # how long before a day a story naming it is taken to look ahead to it


def reported_too_early(analysis: QueryAnalysis, passages: list[Passage]) -> str:
    """What happened on a day the question names ("what did its board decide at the december 8 meeting?") is
    told only by stories published that day or later: where every retrieved passage naming that day is from a
    story published before it (the meeting still to come), none can say. Only a question whose main verb tells
    of something done, in the past tense: "when is the december 8 meeting?", "what did analysts expect from it?"
    are answered by the stories before it, and "what did X report on December 8?" by that day's stories, which
    seldom write their own date."""
    days = [d for d in analysis.dates if d.end - d.start <= timedelta(days=1)]
    asked = asked_now(analysis.question)
    if not days or STORY_DATED.search(asked) or not _done_in_the_past(asked):
        return ""
    for day in days:
        naming = [p for p in passages if names_date(p.title + " " + p.text, day)]
        if naming and all(_published_before(p.published_at, day.start) for p in naming):
            return f"the articles that mention {day.text} were published before it"
    return ""


# what was planned or expected, or a state ("what was on the agenda for the december 8 meeting?"): told beforehand
PLANNED = frozenset("be expect anticipate predict plan schedule set slate hope intend propose say".split())


def _done_in_the_past(question: str) -> bool:
    """The question's main verb is in the past tense ("what *did* the board *decide*?", "who *won*?") and tells of
    something done, not planned ("what did analysts *expect*?")."""
    root = next((t for t in nlp.parse(question) if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_.lower() in PLANNED:
        return False
    return root.tag_ == "VBD" or any(child.dep_ == "aux" and child.tag_ == "VBD" for child in root.children)


def _published_before(published_at: str | None, moment: datetime) -> bool:
    try:
        published = datetime.fromisoformat(published_at) if published_at else None
    except ValueError:
        return False
    if published is not None and published.tzinfo is None:  # a bare date: the day is what counts
        published = published.replace(tzinfo=moment.tzinfo)
    # a story from the year before names another year's December 8
    return published is not None and moment - BEFORE_DAY_REACH < published and published.date() < moment.date()


MAY = r"(?:(?:(?<=in |by |of )|(?<=since |until |early )|(?<=late )|(?<=mid-))May|May(?= \d))"


def mentions_month(text: str, asked: DateRange, published_at: str | None = None) -> bool:
    """The text names the month (full or abbreviated) and the year of the ``asked`` date, and its day where a day
    is asked ("3 July 2023"); or, in a story ``published_at``, the month without a year, which is then the latest
    such month up to the story's date ("in April", in a December 2023 story: April 2023)."""
    moment = asked.start
    if not names_date(text, asked):
        return False
    if str(moment.year) in text:
        return True
    try:
        story = datetime.fromisoformat(published_at) if published_at else None
    except ValueError:  # a date the manifest didn't store in ISO form: no month of it is placed
        return False
    return story is not None and moment.year == (story.year if moment.month <= story.month else story.year - 1)


def names_date(text: str, asked: DateRange) -> bool:
    """The text names the month of the ``asked`` date (full or abbreviated), and its day where a day is asked
    ("3 July", "July 3rd"), whatever year it gives."""
    moment, month = asked.start, asked.start.strftime("%B")
    # "Theresa May", "May Mobility": the month only beside a day or a preposition of time
    name = rf"(?:{month}|{month[:3]}\.?)" if month != "May" else MAY
    if asked.end - asked.start <= timedelta(days=1):
        name = rf"(?:{name} {moment.day}(?:st|nd|rd|th)?\b|\b{moment.day}(?:st|nd|rd|th)? (?:of )?{name})"
    return re.search(rf"\b{name}(?![\w-])", text) is not None  # not "Mar-a-Lago"
