"""The chat window a newsroom keeps open (issue 12), driven in a real Chromium.

Each test names the problem it reproduces: on the old window the assertion marked "was:" failed.
Screenshots at 1366 and 400 px and the browser-measured timings go to artifacts/ (git-ignored).
"""
import json
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ARTICLES, ROOT, SEEDS, choose_files, served_index

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"
SHOTS = ARTIFACTS / "screenshots"
MARKUP_ARTICLE = {
    "title": "Harbour *traffic* report <b>bold</b>", "source": "Port Bulletin", "published_at": "2024-03-02",
    "url": "javascript:alert(7)",
    "body": "The port authority said harbour traffic [2] fell by *half* in March while __container__ volumes "
            "rose at the <b>north</b> quay. Skippers can read the [guide](javascript:alert(1)) online.\n"
            "The harbour master retires in June."}
MARKUP_QUESTION = "What did the port authority say about harbour traffic?"
SERVER_LOGS: dict[str, Path] = {}  # app url → the server's output, quoted when an answer never comes


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("newsroom")
    home = folder / "home"
    (folder / "markup.json").write_text(json.dumps([MARKUP_ARTICLE]))
    with served_index(home, [SEEDS, ARTICLES / "wire.jsonl", ARTICLES / "harbor-bridge.md",
                             folder / "markup.json"]) as url:
        SERVER_LOGS[url] = folder / f"app-{url.rstrip('/').rsplit(':', 1)[1]}.log"  # start_app writes it there
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


@pytest.fixture
def page(context, app_url):
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    open_app(page, app_url)
    yield page


def open_app(page, url):
    page.goto(url)
    page.wait_for_function("document.querySelector('#active-filters')?.innerText.includes('Searching')",
                           timeout=60000)


def start_new_conversation(page):
    """Click "New conversation" and wait for its answer to arrive. It also empties the question box, so a question
    typed before it arrives is wiped: a CI run once asked an empty box (the chat was already empty, so waiting
    for an empty chat passed at once). A marker in the box shows when the reply has come."""
    page.fill("#question textarea", "(waiting for the new conversation)")
    page.click("#new-conversation")
    page.wait_for_function("document.querySelector('#question textarea').value === '' && "
                           "document.querySelectorAll('#chat [data-testid=bot]').length === 0",
                           timeout=60000, polling=100)


def answers(page) -> int:
    return page.locator("#chat button.copy-answer, #chat .filter-error").count()


def ask(page, question):
    before = answers(page)
    page.fill("#question textarea", question)
    page.click("#ask-button")
    # Polled on a timer, not on animation frames: a CI run once waited 60 s here for an answer it never saw,
    # and the same wait passes 15 times in a row here, under load too; the failure now says what the page held.
    try:
        page.wait_for_function(f"document.querySelectorAll('#chat button.copy-answer, #chat .filter-error')"
                               f".length > {before}", timeout=90000, polling=250)
    except PlaywrightTimeout:
        pytest.fail(f"no answer to {question!r} within 90 s; {page_state(page)}")
    return page.locator("#chat .message-row, #chat [data-testid=bot]").last


def page_state(page) -> str:
    """What a failed wait saw: the chat's end, the question box, Gradio's error toasts, the server's output."""
    chat = page.inner_text("#chat")[-600:]
    toasts = page.locator(".toast-body").all_inner_texts()
    log = next((p for url, p in SERVER_LOGS.items() if page.url.startswith(url)), None)
    tail = log.read_text()[-1500:] if log and log.is_file() else "(no server log)"
    return (f"chat ends {chat!r}; question box {page.input_value('#question textarea')!r}; toasts {toasts}; "
            f"server log ends:\n{tail}")


