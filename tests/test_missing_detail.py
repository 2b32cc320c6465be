"""A detail the articles don't give is not answered with a neighbouring one: a figure stated for other years than
the one asked about abstains, saying so. Hand-made passages, a BM25 index built from them, real spaCy."""
from assistant.evidence import CoverageScorer
from assistant.extractive import ExtractiveGenerator
from assistant.passage import Passage
from assistant.query import QueryAnalysis
from index.lexical import LexicalIndex

TEXTS = {
    "a1": "The Ledger Gazette reported $8.4 million in revenue from contributions and grants in 2020 and 2021.",
    "b1": "The Ledger Gazette reported $9 million in revenue last year, its publisher said.",
    "c1": "The harbour ferry carried 2,300 riders a day before the fare rose in 2022.",
    "d1": "The Ledger Gazette reported revenue of $9.6 million, up from $8.4 million in 2021.",
    "e1": "The Ledger Gazette reported more than $8.4 million in revenue in 2021.",
    "f1": "The city council met twice in 2022 to discuss the budget.",  # 2022 is no rare word in this index
    "g1": "Ticket prices at the stadium rose in 2022, the club said.",
    "h1": "The Harbour Sports League signed a $7.7 billion media deal with four broadcasters on Tuesday.",
    "i1": "The Harbour Sports League will receive an average of $1.1 billion per year under the media deal.",
    "j1": "Voltra has invested millions of dollars in the country, the scooter maker said.",
    "j2": "The Voltra scooter fetched $1,150 at auction in the country.",
    "k1": "The Voltra scooter sells for $1,200 in the country.",
    "l1": "Shoppers on Vinylhub mostly buy records under $10, sellers said.",
    "m1": "Marlow was getting $3 billion from the credit line in late 2021.",
    "n1": "Marlow was getting a base salary of $200,000 plus stock.",
    "o1": "The Lionesses needed to win their last two games at the stadium in Leuven.",
    "p1": "A crowd of 8,500 watched the game at the stadium in Leuven.",
    "o2": "The game at the stadium in Leuven was played in front of 52,000.",
    "o3": "The turnout at the protest in Leuven was 100,000 protesters.",
    "o4": "The race in Leuven pulled a huge crowd, and the two motorsports athletes who own the series were delighted.",
    "w1": "Hamas released 24 hostages on Friday.",
    "w2": "The blaze destroyed 1,200 homes.",
    "v1": "Announced May 3 that it laid off around 50 employees, or 13% of its workforce.",
    "v2": "Quayside Homes rents houses to families. It has 40 employees today.",
    "v3": "New homes in Quayside sold fast.", "v4": "Quayside homes are cheap.", "v5": "Homes in Quayside rent well.",
    "q1": "Psagot sold control of Applicheck to its founder and now holds 20% of that company.",
    "r1": "Bob Woods signed a contract with the Wild at just under $2M per season.",
    "s1": "Discbin raised its seller fee from 8 to 9 percent on May 22nd.",
    "t1": "Sat, Jan. 20: Rovers vs. United friendly at Quay Park, kickoff 3 p.m., with Jan Bakker in goal for United.",
    "t2": "Last season Mia Berg won the friendly for Rovers with a late goal.",
}


def answer(question: str, *chunks: str):
    rows = [(chunk, f"Story {chunk}", text) for chunk, text in TEXTS.items()]
    generator = ExtractiveGenerator(CoverageScorer(LexicalIndex.build(rows, generation=1)))
    passages = [Passage(TEXTS[c], c, f"Story {c}", "Wire", f"https://x.example/{c}", "2023-11-02", "", c, 0, 0,
                        len(TEXTS[c])) for c in chunks]
    return generator.run(QueryAnalysis(question, topic=question), passages)


def test_a_figure_for_other_years_does_not_answer_for_the_year_asked():
    draft = answer("how much revenue did the ledger gazette report in 2022?", "a1")
    assert not draft.sentences and "other years than 2022" in draft.abstain_reason
    asked_2021 = answer("how much revenue did the ledger gazette report in 2021?", "a1")
    assert asked_2021.sentences and asked_2021.short_answer.name == "$8.4 million"


def test_a_figure_that_names_no_year_is_not_contradicted():
    draft = answer("how much revenue did the ledger gazette report in 2022?", "b1")
    assert draft.sentences and draft.short_answer.name == "$9 million"


