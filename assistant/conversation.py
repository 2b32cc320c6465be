"""Follow-up questions become standalone questions before retrieval, and the chat so far shapes the answer.

With an LLM configured it rewrites them (prompt ``prompts/condense.txt``); otherwise the conversation is
replayed turn by turn, carrying state forward deterministically:

- whom a pronoun means (``assistant.referents``): the previous answer's short answer (the name it led with)
  after a who-question, the person the previous question asked about, the company or the people it named —
  and the same "he"/"she" as the turn before means the same person;
- the previous standalone question's words ride along in parentheses, so "And when was that?" is
  searched as "And when was that? (who negotiated Apple's Google search deal with Pichai)";
- ``conversation_state``: the sentences already quoted (a follow-up asking for more never repeats one)
  and the articles the previous answer cited (preferred when the follow-up is answered).

Invariants: the history is exactly what the chat shows (text only); a question that is not a follow-up is
returned unchanged; the carried context is never longer than ``MAX_CONTEXT_WORDS``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant import nlp
from assistant.follow_up import asks_anew, binds_its_pronoun, is_follow_up
from assistant.passage import Passage
from assistant.question import PERSON_WORDS
from assistant.referents import NOBODY, Bound, resolve_pronoun, subject_span
from assistant.text import (
    CARRIED_TURN,
    MARKER,
    MARKUP,
    normalise,
    split_sentences,
)

MAX_CONTEXT_WORDS = 14
SHORT_ANSWER = re.compile(r"^\s*(?P<name>(?:[^.\[\]]|\.(?=\w)){1,80}?)\s*\[\d+\]\.")  # "$1.7 billion [1]."
QUESTION_WORDS = re.compile(r"^\s*(?:and|so|but|also|then)?\s*(?:who['’]s|what['’]s|where['’]s|how['’]s|"  # before "what"
                            r"who|whom|whose|what|when|where|why|which|"
                            r"how(?: many| much| long| old| far| often)?|"
                            r"is|are|was|were|did|does|do|has|have|had|can|could|will|would|tell me about)\b\s*",
                            re.IGNORECASE)


def turns(history: Sequence[dict]) -> list[tuple[str, str]]:
    """(user question, assistant reply) pairs, in order; a reply may be empty."""
    pairs: list[tuple[str, str]] = []
    for message in history:
        content = MARKUP.sub("", str(message.get("content") or ""))
        if message.get("role") == "user":
            pairs.append((content, ""))
        elif message.get("role") == "assistant" and pairs and not pairs[-1][1]:
            pairs[-1] = (pairs[-1][0], content)
    return pairs


def previous_turn(history: Sequence[dict]) -> tuple[str, str]:
    """The last user question and the assistant reply after it (either may be empty)."""
    pairs = turns(history)
    return pairs[-1] if pairs else ("", "")


def previous_quotes(history: Sequence[dict], shortest: int = 30) -> list[str]:
    """The sentences the previous reply quoted, as quoted (citation markers removed), longer than
    ``shortest`` characters: enough to find the article each one came from."""
    text = MARKER.sub("", previous_turn(history)[1])
    return [text[s:e].strip() for s, e in split_sentences(text) if e - s > shortest]


def short_answer_of(reply: str) -> str:
    """The name, date or number a reply led with ("Sam Altman [1]. …")."""
    match = SHORT_ANSWER.match(reply)
    return match.group("name").strip() if match and len(match.group("name").split()) <= 6 else ""


def condense_deterministic(question: str, history: Sequence[dict]) -> str:
    """Replay the chat: each user turn made standalone against the one before and the reply it got."""
    standalone, reply, bound = "", "", NOBODY
    for user, answer in turns(history):
        (standalone, bound), reply = condense_turn(user, standalone, reply, bound), answer
    return condense_turn(question, standalone, reply, bound)[0]


def condense_turn(question: str, previous: str, reply: str, bound: Bound = NOBODY) -> tuple[str, Bound]:
    """``question`` made standalone against the previous standalone question and its reply, and whom its
    "he"/"she" was taken to mean."""
    if not previous or not is_follow_up(question) or asks_anew(question, previous, reply):
        return question, NOBODY
    short = short_answer_of(reply)
    swapped = _swap_subject(question, previous)
    if swapped:  # "what about Wells Fargo?": the previous question, asked of Wells Fargo
        return swapped, NOBODY
    # "what about richard roundtree, what did he die of?": he is Roundtree; the turn still rides along
    standalone, bound = (question, NOBODY) if binds_its_pronoun(question) else \
        resolve_pronoun(question, previous, short, reply, bound)
    context = _context(previous, short if short and short not in standalone else "")
    return (f"{standalone} ({context})" if context else standalone), bound


WHAT_ABOUT = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(?:what|how)\s+about\s+(?P<other>[^?]+?)\s*\??\s*$", re.IGNORECASE)
# "and the texas one?" after "who signed the florida one?"
THE_OTHER_ONE = re.compile(r"^\s*(?:and|what about|how about)\s+the\s+(?P<other>[\w'’.-]+(?: [\w'’.-]+)?)\s+one\s*\??\s*$",
                           re.IGNORECASE)
# the one asked of, as a noun phrase of its own ("who signed the florida one?", not "the number one seed")
THE_ONE = re.compile(r"\bthe ([\w'’.-]+(?: [\w'’.-]+)?) one\b(?=\s*(?:[?.!,]|$|(?:is|was|are|were|did|does|do|has|"
                     r"have|had|that|which|who|signed|won|lost)\b))", re.IGNORECASE)
# an order or a kind is no other one of the same ("and the second one?", "and the new one?")
NOT_OTHER = re.compile(r"^(?:first|second|third|fourth|fifth|next|last|other|new|old|same|number|latest|final)\b",
                       re.IGNORECASE)
NOT_A_NAME = re.compile(r"(?:the|a|an|this|that|it|its|his|her|their|them|those|these|else|more)\b", re.IGNORECASE)
SWAPPABLE = ("ORG", "PERSON", "GPE", "PRODUCT", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LOC")


def _swap_subject(question: str, previous: str) -> str:
    """"What about X?" asks the previous question again about X: X takes the place of the previous
    question's subject ("how much had *jpmorgan* returned …"), or of its name of X's kind."""
    one = THE_OTHER_ONE.match(question)
    one = one if one and not NOT_OTHER.match(one.group("other")) else None
    asked_one = THE_ONE.search(CARRIED_TURN.sub("", previous)) if one else None
    if one and asked_one:  # "who signed the florida one?" → "and the texas one?": the previous, of the texas one
        asked = CARRIED_TURN.sub("", previous).strip()
        return asked[:asked_one.start(1)] + one.group("other") + asked[asked_one.end(1):]
    match = WHAT_ABOUT.match(question)
    other = match.group("other").strip() if match else ""
    if not other or len(other.split()) > 4 or NOT_A_NAME.match(other):
        return ""  # "what about the weather?" is not another one of the same
    asked = CARRIED_TURN.sub("", previous).strip()
    when = next((e for e in nlp.entities(other) if e.label == "DATE"), None)
    if when is not None or re.match(r"(?:in|on|during|for|at)\b", other, re.IGNORECASE):
        # "what about in 2021?": the previous question's date changes, nothing else
        dates = [e for e in nlp.entities(asked) if e.label == "DATE"]
        other = when.text if when is not None else other
        return asked[:dates[0].start] + other + asked[dates[0].end:] if dates and when is not None else ""
    kind = next((e.label for e in nlp.entities(other) if e.label in SWAPPABLE), "")
    same_kind = next(((e.start, e.end) for e in nlp.entities(asked) if kind and e.label == kind), None)
    # "how full are *azrieli's* office buildings?" → "what about amot?": the name the subject belongs to
    span = _possessor_span(asked) or subject_span(asked) or same_kind
    return asked[:span[0]] + other + asked[span[1]:] if span else ""


def _possessor_span(text: str) -> tuple[int, int] | None:
    """Character span of the name the question's subject belongs to ("*azrieli*'s office buildings"), or of the
    whole subject where it is that name's person ("*Trump's lawyer*")."""
    for token in nlp.parse(text):
        if token.dep_ == "poss" and token.pos_ == "PROPN" and token.head.dep_ in ("nsubj", "nsubjpass"):
            # a person's role goes with its owner: "what about Rudy Giuliani?" after "why was *Trump's lawyer*
            # fined?" asks of him
            head = token.head
            end = head.idx + len(head.text) if PERSON_WORDS.fullmatch(head.lower_) else token.idx + len(token.text)
            return token.idx, end
    return None


