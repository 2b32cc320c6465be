"""Which outlets a question names: the index's own (``OutletMatcher``, from the stored source names and their
short forms) and ones the index has none of (``unknown_outlets``), so "according to Reuters" abstains saying so
rather than quoting a story that cites Reuters.

Invariants: a stored outlet's alias typed in lower case, or an initialism of two letters, is an outlet only in
a reporting frame ("what did the ft write", "any nyt articles") — "fortune", "the age", "ft" are ordinary words
otherwise; a well-known outlet the index lacks (``WELL_KNOWN``) is missing only where the question asks what it
reported ("reuters on the strike", "espn's story on …", "according to bloomberg"), never where it is what the
question is about ("how much did disney pay for espn?"); the stored names are matched first, so an outlet a
newsroom indexes is never reported missing.
"""
from __future__ import annotations

import re

OUTLET_LEAD_IN = r"(?:\b(?:per|according to|(?:as )?reported by|by|from|in|on|at)\s+)?(?:\bthe\s+)?"


class OutletMatcher:
    """Find stored outlet names (and short forms) in text; longest match wins."""

    def __init__(self, sources: list[str]):
        self.sources = list(sources)
        aliases: dict[str, set[str]] = {}
        for source in sources:
            for alias in outlet_aliases(source):
                aliases.setdefault(alias.lower(), set()).add(source)
        # "guardian piece on …": a one-word name after "The" is the outlet only where it reports ("Age" is a word)
        self.framed: set[str] = set()
        for source in sources:
            words = outlet_head(source).split()
            if len(words) == 2 and words[0].lower() == "the" and len(words[1]) >= 3:
                self.framed.add(words[1].lower())
                aliases.setdefault(words[1].lower(), set()).add(source)
        self.aliases = aliases
        # the letters a broadcaster or paper goes by ("BBC", "NYT"): its other brands go by them too
        self.letters = {a.lower() for source in sources for a in outlet_aliases(source) if a.isupper() and len(a) <= 5}
        # "businessline's call": an outlet's words run together are no ordinary word, whatever their case
        self.joined = {a.replace(" ", "") for source in sources for a in map(str.lower, outlet_aliases(source))
                       if " " in a and a.replace(" ", "") in aliases}
        ordered = sorted(aliases, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(a) for a in ordered) + r")(?![\w])",
                                  re.IGNORECASE) if ordered else None

    def find(self, text: str) -> list[tuple[str, list[str]]]:
        """(matched text, outlets it names) for each mention."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            words = match.group(0)
            if ((words.islower() and not words.isdigit() and words not in self.joined or len(words) <= 2
                 or words.lower() in self.framed) and not reporting_frame(text, match.start(), match.end())):
                continue  # "fortune", "the age", "6 FT": ordinary words, not the outlet — unless it reports
            if words.lower() in self.letters and re.match(r"\s+(?:[A-Z]|\d)", text[match.end():]):
                continue  # "BBC Sport", "BBC Radio 1": another outlet than the indexed "BBC News"
            found.append((words, sorted(self.aliases[words.lower()])))
        return found


# People type outlets in lower case: "what did techcrunch report …", "according to the verge"
FRAME_BEFORE = re.compile(r"(?:\bwhat (?:did|does|has|had)|\baccording to|\bper|\b(?:reported|published|covered|"
                          r"written) (?:by|in)|\bsays?|\bsaid|\b(?:saw|read|heard|seen)(?: it| this| that)? (?:on|in))"
                          r"\s+(?:the\s+)?$")
FRAME_AFTER = re.compile(r"^\s+(?:report(?:s|ed|ing)?|say|says|said|saying|wr[io]te|writes|covered|articles?|"
                         r"stor(?:y|ies)|pieces?|coverage|explainer|guide|reviews?|analysis|take|column|op-ed|editorial|"
                         r"interview|recap|preview)\b"
                         # "techcrunch's snap map story", "the guardian's memoir roundup"
                         r"|^['’]s(?:\s+[\w-]+){0,3}\s+(?:report|story|article|piece|coverage|roundup|interview|review|"
                         r"column|live ?blog|preview|recap)s?\b")


def reporting_frame(text: str, start: int, end: int) -> bool:
    """The words around text[start:end] make it a source that reports, not an ordinary word."""
    # "smh on the openai board drama", "the guardian, on …": a question that starts with the outlet asks what it said
    leading = text[:start].strip().lower() in ("", "the") and re.match(r"\s+on\b|\s*,", text[end:]) is not None
    return bool(leading or FRAME_BEFORE.search(text[max(0, start - 40):start].lower())
                or FRAME_AFTER.match(text[end:].lower()))



def outlet_head(source: str) -> str:
    """The outlet's name before its section ("BBC News" of "BBC News - Technology", "Cnbc" of "Cnbc | World …")."""
    return re.split(r"\s+[-|:–]\s+", source, maxsplit=1)[0].strip()


