"""Newsdesk's chat window (Gradio): chat on the left, the evidence on the right, an Index tab to add articles.

``python app.py`` and ``newsdesk serve`` start the same app, on http://127.0.0.1:7860 by default.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from assistant.render import CSS
from index.settings import Settings, get_settings

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SEEDS = Path(__file__).resolve().parent / "seeds"
UPLOAD_TYPES = [".txt", ".md", ".json", ".jsonl", ".html", ".htm"]
EXAMPLES = ["When does the New START treaty expire?", "Who is Trump's Special Envoy for Ukraine and Russia?",
            "What did Putin say about Ukraine?", "Is Russia ready to discuss nuclear arms control?"]


class Services:
    """One embedder, one Chroma client, shared by asking and reindexing (reindexes run one at a time)."""

    def __init__(self, settings: Settings):
        from assistant.assistant import Assistant
        from assistant.retriever import NewsRetriever
        from index.embed import get_embedder
        from index.store import ChunkStore

        self.settings = settings
        self.embedder = get_embedder(settings)
        self.store = ChunkStore(settings)
        self.retriever = NewsRetriever(settings, embedder=self.embedder, store=self.store)
        self.assistant = Assistant(settings, self.retriever)
        self.reindex_lock = threading.Lock()

    def indexer(self):
        from index.pipeline import Indexer

        return Indexer(self.settings, embedder=self.embedder, store=self.store)

    def stats(self) -> dict:
        return self.retriever.catalog.manifest.stats()


def configured_generators(settings: Settings) -> list[str]:
    names = ["extractive"]
    if settings.llamacpp_model_path:
        names.append("llamacpp")
    names += [n for n in ("ollama", "openai") if os.environ.get(f"NEWSDESK_{n.upper()}_BASE_URL")]
    return names


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def build_app(settings: Settings | None = None):
    import gradio as gr

    from app_handlers import Handlers
    from assistant.render import sources_html

    services = Services(settings or get_settings())
    handlers = Handlers(services)
    outlets = list(services.stats()["sources"])
    with gr.Blocks(title="Newsdesk", analytics_enabled=False) as app:
        gr.Markdown("## Newsdesk — ask the news, check every source")
        with gr.Tab("Ask"):
            plain_history = gr.State([])
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Conversation", height=480, sanitize_html=True, elem_id="chat")
                    question = gr.Textbox(placeholder="Ask about the indexed articles…", show_label=False,
                                          elem_id="question", max_length=2000)
                    with gr.Row():
                        send = gr.Button("Ask", variant="primary", elem_id="ask-button")
                        clear = gr.Button("Clear conversation", elem_id="clear-button")
                    gr.Examples(EXAMPLES, inputs=question, label="Try")
                with gr.Column(scale=2):
                    sources = gr.HTML(sources_html(None), label="Sources", elem_id="sources")
            with gr.Accordion("Filters", open=False):
                outlet_filter = gr.Dropdown(outlets, multiselect=True, label="Outlets", elem_id="outlets")
                with gr.Row():
                    since = gr.Textbox(label="Published since (YYYY-MM-DD)", elem_id="since")
                    until = gr.Textbox(label="Published until (YYYY-MM-DD)", elem_id="until")
                generator = gr.Dropdown(configured_generators(services.settings), value="extractive",
                                        label="Answer generator", elem_id="generator")
            inputs = [question, chat, plain_history, outlet_filter, since, until, generator]
            outputs = [chat, plain_history, sources, question]
            send.click(handlers.respond, inputs, outputs, api_name=False, concurrency_limit=8)
            question.submit(handlers.respond, inputs, outputs, api_name=False, concurrency_limit=8)
            clear.click(lambda: ([], [], sources_html(None)), None, [chat, plain_history, sources], api_name=False)
        with gr.Tab("Index"):
            stats_view = gr.Markdown(handlers.stats_markdown(), elem_id="stats")
            uploads = gr.File(label=f"Upload articles (txt, md, json, jsonl, html; at most "
                                    f"{_megabytes(services.settings.max_upload_bytes)} each)", file_count="multiple",
                              file_types=UPLOAD_TYPES, elem_id="upload")
            upload_button = gr.Button("Index uploaded files", elem_id="index-upload")
            url = gr.Textbox(label="Article or RSS/Atom feed URL", elem_id="url")
            url_button = gr.Button("Index URL / feed", elem_id="index-url")
            folder = gr.Textbox(label="Folder on this machine", elem_id="folder")
            with gr.Row():
                folder_button = gr.Button("Reindex a folder", elem_id="index-folder")
                seeds_button = gr.Button("Reindex seeds/", elem_id="index-seeds")
            report = gr.Markdown(elem_id="index-report")
            index_outputs = [report, stats_view, outlet_filter]
            upload_button.click(handlers.index_uploads, uploads, index_outputs, api_name=False)
            url_button.click(handlers.index_url, url, index_outputs, api_name=False)
            folder_button.click(handlers.index_folder, folder, index_outputs, api_name=False)
            seeds_button.click(lambda progress=gr.Progress(): handlers.run_index([str(SEEDS)], progress),
                               None, index_outputs, api_name=False)
        gr.api(handlers.ask_api, api_name="ask")
        gr.api(handlers.index_api, api_name="index")
    return app


def serve(host: str | None = None, port: int | None = None) -> int:
    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    auth = None
    if host not in LOOPBACK:
        if ":" not in settings.auth:
            print(f"Refusing to serve on {host}: off loopback, Newsdesk requires a login. "
                  "Set NEWSDESK_AUTH=user:password (or bind to 127.0.0.1).", file=sys.stderr)
            return 2
        auth = tuple(settings.auth.split(":", 1))
    from assistant.host_guard import allowed_host_names, guard_hosts

    app = build_app(settings)
    app.queue(default_concurrency_limit=8)
    app.launch(server_name=host, server_port=port, auth=auth, share=False, show_error=True,
               max_file_size=settings.max_upload_bytes, css=CSS, prevent_thread_lock=False,
               **guard_hosts(app, allowed_host_names(host, settings.allowed_hosts)))
    return 0


if __name__ == "__main__":
    sys.exit(serve())
