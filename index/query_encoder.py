"""A question's embedding without torch: the packaged sentence-transformers BERT model run in numpy.

Why: importing torch, transformers and sentence-transformers takes several seconds, more than everything else
``newsdesk ask`` does; a question is one short sequence, which numpy computes in milliseconds from the same
``model.safetensors`` and ``tokenizer.json``. Documents are still embedded by sentence-transformers
(``index.embed.Embedder``): batches, bf16, and the tokenizer the chunker counts with.

Invariants: only a plain BERT checkpoint with mean pooling (optionally normalised) is run here — anything else
makes ``NumpyQueryEncoder.load`` return None and the caller keeps the torch path; the tokenizer truncates to
the same length as the sentence-transformers model (``max_tokens`` or ``max_seq_length``) and never pads; the
output is float32, L2-normalised, and matches sentence-transformers' fp32 vector to float32 rounding (cosine
> 0.99999, checked in tests/test_query_encoder.py); numpy's BLAS runs one thread for it (threadpoolctl): a
question's matrices are small, and OpenBLAS threads oversubscribe the CPU and keep spinning after a call,
which starves torch in a process that is also indexing (measured on 2 loaded cores: 1 s with OpenBLAS's
default threads, 58 ms with one).
"""
from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

def one_blas_thread():
    """A context in which numpy's BLAS runs one thread. ``threadpool_limits(...)`` looks up every loaded
    library again on each use (~3.4 ms, twice per question: measured 2.1 s of cProfile over 277 questions);
    the controller made once, on first use, is reused instead (it knows the libraries loaded by then; numpy's
    own BLAS is loaded with this module)."""
    return _blas_controller().limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


TRANSFORMER = "sentence_transformers.models.Transformer"
POOLING = "sentence_transformers.models.Pooling"
NORMALIZE = "sentence_transformers.models.Normalize"
# BERT's "gelu" is the erf form, not the tanh approximation. numpy has no erf: a cubic Hermite interpolation of
# math.erf on a 1/64 grid (the slope is known exactly) is within 7e-10 of it, far under float32's rounding, and
# ~30x faster than calling math.erf per element; beyond ±6, erf is ±1 to double precision.
_STEP = 1 / 64
_GRID = np.arange(-6 * 64, 6 * 64 + 1) * _STEP
_ERF = np.array([math.erf(v) for v in _GRID])
_SLOPE = 2 / math.sqrt(math.pi) * np.exp(-_GRID ** 2) * _STEP


def erf(x: np.ndarray) -> np.ndarray:
    position = (np.clip(x.astype(np.float64), -6.0, 6.0) + 6.0) / _STEP
    i = np.minimum(position.astype(np.int64), len(_GRID) - 2)
    t = position - i
    u = 1.0 - t
    return (u * u * (1 + 2 * t) * _ERF[i] + t * u * u * _SLOPE[i] + t * t * (3 - 2 * t) * _ERF[i + 1]
            - t * t * u * _SLOPE[i + 1])


@dataclass(frozen=True)
class BertShape:
    layers: int
    heads: int
    eps: float


class NumpyQueryEncoder:
    """``encode(text) -> unit vector`` for one question, the sentence-transformers way (mean of token vectors)."""

    def __init__(self, tokenizer, weights: dict[str, np.ndarray], shape: BertShape):
        self.tokenizer = tokenizer
        self.weights = weights
        self.shape = shape

    @classmethod
    def load(cls, folder: Path, max_tokens: int = 0) -> NumpyQueryEncoder | None:
        """The encoder for a local sentence-transformers folder, or None when its layout is not the plain
        BERT + mean pooling this module runs (the caller then embeds with sentence-transformers)."""
        try:
            layout = _read_layout(folder)
        except (OSError, ValueError, KeyError) as exc:
            log.info("question embeddings through sentence-transformers: %s (%s)", folder, exc)
            return None
        if layout is None:
            return None
        config, max_length = layout
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=max_tokens or max_length)
        shape = BertShape(config["num_hidden_layers"], config["num_attention_heads"], config["layer_norm_eps"])
        return cls(tokenizer, load_file(str(folder / "model.safetensors")), shape)

    def vocabulary(self) -> dict[str, int]:
        return self.tokenizer.get_vocab(with_added_tokens=True)

    def encode(self, text: str) -> np.ndarray:
        with one_blas_thread():  # see the module docstring
            return self._encode(text)

    def _encode(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids, dtype=np.int64)
        w = self.weights
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:len(ids)]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        for layer in range(self.shape.layers):
            x = self._layer(x, f"encoder.layer.{layer}")
        pooled = x.mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)

    def _layer(self, x: np.ndarray, name: str) -> np.ndarray:
        heads, n = self.shape.heads, len(x)
        q, k, v = (self._dense(x, f"{name}.attention.self.{part}").reshape(n, heads, -1).transpose(1, 0, 2)
                   for part in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / np.float32(math.sqrt(q.shape[-1]))
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        context = (scores / scores.sum(axis=-1, keepdims=True)) @ v
        attended = self._dense(context.transpose(1, 0, 2).reshape(n, -1), f"{name}.attention.output.dense")
        x = self._norm(attended + x, f"{name}.attention.output.LayerNorm")
        hidden = self._dense(x, f"{name}.intermediate.dense")
        hidden = hidden * np.float32(0.5) * (1 + erf(hidden / np.float32(math.sqrt(2.0))).astype(np.float32))
        return self._norm(self._dense(hidden, f"{name}.output.dense") + x, f"{name}.output.LayerNorm")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.weights[f"{name}.weight"].T + self.weights[f"{name}.bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        normed = (x - mean) / np.sqrt(var + np.float32(self.shape.eps))
        return normed * self.weights[f"{name}.weight"] + self.weights[f"{name}.bias"]


def _read_layout(folder: Path) -> tuple[dict, int] | None:
    """(BERT config, max_seq_length) when ``folder`` holds a plain BERT with mean pooling, else None."""
    modules = json.loads((folder / "modules.json").read_text())
    types = [m["type"] for m in modules]
    if types not in ([TRANSFORMER, POOLING], [TRANSFORMER, POOLING, NORMALIZE]) or modules[0]["path"]:
        log.info("question embeddings through sentence-transformers: modules %s", types)
        return None
    pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text())
    config = json.loads((folder / "config.json").read_text())
    modes = {key for key, on in pooling.items() if key.startswith("pooling_mode") and on}
    plain = (config.get("model_type") == "bert" and config.get("hidden_act") == "gelu"
             and config.get("position_embedding_type", "absolute") == "absolute"
             and modes == {"pooling_mode_mean_tokens"}
             and (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file())
    if not plain:
        log.info("question embeddings through sentence-transformers: not a plain BERT with mean pooling")
        return None
    bert_config = json.loads((folder / "sentence_bert_config.json").read_text())
    return config, int(bert_config["max_seq_length"])
