"""The manifest: a SQLite record of which article versions are committed, and their chunks.

Invariants:
- an article is visible (to stats, BM25 and retrieval) only once its row and all its chunk rows are
  committed here, in one transaction, *after* its vectors are in Chroma;
- chunk ids carry the article's content hash, so a re-run after a crash overwrites the same ids
  (no duplicates) and chunks of an uncommitted version are never shown;
- ``generation`` increases on every committed change, so readers know when to reload; with the
  manifest's random ``store_id`` it never repeats, even after the manifest file is deleted and recreated;
- ``writer`` names the process that made the last change, so a long-lived reader can tell another
  process's commits (which its cached Chroma client does not see) from its own;
- against a Chroma server (``store.chroma_host``) this manifest is a replica's cache of the server's article
  records (``index.shared_state``): ``apply_replica`` writes what ``index.replica`` read there, each article
  with all its chunks in one transaction, and meta ``shared_version`` names the server state it matches.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from index.article import Article, Chunk

PROCESS_TOKEN = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"  # this process, as a manifest writer

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, title TEXT, source TEXT, url TEXT, author TEXT,
  published_at TEXT, published_epoch INTEGER, origin TEXT, simhash INTEGER, n_chunks INTEGER,
  indexed_at TEXT);
CREATE TABLE IF NOT EXISTS chunks (
  id TEXT PRIMARY KEY, article_id TEXT NOT NULL, number INTEGER, text TEXT, start INTEGER, end INTEGER);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE TABLE IF NOT EXISTS duplicates (
  id TEXT PRIMARY KEY, canonical_id TEXT NOT NULL, content_hash TEXT, title TEXT, source TEXT, url TEXT,
  origin TEXT);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (
  path TEXT PRIMARY KEY, loader_key TEXT, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER,
  device INTEGER, articles_digest TEXT);
"""


@dataclass(frozen=True)
class Version:
    store_id: str
    generation: int
    writer: str

    @property
    def foreign(self) -> bool:
        """Last written by another process (whose Chroma writes this process's client may not see)."""
        return bool(self.writer) and self.writer != PROCESS_TOKEN


@dataclass
class ArticleRecord:
    id: str
    content_hash: str
    origin: str
    simhash: int


@dataclass(frozen=True)
class DuplicateRecord:
    """A syndicated copy: recorded, not indexed; its canonical article is."""

    content_hash: str
    canonical_id: str
    origin: str


@dataclass(frozen=True)
class ArticleRow:
    """One article's full record: a row of ``articles`` here, and of the server's article collection."""

    id: str
    content_hash: str
    title: str
    source: str
    url: str
    author: str
    published_at: str  # ISO 8601, "" when undated
    published_epoch: int | None
    origin: str
    simhash: int  # signed 64-bit (SQLite's integers)
    n_chunks: int
    indexed_at: str

    def values(self) -> tuple:
        return (self.id, self.content_hash, self.title, self.source, self.url, self.author,
                self.published_at or None, self.published_epoch, self.origin, self.simhash, self.n_chunks,
                self.indexed_at)


@dataclass(frozen=True)
class DuplicateRow:
    """A syndicated copy's full record (``duplicates`` here, and on the server)."""

    id: str
    canonical_id: str
    content_hash: str
    title: str
    source: str
    url: str
    origin: str

    def values(self) -> tuple:
        return (self.id, self.canonical_id, self.content_hash, self.title, self.source, self.url, self.origin)


@dataclass(frozen=True)
class ChunkRow:
    """A row of ``chunks``: one chunk's text and place in its article's cleaned body."""

    id: str
    article_id: str
    number: int
    text: str
    start: int
    end: int


def article_row(article: Article, n_chunks: int, simhash: int) -> ArticleRow:
    published = article.published_at
    return ArticleRow(article.id, article.content_hash, article.title, article.source, article.url, article.author,
                      published.isoformat() if published else "",
                      int(published.timestamp()) if published else None, article.origin, _signed(simhash),
                      n_chunks, _now())


