"""Names typed in lower case are read as names when the articles only write them capitalised; "who" is not
answered by a place, nor by the source a fact is attributed to. Hand-made articles, real spaCy."""
from assistant import mentions, nlp, question
from assistant.passage import Passage
from assistant.picking import AnswerPicker


def cased_as_written(question: str, texts: list[str]) -> str:
    """Read in articles' whole texts, as ``Assistant.stream`` does."""
    return mentions.cased_as_written(question, [], {f"a{n}": text for n, text in enumerate(texts)})


ARTICLES = ["Bronny James made his debut for the Trojans. The USC guard scored against Long Beach State on "
            "Sunday, his first game since a cardiac arrest. Fans at the debut cheered.",
            "Simply Homes, a startup, raised money this week. The firm said Simply Homes will grow. Its executive "
            "director, Ann Lee, said the long beach walk was busy. Executive Director Ann Lee spoke at Thanksgiving."]


def test_a_name_typed_in_lower_case_is_written_as_the_articles_write_it():
    cased = cased_as_written("how many points did bronny james score vs long beach state in his debut", ARTICLES)
    # "Long Beach State" is a name as a run, though "long beach" alone is also written in lower case
    assert cased == "how many points did bronny james score vs Long Beach State in his debut"
    # "Bronny" opens a sentence only: a sentence's first word tells nothing
    assert cased_as_written("how many employees does simply homes have", ARTICLES) == \
        "how many employees does Simply Homes have"
    # a role is no name, however the articles capitalise it; one word must be written capitalised twice
    assert cased_as_written("who is the executive director at thanksgiving", ARTICLES) == \
        "who is the executive director at thanksgiving"
    assert cased_as_written("What did Simply Homes say?", ARTICLES) == "What did Simply Homes say?"
    # one word cased beside another name would read as one name with it: the articles never wrote them together
    beside = ["Fans met Jake Paul. He used FaceTime. She used FaceTime again to call Dillon Danis."]
    assert cased_as_written("why did jake paul facetime dillon danis", beside) == \
        "why did Jake Paul facetime Dillon Danis"
    assert cased_as_written("why did he use facetime", beside) == "why did he use FaceTime"
    # ... and so beside a name typed capitalised
    assert cased_as_written("why did Jake Paul facetime him", beside) == "why did Jake Paul facetime him"


def test_only_words_typed_wholly_in_lower_case_are_cased_and_each_mention_counts_once():
    articles = ["The U.S. market grew, Yu said. Ed Sheeran sang, and Ed Sheeran left. R&D rose.",
                "Sales in the U.S. fell."]
    assert cased_as_written("What did Richard Yu say about U.S. sales?", articles) == \
        "What did Richard Yu say about U.S. sales?"
    assert cased_as_written("What did the Fed say?", articles) == "What did the Fed say?"
    # one sentence that two overlapping chunks both hold is one mention, not the two one word needs
    chunk = "Paul later used FaceTime to call him."
    assert cased_as_written("why did paul use facetime", [chunk + " " + chunk]) == "why did paul use facetime"
    # a word the articles write only inside a longer name is no name of its own
    assert cased_as_written("how much did star wars make", ["Star Wars made money. Fans of Star Wars came."]) == \
        "how much did star wars make"


def test_without_whole_texts_the_passages_are_read_but_never_their_headlines():
    passage = Passage(text="Most of all Simply Homes said it rents to Simply Homes tenants for money.", article_id="a1",
                      title="Simply Homes Raises Money For Affordable Housing: Money Money", source="Harbor Ledger",
                      url="https://example.test/a1", published_at="2024-05-20T08:00:00+00:00", author="",
                      chunk_id="a1:0", chunk_number=0, start=0, end=60)
    assert mentions.cased_as_written("did simply homes raise money", [passage]) == "did Simply Homes raise money"


def test_a_name_typed_in_lower_case_becomes_a_key_term():
    typed = "how many employees does simply homes have"
    assert "Simply Homes" not in question.read(typed).key_terms
    assert "Simply Homes" in question.read(cased_as_written(typed, ARTICLES)).key_terms


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

