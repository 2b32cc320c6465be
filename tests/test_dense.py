"""Dense scores over the catalog's in-memory vectors: numpy, one BLAS thread, no torch import (a question's cold
start pays ~4 s for torch on 2 cores; bench/RESULTS.md, CLI cold start)."""
import sys

import numpy as np
import pytest

from assistant.catalog import Catalog
from assistant.passage import Filters
from assistant.retriever import NewsRetriever
from index.manifest import Manifest
from settings import Settings


class FixedEmbedder:
    def __init__(self, vector: np.ndarray):
        self.vector = vector

    def embed_query(self, text: str) -> np.ndarray:
        return self.vector


class NoStore:
    """Never reached: with the vectors in memory, dense scores don't ask Chroma."""


@pytest.fixture
def unit_vectors() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((500, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    query = rng.standard_normal(384).astype(np.float32)
    return vectors, query / np.linalg.norm(query)


def test_dense_is_the_cosine_in_float32_without_torch(tmp_path, monkeypatch, unit_vectors):
    vectors, query = unit_vectors
    settings = Settings(home=tmp_path / "home")
    catalog = Catalog(settings, Manifest(settings.manifest_path), NoStore())  # type: ignore[arg-type]
    retriever = NewsRetriever(settings, FixedEmbedder(query), catalog)
    retriever.catalog.vectors = vectors
    monkeypatch.setitem(sys.modules, "torch", None)  # any `import torch` now raises ImportError
    scores = retriever._dense("a question", Filters(), np.ones(len(vectors), dtype=bool))
    assert scores.dtype == np.float32 and scores.shape == (len(vectors),)
    reference = vectors.astype(np.float64) @ query.astype(np.float64)
    np.testing.assert_allclose(scores, reference, atol=1e-6)
    assert list(np.argsort(-scores)[:10]) == list(np.argsort(-reference)[:10])


def test_dense_runs_one_blas_thread_and_restores_the_setting(tmp_path, monkeypatch, unit_vectors):
    """The product runs on one BLAS thread (OpenBLAS's spinning threads starve an indexing torch), through the
    one ThreadpoolController the process keeps; the library's own setting is back after the question."""
    from threadpoolctl import threadpool_info

    import assistant.retriever as module

    def blas_threads() -> list[int]:
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    vectors, query = unit_vectors
    settings = Settings(home=tmp_path / "home")
    catalog = Catalog(settings, Manifest(settings.manifest_path), NoStore())  # type: ignore[arg-type]
    retriever = NewsRetriever(settings, FixedEmbedder(query), catalog)
    retriever.catalog.vectors = vectors
    original, seen, real = blas_threads(), [], module.one_blas_thread

    def watched():
        limiter = real()
        seen.append(blas_threads())
        return limiter
    monkeypatch.setattr(module, "one_blas_thread", watched)
    retriever._dense("a question", Filters(), np.ones(len(vectors), dtype=bool))
    assert original and seen == [[1] * len(original)]
    assert blas_threads() == original
