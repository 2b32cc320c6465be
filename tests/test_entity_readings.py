"""What spaCy's small model reads wrong in news text, mended where it is read: a month before a first name, a
currency sign left out of a sum, a name after "published in" taken for a place, a deal's saving taken for its
price. Hand-made sentences, real spaCy."""
from assistant import nlp, question
from assistant.picking import AnswerPicker


def test_a_month_before_a_name_is_a_first_name_not_a_date():
    dates = lambda text: [e.text for e in nlp.entities(text) if e.label == "DATE"]  # noqa: E731
    assert dates("August Alsina and Jada were introduced in 2015.") == ["2015"]
    assert dates("In August Apple said it would build the plant.") == ["August"]  # a word of time before it
    assert dates("They met on Monday, August 7, and again in August.") == ["Monday, August 7", "August"]


def test_what_a_finding_was_published_in_is_no_place():
    from assistant.answer_entities import places_named

    published = "But experiments published in BMC Biology with the Mexican cavefish may help."
    assert places_named(published, nlp.entities(published)) == ()
    launched = "The startup was launched in Accra in 2017."  # spaCy's small model reads Accra as no place
    assert [e.text for e in places_named(launched, nlp.entities(launched))] == ["Accra"]



def test_a_sum_keeps_its_currency_sign():
    text = "It is on sale for an all-time low of $44.99 at Amazon, and £1,565pp in Zermatt."
    assert [e.text for e in nlp.entities(text) if e.label == "MONEY"][:1] == ["$44.99"]


def test_a_deals_saving_is_no_answer_to_what_it_costs():
    text = "Govee’s LED Strip Light M1 is on sale for an all-time low of $44.99 ($15 off) at Amazon."
    found = nlp.entities(text)
    asks = "govee led strip light m1, how much on amazon"
    assert AnswerPicker(question.read(asks), asks, []).answer_entity(text, found).text == "$44.99"
    saved = "how much off is the govee led strip light m1 on amazon"
    assert AnswerPicker(question.read(saved), saved, []).answer_entity(text, found).text == "$15"
