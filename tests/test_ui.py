"""The chat window, launched for real: gradio_client round trips, a real Chromium driven by Playwright,
and the auth refusal off loopback. Screenshots go to artifacts/screenshots (git-ignored)."""
import json
import os
import subprocess

import pytest

from conftest import ARTICLES, NEWSDESK, ROOT, SEEDS, choose_files, free_port, run_cli, start_app

pytestmark = pytest.mark.slow  # the app in a process, over an index built by the CLI
SHOTS = ROOT / "artifacts" / "screenshots"
UPLOAD_LIMIT = 200_000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    home = tmp_path_factory.mktemp("ui") / "home"
    assert run_cli(["index", str(SEEDS)], home).returncode == 0
    process, url = start_app(home, {"NEWSDESK_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT)}, deadline_s=120)
    yield url
    process.terminate()
    process.wait(timeout=20)


class TestApi:
    def test_ask_round_trip_and_follow_up(self, app_url):
        from gradio_client import Client

        first = Client(app_url, verbose=False).predict("Who is Trump's Special Envoy for Ukraine and Russia?",
                                                       api_name="/ask")
        assert "Keith Kellogg" in first["answer"] and first["citations"][0]["n"] == 1
        history = [{"role": "user", "content": "Who is Trump's Special Envoy for Ukraine and Russia?"},
                   {"role": "assistant", "content": first["answer"]}]
        follow = Client(app_url, verbose=False).predict("What plan did he confirm?", history, api_name="/ask")
        assert "100 days" in follow["answer"]
        assert {"answer", "abstained", "citations", "unsupported"} <= set(follow)  # the answer work may add fields

    def test_index_endpoint_then_answer(self, app_url):
        from gradio_client import Client, handle_file  # the app indexes uploads and URLs, not server paths

        result = Client(app_url, verbose=False).predict([handle_file(str(ARTICLES / "wire.jsonl"))], api_name="/index")
        assert (result["added"], result["failed"]) == (2, [])
        answer = Client(app_url, verbose=False).predict("Who won the women's race at the Eastgate marathon?",
                                                        api_name="/ask")
        assert "Sofia Brandt" in answer["answer"]

    def test_abstention_over_api(self, app_url):
        from gradio_client import Client

        result = Client(app_url, verbose=False).predict("What is the population of Brazil?", api_name="/ask")
        assert result["abstained"] and result["citations"] == []


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.wait_for_selector("#question textarea", timeout=60000)
    yield page
    page.close()


def ask(page, question):
    page.fill("#question textarea", question)
    page.click("#ask-button")
    page.wait_for_selector("#sources .source-card, #sources .abstained", timeout=60000)


def upload(page, path, expected_report):
    page.get_by_role("tab", name="Index").click()
    choose_files(page, [path])
    page.click("#index-upload")
    page.wait_for_function(f"document.querySelector('#index-report').innerText.includes({expected_report!r})",
                           timeout=120000)


@pytest.mark.browser
class TestBrowser:
    def test_question_answer_and_highlighted_source(self, page):
        ask(page, "When does the New START treaty expire?")
        page.wait_for_selector("#chat a.cite")
        assert "Feb. 5, 2026" in page.inner_text("#chat")
        card = page.locator("#sources .source-card").first
        assert card.get_attribute("id") == "t1-source-1"
        assert "Feb. 5, 2026" in card.locator("mark").first.inner_text()
        page.locator("#chat a.cite").first.click()
        page.screenshot(path=str(SHOTS / "answer-with-source.png"), full_page=True)

    def test_upload_then_answer_from_it(self, page, tmp_path):
        article = tmp_path / "ferry.md"
        article.write_text("---\ntitle: Island ferry gets electric engines\nsource: Harbour Herald\n"
                           "published_at: 2025-01-18\n---\nThe island ferry Marisol will switch to electric "
                           "engines in June, the operator Blue Tern Lines said.\nThe refit costs 7.5 million euros.\n")
        upload(page, article, "Added 1")
        assert "Harbour Herald" in page.inner_text("#stats")
        page.screenshot(path=str(SHOTS / "index-tab-after-upload.png"), full_page=True)
        page.get_by_role("tab", name="Ask").click()
        ask(page, "How much does the Marisol ferry refit cost?")
        assert "7.5 million euros" in page.inner_text("#chat")
        assert "Harbour Herald" in page.inner_text("#sources")

    def test_oversized_upload_is_refused_with_a_message(self, page, tmp_path):
        big = tmp_path / "too-big.md"
        big.write_text("# Census of seabirds\n" + "The gull census counted many birds. " * 8000)
        assert big.stat().st_size > UPLOAD_LIMIT
        page.get_by_role("tab", name="Index").click()
        page.locator("#upload").wait_for(state="visible", timeout=60000)
        page.set_input_files("#upload input[type=file]", str(big))
        page.wait_for_function("document.body.innerText.includes('maximum allowed size')", timeout=30000)
        page.screenshot(path=str(SHOTS / "upload-too-large.png"), full_page=True)
        assert "too-big.md" in page.inner_text("body")
        assert "at most 0.2 MB each" in page.inner_text("#upload")  # the limit is stated before anyone tries
        assert "Census of seabirds" not in page.inner_text("#stats")

    def test_hostile_article_stays_inert(self, page, tmp_path):
        payload = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2;alert(2)</script>'
        hostile = tmp_path / "hostile.json"
        hostile.write_text(json.dumps([{
            "title": f"Lighthouse keeper retires {payload}", "source": f"Gull Gazette {payload}",
            "author": "<b onmouseover=alert(3)>Ann</b>", "url": "javascript:alert(4)",
            "body": f"The lighthouse keeper Tomas Ek retired after 41 years on Skerry Rock. {payload}\n"
                    "<a href=\"javascript:alert(5)\">click me</a> His successor starts in May.",
            "published_at": "2025-01-19"}]))
        upload(page, hostile, "Added")
        page.get_by_role("tab", name="Ask").click()
        ask(page, "How many years did the lighthouse keeper Tomas Ek serve on Skerry Rock?")
        page.screenshot(path=str(SHOTS / "hostile-article-inert.png"), full_page=True)
        assert "41 years" in page.inner_text("#chat")
        assert page.evaluate("window.__xss") is None and page.dialogs == []
        assert page.locator("#sources img, #sources script, #chat img[src=x]").count() == 0
        assert page.locator("a[href^='javascript:']").count() == 0
        assert "onerror" in page.inner_text("#sources")  # shown as text, not run


class TestServe:
    def test_refuses_non_loopback_without_auth(self, tmp_path):
        env = {**os.environ, "NEWSDESK_HOME": str(tmp_path), "NEWSDESK_AUTH": ""}
        done = subprocess.run([NEWSDESK, "serve", "--host", "0.0.0.0", "--port", str(free_port())], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and "NEWSDESK_AUTH=user:password" in done.stderr
