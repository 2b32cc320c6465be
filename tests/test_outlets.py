"""Outlets a question names by their short forms, and well-known outlets the index lacks (assistant.outlets)."""
import re
from datetime import datetime, timezone

import pytest

from assistant.outlets import outlet_aliases
from assistant.query import QueryAnalyzer

SOURCES = ["BBC News - Technology", "BBC News - Entertainment & Arts", "The New York Times", "Financial Times",
           "The Sydney Morning Herald", "Globes English | Israel Business Arena", "Sporting News", "TechCrunch",
           "Yahoo News", "Hacker News"]
AS_OF = datetime(2023, 12, 1, 15, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def analyzer():
    return QueryAnalyzer(SOURCES)


def test_a_broadcaster_is_asked_for_by_its_letters_and_a_paper_by_its_initials():
    assert {"BBC", "BBC News"} <= outlet_aliases("BBC News - Technology")
    assert "NYT" in outlet_aliases("The New York Times")
    assert "SMH" in outlet_aliases("The Sydney Morning Herald")
    assert "FT" in outlet_aliases("Financial Times")  # two letters: a paper's masthead word is its last
    assert not {"GE", "SN", "Yahoo", "Hacker"} & (outlet_aliases("Globes English | Israel Business Arena")
                                                  | outlet_aliases("Sporting News") | outlet_aliases("Yahoo News")
                                                  | outlet_aliases("Hacker News"))


@pytest.mark.parametrize("question, outlets", [
    ("what is the bbc saying about the israel-hamas war?",
     ["BBC News - Entertainment & Arts", "BBC News - Technology"]),
    ("any nyt articles about taylor swift?", ["The New York Times"]),
    ("what did the ft write about openai?", ["Financial Times"]),
    ("what did the FT say about rates?", ["Financial Times"]),
])
def test_a_short_form_in_a_reporting_frame_is_the_indexed_outlet(analyzer, question, outlets):
    analysis = analyzer.run(question, AS_OF)
    assert sorted(analysis.outlets) == outlets and analysis.unknown_outlets == []


@pytest.mark.parametrize("question", ["how many ft is the sea wall?", "what did GE report for the quarter?",
                                      "what did the hacker say he stole?", "who founded yahoo?"])
def test_a_short_form_outside_a_reporting_frame_is_an_ordinary_word(analyzer, question):
    analysis = analyzer.run(question, AS_OF)
    assert analysis.outlets == [] and analysis.unknown_outlets == []


@pytest.mark.parametrize("question, missing", [
    ("reuters on the uaw strike", "reuters"),
    ("the wall street journal's take on sam bankman-fried's trial", "wall street journal"),
    ("axios reported what about the uaw deal?", "axios"),
    ("the economist on china's economy", "economist"),
    ("espn's story on michigan's sign stealing", "espn"),
    ("what did the athletic say about the chiefs?", "athletic"),
    ("What does Politico say about Jim Jordan?", "politico"),
    ("any stories from the associated press about the fires?", "associated press"),
])
def test_a_well_known_outlet_the_index_lacks_is_missing_where_the_question_asks_what_it_reported(
        analyzer, question, missing):
    assert [name.lower() for name in analyzer.run(question, AS_OF).unknown_outlets] == [missing]


@pytest.mark.parametrize("question", [
    "how much did disney pay for espn?", "who invested in axios?", "what did Ford say about the strike?",
    "did reuters journalists die in gaza?", "what did biden say about the economy?",
    "what did techcrunch report about the economist's index?",
])
def test_an_outlet_the_question_is_about_is_not_missing(analyzer, question):
    assert analyzer.run(question, AS_OF).unknown_outlets == []


def test_no_answer_comes_from_another_outlet_than_the_one_named():
    from assistant.outlets import unmatched_outlets
    from test_question import passage

    techcrunch = passage("OpenAI's board fired Sam Altman on Friday.", source="TechCrunch")
    ft = passage("Kishida says Japan must reassess its economy.", source="Financial Times")
    assert unmatched_outlets(["Financial Times"], [techcrunch]) == \
        "none of the indexed articles from Financial Times matches the question"
    assert unmatched_outlets(["BBC News - Technology", "BBC News - Entertainment & Arts"], [techcrunch]) == \
        "none of the indexed articles from BBC News matches the question"
    assert unmatched_outlets(["Financial Times"], [techcrunch, ft]) == ""
    assert unmatched_outlets([], [techcrunch]) == ""


def test_an_abstention_s_reason_keeps_the_names_as_written():
    from assistant.generation import sentence_case

    assert sentence_case("none of the indexed articles from Financial Times matches the question") == \
        "None of the indexed articles from Financial Times matches the question"
    assert sentence_case("the index has no articles from Washington Post") == \
        "The index has no articles from Washington Post"


@pytest.mark.parametrize("question, outlets", [
    ("smh on the openai board drama", ["The Sydney Morning Herald"]),
    ("yahoo news on the mystery dog respiratory illness", ["Yahoo News"]),
    ("bbc explainer on the microsoft activision deal", ["BBC News - Entertainment & Arts", "BBC News - Technology"]),
    ("saw on techcrunch that cruise paused its robotaxis?", ["TechCrunch"]),
])
def test_a_question_that_starts_with_an_indexed_outlet_or_says_where_it_was_read_names_it(analyzer, question, outlets):
    analysis = analyzer.run(question, AS_OF)
    assert sorted(analysis.outlets) == outlets and analysis.unknown_outlets == []


def test_a_one_word_name_after_the_is_the_outlet_only_where_it_reports():
    analyzer = QueryAnalyzer(["The Guardian", "The Age"])
    assert analyzer.run("guardian piece on taylor swift and travis kelce", AS_OF).outlets == ["The Guardian"]
    assert analyzer.run("what did the age say about the voice?", AS_OF).outlets == ["The Age"]
    assert analyzer.run("what age is the guardian of the child?", AS_OF).outlets == []


@pytest.mark.parametrize("question, missing", [
    ("saw on cnn that ozempic can cause stomach paralysis, is that true?", "cnn"),
    ("per ap, what should ppl know about the dog respiratory illness", "ap"),
    ("kotaku's guide on which class to pick in baldurs gate 3", "kotaku"),
])
def test_more_ways_to_ask_what_a_well_known_outlet_reported(analyzer, question, missing):
    assert [name.lower() for name in analyzer.run(question, AS_OF).unknown_outlets] == [missing]


def test_an_outlet_asked_what_it_said_is_no_speaker_an_article_must_name(analyzer):
    from assistant import question as questions

    for asked in ("what did the nyt say about michigan's sign stealing", "what did techcrunch's story on cruise say?"):
        analysis = analyzer.run(asked, AS_OF)
        terms = questions.read(asked, analysis.outlets, analysis.topic).key_terms
        assert not [t for t in terms if re.search(r"nyt|techcrunch", t, re.IGNORECASE)], (asked, terms)


def test_an_outlet_s_editorial_or_interview_asked_about_is_no_report_asked_for(analyzer):
    assert analyzer.run("who shot emily ratajkowski's m le monde editorial that people called fatphobic", AS_OF
                        ).unknown_outlets == []


def test_another_brand_that_goes_by_the_same_letters_is_another_outlet(analyzer):
    for asked in ("Considering a BBC Sport article on Kate Cross, which club does she play for?",
                  "what did BBC Radio 1 say about the chart?", "two separate articles on BBC Radio 1, which artist"):
        assert analyzer.run(asked, AS_OF).outlets == [], asked
    assert analyzer.run("what did the BBC report about the deal?", AS_OF).outlets != []
