"""The chat window's HTML and filter wording, without a browser."""
import pytest

from assistant.filters import FilterError, parse_filters
from assistant.render import message_html, plain_text, sources_html, verbatim
from assistant.ui_state import Overview, filters_line, ui_wording

BODY = "Harbour traffic [2] fell by *half* while __boxes__ rose at the <b>north</b> quay. See [guide](javascript:x)."


def record(text, spans=((0, 82),), **extra):
    citation = {"n": 1, "title": "Port *news* <i>x</i>", "source": "Port Bulletin", "url": "javascript:alert(1)",
                "published_at": "2024-03-02T00:00:00+00:00", "author": "", "text": BODY, "quote": "",
                "spans": list(spans)}
    return {"text": text, "citations": [citation], "abstained": False, "unsupported": [], **extra}


class TestVerbatim:
    def test_article_brackets_and_markdown_stay_text(self):
        quote = BODY[:82]
        html = message_html(record(f"{quote} [1]"), "t3")
        assert html.count('class="cite"') == 1 and 'href="#t3-source-1"' in html
        assert "#t3-source-2" not in html  # "traffic [2]" is the article's, not a citation
        for active in ("*", "_", "<b>", "[guide]"):
            assert active not in html.split('<pre class="plain-copy"')[0]
        assert 'href="javascript' not in html

    def test_marker_naming_no_citation_stays_text(self):
        html = message_html(record("Traffic fell [1] and rose [7]."), "t1")
        assert html.count('class="cite"') == 1 and "&#91;7&#93;" in html

    def test_cards_escape_and_link_only_http(self):
        html = sources_html([{"id": "t2", "question": "q *x*", "answer": record("a [1]"), "note": ""}])
        assert 'id="t2-source-1"' in html and "<i>" not in html and 'href="javascript' not in html

    def test_verbatim_makes_no_markup(self):
        assert "<" not in verbatim("<script>") and "*" not in verbatim("*x*") and "<br>" in verbatim("a\nb")


class TestCopy:
    def test_plain_text_with_sources(self):
        text = plain_text({**record("Traffic fell. [1]"), "citations": [
            {**record("")["citations"][0], "url": "https://port.example/a"}]})
        assert text == ("Traffic fell. [1]\n\nSources:\n[1] Port Bulletin, 2024-03-02, “Port *news* <i>x</i>” "
                        "https://port.example/a")


class TestFilters:
    def test_reversed_range_is_refused_in_the_windows_words(self):
        with pytest.raises(FilterError) as caught:
            parse_filters([], "2024-05-01", "2024-01-01")
        assert ui_wording(caught.value) == ("“Published since” (2024-05-01) is after “Published until” (2024-01-01), "
                                            "so no article could match.")

    def test_unreadable_date_in_the_windows_words_and_the_clis(self):
        from assistant.cli_answer import build_filters

        with pytest.raises(FilterError) as caught:
            parse_filters([], "31/31/2023", None)
        assert ui_wording(caught.value).startswith("“Published since”: “31/31/2023” isn't a date I can read")
        with pytest.raises(ValueError, match="--since '31/31/2023' is not a date"):
            build_filters([], "31/31/2023", None, None)
        with pytest.raises(ValueError, match="--since is after --until"):
            build_filters([], "2024-05-01", "2024-01-01", None)

    def test_bare_until_means_the_whole_day(self):
        filters = parse_filters(["X"], "2024-01-01", "2024-01-01")
        assert filters.until.hour == 23 and filters.since <= filters.until

    def test_filters_line_says_what_is_searched(self):
        view = Overview(609, {"BBC": 300, "CNN": 309, "": 1}, "2023-09-01", "2023-12-30", [])
        assert view.summary() == "609 articles · 2 outlets · Sep 2023 – Dec 2023"
        assert "no filters" in filters_line(view, [], "", "")
        assert "Filtered: outlet BBC; since 2023-10-01" in filters_line(view, ["BBC"], "2023-10-01", "")
        assert ("(no outlet)", "(no outlet)") in view.outlet_choices()


def test_extra_answer_fields_render_generically():
    html = message_html(record("x [1]", abstain_reason="the index has no *BBC* articles", verdict="",
                               parts=[{"part": "a", "evidence": 1}]), "t1")
    assert "Why: the index has no &#42;BBC&#42; articles" in html
    assert "Parts" in html and "<details" in html and "*" not in html.split("plain-copy")[0]


def test_verdict_leads_in_bold():
    html = message_html({**record("Yes. Published before [1]."), "verdict": "Yes"}, "t1")
    assert html.startswith('<div class="answer" data-turn="t1"><strong>Yes</strong>. Published before')


def test_a_tampered_browser_copy_is_not_restored():
    from app_handlers import well_formed

    good = {"chat": [], "history": [], "turns": [{"id": "t1", "answer": {"citations": [{"n": 1}]}}]}
    assert well_formed(good) and well_formed({"chat": [], "history": [], "turns": []})
    bad = {**good, "turns": [{"id": 't1"><img src=x onerror=alert(1)>', "answer": {"citations": []}}]}
    assert not well_formed(bad) and not well_formed({"chat": "x"}) and not well_formed(None)


def test_an_unavailable_generator_is_said_in_the_chat():
    from types import SimpleNamespace

    from app_handlers import Handlers
    from assistant.llm import GeneratorUnavailable

    def stream(*args):
        raise GeneratorUnavailable("the ollama generator failed: ConnectError")
        yield

    handlers = Handlers(SimpleNamespace(assistant=SimpleNamespace(stream=stream)))
    chat, conversation, _, _, question = list(handlers.respond("Who won?", None, [], "", "", "ollama"))[-1]
    assert "the ollama generator failed" in chat[-1]["content"] and question == "Who won?"
    assert conversation["history"] == [] and conversation["turns"] == []
