"""HTML for the chat window. Article text, titles, outlets and urls are untrusted: everything is
escaped, and only http(s) urls become links."""
from __future__ import annotations

import re
from html import escape

from assistant.answer import Answer, Citation

MARKER = re.compile(r"\[(\d+)\]")


def safe_url(url: str) -> str:
    return url if re.match(r"^https?://[^\s\"'<>]+$", url or "", re.IGNORECASE) else ""


def answer_html(answer_text: str, unsupported=(), short_answer: str = "") -> str:
    """Escaped answer text; each [n] becomes a link to its source card; a leading short answer is bold;
    unsupported sentences are marked."""
    body = MARKER.sub(lambda m: f'<a class="cite" href="#source-{m.group(1)}">[{m.group(1)}]</a>', escape(answer_text))
    lead = escape(short_answer)
    if lead and body.startswith(lead):
        body = f"<strong>{lead}</strong>{body[len(lead):]}"
    if unsupported:
        dropped = "".join(f"<li><s>{escape(u.sentence)}</s> — {escape(u.reason)}</li>" for u in unsupported)
        body += f'<div class="unsupported">⚠ Removed, not supported by the cited articles:<ul>{dropped}</ul></div>'
    return body


def sources_html(answer: Answer | None, coverage: str = "") -> str:
    if answer is None:
        return '<div class="sources-empty">Sources for the latest answer appear here.</div>'
    if answer.abstained:
        return (f'<div class="abstained"><b>The indexed articles don\'t cover this.</b>'
                f"<p>{escape(answer.text)}</p><p>{escape(coverage)}</p></div>")
    return "".join(card_html(c) for c in answer.citations)


def card_html(c: Citation) -> str:
    url = safe_url(c.url)
    title = escape(c.title or "Untitled")
    headline = f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer nofollow">{title}</a>' if url else title
    meta = " · ".join(escape(x) for x in (c.source or "Unknown outlet", c.author, c.published_at[:10] or "undated") if x)
    return (f'<div class="source-card" id="source-{c.n}"><div class="source-n">[{c.n}]</div>'
            f'<div class="headline">{headline}</div><div class="meta">{meta}</div>'
            f'<div class="passage">{highlighted(c.text, c.spans)}</div></div>')


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    parts, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        parts += [escape(text[cursor:start]), f"<mark>{escape(text[start:end])}</mark>"]
        cursor = end
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def coverage_line(stats: dict) -> str:
    outlets = ", ".join(s or "(no outlet)" for s in list(stats["sources"])[:12])
    first, last = (stats["first_published"] or "")[:10], (stats["last_published"] or "")[:10]
    period = f"published {first} to {last}" if first else "with no publication dates"
    return f"The index holds {stats['articles']} articles {period}, from: {outlets or 'no outlets'}."


CSS = """
.source-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; margin-bottom: 10px; }
.source-card:target { border-color: #d97706; box-shadow: 0 0 0 3px #fde68a; }
.source-n { font-weight: bold; color: #b45309; }
.headline { font-weight: 600; margin: 2px 0; }
.meta { color: #57606a; font-size: 0.9em; margin-bottom: 6px; }
.passage { white-space: pre-wrap; font-size: 0.95em; }
.passage mark { background: #fde68a; }
.unsupported { color: #9a3412; margin-top: 8px; font-size: 0.9em; }
.abstained { border-left: 4px solid #9ca3af; padding-left: 10px; }
"""
