"""ChunkStore over chromadb's public API: vectors passed in, cosine scores out, metadata filters, no embedding
function on the collection."""
import numpy as np

from index.manifest import Manifest
from index.store import ChunkStore
from settings import Settings


def test_search_returns_cosine_scores_nearest_first(tmp_path):
    settings = Settings(home=tmp_path / "home")
    store = ChunkStore(settings, Manifest(settings.manifest_path))
    vectors = np.eye(3, 8, dtype=np.float32)
    vectors[2] = (vectors[0] + vectors[2]) / np.sqrt(2)
    store.upsert_rows(["a", "b", "c"], vectors, ["text a", "text b", "text c"],
                      [{"article_id": "x", "source": "One"}, {"article_id": "y", "source": "Two"},
                       {"article_id": "z", "source": "Two"}])
    hits = store.search(vectors[0], 3)
    assert [h.chunk_id for h in hits] == ["a", "c", "b"]
    assert np.allclose([h.score for h in hits], [1.0, 1 / np.sqrt(2), 0.0], atol=1e-5)
    assert hits[0].text == "text a" and hits[0].metadata["source"] == "One"
    assert [h.chunk_id for h in store.search(vectors[0], 3, {"source": "Two"})] == ["c", "b"]
    bare = store.search(vectors[0], 3, ids_only=True)  # the retriever has the texts: ids and scores only
    assert [h.chunk_id for h in bare] == ["a", "c", "b"] and bare[0].text == "" and bare[0].metadata == {}
    assert sorted(store.all_ids()) == ["a", "b", "c"] and store.count() == 3
    ids, found = store.embeddings(["b", "missing"])
    assert ids == ["b"] and np.allclose(found[0], vectors[1])
    store.delete_article("y")
    assert sorted(store.all_ids()) == ["a", "c"]
    assert store.collection.metadata.get("hnsw:space") == "cosine"
