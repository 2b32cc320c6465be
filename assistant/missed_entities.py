"""Entities spaCy's small model misses in a sentence, found by their shape: a time of day ("8PM ET"), a time
counted back ("250 million years ago"), a city after a preposition of place it labelled no place, a venue its
common noun names ("Finch Farm training ground"), a person's organisation it ran into the person's name, a name it
labelled a place that is a brand's ("ChatGPT maker, *OpenAI*"), a number of the thing counted that it
ran into a name; with code names, scores and sums (``assistant.answer_entities``).

Invariants: each finder returns ``nlp.Entity`` records with offsets into the text it was given; the places, times
and numbers never overlap an entity spaCy labelled of their kind, and an organisation run into a name is the part
of spaCy's span after "of". None runs spaCy: microseconds per sentence.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from assistant import nlp
from assistant.answer_entities import amounts, names_given, overlaps, scores, spans_overlap
from assistant.places import known_place
from assistant.question import PERSON_ROLES
from assistant.short_answer import NON_PERSON_WORDS
from assistant.text import CALENDAR_WORDS, LEADING_WORDS, NAME_SPAN, SEASON_WEEK, SPANS

IN_PLACE = re.compile(r"(?<!published )(?<!written )(?<!featured )\b(?:in|near|outside|inside|across)\s+(?:the\s+)?$",
                      re.IGNORECASE)
PLACE_ENDS = re.compile(r"\s*(?:$|[,.;:!?)—–-]|(?:in|on|at|for|when|where|with|and|to|from|last|this|after|before)\b)")


def places_named(text: str, found) -> tuple[nlp.Entity, ...]:
    """Capitalised names after a preposition of place that spaCy labelled no place ("was launched *in Accra* in
    2017": ORG): its small model misreads many a city. Not a month ("in December"), nor what a finding was
    published in ("published in *BMC Biology*")."""
    taken = [e for e in found if e.label not in ("ORG", "PERSON", "NORP")]
    # an organisation's initials stay one ("the only player in the NFL"): spaCy knows a place's (US, UAE)
    initials = [e for e in found if e.label == "ORG" and e.text.isupper()]
    return tuple(nlp.Entity(m.group(), "GPE", m.start(), m.end()) for m in NAME_SPAN.finditer(text)
                 if IN_PLACE.search(text[max(0, m.start() - 24):m.start()])
                 and PLACE_ENDS.match(text, m.end())  # "in Premier League *history*" names no place
                 and not overlaps(m, taken) and not overlaps(m, initials)
                 and not set(m.group().split()) & CALENDAR_WORDS)


VENUE_NOUN = re.compile(r"\s+(?:training ground|training centre|training center|stadium|arena|ballpark|racecourse|"
                        r"circuit|convention cent(?:re|er)|headquarters|campus|hotel|theatre|theater|gallery|museum|"
                        r"cathedral|church|palace|airport|courthouse|ballroom|concert hall)\b", re.IGNORECASE)


def venues(text: str, found) -> tuple[nlp.Entity, ...]:
    """A named place its common noun says is one ("at Everton's *Finch Farm training ground*": spaCy's ORG), as
    a FAC entity: a where question's answer at any preposition, where a bare name after "at" is none."""
    taken = [e for e in found if e.label in ("GPE", "LOC", "FAC")]
    found_venues = []
    for m in NAME_SPAN.finditer(text):
        noun = VENUE_NOUN.match(text, m.end())
        words = set(m.group().split())
        # "The stadium was full": a sentence's first word or a determiner names no place
        if (noun and words - LEADING_WORDS and not words & CALENDAR_WORDS
                and not spans_overlap(m.start(), noun.end(), taken)):
            found_venues.append(nlp.Entity(text[m.start():noun.end()], "FAC", m.start(), noun.end()))
    return tuple(found_venues)


TIME_ZONE = r"(?:ET|PT|CT|MT|GMT|BST|UTC|AEST|AEDT|[EP][SD]T|local time)"
CLOCK_TIME = re.compile(rf"\b\d{{1,2}}(?:[:.]\d\d)?\s?[ap](?:\.m\.|m\b)(?:\s+{TIME_ZONE}\b)?", re.IGNORECASE)


def clock_times(text: str, found) -> tuple[nlp.Entity, ...]:
    """Times of day spaCy's small model leaves unlabelled ("It starts at 8PM ET") as TIME entities."""
    return tuple(nlp.Entity(m.group(), "TIME", m.start(), m.end()) for m in CLOCK_TIME.finditer(text)
                 if not overlaps(m, found))


TIME_AGO = re.compile(r"\b(?:(?:about|roughly|some|nearly|almost|more than|over)\s+)?"
                      r"(?:(?<![\d,.])\d[\d,.]*+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|"
                      rf"many)\s+(?:(?:hundred|thousand|million|billion)\s+)?{SPANS}\s+ago\b", re.IGNORECASE)


def times_ago(text: str, found) -> tuple[nlp.Entity, ...]:
    """A time counted back from the story's that spaCy's small model labelled no date ("250 million years
    ago" left out, "3.5 billion years ago" read as MONEY), as a DATE entity."""
    dates = [e for e in found if e.label in ("DATE", "TIME")]
    return tuple(nlp.Entity(m.group(), "DATE", m.start(), m.end()) for m in TIME_AGO.finditer(text)
                 if not overlaps(m, dates))


def season_weeks(text: str, found) -> tuple[nlp.Entity, ...]:
    """A week of a sports season that spaCy's small model labelled no date ("the first time since *Week 5*")."""
    dates = [e for e in found if e.label in ("DATE", "TIME")]
    return tuple(nlp.Entity(m.group(), "DATE", m.start(), m.end()) for m in SEASON_WEEK.finditer(text)
                 if not overlaps(m, dates))


def missed_by_spacy(labels: tuple[str, ...], text: str, found, counted: str = "") -> tuple[nlp.Entity, ...]:
    """The entities of the wanted ``labels`` that spaCy's small model missed in ``text`` (``found``: its own):
    a code name ("EBT-101"), a game score, a time of day ("8PM ET"), a sum in any currency but the dollar, a
    city it labelled no place, a brand it labelled a place, a number of the thing ``counted`` it
    ran into a name."""
    extra = numbers_of(text, counted, found) if "CARDINAL" in labels and counted else ()
    for label, finder in FINDERS:
        if label in labels:
            extra += finder(text, found)
    return extra


# a name with one of these words is an organisation's own ("The *Royal Bank* of Scotland", "*The* American Academy")
ORGANISATION_WORDS = frozenset("The A An Academy School College Society Board Bureau Center Centre Federation Museum "
                               "Union Order Friends Sons Brothers Sisters Republic Kingdom Church Hall Council "
                               "Royal National American British Federal State States".split())
AFFILIATION = re.compile(r"^(?P<name>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,2}) of (?=[A-Z])")  # "Alexei Ekimov of …"


def affiliations(found) -> tuple[nlp.Entity, ...]:
    """A person's organisation that spaCy's small model ran into the name as one organisation ("*Alexei
    Ekimov of Nanocrystals Technology Inc.*" → "Nanocrystals Technology Inc."): where they work — not where the
    words before "of" are an organisation's own ("The American Academy of Pediatrics", "Royal Bank of Scotland")."""
    return tuple(nlp.Entity(e.text[m.end():], "ORG", e.start + m.end(), e.end)
                 for e in found if e.label == "ORG" and (m := AFFILIATION.match(e.text))
                 and not set(m.group("name").split()) & (NON_PERSON_WORDS | ORGANISATION_WORDS))


# a brand's shape: a capital inside the word after lower-case letters ("OpenAI", "YouTube", "DoorDash"), not a
# surname's ("McCarthy", "MacDonald")
BRAND_SHAPE = re.compile(r"^(?!Mc|Mac[A-Z]|O['’])\S*[a-z][A-Z]")


def misread_places(found) -> tuple[nlp.Entity, ...]:
    """A brand-shaped name spaCy's small model labelled a place that the gazetteer knows as none ("ChatGPT maker,
    *OpenAI*": its GPE), as an organisation: who or which company a question asks for may be one. A place it
    knows stays none ("who won?" is not answered "France"), and so does a plain word ("*Sheehan* has profiled
    …": a surname, as likely as a company)."""
    return tuple(nlp.Entity(e.text, "ORG", e.start, e.end) for e in found
                 if e.label == "GPE" and BRAND_SHAPE.search(e.text) and not known_place(e.text))


# "starting pitcher *Merrill Kelly*", "prosecutor *Thane Rehn*": what comes right after a person's role is a person
# — not a title a team, a country or a firm holds too ("champion Texas Rangers", "host Saudi Arabia")
ROLE_BEFORE = re.compile(r"\b(?!(?:champion|winner|leader|host|owner|investor|backer|sponsor)s?\b)"
                         rf"(?:{PERSON_ROLES})\s+$", re.IGNORECASE)


def persons_by_role(text: str, found) -> tuple[nlp.Entity, ...]:
    """A name of two or three capitalised words right after a person's role that spaCy's small model labelled
    something else ("starting pitcher *Merrill Kelly*": ORG), as a person — not one with an organisation's words
    ("the broadcaster *Sky News*")."""
    return tuple(nlp.Entity(e.text, "PERSON", e.start, e.end) for e in found
                 if e.label in ("ORG", "NORP", "PRODUCT", "FAC") and 2 <= len(words := e.text.split()) <= 3
                 and not known_place(e.text)
                 and all(w[:1].isupper() for w in words) and not set(words) & (NON_PERSON_WORDS | ORGANISATION_WORDS)
                 and ROLE_BEFORE.search(text[max(0, e.start - 30):e.start]))


FIGURE_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})


