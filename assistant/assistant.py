"""The answer chain: condense the question → retrieve → generate → cite and verify.

``Assistant.ask`` returns an Answer; ``Assistant.stream`` yields text as it is written and ends with
the checked Answer. Invariants: every [n] in a returned answer resolves to a Citation; a sentence
the verifier rejects is dropped and reported in ``unsupported``; when too little survives, the
extractive answer is given instead; abstentions say why.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone

from assistant import nlp
from assistant import question as questions
from assistant.answer import Answer
from assistant.coverage import outside_coverage, reported_too_early
from assistant.conversation import condense_deterministic, condense_with_llm, previous_quotes
from assistant.evidence import CoverageScorer
from assistant.extractive import tolerated
from assistant.outlets import unmatched_outlets
from assistant.generation import ABSTAIN_TEXT, MISSING, GenerationRequest, StreamPiece, generator_for
from assistant.llm import make_chat_model
from assistant.passage import Filters, Passage
from assistant.mentions import key_term_gaps
from assistant.parts import part_question, split_parts
from assistant.query import QueryAnalysis, content_terms
from assistant.retriever import NewsRetriever
from index.settings import Settings

__all__ = ["ABSTAIN_TEXT", "Answer", "Assistant", "StreamPiece"]

log = logging.getLogger(__name__)
COMMON_ZIPF = 2.0  # wordfreq: "overspend" 2.2 (a word), "pichai" 2.0, "milei" 0 (names)
PART_PASSAGES = 3  # per part of a two-part question, added to the whole question's passages
CITED_PASSAGES = 2  # per article the previous answer quoted, its passages that best cover the follow-up


class Assistant:
    def __init__(self, settings: Settings, retriever: NewsRetriever, chat_models: dict | None = None):
        self.settings = settings
        self.retriever = retriever
        self._chat_models = dict(chat_models or {})
        self._scorer_cache: CoverageScorer | None = None
        self._vocabulary: frozenset[str] | None = None

    def ask(self, question: str, history: Sequence[dict] = (), filters: Filters | None = None,
            generator: str | None = None, as_of: datetime | None = None) -> Answer:
        answer = None
        for piece in self.stream(question, history, filters, generator, as_of):
            answer = piece.answer or answer
        return answer

    def stream(self, question: str, history: Sequence[dict] = (), filters: Filters | None = None,
               generator: str | None = None, as_of: datetime | None = None) -> Iterator[StreamPiece]:
        started = time.perf_counter()
        name = generator or self.settings.generator
        chat_model = self.chat_model(name) if name != "extractive" else None
        standalone = self._condense(question, history, chat_model)
        analysis = self.retriever.analyze(standalone, as_of)
        timings = {"condense_ms": _ms(started)}
        reason = self._unknown_outlets(analysis)
        passages = [] if reason else self._retrieve(standalone, filters, analysis, as_of)
        passages += self._from_cited(standalone, history, passages) if passages else []
        reason = (reason or unmatched_outlets(analysis.outlets, passages) or self._outside_coverage(analysis, passages, as_of)
                  or reported_too_early(analysis, passages))
        passages = [] if reason else passages
        timings["retrieve_ms"] = _ms(started) - timings["condense_ms"]
        intent = questions.read(standalone, analysis.outlets, analysis.topic)
        texts = self._article_texts(passages)
        if passages and not reason:  # every generator: an answer about something the articles never name is wrong
            missing = key_term_gaps(intent, analysis.topic, passages, self._scorer(), texts)
            if missing and not tolerated(missing, intent, analysis):
                reason = f"{MISSING} {' or '.join(missing[:2])}"
        request = GenerationRequest(analysis, passages, intent, history, texts, reason, terms_checked=bool(passages),
                                    relatedness=lambda titles: self._relatedness(standalone, titles))
        answerer = generator_for(name, self._scorer(), chat_model)  # after retrieval loaded the BM25 statistics
        for piece in answerer.stream(request):
            if piece.answer is not None:  # the last piece: stamp what was answered, by whom, how fast
                piece.answer.question, piece.answer.generator = standalone, name
                piece.answer.timings = {**timings, "generate_ms": _ms(started) - timings["condense_ms"]
                                        - timings["retrieve_ms"], "total_ms": _ms(started)}
            yield piece

    def as_runnable(self):
        """The answer chain as a LangChain ``Runnable`` for composing into other chains: input a question
        string or ``{"question", "history"?, "filters"?, "generator"?, "as_of"?}``, output the checked
        ``Answer`` (``invoke``, ``batch`` and their async forms; ``Assistant.stream`` for text as written)."""
        from langchain_core.runnables import RunnableLambda  # only for callers who build on LangChain

        def answer(request) -> Answer:
            request = {"question": request} if isinstance(request, str) else dict(request)
            return self.ask(request.pop("question"), **request)

        return RunnableLambda(answer, name="NewsdeskAnswer")

    def chat_model(self, name: str):
        if name not in self._chat_models:
            self._chat_models[name] = make_chat_model(self.settings, name)
        return self._chat_models[name]

    def _condense(self, question: str, history: Sequence[dict], chat_model) -> str:
        if not history:
            return question
        if chat_model is not None:
            try:
                return condense_with_llm(question, history, chat_model)
            except Exception as exc:  # an LLM hiccup must not lose the question: rewrite it without the LLM
                log.warning("condensing with the LLM failed (%s: %s); rewriting the follow-up without it",
                            exc.__class__.__name__, exc)
        return condense_deterministic(question, history)

    def _retrieve(self, question: str, filters: Filters | None, analysis: QueryAnalysis,
                  as_of: datetime | None) -> list[Passage]:
        """The question's passages; for one asking two things, each part's own passages too (a part that
        shares few words with the rest — "and what is Flexport valued at?" — is otherwise under-served)."""
        passages = self.retriever.retrieve(question, filters, analysis=analysis)
        context, parts = split_parts(question)
        if len(parts) < 2:
            return passages
        seen = {p.chunk_id for p in passages}
        for number in range(len(parts)):
            about = part_question(parts, number, context)
            for passage in self.retriever.retrieve(about, filters, as_of=as_of)[:PART_PASSAGES]:
                if passage.chunk_id not in seen:
                    seen.add(passage.chunk_id)
                    passages.append(passage)
        return passages

    def _from_cited(self, question: str, history: Sequence[dict], passages: list[Passage]) -> list[Passage]:
        """A follow-up is most often about the article the previous answer quoted ("and when was he first
        introduced to him?"), so that article is searched too: its passages that best cover the follow-up
        join the retrieved ones, after them."""
        quotes = previous_quotes(history)
        if not quotes:
            return []
        catalog = self.retriever.catalog
        cited = catalog.articles_quoting(quotes)
        seen = {p.chunk_id for p in passages}
        scorer = self._scorer()
        weights = scorer.weights(content_terms(question))
        found: list[Passage] = []
        for article in cited:
            own = [p for p in catalog.article_chunks(article) if p.chunk_id not in seen]
            found += sorted(own, key=lambda p: -scorer.coverage(weights, p.text))[:CITED_PASSAGES]
        return found

    def _relatedness(self, question: str, titles: list[str]) -> list[float]:
        """Cosine of the question and each headline (normalised embeddings): asked only when two articles
        disagree, to put the one about the question first."""
        embedder = self.retriever.embedder
        asked = embedder.embed_query(question)
        return [float(embedder.embed_query(title) @ asked) for title in titles]

    # --- scope -----------------------------------------------------------------------------
    def _article_texts(self, passages: list[Passage]) -> dict[str, str]:
        """The whole stored text of each retrieved article (all its chunks), for the key-term check."""
        catalog = self.retriever.catalog
        texts = {article: [chunk.text for chunk in catalog.article_chunks(article)]
                 for article in dict.fromkeys(p.article_id for p in passages)}
        return {article: " ".join(parts) for article, parts in texts.items() if parts}

    def _unknown_outlets(self, analysis: QueryAnalysis) -> str:
        """Outlets the question names ("according to Al Jazeera") that the index has no articles from. A person
        the articles mention ("according to him" → "according to Michael Mann") is a source they quote, not a
        missing outlet: the question goes on, and the key-term check judges it. A publication they mention
        ("a Reuters report") is still missing: the articles cite it, but none of them is its article."""
        if not analysis.unknown_outlets:
            return ""
        self.retriever.catalog.refresh()  # cheap when nothing changed; loads the BM25 index on a first question
        lexical = self.retriever.catalog.lexical
        unknown = [name for name in analysis.unknown_outlets
                   if lexical is None or not is_person(name) or not len(lexical.rows_with_all(lexical.terms(name)))]
        return f"the index has no articles from {', '.join(unknown)}" if unknown else ""

    def _outside_coverage(self, analysis: QueryAnalysis, passages: list[Passage], as_of: datetime | None) -> str:
        catalog = self.retriever.catalog
        return outside_coverage(analysis, passages, catalog.first_published, catalog.last_published,
                                as_of or datetime.now(timezone.utc))

    # --- generators --------------------------------------------------------------------------
    def _scorer(self) -> CoverageScorer:
        """One scorer (and idf cache) per loaded BM25 index."""
        lexical = self.retriever.catalog.lexical
        if self._scorer_cache is None or self._scorer_cache.lexical is not lexical:
            self._scorer_cache = CoverageScorer(lexical, self._common_word)
        return self._scorer_cache

    def _common_word(self, word: str) -> bool:
        """Common English, not a rare name: a whole word of the embedding model's vocabulary (or an
        inflection of one), or frequent in wordfreq's English lists ("overstate" 2.7, "milei" 0)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.retriever.embedder.tokenizer.get_vocab())
        if any(form in self._vocabulary for form in word_forms(word)):
            return True
        from wordfreq import zipf_frequency  # ~5 s to load its lists, once, and only for words no article uses

        return zipf_frequency(word, "en") >= COMMON_ZIPF



def word_forms(word: str) -> set[str]:
    """The word and its likely inflections ("expire": "expired", "expires"), for a vocabulary lookup."""
    forms = {word, word + "s", word + "d", word + "ed", word + "es"}
    for suffix in ("s", "es", "ed", "d", "ing", "ly"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms |= {stem, stem + "e"}
    return forms


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def is_person(name: str) -> bool:
    """spaCy reads ``name`` on its own as one person's name."""
    found = nlp.entities(name)
    return len(found) == 1 and found[0].label == "PERSON" and found[0].text == name.strip()
