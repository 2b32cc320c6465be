"""Entities spaCy's small model misses or misreads, found in a sentence's text: game scores (and whether one
is a final result), sums in any currency, names a sentence says something is called, ages, a name in full,
places after a preposition of place, and the journalist a story quotes as its source; and whether a sentence
names an entity beside a role or says what someone is.

Invariants: each finder returns ``nlp.Entity`` records with offsets into the text it was given; none runs
spaCy, so they cost microseconds and can run on every candidate sentence — except ``said_of``, which parses
(cached) only a sentence that has a word of the asked noun's stem.
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant.question import PERSON_ROLES
from assistant.text import (
    AGE_AFTER,
    CALENDAR_WORDS,
    CALLED,
    GAME_SCORE,
    MONEY_AMOUNT,
    NAME_SPAN,
    SEASON_WEEK,
    SPELLED_NUMBER_WORD,
    WEEKDAYS,
    words_of,
)

RESULT = re.compile(r"\b(?:full[- ]?time|final(?: score)?|won|wins?|beat(?:s|ing)?|defeat(?:s|ed|ing)?|victory|"
                    r"triumph|lost|loss)\b|\bFT\b", re.IGNORECASE)
INTERIM = re.compile(r"\b(?:half[- ]?time|first[- ]half|(?:a|the) \S+ lead|trail(?:s|ed|ing)?|led)\b", re.IGNORECASE)
PREPOSITIONS = "to|for|from|of|by|with|about|on|in|at|and|or|than|as"
PREPOSITION_WORDS = frozenset(PREPOSITIONS.split("|"))
POSSESSIVE_END = re.compile(r"[’']s?$")
APPOSITIVE_WORDS = 4  # words between a role noun and the name it introduces
WEEKDAY_NAMES = frozenset(WEEKDAYS)
RESULT_REACH = 30  # characters either side of a score that say whether it is the result
# "46", "aged 46", "the age of 78", "the 46-year-old": not "4 December"
AGE = re.compile(r"(?:(?:the )?age(?:d| of)? )?\d{1,3}(?:[\s-]years?[\s-]old)?", re.IGNORECASE)
# "aged 78", "at the age of 64", "at 78", "turned 34", "who is 33"
AGE_BEFORE = re.compile(r"(?:\baged?:?|\bage of|\bat|\bturn(?:s|ed|ing)?|\bwho (?:is|was|turns?))\s*$", re.IGNORECASE)
COUNTED_AFTER = re.compile(r"\s+(?!(?:in|on|at|last|this|next|years?|when|and|but|after|before|as|with)\b)[a-z]")


# "The Buffalo Bills (8-6) will be the first foes …", "improved to 9-6": a team's win-loss record, not a game's
# score ("the final score was 3-1" is one)
RECORD_BEFORE = re.compile(r"(?:\(\s*|\b(?:record of|(?:improv|mov)(?:e|es|ed|ing) to|"
                           r"(?:fall|falls|fell|falling|drop|drops|dropped|dropping) to)\s+)$", re.IGNORECASE)


LIST_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")  # "48-10, 35-12, 65-35 and 49-27"
# "SMU is 7-2, 5-0": a team's records, overall and in its conference
RECORDS_BEFORE = re.compile(r"\b(?:is|are)\s+$", re.IGNORECASE)
MIN_LISTED = 3  # two scores together are often one game's ("4-0, 5-1 on aggregate", "1-1, 4-2 on penalties")


def set_score(score: str, last: bool = False) -> bool:
    """A tennis set's score: 6 or 7 games to the winner, at most 7 to either side ("6-4", "7-6"); the last may
    be a match tie-break ("10-8")."""
    games = sorted(int(n) for n in re.findall(r"\d+", score))
    return len(games) == 2 and (games[1] in (6, 7) or last and games[1] >= 10 and games[1] - games[0] >= 2)


def scores(text: str) -> tuple[nlp.Entity, ...]:
    """Game scores ("won 30-24", "a 4–1 win") as entities labelled SCORE; a team's record ("the Bills (8-6)",
    "improved to 9-6", "(3-6, 1-4)") is none, nor a list of past games' ("by scores of 48-10, 35-12, 65-35 and
    49-27") — but a tennis match's sets are one result ("6-4, 3-6, 10-8")."""
    found = list(GAME_SCORE.finditer(text))
    runs: list[list[int]] = []  # scores joined by commas or "and", each run in order
    for i, match in enumerate(found):
        if i and LIST_JOIN.fullmatch(text[found[i - 1].end():match.start()]):
            runs[-1].append(i)
        else:
            runs.append([i])
    dropped = set()
    for run in runs:
        sets = all(set_score(found[i].group(), last=i == run[-1]) for i in run)
        before = text[max(0, found[run[0]].start() - 14):found[run[0]].start()]
        in_record = RECORD_BEFORE.search(before) or RECORDS_BEFORE.search(before)
        if len(run) > 1 and not sets and (len(run) >= MIN_LISTED or in_record):
            dropped |= set(run)
    return tuple(nlp.Entity(m.group(), "SCORE", m.start(), m.end()) for i, m in enumerate(found)
                 if i not in dropped and not RECORD_BEFORE.search(text[max(0, m.start() - 14):m.start()]))


