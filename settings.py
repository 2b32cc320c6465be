"""Every Newsdesk setting, in one tree: ``Settings`` with one section per stage.

    home                       the folder holding the index (NEWSDESK_HOME)
    index     IndexSettings    chunking, embedding, reindexing          NEWSDESK_INDEX__CHUNK_TOKENS=240
    store     StoreSettings    the Chroma collection, embedded or served NEWSDESK_STORE__CHROMA_HOST=...
    fetch     FetchSettings    URLs and feeds                           NEWSDESK_FETCH__TIMEOUT_S=15
    retrieval RetrievalSettings  k, fusion weights, bonuses            NEWSDESK_RETRIEVAL__LEXICAL_WEIGHT=0.6
    answer    AnswerSettings   which generator answers                  NEWSDESK_ANSWER__GENERATOR=extractive
    llm       LLMSettings      the LLM generators' servers and models   NEWSDESK_LLM__OLLAMA_MODEL=llama3.2
    ui        UISettings       the chat window: bind, login, uploads    NEWSDESK_UI__PORT=7860

Invariants:
- environment variables are read when a ``Settings`` is built, never written: this module changes nothing
  at import (the entry points set the offline variables, see ``offline_environment``);
- nested names (``NEWSDESK_<SECTION>__<FIELD>``) win over the flat names of the single-level settings this
  tree replaced (``NEWSDESK_CHROMA_HOST``, ``NEWSDESK_GENERATOR``, ``NEWSDESK_PORT``…), which keep working:
  ``FLAT_NAMES`` maps each flat name to its place, for the environment and for keyword arguments alike
  (``Settings(home=..., html_time_budget_s=3)``);
- a caller who needs another value of any knob builds or copies a ``Settings`` and passes it in (the eval
  harness varies ``retrieval`` this way); no component reads the environment itself.

The answer modules' own tuning constants (``assistant/extractive.py``, ``picking.py``…) are not settings.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

ENV_PREFIX = "NEWSDESK_"

# Offline and quiet: nothing may phone home or fetch a model at run time. Set by the entry points (CLI, app).
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "ORT_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def offline_environment() -> None:
    """Set the offline variables where the user has not: called by each entry point, not at import."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndexSettings(Section):
    """Reading, chunking and embedding articles."""

    embedding_model: str = Field("", description="Local model folder; empty = packaged all-MiniLM-L6-v2.")
    embedding_precision: Literal["auto", "fp32", "bf16"] = "auto"  # auto: bf16 only where the CPU has it
    embedding_batch_size: int = 32
    # all-MiniLM-L6-v2 was trained on 128-token inputs; embedding only a chunk's first 128 tokens is 1.7x
    # faster and cost < 0.006 on every MultiHop-RAG retrieval metric (BM25 still reads the whole chunk).
    embedding_max_tokens: int = Field(128, description="Truncate what is embedded (0 = the model's limit).")
    chunk_tokens: int = Field(240, le=256, description="Max tokenizer tokens of one chunk's text.")
    # coldindex: documents through onnxruntime with int8 weights (index.onnx_embed), questions stay fp32 numpy.
    embedding_backend: Literal["torch", "onnx-int8"] = Field(
        "onnx-int8", description="What embeds documents: onnx-int8 (int8 weights, index/onnx_embed.py) or torch "
        "(sentence-transformers fp32/bf16).")
    embedding_cache_dir: str = Field("", description="Where the converted ONNX model is kept; empty = "
                                     "~/.cache/newsdesk/models.")
    max_file_bytes: int = 20_000_000
    max_article_chars: int = 1_000_000  # a longer "article" is a dump, not a story; it is reported, not indexed
    lock_wait_s: float = Field(600.0, description="How long an indexer waits for another one on the same "
                               "home before giving up (it says whom it waits for).")
    lexical_refresh_s: float = Field(60.0, description="During a long reindex, rebuild the BM25 index this "
                                     "often, so articles committed so far become searchable (and stay so after "
                                     "a kill).")