def outlet_aliases(source: str) -> set[str]:
    aliases = {source.strip()}
    head = outlet_head(source)
    if head:
        aliases.add(head)
    for suffix in (".com", ".co.uk", ".net", ".org"):
        if head.lower().endswith(suffix):
            aliases.add(head[: -len(suffix)])
    # "a Sydney Morning Herald report"; not a one-word rest ("Age", "Verge" are ordinary words)
    aliases |= {a[4:] for a in aliases if a.lower().startswith("the ") and len(a.split()) >= 3}
    # "businessline", "sportingnews": a two- or three-word name typed as one word
    aliases |= {a.replace(" ", "") for a in aliases if 2 <= len(a.split()) <= 3 and not a.lower().startswith("the ")}
    # "the bbc": a broadcaster's letters before "News"; "NYT", "SMH": a name's initials; "FT" a paper's only
    # (two letters are many things: "GE" is no "Globes English"); ``OutletMatcher.find`` wants a frame for two
    aliases |= {m[1] for m in [re.fullmatch(r"([A-Z]{2,5})\s+News", head)] if m}
    words = head.split()[1:] if head.lower().startswith("the ") else head.split()
    if 2 <= len(words) <= 4 and all(w.isalpha() and w[0].isupper() for w in words):
        initials = "".join(w[0] for w in words).upper()
        if len(initials) >= 3 or words[-1].lower() in MASTHEAD_OF.split("|"):
            aliases.add(initials)
    return {a for a in aliases if len(a) >= 3 or a.isupper()}


_NAME = r"((?:[A-Z][\w&'’.-]*|of|and|&)(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){0,4})"
UNKNOWN_OUTLET = re.compile(  # "according to the Washington Post", "a Bloomberg article", "report by Reuters"
    rf"\b(?:according to|reported by|report(?:s|ed)? (?:from|in|by)|articles? (?:from|in|by)|published (?:by|in)|"
    rf"covered (?:by|in)|story (?:from|in|by))\s+(?:the\s+|an?\s+)?{_NAME}|"
    rf"\b(?:an?|the)\s+{_NAME}\s+(?:article|report|story|piece|op-ed|editorial)s?\b")
# typed in lower case, a newspaper is told by its masthead word and what it does: "what has the jerusalem post
# said", "according to the times of india", "what has the times of israel reported", "any washington post stories"
MASTHEAD_OF = (r"post|times|herald|tribune|journal|gazette|telegraph|chronicle|observer|express|mirror|examiner|"
               r"inquirer|globe|courier|dispatch")  # "the times of israel"; not "the news of layoffs"
MASTHEAD = MASTHEAD_OF + r"|daily|weekly|news|mail"
GENERIC_PRESS = frozenset("local latest recent other same new evening morning breaking world national international "
                          "sports business tech fake good bad big nightly".split())  # "the local news said": no outlet
