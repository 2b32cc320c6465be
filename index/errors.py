"""Faults of the machine or the home folder, worded for a person at the CLI's edge (no traceback).

``fatal_message`` maps an exception to one clear sentence, or '' when it is a bug that should show
its traceback. Every case leaves the index as it was before the run: the manifest commits per
article, the BM25 folder is swapped only when complete, and its staging folder is removed on failure.
"""
from __future__ import annotations

import errno
import sqlite3

from index.lock import IndexBusy
from settings import Settings

FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
FULL_WORDS = ("disk is full", "no space left", "file too large", "quota exceeded", "disk i/o error")


def fatal_message(exc: BaseException, settings: Settings) -> str:
    if isinstance(exc, IndexBusy):
        return str(exc)
    text = f"{exc.__class__.__name__}: {exc}"
    if (isinstance(exc, OSError) and exc.errno in FULL_ERRNOS) or any(w in text.lower() for w in FULL_WORDS):
        return (f"Could not write to the disk holding {settings.home}: is it full? ({text[:200]}) Free some space "
                "and run again; what was indexed before this run is intact.")
    if isinstance(exc, sqlite3.DatabaseError):
        return (f"The manifest {settings.manifest_path} is damaged or locked ({text[:200]}). If it is damaged, "
                "move it aside and index your sources again (they are not touched).")
    if isinstance(exc, PermissionError):
        return f"Permission denied: {exc.filename or text[:200]}. Check who owns {settings.home}."
    return ""
