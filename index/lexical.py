"""The BM25 index (bm25s), built at reindex time from committed chunks and persisted; never rebuilt per query.

The on-disk folder is replaced atomically (write to a temp folder, then rename), and records the
manifest generation it was built from, so a reader can tell whether it is current.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

IDS_FILE = "chunk_ids.json"


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False)


class LexicalIndex:
    def __init__(self, model, chunk_ids: list[str], generation: int):
        self.model = model
        self.chunk_ids = chunk_ids
        self.generation = generation
        self.stemmer = _stemmer()

    @classmethod
    def build(cls, rows: list[tuple[str, str]], generation: int) -> "LexicalIndex":
        """``rows`` are (chunk id, text to index); the title-prefixed chunk text."""
        import bm25s

        model = bm25s.BM25()
        if rows:
            model.index(tokenize([text for _, text in rows]), show_progress=False)
        return cls(model, [chunk_id for chunk_id, _ in rows], generation)

    def save(self, folder: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".bm25-", dir=folder.parent))
        if self.chunk_ids:
            self.model.save(str(staging), show_progress=False)
        (staging / IDS_FILE).write_text(json.dumps({"generation": self.generation, "ids": self.chunk_ids}))
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            os.replace(folder, old)
        os.replace(staging, folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex | None":
        import bm25s

        ids_path = folder / IDS_FILE
        if not ids_path.exists():
            return None
        saved = json.loads(ids_path.read_text())
        model = bm25s.BM25.load(str(folder), show_progress=False) if saved["ids"] else bm25s.BM25()
        return cls(model, saved["ids"], int(saved["generation"]))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (same order as ``chunk_ids``)."""
        if not self.chunk_ids:
            return np.zeros(0, dtype=np.float32)
        import bm25s

        tokens = bm25s.tokenize([query], stopwords="en", stemmer=self.stemmer, return_ids=False,
                                show_progress=False)[0]
        known = [t for t in tokens if t in self.model.vocab_dict]
        if not known:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self.model.get_scores(known), dtype=np.float32)
