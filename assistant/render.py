"""HTML for the chat window.

Invariants:
- article text, titles, outlets, authors and urls are untrusted: everything is escaped, and the characters
  Markdown would act on become entities, so text shows verbatim wherever it lands;
- only Newsdesk's own ``[n]`` markers become links: a marker inside a quoted sentence stays text, and a
  marker must name one of the answer's citations;
- every anchor carries its turn: turn ``t2``'s card 1 is ``t2-source-1``, so older answers keep
  pointing at their own sources;
- only http(s) urls become links.
"""
from __future__ import annotations

import re
from dataclasses import asdict, is_dataclass
from html import escape

from assistant.text import CITATION_NUMBER

MARKDOWN_ACTIVE = {c: f"&#{ord(c)};" for c in "*_`~[]\\#|$<>&\"'!{}"}
KNOWN_FIELDS = {"text", "citations", "abstained", "unsupported", "timings", "question", "generator",
                "short_answer", "verdict", "abstain_reason"}


def verbatim(text: str) -> str:
    """Text as HTML that no Markdown or HTML parser turns into markup; newlines become <br>."""
    return "".join(MARKDOWN_ACTIVE.get(c, c) for c in text or "").replace("\n", "<br>")


def safe_url(url: str) -> str:
    return url if re.match(r"^https?://[^\s\"'<>]+$", url or "", re.IGNORECASE) else ""


def answer_record(answer) -> dict:
    """An Answer as plain data (every field, including ones added later), for state and storage."""
    return asdict(answer) if is_dataclass(answer) and not isinstance(answer, type) else dict(answer)


# --- one assistant message --------------------------------------------------------------------
def message_html(record: dict, turn: str, filter_note: str = "") -> str:
    """The answer, its numbered source chips, anything else the answer holds, and a Copy button."""
    parts = [f'<div class="answer" data-turn="{turn}">{answer_body(record, turn)}</div>', reason_html(record)]
    if filter_note:
        parts.append(f'<div class="filter-note">{verbatim(filter_note)}</div>')
    parts.append(chips_html(record, turn))
    parts.append(extra_fields_html(record))
    parts.append(f'<button class="copy-answer" type="button" data-turn="{turn}">Copy answer with sources</button>'
                 f'<pre class="plain-copy" hidden>{escape(plain_text(record, filter_note))}</pre>')
    return "".join(p for p in parts if p)


def answer_body(record: dict, turn: str) -> str:
    text, numbers = record.get("text", ""), {c["n"] for c in record.get("citations", [])}
    quoted = quoted_regions(text, record.get("citations", []))
    pieces, cursor = [], 0
    for match in CITATION_NUMBER.finditer(text):
        n = int(match.group(1))
        if n not in numbers or any(start <= match.start() < end for start, end in quoted):
            continue
        pieces += [verbatim(text[cursor:match.start()]), cite_link(turn, n)]
        cursor = match.end()
    pieces.append(verbatim(text[cursor:]))
    body = "".join(pieces)
    lead = verbatim(record.get("short_answer") or record.get("verdict") or "")
    if lead and body.startswith(lead):
        body = f"<strong>{lead}</strong>{body[len(lead):]}"
    return body + unsupported_html(record.get("unsupported", []))


def reason_html(record: dict) -> str:
    """Why an answer abstained, when the text does not already say it."""
    reason = (record.get("abstain_reason") or "").strip()
    if not reason or reason.lower().rstrip(".") in (record.get("text") or "").lower():
        return ""
    return f'<div class="abstain-reason">Why: {verbatim(reason)}</div>'


def quoted_regions(text: str, citations: list[dict]) -> list[tuple[int, int]]:
    """Where the answer quotes article sentences verbatim: brackets there are the article's, not ours."""
    regions = []
    for c in citations:
        for start, end in c.get("spans", []):
            sentence = c.get("text", "")[start:end]
            at = text.find(sentence) if sentence else -1
            while at >= 0:
                regions.append((at, at + len(sentence)))
                at = text.find(sentence, at + 1)
    return regions


def cite_link(turn: str, n: int) -> str:
    return f'<a class="cite" href="#{turn}-source-{n}" data-turn="{turn}" data-n="{n}">[{n}]</a>'


def unsupported_html(unsupported: list[dict]) -> str:
    if not unsupported:
        return ""
    dropped = "".join(f"<li><s>{verbatim(u['sentence'])}</s> — {verbatim(u['reason'])}</li>" for u in unsupported)
    return f'<div class="unsupported">⚠ Removed, not supported by the cited articles:<ul>{dropped}</ul></div>'


def chips_html(record: dict, turn: str) -> str:
    chips = "".join(f'<a class="chip" href="#{turn}-source-{c["n"]}" data-turn="{turn}" data-n="{c["n"]}">'
                    f'[{c["n"]}] {verbatim(chip_label(c))}</a>' for c in record.get("citations", []))
    return f'<div class="chips" aria-label="Sources">{chips}</div>' if chips else ""


