"""Hybrid retrieval on real Chroma + bm25s + the real embedder, over fixture articles."""
import json
from datetime import datetime, timezone

import pytest

from assistant.langchain_retriever import NewsLangChainRetriever
from assistant.passage import Filters
from conftest import FIXTURES, run_cli
from services import Services

pytestmark = pytest.mark.slow  # an index built with the embedding model

AS_OF = datetime(2024, 8, 2, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, embedder):
    from index.pipeline import Indexer
    from settings import Settings

    settings = Settings(home=tmp_path_factory.mktemp("retrieval") / "home")
    Indexer(settings, embedder=embedder).run([str(FIXTURES / "eval" / "corpus.json")])
    return settings


@pytest.fixture
def retriever(indexed, embedder):
    return Services(indexed, embedder=embedder).retriever


class TestNewsRetriever:
    def test_finds_the_passage_and_its_metadata(self, retriever):
        top = retriever.retrieve("How many steel cables were replaced on the Harbor Bridge?", as_of=AS_OF)[0]
        assert "312 steel cables" in top.text
        assert top.source == "Coastal Ledger" and top.url.endswith("harbor-bridge-reopens")
        assert top.published_at.startswith("2024-03-14") and top.score > 0
        assert top.end > top.start >= 0

    def test_two_outlets_both_represented(self, retriever):
        passages = retriever.retrieve("What did Metro Wire and Daily Markets report about Lumen Motors?",
                                      Filters(k=2), as_of=AS_OF)
        assert {p.source for p in passages} == {"Metro Wire", "Daily Markets"}

    def test_named_date_prefers_that_day(self, retriever):
        question = "What did the Coastal Ledger report about the mayor and the bridge on March 21, 2024?"
        assert retriever.retrieve(question, as_of=AS_OF)[0].url.endswith("bridge-tolls")

    def test_explicit_filters(self, retriever):
        only = retriever.retrieve("bridge", Filters(sources=["Eastgate Gazette"], k=5), as_of=AS_OF)
        assert only and {p.source for p in only} == {"Eastgate Gazette"}
        since = retriever.retrieve("news", Filters(since=datetime(2024, 6, 21, tzinfo=timezone.utc), k=20))
        assert since and all(p.published_at >= "2024-06-21" for p in since)
        until = retriever.retrieve("news", Filters(until=datetime(2024, 3, 1, tzinfo=timezone.utc), k=20))
        assert [p.source for p in until] == ["Skyward Times"]  # undated articles are excluded too
        assert len(retriever.retrieve("news", Filters(k=3))) == 3

    def test_diversity_one_article_does_not_crowd(self, retriever):
        passages = retriever.retrieve("Lumen Motors scooters recall shares", Filters(k=4), as_of=AS_OF)
        assert len({p.article_id for p in passages}) == len(passages)

    def test_fusion_beats_either_alone_on_a_paraphrase(self, indexed, embedder):
        question = "Which motorised two-wheelers were called back over fire risk from their cells?"
        ranks = {}
        for mode in ("bm25", "dense", "hybrid"):
            retriever = Services(indexed.with_values(retrieval={"mode": mode}), embedder=embedder).retriever
            found = retriever.retrieve(question)
            ranks[mode] = next((i for i, p in enumerate(found) if "battery defect" in p.text), 99)
        assert ranks["hybrid"] <= min(ranks["bm25"], ranks["dense"]) and ranks["hybrid"] == 0

    def test_langchain_interface(self, retriever):
        docs = NewsLangChainRetriever(news=retriever).invoke("Who won the women's marathon?")
        assert "Sofia Brandt" in docs[0].page_content and docs[0].metadata["source"] == "Eastgate Gazette"

    def test_new_articles_visible_after_reindex(self, tmp_path, embedder):
        from index.pipeline import Indexer
        from settings import Settings

        settings = Settings(home=tmp_path / "home")
        indexer = Indexer(settings, embedder=embedder)
        indexer.run([str(FIXTURES / "articles" / "vaccine-trial.txt")])
        retriever = Services(settings, embedder=embedder, store=indexer.store).retriever
        assert "comet" not in retriever.retrieve("comet discovered")[0].text
        indexer.run([str(FIXTURES / "articles" / "observatory.html")])
        assert "comet" in retriever.retrieve("comet discovered")[0].text


