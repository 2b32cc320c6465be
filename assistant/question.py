"""What a question asks for: the kind of answer, the entity labels that can hold it, and the key terms
an answer must mention.

- ``kind``/``labels``: "how many" wants CARDINAL/QUANTITY/PERCENT, "how much" MONEY first, "when"
  DATE/TIME, "who" PERSON (or ORG: "who filed the suit?" is often a company; not GPE, though the small model
  labels "OpenAI" so: "who won the award?" is not answered "London"), "which company" ORG, "where"
  GPE/LOC/FAC; "why" wants a reason; "what did X say" a quote or reported speech by X.
- ``focus``: the noun the count or amount is of ("how many *speakers*"); a sentence without it
  counts something else.
- ``key_terms``: the names, titles and quoted phrases the question is about (spaCy entities, and
  capitalised words for questions typed in lower case there are none of). Each must appear in what the
  answer quotes — else the answer would be about something else, and it abstains saying which is missing
  (``assistant.key_terms``).

Invariants: outlet names and dates are never key terms (they are matched against article metadata,
not text); ``read`` is pure given the spaCy model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.key_terms import key_terms, strip_term
from assistant.outlets import outlet_aliases
from assistant.question_words import (
    BARE_TYPES,
    PEOPLE_NOUNS,
    counted_noun,
    lemma_in,
    main_verb,
    measured_noun,
    role_noun,
    whose_noun,
)
from assistant.text import PRONOUNS, asked_now

LABELS = {
    "when": ("DATE", "TIME"),
    "how_many": ("CARDINAL", "QUANTITY", "PERCENT", "MONEY"),
    "measure": ("QUANTITY", "CARDINAL", "PERCENT"),
    "percent": ("PERCENT", "CARDINAL", "QUANTITY"),
    "age": ("CARDINAL", "DATE"),
    "full_name": ("PERSON",),  # "what's Zamora's first name?": a longer name holding the one asked about  # "Rocky, 11,", "the 46-year-old" (spaCy tags the latter DATE)
    "duration": ("DATE", "TIME", "CARDINAL"),  # "how many years": spaCy tags "13 years" as DATE
    "how_much": ("MONEY", "PERCENT", "QUANTITY", "CARDINAL"),
    "score": ("SCORE",),  # "30-24": not an entity spaCy knows (assistant.picking finds it)
    "who": ("PERSON", "ORG"),
    "org": ("ORG", "FAC"),
    "where": ("GPE", "LOC", "FAC"),
    "name": ("NAME", "PRODUCT"),  # NAME: what a sentence says X is called ("The therapy, named EBT-101")
}
# "what's the CRISPR therapy being tested called?", "what is the name of the app?": a name is the answer
NAME = re.compile(r"^(?:(?:and|so|but)\s+)?(?:what(?:'s|’s| is| was| are| were) (?:the |its |their |his |her |this |that )?"
                  r"[\w\s'’-]+? (?:called|named|known as|dubbed)\s*\??$|what(?:'s|’s| is| was) the name of\b|"
                  # "what's the killer's name?": what a story says it is called ("his name is John Carver")
                  r"what(?:'s|’s| is| was) the (?P<owner>[\w\s-]+?)['’]s name\s*\??$)")
WHEN = re.compile(r"^(?:(?:and|so|but)\s+)?(?:(?:in|at|on|from) )?(?:when|(?:what|which) (?:date|day|year|time|month)|"
                  r"by when|since when)\b|\bwhat (?:are|were|is|was) the dates? of\b")
HOW_LONG = re.compile(r"\bhow long\b")
# "when did he last suit up?", "when was the last time they met unbeaten?" (not "when is the last broadcast?")
ASKS_LAST = re.compile(r"\blast time\b|\bwhen (?:was|were|did|had|has|have)\b.*\blast\b(?! (?:week|weekend|month|year|"
                       r"season|night|summer|spring|fall|autumn|winter|quarter)\b)")
ASKED_UNIT = re.compile(r"\b(?:what|which) (year|time|day)\b")  # a "when" question's answer is in that unit
FULL_NAME = re.compile(r"\bwhat(?:'s|’s| is| was| are)? (?:the |his |her |their )?(?:real|full|first|last|given|actual|"
                       r"birth) names? of (?P<of>[^?,]+)|\bwhat(?:'s|’s| is| was) (?P<whose>[^?,]+?)['’]s? (?:real|full|"
                       r"first|last|given|actual|birth) name\b")
NAME_WORDS = re.compile(r"\b(?:real|full|first|last|given|actual|birth)\s+names?\b", re.IGNORECASE)
HOW_OLD = re.compile(r"\bhow old\b|\bwhat age\b|\bat what age\b")
PERCENT = re.compile(r"\b(?:what|which) (?:percentage|percent|share|proportion|stake)\b|\bhow many percent\b|"
                     # "what was tesla's gross margin in q3?", "what dividend yield does it pay?", "what level … rate"
                     r"\bwhat(?:'s|’s| is| was| are| were)? (?:the |its |their |(?:[\w.&-]+ ){0,2}[\w.&-]+(?:'s|’s) )?(?:\w+ )?"
                     r"(?:(?:gross|profit|operating|net) margin|dividend yield|yield|(?:revenue|profit|commission|royalty) split|interest rate)"
                     r"(?=\s*(?:\?|$|(?:in|for|of|on|last|this|during|at|from|does|did|do|is|was)\b))|"
                     r"\bwhat level (?:[\w'’-]+ ){1,6}rate\b")
SCORE = re.compile(r"\b(?:what(?:'s| was| is) the (?:final )?score|final score|how did the (?:game|match) end|"
                   r"by what score)\b")
HOW_MANY = re.compile(r"\b(?:how many|what number|"
                      r"what(?:'s| was| is) the (?:final )?(?:score|rate|margin)|"
                      # "what was the attendance at …": a count, though no "how many" asks for it
                      r"what(?:'s|’s| was| is| were) the (?:\w+ )?(?:attendance|turnout|death toll|toll|population|"
                      r"head ?count|crowd size|average crowd|average attendance))\b")
# "what sentence did he get?", "what prison sentence is he facing?": a term in years or months, however typed
SENTENCED = re.compile(r"\bwhat (?:\w+ )?sentence (?:did|does|will|has|is|was|could|would|might) [^?]*\b(?:get|got|"
                       r"gotten|getting|face|facing|receive|received|serve|serving|given|handed)\b")
# "how long's the contract?" is "how long is"; "how long's he been in charge?" is "how long has" (a "when")
# "how long will the sea wall be?" is "how long is" said of the future (not "how long will he be out?")
MEASURE = re.compile(r"\bhow (?:big|large|small|tall|high|far|fast|heavy|wide|deep|long is|long was|"
                     r"long['’]s(?!\s+(?:[\w'’-]+\s+)?(?:been|\w+ed|got|had|gone|done|run|served)\b)|"
                     r"long (?:will|would) (?:the|a|an|its|this|that|each) (?:[\w'’-]+ ){1,5}be\s*\??$)(?!\w)")
TIME_UNITS = frozenset("years year months month weeks week days day hours hour minutes minute seasons".split())
HOW_MUCH = re.compile(r"\b(?:how much|what (?:price|amount|sum|valuation|fine)|what did \w+ (?:pay|charge)|"
                      r"for how much|what does it cost|what did it cost|how (?:expensive|cheap)|"
                      # "what was he getting paid?", "what did she get paid": a sum
                      r"what(?:'s|’s| was| were| is| are| did| does| do) (?:[\w'’-]+ ){1,3}(?:getting |get |being |gets )?paid|"
                      # "what's the cheapest season ticket?", "what is the price of …": a sum asked for
                      r"what(?:'s|’s| is| was| are| were) the (?:cheapest|priciest|most expensive|(?:[\w-]+ ){0,2}(?:price|cost|fee|"
                      r"salary|msrp))\b|what (?:does|did|do) (?:it|they|\w+) (?:cost|charge|sell for)|"
                      # "what is Flexport valued at?", "what's the deal worth?": a sum asked for
                      r"what(?:'s|’s| is| was| are| were) [\w\s'’-]{1,60}(?:valued at|worth)(?=\s*\??$)|"
                      # "what did trump value mar-a-lago at?", "what did the share price jump to?"
                      r"what (?:did|does|do) [\w\s'’-]{1,40}\bvalue [\w\s'’-]{1,40} at\b|"
                      r"what (?:did|does|do|has|have) [\w\s'’-]{0,40}\bprice (?:jump|rise|climb|fall|drop|surge|sink|plunge|slip)s? to\b|"
                      # "what was uber's revenue in Q3?": a company's figures are sums
                      # "what's his salary?", "what's Bhavik Patel's salary?": a person's pay is a sum too
                      r"what(?:'s|’s| is| was| are| were) (?:the |its |their |his |her |(?:[\w.&-]+ ){0,2}[\w.&-]+(?:'s|’s) ){1,2}"
                      r"(?:[\w-]+ ){0,2}(?:revenues?|profits?|net income|sales|losses|loss|budget|earnings|valuation|salary|"
                      r"salaries|pay|wages?|compensation|price|cost|fees?|(?:all-cash|cash|takeover|buyout|acquisition) (?:offer|bid)|settlement|payout|"
                      r"price target|gdp)"
                      r"(?=\s*(?:\?|$|(?:in|for|of|last|this|during|at|from)\b)))")
# the people news names by their role ("which prosecutor …", "which former IMF chief economist …")
PERSON_ROLES = (r"person|individual|man|woman|guy|player|athlete|executive|ceo|cto|cfo|founder|co-?founder|coach|"
                r"manager|quarterback|pitcher|striker|goalkeeper|defender|midfielder|scorer|captain|referee|driver|"
                r"golfer|boxer|fighter|artist|singer|rapper|musician|actor|actress|author|writer|director|producer|"
                r"host|presenter|journalist|reporter|star|celebrity|influencer|streamer|youtuber|lawyer|attorney|"
                r"prosecutor|judge|juror|witness|defendant|suspect|victim|senator|congressman|congresswoman|lawmaker|"
                r"politician|candidate|nominee|minister|president|governor|mayor|chairman|chairwoman|chair|"
                r"spokesperson|spokesman|spokeswoman|official|economist|analyst|scientist|researcher|professor|"
                r"doctor|chef|billionaire|investor|owner|boss|employee|engineer|pastor|priest|bishop|rabbi|imam|"
                r"teacher|student|nurse|pilot|soldier|officer|detective|designer|architect|photographer|comedian|"
                r"dancer|model|poet|novelist|editor|commissioner|ambassador|secretary|chancellor|king|queen|prince|"
                r"princess|leader|activist|hostage|veteran|winner|champion|rookie|umpire|jockey|trainer|cyclist|"
                r"swimmer|sprinter|runner|teammate|winger|batter|bowler|catcher")
# up to three words may narrow the role ("which *former IMF chief* economist"), but no verb or preposition
# ("what happened to the coach" asks no name)
NARROWING = r"(?:(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|happened|to|of|for|in|on|at|" \
            r"with|about|from|by)\b)[\w'’-]+ ){0,3}"
WHO = re.compile(rf"^(?:(?:and|so|but)\s+)?(?:who|whom|whose)\b|\b(?:to|by|from|with) whom\b|"
                 rf"\b(?:which|what) {NARROWING}(?:{PERSON_ROLES})(?:s|es)?\b|"
                 # "anyone else backing that idea?", "did anybody else say so?": asked for whom, not whether
                 r"^(?:(?:and|so|but)\s+)?(?:(?:is|was|are|were|did|does|do|has|have|had)\s+)?(?:any|some)(?:one|body)\b")
# singular or plural: "which retailers", "which partners supply the content"
ORG = re.compile(r"\b(?:which|what) (?:\w+ )?(?:compan(?:y|ies)|organi[sz]ation|firm|startup|publisher|team|"
                 r"platform|agenc(?:y|ies)|bank|fund|network|studio|brand|club|app|group|investor|universit(?:y|ies)|"
                 r"college|school|hospital|museum|label|retailer|carrier|airline|partner|sponsor|backer|supplier|"
                 r"manufacturer|maker|automaker|broadcaster|newspaper|charit(?:y|ies)|broker(?:age)?|sportsbook|bookmaker|"
                 r"insurer|lender|edtech|fintech|magazine)(?:s|es)?\b")
# "which players": people, in the plural too; "who are the other two *people* on the board?": not a company (but
# "who laid off 500 people?" may be one)
PERSON_WORDS = re.compile(rf"\b(?:{PERSON_ROLES})(?:s|es)?\b|"
                          r"\b(?:(?:who|what) (?:are|were)|which) (?:the )?(?:[\w'’-]+ ){0,3}?(?:people|persons)\b")
WHERE = re.compile(r"^(?:(?:and|so|but)\s+)?where\b|\b(?:in )?(?:which|what) (?:\w+ )?(?:city|country|state|town|venue|"
                   r"stadium|place|region)\b")
PLACE_KINDS = {"city": "city", "citi": "city", "town": "city", "coun": "country", "nati": "country"}
PLACE_ASKED = re.compile(r"\b(?:which|what) (?:[a-z]+ )?(cit(?:y|ies)|towns?|countr(?:y|ies)|nations?)\b")
# "what stadium …?"; "where did the lions play the packers?": a game against a side is played at a venue
VENUE_ASKED = re.compile(r"\b(?:which|what) (?:\w+ )?(?:stadium|venue|arena|ballpark|ground|racecourse|circuit)\b|"
                         r"\bwhere\b.*\bplay(?:ing|ed|s)?\s+(?!(?:in|out|at|for|on|with|as|up|down|before|after|"
                         r"college|professionally|the role|a role|the part|their|his|her|its|last|first)\b)"
                         r"(?:against\s+)?(?:the\s+)?[a-z]+(?:\s|\?|$)")
WORKPLACE = re.compile(r"\b(?:work(?:s|ed|ing)?|stud(?:y|ies|ied|ying)|teach(?:es|ing)?|taught|lectures?|employed|"
                       r"graduated?|(?:go|goes|went) to (?:school|college|university))\b")  # where: an institution first
# where someone works or studied ("where did she work before?", "where'd he go to college?"): not where someone is
# working this week, nor where "the study" was done
STUDY_ASKED = re.compile(r"\b(?:did|does|do) (?:[\w'’-]+ ){1,3}study\b|\b(?:studied|graduated?)\b|"
                         r"\b(?:go|goes|went) to (?:school|college|university)\b")
WORK_ASKED = re.compile(r"\b(?:work|works|worked|teach|teaches|taught|employed)\b(?! out)")
WHY = re.compile(r"^(?:(?:and|so|but)\s+)?(?:why|how come)\b|\b(?:what(?:'s| is| was) the reason|for what reason|"
                 # "what reason did the board give for firing altman?", "what prompted the recall?"
                 r"what (?:reasons?|explanation|justification) (?:did|does|do|has|have|had|was|were|is)|"
                 r"what (?:caused|prompted|triggered|sparked|drove)|what set (?:[\w'’-]+ ){0,3}off|what led to|what(?:'s| is| was) behind|"
                 r"what(?:'s| is| was) the (?:point|purpose|goal|aim|idea) (?:of|behind))\b")
# the speaker never runs past a source named for the fact: "what did the fed decide according to the washington
# *post*" asks what the Fed decided, not what a "fed … washington" posted
SAID = re.compile(r"\bwhat (?:else )?(?:did|does|has|had) (?P<speaker>(?:(?!\baccording to\b|\bper the\b|\breported by\b).)+?) (?:say|tell|write|post|claim|add|argue|think|"
                  r"reveal|admit|testify|announce|report|text|tweet|email|message|declare|explain|warn)\b(?! (?:say|said|tell|write|report)\b)|\bhow (?:did|does|do|has|have) (?P<speaker2>.+?) (?:react|respond|describe|characteri[sz]e|sum(?:med)? up|"
                  r"explain|justify|defend)\b")
YESNO = re.compile(r"^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b")
QUESTION_WORD = re.compile(r"\b(?:who|whom|whose|what|when|where|why|which|how)\b|\?")
# ... not a topic ("apple watch price cut news", "drug price negotiation", "the price is right host") nor a request
PRICE_SEARCH = re.compile(r"^(?!(?:tell|explain|summari[sz]e|describe|show|give)\b).*\b(?:price|prices|priced|cost|costs|msrp)\b"
                          r"(?!\s+(?:cuts?|gouging|negotiations?|news|impact|wars?|is|increases?|hikes?|drops?|caps?|"
                          r"controls?|debate|crisis|of living)\b)")
DATE_SEARCH = re.compile(r"^(?:the )?(?:last|final|first|earliest|latest) (?:day|date)s? (?:to|for)\b|"
                         r"\b(?:deadline|release date) (?:to|for|of)\b")
MONEY_WORDS = re.compile(r"\b(?:money|prize|pay|paid|pays|paying|cost|costs|spend|spent|price[ds]?|charge[ds]?|worth|valued|"
                         r"fees?|salary|earn(?:ed|s)?|raise[ds]?|fine[ds]?|su(?:es|ed|ing)|sue (?:him|her|them|for|over)|(?:bring|brings|brought) in|sell(?:s|ing)?|sold|buy(?:s|ing)?|bought|owe[ds]?|funding|round|deal|budget|"
                         r"revenues?|profits?|sales|earnings|valuation)\b")
CHANGE_WORDS = re.compile(r"\b(?:drop(?:ped)?|fall|fell|rise|rose|grow|grew|increase[ds]?|decrease[ds]?|decline[ds]?|"
                          r"climb(?:ed)?|jump(?:ed)?|spike[ds]?|surge[ds]?|plunge[ds]?|slip(?:ped)?|gain(?:ed)?|lose|lost|"
                          r"(?:go|goes|went|gone) (?:up|down))\b")
# "what did Sporting News report about Bills-Bengals?", "what happened in the Fire vs Inter Miami game?": a
# game's story is its result, told by the score
CONTEST = re.compile(r"\b(?:vs?\.?|versus|game|match|clash|showdown|derby|fixture|bout)\b|\w-\w+ (?:game|match)\b")
ASKS_WHAT_HAPPENED = re.compile(r"\bwhat happened\b|\bhow did (?:the |that |it )?(?:\w+ )?(?:go|end|turn out)\b")
# "fire vs inter", "against the ghana", "the bills-bengals game" (the word before "against" is no side: "friendly")
SIDES = re.compile(r"\b(?P<before>[a-z][\w'’.]+)\s+(?:vs?\.?|versus)\s+(?:the\s+)?(?P<after>[a-z][\w'’.]*)|"
                   r"\bagainst\s+(?:the\s+)?(?P<opponent>[a-z][\w'’.]*)|"
                   r"\bbetween\s+(?:the\s+)?(?P<one>[a-z][\w'’.]*)\s+and\s+(?:the\s+)?(?P<other>[a-z][\w'’.]*)|"
                   r"\b(?P<first>[a-z]+)-(?P<second>[a-z]+)\s+(?:\w+\s+){0,2}(?:game|match)\b")
ROLE_OF = re.compile(r"['’]s\s+(?:[a-z]+\s+)?[a-z]+$")  # "x's ceo", "x's chief executive": the role after a name
MORE = re.compile(r"\b(?:next|else|other|more|another|further|besides)\b")
COUNTED_MORE = re.compile(r"\bhow (?:many|much) (?:other|more|further)\b")  # "how many other senators": a count
# an entity of the kind must answer, else the articles don't say: a number, a date, a score, an age, a full name
AMOUNT_KINDS = frozenset({"how_much", "measure"})  # a sum or size of something ("how many" counts its noun)
NUMERIC_KINDS = frozenset("when how_many how_much measure percent duration score age full_name".split())
COUNT_KINDS = frozenset({"how_many"})
COUNTS = frozenset({"CARDINAL", "QUANTITY"})  # a count, bare or with its unit ("189 scrimmage yards")
# a reason or a quote need not repeat what it explains: it is read in the context of the sentence before
CONTEXT_KINDS = frozenset({"why", "said"})
ROLE_KINDS = frozenset({"who", "org", "where"})  # a name of a kind, often beside its role ("publisher X")


@dataclass
class Intent:
    kind: str  # when | how_many | how_much | age | full_name | who | identity | org | where | why | said | name | yesno | other
    labels: tuple[str, ...] = ()  # entity labels that can hold the answer, preferred first
    focus: str = ""
    speaker: str = ""
    key_terms: list[str] = field(default_factory=list)
    wants_more: bool = False  # "what else did he say?": not what was already quoted
    subject: str = ""  # "who was Bill Kenwright?": whom the answer describes; "what's Zamora's first name?": Zamora
    reported: bool = False  # "what did TechCrunch report about Flipboard?": an outlet's story, told by its lead
    verb: str = ""  # "who *led* it?": the lemma of what the one asked for did (who/which questions)
    unit: str = ""  # "how many *years*": the unit a duration's answer is given in; "what year", "what time"; a "length"
    place: str = ""  # "which *city*", "which *country*": the kind of place a "where" question asks for
    sides: set[str] = field(default_factory=set)  # "… vs Inter Miami": words naming the sides of the game asked about
    of_noun: str = ""  # what an amount is of, or whose the answer is ("Uber's *revenue*", "whose *liver*"): said of it
    since: bool = False  # "when did he last …?": the date a sentence says it hasn't happened since
    span: bool = False  # "how long did they live together?": a stretch of time ("three months") answers, as a date may
    searched: bool = False  # typed as a search, no question word ("xbox series x price at walmart"): its kind is a guess
    workplace: str = ""  # "where did she work before?", "where'd he go to college?": "work" | "study"
    bare_type: str = ""  # "what *company* does he run?": a name may hold it ("Abu Dhabi National Oil Company")

    def duration_units(self) -> set[str]:
        """The units a duration's answer may be in: the one asked for ("how many *years*"), else any."""
        return {self.unit, self.unit + "s"} if self.unit else set(TIME_UNITS)


