"""What a question's parse says about what it asks: the noun a count or an amount is of (``counted_noun``,
``measured_noun``, ``lemma_in``), whose something is asked (``whose_noun``), the role asked about
(``role_noun``) and the verb whose doer is asked for (``main_verb``). Read by ``assistant.question``; each
is a plain function of the question text and spaCy's parse (``nlp.parse``, cached).
"""
from __future__ import annotations

import re

from assistant import nlp

NOT_FOCUS = frozenset("did does do is are was were has have had will would can could money time people more".split())
# a type, not a topic: "which company", "what city" say nothing an answer sentence must hold
BARE_TYPES = frozenset("company companies organization organisation firm person people individual man woman guy "
                       "one city country state town place region venue group entity thing name".split())
# nouns that name only people — family, age — read as such only where they are what a question asks for ("who
# was the other *kid* with him?"), not anywhere in it ("who employs her husband?" may be a company; "Son" a name)
PEOPLE_NOUNS = frozenset("kid kids child children boy boys girl girls teen teens teenager teenagers baby son sons "
                         "daughter daughters mother father mom mum dad parent parents wife husband brother sister "
                         "girlfriend boyfriend fiance fiancee widow friend contestant".split())
NOT_A_NOUN = frozenset("ADP AUX VERB DET PRON CCONJ SCONJ PART PUNCT NUM".split())


def counted_noun(question: str) -> str:
    """The noun "how many"/"how much" counts ("how many Uber sexual assault *lawsuits*"): spaCy's parser
    attaches "many" to it; "how much did they pay" counts no noun. Where the parse attaches "many" to a
    participle ("how many *receiving* yards" read as receiving what), the noun the participle describes."""
    for token in nlp.parse(question):
        if token.lower_ in ("many", "much") and token.i and token.nbor(-1).lower_ == "how":
            head = token.head
            if head.tag_ == "VBG" and head.i == token.i + 1 and head.i + 1 < len(head.doc):
                head = head.doc[head.i + 1]  # "how many receiving yards": a participle before its noun
            if head.pos_ in ("NOUN", "PROPN") and head.lower_ not in NOT_FOCUS:
                return head.lower_
    return ""


def other_nouns(question: str, focus: str) -> list[str]:
    """The question's nouns besides the one it counts ("how many employees does simply *homes* have?"): what the
    count is of. None in "how many hostages were freed?"."""
    return [t.text for t in nlp.parse(question) if t.pos_ in ("NOUN", "PROPN") and t.lower_ != focus]


def measured_noun(question: str) -> str:
    """The lemma of the noun an amount is asked of where no "how much" counts one: the subject of "what was
    Uber's *revenue*?", "how long was the *ruling*?", "how much was the *fine*?", "how big was the seed *round*?"
    (a compound's head, not "seed")."""
    for token in nlp.parse(question):
        nominal = token.pos_ == "NOUN" or token.dep_ == "nsubj" and token.pos_ == "ADJ"  # "how much was the *fine*"
        if token.dep_ in ("nsubj", "attr") and token.head.dep_ == "ROOT" and token.head.lemma_ == "be" and nominal \
                and token.lower_ not in NOT_FOCUS:
            doc = token.doc  # the phrase's last word is its head, however the parse attached it
            while token.i + 1 < len(doc) and doc[token.i + 1].is_alpha and doc[token.i + 1].pos_ not in NOT_A_NOUN:
                token = doc[token.i + 1]
            return token.lemma_.lower()
    return ""


def whose_noun(question: str) -> str:
    """The lemma of what "whose" asks the owner of ("whose *liver* did he get?"): the owner is named with it
    ("the liver of 3-year-old Olivia Swedberg")."""
    token = next((t for t in nlp.parse(question) if t.lower_ == "whose"), None)
    return token.head.lemma_.lower() if token is not None and token.head.pos_ == "NOUN" else ""


def lemma_in(question: str, word: str) -> str:
    """The lemma of ``word`` as ``question`` uses it ("how much *debt*" → debt, "*losses*" → loss)."""
    return next((t.lemma_.lower() for t in nlp.parse(question) if t.lower_ == word), "") if word else ""


GERUND = re.compile(r"\w{3}ing$")  # "meeting", "replacing"; not "king"


def role_noun(question: str) -> str:
    """The role or kind a "who"/"which" question asks about ("which news *publisher* filed …", "who was
    Michigan's interim *coach*"): news names people and bodies beside it ("publisher Helena World
    Chronicle"). A bare type ("which company", "what city") says nothing the answer sentence must hold."""
    tokens = list(nlp.parse(question))
    for token in tokens:
        if token.lower_ in ("which", "what"):
            nouns = []
            for follower in tokens[token.i + 1:token.i + 5]:  # "which *former* IMF chief economist"
                if follower.pos_ not in ("NOUN", "PROPN", "ADJ"):
                    break
                if follower.pos_ != "ADJ":
                    nouns.append(follower.lower_)
            return nouns[-1] if nouns and nouns[-1] not in BARE_TYPES else ""
        # "who was vera jourova *meeting* later?": a verb the small model read as the role asked about
        if (token.dep_ == "attr" and token.pos_ == "NOUN" and token.head.lemma_ == "be"
                and not GERUND.search(token.lower_)):
            return token.lower_ if token.lower_ not in BARE_TYPES else ""
    return ""


def main_verb(question: str) -> str:
    """The lemma of the verb a "who"/"which" question asks the doer of ("who *replaced* Geno Smith?" →
    "replace"); empty for "who is/was …" and "who did X name …" (the doer is then X, not the answer)."""
    for token in nlp.parse(question):
        if token.dep_ == "ROOT" and token.pos_ == "VERB" and token.lemma_.lower() not in ("be", "do", "have"):
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ in ("who", "which", "what") or subject is not None and any(
                    t.lower_ in ("which", "what") for t in subject.subtree):
                return token.lemma_.lower()
    return _first_to(question)


def _first_to(question: str) -> str:
    """"who was the last visiting qb *to do* that at lambeau?": the verb a first or a last did."""
    for token in nlp.parse(question):
        if (token.pos_ in ("VERB", "AUX") and token.dep_ in ("acl", "relcl", "xcomp")
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
                and any(t.lower_ in ("first", "last") for t in token.head.subtree if t.i < token.i)
                and token.lemma_.lower() not in ("be", "do", "have")):  # "to do that": no verb of its own
            return token.lemma_.lower()
    return ""
