"""Run a parser with a time budget: in a worker process that is killed when the budget runs out.

trafilatura is quadratic on some inputs (1.8 MB of inline tags took 171 s); a deadline inside one
Python thread cannot stop it, a separate process can. Small inputs run in-process (no IPC cost);
the worker is started once and reused, and replaced after a kill or after it dies on an input (which is
then that input's LoaderError, so the run goes on).
"""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from index.loaders.common import LoaderError

INLINE_MAX_CHARS = 30_000  # the worst inputs of this size parse in about a second

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def run_bounded(fn: Callable[..., Any], args: tuple, size: int, budget_s: float, what: str) -> Any:
    """``fn(*args)``, in-process when ``size`` is small, else in the worker; LoaderError after ``budget_s``."""
    if size <= INLINE_MAX_CHARS or budget_s <= 0:
        return fn(*args)
    with _lock:  # one parse at a time in the one worker; reindexes run one at a time anyway
        future = _worker().submit(fn, *args)
        try:
            return future.result(timeout=budget_s)
        except FutureTimeout:
            _kill_worker()
            raise LoaderError(f"{what}: parsing took longer than {budget_s:g} s; skipped "
                              "(NEWSDESK_HTML_TIME_BUDGET_S)") from None
        except BrokenProcessPool:  # the worker died on this input (killed for memory, a crash in C code)
            _kill_worker()
            raise LoaderError(f"{what}: the parser's worker process died on it; skipped") from None


def _worker() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
    return _pool


def _kill_worker() -> None:
    global _pool
    if _pool is None:
        return
    for process in list(getattr(_pool, "_processes", {}).values()):
        process.kill()
    _pool.shutdown(wait=False, cancel_futures=True)
    _pool = None
