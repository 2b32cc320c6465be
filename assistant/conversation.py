"""Follow-up questions become standalone questions before retrieval.

With an LLM configured it rewrites them (prompt ``prompts/condense.txt``); otherwise the previous
turn's people, organisations, outlets and dates are carried forward deterministically.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.evidence import NAME_LIKE

PRONOUN = re.compile(r"\b(he|she|him|her|they|them|it|his|its|their|this|that|these|those)\b", re.IGNORECASE)
FOLLOW_UP_START = re.compile(r"^\s*(and|also|what about|how about|why|so)\b", re.IGNORECASE)
SHORT_QUESTION_WORDS = 5
PERSON_PRONOUNS = {"he": "", "she": "", "him": "", "her": "", "his": "'s"}
MAX_CARRIED = 6
PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")


def is_follow_up(question: str) -> bool:
    return bool(PRONOUN.search(question) or FOLLOW_UP_START.search(question)
                or len(question.split()) <= SHORT_QUESTION_WORDS)


def previous_turn(history: Sequence[dict]) -> tuple[str, str]:
    """The last user question and the assistant reply after it (either may be empty)."""
    user, reply = "", ""
    for message in reversed(history):
        if message.get("role") == "assistant" and not reply and not user:
            reply = str(message.get("content") or "")
        elif message.get("role") == "user":
            user = str(message.get("content") or "")
            break
    return user, reply


def carried_entities(text: str) -> list[str]:
    names = [m.group(0) for m in NAME_LIKE.finditer(re.sub(r"\[\d+\]", "", text))]
    names += re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’\-]*", text)
    seen: list[str] = []
    for name in names:
        if name not in seen and not any(name in other for other in seen) and name not in {"The", "What", "Who",
                                                                                       "When", "How", "Why"}:
            seen.append(name)
    return seen[:MAX_CARRIED]


def condense_deterministic(question: str, history: Sequence[dict]) -> str:
    user, reply = previous_turn(history)
    if not (user or reply) or not is_follow_up(question):
        return question
    reply_names = PERSON.findall(re.sub(r"\[\d+\]", "", reply))
    standalone = question
    if reply_names:
        person = reply_names[0]
        standalone = re.sub(r"\b(he|she|him|her|his)\b",
                            lambda m: person + PERSON_PRONOUNS[m.group(1).lower()], question, count=1,
                            flags=re.IGNORECASE)
    context = [e for e in carried_entities(user + " " + reply[:300]) if e not in standalone]
    return f"{standalone} ({', '.join(context)})" if context else standalone


def condense_with_llm(question: str, history: Sequence[dict], chat_model) -> str:
    from langchain_core.output_parsers import StrOutputParser

    from assistant.prompts import condense_prompt

    if not history:
        return question
    transcript = "\n".join(f"{m.get('role')}: {m.get('content')}" for m in history[-6:])
    chain = condense_prompt() | chat_model | StrOutputParser()
    rewritten = chain.invoke({"history": transcript, "question": question}).strip().splitlines()
    return rewritten[0].strip() if rewritten and rewritten[0].strip() else question