class TestEvalCommand:
    def test_small_end_to_end_eval(self, tmp_path):
        out = tmp_path / "eval.json"
        done = run_cli(["eval", "multihop", "--corpus", str(FIXTURES / "eval" / "corpus.json"),
                        "--queries", str(FIXTURES / "eval" / "queries.json"), "--out", str(out)], tmp_path / "home")
        assert done.returncode == 0, done.stderr
        assert "Hits@10" in done.stdout and "overall" in done.stdout
        report = json.loads(out.read_text())
        overall = report["metrics"]["overall"]
        assert overall["n"] == 4 and overall["hits@10"] == 1.0 and overall["all_evidence@10"] == 1.0
        first = report["queries"][0]
        assert first["id"] == 0 and len(first["retrieved"]) == 10
        assert set(first["retrieved"][0]) == {"text", "url", "source", "published_at", "score"}
        assert not first["retrieved"][0]["text"].startswith("Harbor Bridge reopens")  # no title prefix
        again = run_cli(["eval", "multihop", "--corpus", str(FIXTURES / "eval" / "corpus.json"),
                         "--queries", str(FIXTURES / "eval" / "queries.json"), "--out", str(out), "--limit", "2"],
                        tmp_path / "home")
        assert "Indexing" not in again.stderr  # the throwaway index is reused
        assert len(json.loads(out.read_text())["queries"]) == 2


def test_above_the_in_memory_limit_dense_scores_come_from_chroma_and_agree(indexed, embedder):
    """A large index asks Chroma's HNSW index (ids only) instead of mirroring vectors: on a small one both
    paths must pick the same passages."""
    in_memory = Services(indexed, embedder=embedder).retriever
    hnsw_settings = indexed.model_copy(update={"retrieval": indexed.retrieval.model_copy(
        update={"dense_in_memory_max_chunks": 0})})
    hnsw = Services(hnsw_settings, embedder=embedder).retriever
    question = "How many steel cables were replaced on the Harbor Bridge?"
    from_memory = in_memory.retrieve(question, as_of=AS_OF)
    from_hnsw = hnsw.retrieve(question, as_of=AS_OF)
    assert hnsw.catalog.vectors is None and in_memory.catalog.vectors is not None
    assert [p.chunk_id for p in from_hnsw][:3] == [p.chunk_id for p in from_memory][:3]
    assert "312 steel cables" in from_hnsw[0].text


def test_a_reload_in_another_thread_waits_for_a_retrieval_in_progress(retriever):
    """An upload's reload swapped the catalog's vectors between a question's mask and its dense scores
    ("boolean index did not match indexed array"): a retrieval now holds the catalog until it is done."""
    import threading

    catalog, held = retriever.catalog, []
    embed = retriever.embedder.embed_query

    def embed_while_another_thread_tries_to_reload(text):
        def try_reload():
            got = catalog.reading().acquire(blocking=False)  # what refresh() takes before it reloads
            held.append(not got)
            if got:
                catalog.reading().release()

        other = threading.Thread(target=try_reload)
        other.start()
        other.join()
        return embed(text)

    retriever.embedder.embed_query = embed_while_another_thread_tries_to_reload
    try:
        assert retriever.retrieve("How many steel cables were replaced on the Harbor Bridge?", as_of=AS_OF)
    finally:
        retriever.embedder.embed_query = embed
    assert held == [True]
    got = catalog.reading().acquire(blocking=False)  # and released once the question is answered
    assert got
    catalog.reading().release()
