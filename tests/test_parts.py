"""Before/after questions decided by the two articles' publication dates, on hand-made passages."""
import pytest

from assistant.evidence import passage_sentences
from assistant.parts import decide_order, order_question
from assistant.passage import Passage
from assistant.query import QueryAnalysis


class WordScorer:
    """Plain word overlap: enough to tell the two parts apart (the real scorer needs a BM25 index)."""

    def weights(self, text):
        return {w: 1.0 for w in text.lower().replace("?", "").split() if len(w) > 3}

    def coverage(self, weights, text):
        words = set(text.lower().replace(".", "").split())
        return sum(v for w, v in weights.items() if w in words) / (sum(weights.values()) or 1)


def passage(text, article, source, day):
    return Passage(text, article, f"{source} story", source, f"https://x.example/{article}",
                   f"2023-{day}T10:00:00+00:00", "", f"{article}-0", 0, 0, len(text))


@pytest.mark.parametrize("question, word", [
    ("Did the Sporting News report on Cincinnati's title come before The Roar's report on Villa's win?", "before"),
    ("Was the Ledger article about the bridge toll published after the Times report on port spending?", "after"),
])
def test_order_questions_are_split_at_the_order_word(question, word):
    parsed = order_question(question)
    assert parsed is not None and parsed.word == word
    assert parsed.first and parsed.second


@pytest.mark.parametrize("question", [
    "After the Ledger report on tolls and the Times report on spending, was there a change in the coverage?",
    "Who won the race before the storm?",  # not a yes/no question
    "Did the team win before and after the break?",  # two order words
])
def test_questions_about_content_or_not_yes_no_get_no_order(question):
    assert order_question(question) is None


def test_dates_decide_and_both_sentences_are_cited():
    sports = passage("Cincinnati clinched the Supporters Shield title on Saturday.", "a1", "Sporting News", "10-07")
    roar = passage("Villa beat Fulham to extend their winning run.", "a2", "The Roar", "11-12")
    ranked = passage_sentences([roar, sports])
    analysis = QueryAnalysis("q", outlets=["Sporting News", "The Roar"])
    before = order_question("Did the Sporting News report on Cincinnati's Shield title come before The Roar's "
                            "report on Villa beating Fulham?")
    verdict = decide_order(before, ranked, analysis, WordScorer())
    assert verdict.answer == "Yes" and verdict.first.passage is sports and verdict.second.passage is roar
    assert "October 7, 2023" in verdict.explanation and "November 12, 2023" in verdict.explanation
    after = order_question("Did the Sporting News report on Cincinnati's Shield title come after The Roar's "
                           "report on Villa beating Fulham?")
    assert decide_order(after, ranked, analysis, WordScorer()).answer == "No"


def test_same_day_or_a_missing_part_gives_no_verdict():
    one = passage("Cincinnati clinched the Supporters Shield title.", "a1", "Sporting News", "10-07")
    two = passage("Villa beat Fulham on the same day.", "a2", "The Roar", "10-07")
    question = order_question("Did the Sporting News report on Cincinnati's Shield title come before The Roar's "
                              "report on Villa beating Fulham?")
    analysis = QueryAnalysis("q", outlets=["Sporting News", "The Roar"])
    assert decide_order(question, passage_sentences([one, two]), analysis, WordScorer()) is None
    assert decide_order(question, passage_sentences([one]), analysis, WordScorer()) is None


def test_a_statement_before_a_colon_is_context_and_a_time_before_the_second_part_stays_with_it():
    from assistant.parts import split_parts

    context, parts = split_parts("The Harbor Ledger on the port strike: in October, how long did it last, and in "
                                 "December, which union called it off?")
    assert context == "The Harbor Ledger on the port strike:"
    assert parts == ["in October, how long did it last", "in December, which union called it off"]


def test_a_second_part_without_a_verb_asks_the_first_part_again():
    from assistant.parts import part_question, split_parts

    context, parts = split_parts("how many votes did Jordan lose on the second ballot, and how many on the third?")
    assert parts[1] == "how many on the third"
    assert part_question(parts, 1, context).endswith("(how many votes did Jordan lose on the second ballot)")
    context, parts = split_parts("who invested in Meltwater, and who led Scalable Capital's round?")
    assert "(" not in part_question(parts, 1, context)  # a part with its own verb stands alone


def test_a_part_s_names_are_read_apart_from_the_context_s():
    from assistant.parts import part_question, split_parts
    from assistant.question import read

    context, parts = split_parts("TechCrunch covered two $65M European deals in December: who invested in Meltwater, "
                                 "and who led Scalable Capital's round?")
    # spaCy's small model reads "Meltwater TechCrunch covered …" as one name, which no article gives
    assert "Meltwater" in read(parts[0], ["TechCrunch"], part_question(parts, 0, context, "; ")).key_terms


def test_a_later_part_naming_nothing_of_its_own_carries_the_first_part():
    from assistant.parts import part_question, split_parts

    # "the jury" is the trial's: the part alone names nothing a search could find it by
    context, parts = split_parts("when did the epic v google trial kick off, and what did the jury end up deciding?")
    assert part_question(parts, 1, context).endswith("(when did the epic v google trial kick off)")


def test_a_later_part_naming_its_own_date_carries_the_first_part_without_its_date():
    from assistant.parts import part_question, split_parts

    question = ("who was stepping down as chair of Hipgnosis in September, and who was leading the board by "
                "mid-December?")
    context, parts = split_parts(question)
    assert part_question(parts, 1, context).endswith("(who was stepping down as chair of Hipgnosis)")
    context, parts = split_parts("who was stepping down in September as chair of Hipgnosis, and who was leading the "
                                 "board by mid-December?")  # the date with its preposition, from mid-sentence
    assert part_question(parts, 1, context).endswith("(who was stepping down as chair of Hipgnosis)")
    context, parts = split_parts("what did the board vote on, and what did it decide in December?")
    assert part_question(parts, 1, context).endswith("(what did the board vote on)")  # no date there: whole
    # a part without a date of its own asks about the first part's time
    context, parts = split_parts("who won the vote in October, and what did he say after?")
    assert part_question(parts, 1, context).endswith("(who won the vote in October)")
