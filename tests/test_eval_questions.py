"""How ``newsdesk eval questions`` scores one answer: the strict score (the item's evidence in a cited passage)
and the looser diagnostic (a right answer its citation holds, from any article)."""
import pytest

from assistant.evaluation.questions import is_cited_answer, is_right, summarize

ITEM = {"expected": [{"answers": ["Nov. 4"], "evidence": "On Nov. 4, the English club released a statement",
                      "url": "https://example.test/a1"}]}
STATED = "On Nov. 4, the English club released a statement saying their coach was leaving."
ELSEWHERE = "The surprise was Chelsea announcing Hayes' departure on Saturday, Nov. 4."


def test_a_right_answer_cited_to_the_items_evidence_is_right_both_ways():
    assert is_right(ITEM, "Nov. 4 [1]. On Nov. 4, …", False, [STATED])
    assert is_cited_answer(ITEM, "Nov. 4 [1]. On Nov. 4, …", False, [STATED])


def test_a_right_answer_from_another_sentence_counts_only_in_the_looser_score():
    assert not is_right(ITEM, "Saturday, Nov. 4 [1]. …", False, [ELSEWHERE])
    assert is_cited_answer(ITEM, "Saturday, Nov. 4 [1]. …", False, [ELSEWHERE])


def test_an_answer_its_citation_does_not_hold_is_wrong_both_ways():
    assert not is_cited_answer(ITEM, "Nov. 4 [1].", False, ["The coach left at the end of the season."])
    assert not is_cited_answer(ITEM, "", True, [])  # abstained where it should answer
    assert is_cited_answer({"abstain": True, "expected": []}, "", True, [])


def test_the_summary_reports_both_scores():
    rows = [{"kind": "when", "half": "A", "right": False, "cited_answer": True, "should_abstain": False,
             "abstained": False, "answer_ms": 10.0},
            {"kind": "when", "half": "A", "right": True, "cited_answer": True, "should_abstain": False,
             "abstained": False, "answer_ms": 12.0}]
    metrics = summarize(rows)
    assert metrics["right"] == 0.5 and metrics["cited_answer"] == 1.0


@pytest.mark.slow  # the embedding model and a real Chroma store
def test_the_eval_index_is_rebuilt_when_the_cleaning_code_changes(tmp_path, embedder, monkeypatch, capsys):
    import json

    import index.unchanged
    from assistant.evaluation.multihop import ensure_indexed
    from services import Services
    from settings import Settings

    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps([{
        "title": "Zamora's firm", "author": None, "source": "The Age", "published_at": "2023-10-16T00:00:00+00:00",
        "category": "business", "url": "https://example.test/aog",
        "body": "AOG sold engine parts. Loading Zamora, who is Venezuelan, founded AOG in 2015."}]))
    services = Services(Settings(home=tmp_path / "home"), embedder=embedder)

    def indexed_now() -> bool:
        ensure_indexed(services, corpus)
        return "Indexing" in capsys.readouterr().err

    assert indexed_now() and not indexed_now()  # once, then reused
    import assistant.evaluation.multihop

    for module in (index.unchanged, assistant.evaluation.multihop):  # the eval's check and the indexer's own
        monkeypatch.setattr(module, "loader_key", lambda settings: "cleaning changed")
    assert indexed_now() and not indexed_now()


def test_the_bold_short_answer_is_judged_against_the_acceptable_strings():
    from assistant.evaluation.questions import short_right

    coman = {"expected": [{"answers": ["Kingsley Coman"], "evidence": "Kingsley Coman got it", "url": "u"}]}
    assert short_right(coman, "Coman") and short_right(coman, "Kingsley Coman")
    assert short_right(ITEM, "Saturday, Nov. 4")  # holds an acceptable string
    assert short_right(ITEM, "Nov. 5") is False
    fifteen = {"expected": [{"answers": ["15"], "evidence": "15 goals in the group", "url": "u"}]}
    assert short_right(fifteen, "150 people") is False and short_right(fifteen, "15 goals")  # whole words
    assert short_right(ITEM, "") is None  # none given
    assert short_right({"abstain": True, "expected": []}, "Nov. 4") is None
    two = {"expected": ITEM["expected"] * 2}
    assert short_right(two, "Nov. 4") is None  # a two-article question has no one short answer
    rows = [{"kind": "when", "half": "A", "right": True, "should_abstain": False, "abstained": False,
             "answer_ms": 1.0, "single": True, "short_right": flag} for flag in (True, False, None, True)]
    metrics = summarize(rows)
    assert metrics["short_given"] == 0.75 and metrics["short_right"] == 2 / 3
