"""A short answer for "who" and "which company" questions: the name the quoted sentences point to.

News text names a person in full once ("Sam Bankman-Fried") and by surname afterwards
("Bankman-Fried"), so the sentences that answer a question often carry only the surname. The short
answer is the name the quoted sentences mention, in the fullest form the retrieved passages spell
out, cited to a passage that spells it so. Invariants: the name is not one the question already
uses; at least ``min_articles`` retrieved articles mention it (fewer when fewer were retrieved, one
when the quotes name a single person whom a quoted article names in full); a tie between two names
gives no short answer; a person question only gets a person-like name.

A question that describes its answer at length ("Who is the individual who, as reported by TechCrunch,
…, and whom Fortune …?") asks for the subject the retrieved articles share, not for who did one thing:
there the name that more retrieved articles mention than the quotes' name is the short answer
(``shared_subject``). On MultiHop-RAG's dev inference queries that took containment from 0.649 to
~0.71 and changed none of the natural questions, whose who/which questions are at most 21 words long.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from assistant import nlp
from assistant.answer_entities import BORN_IN
from assistant.evidence import Sentence, passage_sentences
from assistant.passage import Passage
from assistant.text import CALENDAR_WORDS, LEADING_WORDS, NAME_SPAN, POSSESSIVE, asked_now, named_by_initials

# The questions whose short answer is a name: who did it, which company or team
PERSON_QUESTION = re.compile(
    r"^\s*(?:who\b(?! is the (?:company|organi[sz]ation|team|entity))|(?:which|what is the name of the|what) "
    r"(?:person|individual|athlete|executive|founder|artist|singer|star|pop star|celebrity|coach|quarterback|"
    r"(?:\w+ )?player))", re.IGNORECASE)
ENTITY_QUESTION = re.compile(
    r"^\s*(?:which|what(?: is the name of)?(?: the)?) (?:\w+ ){0,2}(?:company|organi[sz]ation|entity|entities|"
    r"institution|team|platform|firm|group|app|service|agency|network|exchange|league|country|city|brand|bank)\b",
    re.IGNORECASE)

MIN_ARTICLES = 3
# A who/which question this long describes its answer by several facts: the natural questions' who/which
# questions are at most 21 words (two-part ones), MultiHop-RAG's descriptive ones at least 30
DESCRIPTION_WORDS = 25
SUBJECT_LABELS = {True: "PERSON", False: "ORG"}
MAX_NAME_WORDS = 4
# A word like these makes a name an organisation, an event or a place, not a person.
NON_PERSON_WORDS = frozenset(
    "Research Inc Corp Corporation Company Co Group Ventures Capital Fund Tour News League Institute University Bank "
    "Reserve Street Stadium Sportsbook Chiefs United City Club Association Council Department Court Commission "
    "Agency Party Times Post Journal Media Studios Games Labs Technologies Systems Network Foundation Exchange "
    "Markets Trust Partners Holdings Airlines Records Music Entertainment Series Cup Championship Bowl Awards Day "
    "Week Act Trading Securities Global Plus Pro Max Online Sports Store Cloud Conference Draft House Senate "
    "Congress Office Ministry Prize Festival Show".split())


@dataclass
class ShortAnswer:
    name: str
    sentence: Sentence  # a retrieved sentence that spells the name out, for the citation


class ShortAnswerFinder:
    def __init__(self, min_articles: int = MIN_ARTICLES):
        self.min_articles = min_articles

    def run(self, question: str, quoted: list[Sentence], passages: list[Passage],
            outlets: list[str]) -> ShortAnswer | None:
        person = bool(PERSON_QUESTION.match(question))
        if not (person or ENTITY_QUESTION.match(question)):
            return None
        mentions = name_mentions(passages)
        surnames = {name for name in mentions if " " not in name}
        candidates = self._candidates(question, quoted, mentions, surnames, person, outlets)
        ranked = sorted(candidates.items(), key=lambda item: -item[1])
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        name, articles = ranked[0]
        if articles < self._needed(name, len(ranked), person, mentions, quoted, passages):
            return None
        sentence = spelling_sentence(name, quoted, passages)
        return ShortAnswer(name, sentence) if sentence else None

    def _needed(self, name: str, rivals: int, person: bool, mentions: dict[str, set[str]], quoted: list[Sentence],
                passages: list[Passage]) -> int:
        """How many retrieved articles must mention the name: ``min_articles`` (all, if fewer were
        retrieved); one, when a person question's quotes name one person and a quoted article spells it."""
        if person and rivals == 1 and mentions[name] & {s.passage.article_id for s in quoted}:
            return 1
        return min(self.min_articles, len({p.article_id for p in passages}))

    def _candidates(self, question: str, quoted: list[Sentence], mentions: dict[str, set[str]],
                    surnames: set[str], person: bool, outlets: list[str]) -> dict[str, int]:
        """Names in the quoted sentences, each in its fullest form, with how many articles mention it (a
        person by full name or surname)."""
        candidates: dict[str, int] = {}
        for sentence in quoted:
            for short in set(names_in(sentence.text)):
                name = fullest_form(short, mentions, surnames if person else None)
                if already_named(short, question, outlets) or already_named(name, question, outlets):
                    continue
                if person and already_named(name.split()[-1], question, outlets):
                    continue  # "during harbaugh's suspension" names Jim Harbaugh: he is not whom it asks for
                if person == is_person(name, surnames):
                    articles = mentions[short] | mentions[name] | (mentions[name.split()[-1]] if person else set())
                    candidates[name] = max(candidates.get(name, 0), len(articles))
        return candidates


