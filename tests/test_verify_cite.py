"""Verification of generated sentences and the composition of cited answers, on hand-made passages and a
BM25 index built from them (no embedding model, no LLM)."""
from assistant.citations import compose
from assistant.evidence import CoverageScorer, passage_sentences
from assistant.passage import Passage
from assistant.short_answer import ShortAnswer
from assistant.verify import Verifier, split_answer
from index.lexical import LexicalIndex

TEXTS = {
    "a1": "The New START treaty expires on Feb. 5, 2026. Putin said Russia is open to dialogue.",
    "a2": "The council froze the bridge toll at 4 dollars until 2026. Mayor Lena Brandt agreed.",
}


def passages():
    return [Passage(text, article, f"Story {article}", "Wire", f"https://x.example/{article}", "2025-01-20", "",
                    f"{article}-0", 0, 0, len(text)) for article, text in TEXTS.items()]


def scorer():
    rows = [(f"{a}-0", f"Story {a} {t}", t) for a, t in TEXTS.items()]
    return CoverageScorer(LexicalIndex.build(rows, generation=1))


def test_markers_attach_to_their_sentence_and_a_lone_marker_to_the_one_before():
    pieces = split_answer("The treaty expires in 2026 [1]. The toll is frozen. [2]")
    assert [(p.text, p.cited) for p in pieces] == [("The treaty expires in 2026.", [1]), ("The toll is frozen.", [2])]


def test_supported_sentences_are_kept_and_each_problem_is_named():
    checked = Verifier(scorer()).run(
        "The New START treaty expires on Feb. 5, 2026 [1]. "
        "The treaty expires on Feb. 5, 2031 [1]. "
        "Mayor Tom Okafor agreed to the toll [2]. "
        "The toll is frozen [3]. "
        "The bridge toll was frozen.", passages())
    assert [k.text for k in checked.kept] == ["The New START treaty expires on Feb. 5, 2026."]
    reasons = [u.reason for u in checked.unsupported]
    assert reasons == ["the number 2031 appears in none of the cited passages",
                       "the name Tom appears in none of the cited passages",
                       "citation [3] points at no passage",
                       "cites no passage"]


def test_compose_numbers_passages_in_order_of_first_use_and_leads_with_the_short_answer():
    found = passage_sentences(passages())
    treaty, toll = found[0], found[2]
    answer = compose([toll, treaty], ShortAnswer("4 dollars", toll))
    assert answer.text.startswith("4 dollars [1]. The council froze the bridge toll at 4 dollars until 2026. [1] "
                                  "The New START treaty expires on Feb. 5, 2026. [2]")
    assert [c.n for c in answer.citations] == [1, 2] and answer.short_answer == "4 dollars"
    first = answer.citations[0]
    start, end = first.spans[0]
    assert first.text[start:end] == first.quote == toll.text  # the quote is verbatim, at its place
