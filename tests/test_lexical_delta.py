"""Incremental BM25 (index/lexical_delta.py): chunks committed after a full build go to a delta weighted with the
base's statistics; past MAX_DELTA_SHARE a full build (compaction) drops it. Real manifests, real bm25s."""
import json

import numpy as np

from conftest import ARTICLES, FIXTURES, SEEDS
from index.article import Article, Chunk
from index.lexical import LexicalIndex, tokenize
from index.lexical_delta import Delta, delta_path, derive_avgdl, weigh
from index.manifest import Manifest
from index.replica import rebuild_lexical
from settings import Settings


def texts() -> list[str]:
    """Paragraphs of the fixture articles and seeds: ~50 small documents."""
    paths = sorted(ARTICLES.rglob("*.md")) + sorted(SEEDS.rglob("*.md")) + sorted(ARTICLES.rglob("*.txt"))
    bodies = [p.read_text() for p in paths] + [a["body"] for a in json.loads((FIXTURES / "eval" / "corpus.json")
                                                                          .read_text())]
    return [part.strip() for body in bodies for part in body.split("\n\n") if len(part.split()) > 5]


def test_a_delta_row_weighs_what_a_full_build_gives_it_with_the_same_length_statistics():
    docs = tokenize(texts())
    base, extra = docs[:-3], docs[-3:]
    import bm25s

    full, part = bm25s.BM25(), bm25s.BM25()
    full.index(docs, show_progress=False)
    part.index(base, show_progress=False)
    avgdl = float(np.mean([len(d) for d in docs]))  # what the full build used
    delta = weigh(extra, part, len(base), avgdl, part.k1, part.b)
    for query in (["bridg"], ["vaccin", "trial"], ["council", "budget", "harbor"]):
        ours = [delta.vocab_dict[t] for t in query if t in delta.vocab_dict]
        expected = full.get_scores(query)[-3:]
        got = np.zeros(3, dtype=np.float32)
        for column in ours:
            start, end = delta.scores["indptr"][column], delta.scores["indptr"][column + 1]
            got[delta.scores["indices"][start:end]] += delta.scores["data"][start:end]
        assert np.allclose(got, expected, rtol=1e-5, atol=1e-6), query


def test_the_mean_length_of_an_older_build_is_derived_from_one_row():
    rows = [(f"c{i}", text, text) for i, text in enumerate(texts())]
    index = LexicalIndex.build(rows, generation=1)
    derived = derive_avgdl(index.model, len(rows), 2, index.terms(rows[2][1]))
    assert derived is not None and abs(derived - index.avgdl[0]) <= 1e-4 * index.avgdl[0]


def commit(manifest: Manifest, name: str, body: str) -> None:
    article = Article(name, f"Headline {name}", body, source="Wire")
    parts = [p for p in body.split("\n\n") if p.strip()] or [body]
    manifest.commit_article(article, [Chunk(name, i, p, 0, len(p)) for i, p in enumerate(parts)],
                            [f"{name}#{i}" for i in range(len(parts))], simhash=1)


def test_a_new_article_goes_to_a_delta_until_compaction(tmp_path):
    settings = Settings(home=tmp_path / "home")
    manifest = Manifest(settings.manifest_path)
    for i, text in enumerate(texts() * 8):  # ~120 chunks: a delta may hold 6
        commit(manifest, f"a{i:03d}", text)
    assert rebuild_lexical(settings, manifest)
    base = LexicalIndex.load(settings.bm25_path)
    assert base.delta is None and base.avgdl and not delta_path(settings.bm25_path).exists()

    commit(manifest, "zeppelin", "The zeppelin hangar at Friedrichshafen reopened for tours on Sunday.")
    assert rebuild_lexical(settings, manifest)
    loaded = LexicalIndex.load(settings.bm25_path)
    assert loaded.delta is not None and loaded.base_ids == base.base_ids
    assert loaded.chunk_ids == base.chunk_ids + ["zeppelin#0"]
    assert (loaded.store_id, loaded.generation) == (manifest.version().store_id, manifest.version().generation)
    scores = loaded.scores("zeppelin hangar")
    assert int(np.argmax(scores)) == len(loaded.chunk_ids) - 1 and scores[:-1].max() == 0
    assert int(np.argmax(loaded.sentence_scores("Friedrichshafen"))) == len(loaded.chunk_ids) - 1
    assert loaded.idf("zeppelin") == loaded.idf_of_rarest()  # one sentence has it: the delta's counts count
    assert not rebuild_lexical(settings, manifest)  # current: nothing to do

    from assistant.catalog import Catalog

    catalog = Catalog(settings, manifest, None)
    catalog.refresh()
    assert catalog.order[-1] == "zeppelin#0" and catalog.committed_rows[-1]
    manifest.delete_article("a000")  # gone from the base: masked by the catalog, still a delta
    assert rebuild_lexical(settings, manifest)
    catalog.refresh()
    assert not catalog.committed_rows[catalog.row_of["a000#0"]] and LexicalIndex.load(settings.bm25_path).delta

    for i in range(12):  # past MAX_DELTA_SHARE of the base: a full build, the delta dropped
        commit(manifest, f"new{i}", f"Article number {i} about the harbour ferry timetable.")
    assert rebuild_lexical(settings, manifest)
    compacted = LexicalIndex.load(settings.bm25_path)
    assert compacted.delta is None and not delta_path(settings.bm25_path).exists()
    assert "a000#0" not in compacted.chunk_ids and "zeppelin#0" in compacted.base_ids


def test_a_delta_of_another_base_is_ignored(tmp_path):
    rows = [(f"c{i}", text, text) for i, text in enumerate(texts())]
    index = LexicalIndex.build(rows, generation=3, store_id="s")
    delta = index.extend([("n", "New text about trams.", "New text about trams.")], 4, index.avgdl)
    delta.save(tmp_path / "d.npz")
    assert Delta.load(tmp_path / "d.npz", ("s", 3)).chunk_ids == ["n"]
    assert Delta.load(tmp_path / "d.npz", ("s", 2)) is None and Delta.load(tmp_path / "x.npz", ("s", 3)) is None


def test_the_catalog_finds_a_quote_through_bm25_as_a_scan_of_every_chunk_does(tmp_path):
    """Follow-ups search the article the previous answer quoted: candidates from the BM25 postings of the quote's
    interior words, checked in the manifest, equal a scan of every chunk text (7-8 s at 1M chunks)."""
    from assistant.catalog import Catalog

    settings = Settings(home=tmp_path / "home")
    manifest = Manifest(settings.manifest_path)
    for i, text in enumerate(texts() * 3):
        commit(manifest, f"a{i:03d}", text)
    rebuild_lexical(settings, manifest)
    commit(manifest, "late", "Committed after the build, the ferry timetable changes on Monday morning.")
    catalog = Catalog(settings, manifest, None)
    catalog.refresh()
    quotes = [text[start:start + 60] for text in texts() for start in (0, 7, 33)]  # some cut mid-word
    quotes += ["the ferry timetable changes on Monday", "a sentence that no article contains anywhere at all",
               "zq", "Committed after the build, the ferry"]
    for quote in quotes:
        assert catalog.articles_quoting([quote]) == manifest.articles_quoting([quote]), quote
    assert catalog.articles_quoting(quotes[:3]) == manifest.articles_quoting(quotes[:3])
    assert "late" in catalog.articles_quoting(["the ferry timetable changes on Monday"])
