"""Two-part questions, each part answered from the passages retrieved for the whole question and for the part,
on hand-made passages and a BM25 index built from them (spaCy reads the question; no embedding model)."""
from assistant.evidence import CoverageScorer
from assistant.extractive import ExtractiveGenerator
from assistant.passage import Passage
from assistant.query import QueryAnalysis
from index.lexical import LexicalIndex

TEXTS = {  # (source, text): the whole question's retrieval found the stadium story three times
    "s1": ("Metro Wire", "The Halcyon Dome stadium opened in 2021 with 17,600 seats for concerts."),
    "s2": ("Metro Wire", "The Halcyon Dome stadium hosts the Northern Lights Orchestra every winter season."),
    "s3": ("Metro Wire", "The Halcyon Dome stadium was designed by the architect Ines Varga."),
    "b1": ("Harbour Post", "The harbour ferry fare rose to 4 dollars in March after a council vote."),
    "m1": ("Metro Wire", "The harbour ferry carried 2,300 riders a day before the fare rose."),
    "g1": ("Harbour Post", "The harbour ferry carried 1,900 riders a day, the council's figures show."),
    "w1": ("Valley Times", "Two boats make the harbour ferry crossing, a 40-minute ride each way."),
}


def passage(chunk: str) -> Passage:
    source, text = TEXTS[chunk]
    article = chunk[0]  # s1, s2, s3: three passages of one stadium story
    return Passage(text, article, f"Story {article}", source, f"https://x.example/{article}", "2024-05-02", "",
                   chunk, int(chunk[1:]), 0, len(text))


def generator() -> ExtractiveGenerator:
    rows = [(chunk, f"Story {chunk[0]} {text}", text) for chunk, (_, text) in TEXTS.items()]
    return ExtractiveGenerator(CoverageScorer(LexicalIndex.build(rows, generation=1)))


def test_a_part_answered_from_an_article_only_its_own_retrieval_found():
    # the whole question's passages first (the stadium's, three of them), then each part's own: the ferry
    # story comes once and last, which for a one-part question means retrieval barely found it
    question = "how many seats does the halcyon dome stadium have, and what did the harbour ferry fare rise to?"
    passages = [passage(a) for a in ("s1", "s2", "s3", "b1")]
    draft = generator().run(QueryAnalysis(question, topic=question), passages)
    answers = dict(draft.parts)
    fare = answers["what did the harbour ferry fare rise to"]
    assert fare.sentences and "4 dollars" in fare.sentences[0].text, fare.abstain_reason
    assert "17,600" in answers["how many seats does the halcyon dome stadium have"].sentences[0].text


def test_a_part_naming_an_outlet_is_answered_from_that_outlet():
    question = ("how many seats does the halcyon dome stadium have per Metro Wire, and how many riders did the "
                "harbour ferry carry a day per the Harbour Post?")
    topic = ("how many seats does the halcyon dome stadium have, and how many riders did the harbour ferry carry "
             "a day?")
    passages = [passage(a) for a in ("s1", "m1", "g1", "b1")]
    draft = generator().run(QueryAnalysis(question, ["Metro Wire", "Harbour Post"], topic=topic), passages)
    answers = dict(draft.parts)
    riders = answers["how many riders did the harbour ferry carry a day per the Harbour Post"]
    assert riders.sentences, riders.abstain_reason
    assert [s.passage.source for s in riders.sentences] == ["Harbour Post"]
    assert "1,900" in riders.sentences[0].text


def test_each_part_keeps_its_own_dates_and_reads_them_off_its_topic():
    from datetime import datetime

    from assistant.parts import part_analysis
    from assistant.query import DateRange

    october = DateRange(datetime(2023, 10, 1), datetime(2023, 11, 1), "in October")
    december = DateRange(datetime(2023, 12, 1), datetime(2024, 1, 1), "in December")
    parts = ["in October, how big could fines get", "in December, which group complained per Metro Wire"]
    analysis = QueryAnalysis(", and ".join(parts) + "?", ["Metro Wire"], dates=[october, december])
    first, second = (part_analysis(analysis, parts, n, "") for n in range(2))
    assert first.dates == [october] and second.dates == [december]
    assert "October" not in first.topic and "December" not in second.topic and "Metro" not in second.topic


def test_an_outlet_one_part_names_is_not_the_other_parts():
    from assistant.parts import part_analysis

    parts = ["what did the fare rise to per the Harbour Post", "how long is the harbour ferry crossing"]
    analysis = QueryAnalysis(", and ".join(parts) + "?", ["Harbour Post"])
    assert [part_analysis(analysis, parts, n, "").outlets for n in range(2)] == [["Harbour Post"], []]
    # named in what sets both parts up, it is both parts' outlet
    framed = QueryAnalysis("Harbour Post on the ferry: " + ", and ".join(parts) + "?", ["Harbour Post"])
    both = ["what did the fare rise to", "how long is the harbour ferry crossing"]
    assert [part_analysis(framed, both, n, "Harbour Post on the ferry:").outlets for n in range(2)] == \
        [["Harbour Post"], ["Harbour Post"]]
    # a source leading the first part or trailing the last is every part's
    led = ["According to the Harbour Post, what did the fare rise to", "how long is the harbour ferry crossing"]
    assert [part_analysis(QueryAnalysis(", and ".join(led) + "?", ["Harbour Post"]), led, n, "").outlets
            for n in range(2)] == [["Harbour Post"], ["Harbour Post"]]
    tailed = ["what did the fare rise to", "how long is the harbour ferry crossing, per the Harbour Post"]
    assert [part_analysis(QueryAnalysis(", and ".join(tailed) + "?", ["Harbour Post"]), tailed, n, "").outlets
            for n in range(2)] == [["Harbour Post"], ["Harbour Post"]]


def test_a_part_asking_how_long_is_answered_by_a_length_from_another_outlet():
    # was: the second part searched only Metro Wire, which never says how long the crossing is
    question = "how many riders did the harbour ferry carry a day per Metro Wire, and how long is the ferry crossing?"
    topic = "how many riders did the harbour ferry carry a day, and how long is the ferry crossing?"
    passages = [passage(a) for a in ("m1", "g1", "w1")]
    draft = generator().run(QueryAnalysis(question, ["Metro Wire"], topic=topic), passages)
    assert draft.parts, draft.abstain_reason
    answers = dict(draft.parts)
    assert "2,300" in answers["how many riders did the harbour ferry carry a day per Metro Wire"].sentences[0].text
    crossing = answers["how long is the ferry crossing"]
    assert crossing.sentences and crossing.sentences[0].passage.source == "Valley Times", crossing.abstain_reason
    # a length, in its unit: not the count of boats the same sentence gives
    assert crossing.short_answer is not None and crossing.short_answer.name == "40-minute"
