"""Chroma server mode, the offline default, and crash safety (kill -9 mid-run, a batch that raises)."""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from contextlib import closing

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from conftest import ARTICLES, NEWSDESK, chroma_server_at, run_cli
from index.manifest import Manifest

pytestmark = pytest.mark.slow  # the CLI, a Chroma server, kill -9 mid-run


@pytest.fixture
def chroma_server(tmp_path):
    with chroma_server_at(tmp_path / "server") as port:
        yield port


class TestChromaServer:
    def test_index_and_ask_against_a_real_chroma_server(self, tmp_path, chroma_server):
        env = {"NEWSDESK_CHROMA_HOST": "127.0.0.1", "NEWSDESK_CHROMA_PORT": str(chroma_server)}
        done = run_cli(["index", str(ARTICLES), "--json"], tmp_path / "home", extra_env=env)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["added"] == 10
        assert not (tmp_path / "home" / "chroma").exists()  # nothing embedded locally
        client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server,
                                     settings=ChromaSettings(anonymized_telemetry=False))
        stored = client.get_collection("newsdesk").count()
        assert stored == Manifest(tmp_path / "home" / "manifest.sqlite3").stats()["chunks"]
        answer = run_cli(["ask", "Who won the women's race at the Eastgate marathon?", "--json"],
                         tmp_path / "home", extra_env=env)
        assert "Sofia Brandt" in json.loads(answer.stdout)["answer"]


class TestOffline:
    def test_index_and_ask_without_any_network(self, tmp_path):
        if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
            pytest.skip("unshare -n is not permitted here")
        done = run_cli(["index", str(ARTICLES), "--json"], tmp_path / "home", prefix=["unshare", "-n"])
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["added"] == 10
        asked = run_cli(["ask", "How much did the Harbor Bridge repair cost?", "--json"], tmp_path / "home",
                        prefix=["unshare", "-n"])
        assert "$84 million" in json.loads(asked.stdout)["answer"]


WORDS = ("road school budget harbour bridge library tram park clinic water tax housing market festival ferry "
         "museum stadium airport railway tunnel council mayor police river forest energy solar wind port").split()


def write_corpus(path, count):
    rng = random.Random(11)  # distinct texts, so none is taken for a syndicated copy of another
    articles = [{"title": f"Council meeting number {i}",
                 "body": f"At meeting {i} the council discussed district {i}. " + " ".join(
                     f"Item {j} was about {' and '.join(rng.sample(WORDS, 3))} plans." for j in range(25)),
                 "source": f"Paper {i % 5}", "url": f"https://paper.example/meeting-{i}",
                 "published_at": f"2024-01-{1 + i % 28:02d}"} for i in range(count)]
    path.write_text("\n".join(json.dumps(a) for a in articles))


