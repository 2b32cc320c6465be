"""What an amount or a name is stated of: "what was Uber's revenue?" is answered by the figure the revenue
is (or is "of"), not by another figure in a sentence that also mentions revenue; "whose liver?" by the
name the liver is "of". spaCy's parser on small fixture sentences."""
import pytest

from assistant import nlp, question
from assistant.answer_entities import unpossessive
from test_question import passage, reranked


def span(text, part):
    start = text.index(part)
    return start, start + len(part)


@pytest.mark.parametrize("text, part, noun, expected", [
    ("The company reported revenue of $9.3 billion, an 11% increase.", "$9.3 billion", "revenue", True),
    ("Revenue rose 11% to $9.3 billion.", "$9.3 billion", "revenue", True),
    ("The cheapest season ticket for 2024 is $867, which works out to $51 per match.", "$867", "ticket", True),
    ("Engoron wrote in his 35-page ruling that the valuations were fraud.", "35", "ruling", True),
    ("In July, Lucas received the liver of 3-year-old Olivia Swedberg.", "Olivia Swedberg", "liver", True),
    # the same noun in the sentence, the figure said of something else
    ("Uber said its revenue was hurt by changes costing $161 million.", "$161 million", "revenue", False),
    ("The cheapest season ticket for 2024 is $867, which works out to $51 per match.", "$51", "ticket", False),
    ("He has been indicted four times since the ruling.", "four", "ruling", False),
    ("Uber posted a net loss of $1.2 billion.", "$1.2 billion", "loss", True),
    # a word that only starts like the noun is not it
    ("The fee was not disclosed, but the new store covers 40,000 square feet.", "40,000", "fee", False),
    ("Acme says it will pay later, but made payments of $12 million last year.", "$12 million", "pay", False),
])
def test_a_figure_or_name_is_stated_of_the_noun_only_when_the_parse_ties_them(text, part, noun, expected):
    assert nlp.attached(text, *span(text, part), noun) is expected


@pytest.mark.parametrize("text, of_noun", [
    ("what was uber's revenue in Q3 2023", "revenue"),
    ("how long was the ruling?", "ruling"),
    ("what was uber's net losses in 2023?", "loss"),  # the lemma
    ("how big was the seed round?", "round"),  # the phrase's head, not "seed"
    ("how big was rainforest's seed round?", "round"),
    ("how much debt does she have?", "debt"),  # the noun "how much" counts
    ("and whose liver did he get the first time", "liver"),
    ("how many subscribers do they have?", ""),  # a count's noun is its focus ("500,000 subscribers")
])
def test_the_noun_an_amount_is_asked_of(text, of_noun):
    assert question.read(text).of_noun == of_noun


def test_the_figure_stated_of_the_asked_noun_beats_one_in_a_sentence_covering_more_names():
    p = passage("In the third quarter, Uber said its revenue was hurt by accounting changes worth $161 million. "
                "The company reported revenue of $9.3 billion, up 11% from a year earlier.", title="Uber Q3")
    best = reranked("what was uber's revenue in the third quarter", p, 0.40, 0.30)[0]
    assert best.text.startswith("The company reported revenue of $9.3 billion")
    assert best.answer_entity.text == "$9.3 billion"


def test_whose_asks_for_the_name_the_thing_is_of_not_the_doctor_quoted_beside_it():
    p = passage("In 2019 Lucas got the liver of 3-year-old Olivia Swedberg, and now liver surgeon George Mazariegos "
                "says it is failing.", title="Boy needs second liver transplant")
    best = reranked("whose liver did lucas get?", p, 0.5)[0]
    assert best.answer_entity.text == "Olivia Swedberg"


def test_how_many_other_counts_others_and_may_answer_from_a_sentence_already_quoted():
    from assistant.conversation import Conversation
    from assistant.picking import AnswerPicker
    from test_question import sentences_of

    p = passage("Chuck Schumer and five other senators had an 80-minute meeting with Xi Jinping. "
                "The two countries' presidents are set to meet this week.", title="Schumer meets Xi")
    q = "how many other senators were with him"
    assert not question.read(q).wants_more and question.read("what else did he say?").wants_more
    ranked = sentences_of(p)
    ranked[0].coverage, ranked[1].coverage = 0.5, 0.3
    seen = Conversation(quoted={"chuck schumer and five other senators had an 80-minute meeting with xi jinping."})
    best = AnswerPicker(question.read(q), q, [p], seen).rerank(ranked, lambda s: s.coverage, needed=0.15)[0]
    assert best.answer_entity is not None and best.answer_entity.text == "five"


def test_whose_it_is_is_an_owner_not_a_word_describing_it():
    text = "Salah extended his Anfield scoring record, passing Thierry Henry's record for an English club."
    assert nlp.attached(text, *span(text, "Anfield"), "record")  # said of the record, as its kind
    assert not nlp.attached(text, *span(text, "Anfield"), "record", owner=True)
    assert nlp.attached(text, *span(text, "Thierry Henry"), "record", owner=True)


def test_a_name_answers_without_the_possessive_spacy_keeps_in_it():
    p = passage("Canada won as Stephen Eustaquio's 85th-minute strike gave them victory in Kingston.",
                title="Canada beat Jamaica")
    best = reranked("who got canada's 85th-minute winner?", p, 0.6)[0]
    assert best.answer_entity is not None and best.answer_entity.text == "Stephen Eustaquio"
    # a company's or a place's own name may end so
    assert unpossessive(nlp.Entity("McDonald's", "ORG", 0, 10)).text == "McDonald's"
    assert unpossessive(nlp.Entity("Chris Williams'", "PERSON", 0, 15)).text == "Chris Williams"


def test_a_number_in_a_compound_answers_when_it_is_stated_of_the_asked_noun():
    p = passage("In his 35-page ruling, Engoron found that Trump and two sons had inflated asset values.",
                title="Trump fraud ruling")
    best = reranked("how long was the ruling?", p, 0.6)[0]
    assert best.answer_entity is not None and best.answer_entity.text.startswith("35")
