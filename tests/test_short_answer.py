"""ShortAnswerFinder: the name a "who" / "which company" question asks for, from the quoted sentences,
in the fullest form the retrieved passages spell out; and the extractive rules that keep quotes to
articles retrieval can tell apart."""
from collections import Counter

from assistant.evidence import Sentence, passage_sentences
from assistant.extractive import stands_out, weakly_backed
from assistant.passage import Passage
from assistant.query import Clause, DateRange
from assistant.short_answer import ShortAnswer, ShortAnswerFinder, describes_at_length, shared_subject


def passage(article: str, text: str, source: str = "Harbor Ledger", chunk: int = 0,
            published_at: str = "2024-05-20T08:00:00+00:00") -> Passage:
    return Passage(text=text, article_id=article, title=f"Title of {article}", source=source,
                   url=f"https://example.test/{article}", published_at=published_at, author="",
                   chunk_id=f"{article}:{chunk}", chunk_number=chunk, start=0, end=len(text))


def sentence_with(passages: list[Passage], words: str) -> Sentence:
    return next(s for s in passage_sentences(passages) if words in s.text)


PORT = [
    passage("a1", "Marta Okonkwo-Reyes took over as chief executive of the port authority on Thursday. "
                  "Okonkwo-Reyes previously ran the regional rail network."),
    passage("a2", "Okonkwo-Reyes said the bridge toll freeze will last through 2026. "
                  "She named Daniel Ferro, a former Tidewater Dredging engineer, as her deputy."),
    passage("a3", "Council members asked Okonkwo-Reyes to publish spending. Daniel Ferro declined to comment. "
                  "Tidewater Dredging won the channel contract.", source="Coastal Times"),
    passage("a4", "Daniel Ferro and Tidewater Dredging were praised by Ferro's former colleagues at the port."),
]


class TestShortAnswerFinder:
    def test_a_surname_only_quote_gets_the_full_name_and_a_passage_that_spells_it(self):
        quoted = [sentence_with(PORT, "toll freeze")]
        short = ShortAnswerFinder().run("Who said the bridge toll freeze will last through 2026?", quoted, PORT, [])
        assert short is not None and short.name == "Marta Okonkwo-Reyes"
        assert short.sentence.passage.article_id == "a1" and "Marta Okonkwo-Reyes" in short.sentence.text

    def test_a_name_the_question_uses_is_not_the_answer(self):
        quoted = [sentence_with(PORT, "as her deputy")]
        short = ShortAnswerFinder().run("Who did Marta Okonkwo-Reyes name as her deputy?", quoted, PORT, [])
        assert short is not None and short.name == "Daniel Ferro"

    def test_a_company_question_gets_an_organisation_not_a_person(self):
        quoted = [sentence_with(PORT, "as her deputy")]
        short = ShortAnswerFinder().run("Which company did the deputy work for?", quoted, PORT, [])
        assert short is not None and short.name == "Tidewater Dredging"

    def test_a_person_question_gets_no_organisation(self):
        quoted = [sentence_with(PORT, "channel contract")]
        assert ShortAnswerFinder().run("Who won the channel contract?", quoted, PORT, []) is None

    def test_questions_that_do_not_ask_for_a_name_get_none(self):
        quoted = [sentence_with(PORT, "toll freeze")]
        for question in ("Did the toll freeze last through 2026?", "How much is the bridge toll?"):
            assert ShortAnswerFinder().run(question, quoted, PORT, []) is None

    def test_a_name_too_few_retrieved_articles_mention_is_no_answer(self):
        ferries = [passage("b1", "Priya Anand and Tomas Berg said ferry fares will rise. Anand runs the ferries. "
                                 "Berg runs the buses."),
                   passage("b2", "Anand defended the fares."), passage("b3", "Ferry fares rose in 2023."),
                   passage("b4", "Ferries ran late on Monday.")]
        quoted = [sentence_with(ferries, "ferry fares will rise")]
        assert ShortAnswerFinder().run("Who said ferry fares will rise?", quoted, ferries, []) is None
        assert ShortAnswerFinder(min_articles=2).run("Who said ferry fares will rise?", quoted, ferries, []).name == \
            "Priya Anand"

    def test_the_one_person_the_quotes_name_needs_no_other_article(self):
        lone = [passage("c1", "Priya Anand runs the ferries. Anand said the ferry fares will rise."),
                passage("c2", "Ferry fares rose in 2023."), passage("c3", "Ferries ran late on Monday.")]
        quoted = [sentence_with(lone, "ferry fares will rise")]
        short = ShortAnswerFinder().run("Who said ferry fares will rise?", quoted, lone, [])
        assert short is not None and short.name == "Priya Anand" and short.sentence.text.startswith("Priya Anand")

    def test_outlet_names_are_not_answers(self):
        quoted = [sentence_with(PORT, "Council members")]
        short = ShortAnswerFinder(min_articles=1).run("Which organisation reported the council's request?", quoted,
                                                       PORT, ["Coastal Times"])
        assert short is None or "Coastal" not in short.name