AGE_PHRASE = re.compile(r"\byears?[\s-]olds?\b|\baged\b|\bage of\b", re.IGNORECASE)  # not "the Bronze Age"


def names_an_age(entity) -> bool:
    """spaCy's DATE that is someone's age ("the 31-year-old", "aged 78"): it tells no when."""
    return bool(AGE_PHRASE.search(entity.text))


# --- what an entity of the wanted label still doesn't answer ------------------------------------------
RANK_MARK = re.compile(r"(?:\bNo\.|#)\s*$")
ONE_OF = re.compile(r"\b[Aa]n?\s+$")
POSSIBLE = re.compile(r"\b(?:faces?|facing|could (?:face|get|receive|see)|would face|risks?)\s+"
                      r"(?:up to|as (?:much|many) as|a maximum of|at most)?\s*$", re.IGNORECASE)
VAGUE = frozenset("one a few several some many dozens hundreds thousands millions earth".split())
# "millions of dollars", "tens of millions of yuan": a magnitude in the plural, no number (no digit, no "a million")
MAGNITUDE_WORDS = re.compile(r"(?:(?:tens|dozens|hundreds|thousands|millions|billions|trillions|of)\s*)+",
                             re.IGNORECASE)
PLURAL_MAGNITUDE = re.compile(r"\b(?:tens|dozens|hundreds|thousands|millions|billions|trillions)\b", re.IGNORECASE)
A_NUMBER = re.compile(rf"\d|\b(?:an?|{SPELLED_NUMBER_WORD})\b", re.IGNORECASE)
ROLE = re.compile(PERSON_ROLES)
SURNAME_ROLES = frozenset("judge king queen prince princess bishop driver host model winner pastor priest runner "
                          "trainer dancer".split())  # "Yankees slugger *Judge* hit …": a surname too
THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


# a ranked list's line: "27 Keaton Mitchell, Ravens vs. Rams", "12 Nico Collins (Texans)"; not "20 Manchester
# United fans"
LISTED_NAME = re.compile(r"\s+[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}\s*(?:[,(]|$)")


def ranks(text: str, entity, found=()) -> bool:
    """"No. 22 Utah" is a rank, not a count; so is the number a ranked list's line opens with before a name
    (spaCy's, among ``found``): "27 Keaton Mitchell, Ravens vs. Rams" — not a headline's "5 People Killed, …"."""
    listed = LISTED_NAME.match(text, entity.end)
    return bool(RANK_MARK.search(text[max(0, entity.start - 4):entity.start])) or (
        entity.text.isdigit() and not text[:entity.start].strip() and listed is not None
        and not re.search(r"ed\b", listed.group())  # "Killed", "Arrested", "Freed": a headline's verb
        and any(e.label in ("PERSON", "ORG") and e.start == entity.end + 1 for e in found))


