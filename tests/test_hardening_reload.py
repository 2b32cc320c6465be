"""Issue 14 #1 and #9: a long-lived reader sees other processes' commits; a recreated manifest never
reuses a generation the BM25 index was built at."""
import json

import pytest

from conftest import ARTICLES, run_cli


@pytest.mark.slow
def test_live_assistant_answers_after_a_cli_reindex_of_the_same_home(settings, indexer, embedder):
    from assistant.assistant import Assistant
    from services import Services

    indexer.run([str(ARTICLES / "harbor-bridge.md")])
    assistant = Assistant(settings, Services(settings, embedder=embedder).retriever)
    assert "Harbor Bridge" in assistant.ask("When did the harbor bridge reopen?").text

    done = run_cli(["index", str(ARTICLES / "wire.jsonl"), str(ARTICLES / "vaccine-trial.txt"), "--json"],
                   settings.home)
    assert done.returncode == 0 and json.loads(done.stdout)["added"] == 3

    # before the fix: chromadb InternalError "Error finding id" from the stale embedded client
    answer = assistant.ask("Who won the women's race at the Eastgate marathon?")
    assert "Sofia Brandt" in answer.text
    assert "Harbor Bridge" in assistant.ask("When did the harbor bridge reopen?").text


def test_cheap_when_nothing_changed(settings, indexer, embedder):
    from services import Services

    indexer.run([str(ARTICLES / "harbor-bridge.md")])
    retriever = Services(settings, embedder=embedder, store=indexer.store).retriever
    retriever.analyze("anything")
    loaded = retriever.catalog.generation
    retriever.analyze("anything else")
    assert retriever.catalog.generation == loaded  # no reload without a commit


def test_recreated_manifest_rebuilds_bm25(settings, indexer, embedder, tmp_path):
    from index.pipeline import Indexer
    from services import Services

    indexer.run([str(ARTICLES / "harbor-bridge.md")])
    first = indexer.manifest.version()
    for suffix in ("", "-wal", "-shm"):
        settings.manifest_path.with_name(settings.manifest_path.name + suffix).unlink(missing_ok=True)
    again = Indexer(settings, embedder=embedder, store=indexer.store)
    again.run([str(ARTICLES / "vaccine-trial.txt")])
    second = again.manifest.version()
    assert second.generation == first.generation and second.store_id != first.store_id  # the old trap
    retriever = Services(settings, embedder=embedder, store=indexer.store).retriever
    titles = {p.title for p in retriever.retrieve("vaccine trial results")}
    assert any("accine" in t for t in titles), titles


def test_reader_survives_a_kill_between_the_two_renames_of_a_bm25_swap(settings, indexer):
    from index.lexical import LexicalIndex

    indexer.run([str(ARTICLES / "harbor-bridge.md")])
    folder = settings.bm25_path
    folder.rename(folder.with_name(folder.name + ".old"))  # where a kill after the first rename leaves it
    loaded = LexicalIndex.load(folder)  # before the fix: None, and every question abstained
    assert loaded is not None and loaded.chunk_ids == [row.chunk_id for row in indexer.manifest.chunk_rows()]


def test_a_bm25_index_in_an_older_format_is_rebuilt_by_the_first_reader(settings, indexer, embedder):
    from index.lexical import FORMAT, IDS_FILE, LexicalIndex
    from services import Services

    indexer.run([str(ARTICLES / "harbor-bridge.md")])
    ids = settings.bm25_path / IDS_FILE
    ids.write_text(json.dumps(json.loads(ids.read_text()) | {"format": FORMAT - 1}))  # what an upgrade finds
    assert LexicalIndex.load(settings.bm25_path) is None and LexicalIndex.outdated(settings.bm25_path)
    retriever = Services(settings, embedder=embedder, store=indexer.store).retriever
    assert any("Harbor Bridge" in p.title for p in retriever.retrieve("when did the harbor bridge reopen"))
    assert not LexicalIndex.outdated(settings.bm25_path)  # rebuilt, not left for the next `newsdesk index`
    assert retriever.catalog.lexical is not None
