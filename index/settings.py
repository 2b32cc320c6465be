"""Every Newsdesk setting in one place (env prefix ``NEWSDESK_``).

Components are chosen by mode, as in private-gpt: ``generator`` picks the answerer,
``chroma_host`` switches the store from embedded to a Chroma server.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Offline and quiet by default: nothing may phone home or fetch a model at run time.
for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "ORT_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_name, _value)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", extra="ignore")

    home: Path = Field(Path("./data"), description="Folder holding the index (git-ignored).")
    collection: str = "newsdesk"

    # Embedding
    embedding_model: str = Field("", description="Local model folder; empty = packaged all-MiniLM-L6-v2.")
    embedding_precision: Literal["auto", "fp32", "bf16"] = "auto"  # auto: bf16 only where the CPU has it
    embedding_batch_size: int = 32
    # all-MiniLM-L6-v2 was trained on 128-token inputs; embedding only a chunk's first 128 tokens is 1.7x
    # faster and cost < 0.006 on every MultiHop-RAG retrieval metric (BM25 still reads the whole chunk).
    embedding_max_tokens: int = Field(128, description="Truncate what is embedded (0 = the model's limit).")
    chunk_tokens: int = Field(240, le=256, description="Max tokenizer tokens of one chunk's text.")

    # Store
    chroma_host: str = ""
    chroma_port: int = 8000

    # Fetching (URLs and feeds)
    fetch_timeout_s: float = Field(15.0, description="Deadline for a whole fetch (all redirects, every byte).")
    fetch_allowed_hosts: str = Field("", description="Comma-separated host names, IPs or CIDR networks that may be "
                                     "fetched although internal (loopback, private, link-local...); empty = none.")
    fetch_max_bytes: int = 5_000_000
    fetch_linked_pages: bool = False
    max_file_bytes: int = 20_000_000
    max_html_chars: int = Field(5_000_000, description="A longer HTML page is refused before parsing.")
    html_time_budget_s: float = Field(30.0, description="Time budget to extract one HTML page (or feed entry); "
                                      "a page that takes longer is reported and skipped.")
    max_article_chars: int = 1_000_000  # a longer "article" is a dump, not a story; it is reported, not indexed
    index_lock_wait_s: float = Field(600.0, description="How long an indexer waits for another one on the same "
                                     "home before giving up (it says whom it waits for).")
    lexical_refresh_s: float = Field(60.0, description="During a long reindex, rebuild the BM25 index this "
                                     "often, so articles committed so far become searchable (and stay so after a "
                                     "kill).")

    # Retrieval
    top_k: int = 10
    dense_in_memory_max_chunks: int = 500_000

    # Answering
    generator: Literal["extractive", "llamacpp", "ollama", "openai"] = "extractive"
    llamacpp_model_path: str = ""
    ollama_base_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "llama3.2"
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_model: str = "local"
    openai_api_key: str = "not-needed"

    # UI
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = Field("", description="user:password; the app asks for it when set, and requires it off loopback.")
    login_attempts: int = Field(5, ge=1, description="Failed logins one client address may make per "
                                "login_window_s before its logins are refused (HTTP 429).")
    login_window_s: float = Field(300.0, gt=0, description="The window, in seconds, for login_attempts.")
    max_upload_bytes: int = 10_000_000
    app_index_folders: bool = Field(False, description="Admin setting: let the app (UI and `index` API) index "
                                    "folders and files on the server; off = uploads and URLs only.")
    allowed_hosts: str = Field("", description="Comma-separated Host header names the app answers to, besides "
                               "loopback names and the bound host (DNS-rebinding protection).")

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.home / "manifest.sqlite3"

    @property
    def bm25_path(self) -> Path:
        return self.home / "bm25"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
