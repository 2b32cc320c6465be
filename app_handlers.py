"""What the chat window's buttons do; kept apart from the layout in app.py."""
from __future__ import annotations

import hashlib
import shutil
from html import escape
from pathlib import Path

from assistant.render import answer_html, coverage_line, sources_html
from index.article import LoadFailure


class Handlers:
    def __init__(self, services):
        self.services = services

    # --- Ask ------------------------------------------------------------------------------------
    def respond(self, question, chat, plain_history, outlets, since, until, generator):
        from assistant.cli_answer import build_filters

        question = (question or "").strip()
        if not question:
            yield chat, plain_history, sources_html(None), ""
            return
        chat = list(chat or []) + [{"role": "user", "content": escape(question)},
                                   {"role": "assistant", "content": "…"}]
        try:
            filters = build_filters(outlets or [], since or None, until or None, None)
        except ValueError as exc:
            chat[-1]["content"] = escape(str(exc))
            yield chat, plain_history, sources_html(None), ""
            return
        yield chat, plain_history, sources_html(None), ""
        written = ""
        for piece in self.services.assistant.stream(question, plain_history, filters, generator or None):
            if piece.text:
                written += piece.text
                chat[-1]["content"] = escape(written)
                yield chat, plain_history, sources_html(None), ""
            if piece.answer:
                answer = piece.answer
                chat[-1]["content"] = answer_html(answer.text, answer.unsupported, answer.short_answer)
                history = list(plain_history) + [{"role": "user", "content": question},
                                                 {"role": "assistant", "content": answer.text}]
                coverage = coverage_line(self.services.stats()) if answer.abstained else ""
                yield chat, history, sources_html(answer, coverage), ""

    def ask_api(self, question: str, history: list | None = None) -> dict:
        """The `ask` endpoint: the same JSON object as `newsdesk ask --json`."""
        from assistant.cli_answer import validate_history

        history = validate_history(history or [])
        return self.services.assistant.ask(question, history).as_json()

    # --- Index ----------------------------------------------------------------------------------
    def index_api(self, targets: list) -> dict:
        """The `index` endpoint: uploaded files (``gradio_client.handle_file``) and http(s) URLs in, the same
        JSON as `newsdesk index --json` out. Server paths only with NEWSDESK_APP_INDEX_FOLDERS=true."""
        if not isinstance(targets, list):
            raise ValueError("targets must be a list of uploaded files or URLs")
        from assistant.app_targets import split_targets

        settings = self.services.settings
        accepted, uploads, refused = split_targets(targets, settings.app_index_folders)
        saved, too_big = save_uploads(uploads, settings.home / "uploads", settings.max_upload_bytes)
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
                f"  \n**Last reindex:** {stats['last_indexed'] or 'never'}  \n**Outlets:** {escape(outlets)}")

    def run_index(self, targets: list[str], progress=None, refused: list[str] | None = None):
        import gradio as gr

        def report_progress(done: int, total: int) -> None:
            if progress is not None:
                progress(done / max(total, 1), desc=f"Indexing {done}/{total} articles")

        with self.services.reindex_lock:
            result = self.services.indexer().run(targets, progress=report_progress) if targets else None
        lines = []
        if result:
            lines.append(f"Added {result.added}, updated {result.updated}, skipped {result.skipped}, "
                         f"deleted {result.deleted}, failed {len(result.failed)}.")
            lines += [f"- ✗ `{escape(Path(f.path).name)}`: {escape(f.error)}" for f in result.failed]
        lines += [f"- ✗ {line}" for line in refused or []]
        outlets = list(self.services.stats()["sources"])
        return "\n".join(lines) or "Nothing to index.", self.stats_markdown(), gr.Dropdown(choices=outlets)

    def index_uploads(self, files, progress=None):
        paths = [f if isinstance(f, str) else f.name for f in (files or [])]
        saved, refused = save_uploads(paths, self.services.settings.home / "uploads",
                                      self.services.settings.max_upload_bytes)
        return self.run_index(saved, progress, refused)

    def index_url(self, url: str, progress=None):
        url = (url or "").strip()
        if not url.lower().startswith(("http://", "https://")):
            return self.run_index([], progress, ["Enter an http(s) URL of an article or an RSS/Atom feed."])
        return self.run_index([url], progress)

    def index_folder(self, folder: str, progress=None):
        if not self.services.settings.app_index_folders:
            return self.run_index([], progress, ["Folders on the server are indexed from the command line "
                                                 "(`newsdesk index FOLDER`); upload files or enter a URL here."])
        path = Path((folder or "").strip()).expanduser()
        if not folder or not path.is_dir():
            return self.run_index([], progress, [f"{escape(str(folder or ''))}: not a folder on this machine."])
        return self.run_index([str(path)], progress)


def save_uploads(paths: list[str], folder: Path, limit: int) -> tuple[list[str], list[str]]:
    """Copy uploads into NEWSDESK_HOME/uploads (kept, so reindex and prune see them); refuse oversized ones."""
    folder.mkdir(parents=True, exist_ok=True)
    saved, refused = [], []
    for path in paths:
        name = Path(path).name
        if Path(path).stat().st_size > limit:
            refused.append(f"{escape(name)}: larger than the {limit:,}-byte upload limit")
            continue
        target = folder / _digest(path) / name  # same-named uploads with different content stay apart
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
