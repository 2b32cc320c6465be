"""Whether the retrieved articles mention what a question is about: its key terms (names, titles, quoted
phrases) and the words no indexed sentence uses.

Invariants: a key term is mentioned by one article — every word of a multi-word name in that one article,
close together somewhere in it (news names a thing in full at least once) — judged on the article's whole
text where the caller has it, else on its headline and retrieved passages; initialisms count ("SBF" where
"Sam Bankman-Fried" is written). A name typed in lower case, which spaCy reads as no name, is one
where the retrieved articles write its words as names and its shape as a person's ("pedro sánchez";
``unnamed_lower_case``); a missing one abstains like any key term. Measured: bench/RESULTS.md (natural
questions, unanswerable items).
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant.passage import Passage
from assistant.question import Intent
from assistant.text import CALENDAR_WORDS, initials_of, words_of
from index.lexical import fold

NAME_GAP = 3  # other words allowed among a multi-word name's own ("the Grand Prix in Las Vegas")
# a lower-case word right before: inside a sentence of running text ("… yet Sanchez was"), not at its start or in a
# headline's Title Case ("Mombies Go Viral")
RUNNING_TEXT = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]*,?\s+$")
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+[“\"‘']?|\n[“\"‘']?)$")
CAPITAL_WORD = r"[A-Z][a-z][\w’'-]*"  # a capitalised word, not an initialism or a heading in capitals
WORD_CHAR = re.compile(r"[\w’'-]")
NAME_TAGS = frozenset({"PROPN", "NOUN", "ADJ", "X"})  # what a word typed in a name may be tagged, lower-cased
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
    return {article: sequence_of(text) for article, text in article_texts_of(passages, full_texts).items()}


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
    # "who narrates the netflix *doc* …": spaCy's small model reads a lower-case everyday word as a name
    missing = [t for t in missing_terms(intent.key_terms, passages, full_texts) if not everyday_word(t)]
    missing += [w for w in scorer.unknown_names(topic) if not any(w.lower() in m.lower() for m in missing)]
    named = " ".join(intent.key_terms).lower()
    return missing + [n for n in unnamed_lower_case(topic, passages, full_texts) if n.lower() not in named]


def unnamed_lower_case(question: str, passages: list[Passage], full_texts: dict[str, str] | None = None) -> list[str]:
    """A name typed in lower case ("did pedro sánchez win …") that no retrieved article names: spaCy's small model
    reads no name there, so the articles' own capitals say which of its words are names (``written_as_names``),
    and a stretch of two or more such words is one name unless some two neighbours in it are named together in an
    article ("bronny james score": "Bronny James" is). "Pedro" (Porro) and "Sanchez" (the goalkeeper) apart are no
    "Pedro Sánchez"."""
    runs = lower_case_runs(question)
    if not runs:
        return []
    texts = list(article_texts_of(passages, full_texts).values())
    names = written_as_names({w for run in runs for w in run}, texts)
    sequences: list[list[str]] = []
    missing = []
    for stretch in (s for run in runs for s in stretches(run, names)):
        sequences = sequences or [sequence_of(t) for t in texts]  # as ``article_sequences`` reads them
        if not any(named_together(f"{a.title()} {b.title()}", seq) for a, b in zip(stretch, stretch[1:])
                   for seq in sequences) and person_shaped(stretch, texts):
            missing.append(" ".join(w.title() for w in stretch))
    return missing


def stretches(run: list[str], names: set[str]) -> list[list[str]]:
    """The stretches of two or more words of ``run`` that are ``names``."""
    found: list[list[str]] = [[]]
    for word in run:
        if word in names:
            found[-1].append(word)
        elif found[-1]:
            found.append([])
    return [s for s in found if len(s) >= 2]


def lower_case_runs(question: str) -> list[list[str]]:
    """Runs of lower-case nouns, names and adjectives (spaCy's tags) the question typed side by side, broken at
    anything else: a verb ("what does polygon *call* …"), a possessive ("spain's prime minister"), a minor word, a
    month ("the october merseyside derby"); a word numbered by the next ("chapter 1", "week 14") names a part."""
    runs: list[list[str]] = [[]]
    tokens = list(nlp.parse(question))
    for token, after in zip(tokens, tokens[1:] + [None]):
        word = token.text
        if (token.pos_ not in NAME_TAGS or word != word.lower() or not re.fullmatch(r"[^\W\d_]{2,}", fold(word))
                or word in MINOR_WORDS or word.title() in CALENDAR_WORDS or (after is not None and after.like_num)):
            runs.append([])
        else:
            runs[-1].append(word)
    return [r for r in runs if len(r) >= 2]


def article_texts_of(passages: list[Passage], full_texts: dict[str, str] | None) -> dict[str, str]:
    """Each retrieved article's headline and whole text, or the passages of it that came back."""
    by_article: dict[str, str] = {}
    for passage in passages:
        text = (full_texts or {}).get(passage.article_id)
        by_article[passage.article_id] = f"{passage.title}\n{text}" if text else (
            by_article.get(passage.article_id, passage.title) + "\n" + passage.text)
    return by_article


def person_shaped(stretch: list[str], texts: list[str]) -> bool:
    """Two names typed side by side ("the philippine house", "fairfield mombies", "netflix halloween") are no
    person: a stretch is reported only where the articles use its first word as a forename ("Pedro Porro", then
    "Porro" alone) and its last as a surname ("Robert Sanchez", then "Sanchez" alone)."""
    return forename(stretch[0], texts) and surname(stretch[-1], texts)


def alone(word: str, texts: list[str]) -> bool:
    """Capitalised after a lower-case word, and no capitalised word after it: a name used on its own."""
    return times_alone(word, texts) > 0


def times_alone(word: str, texts: list[str]) -> int:
    pattern = re.compile(rf"(?<=[a-z,] ){re.escape(word)}(?![\w’'-])(?! [A-Z])")
    return sum(len(pattern.findall(t)) for t in texts)


def forename(word: str, texts: list[str]) -> bool:
    """``word`` starts a two-word name whose second word is a name the articles also use alone ("Pedro Porro" …
    "Porro"), and starts such names more often than it stands alone: news calls a person by the surname, so a
    word mostly alone, or mostly before words the articles also write in lower case ("Netflix Series", "Netflix
    Film", "Netflix Games"), is a company's or a team's."""
    for form in {word, fold(word)}:
        pattern = re.compile(rf"(?<![\w’'-]){re.escape(form.capitalize())} ({CAPITAL_WORD})(?![\w’'-]| [A-Z])")
        partners = [m.group(1) for t in texts for m in pattern.finditer(t)
                    if m.group(1).lower() not in MINOR_WORDS and alone(m.group(1), texts)]
        names = written_as_names({p.lower() for p in partners}, texts) if partners else set()
        starts = sum(p.lower() in names for p in partners)
        if starts and starts > times_alone(form.capitalize(), texts):
            return True
    return False


def surname(word: str, texts: list[str]) -> bool:
    """``word`` ends a two-word name and the articles also use it alone ("Robert Sanchez" … "Sanchez")."""
    for form in {word, fold(word)}:
        name = form.capitalize()
        pattern = re.compile(rf"(?<![\w’'-])({CAPITAL_WORD}) {re.escape(name)}(?![\w’'-])")
        if alone(name, texts) and any(m.group(1).lower() not in MINOR_WORDS
                                      for t in texts for m in pattern.finditer(t)):
            return True
    return False


def written_as_names(words: set[str], texts: list[str]) -> set[str]:
    """Those of ``words`` that ``texts`` write with a capital inside sentences ("… yet Sanchez was able …") more
    often than in lower case — or never in lower case and capitalised where sentences start: names, not words
    that start sentences or stand in a headline's Title Case. One always in capitals ("USC") is an initialism,
    which qualifies a name rather than being one. A word is looked for as typed and without its accents."""
    names = set()
    # only texts whose lower case keeps every offset ("İ" lowers to two characters), so a hit slices the original
    pairs = [(t, low) for t in texts if len(low := t.lower()) == len(t)]
    for word in words:
        inside = starts = lower = 0
        for form in {word, fold(word)}:
            for text, low in pairs:
                at = low.find(form)
                while at != -1:
                    end = at + len(form)
                    if not (at and WORD_CHAR.match(low[at - 1]) or end < len(low) and WORD_CHAR.match(low[end])):
                        found, before = text[at:end], text[max(0, at - 30):at]
                        if found.islower():
                            lower += 1
                        elif found[1:].islower() and RUNNING_TEXT.search(before):
                            inside += 1
                        elif found[1:].islower() and SENTENCE_START.search(before):
                            starts += 1
                    at = low.find(form, end)
        if inside > lower or (lower == 0 and starts):
            names.add(word)
    return names


EVERYDAY_NAME_ZIPF = 4.0  # "doc" 4.36: as frequent in English as that, a lower-case word is seldom a name


def everyday_word(term: str, zipf: float = EVERYDAY_NAME_ZIPF, capitals: bool = False) -> bool:
    """One lower-case word (with ``capitals``, or all in capitals: "CEO") of everyday English, at least ``zipf``
    frequent ("doc"): not a name any article would have to mention."""
    from wordfreq import zipf_frequency  # its lists load once (~5 s; the app's warm-up loads them)

    word = term.strip()
    return (" " not in word and (word.islower() or capitals and word.isupper())
            and zipf_frequency(word, "en") >= zipf)
