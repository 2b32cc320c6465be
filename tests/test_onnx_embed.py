"""The onnx-int8 embedding backend (index/onnx_embed.py): backend choice, the conversion cache, and vectors
close to the torch fp32 ones."""
import json
import shutil

import numpy as np
import pytest

from index import onnx_embed
from index.embed import Embedder, default_model_path, embedder_for, resolve_backend
from index.settings import Settings

SENTENCES = ["The New START treaty, the last arms-control pact between the US and Russia, expires in February.",
             "Apple's quarterly revenue beat analysts' estimates as iPhone sales in China recovered.",
             "Sam Altman returned as OpenAI's chief executive days after the board fired him.",
             "The Sphere in Las Vegas, owned by Madison Square Garden Entertainment, opened with a U2 concert.",
             "数学 ünïcödé — “quotes” … UPPER lower 12,345.67 $84 million", "word " * 300]
SHORT = ["short", "Markets"]  # a few tokens: less quantization noise averages out (an indexed chunk has its headline)


def _other_layout(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(default_model_path(), folder)
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({**pooling, "pooling_mode_mean_tokens": False,
                                                                  "pooling_mode_cls_token": True}))
    return folder


def test_backend_choice(tmp_path):
    model = default_model_path()
    assert resolve_backend("torch", model) == "torch"
    assert resolve_backend("onnx-int8", model) == "onnx-int8"
    assert resolve_backend("onnx-int8", str(_other_layout(tmp_path))) == "torch"  # falls back, never fails
    with pytest.raises(ValueError):
        resolve_backend("tensorrt", model)
    settings = Settings(home=tmp_path / "home", embedding_backend="onnx-int8", embedding_cache_dir=str(tmp_path))
    embedder = embedder_for(settings)
    assert embedder.backend == "onnx-int8" and embedder.cache_dir == str(tmp_path)
    assert embedder_for(settings.with_values(index={"embedding_backend": "torch"})).backend == "torch"


def test_conversion_is_cached_by_model_and_written_atomically(tmp_path, monkeypatch):
    calls = []

    def export(model_path, out):
        calls.append(model_path)
        out.write_bytes(b"fp32")

    def quantize(fp32, out):
        out.write_bytes(fp32.read_bytes() + b"->int8")

    monkeypatch.setattr(onnx_embed, "export_fp32", export)
    monkeypatch.setattr(onnx_embed, "fuse", lambda fp32, config: fp32.write_bytes(fp32.read_bytes() + b"+fused"))
    monkeypatch.setattr(onnx_embed, "quantize", quantize)
    model = tmp_path / "model"
    shutil.copytree(default_model_path(), model)
    cache = tmp_path / "cache"
    first = onnx_embed.quantized_model(model, cache)
    assert first.read_bytes() == b"fp32+fused->int8" and first.parent == cache
    assert onnx_embed.quantized_model(model, cache) == first and len(calls) == 1  # reused, not converted again
    assert sorted(p.name for p in cache.iterdir()) == [first.name]  # no partial files left
    (model / "config.json").write_text((model / "config.json").read_text() + "\n")
    assert onnx_embed.quantized_model(model, cache) != first and len(calls) == 2  # another model, another file

    def broken(fp32, out):
        out.write_bytes(b"half")
        raise RuntimeError("killed")

    monkeypatch.setattr(onnx_embed, "quantize", broken)
    (model / "config.json").write_text((model / "config.json").read_text() + "\n")
    with pytest.raises(RuntimeError):
        onnx_embed.quantized_model(model, cache)
    assert len(list(cache.iterdir())) == 2  # the failed conversion left nothing behind


def test_default_cache_dir_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert onnx_embed.default_cache_dir() == tmp_path / "newsdesk" / "models"


@pytest.mark.slow  # converts the model (~10 s) and loads torch to compare
def test_int8_document_vectors_stay_close_to_fp32(tmp_path):
    fp32 = Embedder(precision="fp32", max_tokens=128)
    int8 = Embedder(precision="fp32", max_tokens=128, backend="onnx-int8", cache_dir=str(tmp_path))
    expected, got = fp32.embed_documents(SENTENCES), int8.embed_documents(SENTENCES)
    assert got.dtype == np.float32 and got.shape == expected.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)
    cosines = (got * expected).sum(axis=1)
    assert cosines.min() >= 0.99, cosines
    short = (int8.embed_documents(SHORT) * fp32.embed_documents(SHORT)).sum(axis=1)
    assert short.min() >= 0.97, short  # measured 0.981 for "short"
    # questions stay on the fp32 numpy encoder whatever the backend
    question = "When does the New START treaty expire?"
    assert np.array_equal(int8.embed_query(question), fp32.embed_query(question))
    # the chunker's tokenizer: the Hugging Face tokenizer's ids and offsets, without torch
    hf = fp32.model.tokenizer
    texts = SENTENCES + SHORT
    assert int8.tokenizer(texts, add_special_tokens=False)["input_ids"] == \
        hf(texts, add_special_tokens=False)["input_ids"]
    for text in texts:
        mine = int8.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        theirs = hf(text, add_special_tokens=False, return_offsets_mapping=True)
        assert mine["input_ids"] == theirs["input_ids"]
        assert [tuple(o) for o in mine["offset_mapping"]] == [tuple(o) for o in theirs["offset_mapping"]]
    assert int8.tokenizer.get_vocab() == hf.get_vocab()
    assert int8._model is None  # indexing with onnx-int8 never loaded the sentence-transformers model
    import onnx

    kinds = {node.op_type for node in onnx.load(str(int8.onnx.path)).graph.node}
    assert {"QAttention", "SkipLayerNormalization", "EmbedLayerNormalization"} <= kinds  # the fused graph
