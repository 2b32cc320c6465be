"""Which of a sentence's entities answers the question (``EntityChooser.choose``): one of the wanted labels that
the question doesn't name, that is no rank, kind, possibility, saving, reporter, vague amount or birthplace, of the
place, game, span, age or unit asked about — and of those, the one the sentence says so of, nearest the question's
own words. Read by ``assistant.picking`` for each re-ranked sentence.

Invariants: no spaCy run here except the parses ``said_of`` and ``counted_by`` make (cached, and only of a
sentence with a word of the asked noun, or a count question's candidate numbers); the question's own words, the
chat's earlier answers and the names the question gives by their initials are never the answer.
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant.answer_entities import (
    a_duration,
    counts_in_order,
    counts_of,
    figure_words,
    final_result,
    longer_name,
    names_a_kind,
    names_an_age,
    names_nobody,
    of_the_game,
    only_possible,
    ranks,
    reporter,
    said_of,
    states_age,
    unpossessive,
    vague,
    vague_date,
    years_in,
)
from assistant.conversation import Conversation
from assistant.details import counted_by
from assistant.mentions import term_words
from assistant.places import is_place, works_at
from assistant.question import COUNT_KINDS, ROLE_KINDS, TIME_UNITS, Intent
from assistant.text import (
    AGE_WORDS,
    ASKS_POSSIBLE,
    ASKS_REPORTING,
    ASKS_SAVING,
    EVENT_DAY,
    LOCATIVE,
    a_length,
    a_saving,
    asked_now,
    dated_since,
    focus_word,
    named_by_initials,
    words_of,
)

# "how long ago …?" asks when, and "how long does the sale run?" until when: a date answers those, not "how long had
# he been with them?" or "how long was he waiting?" ("2019-20", "a day earlier" are no stretch of time)
UNTIL_OR_AGO = re.compile(r"\bago\b|\b(?:runs?|running|lasts?|lasting|open|until|till|left)\b")


RELATIVE = re.compile(r"(?:^|\s)(?:earlier|later|before|after|ago|prior)\b", re.IGNORECASE)


ASKS_RELATIVE = re.compile(r"\bhow long (?:before|after|earlier|later|prior)\b|\bago\b")


def a_stretch(text: str, entity, relative: bool = False) -> bool:
    """A length of time, not one counted from another time ("a day *earlier*", "two weeks *before* the final") —
    unless the question asks for one counted so (``relative``: "how long before the conference …?")."""
    return a_length(text, entity.start, entity.end) and (relative or not (
        RELATIVE.search(entity.text) or RELATIVE.match(text, entity.end)))


class EntityChooser:
    def __init__(self, intent: Intent, question: str, conversation: Conversation):
        self.intent = intent
        self.question = question.lower()
        self.question_as_typed = question  # initials need the capitals
        self.asks_possible = bool(ASKS_POSSIBLE.search(self.question))
        self.stretch_only = intent.span and not UNTIL_OR_AGO.search(asked_now(self.question))
        self.relative = bool(ASKS_RELATIVE.search(asked_now(self.question)))
        self.asks_reporting = bool(ASKS_REPORTING.search(self.question))
        self.asks_owner = intent.kind in ROLE_KINDS  # "whose liver": the name it is of, not one describing it
        self.conversation = conversation

    def vague(self, text: str, entity) -> bool:
        """A date that names no point in time ("on Monday", "two weeks") is a weaker answer to "when?", unless
        "what day" asks for the weekday or "how long" for a stretch of time ("after *a month* of the diet")."""
        return vague_date(entity, weekday=self.intent.unit == "day") and not (
            self.intent.span and a_length(text, entity.start, entity.end))

    def choose(self, text: str, found) -> nlp.Entity | None:
        """The entity of a wanted label that the question doesn't name, nearest the question's own words."""
        asked = words_of(EVENT_DAY.sub(" ", self.question))  # "Friday, Nov. 17" is not the question's "Black Friday"
        # words the answer may share with the question: the role ("*Kiel University*" for "which university"), the
        # kind ("Abu Dhabi National Oil *Company*" for "what company"), the unit ("seven *years*" for "how many years")
        own = {self.intent.focus, self.intent.bare_type} if self.intent.kind in ROLE_KINDS else set()
        if self.intent.focus and self.intent.kind in COUNT_KINDS:  # "how many miles" → "*500 miles*"
            own = {self.intent.focus, self.intent.focus.rstrip("s")}
        if self.intent.kind == "duration":
            own = set(TIME_UNITS)
        if self.intent.kind == "age":  # "how *old* is he?" → "the 33-year-*old* tight end"
            own = set(AGE_WORDS)
        if self.intent.kind == "full_name":  # "Ricardo Zamora" for "what's Zamora's first name?"
            return next((e for e in found if e.label == "PERSON" and longer_name(e.text, self.intent.subject)), None)
        if self.intent.kind == "when" and self.intent.unit == "year":  # "Christmas Day, 1863" answers with 1863
            found = years_in(found)
        counting = self.intent.kind in COUNT_KINDS and bool(self.intent.focus)
        labels = self.intent.labels + (("ORDINAL",) if counting else ())
        wanted = [e for e in found if e.label in labels and e.text.lower() not in self.question
                  # "his *eighth* league goal" counts eight goals; "the second ballot" counts nothing
                  and (e.label != "ORDINAL" or counts_in_order(text, e, self.intent.focus))
                  # "who is replacing CZ?" is not asking for Changpeng Zhao, nor "… Hipgnosis Songs Fund?" for HSF
                  and not named_by_initials(e.text, self.question_as_typed)
                  and not ranks(text, e, found) and not names_a_kind(text, e)
                  and (self.asks_possible or not only_possible(text, e))
                  and (e.label != "MONEY" or ASKS_SAVING.search(self.question) or not a_saving(text, e.start, e.end))
                  # "ESPN's Pete Thamel reported …": the journalist is no answer to who did what the story tells
                  and not (self.intent.kind == "who" and not self.asks_reporting and reporter(text, e))
                  # a score is one token ("4-1"), whatever "october 4" in the question says
                  # a figure is named by its digits: "$26.3 billion" in the question names no other billion
                  and (e.label == "SCORE" or not ((figure_words(e) or term_words(e.text)) - own) & asked)
                  and not vague(e) and not names_nobody(text, e)
                  and (self.intent.kind != "where" or is_place(text, e, self.intent.place))  # not "Jayden", "Germany"
                  # a follow-up asks for something it wasn't told: "how much debt does she have?" → "$145,000",
                  # then "how much is she paying back each month?" is not answered "$145,000" again
                  and not self.conversation.told(e.text)
                  and not (self.intent.unit == "time" and vague_date(e))  # "in the evening" is no time of day
                  and (self.intent.kind != "duration" or a_duration(e.text, self.intent.duration_units()))
                  and not (self.stretch_only and not a_stretch(text, e, self.relative)
                           and not dated_since(text, e.start))
                  and (self.intent.unit != "length" or a_stretch(text, e, self.relative))  # "six-hour", not "two"
                  and (self.intent.kind != "age" or states_age(text, e))
                  # "the 31-year-old" is spaCy's DATE, but an age tells no when
                  and not (self.intent.kind == "when" and names_an_age(e))
                  # "the score between australia and italy": not the 2-0 over Finland a sentence without them gives
                  and (e.label != "SCORE" or of_the_game(text, self.intent.sides))]
        if not wanted:
            return None
        content = {w for w in words_of(self.question) if len(w) > 3}
        anchors = [m.start() for w in content for m in re.finditer(re.escape(w), text.lower())]
        if self.intent.focus:
            anchors = [m.start() for m in focus_word(self.intent.focus).finditer(text)] or anchors

        def cost(entity: nlp.Entity) -> tuple[bool, bool, int, int, bool, bool, bool, bool, bool, int]:
            distance = min((abs(entity.start - a) for a in anchors), default=entity.start)
            interim = entity.label == "SCORE" and not final_result(text, entity)
            # "where did Gogoro launch?" → "… launching 30 stations *in Delhi*": a place after a preposition of place
            placed = self.intent.kind != "where" or bool(LOCATIVE.search(text[max(0, entity.start - 24):entity.start]))
            # "while CEOs live in Miami, the alligator party was … in *Fort Lauderdale*": the place of what is asked
            of_asked = self.intent.kind != "where" or placed_of(text, entity, content)
            # "seven *three*-pointers", "a *27*-yard touchdown": a number inside a compound describes one thing
            compound = text[entity.end:entity.end + 1] == "-"
            # "on Monday, … today, November 6": the date, unless "what day" asks for the weekday
            vague = self.intent.kind == "when" and self.vague(text, entity)
            # an age is a number or, to spaCy, a date ("the 33-year-old"): neither label is the better answer
            label = 0 if self.intent.kind == "age" else labels.index(entity.label)
            stated = said_of(text, entity, self.intent.of_noun, self.asks_owner)  # "revenue of *$9.3 billion*"
            # "when did he last …?" → "… since *Week 5*"; "where did he work?" → "namely *YouTube*, where he was …"
            said_so = (not self.intent.since or dated_since(text, entity.start)) and (
                not self.intent.workplace or works_at(text, entity, self.intent.workplace))
            # "how many yards?" → "three catches for *19 yards*": the number of the thing counted, whatever its label
            # ... and one that counts nothing named ("*149* on seven catches") before one of another ("*a third* of …")
            counted = 0 if not counting or counts_of(text, entity, self.intent.focus) else 1 + bool(
                entity.label == "QUANTITY" or counted_by(text, entity) or text.startswith(" of ", entity.end)
                or any(o.end <= entity.start and counted_by(text, o) for o in wanted))  # "…, up from 35 million"
            return (not said_so, compound and not stated, counted, label, vague, interim, not placed, not of_asked,
                    not stated, distance)

        return unpossessive(min(wanted, key=cost))  # "Stephen Eustaquio's 85th-minute strike" → Stephen Eustaquio


def placed_of(text: str, entity, asked: set[str]) -> bool:
    """The clause that puts ``entity`` somewhere has a subject (or a verb) the question names: "while tech CEOs live
    in Miami, *the alligator party* was an hour up the coast in *Fort Lauderdale*" — the party's place, for "where was
    the alligator party?", not the CEOs'. Read in spaCy's parse (cached)."""
    token = next((t for t in nlp.parse(text) if entity.start <= t.idx < entity.end), None)
    while token is not None and token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    if token is None:
        return False
    if token.lower_ in asked or token.lemma_.lower() in asked:  # "*Born* in Alice Springs" for "where was he born?"
        return True
    # the subject's phrase without the clause describing it ("the CEOs *who attended the party in Fort Lauderdale*")
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(set(words_of(text[start:end])) & asked for s in subjects for start, end in nlp.noun_phrases(s))