def read(question: str, outlets: list[str] = (), topic: str = "") -> Intent:
    """Read ``question``; ``topic`` is the question without outlet names and dates (QueryAnalysis.topic)."""
    # a follow-up carries the previous turn in parentheses (assistant.conversation): it names the topic,
    # not what this turn asks for
    q = SCENE_SETTING.sub("", re.sub(r"\s+", " ", asked_now(question).strip().lower()))
    kind = _kind(q)
    if kind == "name" and (called := NAME.search(q)) and PERSON_WORDS.search(called.group("owner") or ""):
        kind = "who"  # "what's the ceo's name?" asks who
    said, reported = SAID.search(q), False
    if said and _names_outlet(said.group("speaker") or said.group("speaker2") or "", outlets):
        # "what did BBC News say Microsoft paid?": the outlet reports, the question is about what it reports
        q = q[:said.start()] + q[said.end():]
        kind, said, reported = _kind(q), None, True
    focus_word = counted_noun(q) if kind in ("how_many", "how_much") else ""
    # what the answer is stated of: "what was Uber's *revenue*?", "how long was the *ruling*?", "whose *liver*?"
    of_noun = (lemma_in(q, focus_word) or measured_noun(q)) if kind in AMOUNT_KINDS else \
        whose_noun(q) if kind in ("who", "org") else ""
    unit = ""
    if focus_word in TIME_UNITS:  # "how many years": a duration; the unit is part of the answer, not the topic
        kind, focus_word, unit = "duration", "", focus_word.rstrip("s")
    if kind in ("who", "org", "where"):
        focus_word = role_noun(q)
    if kind == "other" and CONTEST.search(q) and (reported or ASKS_WHAT_HAPPENED.search(q)):
        kind = "score"
    labels = LABELS.get(kind, ())
    if kind == "when" and (asked := ASKED_UNIT.search(q)):  # "what time does it kick off?": 9 p.m., not the day
        unit = asked.group(1)
        labels = ("TIME",) if unit == "time" else labels  # a day or a year is no time of day
    if kind == "how_much":  # "how much did they pay?" wants a sum, "how much did the index drop?" a change, and
        labels = _sum_labels(q) or labels  # "how much did the fee go up?" a change of a sum: "from 8 to 9 percent"
    if kind == "measure":  # "how big was Rainforest's seed round?": a sum; how big anything is may be one
        labels = ("MONEY",) + labels if MONEY_WORDS.search(q) else labels + ("MONEY",)
    if kind == "measure" and HOW_LONG.search(q):  # "how long was the window?": "six-hour", a length in a unit
        # a length is no sum nor share: "how long's his contract?" is not "just under $2M per season"
        labels, unit = tuple(label for label in labels if label not in ("MONEY", "PERCENT")) + ("DATE", "TIME"), "length"
    if kind == "where" and WORKPLACE.search(q):  # "where does she teach?" → "the University of Southampton"
        labels = ("ORG",) + labels
    if kind == "where" and (venue := VENUE_ASKED.search(q)):  # "what stadium …?": "MetLife Stadium", not "New York"
        # a city may say where a side played, but it is no stadium the question names ("what stadium …?")
        labels = ("FAC",) + (() if venue.group().startswith(("which", "what")) else tuple(
            label for label in labels if label != "FAC"))
    # "who is the individual …": not a company; nor "who was the other *kid* with him?" (the one asked for)
    if kind == "who" and (PERSON_WORDS.search(q) or focus_word in PEOPLE_NOUNS):
        labels = ("PERSON",)
    subject = identity_subject(asked_now(question)) if kind == "who" else ""
    if kind == "full_name":  # whose name: the answer holds it, in full
        full = FULL_NAME.search(q)
        subject = strip_term((full.group("of") or full.group("whose") or "") if full else "")
    if subject and kind == "who":  # "who was Bill Kenwright?" asks what he was, not for another name
        kind, labels = "identity", ()
    speaker = (said.group("speaker") or said.group("speaker2") or "") if said else ""
    terms = key_terms(topic or question, outlets, quoted_in=question)
    named = ROLE_OF.sub("", speaker)  # "hapag-lloyd's ceo": the company is named, the role may be "chief executive"
    # "what did the nyt say", "what did techcrunch's story on cruise say": an outlet, no speaker an article must name
    by_outlet = re.match(rf"(?:the\s+)?(?:{'|'.join(re.escape(a.lower()) for o in outlets for a in outlet_aliases(o))})\b",
                         named.lower()) if outlets else None
    if named not in PRONOUNS and not by_outlet and not any(
            t.lower() in named or named in t.lower() for t in terms):
        terms.append(strip_term(named))  # whose words are asked for: an article that never names them can't hold them
    verb = main_verb(asked_now(question)) if kind in ("who", "org") else ""
    wants_more = bool(MORE.search(COUNTED_MORE.sub("", q)))
    return Intent(kind, labels, focus=focus_word, speaker=speaker, key_terms=terms, wants_more=wants_more,
                  subject=subject, reported=reported and kind == "other", verb=verb, unit=unit,
                  place=(PLACE_KINDS[asked.group(1)[:4]] if kind == "where" and (asked := PLACE_ASKED.search(q)) else ""),
                  sides=contest_sides(q) if kind == "score" else set(), of_noun=of_noun,
                  since=kind == "when" and bool(ASKS_LAST.search(q)), span=kind == "when" and bool(HOW_LONG.search(q)),
                  workplace=workplace_asked(q) if kind == "where" else "",
                  bare_type=(typed.group(1) if kind == "org" and (typed := BARE_TYPE_ASKED.search(q)) else ""),
                  searched=not QUESTION_WORD.search(q) and not YESNO.match(q))


