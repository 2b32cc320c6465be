"""Newsdesk's chat window (Gradio): chat on the left, the evidence on the right, an Index tab to add articles.

``python app.py`` and ``newsdesk serve`` start the same app, on http://127.0.0.1:7860 by default.
"""
from __future__ import annotations

import sys
import threading

import gradio as gr

from app_handlers import Handlers, empty_conversation, pick_example
from assistant.host_guard import allowed_host_names, guard_hosts
from assistant.login_guard import login_message, login_throttle
from assistant.nlp import warm_up
from assistant.render import sources_html
from assistant.resources import seeds_dir
from assistant.ui_assets import CSS, SCRIPT
from services import Services
from settings import Settings, get_settings, offline_environment

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SEEDS = seeds_dir()  # package data (the repo's seeds/ in a checkout)
UPLOAD_TYPES = [".txt", ".md", ".json", ".jsonl", ".html", ".htm", ".pdf", ".docx"]


def configured_generators(settings: Settings) -> list[str]:
    """The generators the chat window offers: extractive, and each LLM one set up in ``settings.llm``."""
    return ["extractive", *settings.llm.configured()]


def ask_tab_layout(gr, services) -> dict:
    """The Ask tab: what is searched and the filters above the chat, the question box, sources on the right."""

    c = {"conversation": gr.State(empty_conversation()),
         "stored": gr.BrowserState(empty_conversation(), storage_key="newsdesk-conversation")}
    with gr.Row():
        with gr.Column(scale=3):
            c["overview"] = gr.HTML("", elem_id="active-filters")
            with gr.Row():
                c["outlets"] = gr.Dropdown([], multiselect=True, label="Outlets", elem_id="outlets", scale=3)
                c["since"] = gr.Textbox(label="Published since", placeholder="YYYY-MM-DD", elem_id="since", scale=1)
                c["until"] = gr.Textbox(label="Published until", placeholder="YYYY-MM-DD", elem_id="until", scale=1)
                c["generator"] = gr.Dropdown(configured_generators(services.settings), value="extractive",
                                             label="Answer generator", elem_id="generator", scale=1)
            c["chat"] = gr.Chatbot(label="Conversation", height=460, sanitize_html=True, elem_id="chat",
                                   render_markdown=False, latex_delimiters=[], buttons=[], feedback_options=None)
            with gr.Row():
                c["question"] = gr.Textbox(placeholder="Ask about the indexed articles…", show_label=False,
                                           elem_id="question", max_length=2000, scale=6)
                c["send"] = gr.Button("Ask", variant="primary", elem_id="ask-button", scale=1, min_width=80)
                c["new"] = gr.Button("New conversation", elem_id="new-conversation", scale=2, min_width=170)
        with gr.Column(scale=2):
            c["sources"] = gr.HTML(sources_html([]), label="Sources", elem_id="sources")
    return c


