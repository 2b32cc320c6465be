"""A publication the question asks about, which the index holds no outlet of, must be named by the articles
word for word, or the answer abstains naming it. Hand-made passages, real spaCy, a BM25 index built from them."""
from assistant import question
from assistant.evidence import CoverageScorer
from assistant.extractive import ExtractiveGenerator
from assistant.mentions import key_term_gaps
from assistant.passage import Passage
from assistant.query import QueryAnalysis
from assistant.sources import named_source
from index.lexical import LexicalIndex

TEXTS = {
    "a1": "Negotiators agreed a hostage deal in real time. With worldwide cooperation, Israel's envoys signed it.",
    "b1": "The Times of Israel reported that the hostage deal was signed after talks in Doha.",
}


def passages(*chunks: str) -> list[Passage]:
    return [Passage(TEXTS[c], c, f"Story {c}", "Wire", f"https://x.example/{c}", "2023-11-02", "", c, 0, 0,
                    len(TEXTS[c])) for c in chunks]


def test_the_source_a_question_asks_about_is_read_as_a_name():
    assert named_source("what has the times of israel reported about the hostage deal?") == "Times of Israel"
    assert named_source("any kyiv independent stories on ukraine's counteroffensive?") == "Kyiv Independent"
    assert named_source("any folha reports about lula?") == "Folha"
    # words describing stories are no source, nor is an outlet the index holds
    assert named_source("any new stories on the cybertruck?") == ""
    assert named_source("any more recent articles about taylor swift") == ""
    assert named_source("what has techcrunch reported about openai?", ["TechCrunch"]) == ""


def test_a_source_is_mentioned_only_where_an_article_names_it_word_for_word():
    intent = question.read("what has the times of israel reported about the hostage deal?")
    scorer = CoverageScorer(LexicalIndex.build([(c, f"Story {c}", t) for c, t in TEXTS.items()], generation=1))
    assert key_term_gaps(intent, "hostage deal", passages("a1"), scorer) == ["Times of Israel"]
    assert key_term_gaps(intent, "hostage deal", passages("a1", "b1"), scorer) == []


def test_the_answer_abstains_naming_the_source_no_article_names():
    rows = [(c, f"Story {c}", t) for c, t in TEXTS.items()]
    asks = "what has the times of israel reported about the hostage deal?"
    draft = ExtractiveGenerator(CoverageScorer(LexicalIndex.build(rows, generation=1))).run(
        QueryAnalysis(asks, topic=asks), passages("a1"))
    assert not draft.sentences and draft.abstain_reason == "the indexed articles don't mention Times of Israel"
