"""Page furniture: what a scraped page put into a story's lines that a reader never reads as the story.

Links to other stories ("MORE: …", "GO DEEPER …"), a video player's notice, a photo's credit after its caption
("… in early October. Photograph: Darren Staples/AFP/Getty Images", "… co-founder of Google. Credit: Bloomberg The
occasion was …") and lazy-loading placeholders ("… nine-point lead. Loading Richmond rebounded …"). Quoted as an
answer, it reads as a claim of the story; in the MultiHop-RAG corpus there are 105 "MORE:" lines, 183
"Photograph:" and 114 "Credit:" credits and 53 placeholders; four science stories end with the paper's reference.

Invariants: the index keeps furniture and only the answerer leaves it out (``story_span``, used by
``assistant.evidence.passage_sentences``): dropping it at index time moved chunk boundaries and cost retrieval
(all-evidence@10 0.500 → 0.489 on the MultiHop-RAG dev split), since a link to a related story carries the
story's own words; and this module is not index code, so changing it never makes a reindex read files again
(``index.unchanged.loader_key``). A span is a slice of the passage, so a quote stays an exact substring of it.
The name runs are possessive (``*+``): a failed match never tries every way to split a word of capitals.
"""
from __future__ import annotations

import re

# a whole sentence that is furniture
LINK_OR_WIDGET = re.compile(r"^\W*(?:more:|go deeper\b|watch:|like this:|loading\W*$)", re.IGNORECASE)
# a science story's reference to the paper it reports ("Reference: Motoko Iwashita, et al. …, BMC Biology (2023), DOI:
# 10.1186/…", "Citation: …, https://doi.org/10.1029/…") and its image's credit line ("Feature image credit: …"): a
# paper's year and journal, not the story's facts (m050 answered "how long on the diet?" with the paper's 2023)
REFERENCE = re.compile(r"^\W*(?:references?|citation|more information|journal information):\s|"
                       r"\bdoi(?::\s*|\.org/)10\.\d|"
                       r"^\W*(?:feature |header |top |lead |main )?(?:image|photo|picture) credits?:", re.IGNORECASE)
# an editor's note on the page itself ("Correction: This article was edited on November 2, 2023.", "Update, October 20,
# 2023, 11:20 AM ET: This story has been updated …", "This article was originally published on NBCNews"): the day it
# names is the page's, not the story's (ten in the MultiHop-RAG corpus)
EDITORS_NOTE = re.compile(r"^\W*(?:(?:correction|clarification|update[^\n]{0,40}?|editor['’]s note)\s*:\s*(?:this|the)|"
                          r"this|the(?= \w+ (?:has|had) been))"  # not "The story was published in 1851"
                          r" (?:article|story|post|piece) (?:has been|had been|was|is) (?:originally |first )?"
                          r"(?:edited|updated|corrected|amended|published)\b", re.IGNORECASE)
# a photo's credit standing alone ("Jane Rosenberg | Reuters", "(AFP via Getty Images)", "Charley Gallay via Getty
# Images"), and a photo agency's caption led by its dateline ("via Getty PARK CITY, UT – SEPTEMBER 25: Alpine skier …
# poses for a portrait …"): the photo's day and place, not the story's
AGENCY_NAME = r"[A-Z][\w.&’'-]*+(?:\s+[A-Z][\w.&’'-]*+){0,4}"
PHOTO_CREDIT = re.compile(rf"^\(?(?:{AGENCY_NAME}\s*[|/]\s*)*"
                          rf"(?:{AGENCY_NAME}\s*\|\s*{AGENCY_NAME}|(?:{AGENCY_NAME}\s+)?via Getty"
                          r"(?: Images)?(?: file)?)\)?\.?$")
AGENCY_CAPTION = re.compile(r"^(?:via Getty(?: Images)?\s+)?[A-Z][A-Z .’'-]+, [A-Z][A-Za-z.]+ ?[–-] [A-Z]{3,} \d{1,2}:")
# a photo's credit glued to the next paragraph ("Credit: Bloomberg The occasion was …", "Credit: Getty Images The
# 34-year-old …"): capitalised names, then the story's next sentence (or nothing)
CREDIT = (r"(?:Mandatory )?Credit:\s*[A-Z][\w.&+’'-]*+(?:\s*(?:/|,|-|and|of|the)?\s*[A-Z][\w.&+’'-]*+){0,6}"
          r"(?:\s+|$)(?=$|[“\"‘]|(?:The|A|An|In|On|At|He|She|It|They|We|I|His|Her|Its|Their|But|And|For|As|When|"
          r"After|While|This|That|These|Those|There|Here|Some|One|Then|Now|So|Yet|Still|With|By|From|Since|If|"
          r"Although|Despite|During|Before|Not|Only)\b)")
FURNITURE_START = re.compile(r"^\s*(?:Please use Chrome browser for a more accessible video player\s+|"
                             r"Image source, [^,]{2,40}?(?:\s+Image caption,\s*|$)|"
                             r"Loading(?:\s*(?:\.\s*){3}|…)?\s+(?=[A-Z“\"‘'])|" + CREDIT + ")")
# a credit that runs to the end: "… Photograph: Darren Staples/AFP/Getty Images", "… for Manchester United Credit: AFP",
# "… foreign investment © AFP via Getty Images"
FURNITURE_END = re.compile(r"(?:^|\s+)(?:Photograph: [^!?]*|©\s*[A-Z][^.!?©]{0,60}|"
                           r"(?:Mandatory )?Credit:\s*(?:[A-Z][\w.&+’'/-]*+\s*){1,4})$")


def story_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of the sentence ``text[start:end]`` that is the story's, without page furniture at its start or
    end; an empty span (start == end) when the whole sentence is furniture."""
    sentence = text[start:end]
    if (LINK_OR_WIDGET.match(sentence) or PHOTO_CREDIT.match(sentence) or AGENCY_CAPTION.match(sentence)
            or REFERENCE.search(sentence) or EDITORS_NOTE.match(sentence)):
        return start, start
    lead = FURNITURE_START.match(sentence)
    tail = FURNITURE_END.search(sentence)
    return start + (lead.end() if lead else 0), (start + tail.start()) if tail else end
