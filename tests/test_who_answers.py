"""A "who" question is not answered by a place, nor by the source a fact is attributed to. Hand-made sentences,
real spaCy."""
from assistant import nlp, question
from assistant.picking import AnswerPicker


def test_who_is_not_answered_by_a_place():
    asks = "who won the award"
    text = "The award was presented at a ceremony in London on Tuesday."
    assert AnswerPicker(question.read(asks), asks, []).answer_entity(text, nlp.entities(text)) is None


def test_the_source_a_fact_is_attributed_to_is_no_answer_to_who_did_it():
    asks = "who was the last visiting quarterback to do that at lambeau?"
    text = "According to ESPN Stats and Info, Mayfield is just the sixth opposing QB to do so, after Nick Foles."
    found = nlp.entities(text)
    assert "Info" in [e.text for e in found]  # spaCy's small model reads the source's last word as a name
    picked = AnswerPicker(question.read(asks), asks, []).answer_entity(text, found)
    assert picked is not None and picked.text in ("Mayfield", "Nick Foles")
    titled = "According to Health Minister Jane Doe, the new clinic opened on Monday."  # a person named by title
    minister = "who is the health minister"
    assert AnswerPicker(question.read(minister), minister, []).answer_entity(titled, nlp.entities(titled)).text == \
        "Jane Doe"
