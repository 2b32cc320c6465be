"""Issue 14 #6: a lost or damaged Chroma store is repaired from the manifest, by the index run itself
and by `newsdesk doctor`; questions never crash on missing vectors meanwhile."""
import json
import shutil

import numpy as np
import pytest

from conftest import ARTICLES, run_cli

TARGETS = [str(ARTICLES / name) for name in ("harbor-bridge.md", "wire.jsonl", "vaccine-trial.txt")]


def vectors_of(store, ids):
    found, vectors = store.embeddings(ids)
    return dict(zip(found, np.asarray(vectors, dtype=np.float32)))


def test_index_run_reembeds_lost_vectors(indexer):
    assert indexer.run(TARGETS).added == 4
    ids = sorted(indexer.manifest.committed_chunk_ids())
    before = vectors_of(indexer.store, ids)
    lost = ids[::2]
    indexer.store.delete_ids(lost)

    result = indexer.run(TARGETS)  # before the fix: "skipped 4", exit 0, vectors still missing
    assert result.skipped == 4 and indexer.repair.reembedded == len(lost)
    after = vectors_of(indexer.store, ids)
    assert set(after) == set(ids)
    for cid in lost:
        assert float(before[cid] @ after[cid]) > 0.999  # the same text and headline were embedded
    metadata = indexer.store.collection.get(ids=lost[:1], include=["metadatas"])["metadatas"][0]
    assert metadata["article_id"] and "content_hash" in metadata and "start" in metadata


def test_retrieval_survives_missing_vectors(indexer, settings, embedder):
    from services import Services

    indexer.run(TARGETS)
    indexer.store.delete_ids(sorted(indexer.manifest.committed_chunk_ids()))
    retriever = Services(settings, embedder=embedder, store=indexer.store).retriever
    passages = retriever.retrieve("When did the harbor bridge reopen?")  # before: IndexError
    assert any("Harbor Bridge" in p.text for p in passages)


@pytest.mark.slow
def test_deleted_and_damaged_store_rebuilt_from_the_cli(tmp_path):
    home = tmp_path / "home"
    assert run_cli(["index", *TARGETS], home).returncode == 0
    shutil.rmtree(home / "chroma")
    asked = run_cli(["ask", "When did the harbor bridge reopen?", "--json"], home)
    assert asked.returncode == 0 and "Traceback" not in asked.stderr
    assert "Harbor Bridge" in json.loads(asked.stdout)["answer"]

    doctor = run_cli(["doctor", "--json"], home)
    assert doctor.returncode == 0, doctor.stderr
    report = json.loads(doctor.stdout)
    assert report["stored_vectors"] == 0 and report["reembedded"] == report["committed_chunks"] > 0

    sqlite = home / "chroma" / "chroma.sqlite3"
    with open(sqlite, "r+b") as handle:
        handle.truncate(4096)  # a damaged file: chromadb cannot open it at all
    done = run_cli(["index", *TARGETS, "--json"], home)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["skipped"] == 4
    assert "moved to" in done.stderr and list(home.glob("chroma.damaged-*"))
    again = json.loads(run_cli(["doctor", "--json"], home).stdout)
    assert again["missing"] == 0 and again["stored_vectors"] == again["committed_chunks"]
