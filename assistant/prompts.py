"""Prompt templates live as files in ``prompts/`` (package data, read through ``assistant.resources``);
article text enters them delimited and escaped."""
from __future__ import annotations

from functools import cache
from html import escape
from typing import TYPE_CHECKING

from assistant.passage import Passage
from assistant.resources import prompt_text

if TYPE_CHECKING:  # langchain-core is imported when a prompt is built: the extractive path never needs it
    from langchain_core.prompts import ChatPromptTemplate, PromptTemplate


ABSTAIN_TEXT = "The indexed articles don't say."


@cache
def load(name: str) -> str:
    return prompt_text(name)


def answer_prompt(abstain: str = ABSTAIN_TEXT) -> ChatPromptTemplate:
    """The answer prompt; ``abstain`` fills its ``{abstain}`` variable: the exact sentence the model is told
    to reply when the passages don't answer (and that the generator then recognises as an abstention)."""
    from langchain_core.prompts import ChatPromptTemplate

    template = ChatPromptTemplate.from_messages([("system", load("answer_system.txt")),
                                                 ("human", load("answer_user.txt"))])
    return template.partial(abstain=abstain)


def condense_prompt() -> PromptTemplate:
    from langchain_core.prompts import PromptTemplate

    return PromptTemplate.from_template(load("condense.txt"))


def format_passages(passages: list[Passage]) -> str:
    """Each passage labelled with its number and metadata; markup in article text is escaped so a
    passage cannot close the <passages> block or open a new one."""
    blocks = []
    for n, p in enumerate(passages, start=1):
        meta = f'n="{n}" outlet="{escape(p.source)}" date="{escape(p.published_at[:10])}" title="{escape(p.title)}"'
        blocks.append(f"<passage {meta}>\n{escape(p.text, quote=False)}\n</passage>")
    return "\n".join(blocks)
