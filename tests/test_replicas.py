"""Issue 15, replicas: a Chroma server holds everything (chunks, article records, generation, the indexing lease);
each replica's manifest, BM25 folder and catalog are caches rebuilt from it.

The fast tests run the shared state, the resync and the lease over an in-process Chroma; the slow ones start
`chroma run`, the CLI and two `newsdesk serve` processes with their own homes."""
import json
import os
import shutil
import signal
import subprocess
import time
import uuid

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from conftest import ARTICLES, NEWSDESK, chroma_server_at, run_cli, start_app
from index.article import Article, Chunk, chunk_id
from index.lease import Lease, hold_lease
from index.lock import IndexBusy
from index.manifest import Manifest, article_row
from index.replica import SHARED_VERSION, Replica, resync
from index.shared_state import SharedState
from index.store import ChunkStore, chunk_metadata
from settings import Settings

QUESTION = "Who won the women's race at the Eastgate marathon?"
SYNC_DEADLINE_S = 120  # a replica that has not synced by then never will: its sync interval is seconds


# --- fast: an in-process Chroma stands for the server ------------------------------------------------
@pytest.fixture
def served(tmp_path):
    """(settings of a replica against a server, its manifest, chunk store, shared state): one in-process Chroma,
    a fresh collection name per test."""
    settings = Settings(home=tmp_path / "home",
                        store={"chroma_host": "in-process", "collection": f"t{uuid.uuid4().hex}"})
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    manifest = Manifest(settings.manifest_path)
    store = ChunkStore(settings, manifest, client=client)
    return settings, manifest, store, SharedState(settings, client)


def store_article(store: ChunkStore, article: Article, texts: list[str]) -> list[str]:
    """Write an article's chunks (vectors made up) as an indexer would before committing it; their ids."""
    chunks = [Chunk(article.id, n, text, 0, len(text)) for n, text in enumerate(texts)]
    ids = [chunk_id(article.id, c.number, article.content_hash) for c in chunks]
    vectors = [[1.0, float(n), 0.5] for n in range(len(chunks))]
    store.collection.upsert(ids=ids, embeddings=vectors, documents=texts,
                            metadatas=[chunk_metadata(article, c) for c in chunks])
    return ids


def test_resync_lists_an_article_only_with_all_its_chunks(served):
    settings, manifest, store, shared = served
    shared.initialize(manifest)
    article = Article("https://x.example/a", "A title", "One. Two.", source="X")
    store_article(store, article, ["One."])  # the second chunk is not stored (yet)
    shared.put_articles([article_row(article, 2, 7)])
    shared.publish()
    report = resync(manifest, shared, store)
    assert report.incomplete == [article.id] and manifest.records() == {}
    assert manifest.get_meta(SHARED_VERSION) is None  # not synced: checked again next time

    store_article(store, article, ["One.", "Two."])
    report = resync(manifest, shared, store)
    assert report.added == 1 and [c.text for c in manifest.chunk_rows()] == ["One.", "Two."]
    assert manifest.get_meta(SHARED_VERSION) == shared.version().token

    shared.delete(article.id)  # uncommitted on the server: gone here at the next resync
    shared.publish()
    report = resync(manifest, shared, store)
    assert report.deleted == 1 and manifest.records() == {} and manifest.chunk_rows() == []


def test_a_server_without_records_gets_this_homes(served):
    settings, manifest, store, shared = served
    article = Article("https://x.example/b", "B title", "Body.", source="Y")
    ids = store_article(store, article, ["Body."])
    manifest.commit_article(article, [Chunk(article.id, 0, "Body.", 0, 5)], ids, simhash=3)
    assert shared.version() is None
    resync(manifest, shared, store)  # no state on the server: nothing is deleted here
    assert list(manifest.records()) == [article.id]
    shared.initialize(manifest)
    articles = shared.records().articles
    assert articles[article.id].content_hash == article.content_hash and articles[article.id].n_chunks == 1