LOWER_OUTLET = re.compile(
    rf"\b(?:according to|reported by|report(?:s|ed)? (?:from|in|by)|articles? (?:from|in|by)|published (?:by|in)|"
    rf"covered (?:by|in)|story (?:from|in|by)|per)\s+the\s+(?P<a>(?:[a-z][a-z&'’.-]*\s+){{1,3}}(?:{MASTHEAD})"
    rf"(?:\s+of\s+[a-z]+)?|(?:{MASTHEAD})\s+of\s+[a-z]+)\b|"
    rf"\bthe\s+(?P<b>(?:[a-z][a-z&'’.-]*\s+){{1,3}}(?:{MASTHEAD})(?:\s+of\s+[a-z]+)?|(?:{MASTHEAD_OF})\s+of\s+[a-z]+)"
    rf"\s+(?:say|says|said|report|reports|reported|wrote|write|writes|written|article|story|piece|editorial)\b|"
    # "any washington post stories on the strike?" — not "any more news stories", "any credible independent reports"
    rf"\bany\s+(?P<c>(?:[a-z][a-z&'’.-]*\s+){{1,2}}(?:{MASTHEAD_OF}))\s+(?:stories|articles|reports|coverage|pieces)\b")
NOT_OUTLETS = {"New", "The", "A", "An", "One", "Another", "Both", "This", "That", "Latest", "Recent", "First",
               "Second", "Separate", "Subsequent", "Earlier", "Later", "Same", "Other", "Previous", "Following"}


def without_outlets(text: str, outlets: list[str]) -> str:
    """``text`` without the named outlets and the attribution before them ("how many shots did United take
    *per the Guardian*"), as ``QueryAnalysis.topic`` is for the whole question."""
    for alias in sorted({a for o in outlets for a in outlet_aliases(o)}, key=len, reverse=True):
        text = without_attributed(text, rf"\b{re.escape(alias)}\b")
    return re.sub(r"\s+", " ", text).strip()


def without_attributed(text: str, name: str) -> str:
    """``text`` without the outlet ``name`` (a pattern) and the attribution before it: "did United take *per*
    the Guardian" left as "did United take per" reads to spaCy as a name, "United take per"."""
    return re.sub(rf"{OUTLET_LEAD_IN}{name}", " ", text, flags=re.IGNORECASE)


def unknown_outlets(topic: str) -> list[str]:
    """Outlet-like names in attribution phrases; run on text whose known outlets are already removed."""
    found = []
    for match in UNKNOWN_OUTLET.finditer(topic):
        name = (match.group(1) or match.group(2) or "").strip()
        words = [w for w in name.split() if w not in NOT_OUTLETS]
        if words and words[0][:1].isupper() and name not in found:
            found.append(" ".join(words))
    for match in LOWER_OUTLET.finditer(topic):
        name = match.group("a") or match.group("b") or match.group("c")
        before = re.split(rf"\s+(?={MASTHEAD})", name, maxsplit=1)[0].split()
        if name not in found and not (before and set(before) <= GENERIC_PRESS):
            found.append(name)
    for match in WELL_KNOWN_FRAME.finditer(topic):
        name = re.sub(r"^the\s+", "", match.group("a") or match.group("b") or match.group("c"), flags=re.IGNORECASE)
        if not any(name.lower() in f.lower() for f in found):
            found.append(name)
    return found


