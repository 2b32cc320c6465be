"""Follow-up questions become standalone questions before retrieval, and the chat so far shapes the answer.

With an LLM configured it rewrites them (prompt ``prompts/condense.txt``); otherwise the conversation is
replayed turn by turn, carrying state forward deterministically:

- the previous answer's short answer (the name it led with) is whom "he"/"she" — or, for a company,
  "it"/"they" — refers to; failing that, the person or organisation the previous question named;
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
from assistant import question as questions
from assistant.follow_up import asks_anew, is_follow_up
from assistant.passage import Passage
from assistant.short_answer import NON_PERSON_WORDS
from assistant.text import (
    AMONG_THEM,
    CALENDAR_WORDS,
    CARRIED_TURN,
    MARKER,
    MARKUP,
    NAME_SPAN,
    PERSON_PRONOUN,
    THING_PRONOUN,
    normalise,
    split_sentences,
)

POSSESSIVE = {"his", "her", "its", "their", "hers"}
PLURAL_PRONOUNS = {"they", "them", "their"}
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
MAX_CONTEXT_WORDS = 14
REPLY_CHARS = 400  # of the previous reply, read for whom a pronoun means
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
    standalone, reply = "", ""
    for user, answer in turns(history):
        standalone, reply = condense_turn(user, standalone, reply), answer
    return condense_turn(question, standalone, reply)


def condense_turn(question: str, previous: str, reply: str) -> str:
    """``question`` made standalone against the previous standalone question and its reply."""
    if not previous or not is_follow_up(question) or asks_anew(question, previous, reply):
        return question
    short = short_answer_of(reply)
    swapped = _swap_subject(question, previous)
    if swapped:  # "what about Wells Fargo?": the previous question, asked of Wells Fargo
        return swapped
    standalone = _resolve_pronoun(question, previous, short, reply)
    context = _context(previous, short if short and short not in standalone else "")
    return f"{standalone} ({context})" if context else standalone


WHAT_ABOUT = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(?:what|how)\s+about\s+(?P<other>[^?]+?)\s*\??\s*$", re.IGNORECASE)
NOT_A_NAME = re.compile(r"(?:the|a|an|this|that|it|them|those|these|else|more)\b", re.IGNORECASE)
SWAPPABLE = ("ORG", "PERSON", "GPE", "PRODUCT", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LOC")


def _swap_subject(question: str, previous: str) -> str:
    """"What about X?" asks the previous question again about X: X takes the place of the previous
    question's subject ("how much had *jpmorgan* returned …"), or of its name of X's kind."""
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
    span = _subject_span(asked) or same_kind
    return asked[:span[0]] + other + asked[span[1]:] if span else ""


def _subject_span(text: str) -> tuple[int, int] | None:
    """Character span of the grammatical subject (with its compounds: "the Federal Reserve")."""
    tokens = list(nlp.parse(text))
    subjects = [t for t in tokens if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("PROPN", "NOUN")]
    # "who is the CEO of OpenAI?": no noun subject; the name is the object of the last preposition
    objects = [t for t in tokens if t.dep_ == "pobj" and t.pos_ in ("PROPN", "NOUN")]
    for token in subjects or objects[-1:]:
        left = [t for t in token.lefts if t.dep_ in ("compound", "amod", "det")]
        first = left[0] if left else token
        return first.idx, token.idx + len(token.text)
    return None


def _resolve_pronoun(question: str, previous: str, short: str, reply: str) -> str:
    person = PERSON_PRONOUN.search(question)
    thing = THING_PRONOUN.search(question)
    if thing and not person and _plural_before(question, thing.start()):
        return question  # "how many americans say they're unlikely to buy one": they are the americans
    asked_for_name = bool(re.match(r"^\s*(?:and\s+)?(?:who|which)\b", CARRIED_TURN.sub("", previous), re.I))
    among = AMONG_THEM.search(question)
    if among and asked_for_name and _asks_person(previous):  # "which of them is at Columbia?" → "who is at …"
        return question[:among.start()] + "who" + question[among.end():]
    if person:
        # "who was Bill Kenwright?" → "when did he …": he is the man asked about, not a name in the reply
        subject = questions.identity_subject(CARRIED_TURN.sub("", previous))
        # "which candidate launched a TikTok with a Jake Paul endorsement?" → "what did he propose?": he is the
        # one the reply names, not the one the question did
        # "which panthers coach is on the hot seat?" → "Reich [1]." → "who did he hand the play-calling to?": he
        # is the one named, whatever spaCy makes of the name alone
        named = short if (asked_for_name and short and _is_name(short) and _label_of(short) not in NOT_PEOPLE
                          and _asks_person(previous)) else ""
        # "which documentary looked at robin williams' cocaine use?" → "what got him to quit?": a name the reply
        # gives is whom "him" means only when the question asked who
        referent = subject or named or _referent(("PERSON",), short, previous, reply,
                                                 reply_first=asked_for_name and not short and _asks_person(previous))
        match = person
    elif thing and asked_for_name and short and _is_name(short) and thing.group(1).lower() in ("they", "them", "their"):
        referent, match = short, thing  # "who filed the suit?" → "Helena World Chronicle" → "where are they based?"
    elif thing and thing.group(1).lower() in PLURAL_PRONOUNS and (group := _plural_subject(previous)):
        referent, match = group, thing  # "what do mikaela shiffrin's parents do?" → "when did they get married?"
    elif thing:
        referent = _referent(("ORG", "PRODUCT", "GPE", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PERSON"), short,
                             previous, reply, allow_person_short=False)
        match = thing
    else:
        return question
    if not referent:
        return question
    word = match.group(1).lower()
    replacement = referent + ("'s" if word in POSSESSIVE and not _object_her(question, match) else "")
    end = match.end()
    contraction = CONTRACTION.match(question, end)
    if contraction:  # "they're" → "the UAW are"; "he's proposed" → "… has proposed"
        short_form = contraction.group(1).lower()
        following = question[contraction.end():].split()[:1]
        has = short_form == "s" and bool(following) and following[0].lower().endswith(PARTICIPLE_ENDINGS)
        replacement, end = replacement + " " + ("has" if has else CONTRACTED[short_form]), contraction.end()
    resolved = question[:match.start()] + replacement + question[end:]
    return _second_person(resolved, match.start() + len(replacement), referent, previous) if person else resolved


# what spaCy may read a name alone as and still be a person ("Reich" → nothing, "Salah" → NORP), but not these
NOT_PEOPLE = frozenset("GPE LOC FAC DATE TIME CARDINAL MONEY PERCENT QUANTITY ORDINAL EVENT WORK_OF_ART LAW".split())
CONTRACTION = re.compile(r"['’](re|ve|ll|d|s)\b", re.IGNORECASE)
CONTRACTED = {"re": "are", "ve": "have", "ll": "will", "d": "had", "s": "is"}
PARTICIPLE_ENDINGS = ("ed", "en", "wn", "ne", "got", "been", "had", "said", "made", "paid", "told")


def _plural_subject(previous: str) -> str:
    """The plural noun phrase the previous question is about, its subject ("the rogers sisters", "the 49ers"):
    whom "they" means before any name the reply gives. Not what it asked for ("how many *fans* …")."""
    doc = nlp.parse(CARRIED_TURN.sub("", previous))
    for chunk in doc.noun_chunks:
        # "which companies did apple buy?": the small model may leave "which" out of the chunk it asks about
        asked = any(t.tag_ in WH_TAGS for t in chunk) or (chunk.start > 0 and doc[chunk.start - 1].tag_ in WH_TAGS)
        if chunk.root.tag_ in ("NNS", "NNPS") and chunk.root.dep_ in ("nsubj", "nsubjpass") and not asked:
            return chunk.text
    return ""


def _plural_before(question: str, start: int) -> bool:
    """A plural noun comes before the pronoun at ``start`` in the question itself: that is what it refers to."""
    return any(t.tag_ in ("NNS", "NNPS") and t.idx < start for t in nlp.parse(question))


def _second_person(question: str, after: int, first: str, previous: str) -> str:
    """"When was he first introduced to *him*?" after "who wrote the book about Sam Bankman-Fried?": with
    "he" the name the answer gave, a second person pronoun is the other person the previous question named."""
    match = PERSON_PRONOUN.search(question, after)
    # only "him" (or "her" as an object) is someone else: "what did he call it before he joined?" is one man
    if match is None or not (match.group(1).lower() == "him" or _object_her(question, match)):
        return question
    asked = CARRIED_TURN.sub("", previous)
    # a person in the question and on its own too: spaCy's small model calls a title a person in context
    # ("who wrote *Going Infinite*?") but not alone
    other = next((e.text for e in nlp.entities(asked) if e.label == "PERSON" and e.text not in first
                  and first not in e.text and _label_of(e.text) == "PERSON"), "")
    if not other:
        return question
    word = match.group(1).lower()
    replacement = other + ("'s" if word in POSSESSIVE and not _object_her(question, match) else "")
    return question[:match.start()] + replacement + question[match.end():]


def _asks_person(previous: str) -> bool:
    """The previous question asked who did something ("who …", "which coach …"), not which company or place."""
    return questions.read(CARRIED_TURN.sub("", previous)).kind == "who"


def _is_name(text: str) -> bool:
    return all(word[:1].isupper() for word in text.split()) and not any(ch.isdigit() for ch in text)


def _object_her(question: str, match: re.Match) -> bool:
    """"her" as an object ("did they fire her?"), not a possessive ("her husband")."""
    rest = question[match.end():].strip()
    return match.group(1).lower() == "her" and (not rest or rest[0] in "?.!," or rest.split()[0] in
                                                 ("to", "and", "for", "from", "about", "in", "on", "at", "with"))


def _referent(labels: tuple[str, ...], short: str, previous: str, reply: str, allow_person_short: bool = True,
              reply_first: bool = False) -> str:
    """The short answer if it is of these labels; else the first entity of these labels in the previous
    question, then in the reply (the reply first, and not the question's own names, when the question asked
    for a name the reply gave no short answer for)."""
    if short and _label_of(short) in labels and (allow_person_short or _label_of(short) != "PERSON"):
        return short
    if short and "PERSON" in labels and allow_person_short and _person_like(short):
        return short  # "Chase Young [1]. …": spaCy reads the name alone as an organisation
    asked = CARRIED_TURN.sub("", previous)
    answer = MARKER.sub("", reply)[:REPLY_CHARS]
    if reply_first and "PERSON" in labels:
        # spaCy's small model calls many a name in a sentence an organisation ("Vivek Ramaswamy launched …")
        found = next((e.text for e in nlp.entities(answer) if e.label in ("PERSON", "ORG")
                      and e.text.lower() not in asked.lower() and _label_of(e.text) == "PERSON"), "")
        if found:
            return found
    subject = _subject_as_spelled(asked, answer) if "PERSON" in labels and allow_person_short else ""
    if subject:  # "why did pochettino make reece james captain?" → "what did he say?": he is Pochettino
        return subject
    # a person may be named only in the reply ("Sam Altman was removed …"); "it"/"they" stand for what the
    # question named — the reply's other names (a product, a place) are too easily the wrong thing
    texts = (asked, previous) + ((answer,) if allow_person_short else ())
    for text in texts:
        for label in labels:
            found = next((e.text for e in nlp.entities(text) if e.label == label
                          or (label == "PERSON" and text is not answer and _person_like(e.text))), "")
            if found:
                return re.sub(r"['’]s$", "", found)  # "graham arnold's"
            if text is not answer and label == "PERSON" and allow_person_short:
                # typed in lower case ("graham arnold's record game"), a name spaCy can't see: the reply spells it
                found = next((e.text for e in nlp.entities(answer) if e.label == label
                              and len(e.text.split()) >= 2 and e.text.lower() in text.lower()), "")
                if found:
                    return found
    return ""


def _subject_as_spelled(asked: str, reply: str) -> str:
    """The previous question's grammatical subject as the reply spells it in full ("why did *pochettino* make
    …?" → "Mauricio Pochettino"): a name typed in lower case is one spaCy's small model can't tell."""
    for token in nlp.parse(asked):
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ != "PRON":
            word = token.lower_
            return next((m.group() for m in NAME_SPAN.finditer(reply)
                         if word in m.group().lower().split() and _person_like(m.group())), "")
    return ""


def _person_like(name: str) -> bool:
    """Two or three capitalised words, none an organisation's or a date's: in a question spaCy's small model
    calls many such names something else ("how long had *Cole Palmer* been at City" → PRODUCT)."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not any(
        w in NON_PERSON_WORDS or w in CALENDAR_WORDS for w in words)


def _label_of(text: str) -> str:
    found = nlp.entities(text)
    if found and found[0].text == text:
        return found[0].label
    words = text.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "PERSON"
    return found[0].label if found else ""


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