def test_a_replica_reads_only_what_changed_and_tombstones_delete(served):
    settings, manifest, store, shared = served
    shared.initialize(manifest)
    first, second = (Article(f"https://x.example/{n}", f"Title {n}", "Body.", source="X") for n in ("d", "e"))
    store_article(store, first, ["Body."])
    shared.put_articles([article_row(first, 1, 1)])
    synced = shared.publish()
    resync(manifest, shared, store)
    store_article(store, second, ["Body."])
    shared.put_articles([article_row(second, 1, 2)])
    shared.delete(first.id)
    shared.publish()
    assert set(shared.records(since=synced.generation).gens) == {first.id, second.id}  # not the whole collection
    report = resync(manifest, shared, store)
    assert (report.added, report.deleted) == (1, 1) and list(manifest.records()) == [second.id]


def test_a_record_an_incremental_read_missed_is_tagged_anew_by_the_next_full_resync(served, tmp_path):
    settings, manifest, store, shared = served
    shared.initialize(manifest)
    indexer_home = Manifest(tmp_path / "indexer" / "manifest.sqlite3")
    for home in (manifest, indexer_home):
        resync(home, shared, store)  # a replica and an indexer's home, synced at the published generation
    stray = Article("https://x.example/f", "Stray", "Body.", source="X")
    store_article(store, stray, ["Body."])
    shared._writing = 1  # an indexer that lost the lease tags its record with a generation already published
    shared.put_articles([article_row(stray, 1, 3)])
    shared.publish()
    assert resync(manifest, shared, store).added == 0  # missed: tagged at or below what it synced to
    report = resync(indexer_home, shared, store, full=True)  # an indexer's catch-up under the lease
    assert [row.id for row in report.strays] == [stray.id]
    shared.put_articles(report.strays)  # what the indexer's catch-up does
    shared.publish()
    assert resync(manifest, shared, store).added == 1 and list(manifest.records()) == [stray.id]


def test_lease_refuses_a_second_holder_naming_the_first_then_is_taken_over_when_expired(served):
    _, _, _, shared = served
    said: list[str] = []
    with hold_lease(shared, "indexing corpus-one", 0.1, 60, said.append) as first:
        with pytest.raises(IndexBusy, match="indexing corpus-one") as refused:
            with hold_lease(shared, "indexing corpus-two", 0.3, 60, said.append):
                pytest.fail("two indexers held the lease at once")
        assert first.holder in str(refused.value) and "Waiting for another indexer" in said[0]
        first.check()  # still ours
    stale = Lease(shared, "a run that died", ttl_s=2)
    stale.write()
    shared.put_meta("lease", {**shared.get_meta("lease"), "expires": time.time() - 1})
    with hold_lease(shared, "indexing after it", 0.1, 60, said.append) as taker:
        assert "a run that died" in taker.took_over
        with pytest.raises(IndexBusy, match="passed to another indexer"):
            stale.check()


def test_a_replica_whose_server_is_unreachable_answers_from_its_cache(served):
    settings, manifest, store, shared = served
    shared.initialize(manifest)
    replica = Replica(settings, manifest, lambda: store)
    assert replica.sync(force=True) is True  # the first sync builds this home's (empty) BM25 folder
    assert replica.sync(force=True) is False  # nothing new on the server
    article = Article("https://x.example/c", "C title", "Body.", source="Z")
    store_article(store, article, ["Body."])
    shared.put_articles([article_row(article, 1, 5)])
    shared.publish()
    assert replica.sync() is False and manifest.records() == {}  # within the sync interval: not checked
    assert replica.sync(force=True) is True and list(manifest.records()) == [article.id]

    def unreachable() -> ChunkStore:
        raise ConnectionError("server down")

    assert Replica(settings, manifest, unreachable).sync(force=True) is False
    assert list(manifest.records()) == [article.id]


# --- slow: a real `chroma run`, the CLI, two apps -------------------------------------------------------
@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory):
    with chroma_server_at(tmp_path_factory.mktemp("server")) as port:
        yield port


@pytest.fixture
def server_env(chroma_port):
    """The environment of a replica: the module's server, a collection of this test's own."""
    return {"NEWSDESK_STORE__CHROMA_HOST": "127.0.0.1", "NEWSDESK_STORE__CHROMA_PORT": str(chroma_port),
            "NEWSDESK_STORE__COLLECTION": f"t{uuid.uuid4().hex[:12]}"}


def server_collection(env: dict, suffix: str = ""):
    client = chromadb.HttpClient(host="127.0.0.1", port=int(env["NEWSDESK_STORE__CHROMA_PORT"]),
                                 settings=ChromaSettings(anonymized_telemetry=False))
    return client.get_or_create_collection(env["NEWSDESK_STORE__COLLECTION"] + suffix, embedding_function=None)