INITIALISM = re.compile(r"[A-Z]{2,6}")
SMALL_WORDS = frozenset("of and the for to in on a an at".split())


def names_a_kind(text: str, entity) -> bool:
    """"a 911 button": after "a", a bare number names a kind of thing, it counts none; "chief artificial
    intelligence officer (*CAIO*)": an initialism after the lower-case words it stands for names a role or a
    thing, no organisation ("Committee to Protect Journalists (CPJ)" is one)."""
    if entity.label == "CARDINAL" and entity.text.isdigit():
        return bool(ONE_OF.search(text[max(0, entity.start - 4):entity.start]))
    if not INITIALISM.fullmatch(entity.text) or text[entity.start - 1:entity.start] != "(":
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text[max(0, entity.start - 100):entity.start])
             if w.lower() not in SMALL_WORDS][-len(entity.text):]
    return "".join(w[0] for w in words) == entity.text.lower()


def only_possible(text: str, entity) -> bool:
    """"he faces up to 50 years" is what could be, not what was: no answer to "how long was he sentenced?"."""
    return bool(POSSIBLE.search(text[max(0, entity.start - 30):entity.start]))


COUNTED = re.compile(rf"\d|\b(?:an?|{SPELLED_NUMBER_WORD}|few|several|half|dozens?)\b", re.IGNORECASE)


def a_duration(text: str, units: set[str]) -> bool:
    """A span of time counted in one of ``units``: "13 years", "three months", "a year" — not "for *months*"."""
    return bool(words_of(text) & units) and bool(COUNTED.search(text))


def vague(entity) -> bool:
    """"several", "dozens", "millions of dollars": how many or how much, roughly, with no number to give."""
    if entity.label == "QUANTITY":  # "hundreds of miles" measures in a unit: a rough answer to "how far?", still one
        return entity.text.lower() in VAGUE or bool(MAGNITUDE_WORDS.fullmatch(entity.text.strip()))
    return entity.text.lower() in VAGUE or (entity.label in ("MONEY", "CARDINAL")
                                             and bool(PLURAL_MAGNITUDE.search(entity.text))
                                             and not A_NUMBER.search(entity.text))


def names_nobody(text: str, entity) -> bool:
    """spaCy's PERSON that is a role alone ("as HSF board *Chair*"), or one word after "the" ("with *the
    Lionesses* needing to win": a team's or a group's); any entity that is a birthplace ("another *New
    Zealand-born Irish* star" describes one player, it names no one); a person or organisation in lower case
    (news prints names with capitals: "after *quick ball* was shipped wide" is spaCy's guess)."""
    if BORN_IN.search(entity.text) or (entity.label in ("PERSON", "ORG") and entity.text.islower()):
        return True
    return entity.label == "PERSON" and (role_alone(entity.text) or (
        " " not in entity.text and bool(THE_BEFORE.search(text[max(0, entity.start - 5):entity.start]))))


BORN_IN = re.compile(r"\w-born\b", re.IGNORECASE)


def role_alone(name: str) -> bool:
    """``name`` is a role and nothing else ("Chair", "CEO"), not a surname a role can be ("Judge")."""
    word = name.lower()
    return bool(ROLE.fullmatch(word)) and word not in SURNAME_ROLES


def states_age(text: str, entity) -> bool:
    """``entity`` is someone's age: "aged 78", "the 46-year-old", "Rocky, 11, and" — not "12 finishes"."""
    if not AGE.fullmatch(entity.text.strip()):
        return False
    before, after = text[max(0, entity.start - 12):entity.start], text[entity.end:entity.end + 12]
    # "turned 3 turnovers into points" counts turnovers: an age is followed by no noun of its own
    aged = AGE_BEFORE.search(before) and not COUNTED_AFTER.match(after)
    return bool(re.search(r"\bold|\bage", entity.text.lower()) or aged or AGE_AFTER.match(after)
                or (before.rstrip().endswith(",") and after.lstrip().startswith(",")))


