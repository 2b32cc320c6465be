"""The text vocabulary the answer steps share, each defined once: sentences, citation markers, quote marks,
names, months, sums and scores, pronouns, the capitalised words that are not names, and word normalisation.

Invariants: modules of ``assistant/`` import these and define none of their own (a fix to how a name or a
month is read lands in one place); patterns compile once, at import; nothing here loads a model (spaCy is
``assistant.nlp``; what a question asks is ``assistant.question``). Where two steps need different
patterns for one idea, both live here under names that say the difference (``NAME_LIKE`` finds a
two-word name mid-sentence for the type check, ``NAME_SPAN`` the longest run of capitalised words a
short answer may be).
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.chunk import split_sentences
from index.lexical import STOPWORDS, fold

__all__ = ["split_sentences", "STOPWORDS"]  # re-exported: the one sentence splitter, the one stop-list
STOP_SET = frozenset(STOPWORDS)  # built once: asked per candidate entity

# --- citation markers and markup ---------------------------------------------------------------------
MARKER = re.compile(r"\s*\[(\d+)\]")  # " [2]" after a quoted sentence; ``sub`` removes it with its space
CITATION_NUMBER = re.compile(r"\[(\d+)\]")  # where a marker sits in rendered text
MARKUP = re.compile(r"<[^>]+>|\*\*|__")  # HTML tags and Markdown bold a chat reply may carry

# A follow-up carries the previous turn in parentheses at its end (assistant.conversation.condense_turn)
CARRIED_TURN = re.compile(r"\s*\([^()]*\)\s*$")


def asked_now(question: str) -> str:
    """The question without the previous turn a follow-up carries: what this turn itself asks."""
    return CARRIED_TURN.sub("", question)


# --- quotes ----------------------------------------------------------------------------------------
QUOTE_MARK = re.compile(r"[\"“”]")
QUOTED = re.compile(r"[\"“]([^\"”]{3,80})[\"”]")  # a short phrase in quotes: a title or a name

# --- months, weekdays, dates ------------------------------------------------------------------------
MONTH_NUMBERS = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
# full names first: a pattern followed by a boundary matches "sept" or "september" whole either way
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CALENDAR_WORDS = frozenset("January February March April May June July August September October November "
                           "December".split() + list(WEEKDAYS))
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# a day named as an event names no weekday: "when did amazon's black friday sale start?" → "Friday, Nov. 17"
EVENT_DAY = re.compile(r"\b(?:black|cyber|good|ash|holy|giving|super|travel|small business) "
                       r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?! agreement)", re.IGNORECASE)
# one of a series, numbered: "Week 14", "Game 3", "round 5", "the second leg", "third-quarter" — not a score ("Game
# 3-1"), a list or range ("Week 10 and 11", "round 2 of 5") nor a streak ("the second week in a row")
_INSTANCES = r"week|game|round|matchday|stage|leg|ballot|quarter|test|race|episode|chapter|season"
_ORDINALS = {w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}
NUMBERED = re.compile(rf"\b(?P<noun>{_INSTANCES})\s+(?P<number>\d{{1,2}})\b"
                      r"(?!\s*(?:-|–|of|and|or|&|through|to)\s*\d)|"
                      rf"\b(?P<ordinal>{'|'.join(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+(?P<after>{_INSTANCES})\b"
                      r"(?!\s+(?:in a row|back|running)\b)", re.IGNORECASE)
# an instance told as the background of another ("overturned a 2-0 *first-leg* deficit", "who trailed Massa in the
# *first round*", "after a *Game 2* loss"): the sentence may still be about the one asked
BACKGROUND_BEFORE = re.compile(r"\b(?:after|since|following|trail(?:ed|ing)|overturn(?:ed|ing)|who (?:won|lost))\b"
                               r"[^,;.]{0,30}$", re.IGNORECASE)
BACKGROUND_AFTER = re.compile(r"^[\s-]*(?:deficit|lead|advantage|loss|defeat|win|victory|rally)\b", re.IGNORECASE)


def numbered(text: str, foreground: bool = False) -> set[tuple[str, int]]:
    """The numbered instances of a series ``text`` names: {("week", 14)} for "in Week 14", {("leg", 2)} for
    "the second leg" — which of several games, rounds or ballots it tells of; with ``foreground``, not those told
    as the background of another (``BACKGROUND_BEFORE``, ``BACKGROUND_AFTER``)."""
    found = set()
    for m in NUMBERED.finditer(text):
        if foreground and (BACKGROUND_BEFORE.search(text[max(0, m.start() - 60):m.start()])
                           or BACKGROUND_AFTER.match(text[m.end():])):
            continue
        if m.group("noun"):
            found.add((m.group("noun").lower(), int(m.group("number"))))
        else:
            ordinal = m.group("ordinal").lower()
            number = _ORDINALS.get(ordinal) or int(re.sub(r"\D", "", ordinal))
            found.add((m.group("after").lower(), number))
    return found


# "the first time the two have met unbeaten *since 2011*", "no back has run for 60 yards *since Oct. 15*": when
# something last happened, told by a first or a none since a date — not "its 11th increase since March 2022"
_NOT_SINCE = r"\b(?:first|not|no|never|none|without)\b|n['’]t\b"
SINCE_DATE = re.compile(rf"(?:{_NOT_SINCE})[^.;]{{0,100}}?\bsince\s+(?:the\s+)?(?:week\s+\d|(?:{MONTHS})\b|"
                        r"(?:19|20)\d\d\b)", re.IGNORECASE)
SEASON_WEEK = re.compile(r"\b[Ww]eek \d{1,2}\b")  # "Week 5" of an NFL season: its number says which
SINCE_BEFORE = re.compile(rf"(?:{_NOT_SINCE})[^.;]{{0,100}}?\bsince\s+(?:the\s+)?$", re.IGNORECASE)


def dated_since(text: str, start: int) -> bool:
    """The date at ``start`` ends a first or a none ("the first time … since *2011*"): when it last happened."""
    return SINCE_BEFORE.search(text[max(0, start - 120):start]) is not None


SPANS = r"(?:years?|months?|weeks?|days?|decades?|centuries)"  # the spans a time is counted back in ("… ago")
DATE_LIKE = re.compile(rf"\b(?:{MONTHS})\.?\s+\d|\b(?:1[5-9]|20)\d\d\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                       r"\b(?:today|yesterday|tomorrow|tonight)\b|\b\d{1,2}:\d\d\b|"
                       r"\b\d{1,2}\s?[ap]\.?m\b|\b(?:noon|midnight)\b|"  # "Kickoff is at 3 p.m."
                       # a time counted from the story's ("two weeks ago", "earlier this month") or a month alone
                       rf"\b{SPANS} ago\b|"
                       r"\b(?:last|next|this) (?:week|month|year|season|weekend|spring|summer|autumn|fall|winter)\b|"
                       rf"\b(?:in|since|until|by|from|early|late|mid-)\s*(?:{MONTHS})\b", re.IGNORECASE)

# --- numbers, sums, scores ---------------------------------------------------------------------------
NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# A story's dateline: where it was filed from, in capitals before a dash ("T-MOBILE ARENA, LAS VEGAS — …")
DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z.'’\-]*(?:[ ,]+[A-Z][A-Z.'’\-]*)*)(?:\s*\([A-Za-z .]+\))?\s*[—–]\s")
# What a sentence says a thing is called: "The therapy, named EBT-101, involves …", "an app called Beeper Mini",
# "his name is John Carver"
CALLED = re.compile(r"\b(?:called|named|dubbed|known as|titled|(?:his|her|its|their) name (?:is|was))\s+[“\"']?"
                    r"(?P<name>(?:[A-Z0-9][\w.&+'’-]*)(?:\s+[A-Z0-9][\w.&+'’-]*)*)")
SPELLED_NUMBER = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|"
                  r"millions?|billions?)")


def counts(text: str, noun: str) -> bool:
    """``text`` states a number of ``noun`` ("80,065 fans poured in", "some 30 new stations", "three
    dozen *fans*"): a number, at most two words, then the noun, singular or plural."""
    stem = re.escape(noun.lower().rstrip("s"))
    return bool(re.search(rf"(?:\d[\d,.]*|\b{SPELLED_NUMBER})(?:\s+(?:million|billion|thousand|hundred))?"
                          rf"\s+(?:[\w-]+\s+){{0,2}}{stem}(?:e?s)?\b", text.lower()))


def focus_word(focus: str) -> re.Pattern:
    """The thing counted as a word, singular or plural ("points", not the "point" of "three-pointers")."""
    return re.compile(rf"\b{re.escape(focus.rstrip('s'))}(?:e?s)?\b", re.IGNORECASE)


# a number spelled out, to "twelve", the teens and tens, and the powers: what counts a thing ("eighteen months")
SPELLED_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                       r"(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|"
                       r"hundred|thousand|million|billion|trillion)")
