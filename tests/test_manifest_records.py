"""The manifest's reads return typed records, not positional tuples."""
from dataclasses import replace
from datetime import datetime, timezone

from index.article import Article, Chunk
from index.manifest import ChunkText, CommittedChunk, DuplicateRecord, Manifest


def test_records_are_dataclasses(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite3")
    when = datetime(2024, 1, 2, tzinfo=timezone.utc)
    article = Article("a1", "Headline", "One. Two.", source="Wire", url="https://x/a1", published_at=when,
                      origin="/tmp/a1.txt")
    chunks = [Chunk("a1", 0, "One.", 0, 4), Chunk("a1", 1, "Two.", 5, 9)]
    manifest.commit_article(article, chunks, ["a1#0", "a1#1"], simhash=7)
    manifest.record_duplicate(Article("a2", "Copy", "One. Two.", origin="/tmp/copy.txt"), "a1")

    assert manifest.chunk_rows() == [ChunkText("a1#0", "a1", "One.", "Headline"),
                                     ChunkText("a1#1", "a1", "Two.", "Headline")]
    first = CommittedChunk("a1#0", "a1", 0, "One.", 0, 4, "Headline", "Wire", "https://x/a1", "",
                           when.isoformat(), int(when.timestamp()), article.content_hash)
    assert sorted(manifest.catalog_rows(), key=lambda c: c.chunk_id)[0] == first
    assert manifest.chunk_records(["a1#0", "missing"]) == [first]
    copy = manifest.duplicate_records()["a2"]
    assert copy == DuplicateRecord(copy.content_hash, "a1", "/tmp/copy.txt") and copy.content_hash


def test_catalog_gives_an_articles_chunks_from_its_map(tmp_path):
    from assistant.catalog import Catalog
    from settings import Settings

    settings = Settings(home=tmp_path / "home")
    manifest = Manifest(settings.manifest_path)
    for name in ("a1", "a2"):
        article = Article(name, f"Headline {name}", "One. Two.")
        manifest.commit_article(article, [Chunk(name, 0, f"{name} one.", 0, 4), Chunk(name, 1, f"{name} two.", 5, 9)],
                                [f"{name}#0", f"{name}#1"], simhash=1)
    catalog = Catalog(settings, manifest, None)
    catalog.refresh()
    assert [p.text for p in catalog.article_chunks("a2")] == ["a2 one.", "a2 two."]
    assert catalog.article_chunks("unknown") == []
    assert [p.chunk_id for p in catalog.article_chunks("a1")] == ["a1#0", "a1#1"]
    assert catalog.passages([("a1#1", 0.5), ("gone", 1.0), ("a2#0", 0.25)]) == [
        replace(catalog.article_chunks("a1")[1], score=0.5), replace(catalog.article_chunks("a2")[0], score=0.25)]
    assert [a.article_id for a in catalog.articles()] == ["a1", "a2"] and catalog.committed_chunks == 4
    assert catalog.articles_quoting(["a2 two", "nowhere"]) == {"a2"}
    manifest.delete_article("a2")  # after the load: its passages are no longer shown, never stale
    assert catalog.passages([("a2#0", 1.0)]) == [] and catalog.article_chunks("a2") == []
