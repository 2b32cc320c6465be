"""The answer chain: condense the question → retrieve → generate → cite and verify.

``Assistant.ask`` returns an Answer; ``Assistant.stream`` yields text as it is written and ends with
the checked Answer. Invariants: every [n] in a returned answer resolves to a Citation; a sentence
the verifier rejects is dropped and reported in ``unsupported``; when too little survives, the
extractive answer is given instead; abstentions say why.
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant import question as questions
from assistant.answer import Answer, Citation
from assistant.conversation import condense_deterministic, condense_with_llm, conversation_state
from assistant.evidence import CoverageScorer, Sentence, passage_sentences
from assistant.extractive import ExtractiveGenerator, tolerated
from assistant.picking import key_term_gaps
from assistant.llm import GeneratorUnavailable, LLMGenerator, make_chat_model
from assistant.parts import Verdict
from assistant.passage import Filters, Passage
from assistant.query import QueryAnalysis
from assistant.retriever import NewsRetriever
from assistant.short_answer import ShortAnswer
from assistant.verify import Verifier
from index.chunk import split_sentences
from index.settings import Settings

ABSTAIN_TEXT = "The indexed articles don't say."
COVERAGE_SLACK = timedelta(days=2)
COMMON_ZIPF = 2.0
PART_PASSAGES = 3  # per part of a two-part question, added to the whole question's passages  # wordfreq: "overspend" 2.2 (a word), "pichai" 2.0, "milei" 0 (names)


@dataclass
class StreamPiece:
    """One streamed piece: ``text`` to append, or the final ``answer``."""

    text: str = ""
    answer: Answer | None = None


class Assistant:
    def __init__(self, settings: Settings, retriever: NewsRetriever | None = None, chat_models: dict | None = None):
        self.settings = settings
        self.retriever = retriever or NewsRetriever(settings)
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
        reason = reason or self._outside_coverage(analysis, passages)
        passages = [] if reason else passages
        timings["retrieve_ms"] = _ms(started) - timings["condense_ms"]
        intent = questions.read(standalone, analysis.outlets, analysis.topic)
        texts = self._article_texts(passages)
        if passages and not reason:  # every generator: an answer about something the articles never name is wrong
            missing = key_term_gaps(intent, analysis.topic, passages, self._scorer(), texts)
            if missing and not tolerated(missing, intent, analysis):
                reason = f"the indexed articles don't mention {' or '.join(missing[:2])}"
        if chat_model is None or reason or not passages:
            answer = self._extractive(analysis, passages, reason, history, intent, texts)
        else:
            answer = yield from self._generate(name, chat_model, analysis, passages)
        answer.question, answer.timings = standalone, {**timings, "total_ms": _ms(started)}
        answer.generator = name
        if chat_model is None:  # the extractive answer streams sentence by sentence
            for start, end in split_sentences(answer.text):
                yield StreamPiece(text=answer.text[start:end] + " ")
        yield StreamPiece(answer=answer)

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
            except Exception:  # an LLM hiccup must not lose the question
                pass
        return condense_deterministic(question, history)

    def _retrieve(self, question: str, filters: Filters | None, analysis: QueryAnalysis,
                  as_of: datetime | None) -> list[Passage]:
        """The question's passages; for one asking two things, each part's own passages too (a part that
        shares few words with the rest — "and what is Flexport valued at?" — is otherwise under-served)."""
        passages = self.retriever.retrieve(question, filters, analysis=analysis)
        context, parts = questions.split_parts(question)
        if len(parts) < 2:
            return passages
        seen = {p.chunk_id for p in passages}
        for number, part in enumerate(parts):
            about = f"{part} {context}" + (f" ({parts[0]})" if number and questions.has_pronoun(part) else "")
            for passage in self.retriever.retrieve(about, filters, as_of=as_of)[:PART_PASSAGES]:
                if passage.chunk_id not in seen:
                    seen.add(passage.chunk_id)
                    passages.append(passage)
        return passages

    # --- scope -----------------------------------------------------------------------------
    def _article_texts(self, passages: list[Passage]) -> dict[str, str]:
        """The whole stored text of each retrieved article (all its chunks), for the key-term check."""
        wanted = {p.article_id for p in passages}
        texts: dict[str, list[str]] = {}
        for info in self.retriever.catalog.chunks.values():
            if info.passage.article_id in wanted:
                texts.setdefault(info.passage.article_id, []).append(info.passage.text)
        return {article: " ".join(parts) for article, parts in texts.items()}

    @staticmethod
    def _unknown_outlets(analysis: QueryAnalysis) -> str:
        if analysis.unknown_outlets:
            return f"the index has no articles from {', '.join(analysis.unknown_outlets)}"
        return ""

    def _outside_coverage(self, analysis: QueryAnalysis, passages: list[Passage]) -> str:
        """Every date the question names lies outside the articles' publication dates — whatever the
        wording — and no retrieved passage mentions that month and year (a 2023 article can tell what
        happened in December 2020)."""
        catalog = self.retriever.catalog
        first, last = catalog.first_published, catalog.last_published
        if not (analysis.dates and first):
            return ""
        low = datetime.fromisoformat(first) - COVERAGE_SLACK
        high = datetime.fromisoformat(last) + COVERAGE_SLACK
        if not all(d.end <= low or d.start >= high for d in analysis.dates):
            return ""
        if any(mentions_month(p.title + " " + p.text, d.start) for p in passages for d in analysis.dates):
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

    def _extractive(self, analysis: QueryAnalysis, passages: list[Passage], reason: str = "",
                    history: Sequence[dict] = (), intent: questions.Intent | None = None,
                    article_texts: dict[str, str] | None = None) -> Answer:
        if reason.startswith("the indexed articles don't mention"):
            return abstention(f"{reason[0].upper()}{reason[1:]}.", reason)
        if reason:
            return abstention(f"{ABSTAIN_TEXT} ({reason.capitalize()}.)", reason)
        conversation = conversation_state(history, passages)
        draft = ExtractiveGenerator(self._scorer()).run(analysis, passages, intent, conversation, article_texts)
        if draft.missing:
            return abstention(f"The indexed articles don't mention {' or '.join(draft.missing[:2])}.",
                              draft.abstain_reason)
        if not draft.sentences:
            return abstention(f"{ABSTAIN_TEXT} ({draft.abstain_reason.capitalize()}.)", draft.abstain_reason)
        return compose(draft.sentences, draft.short_answer, draft.verdict, draft.parts, draft.rival)

    def _generate(self, name: str, chat_model, analysis: QueryAnalysis, passages: list[Passage]):
        written = []
        try:
            for token in LLMGenerator(name, chat_model).stream(analysis.question, passages):
                written.append(token)
                yield StreamPiece(text=token)
        except Exception as exc:
            raise GeneratorUnavailable(f"the {name} generator failed: {exc.__class__.__name__}: {exc}") from exc
        text = "".join(written).strip()
        if ABSTAIN_TEXT.lower().rstrip(".") in text.lower():
            return Answer(ABSTAIN_TEXT, abstained=True)
        checked = Verifier(self._scorer()).run(text, passages)
        if not checked.kept:
            fallback = self._extractive(analysis, passages)
            fallback.unsupported = checked.unsupported
            return fallback
        answer = cite_generated(checked.kept, passages, self._scorer())
        answer.unsupported = checked.unsupported
        return answer


def mentions_month(text: str, moment: datetime) -> bool:
    """The text names the month (full or abbreviated) and the year of ``moment``."""
    month = moment.strftime("%B")
    return str(moment.year) in text and bool(re.search(rf"\b(?:{month}|{month[:3]}\.?)\b", text))


def word_forms(word: str) -> set[str]:
    """The word and its likely inflections ("expire": "expired", "expires"), for a vocabulary lookup."""
    forms = {word, word + "s", word + "d", word + "ed", word + "es"}
    for suffix in ("s", "es", "ed", "d", "ing", "ly"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms |= {stem, stem + "e"}
    return forms


def abstention(text: str, reason: str) -> Answer:
    return Answer(text, abstained=True, abstain_reason=reason)


def compose(sentences: list[Sentence], short: ShortAnswer | None = None, verdict: Verdict | None = None,
            parts: list | None = None, rival: Sentence | None = None) -> Answer:
    """Verbatim sentences, each followed by the number of the passage it came from; a short answer (or a
    yes/no verdict with the dates that decide it) first; for a question that asks two things, one line per
    part ("… — not found in the indexed articles" when a part has no answer)."""
    numbers: dict[str, int] = {}
    grouped: dict[str, list[Sentence]] = {}

    def number(sentence: Sentence) -> int:
        key = sentence.passage.chunk_id
        group = grouped.setdefault(key, [])
        if all((s.start, s.end) != (sentence.start, sentence.end) for s in group):
            group.append(sentence)
        return numbers.setdefault(key, len(numbers) + 1)

    def quoted(short: ShortAnswer | None, sentences: list[Sentence]) -> list[str]:
        lead = [f"{short.name} [{number(short.sentence)}]."] if short else []
        return lead + [f"{sentence.text} [{number(sentence)}]" for sentence in sentences]

    if parts:
        text = "\n".join(f"{part.rstrip('?')}? — " + (" ".join(quoted(d.short_answer, d.sentences)) if d.sentences
                                                     else "not found in the indexed articles.")
                         for part, d in parts)
    else:
        lead = [f"{verdict.answer} [{number(verdict.first)}][{number(verdict.second)}]. {verdict.explanation}"] \
            if verdict else [disagreement(sentences[0], rival, number)] if rival else []
        text = " ".join(quoted(short, []) + lead + quoted(None, sentences))
    citations = [citation(numbers[key], group[0].passage, [(s.start, s.end) for s in group])
                 for key, group in grouped.items()]
    lead_text = short.name if short else verdict.answer if verdict else ""
    return Answer(text, citations, short_answer=lead_text, verdict=verdict.answer if verdict else "")


def disagreement(best: Sentence, rival: Sentence, number) -> str:
    """"The articles differ: Feb. 5, 2026 [1] (Reuters, 2025-01-20) against January 1, 2099 [2] (…)"."""
    def side(sentence: Sentence) -> str:
        where = ", ".join(x for x in (sentence.passage.source, (sentence.passage.published_at or "")[:10]) if x)
        return f"{sentence.answer_entity.text} [{number(sentence)}]" + (f" ({where})" if where else "")

    return f"The articles differ: {side(best)} against {side(rival)}."


def cite_generated(kept, passages: list[Passage], scorer: CoverageScorer) -> Answer:
    """Renumber the surviving sentences' citations 1..n and quote each passage's best supporting sentence."""
    renumber: dict[int, int] = {}
    parts, quotes = [], {}
    for sentence in kept:
        marks = []
        for n in dict.fromkeys(sentence.cited):
            renumber.setdefault(n, len(renumber) + 1)
            marks.append(f"[{renumber[n]}]")
            quotes.setdefault(n, []).append(best_sentence(sentence.text, passages[n - 1], scorer))
        parts.append(f"{sentence.text} {''.join(marks)}")
    citations = [citation(new, passages[old - 1], sorted(set(quotes[old]))) for old, new in renumber.items()]
    return Answer(" ".join(parts), citations)


def best_sentence(claim: str, passage: Passage, scorer: CoverageScorer) -> tuple[int, int]:
    weights = scorer.weights(claim)
    candidates = passage_sentences([passage])
    best = max(candidates, key=lambda s: scorer.coverage(weights, s.text))
    return best.start, best.end


def citation(n: int, passage: Passage, spans: list[tuple[int, int]]) -> Citation:
    quote = " ".join(passage.text[s:e] for s, e in spans)
    return Citation(n, passage.article_id, passage.title, passage.source, passage.url, passage.published_at,
                    passage.author, passage.text, quote, spans)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)

