"""The detail a figure question asks for beyond the figure's type, and whether a sentence states it: the rate
("how much is amazon paying nascar *per year*?" — "NIS 15 million *annually*", "£1,565*pp*"), what a sum is of
("what's the *price* of …", "his *salary*", "how much is discogs *valued at*") and a crowd ("what was the
*attendance*?"). A rate or a valuation the best sentences don't state abstains, naming it ("a $7.7 billion deal"
is no yearly figure); for the others the sentence that states the detail is quoted first, and none stating it
changes nothing — a price "starts at $799", a film "grossed $1.4 billion", a crowd is "in front of 52,000": the
words for those are too many to refuse an answer for want of one (a helper's review found such refusals). But a
crowd asked for is not answered by a number of games, wins, years or those taking part the sentence names ("their
last *two* games", "the *two* motorsports athletes"): where each of the best sentences' figures is one, the question
abstains (``counts_no_crowd``).

Invariants: only the sentences the answer would quote first are read (``check``'s ``head``); a rate is asked only
by a unit that is no noun's modifier nor a span of time ("a *season* ticket", "in *a week*", "*annual* revenue").
Measured (bench/RESULTS.md): K +1 (k064, per year); the crowd: A+B, K, M +1 each (n223, k012, m057).
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant.evidence import Sentence
from assistant.question import AMOUNT_KINDS, Intent
from assistant.text import GAME_SCORE, asked_now

RATE_KINDS = frozenset({"how_much", "how_many", "measure", "percent"})  # figures asked per year, per person

# "how much is amazon paying nascar *per year*?": a figure for the whole deal answers another question
_RATE_UNITS = r"year|month|week|day|night|hour|season|game|match|person|head"
_RATE = (rf"\b(?:per|a|an|each|every)\s+(?P<unit>{_RATE_UNITS})\b{{}}|"
         r"\b(?P<adverb>annual(?:ly)?|yearly|monthly|weekly|daily|nightly|hourly)\b|"
         r"(?<=\d)(?P<pp>pp)\b|\b(?P<apiece>apiece)\b|/(?P<short>yr|mo|wk|day)\b")
# asked: "and a year earlier?" is a time, not a rate; stated: "2,300 riders a day before the fare rose" is one
RATE = re.compile(_RATE.format(r"(?!\s+(?:of|earlier|later|ago|before|after|early|late)\b)"), re.IGNORECASE)
RATE_STATED = re.compile(_RATE.format(""), re.IGNORECASE)
_SAME_RATE = {"annual": "year", "annually": "year", "yearly": "year", "season": "year", "monthly": "month",
              "weekly": "week", "daily": "day", "nightly": "night", "hourly": "hour", "match": "game",
              "head": "person", "pp": "person", "apiece": "person", "yr": "year", "mo": "month", "wk": "week"}


def rate_of(match: re.Match) -> str:
    word = next(g for g in match.groups() if g).lower()
    return _SAME_RATE.get(word, word)


SPAN_BEFORE = re.compile(r"\b(?:in|over|within|during|for|after|under)\s+$", re.IGNORECASE)  # "in a week": a span
ADJECTIVES = frozenset({"annual", "yearly", "monthly", "weekly", "daily", "nightly", "hourly"})


def asked_rate(question: str) -> str:
    """The unit a figure is asked per ("per year", "a week", "annually" → "year", "week", "year"), or "": not a
    unit that modifies a noun ("a *season* ticket", "a *head* coach", "*annual* revenue", "the *Daily* Telegraph")
    nor a span of time ("in *a week*", "how many goals in *a season*")."""
    asked = asked_now(question)
    for match in RATE.finditer(asked):
        if SPAN_BEFORE.search(asked[:match.start()]) or match.group().lower() in ADJECTIVES:
            continue
        word = next(t for t in nlp.parse(asked) if t.idx >= match.end() - len(match.group().split()[-1]))
        if word.dep_ in ("compound", "amod") or word.head.i > word.i and word.head.pos_ in ("NOUN", "PROPN"):
            continue  # "a *season* ticket", "a *match* ticket"
        return rate_of(match)
    return ""


def states_rate(text: str, unit: str) -> bool:
    """``text`` gives a figure per ``unit`` ("NIS 15 million *annually*", "£1,565*pp*", "$99 *per year*")."""
    return any(rate_of(m) == unit for m in RATE_STATED.finditer(text))


# the nouns a sum is asked of, and the words a sentence stating such a sum uses (stems: "charg" → charged, charges)
SUM_WORDS = {
    "price": ("price", "cost", "sell", "sold", "sale", "retail", "charg"),
    "salary": ("salar", "pay", "paid", "earn", "wage", "compensation", "contract"),
    "wage": ("wage", "salar", "pay", "paid", "earn"),
    "valuation": ("valu", "worth"),
    "fee": ("fees?\\b", "charg", "cost", "commission"),
    "fare": ("fare", "ticket", "cost", "price"),
    "rent": ("rent", "leas(?:e|es|ed|ing)\\b"),
    "revenue": ("revenue", "sales", "turnover", "income"),
    "profit": ("profit", "income", "earning"),
}
REFUSED = frozenset({"valuation"})  # said as "valued at", "valuation" or "worth": few enough words to refuse for
VALUED_AT = re.compile(r"\bvalued at\b|\bvaluation\b")
PAID = re.compile(r"\b(?:getting|get|gets|got|being) paid\b")  # "what was he getting paid?": a salary
# "what was the attendance?", "how many turned up?": a count of the crowd, not of anything the sentence counts
CROWD = re.compile(r"\b(?:attendance|turnout|crowd)\b|\bhow many (?:people |fans )?(?:turned up|showed up|attended)\b")
CROWD_WORDS = ("attend", "crowd", "turnout", "spectator", "fans", "supporters", "sell-out", "sellout", "sold out",
               "sold-out", "capacity", "packed", "turned up", "showed up", "in front of", "watched")


# what a story about a game or an event counts beside its crowd ("their last *two* games", "*five* straight wins"):
# no crowd, nor are those taking part ("the *two* motorsports athletes"). A list of what is no crowd, not of what is
# one: a crowd is counted in any people ("100,000 protesters", "21 million voters", "1.5 million pilgrims", "65,000
# seats"), too many to list (a helper's review found those)
NOT_CROWDS = frozenset("game match point goal run win loss defeat victory lead margin title award trophy team "
                       "club season round lap mile yard touchdown inning set medal year month week day hour minute "
                       "time athlete player driver rider racer competitor contestant finalist starter".split())


def counted_by(text: str, entity) -> str:
    """The noun ``entity`` is a number of, named right after it ("*seven* catches" → "catch"), or "": spaCy's parser
    makes it the number of a common noun that follows it."""
    inside = [t for t in nlp.parse(text) if entity.start <= t.idx < entity.end]
    if not inside:
        return ""
    last = inside[-1]
    named = last.dep_ == "nummod" and last.head.pos_ == "NOUN" and last.head.i > last.i
    return last.head.lemma_.lower() if named else ""


def counts_no_crowd(text: str, entity) -> bool:
    """``entity`` is a number of something the sentence names that is no crowd ("their last *two* games"), or a
    side's score ("a *28*-7 lead")."""
    return counted_by(text, entity) in NOT_CROWDS or bool(GAME_SCORE.match(text, entity.start))