def chip_label(c: dict) -> str:
    return " · ".join([c.get("source") or "No outlet", (c.get("published_at") or "")[:10] or "undated",
                       c.get("title") or "Untitled"])


def extra_fields_html(record: dict) -> str:
    """Whatever else an answer carries (an abstention reason, candidate sentences, an evidence table…)."""
    rows = []
    for name, value in record.items():
        if name in KNOWN_FIELDS or value in (None, "", [], {}, ()):
            continue
        rows.append(f'<details class="extra"><summary>{verbatim(name.replace("_", " ").capitalize())}</summary>'
                    f"{value_html(value)}</details>")
    return "".join(rows)


def value_html(value) -> str:
    if isinstance(value, dict):
        return "<ul>" + "".join(f"<li>{verbatim(str(k))}: {value_html(v)}</li>" for k, v in value.items()) + "</ul>"
    if isinstance(value, (list, tuple)):
        return "<ul>" + "".join(f"<li>{value_html(v)}</li>" for v in value) + "</ul>"
    return verbatim(str(value))


def plain_text(record: dict, filter_note: str = "") -> str:
    """What Copy gives: the answer as plain text, then its sources (outlet, date, headline, url)."""
    lines = [record.get("text", "")]
    if filter_note:
        lines.append(filter_note)
    citations = record.get("citations", [])
    if citations:
        lines += ["", "Sources:"]
        lines += [f"[{c['n']}] {c.get('source') or 'No outlet'}, {(c.get('published_at') or '')[:10] or 'undated'}, "
                  f"“{c.get('title') or 'Untitled'}”" + (f" {c['url']}" if c.get("url") else "") for c in citations]
    return "\n".join(lines)


# --- the sources panel ---------------------------------------------------------------------------
def sources_html(turns: list[dict], show: str | None = None) -> str:
    """Every turn's cards, one section per turn; only ``show`` (default: the latest) is visible."""
    if not turns:
        return '<div class="sources-empty">Each answer\'s sources appear here. Click a [n] or a source chip ' \
               'under any answer to see its cards.</div>'
    show = show or turns[-1]["id"]
    return "".join(turn_sources_html(t, hidden=t["id"] != show) for t in turns)


def turn_sources_html(turn: dict, hidden: bool) -> str:
    record, turn_id = turn["answer"], turn["id"]
    heading = f'<div class="turn-heading">Sources for: “{verbatim(turn.get("question", ""))}”</div>'
    if record.get("abstained"):
        body = (f'<div class="abstained"><b>The indexed articles don\'t cover this.</b>'
                f'<p>{verbatim(record.get("text", ""))}</p>{reason_html(record)}'
                f'<p>{verbatim(turn.get("note", ""))}</p></div>')
    else:
        body = "".join(card_html(c, turn_id) for c in record.get("citations", []))
    return (f'<section class="turn-sources" data-turn="{turn_id}" id="{turn_id}-sources"'
            f'{" hidden" if hidden else ""}>{heading}{body}</section>')


def card_html(c: dict, turn: str) -> str:
    url = safe_url(c.get("url", ""))
    title = verbatim(c.get("title") or "Untitled")
    headline = (f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer nofollow">{title}</a>' if url
                else title)
    meta = " · ".join(verbatim(x) for x in (c.get("source") or "No outlet", c.get("author"),
                                            (c.get("published_at") or "")[:10] or "undated") if x)
    return (f'<div class="source-card" id="{turn}-source-{c["n"]}" data-n="{c["n"]}">'
            f'<div class="source-n">[{c["n"]}]</div><div class="headline">{headline}</div>'
            f'<div class="meta">{meta}</div><div class="passage">{highlighted(c.get("text", ""), c.get("spans", []))}'
            f"</div></div>")


def highlighted(text: str, spans) -> str:
    parts, cursor = [], 0
    for start, end in sorted(tuple(s) for s in spans):
        if start < cursor:
            continue
        parts += [verbatim(text[cursor:start]), f"<mark>{verbatim(text[start:end])}</mark>"]
        cursor = end
    parts.append(verbatim(text[cursor:]))
    return "".join(parts)


def coverage_line(stats: dict) -> str:
    outlets = ", ".join(s or "(no outlet)" for s in list(stats["sources"])[:12])
    first, last = (stats["first_published"] or "")[:10], (stats["last_published"] or "")[:10]
    period = f"published {first} to {last}" if first else "with no publication dates"
    return f"The index holds {stats['articles']} articles {period}, from: {outlets or 'no outlets'}."


def answer_json(answer) -> dict:
    """What `ask --json` prints and the app's `ask` API returns: the answer's fields, plus ``plain_text``,
    the answer with its [n] markers and a source list (outlet, date, headline, url), as the chat's Copy
    gives it: text to paste, no HTML."""
    return {**answer.as_json(), "plain_text": plain_text(answer_record(answer))}
