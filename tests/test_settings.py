"""The settings tree: nested names, the flat names it replaced, which wins, and no environment writes."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from settings import FLAT_NAMES, SECTIONS, Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("NEWSDESK_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_nested_names(env):
    env.setenv("NEWSDESK_RETRIEVAL__LEXICAL_WEIGHT", "0.5")
    env.setenv("NEWSDESK_STORE__CHROMA_PORT", "9000")
    env.setenv("NEWSDESK_UI__INDEX_FOLDERS", "true")
    settings = Settings()
    assert settings.retrieval.lexical_weight == 0.5 and settings.store.chroma_port == 9000
    assert settings.ui.index_folders is True and settings.retrieval.top_k == 10


@pytest.mark.parametrize(("flat", "value", "section", "field", "expected"), [
    ("HOME", "/tmp/x", None, "home", Path("/tmp/x")),
    ("CHROMA_HOST", "db", "store", "chroma_host", "db"),
    ("GENERATOR", "openai", "answer", "generator", "openai"),
    ("PORT", "1234", "ui", "port", 1234),
    ("FETCH_TIMEOUT_S", "3", "fetch", "timeout_s", 3.0),
    ("FETCH_ALLOWED_HOSTS", "wiki", "fetch", "allowed_hosts", "wiki"),
    ("ALLOWED_HOSTS", "news.example", "ui", "allowed_hosts", "news.example"),
    ("APP_INDEX_FOLDERS", "true", "ui", "index_folders", True),
    ("INDEX_LOCK_WAIT_S", "5", "index", "lock_wait_s", 5.0),
    ("LEXICAL_REFRESH_S", "0", "index", "lexical_refresh_s", 0.0),
    ("HTML_TIME_BUDGET_S", "2", "fetch", "html_time_budget_s", 2.0),
])
def test_flat_names_keep_working(env, flat, value, section, field, expected):
    env.setenv(f"NEWSDESK_{flat}", value)
    settings = Settings()
    assert getattr(getattr(settings, section) if section else settings, field) == expected


def test_keywords_beat_nested_beat_flat(env):
    env.setenv("NEWSDESK_CHROMA_HOST", "flat")
    assert Settings().store.chroma_host == "flat"
    env.setenv("NEWSDESK_STORE__CHROMA_HOST", "nested")
    assert Settings().store.chroma_host == "nested"
    assert Settings(chroma_host="keyword").store.chroma_host == "keyword"
    assert Settings(store={"chroma_host": "section"}).store.chroma_host == "section"


def test_every_flat_name_has_a_place():
    for flat, (section, field) in FLAT_NAMES.items():
        assert field in SECTIONS[section].model_fields, flat


def test_with_values_copies_one_knob(env):
    base = Settings(home="/tmp/base", chroma_host="db")
    changed = base.with_values(retrieval={"mode": "bm25"})
    assert changed.retrieval.mode == "bm25" and base.retrieval.mode == "hybrid"
    assert changed.store.chroma_host == "db" and changed.home == Path("/tmp/base")
    assert base.with_values(home="/tmp/other").home == Path("/tmp/other")
    with pytest.raises(ValueError):
        base.with_values(retrieval={"mode": "nonsense"})


def test_llm_servers_offered_only_when_set(env):
    assert Settings().llm.configured() == []
    env.setenv("NEWSDESK_OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    assert Settings().llm.configured() == ["openai"]
    assert Settings(llm={"llamacpp_model_path": "/m.gguf"}).llm.configured() == ["llamacpp", "openai"]


def test_import_writes_no_environment():
    code = ("import os; before = dict(os.environ); import settings, index.settings; settings.Settings(); "
            "assert dict(os.environ) == before, set(os.environ) ^ set(before)")
    clean = {k: v for k, v in os.environ.items() if k not in settings_variables()}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def settings_variables() -> set[str]:
    from settings import OFFLINE_ENVIRONMENT

    return set(OFFLINE_ENVIRONMENT)
