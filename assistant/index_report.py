"""The Index tab's report of one indexing run, article by article.

The indexer returns counts; which articles they were is read from the manifest before and after the run
(``snapshot``), and headlines from the retriever's catalog. Invariants: every headline, outlet, file name
and error is untrusted and leaves here only through ``render.verbatim``; the counts line always matches
the indexer's own counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from assistant.render import verbatim
from assistant.ui_state import example_question
from index.manifest import DuplicateRecord


@dataclass
class Snapshot:
    hashes: dict[str, str]  # article id → content hash
    duplicates: dict[str, DuplicateRecord]  # duplicate id → its record


def snapshot(manifest) -> Snapshot:
    return Snapshot({aid: r.content_hash for aid, r in manifest.records().items()}, manifest.duplicate_records())


def report_html(result, before: Snapshot | None, after: Snapshot | None, catalog, refused=()) -> str:
    if result is None and not refused:
        return '<div class="index-result">Nothing to index.</div>'
    headlines = article_headlines(catalog)
    sections = []
    if result is not None:
        sections.append(f'<p class="counts">{verbatim(counts_line(result))}</p>')
        if before is not None and after is not None:
            sections += article_sections(before, after, headlines)
    failed = [failure_line(f) for f in (result.failed if result else [])]
    failed += [str(line) for line in refused]
    if failed:
        sections.append(listing("Failed", failed, "failed"))
    passed = [f"{p.path}: {p.error}" for p in (result.skipped_paths if result else [])]
    if passed:
        sections.append(listing("Skipped", passed, "skipped"))
    return f'<div class="index-result">{"".join(sections)}</div>'


def failure_line(failure) -> str:
    """'name: reason', the name said once (most loaders' reasons already start with it)."""
    name = Path(failure.path).name or failure.path
    return failure.error if failure.error.startswith(f"{name}:") else f"{name}: {failure.error}"


def counts_line(result) -> str:
    return (f"Added {result.added}, updated {result.updated}, skipped {result.skipped}, "
            f"deleted {result.deleted}, failed {len(result.failed)}.")


def article_sections(before: Snapshot, after: Snapshot, headlines: dict) -> list[str]:
    added = [aid for aid in after.hashes if aid not in before.hashes]
    updated = [aid for aid, h in after.hashes.items() if aid in before.hashes and before.hashes[aid] != h]
    copies = [(aid, rec) for aid, rec in after.duplicates.items() if before.duplicates.get(aid) != rec]
    sections = []
    if added:
        sections.append(listing("Added", [headline(headlines, aid) for aid in added], "added",
                                [ask_about_link(headlines, aid) for aid in added]))
    if updated:
        sections.append(listing("Updated", [headline(headlines, aid) for aid in updated], "updated"))
    if copies:
        sections.append(listing("Duplicates (syndicated copies, not indexed again)",
                                [f"{Path(copy.origin).name or copy.origin}: a copy of "
                                 f"{headline(headlines, copy.canonical_id)}" for _, copy in copies], "duplicates"))
    return sections


def listing(title: str, items: list[str], kind: str, links: list[str] | None = None) -> str:
    links = links or [""] * len(items)
    rows = "".join(f"<li>{verbatim(item)}{link}</li>" for item, link in zip(items[:50], links))
    more = f"<li>… and {len(items) - 50} more</li>" if len(items) > 50 else ""
    return f'<div class="{kind}"><b>{verbatim(title)} ({len(items)})</b><ul>{rows}{more}</ul></div>'


def article_headlines(catalog) -> dict[str, tuple[str, str]]:
    if catalog is None:
        return {}
    catalog.refresh()
    return {a.article_id: (a.title, a.source) for a in catalog.articles()}


def ask_about_link(headlines: dict, article_id: str) -> str:
    """A link the page script turns into a question about the article in the Ask tab."""
    title, source = headlines.get(article_id, ("", ""))
    if not title:
        return ""
    return f' <a class="ask-about" href="#ask-{quote(example_question(source, title), safe="")}">Ask about it</a>'


def headline(headlines: dict, article_id: str) -> str:
    title, source = headlines.get(article_id, ("", ""))
    title = f"“{title}”" if title else article_id
    return f"{title} ({source})" if source else title
