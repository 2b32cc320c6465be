"""Questions in two parts: how a question splits into its parts (``split_parts``; ``part_question`` makes a part
stand alone; ``part_analysis`` gives it its own outlets and dates), each part with its own evidence, and
"before"/"after" decided by publication dates.

"Did the Sporting News report on FC Cincinnati come before The Roar's report on Aston Villa?" names two
reports; which came first is a fact about their publication dates, not about what they say. So each part
gets its own best sentence (from the outlet and date it names, from two different articles), and the
answer says "Yes" or "No" only when both were found and the dates differ — never by default. A question
about how the coverage *changed* or whether it was *consistent* is about content, not order: no verdict.

Invariants: a verdict cites both sentences and states both dates; a part without evidence is reported as
not found, and then there is no verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from assistant import nlp
from assistant.evidence import CoverageScorer, Sentence
from assistant.outlets import outlet_aliases, without_outlets
from assistant.query import QueryAnalysis, content_terms
from assistant.text import CARRIED_TURN, REFERRING_PRONOUN, asked_now

ORDER_WORD = re.compile(r"\b(?P<word>before|after|prior to|earlier than|later than)\b", re.IGNORECASE)
ABOUT_CONTENT = re.compile(r"\b(?:chang\w*|consisten\w*|contradict\w*|differ\w*|similar\w*|compar\w*|agree\w*|"
                           r"inconsisten\w*|portray\w*|same|shift\w*|align\w*|while|whereas|contrast|suggest\w*|attribut\w*|"
                           r"credit\w*|impl(?:y|ies|ied)|claim\w*)\b", re.IGNORECASE)
# each part must be about a publication: "the Sporting News report on …", "… The Roar mentioned …"
REPORT_WORD = re.compile(r"\b(?:report\w*|articles?|publish\w*|mention\w*|cover\w*|discuss\w*|stor(?:y|ies)|"
                         r"wrote|write\w*|piece)\b", re.IGNORECASE)
YES_NO = re.compile(r"^\s*(?:did|was|were|is|has|had|does)\b", re.IGNORECASE)
BEFORE_WORDS = {"before", "prior to", "earlier than"}
NEGATED = re.compile(r"\b(?:fail(?:ed)? to|not|never|n't)\b", re.IGNORECASE)  # "did X fail to report … before …"
MIN_PART_WORDS = 3


@dataclass
class OrderQuestion:
    first: str  # the part before the order word
    word: str  # before | after | prior to | earlier than | later than
    second: str


@dataclass
class Verdict:
    answer: str  # "Yes" | "No"
    first: Sentence
    second: Sentence
    explanation: str


# --- splitting a question into its parts ------------------------------------------------------------
WH = r"(?:who|whom|whose|what|when|where|why|which|how)\b"
# "…, and how much …", "…, and in December, which group …" (a short time or place phrase before the second part)
LEAD_IN = r"(?:(?:in|on|by|at|during|after|before)\s+[\w\s.’'-]{1,25},\s+)?"
PART_SPLIT = re.compile(rf"\?\s+(?=\S)|,?\s+and\s+(?={LEAD_IN}{WH})|;\s*(?={WH})", re.IGNORECASE)
# a statement ends at a full stop before a capital, or at a colon before the question ("Two stories: how much …")
STATEMENT_END = re.compile(rf"(?<=[.!])\s+(?=[A-Z])|(?<=:)\s+(?=(?:in\s+\w+,\s+)?{WH})", re.IGNORECASE)


DATE_LEAD = re.compile(r"\s*\b(?:in|on|by|during|since|from|until|at)\s+$", re.IGNORECASE)


def has_pronoun(text: str) -> bool:
    return bool(REFERRING_PRONOUN.search(text))


def split_parts(question: str) -> tuple[str, list[str]]:
    """A question that asks two things ("how much did Flexport pay for Deliverr, and what is Flexport valued
    at?") as its parts, with any statement before them ("CNBC and TechCrunch both covered …") as context
    that every part is about. One part when it asks one thing. A follow-up's carried turn ("… (is janani
    umamaheswar and what happened to her)") is context, never a part: only what this turn asks is split."""
    carried = CARRIED_TURN.search(question)
    sentences = STATEMENT_END.split(asked_now(question).strip())
    context = " ".join(s for s in sentences if not s.rstrip().endswith("?") and not re.match(WH, s.strip(), re.I))
    asked = " ".join(s for s in sentences if s not in context) or question
    parts = [p.strip(" ?,") for p in PART_SPLIT.split(asked) if p and p.strip(" ?,")]
    parts = [p for p in parts if re.match(rf"^(?:and\s+)?{LEAD_IN}{WH}", p, re.IGNORECASE) or p is parts[0]]
    if carried and len(parts) >= 2:
        context = f"{context} {carried.group().strip()}".strip()
    return context, (parts if len(parts) >= 2 else [question])


# a source named for every part: before the first part's question word, or after the last part
BEFORE_QUESTION = re.compile(rf"^(.*?)\b{WH}", re.IGNORECASE)
SOURCE_TAIL = re.compile(r",\s*(?:per|according to|reported by)\b[^,]*$", re.IGNORECASE)


def shared_source(parts: list[str]) -> str:
    """The words naming a source for every part: "According to the Guardian, how many …, and how many …?",
    "…, and what is Flexport valued at, per TechCrunch?"."""
    lead, tail = BEFORE_QUESTION.match(parts[0]), SOURCE_TAIL.search(parts[-1])
    return f"{lead.group(1) if lead else ''} {tail.group(0) if tail else ''}"


