"""The BM25 indexes (bm25s), built at reindex time from committed chunks and persisted; never rebuilt per query.

Two indexes: one over whole chunks (title-prefixed), and one over the chunks' sentences, so a
question's clause can be matched to the one sentence that states it (a chunk's sentence score is
the best of its sentences).

The on-disk folder is replaced atomically (write to a temp folder, then rename), and records the
manifest generation it was built from, with the manifest's random store id (a recreated manifest
counts from 1 again), so a reader can tell whether it is current.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import numpy as np

from index.chunk import split_sentences
from index.lexical_delta import Delta, delta_path, model_df, weigh

log = logging.getLogger(__name__)
IDS_FILE = "chunk_ids.json"
SENTENCES_DIR = "sentences"
OWNERS_FILE = "sentence_owner.npy"
# bump when the on-disk layout or the tokens change; an older index is rebuilt by the next reindex, or by the
# first reader that finds it (``assistant.catalog``). 5: accents folded ("Beyoncé" is "beyonce").
FORMAT = 5


# bm25s's English list (33 words) misses question words; these carry no topic in a news question.
STOPWORDS = sorted(set("""
a an and are as at be but by for if in into is it no not of on or such that the their then there these they this
to was will with what which who whom whose when where why how about did does do done were has have had having can
could would should may might must shall any some also than its his her him he she them those from over after before
during between s been being am many much i me my we our us you your yours just very so too only own same other others
each
""".split()))


_SPLIT = re.compile(r"(?u)\b\w\w+\b").findall  # bm25s.tokenize's default token_pattern
_STOPS = frozenset(STOPWORDS)


def fold(text: str) -> str:
    """``text`` without accents ("Beyoncé" → "Beyonce", "Sánchez-Pizjuán" → "Sanchez-Pizjuan"): people type
    names without them. Index and question tokens are both folded, so either spelling finds the other."""
    if text.isascii():  # nearly every text: no decomposition to pay for
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str], stemmer=None) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize([fold(text) for text in texts], stopwords=STOPWORDS, stemmer=stemmer or _stemmer(),
                          return_ids=False, show_progress=False)


def sentence_texts(text: str) -> list[str]:
    """The sentences ``split_sentences(text)`` finds, as texts. Its offsets come from blingfire's Python wrapper,
    which maps them with a per-byte Python loop (over half of a BM25 build); the texts alone come from one C
    call per line, used where they tile the line verbatim (only whitespace between them), else the line goes
    through ``split_sentences``."""
    import blingfire

    found: list[str] = []
    for line in re.finditer(r"[^\n]+", text):
        segment = line.group(0)
        if not segment.strip():
            continue
        pieces = [piece for piece in (blingfire.text_to_sentences(segment) or "").split("\n") if piece.strip()]
        if _tiles(segment, pieces):
            found.extend(pieces)
        else:
            found.extend(text[start:end] for start, end in split_sentences(text, line.start(), line.end()))
    return found


def _tiles(segment: str, pieces: list[str]) -> bool:
    """``pieces`` are ``segment`` in order, with only whitespace between and around them."""
    at = 0
    for piece in pieces:
        found = segment.find(piece, at)
        if found < 0 or segment[at:found].strip():
            return False
        at = found + len(piece)
    return bool(pieces) and not segment[at:].strip()


class LexicalIndex:
    def __init__(self, model, chunk_ids: list[str], generation: int, sentence_model=None,
                 sentence_owner: np.ndarray | None = None, store_id: str = ""):
        self.model = model
        self.chunk_ids = chunk_ids
        self.generation = generation
        self._base_generation = generation
        self.store_id = store_id
        self.sentence_model = sentence_model
        self.sentence_owner = sentence_owner if sentence_owner is not None else np.zeros(0, dtype=np.int64)
        self.stemmer = _stemmer()
        # Each chunk's sentences are one run of ``sentence_owner`` (the build appends them chunk by chunk): the
        # runs' starts let ``sentence_scores`` take each chunk's best with one ``maximum.reduceat``.
        owner = self.sentence_owner
        self._runs = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if owner.size else owner
        self._run_owner = owner[self._runs] if owner.size else owner
        self._owner_sorted = bool(owner.size == 0 or np.all(owner[1:] >= owner[:-1]))
        self.base_ids = chunk_ids  # the last full build's rows; ``chunk_ids`` adds a delta's after them
        self.avgdl: tuple[float, float] | None = None  # (chunks, sentences) mean tokens, recorded by a build
        self.delta: Delta | None = None

    @property
    def base_key(self) -> tuple[str, int]:
        return (self.store_id, self._base_generation)

    def attach(self, delta: Delta) -> None:
        """Serve ``delta``'s chunks after the base's (``index.lexical_delta``); the index is then at its generation."""
        self.delta = delta
        self.chunk_ids = self.base_ids + delta.chunk_ids
        self.generation = delta.generation

    @classmethod
    def build(cls, rows: list[tuple[str, str, str]], generation: int, store_id: str = "") -> LexicalIndex:
        """``rows`` are (chunk id, title-prefixed text for the chunk index, bare chunk text for sentences)."""
        import bm25s

        model, sentence_model = bm25s.BM25(), bm25s.BM25()
        sentences, owner = [], []
        for row, (_, _, text) in enumerate(rows):
            for sentence in sentence_texts(text):
                sentences.append(sentence)
                owner.append(row)
        built = cls(model, [row[0] for row in rows], generation, sentence_model, np.array(owner, dtype=np.int64),
                    store_id)
        if rows:
            chunk_tokens, sentence_tokens = tokenize([text for _, text, _ in rows]), tokenize(sentences)
            built.avgdl = (float(np.mean([len(t) for t in chunk_tokens])),
                           float(np.mean([len(t) for t in sentence_tokens])) if sentence_tokens else 1.0)
            model.index(chunk_tokens, show_progress=False)
            sentence_model.index(sentence_tokens, show_progress=False)
        return built

    def extend(self, rows: list[tuple[str, str, str]], generation: int, avgdl: tuple[float, float]) -> Delta:
        """A delta over ``rows`` (as for ``build``: chunks the base does not list), weighted with the base's
        statistics and ``avgdl``; attached to this index and returned (its ``save`` persists it)."""
        sentences, owner = [], []
        for row, (_, _, text) in enumerate(rows):
            for sentence in sentence_texts(text):
                sentences.append(sentence)
                owner.append(row + len(self.base_ids))
        k1, b = self.model.k1, self.model.b
        model = weigh(tokenize([text for _, text, _ in rows]), self.model, len(self.base_ids), avgdl[0], k1, b)
        base_sentences = int(self.sentence_model.scores["num_docs"]) if self.base_ids else 0
        sentence_model = weigh(tokenize(sentences), self.sentence_model, base_sentences, avgdl[1], k1, b)
        delta = Delta([row[0] for row in rows], model, sentence_model, np.array(owner, dtype=np.int64),
                      self.base_key, generation)
        self.attach(delta)
        return delta

    def save(self, folder: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        for leftover in folder.parent.glob(".bm25-*"):  # staging of a killed run (callers hold the index lock)
            shutil.rmtree(leftover, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=".bm25-", dir=folder.parent))
        try:
            self._write(staging)
        except BaseException:  # a full disk: the old index stays, the half-written one goes
            shutil.rmtree(staging, ignore_errors=True)
            raise
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            os.replace(folder, old)
        os.replace(staging, folder)
        shutil.rmtree(old, ignore_errors=True)
        delta_path(folder).unlink(missing_ok=True)  # keyed to the old base: never loaded, but no clutter
        log.info("BM25 index saved: %d chunks, generation %d", len(self.chunk_ids), self.generation)

    def _write(self, staging: Path) -> None:
        if self.chunk_ids:
            self.model.save(str(staging), show_progress=False)
            self.sentence_model.save(str(staging / SENTENCES_DIR), show_progress=False)
            np.save(staging / OWNERS_FILE, self.sentence_owner)
        (staging / IDS_FILE).write_text(json.dumps({"format": FORMAT, "generation": self.generation,
                                                   "store_id": self.store_id, "ids": self.chunk_ids,
                                                   "avgdl": self.avgdl}))

    @staticmethod
    def outdated(folder: Path) -> bool:
        """A BM25 folder is there, written in an older ``FORMAT``: ``load`` ignores it until it is rebuilt."""
        ids_path = folder / IDS_FILE
        return ids_path.exists() and json.loads(ids_path.read_text()).get("format") != FORMAT

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        import bm25s

        ids_path = folder / IDS_FILE
        if not ids_path.exists():
            folder = folder.with_name(folder.name + ".old")  # killed between the two renames of a swap
            ids_path = folder / IDS_FILE
        if not ids_path.exists():
            return None
        saved = json.loads(ids_path.read_text())
        if saved.get("format") != FORMAT:
            return None
        generation, store_id = int(saved["generation"]), str(saved.get("store_id", ""))
        if not saved["ids"]:
            return cls(bm25s.BM25(), [], generation, store_id=store_id)
        model = bm25s.BM25.load(str(folder), show_progress=False)
        sentence_model = bm25s.BM25.load(str(folder / SENTENCES_DIR), show_progress=False)
        loaded = cls(model, saved["ids"], generation, sentence_model, np.load(folder / OWNERS_FILE), store_id)
        loaded.avgdl = tuple(saved["avgdl"]) if saved.get("avgdl") else None
        delta = Delta.load(delta_path(folder.with_name(folder.name.removesuffix(".old"))), loaded.base_key)
        if delta is not None:
            loaded.attach(delta)
        return loaded

    def terms(self, text: str) -> list[str]:
        """Stemmed, stop-worded tokens, as the indexes see them: what ``tokenize([text])[0]`` gives (bm25s's
        pattern, lower-cased, stop words dropped before stemming), without bm25s's per-call set-up (three
        tqdm bars and a vocabulary per call: ~0.3 ms, and the answer path calls this ~170 times a question)."""
        return self.stemmer.stemWords([t for t in _SPLIT(fold(text).lower()) if t not in _STOPS])

    def interior_terms(self, text: str) -> list[str]:
        """``terms(text)`` without its first and last words: those may be parts of longer words when ``text`` is
        cut out of a longer one, the others are whole words of any text that contains ``text`` verbatim."""
        return self.stemmer.stemWords([t for t in _SPLIT(fold(text).lower())[1:-1] if t not in _STOPS])

    def rows_with_all(self, terms: list[str]) -> np.ndarray:
        """The rows (``chunk_ids`` positions) whose indexed text holds every one of ``terms``, rarest first: a
        superset of the chunks that contain a text whose ``interior_terms`` these are."""
        found = [np.zeros(0, dtype=np.int64)]
        parts = [(self.model, 0)] + ([(self.delta.model, len(self.base_ids))] if self.delta is not None else [])
        for model, offset in parts:
            if model is None or not terms or any(t not in model.vocab_dict for t in terms):
                continue
            indices, indptr = model.scores["indices"], model.scores["indptr"]
            columns = sorted((model.vocab_dict[t] for t in set(terms)), key=lambda c: indptr[c + 1] - indptr[c])
            rows = np.asarray(indices[indptr[columns[0]]:indptr[columns[0] + 1]], dtype=np.int64)
            for column in columns[1:]:
                if not rows.size:
                    break
                rows = np.intersect1d(rows, indices[indptr[column]:indptr[column + 1]], assume_unique=True)
            found.append(rows + offset)
        return np.concatenate(found)

    def idf(self, term: str) -> float:
        """Inverse sentence frequency: rare terms say more about what a sentence is about."""
        total = self._sentence_total()
        count = model_df(self.sentence_model, term)
        if self.delta is not None:
            count += model_df(self.delta.sentence_model, term)
        return float(np.log(1 + (total - count + 0.5) / (count + 0.5)))

    def _sentence_total(self) -> int:
        return len(self.sentence_owner) + (len(self.delta.sentence_owner) if self.delta is not None else 0)

    def idf_of_rarest(self) -> float:
        """The idf of a term found in exactly one sentence."""
        total = self._sentence_total()
        return float(np.log(1 + (total - 1 + 0.5) / 1.5))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (same order as ``chunk_ids``)."""
        scores = self._scores(self.model, query, len(self.base_ids))
        if self.delta is None:
            return scores
        return np.concatenate([scores, self._scores(self.delta.model, query, len(self.delta.chunk_ids))])

    def sentence_scores(self, query: str) -> np.ndarray:
        """Per chunk, the BM25 score of its best-matching sentence."""
        per_sentence = self._scores(self.sentence_model, query, len(self.sentence_owner))
        best = np.zeros(len(self.chunk_ids), dtype=np.float32)
        if per_sentence.size and self._owner_sorted:
            best[self._run_owner] = np.maximum(np.maximum.reduceat(per_sentence, self._runs), 0.0)
        elif per_sentence.size:
            np.maximum.at(best, self.sentence_owner, per_sentence)
        if self.delta is not None and len(self.delta.sentence_owner):
            np.maximum.at(best, self.delta.sentence_owner,
                          self._scores(self.delta.sentence_model, query, len(self.delta.sentence_owner)))
        return best

    def _scores(self, model, query: str, size: int) -> np.ndarray:
        if size == 0 or model is None:
            return np.zeros(size, dtype=np.float32)
        known = [model.vocab_dict[t] for t in self.terms(query) if t in model.vocab_dict]
        scores = np.zeros(size, dtype=np.float32)
        if not known:
            return scores
        if model.nonoccurrence_array is not None or np.dtype(model.dtype) != np.float32:  # not how we build it
            return np.asarray(model.get_scores(known), dtype=np.float32)
        # bm25s's get_scores adds each term's postings with np.add.at; a term lists a chunk at most once (CSC),
        # so a plain fancy-index add gives the same float32 sums, term by term in the same order, several
        # times faster on the long posting lists of a 1M-chunk index.
        data, indices, indptr = model.scores["data"], model.scores["indices"], model.scores["indptr"]
        for term in known:
            start, end = indptr[term], indptr[term + 1]
            scores[indices[start:end]] += data[start:end]
        return scores
