"""A date a question names outside the index's coverage still answers where a retrieved story names it: with its
year, or as a bare month the story's own date places ("in April", in a December story) — unless the question dates
the story itself ("the Verge's article from June 2023"). Pure functions, no index."""
from datetime import datetime, timedelta, timezone

from assistant.coverage import STORY_DATED, mentions_month
from assistant.query import DateRange


def month(year: int, number: int) -> DateRange:
    start = datetime(year, number, 1, tzinfo=timezone.utc)
    return DateRange(start, (start + timedelta(days=32)).replace(day=1), "")


def day(year: int, number: int, date: int) -> DateRange:
    start = datetime(year, number, date, tzinfo=timezone.utc)
    return DateRange(start, start + timedelta(days=1), "")


def test_a_bare_month_is_the_latest_such_month_up_to_the_story_s_date():
    text = "She had 300 subscribers in April; now she has 2 million."
    assert mentions_month(text, month(2023, 4), "2023-12-21T10:00:00+00:00")
    assert not mentions_month(text, month(2024, 4), "2023-12-21T10:00:00+00:00")  # next April: not yet told of
    assert not mentions_month(text, month(2023, 4))  # no story date: the year must be written
    assert mentions_month("In February the rule changed.", month(2023, 2), "2023-10-02")
    assert not mentions_month("In February the rule changes.", month(2024, 2), "2023-10-02")
    assert mentions_month("The deal closed in April 2021.", month(2021, 4))  # a year written stands


def test_a_day_asked_must_be_the_day_named():
    assert not mentions_month("Markets fell in July.", day(2023, 7, 3), "2023-10-02")
    assert mentions_month("On July 3, the ASX 200 fell 1%.", day(2023, 7, 3), "2023-10-02")
    assert mentions_month("On 3 July the ASX 200 fell 1%.", day(2023, 7, 3), "2023-10-02")
    assert mentions_month("On July 3rd, 2023, the ASX 200 fell.", day(2023, 7, 3))
    assert mentions_month("On the 3rd of July the ASX 200 fell.", day(2023, 7, 3), "2023-10-02")


def test_a_name_is_no_month_and_an_odd_story_date_places_none():
    assert not mentions_month("Theresa May spoke at Mar-a-Lago.", month(2023, 5), "2023-10-02")
    assert not mentions_month("He stayed at Mar-a-Lago.", month(2023, 3), "2023-10-02")
    assert mentions_month("Sales fell in May, the company said.", month(2023, 5), "2023-10-02")
    assert not mentions_month("Sales fell in April.", month(2023, 4), "Thu, 21 Dec 2023")  # no crash


def test_a_question_dating_the_story_itself_needs_the_year_written():
    assert STORY_DATED.search("According to The Verge's article from June 2023, what did Apple announce?")
    assert STORY_DATED.search("what did techcrunch report on march 3 2023 about meta")
    assert not STORY_DATED.search("how many subscribers did she have back in april")
    assert not STORY_DATED.search("what did she say back in april?")  # a statement then, not a story of then


def test_what_happened_on_a_day_is_not_told_by_stories_from_before_it():
    from assistant.coverage import reported_too_early
    from assistant.passage import Passage
    from assistant.query import QueryAnalysis

    def story(text, published):
        return Passage(text, published, "CPPA draft rules", "Wire", f"https://x.example/{published}", published, "",
                       f"{published}-0", 0, 0, len(text))

    december_8 = DateRange(datetime(2023, 12, 8, tzinfo=timezone.utc), datetime(2023, 12, 9, tzinfo=timezone.utc),
                           "december 8")
    asked = QueryAnalysis("what did its board decide at the december 8 meeting", dates=[december_8])
    before = story("The board will give feedback at the December 8 meeting.", "2023-11-27T10:00:00+00:00")
    assert "published before" in reported_too_early(asked, [before])
    after = story("At its December 8 meeting the board voted to begin rulemaking.", "2023-12-09T10:00:00+00:00")
    assert reported_too_early(asked, [before, after]) == ""
    # a meeting still to come is what the stories before it tell of
    for told_before in ("when is the december 8 board meeting", "what did analysts expect from the december 8 meeting",
                        "what was on the agenda for the december 8 meeting",
                        "when is the meeting that was scheduled for december 8",
                        "what did techcrunch report on december 8"):  # that day's stories seldom write the date
        assert reported_too_early(QueryAnalysis(told_before, dates=[december_8]), [before]) == "", told_before
    assert "published before" in reported_too_early(asked, [story("Feedback comes on December 8.", "2023-11-27")])
    assert reported_too_early(asked, [story("Feedback came on December 8.", "2022-12-20")]) == ""  # a year before
