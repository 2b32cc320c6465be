"""What the chat window's buttons do; kept apart from the layout in app.py.

Invariants: one conversation value ``{"chat", "history", "turns"}`` is the truth for the Ask tab: the
chat messages shown, the plain history follow-ups are condensed with, and each answered turn's record
(rendered into the sources panel). Every clear empties all three, and the browser's copy with them.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from html import escape
from pathlib import Path

import gradio as gr

from assistant.app_targets import split_targets
from assistant.filters import FilterError, is_active, parse_filters, validate_history
from assistant.index_report import report_html, snapshot
from assistant.llm import GeneratorUnavailable
from assistant.render import answer_json, answer_record, coverage_line, message_html, sources_html, verbatim
from assistant.ui_state import describe_filters, filters_line, overview, placeholder_markdown, to_stored, ui_wording
from index.article import LoadFailure
from services import Services

MAX_TURNS = 50  # kept in the browser; older turns drop off


def empty_conversation() -> dict:
    return {"chat": [], "history": [], "turns": []}


def well_formed(stored) -> bool:
    """A conversation read back from the browser is used only in the shape this module writes."""
    try:
        return (set(stored) == {"chat", "history", "turns"} and all(
            re.fullmatch(r"t\d+", t["id"]) and all(isinstance(c["n"], int) for c in t["answer"]["citations"])
            for t in stored["turns"]) and all(isinstance(m["content"], str) for m in stored["chat"]))
    except (TypeError, KeyError, AttributeError):
        return False


def next_turn(turns: list[dict]) -> int:
    return int(turns[-1]["id"][1:]) + 1 if turns else 1


def pick_example(evt: gr.SelectData) -> str:
    """An example question clicked in the empty chat goes to the question box (then it is asked)."""
    return evt.value["text"]


class Handlers:
    def __init__(self, services: Services):
        self.services = services

    # --- Ask ------------------------------------------------------------------------------------
    def respond(self, question, conversation, outlets, since, until, generator):
        """Yields (chat, conversation, stored conversation, sources panel, question box)."""
        conversation = conversation or empty_conversation()
        question = (question or "").strip()
        turns = list(conversation["turns"])
        if not question:
            yield conversation["chat"], conversation, gr.skip(), sources_html(turns), ""
            return
        chat = list(conversation["chat"]) + [{"role": "user", "content": verbatim(question)},
                                             {"role": "assistant", "content": "…"}]
        try:
            filters = parse_filters(to_stored(outlets), since, until)
        except FilterError as exc:
            chat[-1]["content"] = f'<div class="filter-error">{verbatim(ui_wording(exc))}</div>'
            yield chat, {**conversation, "chat": chat}, gr.skip(), sources_html(turns), question
            return
        yield chat, conversation, gr.skip(), sources_html(turns), ""
        try:
            yield from self._stream_answer(question, conversation, chat, turns, filters, outlets, generator)
        except GeneratorUnavailable as exc:  # an LLM server that is down is said in the chat, not as a traceback
            chat[-1]["content"] = f'<div class="answer-error">{verbatim(str(exc))}</div>'
            yield chat, {**conversation, "chat": chat}, gr.skip(), sources_html(turns), question

    def _stream_answer(self, question, conversation, chat, turns, filters, outlets, generator):
        written, history = "", conversation["history"]
        for piece in self.services.assistant.stream(question, history, filters, generator or None):
            if piece.text:
                written += piece.text
                chat[-1]["content"] = verbatim(written)
                yield chat, conversation, gr.skip(), gr.skip(), ""
            if piece.answer:
                turn = self.turn(question, piece.answer, history, filters, outlets, generator, next_turn(turns))
                chat[-1]["content"] = message_html(turn["answer"], turn["id"], turn["note"] if
                                                   turn["filter_caused"] else "")
                turns = (turns + [turn])[-MAX_TURNS:]
                history = list(history) + [{"role": "user", "content": question},
                                           {"role": "assistant", "content": piece.answer.text}]
                conversation = {"chat": chat, "history": history, "turns": turns}
                yield chat, conversation, conversation, sources_html(turns), ""

    def turn(self, question, answer, history, filters, outlets, generator, number: int) -> dict:
        """One answered turn: its record, and for an abstention why (the filters, or what the index holds)."""
        note, filter_caused = "", False
        if answer.abstained:
            note = self.filter_note(question, history, filters, outlets, generator)
            filter_caused = bool(note)
            note = note or coverage_line(self.services.stats())
        return {"id": f"t{number}", "question": question, "answer": answer_record(answer), "note": note,
                "filter_caused": filter_caused}

    def filter_note(self, question, history, filters, outlets, generator) -> str:
        if not is_active(filters):
            return ""
        described = describe_filters(outlets, filters)
        if not self.matching_articles(filters):
            return f"No indexed article matches your filters ({described}). Clear or widen them and ask again."
        unfiltered = self.services.assistant.ask(question, history, None, generator or None)
        if unfiltered.abstained:
            return ""
        return (f"Your filters ({described}) left out the articles that answer this; "
                "without them the index has an answer. Clear the filters and ask again.")

    def matching_articles(self, filters) -> int:
        catalog = self.services.catalog
        catalog.refresh()
        since = filters.since.isoformat()[:19] if filters.since else ""
        until = filters.until.isoformat()[:19] if filters.until else ""
        matching = set()
        for p in catalog.articles():
            if filters.sources and p.source not in filters.sources:
                continue
            if (since or until) and not p.published_at:
                continue
            if (since and p.published_at[:19] < since) or (until and p.published_at[:19] > until):
                continue
            matching.add(p.article_id)
        return len(matching)

    def clear(self):
        """The trash icon and "New conversation": chat, history, sources panel and the browser's copy."""
        empty = empty_conversation()
        return [], empty, empty, sources_html([]), ""

    def restore(self, stored, outlets=None, since=None, until=None):
        """On page load: the stored conversation, and everything about the index computed now."""
        conversation = stored if well_formed(stored) else empty_conversation()
        return (self.chat_update(conversation["chat"]), conversation, sources_html(conversation["turns"]),
                *self.live_state(outlets, since, until))

    def live_state(self, outlets=None, since=None, until=None):
        """(filters line, outlet choices, stats) as the index is now."""
        view = overview(self.services)
        choices = view.outlet_choices()
        kept = [o for o in (outlets or []) if o in {value for _, value in choices}]
        return (filters_line(view, kept, since, until), gr.Dropdown(choices=choices, value=kept),
                self.stats_markdown())

    def chat_update(self, messages=None):
        view = overview(self.services)
        examples = [{"text": q} for q in view.example_questions()]
        if messages is None:
            return gr.Chatbot(placeholder=placeholder_markdown(view), examples=examples)
        return gr.Chatbot(value=messages, placeholder=placeholder_markdown(view), examples=examples)

    def filters_changed(self, outlets, since, until) -> str:
        return filters_line(overview(self.services), outlets, since, until)

    def ask_api(self, question: str, history: list | None = None) -> dict:
        """The `ask` endpoint: the same JSON object as `newsdesk ask --json` (``plain_text`` included)."""
        history = validate_history(history or [])
        return answer_json(self.services.assistant.ask(question, history))

    # --- Index ----------------------------------------------------------------------------------
    def index_api(self, targets: list) -> dict:
        """The `index` endpoint: uploaded files (``gradio_client.handle_file``) and http(s) URLs in, the same
        JSON as `newsdesk index --json` out. Server paths only with NEWSDESK_APP_INDEX_FOLDERS=true."""
        if not isinstance(targets, list):
            raise ValueError("targets must be a list of uploaded files or URLs")
        settings = self.services.settings
        accepted, uploads, refused = split_targets(targets, settings.ui.index_folders)
        saved, too_big = save_uploads(uploads, settings.home / "uploads", settings.ui.max_upload_bytes)
        with self.services.reindex_lock:
            result = self.services.indexer().run(accepted + saved)
        result.failed += refused + [LoadFailure("upload", line) for line in too_big]
        return result.as_json()

    def stats_markdown(self) -> str:
        stats = self.services.stats()
        outlets = ", ".join(f"{name or '(no outlet)'} ({n})" for name, n in stats["sources"].items()) or "none"
        return (f"**Articles:** {stats['articles']} · **Chunks:** {stats['chunks']} · "
                f"**Syndicated copies:** {stats['duplicates']}  \n"
                f"**Published:** {(stats['first_published'] or '-')[:10]} … {(stats['last_published'] or '-')[:10]}"
                f"  \n**Last reindex:** {stats['last_indexed'] or 'never'}  \n**Outlets:** {verbatim(outlets)}")

    def run_index(self, targets: list[str], progress=None, refused: list[str] | None = None):
        """Index, with progress shown on the report; the report lists each article by headline."""
        def report_progress(done: int, total: int) -> None:
            if progress is not None:
                progress(done / max(total, 1), desc=f"Indexing {done}/{total} articles")

        result = before = after = None
        if targets:
            if progress is not None:
                progress(0, desc=f"Reading {len(targets)} {'item' if len(targets) == 1 else 'items'}…")
            with self.services.reindex_lock:
                indexer = self.services.indexer()
                before = snapshot(indexer.manifest)
                result = indexer.run(targets, progress=report_progress)
                after = snapshot(indexer.manifest)
        return report_html(result, before, after, self.services.catalog, refused or [])

    def after_index(self, outlets, since, until):
        """What changes once an index action finishes: filter line, outlets, stats, the empty chat's examples."""
        return (*self.live_state(outlets, since, until), self.chat_update())

    def index_uploads(self, files, progress=None):
        paths = [f if isinstance(f, str) else f.name for f in (files or [])]
        saved, refused = save_uploads(paths, self.services.settings.home / "uploads",
                                      self.services.settings.ui.max_upload_bytes)
        return self.run_index(saved, progress, refused)

    def index_url(self, url: str, progress=None):
        url = (url or "").strip()
        if not url.lower().startswith(("http://", "https://")):
            return self.run_index([], progress, ["Enter an http(s) URL of an article or an RSS/Atom feed."])
        return self.run_index([url], progress)

    def index_folder(self, folder: str, progress=None):
        if not self.services.settings.ui.index_folders:
            return self.run_index([], progress, ["Folders on the server are indexed from the command line "
                                                 "(`newsdesk index FOLDER`); upload files or enter a URL here."])
        path = Path((folder or "").strip()).expanduser()
        if not folder or not path.is_dir():
            return self.run_index([], progress, [f"{escape(str(folder or ''))}: not a folder on this machine."])
        return self.run_index([str(path)], progress)


def save_uploads(paths: list[str], folder: Path, limit: int) -> tuple[list[str], list[str]]:
    """Copy uploads into NEWSDESK_HOME/uploads (kept, so reindex and prune see them); refuse oversized ones; a
    file chosen twice (the same name and content) is kept once."""
    folder.mkdir(parents=True, exist_ok=True)
    saved, refused = [], []
    for path in paths:
        name = Path(path).name
        if Path(path).stat().st_size > limit:
            refused.append(f"{escape(name)}: larger than the {limit:,}-byte upload limit")
            continue
        target = folder / _digest(path) / name  # same-named uploads with different content stay apart
        if str(target) in saved:
            continue  # the same file chosen twice in one batch is indexed, and reported, once
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, target)
        saved.append(str(target))
    return saved, refused


def _digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]
