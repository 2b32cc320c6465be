"""The indexing lease on a Chroma server: one indexer at a time across every replica that shares it.

The per-home file lock (``index.lock``) keeps two indexers of one home apart; replicas on other machines
have other homes, so against a server an indexer also holds the lease: the meta collection's "lease" record
(``index.shared_state``) naming its token, host, pid, what it indexes, since when, and an expiry
(``store.chroma_lease_ttl_s`` ahead), renewed by a thread every third of that. A second indexer waits as
for the file lock, saying whom it waits for, and gives up after ``index.lock_wait_s`` with ``IndexBusy``.
A lease past its expiry (its holder died or hung) may be taken over.

Chroma has no compare-and-swap, so taking the lease is: read the record; when it is absent, expired or
ours, write our token; wait ``SETTLE_S``; read it back; we hold it only if our token is there. The race
that remains, honestly: two indexers that both read "free", one of which stalls for more than ``SETTLE_S``
between its read and its write, can each read back their own token (the later write wins the record, but
the earlier writer has already read back its own). The earlier one finds out at its next ``check`` (before
every batch of commits) or renewal, and stops with ``IndexBusy``; until then, at most one batch of each
can be written at once (each article still all-or-none: its record follows its own chunks), and the
generations they publish carry a random stamp, so a replica never mistakes the other's publish for one it
has seen; records the loser tagged with a stale generation are tagged anew by the next indexer's catch-up
(``index.replica``).
Expiry compares wall clocks of different machines: keep them in sync (NTP), well within the TTL.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

from index.lock import POLL_S, IndexBusy
from index.shared_state import SharedState

log = logging.getLogger(__name__)
LEASE_ID = "lease"
SETTLE_S = 0.5  # between writing our token and reading it back


@dataclass(frozen=True)
class LeaseRecord:
    token: str
    holder: str  # host/pid
    doing: str
    since: str
    expires: float  # wall-clock epoch seconds

    def describe(self) -> str:
        return f"{self.holder}, since {self.since}, {self.doing}"

    def expired(self) -> bool:
        return self.expires < time.time()


class Lease:
    """The lease while held: renewed in the background; ``check`` raises ``IndexBusy`` once it is lost."""

    def __init__(self, shared: SharedState, doing: str, ttl_s: float):
        self.shared = shared
        self.ttl_s = ttl_s
        self.token = uuid.uuid4().hex
        self.holder = f"{socket.gethostname()}/pid {os.getpid()}"
        self.doing = doing[:300]
        self.since = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.took_over = ""  # the expired holder replaced, if any
        self.lost_to: LeaseRecord | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def read(self) -> LeaseRecord | None:
        meta = self.shared.get_meta(LEASE_ID)
        if not meta:
            return None
        return LeaseRecord(str(meta.get("token", "")), str(meta.get("holder", "")), str(meta.get("doing", "")),
                           str(meta.get("since", "")), float(meta.get("expires", 0.0)))

    def write(self) -> None:
        self.shared.put_meta(LEASE_ID, {"token": self.token, "holder": self.holder, "doing": self.doing,
                                        "since": self.since, "expires": time.time() + self.ttl_s})

    def try_take(self) -> LeaseRecord | None:
        """Take the lease if it is free, expired or ours; None when taken, else the record of who holds it."""
        current = self.read()
        if current is not None and current.token != self.token and not current.expired():
            return current
        self.write()
        time.sleep(SETTLE_S)  # a contender who also read "free" writes within this; the last write wins
        after = self.read()
        if after is not None and after.token == self.token:
            if current is not None and current.token != self.token:
                self.took_over = current.describe()
            return None
        return after or current

    def check(self) -> None:
        """Raise ``IndexBusy`` when another indexer holds the lease now (before each batch of commits)."""
        current = self.read()
        if current is None or current.token != self.token:
            self.lost_to = current
        if self.lost_to is not None:
            raise IndexBusy(f"The indexing lease on the Chroma server {self.shared.where} passed to another "
                            f"indexer ({self.lost_to.describe() if self.lost_to else 'holder unknown'}); "
                            "this run stopped before its next batch.")

    def start_renewing(self) -> None:
        self._renewer = threading.Thread(target=self._renew, name="lease-renewal", daemon=True)
        self._renewer.start()

    def _renew(self) -> None:
        while not self._stop.wait(self.ttl_s / 3):
            try:
                current = self.read()
                if current is None or current.token != self.token:
                    self.lost_to = current or LeaseRecord("", "holder unknown", "", "", 0.0)
                    return
                self.write()
            except Exception:  # a server hiccup: try again at the next interval, the TTL allows two misses
                log.info("renewing the indexing lease failed", exc_info=True)

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
        try:
            current = self.read()
            if current is not None and current.token == self.token:
                self.shared.delete_meta(LEASE_ID)
        except Exception:  # the server is gone: the lease expires by itself
            log.info("releasing the indexing lease failed", exc_info=True)


@contextmanager
def hold_lease(shared: SharedState, doing: str, wait_s: float, ttl_s: float,
               notify: Callable[[str], None]) -> Iterator[Lease]:
    """Hold the server's indexing lease for the block, or raise ``IndexBusy`` after ``wait_s``."""
    lease = Lease(shared, doing, ttl_s)
    holder = lease.try_take()
    if holder is not None:
        notify(f"Waiting for another indexer to finish ({holder.describe()}, by the lease on the Chroma server "
               f"{shared.where}); giving up after {wait_s:g} s (NEWSDESK_INDEX_LOCK_WAIT_S).")
        deadline = time.monotonic() + wait_s
        while holder is not None:
            if time.monotonic() >= deadline:
                raise IndexBusy(f"Another indexer is still running after {wait_s:g} s ({holder.describe()}, by "
                                f"the lease on the Chroma server {shared.where}); nothing was indexed. Try again "
                                "later, or stop that process (its lease then expires within "
                                f"{max(0.0, holder.expires - time.time()):.0f} s).")
            time.sleep(POLL_S)
            holder = lease.try_take()
    lease.start_renewing()
    try:
        yield lease
    finally:
        lease.release()
