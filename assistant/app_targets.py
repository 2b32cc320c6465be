"""What the app's `index` endpoint may index: http(s) URLs and files uploaded through Gradio.

Invariant: a request to the app never names a file or folder on the server and gets it indexed,
unless the operator turned on ``NEWSDESK_APP_INDEX_FOLDERS``. An "uploaded file" is accepted only
when its path lies inside Gradio's upload folder (a client can send any path in a FileData payload).
"""
from __future__ import annotations

from pathlib import Path

from index.article import LoadFailure
from index.loaders.common import is_http_url

SERVER_PATHS_REFUSED = ("files and folders on the server are indexed from the command line "
                        "(`newsdesk index PATH`); upload the file or give an http(s) URL")


def upload_folder() -> Path:
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


def split_targets(targets: list, allow_server_paths: bool) -> tuple[list[str], list[str], list[LoadFailure]]:
    """(URLs and allowed server paths, uploaded file paths, refusals) of the endpoint's ``targets``."""
    accepted: list[str] = []
    uploads: list[str] = []
    refused: list[LoadFailure] = []
    for target in targets:
        if isinstance(target, dict) and isinstance(target.get("path"), str):
            path = Path(target["path"]).resolve()
            if path.is_relative_to(upload_folder()) and path.is_file():
                uploads.append(str(path))
            else:
                refused.append(LoadFailure(str(target.get("orig_name") or path.name)[:200],
                                           "not a file uploaded to this app; " + SERVER_PATHS_REFUSED))
        elif isinstance(target, str) and (is_http_url(target) or allow_server_paths):
            accepted.append(target)
        else:
            refused.append(LoadFailure(str(target)[:200], SERVER_PATHS_REFUSED))
    return accepted, uploads, refused
