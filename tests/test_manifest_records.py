"""The manifest's reads return typed records, not positional tuples."""
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
