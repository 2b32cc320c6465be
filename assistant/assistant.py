"""The answer chain: condense the question → retrieve → generate → cite and verify.

``Assistant.ask`` returns an Answer; ``Assistant.stream`` yields text as it is written and ends with
the checked Answer. Invariants: every [n] in a returned answer resolves to a Citation; a sentence
the verifier rejects is dropped and reported in ``unsupported``; when too little survives, the
extractive answer is given instead; abstentions say why.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from assistant import nlp
from assistant import question as questions
from assistant.answer import Answer
from assistant.conversation import condense_deterministic, condense_with_llm, previous_quotes
from assistant.evidence import CoverageScorer
from assistant.extractive import tolerated
from assistant.generation import ABSTAIN_TEXT, MISSING, GenerationRequest, StreamPiece, generator_for
from assistant.llm import make_chat_model
from assistant.passage import Filters, Passage
from assistant.mentions import key_term_gaps
from assistant.parts import part_question, split_parts
from assistant.text import asked_now
from assistant.query import DateRange, QueryAnalysis, content_terms
from assistant.retriever import NewsRetriever
from index.settings import Settings

__all__ = ["ABSTAIN_TEXT", "Answer", "Assistant", "StreamPiece"]

log = logging.getLogger(__name__)
COVERAGE_SLACK = timedelta(days=2)
# the date is the story's own: "what did TechCrunch report on March 3, 2021", "per the article from september 2021"
STORY_DATED = re.compile(r"\b(?:report(?:ed|s)?|wr(?:ite|ote|itten)|articles?|pieces?|publish(?:ed)?)\b", re.IGNORECASE)
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
        reason = reason or self._outside_coverage(analysis, passages) or reported_too_early(analysis, passages)
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

    def _outside_coverage(self, analysis: QueryAnalysis, passages: list[Passage]) -> str:
        """Every date the question names lies outside the articles' publication dates — whatever the
        wording — and no retrieved passage mentions that month and year (a 2023 article can tell what
        happened in December 2020), nor the month alone in a story it places there (``mentions_month``)."""
        catalog = self.retriever.catalog
        first, last = catalog.first_published, catalog.last_published
        if not (analysis.dates and first):
            return ""
        low = datetime.fromisoformat(first) - COVERAGE_SLACK
        high = datetime.fromisoformat(last) + COVERAGE_SLACK
        if not all(d.end <= low or d.start >= high for d in analysis.dates):
            return ""
        # "how many subscribers did she have back in april?": a December story's "in April" is this year's April;
        # not where the date is the story's own ("the Verge's article from June 2023"), which only a story of then has
        bare_month = not STORY_DATED.search(asked_now(analysis.question))  # not the turn a follow-up carries
        if any(mentions_month(p.title + " " + p.text, d, p.published_at if bare_month else None) for p in passages
               for d in analysis.dates):
            return ""
        return f"the index covers articles published {first[:10]} to {last[:10]} only"

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


BEFORE_DAY_REACH = timedelta(days=180)  # how long before a day a story naming it is taken to look ahead to it


def reported_too_early(analysis: QueryAnalysis, passages: list[Passage]) -> str:
    """What happened on a day the question names ("what did its board decide at the december 8 meeting?") is
    told only by stories published that day or later: where every retrieved passage naming that day is from a
    story published before it (the meeting still to come), none can say. Only a question whose main verb tells
    of something done, in the past tense: "when is the december 8 meeting?", "what did analysts expect from it?"
    are answered by the stories before it, and "what did X report on December 8?" by that day's stories, which
    seldom write their own date."""
    days = [d for d in analysis.dates if d.end - d.start <= timedelta(days=1)]
    asked = asked_now(analysis.question)
    if not days or STORY_DATED.search(asked) or not _done_in_the_past(asked):
        return ""
    for day in days:
        naming = [p for p in passages if names_date(p.title + " " + p.text, day)]
        if naming and all(_published_before(p.published_at, day.start) for p in naming):
            return f"the articles that mention {day.text} were published before it"
    return ""


# what was planned or expected, or a state ("what was on the agenda for the december 8 meeting?"): told beforehand
PLANNED = frozenset("be expect anticipate predict plan schedule set slate hope intend propose say".split())


def _done_in_the_past(question: str) -> bool:
    """The question's main verb is in the past tense ("what *did* the board *decide*?", "who *won*?") and tells of
    something done, not planned ("what did analysts *expect*?")."""
    root = next((t for t in nlp.parse(question) if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_.lower() in PLANNED:
        return False
    return root.tag_ == "VBD" or any(child.dep_ == "aux" and child.tag_ == "VBD" for child in root.children)


def _published_before(published_at: str | None, moment: datetime) -> bool:
    try:
        published = datetime.fromisoformat(published_at) if published_at else None
    except ValueError:
        return False
    if published is not None and published.tzinfo is None:  # a bare date: the day is what counts
        published = published.replace(tzinfo=moment.tzinfo)
    # a story from the year before names another year's December 8
    return published is not None and moment - BEFORE_DAY_REACH < published and published.date() < moment.date()


MAY = r"(?:(?:(?<=in |by |of )|(?<=since |until |early )|(?<=late )|(?<=mid-))May|May(?= \d))"


def mentions_month(text: str, asked: DateRange, published_at: str | None = None) -> bool:
    """The text names the month (full or abbreviated) and the year of the ``asked`` date, and its day where a day
    is asked ("3 July 2023"); or, in a story ``published_at``, the month without a year, which is then the latest
    such month up to the story's date ("in April", in a December 2023 story: April 2023)."""
    moment = asked.start
    if not names_date(text, asked):
        return False
    if str(moment.year) in text:
        return True
    try:
        story = datetime.fromisoformat(published_at) if published_at else None
    except ValueError:  # a date the manifest didn't store in ISO form: no month of it is placed
        return False
    return story is not None and moment.year == (story.year if moment.month <= story.month else story.year - 1)


def names_date(text: str, asked: DateRange) -> bool:
    """The text names the month of the ``asked`` date (full or abbreviated), and its day where a day is asked
    ("3 July", "July 3rd"), whatever year it gives."""
    moment, month = asked.start, asked.start.strftime("%B")
    # "Theresa May", "May Mobility": the month only beside a day or a preposition of time
    name = rf"(?:{month}|{month[:3]}\.?)" if month != "May" else MAY
    if asked.end - asked.start <= timedelta(days=1):
        name = rf"(?:{name} {moment.day}(?:st|nd|rd|th)?\b|\b{moment.day}(?:st|nd|rd|th)? (?:of )?{name})"
    return re.search(rf"\b{name}(?![\w-])", text) is not None  # not "Mar-a-Lago"


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