# "in its live science interview, what is …", "in tuesday's game, who scored …": the question starts after
# a phrase setting the scene
QUESTION_START = (r"(?:who|whom|whose|what|when|where|why|which|how|is|are|was|were|do|does|did|has|have|had|can|could|"
                  r"will|would)\b")
# ... after a comma, or after a dash or a colon where what comes before asks nothing itself ("how much is the iphone 15
# pro - is it worth it?" asks how much)
SCENE_SETTING = re.compile(rf"^[^,?]{{3,60}},\s*(?={QUESTION_START})|^(?!{QUESTION_START})[^,?]{{3,60}}?(?::|\s[—–-])\s*"
                           rf"(?={QUESTION_START})")


def _kind(q: str) -> str:
    for kind, pattern in (("said", SAID), ("duration", SENTENCED), ("full_name", FULL_NAME), ("age", HOW_OLD),
                          ("percent", PERCENT), ("score", SCORE), ("how_much", HOW_MUCH), ("how_many", HOW_MANY), ("measure", MEASURE),
                          ("when", WHEN), ("org", ORG), ("who", WHO), ("where", WHERE), ("why", WHY), ("name", NAME)):
        if pattern.search(q):
            return kind
    if HOW_LONG.search(q):
        return "when"
    if YESNO.match(q):
        return "yesno"
    if QUESTION_WORD.search(q):
        return "other"
    # typed as a search, with no question word: "xbox series x price at walmart", "last day to ship ups next day air"
    return "how_much" if PRICE_SEARCH.search(q) else "when" if DATE_SEARCH.search(q) else "other"


