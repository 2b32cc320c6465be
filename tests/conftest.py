import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

from index.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLES = FIXTURES / "articles"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))


@pytest.fixture(scope="session")
def embedder():
    from index.embed import Embedder

    return Embedder(precision="auto")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(home=tmp_path / "home")


@pytest.fixture
def indexer(settings, embedder):
    from index.pipeline import Indexer

    return Indexer(settings, embedder=embedder)


def run_cli(args: list[str], home: Path, timeout: int = 600, extra_env: dict | None = None,
            prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSDESK_HOME": str(home), **(extra_env or {})}
    return subprocess.run([*(prefix or []), NEWSDESK, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
