"""Near-duplicate (syndicated copy) detection with 64-bit SimHash over word 3-gram shingles.

Two articles whose fingerprints differ in at most ``MAX_DISTANCE`` bits are the same story
re-published; the later one is recorded as a copy of the first and not indexed again.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np

MAX_DISTANCE = 3
MIN_WORDS = 50  # short texts share too much boilerplate to judge
_BITS = np.arange(64, dtype=np.uint64)


def simhash(text: str) -> int:
    words = re.findall(r"\w+", text.lower())
    if len(words) < MIN_WORDS:
        return 0
    shingles = {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}
    hashes = np.array([int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little")
                       for s in shingles], dtype=np.uint64)
    bits = ((hashes[:, None] >> _BITS) & np.uint64(1)).astype(np.int32)
    votes = bits.sum(axis=0) * 2 - len(hashes)
    return int(sum(1 << i for i, vote in enumerate(votes) if vote > 0))


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


class DuplicateFinder:
    """Fingerprints of the canonical articles, checked in O(n) per new article (fine for newsroom sizes)."""

    def __init__(self, fingerprints: dict[str, int]):
        self.fingerprints = {aid: fp & ((1 << 64) - 1) for aid, fp in fingerprints.items() if fp}

    def find(self, article_id: str, fingerprint: int) -> str | None:
        if not fingerprint:
            return None
        for other_id, other in self.fingerprints.items():
            if other_id != article_id and hamming(fingerprint, other) <= MAX_DISTANCE:
                return other_id
        return None

    def add(self, article_id: str, fingerprint: int) -> None:
        if fingerprint:
            self.fingerprints[article_id] = fingerprint

    def remove(self, article_id: str) -> None:
        self.fingerprints.pop(article_id, None)