def contest_sides(question: str) -> set[str]:
    """The words naming a game's sides ("chicago fire vs *inter* miami" → {"fire", "inter"}, "the
    *bills*-*bengals* game"): a score must be of that game, so its sentence names one of them."""
    sides = set()
    for match in SIDES.finditer(question.lower()):
        sides |= {w.rstrip("'’.s") for w in match.groups() if w and w not in ("the", "a", "of", "game", "match")}
    return {w for w in sides if len(w) > 2}


IDENTITY = re.compile(r"^(?:(?:and|so|but)\s+)?who(?:'s|’s| is| was| are| were)\s+(?P<subject>[^?]+?)\s*\??$",
                      re.IGNORECASE)
NOT_A_NAME = re.compile(r"^(?:the|a|an|this|that|these|those|his|her|their|its)\b|\b(?:that|who|which|whom|of|in|at|for|"
                        r"behind|with|from|on)\b")


def identity_subject(question: str) -> str:
    """Whom "who is/was X?" asks about, when X is a bare name of at most four words ("who was bill
    kenwright?"); not for "who is the CEO of OpenAI?" (a role, answered by a name)."""
    match = IDENTITY.match(re.sub(r"\s+", " ", question.strip()))
    subject = match.group("subject").strip() if match else ""  # as typed: "Wilma Mankiller"
    lower = subject.lower()
    return subject if lower not in PRONOUNS and len(lower.split()) <= 4 and not NOT_A_NAME.search(lower) else ""


