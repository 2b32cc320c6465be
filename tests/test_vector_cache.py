"""The catalog's vector mirror kept in ``home/cache`` (assistant/catalog.py): a second process loads it without
opening Chroma; a damaged file falls back to the store; a mirror with vectors missing from the store is never
kept. Real Chroma, the real embedding model, the fixture articles."""
import numpy as np
import pytest

import index.store
from conftest import ARTICLES
from services import Services


@pytest.fixture
def indexed(indexer, settings):
    indexer.run([str(ARTICLES)])
    return settings


def cache_files(settings):
    return sorted((settings.home / "cache").glob("vectors-*.npy"))


def test_a_second_process_reads_the_mirror_without_opening_chroma(indexed, embedder, monkeypatch):
    first = Services(indexed, embedder=embedder)
    first.catalog.refresh()
    assert first.catalog.vectors is not None and len(cache_files(indexed)) == 1

    def no_chroma(settings):
        raise AssertionError("Chroma was opened although the mirror was kept")

    monkeypatch.setattr(index.store, "make_client", no_chroma)
    second = Services(indexed, embedder=embedder)
    second.catalog.refresh()
    assert np.array_equal(second.catalog.vectors, first.catalog.vectors)
    assert not second.store.opened
    hits = second.retriever.retrieve("Who won the women's race at the Eastgate marathon?")
    assert hits and "Sofia Brandt" in " ".join(p.text for p in hits)


def test_a_damaged_mirror_is_read_again_from_the_store(indexed, embedder):
    first = Services(indexed, embedder=embedder)
    first.catalog.refresh()
    [mirror] = cache_files(indexed)
    mirror.write_bytes(b"not a numpy file")
    again = Services(indexed, embedder=embedder)
    again.catalog.refresh()
    assert np.array_equal(again.catalog.vectors, first.catalog.vectors)
    assert np.array_equal(np.load(mirror), first.catalog.vectors)  # kept anew


def test_no_mirror_is_kept_while_vectors_are_missing_from_the_store(indexed, embedder):
    services = Services(indexed, embedder=embedder)
    lost = services.store.all_ids()[:3]
    services.store.delete_ids(lost)
    services.catalog.refresh()
    assert services.catalog.vectors is not None and cache_files(indexed) == []