def final_result(text: str, entity=None) -> bool:
    """The score ``entity`` (else any score in ``text``) is a game's result ("FULLTIME: Chicago Fire 4-1",
    "beating the Bills 24-18"), not one on the way ("a first-half, 21-7 lead"): told so by the words around it."""
    for found in [entity] if entity is not None else scores(text):
        around = text[max(0, found.start - RESULT_REACH):found.end + RESULT_REACH]
        if RESULT.search(around) and not INTERIM.search(around):
            return True
    return False


def names_given(text: str) -> tuple[nlp.Entity, ...]:
    """What ``text`` says something is called ("The therapy, named *EBT-101*, …"), labelled NAME."""
    return tuple(nlp.Entity(m.group("name").rstrip(".,"), "NAME", m.start("name"), m.start("name") + len(
        m.group("name").rstrip(".,"))) for m in CALLED.finditer(text))


def amounts(text: str) -> tuple[nlp.Entity, ...]:
    """Sums of money in any currency ("NIS 405 million", "£40m", "1.2 million euros") labelled MONEY."""
    return tuple(nlp.Entity(m.group().strip(), "MONEY", m.start(), m.end()) for m in MONEY_AMOUNT.finditer(text))


def longer_name(name: str, subject: str) -> bool:
    """``name`` spells ``subject`` out: it holds the subject's last word and more words than the subject."""
    words, asked = name.lower().split(), subject.lower().split()
    return bool(asked) and asked[-1] in words and len(words) > len(asked)


def counts_of(text: str, entity, noun: str) -> bool:
    """``entity`` is a number of ``noun`` ("*374 yards*", "*19* receiving yards"), not of something else the
    sentence counts beside it ("*three* catches for 19 yards")."""
    stem = re.escape(noun.lower().rstrip("s"))
    # "a *5-acre* lot" is no number of acres burned: a compound describes one thing; "*29* of its catalogs" is one
    return (bool(re.search(rf"(?<!-)\b{stem}(?:e?s)?\b", entity.text.lower())) or counts_in_order(text, entity, noun)
            or bool(re.match(rf"\s+of\s+(?:[\w'’-]+\s+){{0,3}}{stem}", text[entity.end:].lower())))


def counts_in_order(text: str, entity, noun: str) -> bool:
    """The ordinal ``entity`` numbers ``noun`` ("his *eighth* league goal" for "how many goals"): the noun
    follows it within two words, so the count so far is the ordinal's number."""
    stem = re.escape(noun.lower().rstrip("s"))
    return bool(re.match(rf"\s+(?:[\w-]+\s+){{0,2}}{stem}", text[entity.end:].lower()))