def first_token_s(page, question) -> float:
    """Seconds from the click to the first bot text. Polled every 25 ms, never a bare promise or an observer of an
    element the chat may re-render: the old measurement waited on both, unbounded, and once hung CI for 80 min."""
    page.evaluate("() => { window.askedAt = performance.now(); document.querySelector('#ask-button').click(); }")
    try:
        seconds = page.wait_for_function("""() => [...document.querySelectorAll('#chat [data-testid=bot]')]
            .some(b => /[A-Za-z]{3}/.test(b.innerText)) && (performance.now() - window.askedAt) / 1000""",
                                         timeout=90000, polling=25)
    except PlaywrightTimeout:
        pytest.fail(f"no text answering {question!r} within 90 s; {page_state(page)}")
    return seconds.json_value()


def visible_turns(page) -> list[str]:
    return [s.get_attribute("data-turn") for s in page.locator("#sources section.turn-sources:visible").all()]


def set_filter(page, selector, value):
    page.fill(f"{selector} input, {selector} textarea", value)
    page.locator(f"{selector} input, {selector} textarea").first.press("Tab")


def upload(page, paths, expect: str, report="#index-report"):
    page.get_by_role("tab", name="Index").click()
    choose_files(page, paths)
    page.click("#index-upload")
    page.wait_for_function(f"document.querySelector({report!r}).innerText.includes({expect!r})", timeout=180000)
    page.wait_for_function(f"!document.querySelector('#upload').innerText.includes({Path(paths[0]).name!r})",
                           timeout=120000)


class TestSourcesPerAnswer:
    def test_old_turn_citation_shows_its_own_card(self, page):
        """Problem 1 — was: the panel held only the latest answer's cards, so [1] in the first answer lit up
        the second answer's article."""
        ask(page, "When does the New START treaty expire?")
        ask(page, "Who won the women's race at the Eastgate marathon?")
        assert visible_turns(page) == ["t2"]
        page.locator("#chat a.cite[href='#t1-source-1']").first.click()
        assert visible_turns(page) == ["t1"]
        active = page.locator("#sources .source-card.active")
        assert active.count() == 1 and active.get_attribute("id") == "t1-source-1"
        assert "Feb. 5, 2026" in active.locator("mark").first.inner_text()
        page.locator("#chat a.chip[href='#t2-source-1']").click()
        assert visible_turns(page) == ["t2"] and "Sofia Brandt" in page.inner_text("#sources section:visible")
        chip = page.locator("#chat a.chip[href='#t2-source-1']").inner_text()
        assert chip.startswith("[1] ") and chip.count(" · ") == 2  # outlet · date · headline
        ids = page.evaluate("[...document.querySelectorAll('[id*=-source-]')].map(e => e.id)")
        assert len(ids) >= 2 and len(ids) == len(set(ids))  # anchors unique per turn


class TestVerbatimText:
    def test_markup_in_article_text_stays_text(self, page):
        """Problem 3 — was: "traffic [2]" became a live citation, *x* and __x__ turned italic and bold."""
        ask(page, MARKUP_QUESTION)
        chat = page.inner_text("#chat")
        assert "traffic [2] fell by *half*" in chat and "__container__" in chat and "<b>north</b>" in chat
        # only Newsdesk's own marker (the one source, quoted once or more): the article's "[2]" is no link
        assert set(page.locator("#chat a.cite").all_inner_texts()) == {"[1]"}
        assert page.locator("#chat .answer em, #chat .answer b, #chat .answer strong").count() == 0
        sources = page.inner_text("#sources")
        assert "Harbour *traffic* report <b>bold</b>" in sources and "[guide](javascript:alert(1))" in sources
        assert page.locator("a[href^='javascript:'], #sources b, #sources em").count() == 0
        assert "Harbour *traffic* report <b>bold</b>" in page.locator("#chat a.chip").first.inner_text()
        assert page.dialogs == []

    def test_copy_gives_plain_text_and_sources(self, page):
        """Problem 4 — was: Copy gave `<a class="cite" href="#source-1">[1]</a>` and `&#x27;`, no sources."""
        ask(page, "Who won the women's race at the Eastgate marathon?")
        page.locator("#chat button.copy-answer").last.click()
        page.wait_for_function("document.querySelector('#chat button.copy-answer').innerText === 'Copied'")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "Sofia Brandt" in copied and "[1]" in copied.split("Sources:")[0]
        assert "<" not in copied and "&#" not in copied
        assert not page.locator("#chat pre.plain-copy").first.is_visible()
        assert ("\nSources:\n[1] Eastgate Gazette, 2024-06-23, “Eastgate marathon draws record field” "
                "https://eastgate-gazette.example/marathon-record") in copied


