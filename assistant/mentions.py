"""Whether the retrieved articles mention what a question is about: its key terms (names, titles, quoted
phrases) and the words no indexed sentence uses.

Invariants: a key term is mentioned by one article — every word of a multi-word name in that one article,
close together somewhere in it (news names a thing in full at least once) — judged on the article's whole
text where the caller has it, else on its headline and retrieved passages; initialisms count ("SBF" where
"Sam Bankman-Fried" is written). Measured: bench/RESULTS.md (natural questions, unanswerable items).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from assistant.passage import Passage
from assistant.question import PERSON_ROLES, Intent
from assistant.text import STOP_SET, initials_of, words_of
from index.lexical import fold

NAME_GAP = 3  # other words allowed among a multi-word name's own ("the Grand Prix in Las Vegas")
MINOR_WORDS = frozenset("the a an of and or in on at for to by with from de la von van".split())


def term_words(term: str) -> set[str]:
    return {w for w in words_of(term) if w not in MINOR_WORDS and not re.fullmatch(r"\d{4}", w)}


def article_words(passages: list[Passage], full_texts: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Words of each retrieved article: its headline and every passage of it that came back (or its whole
    text, where ``full_texts`` has it)."""
    found: dict[str, set[str]] = {}
    for passage in passages:
        words = found.setdefault(passage.article_id, set(words_of(passage.title)))
        text = (full_texts or {}).get(passage.article_id) or passage.text
        words.update(words_of(text))
        words.update(initials_of(text))  # "SBF" is mentioned where "Sam Bankman-Fried" is
    return found


def mentioned(term: str, words: set[str] | frozenset[str]) -> bool:
    """Every word of ``term`` is among ``words`` — plural or not, and a long word also as the start of
    another ("America" in "American")."""
    have = {w.rstrip("s") for w in words}
    for word in {w.rstrip("s") for w in term_words(term)}:
        if word not in have and (len(word) < 5 or not any(w.startswith(word) for w in have)):
            return False
    return True


def missing_terms(key_terms: list[str], passages: list[Passage],
                  full_texts: dict[str, str] | None = None) -> list[str]:
    """Key terms no retrieved article mentions: every word of a multi-word name in one article, and close
    together somewhere in it — news names a thing in full at least once ("the Las Vegas Grand Prix"), so an
    article holding "Las Vegas" in one paragraph and "Grand Prix" in another is about something else."""
    by_article = article_words(passages, full_texts)
    texts = article_sequences(passages, full_texts)
    return [t for t in key_terms if not any(mentioned(t, words) and named_together(t, texts[article])
                                            for article, words in by_article.items())]