def sum_noun(intent: Intent, question: str) -> str:
    """What a sum is asked of, where ``SUM_WORDS`` knows it ("what's the *price* of …", "valued at")."""
    if intent.kind not in AMOUNT_KINDS:
        return ""
    asked = asked_now(question).lower()
    if VALUED_AT.search(asked):
        return "valuation"
    if PAID.search(asked):
        return "salary"
    return intent.of_noun if intent.of_noun in SUM_WORDS else ""


def states_sum(text: str, noun: str) -> bool:
    words = CROWD_WORDS if noun == "crowd" else SUM_WORDS[noun]
    return re.search(rf"\b(?:{'|'.join(words)})", text, re.IGNORECASE) is not None


def check(intent: Intent, question: str, head: list[Sentence]) -> tuple[str, Sentence | None]:
    """("", None) when the question asks no such detail; (the detail, None) when no sentence of ``head`` with an
    answer states it; ("", the first that does) otherwise."""
    rate = asked_rate(question) if intent.kind in RATE_KINDS else ""
    crowd = intent.kind == "how_many" and CROWD.search(asked_now(question).lower())
    noun = sum_noun(intent, question) or ("crowd" if crowd else "")
    if not rate and not noun:
        return "", None
    answering = [s for s in head if s.answer_entity and not (crowd and counts_no_crowd(s.text, s.answer_entity))]
    stating = [s for s in answering
               if (not rate or states_rate(s.text, rate)) and (not noun or states_sum(s.text, noun))]
    if stating:
        return "", stating[0]
    if rate:
        return f"figure per {rate}", None
    if crowd and not answering:  # "what was the attendance?" → "… extending their winning streak to *five* games"
        return "crowd figure for this", None
    return (f"{noun} for this" if noun in REFUSED else ""), None