NUMBER_LIKE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                         r"thirty|forty|fifty|hundred|thousand|million|billion|dozen|half)\b", re.IGNORECASE)
# "won 30-24", "a 4–1 win", "beating the Bills 24-18." (a sentence's full stop; not "1-3.5" or "9-1-1")
GAME_SCORE = re.compile(r"(?<![\w.-])\d{1,3}\s?[-–]\s?\d{1,3}(?![\w-]|\.\d)")
_SCALE = r"(?:\s?(?:million|billion|trillion|bn|crore|lakh)\b|[mMkKbB]n?\b)?"
MONEY_AMOUNT = re.compile(  # spaCy's small model misses most currencies but the dollar
    rf"(?<![\w$€£¥₹₪])(?:NIS|USD|EUR|GBP|JPY|CNY|INR|CHF|Rs\.?|HK\$|A\$|C\$|US\$|R\$|[$€£¥₹₪])\s?\d(?:[\d,.]*\d)?{_SCALE}|"
    r"\b\d(?:[\d,.]*\d)?(?:\s(?:million|billion|trillion))?\s(?:euros?|pounds?|dollars?|yen|yuan|rupees?|shekels?|"
    r"francs?|pesos?)\b")

# --- names -----------------------------------------------------------------------------------------
NAME_LIKE = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z'’\-]+(?:\s+(?:[A-Z][a-z'’\-]+|[A-Z]\.))+")
ORG_LIKE = re.compile(r"\b[A-Z]{2,}\b|\b[A-Z][a-z]+[A-Z]\w*\b")
_NAME_WORD = r"[A-Z][\w\-.&]*\w"
NAME_SPAN = re.compile(rf"(?<![\w’']){_NAME_WORD}(?:\s+(?:{_NAME_WORD}|(?:of|de|la|van|von|del)\s+{_NAME_WORD}))*")
CAPITALISED_WORD = re.compile(r"\b[A-Z][\w'’\-]+")
MID_SENTENCE_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’.&-]*[\w]")  # not a sentence's first word
POSSESSIVE = re.compile(r"[’']s\b")
# before a place; "according to" names a source, no place ("… according to *the Royal Swedish Academy*")
LOCATIVE = re.compile(r"\b(?:in|at|from|near|outside|inside|across|(?<!according )to)\s+(?:the\s+)?$", re.IGNORECASE)
# "Okonkwo-Reyes said ...": news names a person by surname alone once introduced, often leading the sentence.
SPEAKER_LIKE = re.compile(r"^[\"“]?[A-Z][\w'’\-]+\s+(?:said|says|told|confirmed|added|announced|wrote|argued|"
                          r"testified|denied|insisted|claimed|admitted)\b")

