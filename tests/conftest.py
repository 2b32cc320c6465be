import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from settings import Settings, offline_environment

offline_environment()  # as the CLI and the app do at start (importing settings writes nothing)
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLES = FIXTURES / "articles"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))


# The layers: `pytest -m "not slow and not browser"` is the fast unit layer (under a minute). What makes a test
# slow is loading the embedding model (the `embedder` fixture, also behind `indexer`), or starting the CLI or the
# app in a process; a browser test drives Chromium. Test files mark these explicitly; this hook marks them too, by
# what a test (or a fixture it uses) calls, so a new test lands in the right layer without anyone remembering.
SLOW_FIXTURES = {"embedder", "indexer"}
SLOW_CALLS = {"run_cli", "start_app", "NEWSDESK"}


def _called_names(function) -> set[str]:
    code = getattr(function, "__code__", None)
    return set(code.co_names) if code else set()


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        calls = _called_names(getattr(item, "function", None))  # the test's own calls, and its fixtures'
        info = getattr(item, "_fixtureinfo", None)
        for definitions in (info.name2fixturedefs.values() if info else ()):
            for definition in definitions:
                calls |= _called_names(definition.func)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if fixtures & SLOW_FIXTURES or calls & SLOW_CALLS:
            item.add_marker(pytest.mark.slow)


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


def extractive_answer(question: str, text: str):
    """The extractive answer to ``question`` from one hand-made passage, indexed alone (real BM25, real spaCy)."""
    from assistant.evidence import CoverageScorer
    from assistant.extractive import ExtractiveGenerator
    from assistant.passage import Passage
    from assistant.query import QueryAnalysis
    from index.lexical import LexicalIndex

    generator = ExtractiveGenerator(CoverageScorer(LexicalIndex.build([("z1", "Story z1", text)], generation=1)))
    passage = Passage(text, "z1", "Story z1", "Wire", "https://x.example/z1", "2023-11-02", "", "z1", 0, 0, len(text))
    return generator.run(QueryAnalysis(question, topic=question), [passage])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CHROMIUM = "/usr/bin/chromium"


def start_app(home: Path, env_extra: dict | None = None, deadline_s: float = 180):
    """Serve ``app.py`` on a free port over ``home``; return (process, url) once the page answers 200.
    Its output goes to app-<port>.log beside ``home`` (shown when it fails to start)."""
    port = free_port()
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_PORT": str(port), **(env_extra or {})}
    log = open(home.parent / f"app-{port}.log", "w")
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + deadline_s
    while time.time() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.5)  # poll interval: the loop waits on the page answering, not on this
    process.kill()
    pytest.fail("the app did not start: " + (home.parent / f"app-{port}.log").read_text()[-2000:])


@contextmanager
def chroma_server_at(path: Path):
    """A real `chroma run` over ``path`` on a free port of 127.0.0.1; yields the port once it answers."""
    port = free_port()
    chroma = str(Path(NEWSDESK).with_name("chroma"))
    process = subprocess.Popen([chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)  # poll interval: the loop waits on the heartbeat answering
    else:
        process.kill()
        pytest.fail("chroma run did not start")
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def served_index(home: Path, paths: list, env_extra: dict | None = None):
    """Index ``paths`` into ``home`` with the CLI, then serve the app over it; the app stops on exit."""
    done = run_cli(["index", *map(str, paths)], home)
    assert done.returncode == 0, done.stderr
    process, url = start_app(home, env_extra)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, through Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    (ROOT / "artifacts" / "screenshots").mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield launched
        launched.close()


def choose_files(page, paths: list) -> None:
    """Choose files in the Index tab's upload box until it names the first one. Twice a run lost the chosen
    files (the names never showed in 120 s: a fresh CI machine, and this one under load) while the tab's
    content was still mounting; so they are chosen again, at most three times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.locator("#upload").wait_for(state="visible", timeout=60000)
    name = Path(paths[0]).name
    shown = f"[...document.querySelectorAll('#upload *')].some(e => e.innerText && e.innerText.includes({name!r}))"
    for attempt in range(3):
        page.set_input_files("#upload input[type=file]", [str(p) for p in paths])
        try:
            page.wait_for_function(shown, timeout=40000, polling=250)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
