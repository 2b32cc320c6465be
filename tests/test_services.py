"""The composition root shares one of each collaborator, and the UI does not import the CLI."""
import subprocess
import sys
from pathlib import Path

from services import Services
from settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_one_of_each_shared(tmp_path):
    services = Services(Settings(home=tmp_path / "home"))
    retriever = services.retriever
    assert retriever.embedder is services.embedder and retriever.catalog is services.catalog
    assert services.catalog.store is services.store and services.catalog.manifest is services.manifest
    indexer = services.indexer()
    assert indexer.store is services.store and indexer.manifest is services.manifest
    assert indexer.embedder is services.embedder
    assert services.stats()["articles"] == 0


def test_an_indexer_first_opens_the_store_it_then_shares(tmp_path):
    services = Services(Settings(home=tmp_path / "home"))
    indexer = services.indexer()
    assert services.store is indexer.store and services.catalog.store is indexer.store


def test_the_chat_window_does_not_import_the_cli():
    code = "import sys, app_handlers; sys.exit(any(m.startswith('assistant.cli') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