def numbers_of(text: str, counted: str, found) -> tuple[nlp.Entity, ...]:
    """A number right before the thing counted that spaCy labelled no figure: "represented the Socceroos *56*
    times" reads to the small model as one name, "Socceroos 56" (LAW)."""
    stem = re.escape(counted.lower().rstrip("s"))
    figures = [e for e in found if e.label in FIGURE_LABELS]
    return tuple(nlp.Entity(m.group(), "CARDINAL", m.start(), m.end())
                 for m in re.finditer(rf"\b(?:\d[\d,.]*\d|\d)(?=\s+{stem}(?:e?s)?\b)", text, re.IGNORECASE)
                 if not overlaps(m, figures))


Finder = Callable[[str, tuple], tuple[nlp.Entity, ...]]
# the finder for each wanted label, each given the sentence and spaCy's own entities in it
FINDERS: tuple[tuple[str, Finder], ...] = (
    ("NAME", lambda text, found: names_given(text)),
    ("SCORE", lambda text, found: scores(text)),
    ("TIME", clock_times),
    ("DATE", times_ago),
    ("DATE", season_weeks),
    ("MONEY", lambda text, found: amounts(text)),
    ("GPE", places_named),
    ("FAC", venues),
    ("ORG", lambda text, found: affiliations(found)),
    ("ORG", lambda text, found: misread_places(found)),
    ("PERSON", persons_by_role),
)
