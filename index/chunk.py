"""Sentence-aware chunking by the embedding model's tokenizer.

Invariants:
- a chunk's text is ``body[start:end]`` of the cleaned body;
- a chunk holds at most ``max_tokens`` tokens and never cuts a sentence, except a single sentence
  longer than ``max_tokens``, which is split at word boundaries;
- consecutive chunks share one sentence when it fits, so any two adjacent sentences lie together in some chunk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.article import Chunk


@dataclass
class Span:
    start: int
    end: int
    tokens: int


class Chunker:
    def __init__(self, tokenizer, max_tokens: int = 240):
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens

    def run(self, article_id: str, body: str) -> list[Chunk]:
        spans = self._sentence_spans(body)
        return [Chunk(article_id, number, body[start:end], start, end)
                for number, (start, end) in enumerate(self._pack(spans))]

    def _sentence_spans(self, body: str) -> list[Span]:
        raw = [span for line in _line_spans(body) for span in split_sentences(body, *line)]
        if not raw:
            return []
        counts = self.tokenizer([body[s:e] for s, e in raw], add_special_tokens=False)["input_ids"]
        spans: list[Span] = []
        for (start, end), ids in zip(raw, counts):
            if len(ids) <= self.max_tokens:
                spans.append(Span(start, end, len(ids)))
            else:
                spans.extend(self._split_long(body, start, end))
        return spans

    def _split_long(self, body: str, start: int, end: int) -> list[Span]:
        """Cut an over-long sentence at word boundaries into pieces that fit."""
        encoded = self.tokenizer(body[start:end], add_special_tokens=False, return_offsets_mapping=True)
        offsets = encoded["offset_mapping"]
        pieces, first = [], 0
        while first < len(offsets):
            last = min(first + self.max_tokens, len(offsets)) - 1
            cut = offsets[last][1]
            if last + 1 < len(offsets):
                space = body.rfind(" ", start + offsets[first][0], start + offsets[last + 1][0])
                if space > start + offsets[first][0]:
                    cut = space - start
                    while last > first and offsets[last][0] >= cut:
                        last -= 1
            pieces.append(Span(start + offsets[first][0], start + cut, last - first + 1))
            first = last + 1
        return pieces

    def _pack(self, spans: list[Span]) -> list[tuple[int, int]]:
        chunks, first, total = [], 0, 0
        for i, span in enumerate(spans):
            if i > first and total + span.tokens > self.max_tokens:
                chunks.append((spans[first].start, spans[i - 1].end))
                overlap = i - 1 if i - 1 > first and spans[i - 1].tokens + span.tokens <= self.max_tokens else i
                first, total = overlap, sum(s.tokens for s in spans[overlap:i])
            total += span.tokens
        if spans:
            chunks.append((spans[first].start, spans[-1].end))
        return chunks


def _line_spans(body: str):
    for match in re.finditer(r"[^\n]+", body):
        yield match.start(), match.end()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets within ``text[start:end]``, using blingfire's sentence model.

    A line break always ends a sentence (headings and paragraphs never run together). blingfire's own
    offsets come from its Python wrapper's per-byte loop (two thirds of chunking the MultiHop-RAG corpus); a
    line's sentence texts come from one C call, and where they tile the line verbatim (only whitespace between
    them) their positions are those offsets, so those are used; any other line takes the wrapper's offsets."""
    import blingfire

    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        segment = line.group(0)
        if not segment.strip():
            continue
        base = start + line.start()
        found = _tiled_offsets(segment, (blingfire.text_to_sentences(segment) or "").split("\n"))
        if found is None:
            _, offsets = blingfire.text_to_sentences_and_offsets(segment)
            found = [(s, e) for s, e in offsets if segment[s:e].strip()]
        spans.extend((base + s, base + e) for piece in found for s, e in _unglued(segment, *piece))
    return spans


# A sentence's full stop run into the next without a space, where a scraped heading lost its line break:
# "…sent out early by mistake.WHAT DISCOVERY WON THE NOBEL PRIZE?", "…the artists' groups said.Music Business
# Worldwide …". Not "Binance.US" or "StartPlaying.Games," (a capital run of three or more, or a capitalised
# word and a space, must follow); 18 places in the MultiHop-RAG corpus.
GLUED = re.compile(r"(?<=[a-z][.!?])(?=[A-Z]{3,}|[A-Z][a-z]+\s)")
ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr vs inc co corp ltd no gen gov sen rep prof".split())  # "Mr.Smith"


def _word_before(segment: str, stop_after: int) -> str:
    """The word whose full stop ends just before ``stop_after``, lower case."""
    words = segment[:stop_after - 1].split()
    return words[-1].lower().lstrip("(\"'“‘") if words else ""


def _unglued(segment: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m.start() for m in GLUED.finditer(segment, start, end)
            if _word_before(segment, m.start()) not in ABBREVIATIONS]
    return list(zip([start, *cuts], [*cuts, end], strict=True))


def _tiled_offsets(segment: str, pieces: list[str]) -> list[tuple[int, int]] | None:
    """Where ``pieces`` (the non-blank ones) lie in ``segment`` when they tile it in order with only whitespace
    between and around them, each starting and ending on a non-space; else None."""
    found: list[tuple[int, int]] = []
    at = 0
    for piece in pieces:
        if not piece.strip():
            continue
        if piece[0].isspace() or piece[-1].isspace():
            return None
        where = segment.find(piece, at)
        if where < 0 or segment[at:where].strip():
            return None
        at = where + len(piece)
        found.append((where, at))
    return found if found and not segment[at:].strip() else None