def duplicate_row(article: Article, canonical_id: str) -> DuplicateRow:
    return DuplicateRow(article.id, canonical_id, article.content_hash, article.title, article.source, article.url,
                        article.origin)


@dataclass(frozen=True)
class ChunkText:
    """A committed chunk's text and its article's headline (what the BM25 index is built from)."""

    chunk_id: str
    article_id: str
    text: str
    title: str


@dataclass(frozen=True)
class CommittedChunk:
    """A committed chunk with its article's metadata: enough to show it (the catalog) or to embed and store
    it again (repair). Missing text fields are ""; a missing date's ``published_epoch`` is None."""

    chunk_id: str
    article_id: str
    number: int
    text: str
    start: int
    end: int
    title: str
    source: str
    url: str
    author: str
    published_at: str
    published_epoch: int | None
    content_hash: str


COMMITTED_CHUNK_COLUMNS = ("c.id, c.article_id, c.number, c.text, c.start, c.end, a.title, a.source, a.url, "
                           "a.author, a.published_at, a.published_epoch, a.content_hash")


ARTICLE_COLUMNS = ("id, content_hash, title, source, url, author, published_at, published_epoch, origin, simhash, "
                   "n_chunks, indexed_at")
DUPLICATE_COLUMNS = "id, canonical_id, content_hash, title, source, url, origin"


def _committed_chunk(row: tuple) -> CommittedChunk:
    cid, article_id, number, text, start, end, title, source, url, author, published, epoch, content_hash = row
    return CommittedChunk(cid, article_id, number, text, start, end, title or "", source or "", url or "",
                          author or "", published or "", epoch, content_hash)