def consistent(home):
    """Every committed article has exactly its chunks in Chroma; nothing else is visible."""
    manifest = Manifest(home / "manifest.sqlite3")
    committed = manifest.committed_chunk_ids()
    client = chromadb.PersistentClient(path=str(home / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    stored = set(client.get_or_create_collection("newsdesk").get(include=[])["ids"])
    assert committed <= stored  # no committed article is missing a chunk
    return manifest.stats()["articles"], len(stored - committed)


def kill_mid_run(process: subprocess.Popen, home, more_than: int, total: int) -> int:
    """SIGKILL the indexer at a moment when it has committed more than ``more_than`` and fewer than ``total``
    articles, and return that count.

    The indexer is frozen (SIGSTOP) before each look at the manifest (WAL: reading never waits on the
    writer), so what is observed is exactly the state the kill leaves: the test can't pass or fail by
    how fast this machine indexes. Each look happens at whatever point the indexer was frozen, so the
    kill lands mid-batch, mid-write or between articles as it happens."""
    manifest_path = home / "manifest.sqlite3"
    while process.poll() is None:
        process.send_signal(signal.SIGSTOP)
        committed = committed_articles(manifest_path)
        if (home / "bm25" / "chunk_ids.json").exists() and more_than < committed < total:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return committed
        process.send_signal(signal.SIGCONT)
        time.sleep(0.05)  # let it run between looks; the condition above decides, not this interval
    pytest.fail(f"the indexer exited (rc {process.returncode}) before a mid-run state was observed")


def committed_articles(manifest_path) -> int:
    """Read-only count (no schema write, so it never waits on the frozen writer's lock)."""
    if not manifest_path.exists():
        return 0
    with closing(sqlite3.connect(f"file:{manifest_path}?mode=ro", uri=True, timeout=5)) as conn:
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:  # the schema is not written yet
            return 0


class TestCrashSafety:
    def test_kill_nine_mid_run_then_finish(self, tmp_path):
        corpus = tmp_path / "corpus.jsonl"
        write_corpus(corpus, 60)
        home = tmp_path / "home"
        env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_LEXICAL_REFRESH_S": "0"}
        for attempt in range(2):
            process = subprocess.Popen([NEWSDESK, "index", str(corpus)], env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            committed = kill_mid_run(process, home, more_than=16 * attempt, total=60)
            consistent(home)
            stats = run_cli(["stats", "--json"], home)
            assert stats.returncode == 0 and json.loads(stats.stdout)["articles"] == committed
            asked = run_cli(["ask", "What did meeting 3 discuss?", "--json"], home)  # committed before the kill
            assert asked.returncode == 0 and "district 3" in json.loads(asked.stdout)["answer"], asked.stderr[-500:]
        final = run_cli(["index", str(corpus), "--json"], home)
        counts = json.loads(final.stdout)
        assert counts["added"] + counts["skipped"] == 60 and counts["failed"] == []
        articles, orphans = consistent(home)
        assert (articles, orphans) == (60, 0)
        assert "district 42" in json.loads(run_cli(["ask", "What did meeting 42 discuss?", "--json"], home).stdout)[
            "answer"]

    def test_failing_batch_leaves_articles_as_they_were(self, tmp_path, settings, embedder):
        from index.pipeline import Indexer

        folder = tmp_path / "articles"
        shutil.copytree(ARTICLES, folder)
        Indexer(settings, embedder=embedder).run([str(folder)])
        before = Manifest(settings.manifest_path).committed_chunk_ids()
        path = folder / "vaccine-trial.txt"
        path.write_text(path.read_text().replace("1,500 adults", "3,000 adults"))

        class BrokenEmbedder:
            tokenizer = embedder.tokenizer

            def embed_documents(self, texts):
                raise RuntimeError("embedding backend crashed")

        result = Indexer(settings, embedder=BrokenEmbedder()).run([str(folder)])
        assert result.updated == 0 and len(result.failed) == 1
        assert "embedding backend crashed" in result.failed[0].error
        assert Manifest(settings.manifest_path).committed_chunk_ids() == before
        retry = Indexer(settings, embedder=embedder).run([str(folder)])
        assert retry.updated == 1

    def test_failure_after_the_vector_write_leaves_no_orphans(self, tmp_path, settings, embedder, monkeypatch):
        from index.pipeline import Indexer

        folder = tmp_path / "articles"
        shutil.copytree(ARTICLES, folder)
        indexer = Indexer(settings, embedder=embedder)
        indexer.run([str(folder)])
        before = Manifest(settings.manifest_path).committed_chunk_ids()
        path = folder / "vaccine-trial.txt"
        path.write_text(path.read_text().replace("1,500 adults", "3,000 adults"))

        def disk_full(*args, **kwargs):
            raise OSError("disk full")

        monkeypatch.setattr(Manifest, "commit_article", disk_full)
        result = Indexer(settings, embedder=embedder).run([str(folder)])
        monkeypatch.undo()
        assert result.updated == 0 and "disk full" in result.failed[0].error
        assert Manifest(settings.manifest_path).committed_chunk_ids() == before
        assert set(indexer.store.all_ids()) == set(before)  # the new version's vectors were removed

