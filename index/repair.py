"""Repairing the vector store from the manifest (the manifest is the truth; Chroma can be rebuilt).

Invariants:
- every committed chunk's vector is in Chroma after ``repair_store``: missing ones are re-embedded from
  the manifest's chunk text and headline (what ``index.pipeline`` embedded), with the same metadata;
- vectors no committed chunk owns are deleted;
- an embedded store that cannot even be opened (a damaged SQLite file) is moved aside, never deleted,
  and a fresh one is rebuilt from the manifest.
"""
from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime

from index.embed import embedding_text
from index.manifest import CommittedChunk, Manifest
from index.store import ChunkStore, forget_system, metadata_of
from settings import Settings

log = logging.getLogger(__name__)

REEMBED_BATCH = 256
DAMAGE_SIGNS = ("malformed", "not a database", "corrupt")


@dataclass
class RepairReport:
    committed: int = 0  # chunks the manifest lists
    stored: int = 0  # vectors Chroma held before the repair
    missing: int = 0
    reembedded: int = 0
    orphans: int = 0
    moved_aside: str = ""  # where a store that could not be opened went
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.reembedded or self.orphans or self.moved_aside)

    def as_json(self) -> dict:
        return {"committed_chunks": self.committed, "stored_vectors": self.stored, "missing": self.missing,
                "reembedded": self.reembedded, "orphans_deleted": self.orphans, "moved_aside": self.moved_aside,
                "problems": self.problems}


def open_store(settings: Settings, manifest: Manifest, report: RepairReport) -> ChunkStore:
    """Open the store; an embedded one that fails to open is moved aside and started afresh."""
    try:
        return ChunkStore(settings, manifest).open()
    except Exception as exc:  # chromadb raises its own InternalError (and others) on a damaged file
        if settings.store.chroma_host or not settings.chroma_path.exists() or not looks_damaged(exc):
            raise  # a full disk or a permission problem is not damage: moving the store aside would not help
        forget_system(str(settings.chroma_path))  # chromadb keeps the half-started System cached
        aside = settings.chroma_path.with_name(f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        shutil.move(str(settings.chroma_path), aside)
        report.moved_aside = str(aside)
        log.warning("the vector store could not be opened (%s); moved to %s and rebuilt", exc.__class__.__name__, aside)
        report.problems.append(f"the vector store could not be opened ({exc.__class__.__name__}: "
                               f"{str(exc)[:200]}); moved to {aside.name} and rebuilt from the manifest")
        return ChunkStore(settings, manifest).open()


def looks_damaged(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(sign in text for sign in DAMAGE_SIGNS)


def repair_store(manifest: Manifest, store: ChunkStore, embedder, report: RepairReport | None = None,
                 full: bool = True) -> RepairReport:
    """Make Chroma hold exactly the committed chunks. ``full=False`` first compares counts only (cheap)."""
    report = report or RepairReport()
    committed = manifest.committed_chunk_ids()
    report.committed = len(committed)
    if not full and store.count() == len(committed):
        report.stored = len(committed)
        return report
    stored = set(store.all_ids())
    report.stored = len(stored)
    orphans = sorted(stored - committed)
    store.delete_ids(orphans)
    report.orphans = len(orphans)
    missing = sorted(committed - stored)
    report.missing = len(missing)
    for first in range(0, len(missing), REEMBED_BATCH):
        report.reembedded += _reembed(manifest, store, embedder(), missing[first:first + REEMBED_BATCH])
    if report.reembedded:
        manifest.touch()  # readers reload (and re-read the vectors) at the next BM25 refresh
    return report


def _reembed(manifest: Manifest, store: ChunkStore, embedder, ids: list[str]) -> int:
    rows = manifest.chunk_records(ids)
    if not rows:
        return 0
    vectors = embedder.embed_documents([embedding_text(row.title, row.text) for row in rows])
    metadatas = [_metadata(row) for row in rows]
    store.upsert_rows([row.chunk_id for row in rows], vectors, [row.text for row in rows], metadatas)
    return len(rows)


def _metadata(row: CommittedChunk) -> dict:
    fields = {"article_id": row.article_id, "content_hash": row.content_hash, "title": row.title,
              "source": row.source, "url": row.url, "author": row.author}
    published = datetime.fromisoformat(row.published_at) if row.published_at else None
    return metadata_of(fields, row.number, row.start, row.end, published)
