"""Life events the press writes in other words than readers ask them ("tied the knot" for "married", "spent his
childhood in" for "grew up"): the sentence saying so covers the question's word for the event, and joins the
re-ranked head from below it. Hand-made articles, real BM25, real spaCy."""
from assistant.said_otherwise import SaidOtherwise, writes_asked_event
from conftest import extractive_answer
from index.lexical import LexicalIndex


def test_the_press_words_answer_only_the_event_asked_of():
    assert writes_asked_event("when did they get married?", "In 1986 the couple tied the knot.")
    assert writes_asked_event("where did jordan poyer grow up", "Poyer spent his childhood in Astoria, Ore.")
    assert writes_asked_event("when did she die", "Her family announced her death on Tuesday.")
    # growth is no childhood, and a fundraising round "raised" nothing a reader asks of growing up
    assert not writes_asked_event("how much did revenue grow", "The startup raised $22m in its childhood years.")
    assert not writes_asked_event("where did they meet", "They tied the knot in 1986.")


def test_the_credit_is_the_questions_own_term_for_the_event():
    terms = LexicalIndex.build([("z1", "Story", "They married in May.")], generation=1).terms
    asked = "when did jeff and eileen get married"
    weights = dict.fromkeys(terms(asked), 1.0)
    credited = SaidOtherwise(asked, terms, weights).credited("In 1986 the beautiful couple tied the knot.")
    assert credited and credited == set(terms("married"))
    assert not SaidOtherwise(asked, terms, weights).credited("In 1992 they welcomed a son.")
    assert not SaidOtherwise(asked, terms, {}).credited("In 1986 the couple tied the knot.")  # a term not weighed


FILLER = " ".join(f"Quinn Alder and Mara Voss get asked about their {thing} a lot." for thing in (
    "bakery", "garden", "dogs", "friends", "travels", "recipes", "neighbours", "music", "books", "films", "cars",
    "holidays", "boat", "cabin"))


def test_a_wedding_told_as_tying_the_knot_answers_where_they_married():
    text = (f"{FILLER} Quinn Alder and Mara Voss met at a club in Harlow, Essex. After three months of dating, the "
            "two tied the knot during a surprise ceremony in Quillmoor, Ore.")
    draft = extractive_answer("where did quinn alder and mara voss get married", text)
    assert draft.sentences and "tied the knot" in draft.sentences[0].text


def test_what_follows_an_event_or_another_one_is_not_it():
    assert not writes_asked_event("when did matthew perry die?", "A private funeral was held Friday.")
    assert not writes_asked_event("when did the suspect die?", "The death toll rose to 18 on Thursday.")
    assert not writes_asked_event("when was kylie jenner born?", "Jenner gave birth to her son in February 2022.")
    assert not writes_asked_event("when did they get married?", "They marked their 10th wedding anniversary.")
    assert not writes_asked_event("when does the market reopen, wed?", "The wedding was held in June.")