@pytest.mark.slow
def test_a_fresh_home_answers_from_a_populated_server_without_indexing(tmp_path, server_env):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    done = run_cli(["index", str(folder), "--json"], tmp_path / "first", extra_env=server_env)
    assert done.returncode == 0 and json.loads(done.stdout)["added"] == 10, done.stderr
    state = server_collection(server_env, "-meta").get(ids=["state"], include=["metadatas"])["metadatas"][0]

    fresh = tmp_path / "fresh"
    asked = run_cli(["ask", QUESTION, "--json"], fresh, extra_env=server_env)
    assert asked.returncode == 0 and "Sofia Brandt" in json.loads(asked.stdout)["answer"], asked.stderr[-800:]
    assert "is empty" not in asked.stderr
    assert not (fresh / "chroma").exists() and not (fresh / "uploads").exists()
    assert Manifest(fresh / "manifest.sqlite3").stats()["articles"] == 10  # the cache, rebuilt from the server
    after = server_collection(server_env, "-meta").get(ids=["state"], include=["metadatas"])["metadatas"][0]
    assert after == state  # nothing was written to the server

    (folder / "harbor-bridge.md").unlink()  # pruned through the first home: gone from the fresh one too
    pruned = run_cli(["index", str(folder), "--prune", "--json"], tmp_path / "first", extra_env=server_env)
    assert json.loads(pruned.stdout)["deleted"] == 1, pruned.stderr[-800:]
    stats = run_cli(["stats", "--json"], fresh, extra_env=server_env)
    assert json.loads(stats.stdout)["articles"] == 9


@pytest.mark.slow
def test_an_article_indexed_through_one_app_is_answerable_through_the_other(tmp_path, server_env):
    from gradio_client import Client, handle_file

    apps = [start_app(tmp_path / name, server_env) for name in ("replica-a", "replica-b")]
    try:
        a, b = (Client(url, verbose=False, download_files=False) for _, url in apps)
        assert b.predict(QUESTION, api_name="/ask")["abstained"]  # nothing indexed yet (and B is warm)
        for through, other, path, question, expected in (
                (a, b, "wire.jsonl", QUESTION, "Sofia Brandt"),
                (b, a, "harbor-bridge.md", "How much did the Harbor Bridge repair cost?", "$84 million")):
            assert through.predict([handle_file(str(ARTICLES / path))], api_name="/index")["failed"] == []
            indexed = time.monotonic()
            answer, asks = "", 0
            # wait on the condition, not on the clock: on a loaded machine one ask alone can take seconds, so
            # the deadline only stops a replica that never syncs (how soon it syncs is its setting's business)
            while expected not in answer and time.monotonic() - indexed < SYNC_DEADLINE_S:
                answer, asks = other.predict(question, api_name="/ask")["answer"], asks + 1
            took = time.monotonic() - indexed
            assert expected in answer, (took, asks, answer)
            print(f"answerable through the other replica after {took:.2f} s ({asks} asks)")
    finally:
        for process, _ in apps:
            process.terminate()
            process.wait(timeout=20)


def write_corpus(path, count: int) -> None:
    articles = [{"title": f"Harbour report {i}", "source": f"Paper {i % 3}", "url": f"https://paper.example/{i}",
                 "published_at": f"2024-03-{1 + i % 28:02d}",
                 "body": f"Report {i} covers district {i}. " + " ".join(
                     f"Clause {j} of report {i} concerns pier {i * 31 + j} and berth {i * 17 + j}." for j in range(20))}
                for i in range(count)]
    path.write_text("\n".join(json.dumps(a) for a in articles))


def lease_holder(env: dict) -> dict | None:
    got = server_collection(env, "-meta").get(ids=["lease"], include=["metadatas"])
    return got["metadatas"][0] if got["ids"] else None


