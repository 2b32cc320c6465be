"""PDF and DOCX uploads in the chat window, and the `ask` API's plain-text copy (issue 12), in a real
Chromium against the real app (real Chroma, real embedding model); the files are made by the test."""
import json

import pytest
from gradio_client import Client

from conftest import ARTICLES, served_index
from documents import write_docx, write_pdf
from test_documents import FERRY, SEA_WALL, bad_documents
from test_ui_newsroom import ask, open_app, upload

pytestmark = pytest.mark.browser
SEA_WALL_TITLE = "Tidewater approves sea wall"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with served_index(tmp_path_factory.mktemp("documents") / "home", [ARTICLES / "harbor-bridge.md"]) as url:
        yield url


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    open_app(page, app_url)
    yield page
    context.close()


def test_pdf_and_docx_uploads_index_and_answer(page, tmp_path):
    """Was: the upload box took txt, md, json, jsonl and html only; a PDF or DOCX was refused. Now both are
    indexed in one batch with damaged ones, each damaged file is named with its reason, and the good
    ones are answerable at once."""
    write_pdf(tmp_path / "sea-wall.pdf", [SEA_WALL], title=SEA_WALL_TITLE, author="Ada Lin",
              created="D:20240305120000Z")
    write_docx(tmp_path / "ferry.docx", FERRY[1:], title=FERRY[0], author="Nils Berg")
    bad = tmp_path / "bad"
    bad.mkdir()
    bad_documents(bad)
    files = [tmp_path / "sea-wall.pdf", tmp_path / "ferry.docx", bad / "locked.pdf", bad / "scanned.pdf",
             bad / "truncated.pdf"]
    upload(page, files, "Added (2)")
    report = page.inner_text("#index-report")
    assert f"“{SEA_WALL_TITLE}”" in report and f"“{FERRY[0]}”" in report
    assert "Failed (3)" in report
    assert "locked.pdf: the PDF is password-protected" in report
    assert "scanned.pdf: the PDF has no text layer" in report
    assert "truncated.pdf: a damaged or unreadable PDF" in report
    assert "pdf: locked.pdf" not in report  # each file named once
    page.get_by_role("tab", name="Ask").click()
    ask(page, "How long will the Tidewater sea wall be?")
    assert "1.4-kilometre" in page.locator("#chat .answer").last.inner_text()
    card = page.locator("#sources section.turn-sources:visible .source-card").first
    assert SEA_WALL_TITLE in card.inner_text() and "Ada Lin · 2024-03-05" in card.inner_text()
    ask(page, "Who operates the Gullholm ferry?")
    assert "Nordsund Lines" in page.locator("#chat .answer").last.inner_text()


def test_ask_api_gives_plain_text_with_sources(app_url, tmp_path):
    """Was: the `ask` API returned the answer and citations only; copying meant rebuilding the source
    list. Now `plain_text` is the answer with its [n] markers and one line per source, no HTML."""
    result = Client(app_url, verbose=False, download_files=False).predict(
        "When did the harbor bridge reopen?", api_name="/ask")
    assert not result["abstained"], result
    text, sources = result["plain_text"].split("\n\nSources:\n")
    assert text == result["answer"] and "[1]" in text
    first = result["citations"][0]
    assert sources.split("\n")[0] == (f"[1] {first['source']}, {first['published_at'][:10]}, “{first['title']}” "
                                      f"{first['url']}")
    assert "Coastal Ledger, 2024-03-1" in sources and "https://coastal-ledger.example/" in sources
    assert "<" not in result["plain_text"] and "&#" not in result["plain_text"]
    assert json.loads(json.dumps(result)) == result  # plain JSON, nothing a client must download
