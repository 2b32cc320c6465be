"""Outlet and date recognition in questions."""
from datetime import datetime, timezone

import pytest

from assistant.outlets import outlet_aliases, without_outlets
from assistant.query import QueryAnalyzer, content_terms

SOURCES = ["TechCrunch", "The Verge", "Fortune", "The Age", "The Independent - Life and Style",
           "The Independent - Sports", "Cnbc | World Business News Leader", "BBC News - Technology",
           "Business Today | Latest Stock Market And Economy News India"]
AS_OF = datetime(2023, 12, 1, 15, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def analyzer():
    return QueryAnalyzer(SOURCES)


def days(analysis):
    return [(d.start.date().isoformat(), d.end.date().isoformat()) for d in analysis.dates]


class TestOutlets:
    def test_two_named_outlets(self, analyzer):
        a = analyzer.run("Who, as reported by both The Verge and TechCrunch, faces trial?", AS_OF)
        assert a.outlets == ["The Verge", "TechCrunch"]
        assert "Verge" not in a.topic and "TechCrunch" not in a.topic

    def test_the_attribution_leaves_the_topic_with_the_outlet(self, analyzer):
        # "did United take per" reads to spaCy as a name, "United take per", that no article mentions
        assert analyzer.run("how many shots did United take per the Verge?", AS_OF).topic.rstrip(" ?") == \
            "how many shots did United take"
        assert analyzer.run("what did Altman say, according to TechCrunch", AS_OF).topic == "what did Altman say,"

    def test_a_part_of_a_question_without_its_outlets(self):
        part = "how many shots did United take per the Guardian"
        assert without_outlets(part, ["The Guardian"]) == "how many shots did United take"
        assert without_outlets("what did Fortune report", ["Fortune"]) == "what did report"
        assert without_outlets("is the fortune teller right", ["TechCrunch"]) == "is the fortune teller right"

    def test_a_newspaper_typed_in_lower_case_is_an_outlet_the_index_lacks(self, analyzer):
        assert analyzer.run("what has the jerusalem post said about office rents", AS_OF).unknown_outlets == [
            "jerusalem post"]
        assert analyzer.run("according to the times of india, who won", AS_OF).unknown_outlets == ["times of india"]
        assert analyzer.run("what has the times of israel reported about the hostage deal?", AS_OF).unknown_outlets \
            == ["times of israel"]
        assert analyzer.run("any washington post stories on the strike?", AS_OF).unknown_outlets == [
            "washington post"]
        for ordinary in ("any local news stories on the strike?", "any more news stories on the strike?",
                         "any credible independent reports on the shelling?", "when was the news of layoffs reported?",
                         "according to the two independent monitors, who fired first?"):
            assert analyzer.run(ordinary, AS_OF).unknown_outlets == [], ordinary
        assert analyzer.run("who scored first, the local news said", AS_OF).unknown_outlets == []  # no masthead
        assert analyzer.run("what is the latest news about the war", AS_OF).unknown_outlets == []
        assert analyzer.run("what did the verge say about the phone", AS_OF).unknown_outlets == []  # indexed

    def test_short_forms_and_case(self, analyzer):
        assert analyzer.run("What did CNBC say?", AS_OF).outlets == ["Cnbc | World Business News Leader"]
        assert analyzer.run("according to BBC News", AS_OF).outlets == ["BBC News - Technology"]
        assert sorted(analyzer.run("per The Independent", AS_OF).outlets) == [
            "The Independent - Life and Style", "The Independent - Sports"]
        assert analyzer.run("per The Independent - Sports", AS_OF).outlets == ["The Independent - Sports"]

    def test_ordinary_words_are_not_outlets(self, analyzer):
        assert analyzer.run("He made a fortune in the age of AI", AS_OF).outlets == []
        assert analyzer.run("Fortune reported it", AS_OF).outlets == ["Fortune"]

    def test_unknown_outlet_is_flagged(self, analyzer):
        a = analyzer.run("What was reported by the Washington Post about tariffs?", AS_OF)
        assert a.outlets == [] and a.unknown_outlets == ["Washington Post"]

    def test_aliases(self):
        assert outlet_aliases("CBSSports.com") == {"CBSSports.com", "CBSSports"}
        assert "FOX News" in outlet_aliases("FOX News - Health")


class TestDates:
    @pytest.mark.parametrize("text,expected", [
        ("the article published on October 31, 2023", [("2023-10-31", "2023-11-01")]),
        ("on 7 December 2023", [("2023-12-07", "2023-12-08")]),
        ("dated 2023-10-05", [("2023-10-05", "2023-10-06")]),
        ("what happened in October", [("2023-10-01", "2023-11-01")]),
        ("in December", [("2023-12-01", "2024-01-01")]),
        ("in November 2022", [("2022-11-01", "2022-12-01")]),
        ("on March 3rd", [("2023-03-03", "2023-03-04")]),
        ("last week", [("2023-11-24", "2023-12-02")]),
        ("yesterday", [("2023-11-30", "2023-12-01")]),
        ("3 days ago", [("2023-11-28", "2023-11-29")]),
        ("this month", [("2023-12-01", "2023-12-02")]),
        ("Feb. 30, 2023", []),
    ])
    def test_ranges_against_as_of(self, analyzer, text, expected):
        assert days(analyzer.run(text, AS_OF)) == expected

    def test_two_dates_in_order_and_removed_from_topic(self, analyzer):
        a = analyzer.run("Between the report on Nov. 21, 2023 and the one on December 7, 2023, did it change?", AS_OF)
        assert days(a) == [("2023-11-21", "2023-11-22"), ("2023-12-07", "2023-12-08")]
        assert "2023" not in a.topic


class TestClauses:
    def test_attribution_parts_lend_outlets_to_their_clause(self, analyzer):
        a = analyzer.run("Who is the person whose trial is approaching, as reported by TechCrunch, who struggled to "
                         "run FTX and Alameda as mentioned by The Verge, and who is accused of fraud?", AS_OF)
        assert [c.outlets for c in a.clauses] == [["TechCrunch"], ["The Verge"], []]

    def test_leading_attribution_and_dates(self, analyzer):
        a = analyzer.run("After the report by Business Today | Latest Stock Market And Economy News India on "
                         "October 7, 2023, regarding a surprise attack on Israel, and the report by Fortune on "
                         "October 13, 2023, about the blockade of Gaza, was it consistent?", AS_OF)
        first = a.clauses[0]
        assert first.outlets == ["Business Today | Latest Stock Market And Economy News India"]
        assert [d.start.day for d in first.dates] == [7] and "surprise attack" in first.text

    def test_one_part_question_has_no_clauses(self, analyzer):
        assert analyzer.run("When does the New START treaty expire?", AS_OF).clauses == []

    def test_framing_words_removed(self):
        assert content_terms("Does the article report that the portrayal of Google changed?") == \
            "the that the of Google changed?"
        # asking for more is no topic: "else" would weigh like a rare word in every sentence that has it
        assert content_terms("what else did he say about Flexport?") == "what he about Flexport?"


def test_an_outlet_named_without_its_leading_the_is_the_known_outlet():
    from assistant.query import QueryAnalyzer

    analyzer = QueryAnalyzer(["The Sydney Morning Herald", "The Age", "TechCrunch"])
    for question in ("in a Sydney Morning Herald story, why did Qantas cut flights?",
                     "according to the sydney morning herald, why did qantas cut flights?"):
        analysis = analyzer.run(question)
        assert analysis.outlets == ["The Sydney Morning Herald"] and analysis.unknown_outlets == []
    assert analyzer.run("what happened in the Ice Age?").outlets == []  # "Age" alone is a word, not The Age


def test_an_outlet_typed_as_one_word_is_the_outlet_whatever_its_case():
    from assistant.outlets import OutletMatcher

    matcher = OutletMatcher(["Business Line", "Fortune"])
    found = matcher.find("how much has ntpc gained since businessline's august call?")
    assert found == [("businessline", ["Business Line"])]
    assert matcher.find("a fortune was spent on the stadium") == []  # an ordinary word in lower case stays one


def test_an_outlet_typed_in_lower_case_before_its_story_is_the_outlet_and_whom_its_story_quotes_is_no_outlet():
    analyzer = QueryAnalyzer(SOURCES)
    a = analyzer.run("how many journalists had been killed in gaza according to the CPJ, per techcrunch's snap map "
                     "story", AS_OF)
    assert a.outlets == ["TechCrunch"] and a.unknown_outlets == []  # the CPJ is a source TechCrunch's story quotes
    assert analyzer.run("according to the Washington Post, how many journalists were killed?",
                        AS_OF).unknown_outlets == ["Washington Post"]  # no indexed outlet quotes it: it is missing
    assert analyzer.run("how long did fortune's lucky streak last?", AS_OF).outlets == []  # no story after it


def test_an_initialism_counts_where_the_name_is_written_out_with_small_words_inside():
    from assistant.text import initials_of

    assert "cpj" in initials_of("The Committee to Protect Journalists reports that at least 30 were killed.")
    assert "doj" in initials_of("the Department of Justice said")