BYLINE_BEFORE = re.compile(r"\b(?:[A-Z][\w&.]*\s+){0,2}[A-Z][\w&.]*['’]s\s+$")  # "ESPN's ", "NFL Network's "
# what journalists do with a story; "Michigan's Sherrone Moore said …" is a coach speaking
REPORTS_AFTER = re.compile(r"\s+(?:\([^)]*\)\s+)?(?:reported|reports|implied|tweeted|wrote|writes|posted|broke)\b")
TWEET_BYLINE = re.compile(r"\s*\(@\w+\)")  # "— Pete Thamel (@PeteThamel) November 11, 2023"
PHOTO_CREDIT = re.compile(r"\b(?:Credit|Photograph|Photo|Picture|Image|Illustration)s?(?: by)?\s*:\s*$", re.IGNORECASE)
TITLE_BEFORE = re.compile(rf"\b(?:{PERSON_ROLES})s?\s+$", re.IGNORECASE)
SOURCE_BEFORE = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?(?:[A-Z][\w&.'’-]*\s+(?:(?:and|&|of)\s+)?){0,4}$")


def reporter(text: str, entity) -> bool:
    """``entity`` is a journalist reporting the story ("ESPN's *Pete Thamel* reported …": an outlet's
    possessive before the name, a reporting verb right after it), the author of an embedded post
    ("— *Pete Thamel* (@PeteThamel)"), the photographer a caption credits ("Credit: *Jay Brooks*") or the
    source a fact is attributed to ("according to ESPN Stats and *Info*")."""
    after = text[entity.end:entity.end + 40]
    before = text[max(0, entity.start - 40):entity.start]
    source = SOURCE_BEFORE.search(before) and not TITLE_BEFORE.search(before)  # "according to Mayor *Eric Adams*"
    return bool(TWEET_BYLINE.match(after) or PHOTO_CREDIT.search(before) or source
                or (BYLINE_BEFORE.search(before) and REPORTS_AFTER.match(after)))


NUMERIC_LABELS = frozenset({"MONEY", "CARDINAL", "QUANTITY", "PERCENT"})


def figure_words(entity) -> set[str]:
    """The words that say which figure an entity is: its digits ("15" of "$15 billion"), where it has any — the
    scale ("billion") says nothing, so a question naming "$26.3 billion" has not named "$15 billion"."""
    digits = {w for w in words_of(entity.text) if any(ch.isdigit() for ch in w)}
    # a season's week too: a question naming "week 14" has not named "Week 5"
    return digits if entity.label in NUMERIC_LABELS or SEASON_WEEK.fullmatch(entity.text) else set()


def vague_date(entity, weekday: bool = False) -> bool:
    """A date that names no point in time: no digit or month ("two weeks", "this week", "last year", "evening")
    — a duration or a relative time — or only a weekday ("Tuesday", "late Friday"), which is relative to the
    story's own date: weaker answers to "when?" than "May 2022" or "Oct. 10". ``weekday``: asked "what day",
    a weekday is no vague answer."""
    if entity is None or entity.label not in ("DATE", "TIME"):
        return False
    words = {w.capitalize() for w in re.findall(r"[A-Za-z]+", entity.text)}
    return not any(ch.isdigit() for ch in entity.text) and not words & (CALENDAR_WORDS - (
        frozenset() if weekday else WEEKDAY_NAMES))


def overlaps(match: re.Match, entities) -> bool:
    """The text ``match`` found overlaps one of ``entities`` (spaCy already labelled it)."""
    return spans_overlap(match.start(), match.end(), entities)


def spans_overlap(start: int, end: int, entities) -> bool:
    return any(e.start < end and start < e.end for e in entities)


def describes(subject: str, text: str) -> bool:
    """The sentence says what ``subject`` is: an appositive ("Bill Kenwright, the Everton chairman, …",
    "the theatre producer Bill Kenwright") or a copula ("Kenwright was a …")."""
    surname = re.escape((subject.split() or [""])[-1])
    if not surname:
        return False
    after = re.search(rf"\b{surname}(?:['’]s)?\s*,\s+(?:the|a|an|who|whose)\b|\b{surname}\s+(?:is|was|became)\s+"
                      rf"(?:a|an|the)\b", text, re.IGNORECASE)
    # "the theatre producer Bill Kenwright": lower-case words, no preposition ("a tribute to Kenwright")
    before = re.search(rf"\b(?:[Tt]he|[Aa]n?)\s+(?:(?!(?:{PREPOSITIONS})\b)[a-z][\w’'\-]*\s+){{1,4}}"
                       rf"(?:[A-Z][\w\-]+\s+)?(?i:{surname})\b", text)
    return bool(after or before)


def of_the_game(text: str, sides: set[str]) -> bool:
    """The sentence names a side of the game the question asks about (``Intent.sides``), if it names one."""
    words = words_of(text)
    return not sides or any(w.startswith(side) for side in sides for w in words)


def unpossessive(entity: nlp.Entity) -> nlp.Entity:
    """A person's name without the possessive spaCy's small model keeps in it ("Stephen Eustaquio's"); a
    company's or a place's may end so ("McDonald's", "St. John's")."""
    if entity.label == "PERSON" and (match := POSSESSIVE_END.search(entity.text)):
        return nlp.Entity(entity.text[:match.start()], entity.label, entity.start, entity.start + match.start())
    return entity


def may_name(text: str, noun: str) -> bool:
    """``text`` has a word starting like the lemma ``noun`` ("loss" for "losses"): only such a sentence is
    parsed to see what is stated of it (``said_of``)."""
    return bool(noun) and re.search(rf"\b{re.escape(noun[:max(3, len(noun) - 1)])}", text, re.IGNORECASE) is not None


def said_of(text: str, entity, noun: str, owner: bool = False) -> bool:
    """``entity`` is stated of ``noun`` (a lemma) in ``text`` ("revenue of *$9.3 billion*", "his *35*-page
    ruling"; ``owner``: as whose it is, "the liver of *Olivia Swedberg*"; ``nlp.attached``), where the sentence
    may name the noun at all (``may_name``)."""
    return entity is not None and may_name(text, noun) and nlp.attached(text, entity.start, entity.end, noun, owner)


def beside(entity, role: str, text: str) -> bool:
    """The entity is named next to the role noun, as an appositive: "publisher Helena World Chronicle",
    "Mira Murati, OpenAI's chief technology officer" — a few words apart, no preposition between them
    ("Alphabet on behalf of news publishers" is not)."""
    if entity is None:
        return False
    for match in re.finditer(re.escape(role.rstrip("s")), text.lower()):
        between = text[entity.end:match.start()] if match.start() >= entity.end else text[match.end():entity.start]
        words = re.findall(r"[\w’'\-]+", between)
        if len(words) <= APPOSITIVE_WORDS and not any(w.lower() in PREPOSITION_WORDS for w in words) \
                and re.fullmatch(r"[\w\s,’'\-]*", between):
            return True
    return False


def years_in(found) -> list[nlp.Entity]:
    """The years the dates in ``found`` hold ("On Christmas Day, 1863" → 1863): what "what year …?" asks for."""
    return [nlp.Entity(m.group(), "DATE", e.start + m.start(), e.start + m.end())
            for e in found if e.label == "DATE" for m in re.finditer(r"\b\d{4}\b", e.text)]  # any century


# News formats state some facts as labelled fields: a match preview's "Location: BMO Field (Toronto, Canada)" and
# "Date: Monday, Oct. 30", a profile's "Age: 26", a buying guide's "Price: $19.99": the label says what the value is
FIELD = re.compile(r"^\s*(?:[•*-]\s*)?(?P<label>[A-Z][A-Za-z -]{1,20}?):\s+(?P<value>[^\n]+?)\s*"
                   r"(?=$|\n|\s[A-Z][A-Za-z -]{1,20}?:\s)")
FIELD_LABELS = {"where": {"location", "venue", "stadium", "arena", "ground", "where"},
                "when": {"date", "when", "release date", "premiere"},
                "time": {"time", "kickoff", "kick-off", "start time", "tip-off", "first pitch"},  # "what time …?"
                "age": {"age"}, "how_much": {"price", "cost"}}


def field_value(text: str, kind: str, label: str) -> tuple[nlp.Entity, ...]:
    """The value of a labelled field that states what a question of ``kind`` asks ("Location: Estadio Monumental
    (Buenos Aires, Argentina)" for "where"), as an entity of ``label``."""
    match = FIELD.match(text) if kind in FIELD_LABELS else None
    if match is None or match.group("label").strip().lower() not in FIELD_LABELS[kind]:
        return ()
    value = match.group("value").rstrip(" .")
    return (nlp.Entity(value, label, match.start("value"), match.start("value") + len(value)),)


def titled(text: str, role: str, found) -> tuple[nlp.Entity, ...]:
    """A name spaCy left unlabelled right after the role it holds ("Said *Pastor Bradley*", "coach Sherrone
    Moore"): the role is the title news puts before a name."""
    taken = [e for e in found if e.label in ("PERSON", "ORG")]
    named = []
    for match in re.finditer(rf"\b{re.escape(role.rstrip('s'))}s?\s+", text, re.IGNORECASE):
        name = NAME_SPAN.match(text, match.end())
        if name and not overlaps(name, taken):
            named.append(nlp.Entity(name.group(), "PERSON", name.start(), name.end()))
    return tuple(named)