def part_question(parts: list[str], number: int, context: str, joint: str = " ") -> str:
    """Part ``number`` of a two-part question, standing alone: with the context the question set up ("CNBC
    and TechCrunch both covered …") and, when it points back with a pronoun, has no verb of its own or names
    nothing of its own, the first part in parentheses ("and what is it valued at? (how much did Flexport pay
    for Deliverr)") — without the first part's dates when it names its own. ``joint`` goes between the part and
    the context."""
    part = parts[number]
    tokens = nlp.parse(part)
    # "and how many on the third?": a part with no verb of its own asks the first part's question again
    elliptic = not any(t.pos_ in ("VERB", "AUX") for t in tokens)
    # "…, and what did the jury end up deciding?": a part naming nothing of its own is about the first part's
    # subject ("the epic v google trial")
    dated = [(e.start, e.end) for e in nlp.entities(part) if e.label in ("DATE", "TIME")]
    unnamed = not any(t.pos_ == "PROPN" and not any(a <= t.idx < b for a, b in dated) for t in tokens)
    about = f"{part}{joint}{context}" if context else part
    if not (number and (has_pronoun(part) or elliptic or unnamed)):
        return about
    first = parts[0]
    if dated:  # "… by mid-December?" asks about its own time, not the first part's ("… in September")
        for entity in sorted((e for e in nlp.entities(first) if e.label in ("DATE", "TIME")), key=lambda e: -e.start):
            lead = DATE_LEAD.search(first, 0, entity.start)  # the date with its preposition
            first = first[:lead.start() if lead else entity.start] + first[entity.end:]
        first = re.sub(r"\s{2,}", " ", first).strip(" ,")
    return f"{about} ({first})"

def order_question(question: str) -> OrderQuestion | None:
    """A yes/no question whose two parts are joined by one order word, about order rather than content."""
    if not YES_NO.match(question) or ABOUT_CONTENT.search(question):
        return None
    words = list(ORDER_WORD.finditer(question))
    if len(words) != 1:
        return None
    first, second = question[:words[0].start()], question[words[0].end():]
    if min(len(first.split()), len(second.split())) < MIN_PART_WORDS:
        return None
    if not (REPORT_WORD.search(first) and REPORT_WORD.search(second)):
        return None
    return OrderQuestion(first.strip(), words[0].group("word").lower(), second.strip(" ?"))


def decide_order(order: OrderQuestion, ranked: list[Sentence], analysis: QueryAnalysis,
                 scorer: CoverageScorer) -> Verdict | None:
    first = best_for_part(order.first, ranked, analysis, scorer)
    if first is None:
        return None
    second = best_for_part(order.second, [s for s in ranked if s.passage.article_id != first.passage.article_id],
                           analysis, scorer)
    if second is None:
        return None
    one, two = published(first), published(second)
    if one is None or two is None or one.date() == two.date():
        return None
    holds = (one < two if order.word in BEFORE_WORDS else one > two) != bool(NEGATED.search(order.first))
    relation = "before" if one < two else "after"
    explanation = (f"{describe(first)} was published on {one:%B %-d, %Y}, {relation} {describe(second)} "
                   f"on {two:%B %-d, %Y}.")
    return Verdict("Yes" if holds else "No", first, second, explanation)


def best_for_part(part: str, ranked: list[Sentence], analysis: QueryAnalysis,
                  scorer: CoverageScorer) -> Sentence | None:
    """The sentence that covers this part best, from the outlet it names (if it names one)."""
    outlets = [o for o in analysis.outlets if any(a.lower() in part.lower() for a in outlet_aliases(o))]
    pool = [s for s in ranked if not outlets or s.passage.source in outlets]
    weights = scorer.weights(content_terms(part))
    if not pool or not weights:
        return None
    return max(pool, key=lambda s: scorer.coverage(weights, s.passage.title + " " + s.text))


def published(sentence: Sentence) -> datetime | None:
    try:
        return datetime.fromisoformat(sentence.passage.published_at) if sentence.passage.published_at else None
    except ValueError:
        return None


def describe(sentence: Sentence) -> str:
    passage = sentence.passage
    return f"the {passage.source} article" if passage.source else f"“{passage.title or 'an untitled article'}”"


def part_analysis(analysis: QueryAnalysis, parts: list[str], number: int, context: str) -> QueryAnalysis:
    """Part ``number`` of a two-part question read as a question of its own: its topic, like a whole
    question's, without outlets and dates; the outlets it names ("…, and how many shots per the Guardian?") or
    a source names for every part (``shared_source``), else those no other part names; and the dates it or the
    context names ("in October, … and in December, …"), not the other part's."""
    part = parts[number]
    about = part_question(parts, number, context)
    # an outlet another part names is that part's ("how much … per the Guardian, and how long … Fox reported?");
    # one leading the first part or trailing the last is every part's ("According to the Guardian, how many …")
    shared = shared_source(parts)
    outlets = [o for o in analysis.outlets if names_outlet(part, o) or names_outlet(shared, o)] or \
        [o for o in analysis.outlets if not any(names_outlet(p, o) for i, p in enumerate(parts) if i != number)]
    own = f"{part} {context}".lower()  # not the first part's, which ``about`` may carry ("… (who … in September)")
    dates = [d for d in analysis.dates if d.text.lower() in own]
    topic = without_outlets(about, analysis.outlets)
    for date in dates:
        topic = re.sub(re.escape(date.text), " ", topic, flags=re.IGNORECASE)
    return QueryAnalysis(part, outlets, [], dates, content_terms(topic))


def names_outlet(text: str, outlet: str) -> bool:
    return any(re.search(rf"\b{re.escape(a)}\b", text, re.IGNORECASE) for a in outlet_aliases(outlet))