class Manifest:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        conn = self._conn()
        if not getattr(self._local, "read_only", False):
            with conn:
                conn.executescript(SCHEMA)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", (uuid.uuid4().hex,))

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=30)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.OperationalError:
                if not self.path.exists():
                    raise
                return self._read_only()  # a full disk: WAL's shared-memory file cannot be created
            self._local.conn, self._local.read_only = conn, False
        return conn

    def _read_only(self) -> sqlite3.Connection:
        """Answering must go on while the disk is full: a read-only view (writes fail with a clear error),
        not cached, so the normal connection comes back once there is space."""
        self._local.read_only = True
        return sqlite3.connect(f"file:{self.path}?immutable=1", uri=True)

    # --- reads -------------------------------------------------------------------------------
    def records(self) -> dict[str, ArticleRecord]:
        rows = self._conn().execute("SELECT id, content_hash, origin, simhash FROM articles")
        return {r[0]: ArticleRecord(r[0], r[1], r[2] or "", int(r[3] or 0)) for r in rows}

    def duplicate_records(self) -> dict[str, DuplicateRecord]:
        """duplicate id → its record."""
        rows = self._conn().execute("SELECT id, content_hash, canonical_id, origin FROM duplicates")
        return {r[0]: DuplicateRecord(r[1], r[2], r[3] or "") for r in rows}

    def chunk_rows(self) -> list[ChunkText]:
        """Every committed chunk's text and headline, in a stable order (article id, chunk number)."""
        rows = self._conn().execute(
            "SELECT c.id, c.article_id, c.text, a.title FROM chunks c JOIN articles a ON a.id = c.article_id "
            "ORDER BY c.article_id, c.number").fetchall()
        return [ChunkText(*row) for row in rows]

    def catalog_rows(self) -> list[CommittedChunk]:
        """Every committed chunk with its article's metadata, for the retriever's in-memory catalog."""
        rows = self._conn().execute(
            f"SELECT {COMMITTED_CHUNK_COLUMNS} FROM chunks c JOIN articles a ON a.id = c.article_id").fetchall()
        return [_committed_chunk(row) for row in rows]

    def catalog_columns(self) -> tuple[list[tuple], list[tuple[str, str]]]:
        """What the catalog keeps in memory, without any chunk text: every article's (id, title, source,
        published_at, published_epoch), and every chunk's (id, article id) in storage order (the order
        ``catalog_rows`` scans them in). At 1M chunks this is a few seconds where ``catalog_rows`` took 28."""
        conn = self._conn()
        articles = conn.execute("SELECT id, title, source, published_at, published_epoch FROM articles").fetchall()
        return articles, conn.execute("SELECT id, article_id FROM chunks ORDER BY rowid").fetchall()

    def article_chunk_records(self, article_id: str) -> list[CommittedChunk]:
        """One committed article's chunks, in storage order (its chunk numbers' order as committed)."""
        rows = self._conn().execute(
            f"SELECT {COMMITTED_CHUNK_COLUMNS} FROM chunks c JOIN articles a ON a.id = c.article_id "
            "WHERE c.article_id = ? ORDER BY c.rowid", (article_id,)).fetchall()
        return [_committed_chunk(row) for row in rows]

    def articles_quoting(self, quotes: list[str]) -> set[str]:
        """The committed articles one of whose chunks contains one of ``quotes`` verbatim (a scan of all
        chunk texts in SQLite, not in Python memory)."""
        quotes = list(dict.fromkeys(quotes))
        if not quotes:
            return set()
        found = " OR ".join(["instr(c.text, ?) > 0"] * len(quotes))  # one scan for all of them
        return {row[0] for row in self._conn().execute(
            "SELECT DISTINCT c.article_id FROM chunks c JOIN articles a ON a.id = c.article_id "
            f"WHERE {found}", quotes)}

    def chunk_records(self, ids: list[str]) -> list[CommittedChunk]:
        """The given committed chunks (ids not committed are left out): enough to embed and store them again."""
        rows: list[tuple] = []
        for first in range(0, len(ids), 500):
            part = ids[first:first + 500]
            rows += self._conn().execute(
                f"SELECT {COMMITTED_CHUNK_COLUMNS} FROM chunks c JOIN articles a ON a.id = c.article_id "
                f"WHERE c.id IN ({','.join('?' * len(part))})", part).fetchall()
        return [_committed_chunk(row) for row in rows]

    def article_rows(self) -> list[ArticleRow]:
        rows = self._conn().execute(f"SELECT {ARTICLE_COLUMNS} FROM articles").fetchall()
        return [ArticleRow(r[0], r[1], r[2] or "", r[3] or "", r[4] or "", r[5] or "", r[6] or "", r[7], r[8] or "",
                           int(r[9] or 0), int(r[10] or 0), r[11] or "") for r in rows]

    def duplicate_rows(self) -> list[DuplicateRow]:
        rows = self._conn().execute(f"SELECT {DUPLICATE_COLUMNS} FROM duplicates").fetchall()
        return [DuplicateRow(*(value or "" for value in r)) for r in rows]

    def source_stamps(self, loader_key: str) -> dict[str, tuple]:
        """path → ((size, mtime_ns, ctime_ns, inode, device) when last indexed, its articles' digest), for
        ``loader_key`` (``index.unchanged``)."""
        rows = self._conn().execute("SELECT path, size, mtime_ns, ctime_ns, inode, device, articles_digest "
                                    "FROM sources WHERE loader_key = ?", (loader_key,))
        return {r[0]: (tuple(r[1:6]), r[6]) for r in rows}

    def put_source_stamps(self, loader_key: str, keep: list[tuple], forget: list[str]) -> None:
        """Record (path, stamp, digest) rows and drop ``forget``'s, in one transaction (no new generation:
        what is searchable did not change)."""
        with self._conn() as conn:
            conn.executemany("DELETE FROM sources WHERE path = ?", [(path,) for path in forget])
            conn.execute("DELETE FROM sources WHERE loader_key != ?", (loader_key,))
            conn.executemany("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,?,?)",
                             [(path, loader_key, st.size, st.mtime_ns, st.ctime_ns, st.inode, st.device, digest)
                              for path, st, digest in keep])

    def committed_chunk_ids(self) -> set[str]:
        return {row[0] for row in self._conn().execute("SELECT id FROM chunks")}

    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def version(self) -> Version:
        """Which committed state this is, and who wrote it: one cheap query, made per question."""
        meta = dict(self._conn().execute(
            "SELECT key, value FROM meta WHERE key IN ('store_id', 'generation', 'writer')").fetchall())
        return Version(meta.get("store_id", ""), int(meta.get("generation") or 0), meta.get("writer", ""))

    def get_meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def stats(self) -> dict:
        conn = self._conn()
        articles, first, last = conn.execute(
            "SELECT COUNT(*), MIN(published_at), MAX(published_at) FROM articles").fetchone()
        sources = dict(conn.execute(
            "SELECT source, COUNT(*) FROM articles GROUP BY source ORDER BY COUNT(*) DESC, source").fetchall())
        return {
            "articles": articles,
            "chunks": conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0],
            "sources": sources,
            "first_published": first,
            "last_published": last,
            "last_indexed": self.get_meta("last_indexed"),
            "duplicates": conn.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0],
        }

    # --- writes (each one transaction) -------------------------------------------------------
    def commit_article(self, article: Article, chunks: list[Chunk], ids: list[str], simhash: int) -> None:
        rows = [ChunkRow(cid, article.id, c.number, c.text, c.start, c.end) for cid, c in zip(ids, chunks)]
        with self._conn() as conn:
            self._put_article(conn, article_row(article, len(chunks), simhash), rows)
            self._bump(conn)

    def _put_article(self, conn: sqlite3.Connection, row: ArticleRow, chunks: list[ChunkRow]) -> None:
        conn.execute("DELETE FROM chunks WHERE article_id = ?", (row.id,))
        conn.execute("DELETE FROM duplicates WHERE id = ?", (row.id,))
        conn.execute("INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row.values())
        conn.executemany("INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?)",
                         [(c.id, c.article_id, c.number, c.text, c.start, c.end) for c in chunks])

    def record_duplicate(self, article: Article, canonical_id: str) -> None:
        with self._conn() as conn:
            conn.execute("INSERT OR REPLACE INTO duplicates VALUES (?,?,?,?,?,?,?)",
                         duplicate_row(article, canonical_id).values())
            self._bump(conn)

    def apply_replica(self, articles: list[tuple[ArticleRow, list[ChunkRow]]], copies: list[DuplicateRow],
                      deleted: list[str]) -> None:
        """One transaction: put each article with all its chunks and each copy (replacing an article of that
        id), delete ``deleted`` (articles or copies); a new generation if anything was given."""
        if not articles and not copies and not deleted:
            return
        with self._conn() as conn:
            for row, chunks in articles:
                self._put_article(conn, row, chunks)
            for article_id in [copy.id for copy in copies] + deleted:
                conn.execute("DELETE FROM chunks WHERE article_id = ?", (article_id,))
                conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                conn.execute("DELETE FROM duplicates WHERE id = ?", (article_id,))
            conn.executemany("INSERT OR REPLACE INTO duplicates VALUES (?,?,?,?,?,?,?)",
                             [copy.values() for copy in copies])
            self._bump(conn)

    def delete_article(self, article_id: str) -> None:
        with self._conn() as conn:
            conn.execute("DELETE FROM chunks WHERE article_id = ?", (article_id,))
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            conn.execute("DELETE FROM duplicates WHERE id = ?", (article_id,))
            self._bump(conn)

    def touch(self) -> None:
        """A new generation without a content change (the vector store was repaired)."""
        with self._conn() as conn:
            self._bump(conn)

    def set_meta(self, key: str, value: str) -> None:
        with self._conn() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _bump(self, conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) "
                     "DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('writer', ?)", (PROCESS_TOKEN,))


def _signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    return value - (1 << 64) if value >= (1 << 63) else value


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
