"""Periods a question names beyond retrieval's dates (assistant.periods), and whether the index's articles can
tell of them (assistant.coverage.outside_coverage): pure functions on fixture passages, spaCy for real."""
from datetime import datetime, timezone

import pytest

from assistant.coverage import outside_coverage
from assistant.passage import Passage
from assistant.periods import named_periods
from assistant.query import QueryAnalyzer

AS_OF = datetime(2023, 12, 26, tzinfo=timezone.utc)
FIRST, LAST = "2023-09-26T05:26:05+00:00", "2023-12-25T23:36:00+00:00"


def spans(question):
    return [(p.start.date().isoformat(), p.end.date().isoformat(), p.at) for p in named_periods(question, AS_OF)]


@pytest.mark.parametrize("question, expected", [
    ("who won the super bowl in 2024?", [("2024-01-01", "2025-01-01", True)]),
    ("what happened at ces 2024?", [("2024-01-01", "2025-01-01", True)]),
    ("any stories from 2019 about brexit?", [("2019-01-01", "2020-01-01", False)]),
    ("what did apple announce in spring 2023?", [("2023-03-01", "2023-06-01", True)]),
    ("what did tesla deliver in q2 2023?", [("2023-04-01", "2023-07-01", False)]),
    ("what were the headlines on christmas 2022?", [("2022-12-25", "2022-12-26", True)]),
    ("news from 10/5/2022 about twitter", [("2022-05-10", "2022-10-06", False)]),
    ("what did the verge review in the first week of september 2023?", [("2023-09-01", "2023-09-08", True)]),
    ("news about openai from before september 2023", [("1900-01-01", "2023-09-01", False)]),
    ("what did thanksgiving 2022 look like?", [("2022-11-24", "2022-11-25", False)]),
])
def test_a_period_is_read_with_its_bounds(question, expected):
    assert spans(question) == expected


@pytest.mark.parametrize("question", ["who won the 2024 australian open?", "who leads the 2024 election polls?",
                                      "what did the fed decide in march 2022?", "how did the 2022-23 season end?"])
def test_a_year_that_describes_or_a_month_retrieval_reads_is_no_period_here(question):
    assert spans(question) == []


def story(text, published="2023-11-20T10:00:00+00:00"):
    return Passage(text, published, "A story", "Wire", f"https://x.example/{abs(hash(text))}", published, "",
                   f"{abs(hash(text))}-0", 0, 0, len(text))


def untold(question, *texts):
    analysis = QueryAnalyzer(["Wire"]).run(question, AS_OF)
    return outside_coverage(analysis, [story(t) for t in texts], FIRST, LAST, AS_OF)


def test_what_happened_in_a_period_after_every_story_is_told_by_none():
    ahead = "Super Bowl LVIII will be played in Las Vegas in February 2024, and the 2024 title is open."
    assert "2023-09-26 to 2023-12-25" in untold("who won the super bowl in 2024?", ahead)
    assert "2023-09-26" in untold("what happened at ces 2024?", "CES 2024 opens in January 2024.")
    assert untold("what will happen at the super bowl in 2024?", ahead) == ""  # what is expected: told ahead
    # the time is said of what would happen, not of the announcement asked about
    assert untold("when did they announce the game would launch in 2024?", "The game launches in 2024.") == ""


def test_a_period_before_the_stories_is_told_where_a_story_names_it():
    assert untold("how much revenue did it make in 2022?", "It made $5 million in revenue in 2022.") == ""
    assert "2023-09-26" in untold("how much revenue did it make in 2022?", "It made $5 million this year.")
    assert untold("what did apple announce in spring 2023?", "In the spring of 2023 Apple showed a headset.") == ""
    assert "2023-09-26" in untold("what did tesla deliver in q2 2023?", "Tesla delivered 435,000 cars in Q3.")
    assert untold("what did tesla deliver in q2 2023?", "In Q2 2023 Tesla delivered 466,000 cars.") == ""


def test_a_question_dating_the_story_itself_is_told_by_no_later_story():
    assert "2023-09-26" in untold("any stories from 2019 about brexit?", "In 2019 Britain's parliament voted.")
    assert "2023-09-26" in untold("what did the article from march 2021 say about the ipo?", "In March 2021 it listed.")
    assert "2023-09-26" in untold("news about openai from before september 2023", "OpenAI launched ChatGPT in 2022.")


def test_a_finer_period_stands_for_its_month_and_one_inside_the_coverage_is_no_gap():
    assert "2023-09-26" in untold("what did the verge review in the first week of september 2023?", "A review.")
    assert untold("what did the verge review in the last week of september 2023?", "A review.") == ""
    assert untold("who won the super bowl in 2023?", "The Chiefs won it in February.") == ""


def test_a_story_word_elsewhere_in_the_question_does_not_date_the_story():
    assert untold("The Age ran a piece on Trump getting richer — what did Trump value Mar-a-Lago at in 2021?",
                  "Mar-a-Lago Trump's valuation (2021): $US612.1 million") == ""
    assert "2023-09-26" in untold("what did techcrunch report about openai's board in february 2024?", "A board story.")


def test_a_year_in_the_background_of_what_is_asked_is_not_the_time_asked_about():
    assert untold("what happened to twitter after musk bought it in 2022?", "X lost advertisers this fall.") == ""
    assert "2023-09-26" in untold("what happened to twitter in 2022?", "X lost advertisers this fall.")


def test_a_part_of_a_year_is_its_months_and_a_story_naming_the_year_may_tell_of_it():
    assert spans("what were tech layoffs like in early 2023?") == [("2023-01-01", "2023-05-01", True)]
    assert spans("what did musk do in the first half of 2023?") == [("2023-01-01", "2023-07-01", True)]
    assert "2023-09-26" in untold("what were tech layoffs like in early 2023?", "Layoffs went on this fall.")
    assert untold("what were tech layoffs like in early 2023?", "In January 2023, Google cut 12,000 jobs.") == ""
    assert untold("what lab was founded in late 2015?", "OpenAI was founded in 2015.") == ""


def test_years_back_from_the_day_asked():
    assert spans("what happened two years ago at wimbledon?") == [("2021-01-01", "2022-01-01", True)]
    assert spans("what did apple launch last year?") == [("2022-01-01", "2023-01-01", True)]
    assert spans("how much has it grown in the last year?") == []  # the past twelve months: retrieval's date
    assert spans("what was big in the 1990s?") == [("1990-01-01", "2000-01-01", True)]
    assert spans("who was best in their 20s?") == []  # an age
    assert "2023-09-26" in untold("what did techcrunch report last year about ftx?", "FTX collapsed last year.")
    assert untold("how much did it earn last year?", "It earned $4 million last year.") == ""


def test_a_year_leading_the_question_is_its_time():
    assert spans("mid-2022 who was twitters ceo") == [("2022-05-01", "2022-09-01", True)]
    assert spans("2019, who won the world cup?") == [("2019-01-01", "2020-01-01", True)]
    assert spans("2024 olympics: where are they?") == []


def test_a_period_among_the_facts_a_long_which_question_describes_its_answer_by_is_no_time_asked():
    asked = ("Which organization, known as the generative AI poster child for creating ChatGPT and mentioned in both "
             "TechCrunch articles, was founded in late 2015 and is set to release GPT-4 with vision?")
    assert untold(asked, "OpenAI will release GPT-4 with vision alongside GPT-4 Turbo.") == ""
    assert "2023-09-26" in untold("which organization was founded in late 2015?", "OpenAI will release GPT-4.")