# "Urann, most notably, invented …": news leads with a surname alone once the person is introduced
LED_BY_NAME = re.compile(r"^[\"“]?(?P<name>[A-Z][a-z][\w'’\-]+)(?=,|\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|s)\b)")

# Capitalised words that are not names, per use: a question's key terms, a verified sentence's names, the
# start of a short answer. They differ on purpose ("CEO" is a key term of a question, never a short answer).
NOT_KEY = frozenset("I The A An And Or But What Who When Where Why How Which Is Are Was Were Did Does Do Has Have "
                    "Had Can Could Will Would Should In On At Of For To From By With Mr Ms Mrs Dr".split())
NOT_NAMES = frozenset("The A An In On At It He She They This That These Those But And Or According However Yes No "
                      "As For If When While After Before There Their His Her Its We I You Both Also Some All".split())
LEADING_WORDS = frozenset(
    "The A An In On It He She They You Your We Our I My But And This That As At For If His Her Its Their There "
    "What When While After Before However According Mr Ms Mrs Dr So Yet Or Not No Yes Also Then Now Here Last "
    "Next More Most Some Many Both Each Every One Two Three CEO Chief Former President Judge Prosecutors Sen Rep "
    "Founder Whereas Was Is Are Were Has Had Did Does Although Though Still Even Just Only Meanwhile Despite "
    "Under With Without From By To Of Star Pop Singer Superstar Quarterback Coach Manager Owner Billionaire "
    "Pastor Said Says Added".split())