class TestLiveState:
    def test_fresh_tab_and_index_actions_show_current_counts(self, context, page, tmp_path):
        """Problem 2 — was: counts and the Outlets filter were computed at server start."""
        before = page.inner_text("#active-filters")
        count = int(before.split("Searching ")[1].split(" article")[0])
        article = tmp_path / "ferry.md"
        article.write_text("---\ntitle: Island ferry gets electric engines\nsource: Fjord Courier\n"
                           "published_at: 2025-01-18\n---\nThe island ferry Marisol will switch to electric "
                           "engines in June, the operator Blue Tern Lines said.\n")
        upload(page, [article], "Island ferry gets electric engines")
        page.wait_for_function(f"document.querySelector('#active-filters').innerText.includes('{count + 1} articles')")
        fresh = context.new_page()
        open_app(fresh, page.url)
        assert f"Searching {count + 1} articles" in fresh.inner_text("#active-filters")
        fresh.click("#outlets input")
        options = fresh.locator("ul[role=listbox] li").all_inner_texts()
        assert any("Fjord Courier" in o for o in options)
        assert any("(no outlet)" in o for o in options) and all(o.strip() for o in options)
        fresh.close()


class TestFilters:
    def test_filter_messages_in_the_windows_words(self, page):
        """Problem 5 — was: since > until accepted, CLI wording ("--since …"), filters hidden, no sign."""
        assert page.locator("#since input, #since textarea").first.is_visible()  # no accordion to open
        set_filter(page, "#since", "2024-05-01")
        set_filter(page, "#until", "2024-01-01")
        page.wait_for_function("document.querySelector('#active-filters').innerText.includes('is after')")
        ask(page, "When does the New START treaty expire?")
        message = page.locator("#chat .filter-error").last.inner_text()
        assert "“Published since” (2024-05-01) is after “Published until” (2024-01-01)" in message
        set_filter(page, "#until", "")
        set_filter(page, "#since", "31/31/2023")
        ask(page, "When does the New START treaty expire?")
        message = page.locator("#chat .filter-error").last.inner_text()
        assert "“Published since”: “31/31/2023” isn't a date I can read" in message and "--" not in message

    def test_abstention_caused_by_a_filter_says_so(self, page):
        """Problem 5 — was: with an outlet filter that excluded the answer, the abstention blamed the question."""
        page.click("#outlets input")
        page.locator("ul[role=listbox] li", has_text="Coastal Ledger").first.click()
        page.keyboard.press("Escape")
        page.wait_for_function("document.querySelector('#active-filters').innerText.includes('outlet Coastal Ledger')")
        ask(page, "When does the New START treaty expire?")
        note = page.locator("#chat .filter-note").last.inner_text()
        assert "Your filters (outlet Coastal Ledger) left out the articles that answer this" in note
        set_filter(page, "#since", "2026-01-01")
        ask(page, "When does the New START treaty expire?")
        assert "No indexed article matches your filters" in page.locator("#chat .filter-note").last.inner_text()


