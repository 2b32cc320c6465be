"""Whom a follow-up's pronoun means, read off the previous standalone question, the reply it got and whom the
turn before took the same pronoun to mean (``Bound``): "he"/"she" is the man the previous question asked about,
the name the reply gave a who-question, or the person the previous question or reply names; "it"/"they" the
company or thing the previous question named, its plural subject, or the name a who-question got.

Invariants: only the pronoun is replaced (its possessive and contraction kept: "they're" → "the UAW are"); a
pronoun whose referent isn't found, or that a plural noun before it in the question binds, is left as typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import nlp
from assistant import question as questions
from assistant.short_answer import NON_PERSON_WORDS
from assistant.text import (
    AMONG_THEM,
    CALENDAR_WORDS,
    CARRIED_TURN,
    MARKER,
    MID_SENTENCE_CAPITALISED,
    NAME_SPAN,
    PERSON_PRONOUN,
    THING_PRONOUN,
    split_sentences,
)

POSSESSIVE = {"his", "her", "its", "their", "hers"}
PLURAL_PRONOUNS = {"they", "them", "their"}
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
REPLY_CHARS = 400  # of the previous reply, read for whom a pronoun means


@dataclass(frozen=True)
class Bound:
    """Whom the previous turn's "he"/"she" was taken to mean: the same pronoun in the next turn means the
    same person ("whose liver did *he* get?" → "how long was *he* waiting?": the boy, not the reply's donor)."""
    pronoun: str = ""  # "he" or "she", the series' subject form
    referent: str = ""


NOBODY = Bound()


def resolve_pronoun(question: str, previous: str, short: str, reply: str, bound: Bound) -> tuple[str, Bound]:
    person = PERSON_PRONOUN.search(question)
    among = AMONG_THEM.search(question)
    if among and _asked_for_name(previous) and _asks_person(previous):
        # "which of them is at Columbia?" → "who is at …"
        return question[:among.start()] + "who" + question[among.end():], NOBODY
    if person:
        series = SERIES.get(person.group(1).lower(), "")
        # the same pronoun as the turn before means the same person, whoever the reply named since
        # ... unless the previous turn asked who and the reply named someone ("who did he replace?" → "Graham
        # Potter [1]" → "where is he now?": Potter)
        carried = bound.pronoun == series and not _asked_for_name(previous)
        referent = bound.referent if carried else _person_referent(question, previous, short, reply)
        if not carried and _called(referent, reply) not in ("", series):
            # "who fired her?" → "Governor Bryan [1]. … Bryan Jr. was clear: He was eager …" → "how old is *she*?":
            # not Bryan, whom the reply calls "he", but the woman the turn before meant
            referent = bound.referent if bound.pronoun == series else _other_person(previous, reply, referent, series)
        return _replaced(question, person, referent, previous), Bound(series, referent) if referent else NOBODY
    return _replaced(question, *_thing_referent(question, previous, short, reply), previous), NOBODY


# the forms that refer back to someone named before: not "him" nor "her", most often someone else acted on
# ("Governor Bryan fired *her*")
SUBJECT_FORM = {"he": "he", "his": "he", "himself": "he", "she": "she", "hers": "she", "herself": "she"}
REFERRING_BACK = re.compile(r"\b(?:he|his|himself|she|hers|herself)\b", re.IGNORECASE)
NAME_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“A-Z])")