def wire_ask_tab(gr, app, handlers, c: dict, stats_view) -> None:
    """Asking, clearing (trash icon and button), examples, live filter line, and restore on page load."""

    filters = [c["outlets"], c["since"], c["until"]]
    inputs = [c["question"], c["conversation"], *filters, c["generator"]]
    outputs = [c["chat"], c["conversation"], c["stored"], c["sources"], c["question"]]
    c["send"].click(handlers.respond, inputs, outputs, api_name=False, concurrency_limit=8)
    c["question"].submit(handlers.respond, inputs, outputs, api_name=False, concurrency_limit=8)
    clear_outputs = [c["chat"], c["conversation"], c["stored"], c["sources"], c["question"]]
    c["new"].click(handlers.clear, None, clear_outputs, api_name=False)
    c["chat"].clear(handlers.clear, None, clear_outputs, api_name=False)
    c["chat"].example_select(pick_example, None, c["question"], api_name=False).then(
        handlers.respond, inputs, outputs, api_name=False)
    for box in filters:
        box.change(handlers.filters_changed, filters, c["overview"], api_name=False, show_progress="hidden")
    live = [c["overview"], c["outlets"], stats_view]
    app.load(handlers.restore, [c["stored"], *filters], [c["chat"], c["conversation"], c["sources"], *live],
             api_name=False, show_progress="hidden")
    c["live"] = live


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def build_app(settings: Settings | None = None):


    services = Services(settings or get_settings()).ready()
    handlers = Handlers(services)
    with gr.Blocks(title="Newsdesk", analytics_enabled=False) as app:
        gr.Markdown("## Newsdesk — ask the news, check every source")
        with gr.Tab("Ask"):
            ask_tab = ask_tab_layout(gr, services)
        with gr.Tab("Index"):
            stats_view = gr.Markdown(handlers.stats_markdown(), elem_id="stats")
            uploads = gr.File(label=f"Upload articles (txt, md, json, jsonl, html, pdf, docx; at most "
                                    f"{_megabytes(services.settings.ui.max_upload_bytes)} each)", file_count="multiple",
                              file_types=UPLOAD_TYPES, elem_id="upload")
            upload_button = gr.Button("Index uploaded files", elem_id="index-upload")
            upload_report = gr.HTML(elem_id="index-report", elem_classes=["index-report"])
            url = gr.Textbox(label="Article or RSS/Atom feed URL", elem_id="url")
            url_button = gr.Button("Index URL / feed", elem_id="index-url")
            url_report = gr.HTML(elem_id="url-report", elem_classes=["index-report"])
            folders = services.settings.ui.index_folders  # off: the folder controls would only refuse
            folder = gr.Textbox(label="Folder on this machine", elem_id="folder", visible=folders)
            with gr.Row():
                folder_button = gr.Button("Reindex a folder", elem_id="index-folder", visible=folders)
                seeds_button = gr.Button("Reindex seeds/", elem_id="index-seeds")
            report = gr.HTML(elem_id="folder-report", elem_classes=["index-report"])
        wire_ask_tab(gr, app, handlers, ask_tab, stats_view)
        def with_stats(report: str) -> tuple[str, str]:  # the counts change with the report, not a moment later
            return report, handlers.stats_markdown()

        after = dict(fn=handlers.after_index, inputs=[ask_tab["outlets"], ask_tab["since"], ask_tab["until"]],
                     outputs=[*ask_tab["live"], ask_tab["chat"]], api_name=False, show_progress="hidden")
        upload_button.click(lambda files, progress=gr.Progress(): with_stats(handlers.index_uploads(files, progress)),
                            uploads, [upload_report, stats_view], api_name=False).then(
            lambda: None, None, uploads, api_name=False, show_progress="hidden").then(**after)
        url_button.click(lambda u, progress=gr.Progress(): with_stats(handlers.index_url(u, progress)), url,
                         [url_report, stats_view], api_name=False).then(**after)
        folder_button.click(lambda f, progress=gr.Progress(): with_stats(handlers.index_folder(f, progress)), folder,
                            [report, stats_view], api_name=False).then(**after)
        seeds_button.click(lambda progress=gr.Progress(): with_stats(handlers.run_index([str(SEEDS)], progress)),
                           None, [report, stats_view], api_name=False).then(**after)
        gr.api(handlers.ask_api, api_name="ask")
        gr.api(handlers.index_api, api_name="index")
    return app


def serve(host: str | None = None, port: int | None = None) -> int:
    settings = get_settings()
    host, port = host or settings.ui.host, port or settings.ui.port
    auth = tuple(settings.ui.auth.split(":", 1)) if ":" in settings.ui.auth else None
    if host not in LOOPBACK and auth is None:
        print(f"Refusing to serve on {host}: off loopback, Newsdesk requires a login. "
              "Set NEWSDESK_AUTH=user:password (or bind to 127.0.0.1).", file=sys.stderr)
        return 2

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()  # while the page first loads
    app = build_app(settings)
    app.queue(default_concurrency_limit=8)
    guarded = guard_hosts(app, allowed_host_names(host, settings.ui.allowed_hosts))
    guarded["app_kwargs"]["middleware"].append(login_throttle(settings.ui.login_attempts, settings.ui.login_window_s))
    app.launch(server_name=host, server_port=port, auth=auth, share=False, show_error=True,
               auth_message=login_message(settings.ui.login_attempts, settings.ui.login_window_s),
               max_file_size=settings.ui.max_upload_bytes, css=CSS, head=SCRIPT, prevent_thread_lock=False, **guarded)
    return 0


if __name__ == "__main__":
    offline_environment()
    sys.exit(serve())