# --- pronouns --------------------------------------------------------------------------------------
PRONOUNS = frozenset("he she it they we you i him her them his its their this that".split()) | {""}
REFERRING_PRONOUN = re.compile(r"\b(?:he|she|it|they|him|her|them|his|its|their)\b", re.IGNORECASE)
FOLLOW_UP_PRONOUN = re.compile(r"\b(he|she|him|her|they|them|it|his|its|their|this|that|these|those|there)\b",
                               re.IGNORECASE)  # a word that points back: the question may be a follow-up
PERSON_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers)\b", re.IGNORECASE)
THING_PRONOUN = re.compile(r"\b(it|its|they|them|their)\b", re.IGNORECASE)
# "which of them is at Columbia?": one of the names the previous answer gave, not a thing "them" stands for
# ("which of those prizes …" asks about prizes: "those" stands alone only before a verb or the question mark)
AMONG_THEM = re.compile(r"\b(?:which|who)(?: one)? of (?:them\b|(?:those|these)(?=\s+(?:is|are|was|were|has|have|had|"
                        r"did|does|do|will|would|can|could)\b|\s*\?))", re.IGNORECASE)
SPEAKER_PRONOUNS = re.compile(r"(?:he|she|they|i|we)(?: (?:he|she|they|i|we))*")  # "he", "she they"

# --- words -----------------------------------------------------------------------------------------
WORD = re.compile(r"[a-z0-9][a-z0-9'’\-]*")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def same_words(text: str) -> str:
    """The sentence's words alone: overlapping passages cut the same sentence with different quote marks."""
    return " ".join(re.findall(r"\w+", text.lower()))


@lru_cache(maxsize=4096)  # a whole article's words are asked for three times per question
def words_of(text: str) -> frozenset[str]:
    """Lower-case words without accents, possessives or quotes around them ("Cowboys'" → "cowboys", "Beyoncé" →
    "beyonce"); a hyphenated word also as its parts ("Mar-a-Lago" → "mar", "lago")."""
    words = {w.strip("'-") for w in WORD.findall(re.sub(r"'s\b", "", fold(text).lower().replace("’", "'")))}
    return frozenset((words | {part for w in words if "-" in w for part in w.split("-")}) - {""})


CONNECTED_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of|to|for|and|on)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)+")


@lru_cache(maxsize=1024)
def initials_of(text: str) -> frozenset[str]:
    """Lower-case initials of the names in ``text`` ("Sam Bankman-Fried" → "sbf", "Federal Trade Commission"
    → "ftc"): news writes a name out once, and readers ask by its initialism."""
    found = set()
    for match in NAME_SPAN.finditer(text):
        words = match.group().split()
        words = words[1:] if words[0] == "The" else words  # "The National Australia Bank" → "nab"
        parts = [p for word in words if word[:1].isupper() for p in word.split("-") if p]
        if 2 <= len(parts) <= 5:
            found.add("".join(p[0] for p in parts).lower())
    # a name with small words inside: "Committee to Protect Journalists" → "cpj", "Department of Justice" → "doj"
    for match in CONNECTED_NAME.finditer(text):
        words = match.group().split()
        if 3 <= len(words) <= 6:
            found.add("".join(w[0] for w in words if w[:1].isupper()).lower())
            found.add("".join(w[0] for w in words).lower())
    return frozenset(found)


def named_by_initials(name: str, question: str) -> bool:
    """``question`` names ``name`` by its initials ("CZ" for Changpeng Zhao), or ``name`` is the initialism of
    a name ``question`` spells out ("HSF" for Hipgnosis Songs Fund). Stop words are not initialisms ("as")."""
    return bool(initials_of(name) & (words_of(question) - STOP_SET)) or name.lower() in initials_of(question)


