"""Typed results of answering: an Answer with numbered Citations a reader can open and check."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Citation:
    n: int
    article_id: str
    title: str
    source: str
    url: str
    published_at: str
    author: str
    text: str  # the passage as stored
    quote: str  # the supporting sentence(s)
    spans: list[tuple[int, int]] = field(default_factory=list)  # quote positions inside ``text``

    def as_json(self) -> dict:
        return {"n": self.n, "article_id": self.article_id, "title": self.title, "source": self.source,
                "url": self.url, "published_at": self.published_at, "text": self.text, "quote": self.quote}


@dataclass
class Unsupported:
    sentence: str
    reason: str


@dataclass
class Answer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    unsupported: list[Unsupported] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    question: str = ""  # the standalone question actually answered
    generator: str = "extractive"
    short_answer: str = ""  # the entity that leads the text: a name, date, number or amount
    abstain_reason: str = ""  # why it abstained, in words a reader can act on
    verdict: str = ""  # "Yes"/"No" for a before/after question the publication dates decide

    def as_json(self) -> dict:
        return {"answer": self.text, "abstained": self.abstained, "short_answer": self.short_answer,
                "abstain_reason": self.abstain_reason, "verdict": self.verdict,
                "citations": [c.as_json() for c in self.citations],
                "unsupported": [{"sentence": u.sentence, "reason": u.reason} for u in self.unsupported]}