class StoreSettings(Section):
    """The Chroma collection: embedded under ``home`` unless ``chroma_host`` names a server."""

    collection: str = "newsdesk"
    chroma_host: str = ""
    chroma_port: int = 8000
    chroma_sync_interval_s: float = Field(1.0, ge=0, description="Against a server: how often (at most) a "
                                          "replica checks, before a question, whether the server changed.")
    chroma_lease_ttl_s: float = Field(60.0, gt=1, description="Against a server: how long the indexing lease "
                                      "lasts unless renewed (its holder renews it every third of this).")


class FetchSettings(Section):
    """URLs and feeds."""

    timeout_s: float = Field(15.0, description="Deadline for a whole fetch (all redirects, every byte).")
    allowed_hosts: str = Field("", description="Comma-separated host names, IPs or CIDR networks that may be "
                               "fetched although internal (loopback, private, link-local...); empty = none.")
    max_bytes: int = 5_000_000
    linked_pages: bool = False
    max_html_chars: int = Field(5_000_000, description="A longer HTML page is refused before parsing.")
    html_time_budget_s: float = Field(30.0, description="Time budget to extract one HTML page (or feed entry); "
                                      "a page that takes longer is reported and skipped.")


class RetrievalSettings(Section):
    """What ``NewsRetriever`` returns: how many passages, and how BM25, dense and the question's clauses,
    outlets and dates are weighed (measured on MultiHop-RAG, see bench/RESULTS.md)."""

    top_k: int = 10
    dense_in_memory_max_chunks: int = 500_000  # above: dense scores come from Chroma's HNSW index
    mode: Literal["hybrid", "bm25", "dense"] = "hybrid"
    understand: bool = True  # use clauses, outlets and dates named in the question
    lexical_weight: float = 0.6
    clause_weight: float = 2.0
    outlet_bonus: float = 0.6
    outlet_repeat_bonus: float = 0.3
    date_bonus: float = 0.2
    date_repeat_bonus: float = 0.2
    same_article_penalty: float = 0.0
    date_slack_days: int = 1
    shortlist: int = 200
    per_clause: int = 20  # each clause's best chunks join the shortlist
    off_target: float = 0.1  # weight of a clause's match outside the outlets/dates it names
    lead: int = 3  # results chosen on the whole question before each clause gets its best chunk
    clause_tiebreak: float = 0.3
    clause_chunk_weight: float = 0.3  # share of whole-chunk BM25 in a clause's score (the rest: best sentence)


GeneratorName = Literal["extractive", "llamacpp", "ollama", "openai"]


class AnswerSettings(Section):
    generator: GeneratorName = "extractive"


class LLMSettings(Section):
    """The LLM generators. A server counts as configured (offered in the chat window) when its base URL
    was set, in the environment or by the caller."""

    llamacpp_model_path: str = ""
    ollama_base_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "llama3.2"
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_model: str = "local"
    openai_api_key: str = "not-needed"

    def configured(self) -> list[str]:
        """The LLM generators set up here, in a stable order."""
        names = ["llamacpp"] if self.llamacpp_model_path else []
        return names + [n for n in ("ollama", "openai") if f"{n}_base_url" in self.model_fields_set]


class UISettings(Section):
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = Field("", description="user:password; the app asks for it when set, and requires it off loopback.")
    login_attempts: int = Field(5, ge=1, description="Failed logins one client address may make per "
                                "login_window_s before its logins are refused (HTTP 429).")
    login_window_s: float = Field(300.0, gt=0, description="The window, in seconds, for login_attempts.")
    max_upload_bytes: int = 10_000_000
    index_folders: bool = Field(False, description="Admin setting: let the app (UI and `index` API) index "
                                "folders and files on the server; off = uploads and URLs only.")
    allowed_hosts: str = Field("", description="Comma-separated Host header names the app answers to, besides "
                               "loopback names and the bound host (DNS-rebinding protection).")