# Words that give a reason ("why" questions, assistant.picking)
REASON = re.compile(r"\b(?:because|due to|owing to|as a result|amid|citing|cited|in order to|so that|following|follows|"
                    r"reasons?|(?:caused|triggered|sparked|prompted) by|led to|blam(?:e|ed|es|ing)|thanks to|resulted|"
                    r"after|since|over concerns?|"
                    r"in response to|driven by|unable to|struggl\w+|failed to|couldn't|could not|"
                    # the reason stated before the result in one sentence ("don't carry a serial number and are
                    # therefore harder to trace")
                    r"(?:and|are|is|was|were|it|,) (?:therefore|thus|hence)|"
                    # a worry is a reason to object ("some parents are concerned that blue buckets …")
                    r"(?:concerned|worried|afraid|fear(?:s|ed)?|worr(?:y|ies)|argue[ds]?) that|"
                    # a purpose is a reason too ("carrying a blue bucket to indicate his disability")
                    r"in an effort to|in a bid to|meant to|designed to|intended to|"
                    # "what's the point of …?" → "The goal of the restricted eating is to restore …"
                    r"(?:goal|aim|purpose|point|idea|objective)s? (?:\w+ ){0,6}(?:is|was|are|were) to|"
                    r"to (?:help|avoid|ensure|prevent|protect|support|raise|indicate|signal|show|make sure))\b",
                    re.IGNORECASE)
# A sentence opening with one of these is the result of what the sentence before it says: that one is the reason
CONSEQUENCE = re.compile(r"^\W*(?:as a (?:result|consequence)|consequently|because of (?:this|that)|"
                         r"that(?:'s|’s| is) why|this is why|therefore|thus|hence|for (?:this|that) reason)\b",
                         re.IGNORECASE)


# Read off the question by the answer picker: "who reported it?" makes a journalist the answer, "could …" a figure
# only possible, "who else …?" a sentence adding to what was told ("Constancio has *also* embraced the idea")
ASKS_REPORTING = re.compile(r"\b(?:report\w*|said|say|says|told|tell|tweet\w*|wr[io]te|writes?|post\w*|broke|break"
                            r"|reveal\w*|journalist|reporter)\b")
ASKS_POSSIBLE = re.compile(r"\b(?:could|might|may|would|faces?|facing|maximum|at most|up to|risk)\b")
ADDING = re.compile(r"\b(?:also|as well|likewise|similarly|another|joined|joining)\b", re.IGNORECASE)
AGE_WORDS = frozenset({"old", "year", "years", "age", "aged"})  # "how *old*" → "the 33-year-*old*"


# what a length is counted in: "a *six-hour* window", "his 35-*page* ruling", "a 10-*mile* walk"
_LENGTH_UNITS = (rf"(?:{SPANS}|hours?|hrs?|minutes?|mins?|seconds?|secs?|pages?|miles?|mi|feet|foot|ft|inch(?:es)?|"
                 r"yards?|met(?:re|er)s?|kilomet(?:re|er)s?|km|cm|mm|m|words?)")
LENGTH_UNIT = re.compile(rf"(?:\b|(?<=\d)){_LENGTH_UNITS}\b", re.IGNORECASE)  # "400m" too
UNIT_AFTER = re.compile(rf"[- ]?{_LENGTH_UNITS}\b", re.IGNORECASE)
ONE = re.compile(r"\b(?:an?|one)\b", re.IGNORECASE)  # "a week", "an hour", "a year-long probe"
AGE_AFTER = re.compile(r"[\s-]*years?[\s-]*old\b", re.IGNORECASE)  # "… years old", "-year-old": an age


def a_length(text: str, start: int, end: int) -> bool:
    """The figure at ``text[start:end]`` is a length, in a unit it holds or that follows it ("six-hour",
    "35-page", "three weeks", "an hour", "148 min"): not a count of things ("two different types"), nor a time
    ("last year")."""
    figure = text[start:end]
    counted = NUMBER_LIKE.search(figure) or ONE.search(text[max(0, start - 3):end])
    an_age = AGE_AFTER.match(text, end) or AGE_AFTER.search(figure)  # "the 3-year-old", "five years old"
    return bool(counted) and not an_age and bool(LENGTH_UNIT.search(figure) or UNIT_AFTER.match(text, end))


# "on sale for $44.99 (*$15* off)": the saving, not the price — unless the question asks what was taken off
SAVING_AFTER = re.compile(r"\s*(?:off\b(?![-‐])|discount\b|savings?\b)", re.IGNORECASE)  # not "off-peak", "discounted"
ASKS_SAVING = re.compile(r"\bhow much off\b|\b(?:save[sd]?|saving|savings)\b|\bdiscount (?:is|was|of)\b|"
                         r"\bhow big a discount\b")


def a_saving(text: str, start: int, end: int) -> bool:
    """The sum at ``text[start:end]`` is what a deal takes off ("$15 off", "a $200 discount")."""
    return bool(SAVING_AFTER.match(text, end))