# Outlets people ask for by name, as they type them, whatever the index holds: one the index has is matched as
# its own first (``OutletMatcher``), so only the others are reported missing. Names that are ordinary words
# ("people", "time", "the sun", "insider") are left out: "what did people say?" asks no outlet.
WELL_KNOWN = (
    "reuters", "associated press", "ap news", "afp", "agence france-presse", "bloomberg", "bloomberg news",
    "wall street journal", "wsj", "washington post", "new york times", "nyt", "new york post", "los angeles times",
    "la times", "usa today", "chicago tribune", "boston globe", "financial times", "the economist", "the guardian",
    "the telegraph", "daily mail", "the times of london", "evening standard", "the irish times", "bbc", "cnn", "msnbc",
    "npr", "pbs", "abc news", "nbc news", "cbs news", "fox news", "sky news", "al jazeera", "politico", "axios",
    "the hill", "the atlantic", "new yorker", "the new yorker", "vox", "vice news", "buzzfeed news", "huffpost",
    "huffington post", "business insider", "forbes", "fortune", "cnbc", "marketwatch", "barron's", "seeking alpha",
    "the information", "semafor", "propublica", "the intercept", "newsweek", "time magazine", "slate", "mother jones",
    "espn", "the athletic", "bleacher report", "yahoo sports", "the ringer", "sb nation", "fox sports", "nbc sports",
    "cbs sports", "sky sports", "talksport", "the verge", "techcrunch", "wired", "engadget", "ars technica",
    "gizmodo", "cnet", "zdnet", "mashable", "9to5mac", "9to5google", "macrumors", "kotaku", "ign", "gamespot",
    "eurogamer", "pc gamer", "polygon", "variety", "hollywood reporter", "billboard", "rolling stone", "pitchfork",
    "tmz", "page six", "nikkei", "south china morning post", "scmp", "times of india", "hindustan times", "haaretz",
    "jerusalem post", "times of israel", "kyiv independent", "kyiv post", "le monde", "der spiegel", "spiegel",
    "el pais", "el país", "deutsche welle", "the ap", "ap", "france 24", "euronews", "xinhua", "nhk",
    "the conversation",
)
_WELL_KNOWN = "|".join(re.escape(name) for name in sorted(WELL_KNOWN, key=len, reverse=True))
_REPORTS = (r"(?:report(?:s|ed|ing)?|say|says|said|saying|wr[io]te|writes|written|writing|cover(?:s|ed)?|coverage|"
            r"guides?|explainers?|op-eds?|"  # not "editorial", "interview": "who shot X's m le monde editorial?"
            r"stor(?:y|ies)|articles?|pieces?|take|scoop|analysis|reviews?|reviewed|published|claims?|claimed|headlines?)")
WELL_KNOWN_FRAME = re.compile(  # "according to bloomberg", "stories from the associated press"
    rf"\b(?:according to|per|reported by|published (?:by|in)|(?:stor(?:y|ies)|articles?|reports?|pieces?|news|"
    rf"coverage|headlines?|anything|something) (?:from|in|by|on)|(?:saw|read|heard|seen)(?: it| this| that)? (?:on|in))"
    rf"\s+(?:the\s+)?(?P<a>{_WELL_KNOWN})(?![\w'’])(?!\s+(?-i:[A-Z0-9]))"  # not "BBC Radio 1": another brand
    # "axios reported", "espn's story on", "the wall street journal's take on", "what has cnn been saying"
    rf"|\b(?P<b>{_WELL_KNOWN})(?:['’]s)?\s+(?:(?:is|are|has|have|had)\s+(?:been\s+)?)?{_REPORTS}\b"
    # "reuters on the uaw strike", "in the washington post, what did they say …"
    rf"|^\s*(?:(?:in|from|on)\s+)?(?:the\s+)?(?P<c>{_WELL_KNOWN})(?:\s+on\b|\s*,)",
    re.IGNORECASE)


def unmatched_outlets(outlets: list[str], passages) -> str:
    """Why no answer may come from the outlets a question names ("what did the FT write about OpenAI?"): retrieval
    found none of their passages, so another outlet's story would be quoted as theirs. "" where it found some."""
    if not outlets or not passages or any(p.source in outlets for p in passages):
        return ""
    names = list(dict.fromkeys(outlet_head(o) for o in outlets))
    return f"none of the indexed articles from {' or '.join(names)} matches the question"