@pytest.mark.slow
def test_two_indexers_against_one_server_are_serialised_or_the_second_refuses(tmp_path, server_env):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 40)
    first = subprocess.Popen([NEWSDESK, "index", str(corpus), "--json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             env={**os.environ, **server_env, "NEWSDESK_HOME": str(tmp_path / "first")})
    deadline = time.time() + 120
    while lease_holder(server_env) is None and first.poll() is None and time.time() < deadline:
        time.sleep(0.05)  # poll interval: the loop waits on the lease record appearing
    assert lease_holder(server_env) is not None, "the first indexer never took the lease"
    first.send_signal(signal.SIGSTOP)  # frozen while holding the lease: the second can't slip in after it
    try:
        refused = run_cli(["index", str(ARTICLES), "--json"], tmp_path / "second",
                          extra_env={**server_env, "NEWSDESK_INDEX__LOCK_WAIT_S": "1"})
        assert refused.returncode == 1
        assert "Another indexer is still running" in refused.stderr and f"pid {first.pid}" in refused.stderr
        assert "nothing was indexed" in refused.stderr

        waiting_log = tmp_path / "waiting.log"
        with open(waiting_log, "w") as log:
            waiting = subprocess.Popen([NEWSDESK, "index", str(ARTICLES), "--json"], stdout=subprocess.PIPE,
                                       stderr=log, text=True, env={**os.environ, **server_env,
                                                                   "NEWSDESK_HOME": str(tmp_path / "third")})
        deadline = time.time() + 120
        while "Waiting for another indexer" not in waiting_log.read_text() and time.time() < deadline:
            time.sleep(0.1)  # poll interval: the loop waits on the waiting line
        assert f"pid {first.pid}" in waiting_log.read_text()
    finally:
        first.send_signal(signal.SIGCONT)
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0 and json.loads(out)["added"] == 40, err[-800:]
    out, _ = waiting.communicate(timeout=600)
    assert waiting.returncode == 0 and json.loads(out)["added"] == 10, waiting_log.read_text()[-800:]
    records = [m for m in server_collection(server_env, "-articles").get(include=["metadatas"])["metadatas"]
               if m["kind"] == "article"]
    first_done = max(m["indexed_at"] for m in records if m["url"].startswith("https://paper.example/"))
    second_start = min(m["indexed_at"] for m in records if not m["url"].startswith("https://paper.example/"))
    assert second_start >= first_done  # one after the other, never interleaved
    assert lease_holder(server_env) is None  # released


def server_consistent(env: dict) -> tuple[int, int]:
    """Every article record on the server has all its chunks (they are written first); returns (articles,
    chunks no record owns: left by a killed run, never listed)."""
    got = server_collection(env, "-articles").get(include=["metadatas"])
    records = {rid: meta for rid, meta in zip(got["ids"], got["metadatas"]) if meta["kind"] == "article"}
    chunks = server_collection(env).get(include=["metadatas"])
    owned: dict[str, int] = {}
    orphans = 0
    for meta in chunks["metadatas"]:
        record = records.get(meta["article_id"])
        if record is not None and record["content_hash"] == meta["content_hash"]:
            owned[meta["article_id"]] = owned.get(meta["article_id"], 0) + 1
        else:
            orphans += 1
    assert {rid: r["n_chunks"] for rid, r in records.items()} == owned
    return len(records), orphans


@pytest.mark.slow
def test_kill_nine_mid_run_against_a_server_then_finish(tmp_path, server_env):
    from test_store_modes import kill_mid_run

    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 60)
    home = tmp_path / "indexer"
    env = {**server_env, "NEWSDESK_LEXICAL_REFRESH_S": "0", "NEWSDESK_STORE__CHROMA_LEASE_TTL_S": "3"}
    process = subprocess.Popen([NEWSDESK, "index", str(corpus)], env={**os.environ, **env, "NEWSDESK_HOME": str(home)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    committed = kill_mid_run(process, home, more_than=16, total=60)
    articles, _ = server_consistent(server_env)
    assert articles >= committed  # the server commits first, then the home's manifest
    stats = run_cli(["stats", "--json"], tmp_path / "fresh", extra_env=server_env)
    assert json.loads(stats.stdout)["articles"] == articles  # a fresh replica lists exactly the committed ones

    final = run_cli(["index", str(corpus), "--json"], home, extra_env=env)  # takes over the dead run's lease
    counts = json.loads(final.stdout)
    assert counts["added"] + counts["skipped"] == 60 and counts["failed"] == [], final.stderr[-800:]
    assert server_consistent(server_env) == (60, 0)
    asked = run_cli(["ask", "What does report 42 cover?", "--json"], tmp_path / "fresh", extra_env=server_env)
    assert "district 42" in json.loads(asked.stdout)["answer"], asked.stderr[-800:]