def already_named(name: str, question: str, outlets: list[str]) -> bool:
    """The question's own words, and outlet names, are not what it asks for."""
    lowered = name.lower()
    in_question = re.search(rf"(?<!\w){re.escape(lowered)}(?!\w)", question.lower())
    # "who is replacing CZ?": Changpeng Zhao is whom the question names by his initials
    return bool(in_question) or named_by_initials(name, question) or any(lowered in o.lower() or o.lower() in lowered for o in outlets)


def names_in(text: str) -> list[str]:
    """Capitalised spans, without possessives, leading sentence words or titles ("CEO Sam Altman's")."""
    names = []
    # a possessive ends a name: "Sarina Wiegman’s Lionesses" is Sarina Wiegman and the Lionesses
    for match in NAME_SPAN.finditer(POSSESSIVE.sub(",", text)):
        words = match.group(0).split()
        while words and words[0].rstrip(".") in LEADING_WORDS:
            words = words[1:]
        # "another *New Zealand-born* Irish star" describes one player; "*Canadian-born* Ryan Reynolds" names him
        born = max((i + 1 for i, w in enumerate(words) if BORN_IN.search(w)), default=0)
        words = words[born:] if not born or len(words) - born > 1 else []
        if words and not all(w in CALENDAR_WORDS for w in words):
            names.append(" ".join(words).rstrip("."))
    return names


def name_mentions(passages: list[Passage]) -> dict[str, set[str]]:
    mentions: dict[str, set[str]] = defaultdict(set)
    for passage in passages:
        for name in names_in(passage.text):
            mentions[name].add(passage.article_id)
    return mentions


def spelled_out(name: str, quoted: list[Sentence], passages: list[Passage]) -> ShortAnswer | None:
    """``name`` in the fullest form the passages spell it ("Okonkwo-Reyes" → "Marta Okonkwo-Reyes"), cited to
    a sentence that spells it so."""
    mentions = name_mentions(passages)
    full = fullest_form(name, mentions, {n for n in mentions if " " not in n})
    sentence = spelling_sentence(full, quoted, passages)
    return ShortAnswer(full, sentence) if sentence else None


def fullest_form(name: str, mentions: dict[str, set[str]], surnames: set[str] | None) -> str:
    """"Bankman-Fried" → "Sam Bankman-Fried": the most widely used longer name ending in this one."""
    longer = [other for other in mentions if other.endswith(" " + name) and len(other.split()) <= MAX_NAME_WORDS
              and (surnames is None or is_person(other, surnames))]
    return max(longer, key=lambda other: len(mentions[other])) if longer else name


def is_person(name: str, surnames: set[str]) -> bool:
    """Two to four plain capitalised words, the last of which the articles also use alone."""
    words = name.split()
    return (2 <= len(words) <= MAX_NAME_WORDS and words[-1] in surnames
            and not any(w in NON_PERSON_WORDS or w in CALENDAR_WORDS or w.isupper() or any(c.isdigit() for c in w)
                        for w in words))


def spelling_sentence(name: str, quoted: list[Sentence], passages: list[Passage]) -> Sentence | None:
    """A sentence that spells the name out: in a quoted passage if one does, else in a quoted article, else
    in the best-ranked passage that does."""
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    quoted_chunks = {s.passage.chunk_id for s in quoted}
    quoted_articles = {s.passage.article_id for s in quoted}
    spelled = [s for s in passage_sentences(passages) if pattern.search(POSSESSIVE.sub("", s.text))]
    return min(spelled, key=lambda s: (s.passage.chunk_id not in quoted_chunks,
                                       s.passage.article_id not in quoted_articles, s.passage_rank), default=None)


def describes_at_length(question: str) -> bool:
    """A who/which question that describes what it asks for by several facts rather than one — in its own
    words: the previous turn a follow-up carries describes nothing it asks for."""
    return (bool(PERSON_QUESTION.match(question) or ENTITY_QUESTION.match(question))
            and len(asked_now(question).split()) >= DESCRIPTION_WORDS)


def shared_subject(question: str, current: ShortAnswer | None, quoted: list[Sentence], passages: list[Passage],
                   outlets: list[str]) -> ShortAnswer | None:
    """The person (or organisation) that the most retrieved articles mention, where that is more articles
    than mention ``current`` (or at least two, when there is no current short answer) and no other name
    ties with it. Candidates are spaCy's entities of the wanted label in the passages; a person is counted
    by surname ("Bankman-Fried"), which spaCy often leaves untagged, so mentions are counted by text."""
    person = bool(PERSON_QUESTION.match(question))
    forms: dict[str, dict[str, int]] = defaultdict(dict)  # key (surname, or whole name) -> spelling -> count
    for found in nlp.entities_of([p.text for p in passages]):
        for entity in found:
            name = POSSESSIVE.sub("", entity.text).strip(" .-—")
            if entity.label != SUBJECT_LABELS[person] or not name or already_named(name, question, outlets):
                continue
            key = name.split()[-1] if person else name
            if person and already_named(key, question, outlets):
                continue
            forms[key][name] = forms[key].get(name, 0) + 1
    counted = sorted(((len(articles_naming(key, passages)), key) for key in forms), reverse=True)
    if not counted or (len(counted) > 1 and counted[1][0] == counted[0][0]):
        return None
    articles, key = counted[0]
    have = len(articles_naming(current.name.split()[-1] if person else current.name, passages)) if current else 1
    if articles <= have:
        return None
    spellings = forms[key]
    name = max(spellings, key=lambda f: (len(f.split()) <= MAX_NAME_WORDS, len(f.split()), spellings[f]))
    sentence = spelling_sentence(name, quoted, passages)
    return ShortAnswer(name, sentence) if sentence else None


def articles_naming(name: str, passages: list[Passage]) -> set[str]:
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    return {p.article_id for p in passages if pattern.search(p.text)}
