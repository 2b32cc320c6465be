"""The generator contract: every answerer turns one ``GenerationRequest`` into streamed text that ends in
one checked ``Answer``.

``Generator.stream(request) -> Iterator[StreamPiece]`` yields pieces of text as they are written, then
exactly one piece carrying the final Answer. Invariants every generator keeps:
- a request that carries an abstain ``reason`` (decided before generation: an outlet the index lacks, a
  date outside its coverage, a key term no retrieved article names) is answered by abstaining with it;
- the extractive answer is checked by construction (verbatim sentences, ``assistant.citations``);
- an LLM's sentences are checked one by one (``assistant.verify``); a rejected sentence is dropped and
  reported in ``unsupported``, and when none survives the extractive answer is given instead;
- the LLM's abstain sentence is the one its prompt was given (``ABSTAIN_TEXT``, a prompt variable).

``generator_for(name, …)`` is the registry: ``extractive`` (the default, offline) or one of the LLM modes
of ``assistant.llm`` (``llamacpp``, ``ollama``, ``openai``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from assistant import question as questions
from assistant.answer import Answer
from assistant.citations import abstention, cite_generated, compose
from assistant.conversation import conversation_state
from assistant.evidence import CoverageScorer, Sentence
from assistant.extractive import ExtractiveGenerator
from assistant.llm import GENERATORS, GeneratorUnavailable, LLMGenerator
from assistant.passage import Passage
from assistant.prompts import ABSTAIN_TEXT
from assistant.query import QueryAnalysis
from assistant.verify import Verifier
from index.chunk import split_sentences

MISSING = "the indexed articles don't mention"


@dataclass
class StreamPiece:
    """One streamed piece: ``text`` to append, or the final ``answer``."""

    text: str = ""
    answer: Answer | None = None


@dataclass
class GenerationRequest:
    """What a generator answers from: the analysed question, its passages and what the chat so far says."""

    analysis: QueryAnalysis
    passages: list[Passage]
    intent: questions.Intent
    history: Sequence[dict] = ()
    article_texts: dict[str, str] = field(default_factory=dict)  # each retrieved article's whole text
    reason: str = ""  # decided before generation: abstain with it
    terms_checked: bool = False  # the key-term check ran before generation (its gaps are in ``reason``)
    # how close each headline is to the question (cosine of their embeddings); None where not available
    relatedness: Callable[[list[str]], list[float]] | None = None


class ExtractiveAnswerer:
    """The offline default: verbatim sentences of the passages, streamed sentence by sentence."""

    name = "extractive"

    def __init__(self, scorer: CoverageScorer):
        self.scorer = scorer

    def stream(self, request: GenerationRequest) -> Iterator[StreamPiece]:
        answer = self.answer(request)
        for start, end in split_sentences(answer.text):
            yield StreamPiece(text=answer.text[start:end] + " ")
        yield StreamPiece(answer=answer)

    def answer(self, request: GenerationRequest) -> Answer:
        reason = request.reason
        if reason.startswith(MISSING):
            return abstention(f"{reason[0].upper()}{reason[1:]}.", reason)
        if reason:
            return abstention(f"{ABSTAIN_TEXT} ({sentence_case(reason)}.)", reason)
        conversation = conversation_state(request.history, request.passages)
        draft = ExtractiveGenerator(self.scorer).run(request.analysis, request.passages, request.intent,
                                                     conversation, request.article_texts, request.terms_checked)
        if draft.missing:
            return abstention(f"The indexed articles don't mention {' or '.join(draft.missing[:2])}.",
                              draft.abstain_reason)
        if not draft.sentences:
            return abstention(f"{ABSTAIN_TEXT} ({sentence_case(draft.abstain_reason)}.)", draft.abstain_reason)
        sentences, rival = draft.sentences, draft.rival
        if rival is not None and request.relatedness is not None:
            sentences, rival = topic_first(sentences, rival, request.relatedness)
        return compose(sentences, draft.short_answer, draft.verdict, draft.parts, rival)


def topic_first(sentences: list[Sentence], rival: Sentence,
                relatedness: Callable[[list[str]], list[float]]) -> tuple[list[Sentence], Sentence]:
    """Two articles answer differently: the one whose headline is about the question leads ("Putin open to
    dialogue with the new US administration" before "Gardening tips for a dry spring" for a treaty question)."""
    best = sentences[0]
    fit_best, fit_rival = relatedness([best.passage.title, rival.passage.title])
    if fit_rival <= fit_best:
        return sentences, rival
    return [rival, best] + [s for s in sentences if s is not best and s is not rival], best


class LLMAnswerer:
    """An LLM's answer, streamed token by token, then checked sentence by sentence against the passages."""

    def __init__(self, name: str, chat_model, scorer: CoverageScorer, fallback: ExtractiveAnswerer):
        self.name = name
        self.chat_model = chat_model
        self.scorer = scorer
        self.fallback = fallback

    def stream(self, request: GenerationRequest) -> Iterator[StreamPiece]:
        if request.reason or not request.passages:
            yield from self.fallback.stream(request)
            return
        written = []
        try:
            for token in LLMGenerator(self.name, self.chat_model, ABSTAIN_TEXT).stream(request.analysis.question,
                                                                                         request.passages):
                written.append(token)
                yield StreamPiece(text=token)
        except Exception as exc:  # the server went away mid-answer: say which generator failed, and how
            raise GeneratorUnavailable(f"the {self.name} generator failed: {exc.__class__.__name__}: {exc}") from exc
        yield StreamPiece(answer=self.checked("".join(written).strip(), request))

    def checked(self, text: str, request: GenerationRequest) -> Answer:
        if ABSTAIN_TEXT.lower().rstrip(".") in text.lower():
            return Answer(ABSTAIN_TEXT, abstained=True, abstain_reason="the LLM found no answer in the passages")
        checked = Verifier(self.scorer).run(text, request.passages)
        if not checked.kept:
            fallback = self.fallback.answer(request)
            fallback.unsupported = checked.unsupported
            return fallback
        answer = cite_generated(checked.kept, request.passages, self.scorer)
        answer.unsupported = checked.unsupported
        return answer


def generator_for(name: str, scorer: CoverageScorer, chat_model=None):
    """The answerer registered under ``name``; an LLM mode needs its chat model."""
    extractive = ExtractiveAnswerer(scorer)
    if name == "extractive":
        return extractive
    if name not in GENERATORS:
        raise GeneratorUnavailable(f"unknown generator '{name}' (choose from {', '.join(GENERATORS)})")
    return LLMAnswerer(name, chat_model, scorer, extractive)


def sentence_case(reason: str) -> str:
    """The reason with its first letter upper-cased and its names as written ("… from the Financial Times"), which
    ``str.capitalize`` would lower-case."""
    return reason[:1].upper() + reason[1:]
