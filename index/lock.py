"""The index lock: one indexer per NEWSDESK_HOME, and a waiting one says whom it waits for.

The holder writes who it is (pid, start time, what it indexes) into the lock file; a second indexer
prints that once, polls, and gives up after ``index_lock_wait_s`` with ``IndexBusy`` instead of
waiting forever behind a hung run. ``try_index_lock`` takes it only if free (a replica's resync from a
Chroma server, ``index.replica``, skips while an indexer of the same home runs). Against a Chroma server an
indexer also holds the server's lease (``index.lease``), which keeps replicas with other homes apart.
"""
from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

POLL_S = 0.2


class IndexBusy(RuntimeError):
    """Another indexer held the lock for longer than this one was willing to wait."""


@contextmanager
def index_lock(home: Path, doing: str, wait_s: float,
               notify: Callable[[str], None] | None = None) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    path = home / ".index.lock"
    with open(path, "a+") as lock:
        if not _try(lock):
            _wait(lock, path, wait_s, notify or to_stderr)
        with _held(lock, doing):
            yield


@contextmanager
def try_index_lock(home: Path, doing: str) -> Iterator[bool]:
    """Hold the home's index lock for the block if it is free (yields True), else yield False at once."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / ".index.lock"
    with open(path, "a+") as lock:
        if not _try(lock):
            yield False
            return
        with _held(lock, doing):
            yield True


@contextmanager
def _held(lock, doing: str) -> Iterator[None]:
    """The lock is ours: say who holds it for the block, then release it."""
    try:
        lock.seek(0)
        lock.truncate()
        lock.write(json.dumps({"pid": os.getpid(), "since": _now(), "doing": doing[:300]}))
        lock.flush()
        yield
    finally:
        lock.seek(0)
        lock.truncate()
        fcntl.flock(lock, fcntl.LOCK_UN)


def _wait(lock, path: Path, wait_s: float, notify: Callable[[str], None]) -> None:
    holder = describe_holder(path)
    notify(f"Waiting for another indexer to finish ({holder}); giving up after {wait_s:g} s "
           "(NEWSDESK_INDEX_LOCK_WAIT_S).")
    deadline = time.monotonic() + wait_s
    while not _try(lock):
        if time.monotonic() >= deadline:
            raise IndexBusy(f"Another indexer is still running after {wait_s:g} s ({holder}); nothing was "
                            f"indexed. Try again later, or stop that process (lock file: {path}).")
        time.sleep(POLL_S)


def describe_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "holder unknown"
    return f"pid {info.get('pid')}, since {info.get('since')}, {info.get('doing')}"


def _try(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