class TestConversation:
    def test_trash_icon_clears_everything(self, page):
        """Problem 9 — was: the trash icon left the sources and the hidden history, so a follow-up used the
        erased chat; the share icon did nothing."""
        ask(page, "Who is Trump's Special Envoy for Ukraine and Russia?")
        assert page.locator("#chat button[aria-label=Share], #chat button[title=Share]").count() == 0
        page.click("#chat button[aria-label=Clear]")
        page.wait_for_function("document.querySelectorAll('#sources .source-card').length === 0")
        assert page.locator("#chat button.copy-answer").count() == 0
        assert page.evaluate("localStorage.getItem('newsdesk-conversation')") is not None
        ask(page, "What plan did he confirm?")
        assert page.locator("#chat [data-testid=user]").count() == 1  # the erased turn stays erased
        assert set(page.locator("#chat a.cite").evaluate_all("l => l.map(a => a.getAttribute('href'))")) == \
            {"#t1-source-1"}  # a fresh conversation: turns (and the history beside them) start again
        page.reload()
        page.wait_for_selector("#chat button.copy-answer", timeout=60000)
        assert page.locator("#chat [data-testid=user]").count() == 1  # the browser's copy was cleared too
        start_new_conversation(page)
        assert page.locator("#chat button.copy-answer").count() == 0
        assert "Each answer's sources appear here" in page.inner_text("#sources")

    def test_reload_keeps_the_conversation(self, page):
        ask(page, "When does the New START treaty expire?")
        page.reload()
        page.wait_for_selector("#chat button.copy-answer", timeout=60000)
        page.locator("#chat a.cite").first.click()
        assert page.locator("#sources .source-card.active").get_attribute("id") == "t1-source-1"
        ask(page, "Who signed it?")  # the restored history still resolves "it"
        assert page.locator("#chat button.copy-answer").count() == 2


class TestIndexingAndEmptyState:
    def test_upload_progress_and_results_by_headline(self, page, tmp_path):
        """Problem 7 — was: a generic spinner, "Added 1" at the page bottom, the file list kept."""
        stories = tmp_path / "stories.jsonl"
        stories.write_text("\n".join(json.dumps({
            "title": f"Tram line {i} reopens after repairs", "source": "City Desk", "published_at": "2025-02-01",
            "url": f"https://example.org/tram-{i}", "body": f"Tram line {i} reopened on Monday after "
            f"{i + 2} weeks of track repairs, the transit agency said. " * 3}) for i in range(24)))
        empty = tmp_path / "empty.txt"
        empty.write_text("")
        page.get_by_role("tab", name="Index").click()
        choose_files(page, [stories, empty])
        page.click("#index-upload")
        page.wait_for_function("/Reading|Indexing \\d+\\/24/.test(document.body.innerText)", polling="raf",
                               timeout=60000)
        page.wait_for_function("document.querySelector('#index-report').innerText.includes('Added (24)')",
                               timeout=180000)
        report = page.inner_text("#index-report")
        assert "“Tram line 3 reopens after repairs” (City Desk)" in report
        assert "Failed (1)" in report and "empty.txt" in report
        page.wait_for_function("!document.querySelector('#upload').innerText.includes('stories.jsonl')")
        # the upload box shrinks once its file list clears, and the page reflows after it: wait for the report to
        # settle right under the button (a bound, not a sleep: a `make test` run measured it mid-reflow, 43 px above)
        gap = ("(() => { const r = document.querySelector('#index-report').getBoundingClientRect();"
               " const b = document.querySelector('#index-upload').getBoundingClientRect();"
               " return r.top - b.bottom; })()")
        page.wait_for_function(f"(() => {{ const g = {gap}; return g >= 0 && g < 60; }})()", timeout=10000)
        box = page.locator("#index-report").bounding_box()
        button = page.locator("#index-upload").bounding_box()
        assert 0 <= box["y"] - (button["y"] + button["height"]) < 60  # right under the button
        page.locator("#index-report a.ask-about").first.click()
        page.wait_for_function("document.querySelector('#question textarea').value.includes('Tram line')")
        assert page.locator("#question textarea").is_visible()  # the Ask tab is showing

    def test_same_named_uploads_both_answerable(self, page, tmp_path):
        """Problem 6 — was: a second, different `harbor-bridge.txt` reported "updated 1" and the first was gone."""
        first, second = tmp_path / "a" / "harbor-bridge.txt", tmp_path / "b" / "harbor-bridge.txt"
        for path, text in ((first, "Harbor Bridge toll rises\nThe toll on the Harbor Bridge rises to 4 euros in "
                                   "May, the city council said.\n"),
                           (second, "Harbor Bridge choir wins\nThe Harbor Bridge choir won the regional contest "
                                    "with 41 singers on Saturday, its conductor said.\n")):
            path.parent.mkdir()
            path.write_text(text)
            upload(page, [path], "Added (1)")
            assert "Updated" not in page.inner_text("#index-report")
        page.get_by_role("tab", name="Ask").click()
        ask(page, "How much is the new toll on the Harbor Bridge?")
        ask(page, "How many singers did the Harbor Bridge choir have?")
        chat = page.inner_text("#chat")
        assert "4 euros" in chat and "41 singers" in chat

    def test_empty_state_orients(self, page):
        """Problem 8 — was: nothing said what is indexed; the examples always targeted the seed article."""
        chat = page.inner_text("#chat")
        assert "Searching" in chat and "Outlets:" in chat and "To check a claim" in chat
        assert "report about “Tram line" in chat or "report about “" in chat  # built from the newest headlines
        page.get_by_text("What did", exact=False).first.click()
        page.wait_for_selector("#chat button.copy-answer", timeout=60000)
        assert "What did" in page.locator("#chat [data-testid=user]").first.inner_text()


