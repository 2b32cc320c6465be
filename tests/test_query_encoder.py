"""Questions embedded in numpy (index.query_encoder) give sentence-transformers' fp32 vectors."""
import json
import shutil

import numpy as np
import pytest

from index.embed import Embedder, default_model_path
from index.query_encoder import NumpyQueryEncoder

QUESTIONS = ["When does the New START treaty expire?", "Who is Trump's Special Envoy for Ukraine and Russia?",
             "What did Café Müller open?", "", "word " * 300,  # empty, and longer than the 128-token cut
             "Was the Sphere in Las Vegas reported by TechCrunch before Oct 2023, and who owns it?",
             "数学 ünïcödé — “quotes” … UPPER lower 12,345.67 $84 million"]


@pytest.mark.slow  # the torch model, to compare with
@pytest.mark.parametrize("max_tokens", [128, 0])
def test_numpy_question_vectors_match_the_torch_model(max_tokens):
    numpy_side = Embedder(precision="fp32", max_tokens=max_tokens)
    torch_side = Embedder(precision="fp32", max_tokens=max_tokens, numpy_queries=False)
    assert numpy_side.query_encoder is not None and torch_side.query_encoder is None
    for question in QUESTIONS:
        fast, exact = numpy_side.embed_query(question), torch_side.embed_query(question)
        assert fast.dtype == np.float32 and fast.shape == exact.shape == (384,)
        assert float(np.abs(fast - exact).max()) < 2e-6 and float(fast @ exact) > 0.99999, question
    assert numpy_side.tokenizer.get_vocab() == torch_side.model.tokenizer.get_vocab()


def test_a_question_needs_no_torch_model():
    embedder = Embedder(precision="fp32", max_tokens=128)
    vector = embedder.embed_query("When does the New START treaty expire?")
    assert abs(float(np.linalg.norm(vector)) - 1) < 1e-5
    assert len(embedder.tokenizer.get_vocab()) == 30522
    assert embedder._model is None  # the sentence-transformers model was never loaded


def test_bf16_questions_stay_on_the_torch_model():
    assert Embedder(precision="bf16").query_encoder is None


def test_another_layout_is_left_to_sentence_transformers(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(default_model_path(), folder)
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({**pooling, "pooling_mode_mean_tokens": False,
                                                                  "pooling_mode_cls_token": True}))
    assert NumpyQueryEncoder.load(folder) is None
    (folder / "modules.json").write_text(json.dumps([{"idx": 0, "name": "0", "path": "", "type": "custom.Module"}]))
    assert NumpyQueryEncoder.load(folder) is None
    assert NumpyQueryEncoder.load(tmp_path / "missing") is None


def test_erf_matches_math_erf():
    import math

    from index.query_encoder import erf

    x = np.concatenate([np.linspace(-9, 9, 20001), np.random.default_rng(0).normal(0, 3, 20000)]).astype(np.float32)
    exact = np.array([math.erf(float(v)) for v in x])
    assert float(np.abs(erf(x) - exact).max()) < 1e-9