def article_sequences(passages: list[Passage], full_texts: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Each retrieved article's words in order: headline, then its whole text (or the passages that came back)."""
    parts: dict[str, list[str]] = {}
    for passage in passages:
        text = (full_texts or {}).get(passage.article_id)
        have = parts.setdefault(passage.article_id, [passage.title] + ([text] if text else []))
        if not text:
            have.append(passage.text)
    return {article: sequence_of(" ".join(texts)) for article, texts in parts.items()}


def sequence_of(text: str) -> list[str]:
    """Words in order, hyphenated ones as their parts, without a plural "s" ("Bankman-Fried's" → bankman fried)."""
    return [w.rstrip("s") for w in re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", fold(text).lower()))]


def named_together(term: str, sequence: list[str]) -> bool:
    """The words of a multi-word ``term`` occur within a few words of each other somewhere in ``sequence``
    (in any order: "the Grand Prix in Las Vegas"); a one-word term trivially does, and so does one written
    in lower case — the speaker a question describes ("her dad") rather than a name."""
    wanted = {w for w in sequence_of(term) if w not in MINOR_WORDS and not re.fullmatch(r"\d{4}", w)}
    if len(wanted) < 2 or term.islower():  # a description ("emily hand's dad"), not a name
        return True
    window = len(wanted) + NAME_GAP
    where = [i for i, w in enumerate(sequence) if any(w == x or (len(x) >= 5 and w.startswith(x)) for x in wanted)]
    for start in where:
        near = {x for i in where if start <= i < start + window for x in wanted
                if sequence[i] == x or (len(x) >= 5 and sequence[i].startswith(x))}
        if near == wanted:
            return True
    return False


def key_term_gaps(intent: Intent, topic: str, passages: list[Passage], scorer,
                  full_texts: dict[str, str] | None = None) -> list[str]:
    """What the question is about that the retrieved articles never mention: key terms none of them
    names (in the article's whole text, where ``full_texts`` has it), and words no indexed sentence uses
    that are not common English (a lower-case "milei")."""
    missing = missing_terms(intent.key_terms, passages, full_texts)
    return missing + [w for w in scorer.unknown_names(topic) if not any(w.lower() in m.lower() for m in missing)]


# --- names typed in lower case -----------------------------------------------------------------------
MAX_NAME_WORDS = 4
ROLE_WORD = re.compile(rf"(?:{PERSON_ROLES})s?")
WORD = re.compile(r"[\w'’\-]+")
SENTENCE_START = re.compile(r"(?:^|\n|[.!?…\"“”:])\s*$")  # a sentence's, a heading's or a line's first word
WORD_BEFORE = re.compile(r"([\w'’\-]+)\s+$")
CAPITAL_AFTER = re.compile(r"\s+(?:of\s+)?[A-Z]")  # "Star *Wars*", "*Bank* of England": part of a longer name
CONTEXT = 200  # characters either side read for the sentence a mention is in (overlapping chunks repeat one)
SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")


class Cased(NamedTuple):
    start: int
    end: int
    written: str
    words: int


def cased_as_written(question: str, passages: list[Passage], full_texts: dict[str, str] | None = None) -> str:
    """``question`` with each run of words typed in lower case that the articles only ever write capitalised,
    and mid-sentence, written as they write it ("how many points did bronny james score vs long beach state" →
    "… Bronny James … Long Beach State"): spaCy's small model reads a name by its capitals. A word the
    articles also write in lower case ("debut", "points") stays as typed; longer runs first. A role ("executive
    director") is no name, however the articles capitalise it; one word must be written so twice, on its own
    ("uber"; not "Wars" of "Star Wars"). Read in the retrieved articles' whole texts where ``full_texts`` is
    given, else in the passages — never in headlines, which capitalise every word."""
    texts = list(full_texts.values()) if full_texts else [p.text for p in passages]
    cased = _name_runs(question, texts)
    # one word cased beside another capitalised one, cased or typed so, would read as one name with it ("Jake
    # Paul *facetime* Dillon" → "Jake Paul FaceTime Dillon"): the articles never wrote them together
    kept = [c for c in cased if c.words > 1 or not _beside_capital(question, c, cased)]
    out, at = [], 0
    for c in kept:
        out += [question[at:c.start], c.written]
        at = c.end
    return "".join(out) + question[at:]


def _beside_capital(question: str, run: Cased, cased: list[Cased]) -> bool:
    before = WORD_BEFORE.search(question[:run.start])
    after = re.match(r"\s+([\w'’\-]+)", question[run.end:])
    neighbours = ([(before.start(1), before.group(1))] if before else []) + (
        [(run.end + after.start(1), after.group(1))] if after else [])
    return any(word[0].isupper() or any(o.start <= at < o.end for o in cased) for at, word in neighbours)


def _name_runs(question: str, texts: list[str]) -> list[Cased]:
    """Runs of words typed wholly in lower case that the articles write capitalised, longest first."""
    found = [m for m in WORD.finditer(question) if m.group().islower()]  # not the "u" of a typed "Yu"
    capitalised = {w.lower() for text in texts for w in re.findall(r"\b[A-Z][\w'’\-]*", text)}
    lowered = [text.lower() for text in texts]
    runs: list[Cased] = []
    i = 0
    while i < len(found):
        for size in range(min(MAX_NAME_WORDS, len(found) - i), 0, -1):
            run = found[i:i + size]
            typed = [m.group().lower() for m in run]
            if (typed[0] in STOP_SET or typed[-1] in STOP_SET or any(ROLE_WORD.fullmatch(w) for w in typed)
                    or any(w not in capitalised for w in typed if w not in MINOR_WORDS)  # cheap, before a regex
                    or any(question[a.end():b.start()].strip() for a, b in zip(run, run[1:]))):  # not in a row
                continue
            written = _written_capitalised(typed, texts, lowered)
            if written:
                runs.append(Cased(run[0].start(), run[-1].end(), written, size))
                i += size
                break
        else:
            i += 1
    return runs


def _written_capitalised(typed: list[str], texts: list[str], lowered: list[str]) -> str | None:
    """How the articles write the words ``typed`` if they never write them in lower case and write them
    capitalised mid-sentence at least once (one word: twice, and not as part of a longer name)."""
    pattern = re.compile(r"(?<![\w’'])" + r"\s+".join(map(re.escape, typed)) + r"(?![\w’'])", re.IGNORECASE)
    alone = len(typed) == 1
    mentions: dict[str, str] = {}  # sentence → as written: a sentence two overlapping chunks share counts once
    for text, low in zip(texts, lowered):
        if typed[0] not in low:
            continue
        for match in pattern.finditer(text):
            words = [w for w in match.group().split() if w.lower() not in MINOR_WORDS]
            if not all(w[0].isupper() for w in words):
                return None  # "debut", "long beach" as words: not a name
            lead = text[max(0, match.start() - CONTEXT):match.start()]
            if SENTENCE_START.search(lead[-6:]) or (alone and _in_longer_name(text, match, lead)):
                continue  # a sentence's first word is capitalised whatever it is
            tail = text[match.end():match.end() + CONTEXT]
            sentence = SENTENCE_END.split(lead)[-1] + match.group() + SENTENCE_END.split(tail)[0]
            mentions.setdefault(" ".join(sentence.split()), " ".join(match.group().split()))
    return next(iter(mentions.values())) if len(mentions) >= (2 if alone else 1) else None


def _in_longer_name(text: str, match: re.Match, lead: str) -> bool:
    before = WORD_BEFORE.search(lead)
    return bool((before and before.group(1)[0].isupper() and not SENTENCE_START.search(lead[:before.start(1)][-6:]))
                or CAPITAL_AFTER.match(text, match.end()))
