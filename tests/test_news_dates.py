"""Relative dates read against the story's publication date (no model, no index)."""
from datetime import date

import pytest

from assistant.news_dates import resolve_relative, spelled

TUESDAY = "2023-11-07T14:00:00+00:00"  # a story published on Tuesday, November 7, 2023


@pytest.mark.parametrize("expression, sentence, day", [
    ("Monday", "On Monday, Epic's attorney admitted Google was too clever.", date(2023, 11, 6)),
    ("Tuesday", "The company said on Tuesday it would cut 200 jobs.", date(2023, 11, 7)),  # the story's own day
    ("Wednesday", "The sale ended on Wednesday.", date(2023, 11, 1)),  # the last one before, not tomorrow
    ("last Tuesday", "The board met last Tuesday.", date(2023, 10, 31)),
    ("Friday", "The jury will hear closing arguments on Friday.", date(2023, 11, 10)),  # told of as to come
    ("Tuesday", "The vote is scheduled for Tuesday.", date(2023, 11, 14)),
    ("next Monday", "Results come out next Monday.", date(2023, 11, 13)),
    ("late Sunday", "The deal was agreed late Sunday.", date(2023, 11, 5)),
    ("yesterday", "The CEO resigned yesterday.", date(2023, 11, 6)),
    ("tomorrow", "Voting opens tomorrow.", date(2023, 11, 8)),
    ("Tonight", "Tonight the band plays Wembley.", date(2023, 11, 7)),
])
def test_a_relative_day_is_the_day_it_names_from_the_story_s_date(expression, sentence, day):
    assert resolve_relative(expression, sentence, TUESDAY) == day


@pytest.mark.parametrize("expression, published", [
    ("this week", TUESDAY),  # names no single day
    ("last month", TUESDAY),
    ("November 6", TUESDAY),  # already a date
    ("Monday", ""),  # no publication date: no resolution
    ("Monday", "not a date"),
])
def test_only_a_single_relative_day_with_a_story_date_resolves(expression, published):
    assert resolve_relative(expression, "It happened then.", published) is None


def test_the_day_is_spelled_as_news_writes_it():
    assert spelled(date(2023, 11, 6)) == "November 6, 2023"