def test_a_year_named_to_compare_with_does_not_contradict():
    draft = answer("how much revenue did the ledger gazette report in 2022?", "d1")
    assert draft.sentences and draft.short_answer.name == "$9.6 million"
    more_than = answer("how much revenue did the ledger gazette report in 2022?", "e1")  # "more than" compares nothing
    assert not more_than.sentences and "other years than 2022" in more_than.abstain_reason


def test_a_figure_asked_per_year_is_not_answered_by_the_whole_deal():
    asked = "how much is the harbour sports league getting per year from the media deal?"
    draft = answer(asked, "h1")
    assert not draft.sentences and "no figure per year" in draft.abstain_reason
    yearly = answer(asked, "h1", "i1")
    assert yearly.sentences and yearly.short_answer.name == "$1.1 billion"
    whole = answer("how much is the harbour sports league media deal worth?", "h1")
    assert whole.sentences and whole.short_answer.name == "$7.7 billion"


def test_a_valuation_must_be_stated_and_a_salary_s_sentence_comes_first():
    valued = answer("how much is vinylhub valued at?", "l1")
    assert not valued.sentences and "valuation" in valued.abstain_reason
    paid = answer("what was marlow getting paid?", "m1", "n1")  # m1 covers as much, and comes first without this
    assert paid.sentences and paid.short_answer.name == "$200,000"
    # a price is said in too many words ("starts at", "fetched") to refuse one for want of "price"
    assert answer("what's the price of the voltra scooter?", "j2").short_answer.name == "$1,150"


def test_a_magnitude_in_a_unit_still_measures():
    from assistant import nlp
    from assistant.answer_entities import vague

    assert vague(nlp.Entity("billions of yuan", "MONEY", 0, 16))  # no figure, in any currency
    assert not vague(nlp.Entity("hundreds of miles", "QUANTITY", 0, 17))  # a rough distance is one


def test_a_magnitude_without_a_number_is_no_sum():
    draft = answer("what's the price of the voltra scooter?", "j1")  # "millions of dollars" gives no figure
    assert not draft.sentences and "no amount" in draft.abstain_reason
    assert answer("what's the price of the voltra scooter?", "j1", "j2").short_answer.name == "$1,150"


def test_a_share_is_no_sum_and_a_length_is_no_sum():
    sold = answer("how much did psagot get for selling control of applicheck?", "q1")
    assert not sold.sentences  # "now holds 20% of that company": a share, not what the sale brought
    contract = answer("how long is bob woods's contract with the wild?", "r1")
    assert not contract.sentences  # "just under $2M per season" is no length
    assert answer("how much did the discbin seller fee go up?", "s1").short_answer.name == "8 to 9 percent"


def test_an_attendance_is_answered_by_the_sentence_that_counts_the_crowd():
    asked = "what was the attendance at the game in leuven?"
    assert answer(asked, "o1", "p1").short_answer.name == "8,500"


def test_a_number_of_something_else_is_no_attendance():
    asked = "what was the attendance at the game in leuven?"
    draft = answer(asked, "o1")  # "their last two games": a number of games
    assert not draft.sentences and draft.abstain_reason == "the articles found give no crowd figure for this"
    # a crowd is counted in any people: "protesters", "voters", "pilgrims", "mourners" (a list of them misfired)
    assert answer("what was the turnout at the protest in leuven?", "o3").short_answer.name == "100,000"
    assert answer(asked, "o2").short_answer.name == "52,000"  # a crowd with no noun counted is one
    assert answer(asked, "o1", "p1").short_answer.name == "8,500"
    crowd = answer("how many people were in the crowd at the race in leuven?", "o4")  # those taking part are none
    assert not crowd.sentences and crowd.abstain_reason == "the articles found give no crowd figure for this"


def test_a_count_of_the_thing_asked_in_a_passage_about_nothing_else_asked_is_no_answer():
    asked = "how many employees does quayside homes have"
    assert not answer(asked, "v1").sentences  # 50 employees of a company neither it nor its passage names
    assert answer(asked, "v2").short_answer.name == "40"  # the passage names whose employees they are
    assert answer("how many hostages were freed?", "w1").short_answer.name == "24"  # nothing else to name
    assert answer("how many homes were destroyed in the fire?", "w2").short_answer.name == "1,200"  # "destroyed" does


def test_who_won_is_answered_only_by_the_sentence_that_says_who_won():
    # was: "Jan Bakker", the goalkeeper a fixtures line names, because a sentence further down says who won another game
    draft = answer("who won the rovers vs united friendly at quay park?", "t1", "t2")
    assert not draft.sentences and draft.abstain_reason == "the articles found don't say who won"
