"""Skip source files that have not changed since they were indexed (issue 15: a nothing-changed reindex of
1M chunks spent 108 of its 121 s reading, cleaning and hashing 83,633 articles from 56 JSONL shards, only
for ``_classify`` to find every one unchanged).

The rule: a file is not read again when all of these hold, else it is read as before.
- its stat is as recorded: size, mtime_ns, ctime_ns, inode and device (ctime cannot be set by a program, so
  an edit whose mtime was put back — ``touch -d``, ``cp -p``, ``rsync -t`` over the file — is still caught);
- what the manifest holds for it is what it yielded then: the digest of the (article id, content hash) of
  every article and syndicated copy whose origin is the file equals the recorded one (an article deleted or
  replaced from elsewhere since, by another replica say, makes the file read again);
- the loading code and the settings that shape what a file yields (``loader_key``) are the same.
A file is recorded only after a run read it with no failure of its own (load, accept, claim or index), when
it did not change while being read, and when its mtime was more than ``RACY_NS`` older than the moment it
was read ("racy" files, as git calls them: a write in the same timestamp tick right after the read would
leave the mtime as recorded; a write later than ``RACY_NS`` after it cannot). Feeds and HTML are never
recorded while ``fetch.linked_pages`` is on (their articles come from the network).
``Indexer.run(reread=True)`` (``newsdesk index --full``) reads every file and records afresh.

Limits: a change that keeps size, mtime, ctime and inode is not seen: a filesystem whose timestamps are
coarser than ``RACY_NS``, a network filesystem whose clock is far behind this one's, an in-place edit of the
same size whose mtime is then put back within the same ctime tick (a few ms) as the recorded ctime, a tool
that writes the raw device. ``--full`` reads everything. Rows of files since deleted stay until the path is
indexed again.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from index.article import Article
from index.loaders import FEED_EXTENSIONS, HTML_EXTENSIONS
from index.manifest import Manifest
from settings import Settings

_PARSERS = ("trafilatura", "feedparser", "pypdf", "python-docx", "dateparser")
RACY_NS = 2_000_000_000  # FAT's 2 s timestamp granularity, the coarsest of the common filesystems
_LOADING_CODE = ["article.py", "clean.py", *sorted(f"loaders/{p.name}" for p in (Path(__file__).parent /
                                                                                  "loaders").glob("*.py"))]


@dataclass(frozen=True)
class Stamp:
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int


def stamp_of(path: str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return Stamp(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def loader_key(settings: Settings) -> str:
    """The loading code, the parsing libraries' versions and the settings that decide what a file yields: another
    key, every file is read. A source file that cannot be read (an install without sources) counts by name."""
    digest = hashlib.sha256()
    for name in _LOADING_CODE:
        try:
            digest.update((Path(__file__).parent / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    for package in _PARSERS:
        try:
            digest.update(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    knobs = (settings.index.max_article_chars, settings.index.max_file_bytes, settings.fetch.max_html_chars,
             settings.fetch.html_time_budget_s, settings.fetch.linked_pages)
    digest.update(repr(knobs).encode())
    return digest.hexdigest()[:20]


def articles_digest(pairs) -> str:
    """Of (article id, content hash) pairs, in any order."""
    return hashlib.sha256("\n".join(sorted(f"{a}\x1f{h}" for a, h in pairs)).encode()).hexdigest()[:20]


@dataclass
class _Read:
    stamp: Stamp
    at_ns: int
    pairs: list[tuple[str, str]] = field(default_factory=list)
    clean: bool = True


class SourceStamps:
    """One run's view: which files to skip (``unchanged``), what was read, and what to record after."""

    def __init__(self, settings: Settings, manifest: Manifest, reread: bool = False):
        self.settings = settings
        self.manifest = manifest
        self.key = loader_key(settings)
        self._recorded = {} if reread else manifest.source_stamps(self.key)
        self._owned: dict[str, list[tuple[str, str]]] | None = None
        self.skipped: dict[str, list[str]] = {}  # origin → the ids of the articles and copies it holds
        self._read: dict[str, _Read] = {}

    def unchanged(self, path: Path) -> bool:
        """Called before a file is read: True when it can be left unread (its articles are as indexed)."""
        origin = str(path.absolute())
        stamp = stamp_of(origin)
        if stamp is None:
            return False  # the loader reports why
        recorded = self._recorded.get(origin)
        if recorded is not None and Stamp(*recorded[0]) == stamp:
            owned = self.owned().get(origin, [])
            if articles_digest(owned) == recorded[1]:
                self.skipped[origin] = [article_id for article_id, _ in owned]
                return True
        self._read[origin] = _Read(stamp, time.time_ns())
        return False

    def loaded(self, origin: str, articles: list[Article], failed: bool) -> None:
        """What a read file yielded (cleaned), and whether it failed in part."""
        read = self._read.get(origin)
        if read is not None:
            read.pairs += [(a.id, a.content_hash) for a in articles]
            read.clean = read.clean and not failed

    def owned(self) -> dict[str, list[tuple[str, str]]]:
        """origin → (id, content hash) of each article and syndicated copy the manifest holds from it."""
        if self._owned is None:
            owned: dict[str, list[tuple[str, str]]] = {}
            for article_id, record in self.manifest.records().items():
                owned.setdefault(record.origin, []).append((article_id, record.content_hash))
            for copy_id, copy in self.manifest.duplicate_records().items():
                owned.setdefault(copy.origin, []).append((copy_id, copy.content_hash))
            self._owned = owned
        return self._owned

    def record(self, failed_paths: set[str]) -> None:
        """After the run's commits: record each file read cleanly that the manifest now holds exactly as it
        yielded it; forget the others read (and any skipped one that failed after all)."""
        self._owned = None  # the run committed since the check
        keep, forget = [], [origin for origin in self.skipped if origin in failed_paths]
        for origin, read in self._read.items():
            digest = articles_digest(read.pairs)
            if (read.clean and origin not in failed_paths and self._eligible(origin)
                    and stamp_of(origin) == read.stamp and read.at_ns - read.stamp.mtime_ns > RACY_NS
                    and articles_digest(self.owned().get(origin, [])) == digest):
                keep.append((origin, read.stamp, digest))
            else:
                forget.append(origin)
        self.manifest.put_source_stamps(self.key, keep, forget)

    def _eligible(self, origin: str) -> bool:
        suffix = Path(origin).suffix.lower()
        return not (self.settings.fetch.linked_pages and suffix in FEED_EXTENSIONS | HTML_EXTENSIONS)