SHARE_OR_AMOUNT = re.compile(r"\bhow much (?:of\b|(?!money|cash|prize)[a-z]+ (?:did|does|do|is|are|was|were|has|have|will))")
# "how much of alameda did he own?": a share held ("10%") first, not "$14 billion"
SHARE_HELD = re.compile(r"\bhow much of (?!an? )(?:[\w'’&.-]+ ){1,3}(?:did|does|do|will|has|have) (?:[\w'’-]+ ){1,3}"
                        r"(?:own|hold|control)\b")


def _sum_labels(question: str) -> tuple[str, ...]:
    # "how much *of the company* is he selling?" asks a share, "how much *snow* did it bring in?" an amount
    if SHARE_HELD.search(question):
        return ("PERCENT", "MONEY", "QUANTITY", "CARDINAL")
    money = MONEY_WORDS.search(question) and not SHARE_OR_AMOUNT.search(question)
    change = CHANGE_WORDS.search(question)
    return ("MONEY", "PERCENT", "QUANTITY") if money and change else ("MONEY",) if money else \
        ("PERCENT", "MONEY", "QUANTITY") if change else ()


BARE_TYPE_ASKED = re.compile(rf"\b(?:what|which) ({'|'.join(sorted(BARE_TYPES))})\b")


def workplace_asked(q: str) -> str:
    """"study" for where someone studied, "work" for where someone works, else ""."""
    return "study" if STUDY_ASKED.search(q) else "work" if WORK_ASKED.search(q) else ""


def _names_outlet(speaker: str, outlets: list[str]) -> bool:
    """The speaker is one outlet, or several ("Metro Wire and the Eastgate Gazette")."""
    words = set(re.findall(r"\w+", speaker.lower())) - {"the", "and"}
    return bool(words) and words <= {w for o in outlets for w in re.findall(r"\w+", o.lower())}
