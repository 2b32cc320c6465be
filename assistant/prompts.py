"""Prompt templates live as files in ``prompts/``; article text enters them delimited and escaped."""
from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate, PromptTemplate

from assistant.passage import Passage

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"


@lru_cache(maxsize=None)
def load(name: str) -> str:
    return (PROMPTS_DIR / name).read_text(encoding="utf-8")


def answer_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages([("system", load("answer_system.txt")), ("human", load("answer_user.txt"))])


def condense_prompt() -> PromptTemplate:
    return PromptTemplate.from_template(load("condense.txt"))


def format_passages(passages: list[Passage]) -> str:
    """Each passage labelled with its number and metadata; markup in article text is escaped so a
    passage cannot close the <passages> block or open a new one."""
    blocks = []
    for n, p in enumerate(passages, start=1):
        meta = f'n="{n}" outlet="{escape(p.source)}" date="{escape(p.published_at[:10])}" title="{escape(p.title)}"'
        blocks.append(f"<passage {meta}>\n{escape(p.text, quote=False)}\n</passage>")
    return "\n".join(blocks)