class TestQuoteRules:
    def test_an_outlets_article_stands_out_only_when_retrieval_tells_it_apart(self):
        one, other = passage("c1", "The toll rose."), passage("c2", "The toll fell.")
        ranked = passage_sentences([one, other])
        assert not stands_out(ranked[0], None, ranked, Counter({"c1": 1, "c2": 1}))
        assert stands_out(ranked[0], None, ranked, Counter({"c1": 3, "c2": 1}))
        assert stands_out(ranked[0], None, ranked[:1], Counter({"c1": 1}))  # the outlet's only article

    def test_an_article_from_the_day_the_question_names_stands_out(self):
        from datetime import datetime, timezone

        one = passage("d1", "The toll rose.", published_at="2024-05-20T08:00:00+00:00")
        other = passage("d2", "The toll fell.", published_at="2024-05-21T08:00:00+00:00")
        ranked = passage_sentences([one, other])
        day = DateRange(datetime(2024, 5, 20, tzinfo=timezone.utc), datetime(2024, 5, 21, tzinfo=timezone.utc), "")
        clause = Clause("the report published on May 20, 2024", ["Harbor Ledger"], [day])
        support = Counter({"d1": 1, "d2": 1})
        assert stands_out(ranked[0], clause, ranked, support)
        assert not stands_out(ranked[1], clause, ranked, support)  # a day late: still a guess

    def test_a_best_sentence_retrieval_barely_found_is_weakly_backed(self):
        passages = [passage("e1", "A.", chunk=0), passage("e1", "B.", chunk=1), passage("e1", "C.", chunk=2),
                    passage("e2", "The toll rose.")]
        late = passage_sentences(passages)[-1]
        assert weakly_backed(late, Counter(p.article_id for p in passages))
        assert not weakly_backed(late, Counter({"e1": 2, "e2": 1}))  # no article stands out either
        assert not weakly_backed(passage_sentences(passages)[0], Counter(p.article_id for p in passages))


TRIAL = [
    passage("t1", "Priya Castellano went on trial on Monday, accused of moving client money into a private fund. "
                  "Castellano has pleaded not guilty."),
    passage("t2", "Tomas Lindqvist, a former trader, testified that the fund paid for a beach house. "
                  "He said Castellano approved every transfer."),
    passage("t3", "Prosecutors say Castellano hid the losses for two years.", source="Coastal Times"),
    passage("t4", "Castellano once told investors the exchange was the safest in the market."),
]
DESCRIBED = ("Who is the individual who, according to the Harbor Ledger, went on trial accused of moving client money "
             "into a private fund, and who once told investors that the exchange was the safest in the market?")


class TestSharedSubject:
    def test_only_a_who_or_which_question_that_describes_its_answer_at_length(self):
        assert describes_at_length(DESCRIBED)
        assert not describes_at_length("Who testified that the fund paid for a beach house?")
        assert not describes_at_length("Why did prosecutors say the losses were hidden for two years, and what did "
                                       "the former trader tell the court about the beach house the fund paid for?")
        # a follow-up carries the previous turn in parentheses: it describes nothing this turn asks for
        assert not describes_at_length("who was the last visiting qb to do that at lambeau before him (how many "
                                       "yards and touchdowns did baker mayfield throw for against the packers in "
                                       "week 15 of the season)")

    def test_the_name_most_retrieved_articles_share_replaces_one_only_the_quote_names(self):
        quoted = [sentence_with(TRIAL, "beach house")]
        current = ShortAnswer("Tomas Lindqvist", quoted[0])
        shared = shared_subject(DESCRIBED, current, quoted, TRIAL, [])
        assert shared is not None and shared.name == "Priya Castellano"
        assert "Priya Castellano" in shared.sentence.text

    def test_without_a_quoted_name_two_articles_are_enough_and_a_name_as_widely_shared_stays(self):
        quoted = [sentence_with(TRIAL, "beach house")]
        assert shared_subject(DESCRIBED, None, quoted, TRIAL, []).name == "Priya Castellano"
        current = ShortAnswer("Priya Castellano", sentence_with(TRIAL, "went on trial"))
        assert shared_subject(DESCRIBED, current, quoted, TRIAL, []) is None

    def test_a_name_the_question_uses_is_never_the_shared_subject(self):
        named = DESCRIBED.replace("Who is the individual who", "Who is the individual who, like Priya Castellano,")
        quoted = [sentence_with(TRIAL, "beach house")]
        shared = shared_subject(named, None, quoted, TRIAL, [])
        assert shared is None or "Castellano" not in shared.name


def test_a_possessive_ends_a_name():
    from assistant.short_answer import names_in

    assert names_in("No one could fault the drive of Sarina Wiegman’s Lionesses.") == ["Sarina Wiegman", "Lionesses"]


def test_a_birthplace_names_no_one():
    from assistant.short_answer import names_in

    assert names_in("Another New Zealand-born Irish star, Bundee Aki, scored early.") == ["Bundee Aki"]
    assert names_in("Canadian-born Ryan Reynolds sat in the suite.") == ["Ryan Reynolds"]  # the name it goes with


def test_a_person_the_question_names_by_surname_is_not_whom_it_asks_for():
    quoted = [sentence_with(PORT, "toll freeze")]
    question = "who said the toll freeze will last, after okonkwo-reyes took over?"
    short = ShortAnswerFinder().run(question, quoted, PORT, [])
    assert short is None or "Okonkwo-Reyes" not in short.name
