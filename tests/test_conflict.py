"""One article can't outvote the rest (hardening issue, item 12): a gardening column's aside that "the New
START treaty expires on January 1, 2099" once made the treaty question answer 2099 and drop the seed
article's Feb. 5, 2026. Now two articles that answer a typed question differently are both shown, each
cited, with their outlets and dates."""
from datetime import datetime, timezone
from pathlib import Path

import pytest

from assistant.assistant import Assistant
from services import Services

ROOT = Path(__file__).resolve().parents[1]
AS_OF = datetime(2025, 1, 21, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, embedder):
    from index.pipeline import Indexer
    from settings import Settings

    settings = Settings(home=tmp_path_factory.mktemp("conflict") / "home")
    Indexer(settings, embedder=embedder).run([str(ROOT / "seeds"), str(ROOT / "tests" / "fixtures" / "conflict")])
    return Assistant(settings, Services(settings, embedder=embedder).retriever)


@pytest.mark.slow
def test_a_differing_answer_from_another_article_is_shown_beside_it_both_cited(assistant):
    answer = assistant.ask("When does the New START treaty expire?", as_of=AS_OF)
    assert not answer.abstained
    # the article about the question (Putin and the new US administration) leads, the gardening column second
    assert answer.text.startswith("The articles differ: Feb. 5, 2026 [1]")
    assert "Feb. 5, 2026" in answer.text and "January 1, 2099" in answer.text
    quotes = {c.source: c.quote for c in answer.citations}
    assert "January 1, 2099" in quotes["Home & Garden Weekly"]
    assert "Feb. 5, 2026" in quotes[""]  # the seed article has no outlet name
    assert "(Home & Garden Weekly, 2025-01-18)" in answer.text


@pytest.mark.slow
def test_a_question_only_one_article_answers_gets_one_answer(assistant):
    answer = assistant.ask("Who is Trump's Special Envoy for Ukraine and Russia?", as_of=AS_OF)
    assert "differ" not in answer.text and "Kellogg" in answer.text


@pytest.mark.slow
def test_a_follow_up_searches_the_article_the_previous_answer_quoted(assistant):
    quoted = "Mulch keeps the soil cool and cuts watering by a third."
    history = [{"role": "user", "content": "How do I keep the soil cool?"},
               {"role": "assistant", "content": f"{quoted} [1]"}]
    found = assistant._from_cited("when should I plant beans?", history, [])
    assert found and {p.source for p in found} == {"Home & Garden Weekly"}
    assert "Plant beans after the last frost" in found[0].text
    # nothing quoted before: nothing added
    assert assistant._from_cited("when should I plant beans?", [], []) == []