def _called(name: str, text: str) -> str:
    """"he" or "she": how ``text`` refers back to ``name`` — the first "he"/"she" (or "his", "herself" …) after
    each mention of its surname, in the rest of that sentence or the next, with no other name between, by
    majority; "" where it never does or the mentions disagree. News keeps to the pronoun a person uses, so the
    articles say whom "she" can mean. A mention owning something ("Scorsese's daughter said she …") says nothing."""
    words = [w for w in re.findall(r"[\w.'’-]+", name) if w[:1].isupper() and w not in NAME_SUFFIXES]
    if not words or not text:
        return ""
    text = MARKER.sub("", text)
    votes = {"he": 0, "she": 0}
    for mention in re.finditer(rf"\b{re.escape(words[-1].rstrip('.'))}\b(?!['’]s?\b)", text):
        after = REFERRING_BACK.search(text, mention.end())
        between = text[mention.end():after.start()] if after else ""
        # "Kelly Fisher, who claimed to have been engaged to *Dodi* when *he* met Diana": another person
        # between the name and the pronoun may be whom it means
        if after and len(SENTENCE_END.findall(between)) <= 1 and not any(
                w.rstrip(".") not in {x.rstrip(".") for x in words} and w.rstrip(".") not in CALENDAR_WORDS
                and w not in NAME_SUFFIXES for w in MID_SENTENCE_CAPITALISED.findall(between)):
            votes[SUBJECT_FORM[after.group().lower()]] += 1
    return "he" if votes["he"] > votes["she"] else "she" if votes["she"] > votes["he"] else ""


def _other_person(previous: str, reply: str, rejected: str, series: str) -> str:
    """Another person the previous question or the reply names that the reply doesn't call by the other
    pronoun ("what did *he* think 'ship' meant?" after "who quizzed martin scorsese …?" → "Francesca [1]. …
    she …": Scorsese); "" where there is none, and the pronoun stays as typed."""
    asked = CARRIED_TURN.sub("", previous)
    answer = MARKER.sub("", reply)[:REPLY_CHARS]
    for text in (asked, answer):
        for entity in nlp.entities(text):
            name = re.sub(r"['’]s$", "", entity.text)
            if (entity.label == "PERSON" and name.lower() not in rejected.lower()
                    and rejected.lower() not in name.lower() and _called(name, reply) in ("", series)):
                return name
    return ""


def _asked_for_name(previous: str, words: str = "who|which") -> bool:
    """The previous turn asked who or which (with ``words="which"``: which one of a kind, "which startup …?")."""
    return bool(re.match(rf"^\s*(?:and\s+)?(?:{words})\b", CARRIED_TURN.sub("", previous), re.I))


SERIES = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she", "hers": "she"}


def _person_referent(question: str, previous: str, short: str, reply: str) -> str:
    """Whom "he"/"she" means: the man the previous question asked about, the name the reply gave a
    who-question, else a person the previous question or the reply names."""
    asked_for_name = _asked_for_name(previous)
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
    return subject or named or _referent(("PERSON",), short, previous, reply,
                                         reply_first=asked_for_name and not short and _asks_person(previous))


def _thing_referent(question: str, previous: str, short: str, reply: str) -> tuple[re.Match | None, str]:
    """What "it"/"they" means, with the pronoun's match (None: the question has none, or binds its own)."""
    thing = THING_PRONOUN.search(question)
    if thing is None or _plural_before(question, thing.start()):
        return None, ""  # "how many americans say they're unlikely to buy one": they are the americans
    asked_for_name = _asked_for_name(previous)
    if thing.group(1).lower() in PLURAL_PRONOUNS and asked_for_name and short and _is_name(short):
        return thing, short  # "who filed the suit?" → "Helena World Chronicle" → "where are they based?"
    if thing.group(1).lower() in PLURAL_PRONOUNS and (group := _plural_subject(previous) or _named_subject(previous)):
        # "what do mikaela shiffrin's parents do?" → "when did they get married?"; "why is gogoro going into
        # india?" → "where do they want to expand to?": a company is "they", and the subject, not the place
        return thing, group
    if _asked_for_name(previous, "which") and not short:  # "which startup went bankrupt?" → "… startup VanMoof rode …"
        named = _reply_names(previous, reply, ("ORG", "PRODUCT"))
        if named:
            return thing, named
    # "they" may be a people ("the Democrats"); "it" is no nationality ("why did it fail?" after "which *dutch* e-bike
    # startup went bankrupt?": the startup, not "dutch")
    plural = thing.group(1).lower() in PLURAL_PRONOUNS
    labels = ("ORG", "PRODUCT", "GPE") + (("NORP",) if plural else ()) + ("FAC", "EVENT", "WORK_OF_ART", "PERSON")
    return thing, _referent(labels, short, previous, reply, allow_person_short=False)


