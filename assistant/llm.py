"""LLM answer generators behind one interface: a LangChain chat model chosen by mode.

- ``openai``: any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio) via langchain-openai;
- ``ollama``: via langchain-ollama;
- ``llamacpp``: a local GGUF file served in-process on loopback by xllamacpp (optional extra),
  then spoken to through the same OpenAI-compatible client.
Every sentence they write is verified afterwards (``assistant.verify``).
"""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

from assistant.passage import Passage
from assistant.prompts import ABSTAIN_TEXT, answer_prompt, format_passages
from settings import Settings

GENERATORS = ("extractive", "llamacpp", "ollama", "openai")
_llama_servers: dict[str, tuple[object, int]] = {}  # model path -> (xllamacpp server, port)
_llama_lock = threading.Lock()


class GeneratorUnavailable(RuntimeError):
    """The chosen generator is not configured or cannot start; the message says how to fix it."""


def make_chat_model(settings: Settings, name: str):
    if name == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(base_url=settings.llm.openai_base_url, api_key=settings.llm.openai_api_key,
                          model=settings.llm.openai_model, temperature=0, streaming=True, timeout=120, max_retries=0)
    if name == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(base_url=settings.llm.ollama_base_url, model=settings.llm.ollama_model, temperature=0)
    if name == "llamacpp":
        from langchain_openai import ChatOpenAI

        base_url = llamacpp_server(settings.llm.llamacpp_model_path)
        return ChatOpenAI(base_url=base_url, api_key="local", model="local", temperature=0, streaming=True,
                          timeout=300, max_retries=0)
    raise GeneratorUnavailable(f"unknown generator '{name}' (choose from {', '.join(GENERATORS)})")


def llamacpp_server(model_path: str) -> str:
    """Start (once per model) xllamacpp's OpenAI-compatible server on a free loopback port."""
    if not model_path or not Path(model_path).is_file():
        raise GeneratorUnavailable("set NEWSDESK_LLAMACPP_MODEL_PATH to a local .gguf file to use llamacpp")
    with _llama_lock:
        if model_path not in _llama_servers:
            try:
                import xllamacpp
            except ImportError as exc:
                raise GeneratorUnavailable("llamacpp needs the optional extra: "
                                           "pip install 'newsdesk[llamacpp]'") from exc
            params = xllamacpp.CommonParams()
            params.model.path = model_path
            params.n_ctx = 4096
            params.hostnames = ["127.0.0.1"]
            params.port = _free_port()
            params.cpuparams.n_threads = 2
            _llama_servers[model_path] = (xllamacpp.Server(params), params.port)
        _, port = _llama_servers[model_path]
    return f"http://127.0.0.1:{port}/v1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LLMGenerator:
    """question + passages → streamed answer text with [n] markers (checked later)."""

    def __init__(self, name: str, chat_model, abstain: str = ABSTAIN_TEXT):
        from langchain_core.output_parsers import StrOutputParser  # imported with the first LLM answer only

        self.name = name
        self.chat_model = chat_model
        self.chain = answer_prompt(abstain) | chat_model | StrOutputParser()

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        yield from self.chain.stream({"question": question, "passages": format_passages(passages)})