def _context(previous: str, short: str) -> str:
    """The short answer the previous turn got, then its standalone question without question words."""
    inner = CARRIED_TURN.search(previous)
    words = short.split() + QUESTION_WORDS.sub("", CARRIED_TURN.sub("", previous)).strip(" ?.!").split()
    if inner:
        words += inner.group(0).strip(" ()").split()
    return " ".join(list(dict.fromkeys(words))[:MAX_CONTEXT_WORDS])


@dataclass
class Conversation:
    """What the chat so far says about this turn: sentences already quoted, articles already cited (the
    answer picker reads it, ``assistant.picking``)."""

    quoted: set[str] = field(default_factory=set)  # normalised sentence texts
    cited_articles: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)  # the short answers already given, lower case

    def told(self, text: str) -> bool:
        """The chat already answered with ``text`` ("$145,000" for "approximately $145,000")."""
        lowered = text.lower()
        return any(re.search(rf"(?<!\w){re.escape(told)}(?!\w)", lowered) or lowered in told
                   for told in self.answered)


def conversation_state(history: Sequence[dict], passages: list[Passage]) -> Conversation:
    """Sentences the chat already quoted, the retrieved articles those quotes came from, and the short
    answers it gave."""
    quoted: set[str] = set()
    for _, reply in turns(history):
        text = MARKER.sub("", reply)
        quoted.update(normalise(text[s:e]) for s, e in split_sentences(text))
    cited = {p.article_id for p in passages if any(q and len(q) > 30 and q in normalise(p.text) for q in quoted)}
    answered = {short.lower() for _, reply in turns(history) if (short := short_answer_of(reply))}
    return Conversation(quoted, cited, answered)


def condense_with_llm(question: str, history: Sequence[dict], chat_model) -> str:
    # optional heavy dependency: langchain-core only on the LLM path
    from langchain_core.output_parsers import StrOutputParser

    from assistant.prompts import condense_prompt  # builds langchain-core templates: the LLM path only

    if not history:
        return question
    transcript = "\n".join(f"{m.get('role')}: {m.get('content')}" for m in history[-6:])
    chain = condense_prompt() | chat_model | StrOutputParser()
    rewritten = chain.invoke({"history": transcript, "question": question}).strip().splitlines()
    return rewritten[0].strip() if rewritten and rewritten[0].strip() else question