def _reply_names(previous: str, reply: str, labels: tuple[str, ...]) -> str:
    """The first name of these labels in the reply's first sentence that the previous question didn't name."""
    text = MARKER.sub("", reply)
    first = next((text[start:end] for start, end in split_sentences(text)), "")
    asked = CARRIED_TURN.sub("", previous).lower()
    return next((e.text for e in nlp.entities(first) if e.label in labels and e.text.lower() not in asked), "")


def _replaced(question: str, match: re.Match | None, referent: str, previous: str) -> str:
    """The pronoun ``match`` replaced by ``referent`` (possessive and contraction kept), and a second person
    pronoun after a first by the other person the previous question named."""
    if match is None or not referent:
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
    if match.re is not PERSON_PRONOUN:
        return resolved
    return _second_person(resolved, match.start() + len(replacement), referent, previous)


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


def _named_subject(previous: str) -> str:
    """The previous question's subject where it names a company or a place, not a person ("why is *gogoro* going
    into india?"; not "why did *Sam Altman* leave OpenAI?": they are OpenAI)."""
    asked = CARRIED_TURN.sub("", previous)
    doc = nlp.parse(asked)
    subject = next((t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN"), None)
    if subject is None:
        return ""
    first = subject.i  # its words right before it that hang from it ("the New York Times"), no more
    while first and doc[first - 1].dep_ in ("compound", "det", "amod") and first <= doc[first - 1].head.i <= subject.i:
        first -= 1
    start, end = doc[first].idx, subject.idx + len(subject.text)
    people = [e for e in nlp.entities(asked) if e.label == "PERSON" and e.start < end and start < e.end]
    name = asked[start:end]
    return "" if people or _label_of(name) == "PERSON" or _person_like(name) else name


def subject_span(text: str) -> tuple[int, int] | None:
    """Character span of the grammatical subject (with its compounds: "the Federal Reserve"), or the object of
    the last preposition where no noun is the subject ("who is the CEO of OpenAI?")."""
    tokens = list(nlp.parse(text))
    subjects = [t for t in tokens if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("PROPN", "NOUN")]
    objects = [t for t in tokens if t.dep_ == "pobj" and t.pos_ in ("PROPN", "NOUN")]
    for token in subjects or objects[-1:]:
        left = [t for t in token.lefts if t.dep_ in ("compound", "amod", "det")]
        first = left[0] if left else token
        return first.idx, token.idx + len(token.text)
    return None


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
    # "Chase Young [1]. …": spaCy reads the name alone as an organisation; "Wayne County [1]" is a place, no "he"
    if (short and "PERSON" in labels and allow_person_short and _person_like(short)
            and _label_of(short) not in NOT_PEOPLE):
        return short
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
            # "how much did manchester united pay …?" → "why's he slow to settle?": spaCy's PERSON is a club
            found = next((e.text for e in nlp.entities(text) if e.label == label and not (
                label == "PERSON" and _organisation_words(e.text))
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


# organisation words that are people's names too ("Max Verstappen", "Jason Day", "Margaret Court")
NAME_LIKE = frozenset("Max Day Court Street Post House Show Week Times Trust Cup Draft Cloud Plus Pro".split())


def _organisation_words(name: str) -> bool:
    """A word of ``name``, capitalised or not, is an organisation's ("manchester *united*", "Leeds *United*")."""
    return any((w.capitalize() in NON_PERSON_WORDS or w in NON_PERSON_WORDS) and w.capitalize() not in NAME_LIKE
               for w in name.split())


def _label_of(text: str) -> str:
    found = nlp.entities(text)
    if found and found[0].text == text:
        return found[0].label
    words = text.split()
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "PERSON"
    return found[0].label if found else ""