class TestScreenshotsAndTimings:
    def test_screenshots_at_two_widths(self, context, app_url, tmp_path):
        for width in (1366, 400):
            page = context.new_page()
            page.set_viewport_size({"width": width, "height": 900})
            open_app(page, app_url)
            start_new_conversation(page)
            page.screenshot(path=str(SHOTS / f"empty-state-{width}.png"), full_page=True)
            ask(page, "When does the New START treaty expire?")
            page.locator("#chat a.cite").first.click()
            page.screenshot(path=str(SHOTS / f"answer-with-sources-{width}.png"), full_page=True)
            ask(page, "What is the population of Brazil?")
            page.screenshot(path=str(SHOTS / f"abstention-{width}.png"), full_page=True)
            article = tmp_path / f"bakery-{width}.md"
            article.write_text(f"---\ntitle: Bakery opens at {width} Quay Street\nsource: Town Crier\n"
                               "published_at: 2025-02-03\n---\nA bakery opened on Quay Street on Monday.\n")
            upload(page, [article], f"Bakery opens at {width} Quay Street")
            page.screenshot(path=str(SHOTS / f"index-after-upload-{width}.png"), full_page=True)
            page.close()
        for name in ("empty-state", "answer-with-sources", "abstention", "index-after-upload"):
            assert (SHOTS / f"{name}-400.png").exists() and (SHOTS / f"{name}-1366.png").exists()

    def test_page_load_and_first_token_timings(self, context, app_url):
        """Measured in the browser; NEWSDESK_UI_BENCH_URL points at a served MultiHop-RAG index."""
        url = os.environ.get("NEWSDESK_UI_BENCH_URL", app_url)
        question = os.environ.get("NEWSDESK_UI_BENCH_QUESTION", "When does the New START treaty expire?")
        page = context.new_page()
        loads, first_tokens = [], []
        for _ in range(3):
            started = time.perf_counter()
            open_app(page, url)
            loads.append(time.perf_counter() - started)
            start_new_conversation(page)  # an empty chat: any bot text after the click is then the answer's
            page.fill("#question textarea", question)
            first_tokens.append(first_token_s(page, question))
        page.close()
        result = {"url_is_bench_index": url != app_url, "page_load_s": loads, "first_token_s": first_tokens,
                  "page_load_median_s": sorted(loads)[1], "first_token_median_s": sorted(first_tokens)[1]}
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "ui-timings.json").write_text(json.dumps(result, indent=1))
        assert result["page_load_median_s"] < 10 and result["first_token_median_s"] < 10