SECTIONS: dict[str, type[Section]] = {
    "index": IndexSettings, "store": StoreSettings, "fetch": FetchSettings, "retrieval": RetrievalSettings,
    "answer": AnswerSettings, "llm": LLMSettings, "ui": UISettings,
}
# The flat settings before the tree (NEWSDESK_<NAME>, Settings(name=...)) → (section, field).
FLAT_NAMES: dict[str, tuple[str, str]] = {
    **{name: ("index", name) for name in IndexSettings.model_fields if name != "lock_wait_s"},
    "index_lock_wait_s": ("index", "lock_wait_s"),
    **{name: ("store", name) for name in StoreSettings.model_fields},
    **{f"fetch_{name}": ("fetch", name) for name in ("timeout_s", "allowed_hosts", "max_bytes", "linked_pages")},
    "max_html_chars": ("fetch", "max_html_chars"), "html_time_budget_s": ("fetch", "html_time_budget_s"),
    "top_k": ("retrieval", "top_k"), "dense_in_memory_max_chunks": ("retrieval", "dense_in_memory_max_chunks"),
    "generator": ("answer", "generator"),
    **{name: ("llm", name) for name in LLMSettings.model_fields},
    **{name: ("ui", name) for name in UISettings.model_fields if name != "index_folders"},
    "app_index_folders": ("ui", "index_folders"),
}


def nest_flat(values: dict[str, Any]) -> dict[str, Any]:
    """``{"chroma_host": "h", "home": p}`` → ``{"store": {"chroma_host": "h"}, "home": p}``; a value already
    given in its section wins over its flat name."""
    nested = dict(values)
    for flat, (section, name) in FLAT_NAMES.items():
        if flat not in nested:
            continue
        value = nested.pop(flat)
        current = nested.get(section) or {}
        if isinstance(current, BaseModel):
            current = current.model_dump(exclude_unset=True)
        nested[section] = {name: value, **current}
    return nested


class FlatEnvironment(PydanticBaseSettingsSource):
    """The flat ``NEWSDESK_*`` names of the settings before the tree (``NEWSDESK_CHROMA_HOST``…), nested."""

    def get_field_value(self, field, field_name):  # unused: __call__ reads every flat name at once
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found = {flat: os.environ[ENV_PREFIX + flat.upper()] for flat in FLAT_NAMES
                 if ENV_PREFIX + flat.upper() in os.environ}
        return nest_flat(found)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="ignore",
                                      frozen=True)

    home: Path = Field(Path("./data"), description="Folder holding the index (git-ignored).")
    index: IndexSettings = IndexSettings()
    store: StoreSettings = StoreSettings()
    fetch: FetchSettings = FetchSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    llm: LLMSettings = LLMSettings()
    ui: UISettings = UISettings()

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return init_settings, env_settings, FlatEnvironment(settings_cls), dotenv_settings, file_secret_settings

    def __init__(self, **values: Any) -> None:
        super().__init__(**nest_flat(values))  # before the sources merge: keywords win over the environment

    def with_values(self, home: Path | str | None = None, **sections: dict[str, Any]) -> Settings:
        """A copy with another ``home`` and/or some fields of some sections changed:
        ``settings.with_values(retrieval={"mode": "bm25"})`` (validated like the environment's values)."""
        update: dict[str, Any] = {} if home is None else {"home": Path(home)}
        for key, values in sections.items():
            section = getattr(self, key)
            update[key] = type(section).model_validate({**section.model_dump(exclude_unset=True), **values})
        return self.model_copy(update=update)

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.home / "manifest.sqlite3"

    @property
    def bm25_path(self) -> Path:
        return self.home / "bm25"

    @property
    def generator(self) -> str:
        """``answer.generator``, the name ``assistant/assistant.py`` reads (its owner moves it to the tree)."""
        return self.answer.generator


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process's environment, read once (entry points only; components get theirs)."""
    return Settings()
