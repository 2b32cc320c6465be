"""Document embeddings through onnxruntime with int8 weights: the ``onnx-int8`` embedding backend.

Why: a cold index is mostly embedding. On this project's 2-core AVX2 machine onnxruntime's int8 kernels
embed MultiHop-RAG chunks ~1.7-2x faster than torch fp32 (bench/RESULTS.md, "Indexing speed"), and an index
run with a converted model never imports torch, transformers or sentence-transformers (seconds saved).

How: the packaged sentence-transformers folder (plain BERT + mean pooling, the layout ``index.query_encoder``
also requires) is exported once to ONNX with mean pooling inside the graph (torch's TorchScript exporter,
offline, from the local weights), fused by onnxruntime's BERT optimizer (one Attention node per layer, see
``fuse``: ~4% faster on AVX2), then its MatMul and Attention weights are quantized to int8 per output channel
(onnxruntime dynamic quantization: activations are quantized per batch at run time). The result is cached
under ``embedding_cache_dir`` (default ``~/.cache/newsdesk/models``) keyed by the model's bytes, the recipe
and the onnxruntime version, and written atomically, so concurrent first runs cannot leave half a file; a
conversion takes ~10 s and happens once per machine and model.

Invariants:
- only documents are embedded here; questions stay fp32 (``index.query_encoder``), so a question's vector is
  the same whichever backend indexed the documents. Document vectors keep cosine ≥ 0.99 to fp32's (see
  ``quantize``; tests/test_onnx_embed.py checks it on its fixture sentences);
- tokenization is the model's tokenizer.json, truncated to ``max_tokens`` (or the model's max_seq_length),
  padded to the longest text of a batch, like sentence-transformers;
- vectors are float32 and L2-normalised in float32;
- onnxruntime's threads do not spin between calls (``allow_spinning=0``): on 2 shared cores spinning threads
  starve the rest of the process (chunking, Chroma writes) and other processes.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Bump when the export or quantization changes what the cached file computes.
RECIPE = "bert-meanpool-opset17-fused-attention-dynamic-int8-perchannel-matmul-attention-ffn-down-fp32-v2"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsdesk" / "models"


def supports(model_path: str | Path) -> bool:
    """Whether ``model_path`` is a layout this backend exports (plain BERT + mean pooling)."""
    from index.query_encoder import _read_layout  # read only when this backend is asked about

    try:
        return _read_layout(Path(model_path)) is not None
    except (OSError, ValueError, KeyError):
        return False


def model_digest(model_path: Path) -> str:
    """What the converted file depends on: the weights, config, pooling and the recipe."""
    import onnxruntime

    digest = hashlib.sha256(f"{RECIPE}|onnxruntime {onnxruntime.__version__}".encode())
    for name in ("config.json", "modules.json", "sentence_bert_config.json", "1_Pooling/config.json"):
        path = model_path / name
        digest.update(name.encode() + (path.read_bytes() if path.is_file() else b"-"))
    with open(model_path / "model.safetensors", "rb") as weights:
        for block in iter(lambda: weights.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def quantized_model(model_path: Path, cache_dir: Path) -> Path:
    """The cached int8 ONNX file for ``model_path``, converting it first when missing."""
    target = cache_dir / f"{model_path.name}-{model_digest(model_path)}-int8.onnx"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    log.info("converting %s to int8 ONNX in %s (once)", model_path, target)
    partial = cache_dir / f".{target.name}.{os.getpid()}.{threading.get_ident()}"
    fp32 = partial.with_suffix(".fp32.onnx")
    try:
        export_fp32(model_path, fp32)
        fuse(fp32, json.loads((model_path / "config.json").read_text()))
        quantize(fp32, partial)
        os.replace(partial, target)
    finally:
        for leftover in (fp32, partial):
            leftover.unlink(missing_ok=True)
    return target


def export_fp32(model_path: Path, out: Path) -> None:
    """The BERT model with mean pooling (unnormalised) as one ONNX graph; needs torch and transformers."""
    import warnings

    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    model = AutoModel.from_pretrained(str(model_path), local_files_only=True, attn_implementation="eager").eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    example = torch.ones(2, 16, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer warnings about Python-side shape checks, harmless here
        torch.onnx.export(MeanPooled(model), (example, example, torch.zeros_like(example)), str(out),
                          input_names=list(INPUTS), output_names=["sentence_embedding"],
                          dynamic_axes={**axes, "sentence_embedding": {0: "batch"}}, opset_version=17,
                          dynamo=False)


def fuse(fp32: Path, config: dict) -> None:
    """onnxruntime's BERT fusions, in place: one Attention node per layer (QKV projection, scores, softmax and
    context in one kernel), SkipLayerNormalization, BiasGelu, EmbedLayerNormalization. Quantized afterwards,
    the fused Attention's QKV weights are int8 too (QAttention). 417 MultiHop-RAG chunks, 2 threads, AVX2,
    interleaved runs: 10.1 / 10.9 s against 11.6 / 10.3 s for the unfused int8 graph at 128 tokens, 7.6 / 7.5 s
    against 8.0 / 8.0 s at 96; cosine to fp32 min 0.9933 / mean 0.9964 (unfused: 0.9931 / 0.9963)."""
    from onnxruntime.transformers.optimizer import optimize_model

    quiet = logging.getLogger("onnxruntime.transformers")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # fusion statistics and shape-inference notes, at warning level
    try:
        model = optimize_model(str(fp32), model_type="bert", num_heads=int(config["num_attention_heads"]),
                               hidden_size=int(config["hidden_size"]), opt_level=1)
        model.save_model_to_file(str(fp32))
    finally:
        quiet.setLevel(level)


def quantize(fp32: Path, out: Path) -> None:
    """int8 MatMul weights, one scale per output channel (per-tensor scales lose too much: cosine 0.93 to
    fp32), except each layer's feed-forward down-projection, which stays fp32: its input (the GELU output) has
    outliers that one uint8 scale per batch cannot hold. On 105 MultiHop-RAG chunks every MatMul in int8 gave
    cosine min 0.985 / mean 0.993 to fp32 at 0.60 of fp32's time; without the down-projections min 0.993 /
    mean 0.997 at 0.70."""
    import onnx
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fp32), load_external_data=False).graph
    keep_fp32 = [node.name for node in graph.node
                 if node.op_type == "MatMul" and re.search(r"layer\.\d+/output/dense/MatMul$", node.name)]
    quiet = _NoPreprocessingAdvice()
    logging.getLogger().addFilter(quiet)  # onnxruntime logs this advice on the root logger, meant for CNNs
    try:
        # DefaultTensorType: shape inference cannot type the outputs of the fused (com.microsoft) operators
        quantize_dynamic(str(fp32), str(out), per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul", "Attention"], nodes_to_exclude=keep_fp32,
                         extra_options={"DefaultTensorType": TensorProto.FLOAT})
    finally:
        logging.getLogger().removeFilter(quiet)


class _NoPreprocessingAdvice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


class OnnxDocumentEncoder:
    """``encode(texts) -> (n, dim) unit vectors`` with the cached int8 model; one run at a time."""

    def __init__(self, model_path: str | Path, cache_dir: str | Path = "", max_tokens: int = 0,
                 threads: int = 0):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from index.query_encoder import _read_layout  # beside onnxruntime: loaded with this encoder only

        folder = Path(model_path)
        layout = _read_layout(folder)
        if layout is None:
            raise ValueError(f"{folder}: the onnx-int8 backend runs plain BERT + mean pooling models only")
        self.path = quantized_model(folder, Path(cache_dir) if cache_dir else default_cache_dir())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens or layout[1])
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("[PAD]") or 0)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or (os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        self.dimension = int(json.loads((folder / "config.json").read_text())["hidden_size"])
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        types = np.array([e.type_ids for e in encoded], dtype=np.int64)
        with self._lock:
            pooled = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        pooled = pooled.astype(np.float32)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))


class FastTokenizer:
    """The model's tokenizer.json without transformers, answering the calls the chunker makes
    (``tok(texts, add_special_tokens=False[, return_offsets_mapping=True])``) the way the Hugging Face fast
    tokenizer does (same ids and offsets: it is the same tokenizer file), plus ``get_vocab``."""

    def __init__(self, model_path: str | Path):
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(Path(model_path) / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()

    def __call__(self, text: str | list[str], add_special_tokens: bool = True,
                 return_offsets_mapping: bool = False) -> dict:
        single = isinstance(text, str)
        encoded = self._tokenizer.encode_batch([text] if single else list(text), add_special_tokens=add_special_tokens)
        out: dict = {"input_ids": [e.ids for e in encoded]}
        if return_offsets_mapping:
            out["offset_mapping"] = [list(e.offsets) for e in encoded]
        return {key: value[0] for key, value in out.items()} if single else out

    def get_vocab(self) -> dict[str, int]:
        return self._tokenizer.get_vocab(with_added_tokens=True)
