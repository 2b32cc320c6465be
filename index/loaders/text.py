"""Plain-text and Markdown articles, with optional YAML front matter.

Without front matter the first non-empty line is the title and the rest the body.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from index.article import Article
from index.loaders.common import LoaderError, make_article, path_id

FRONT_MATTER_FIELDS = ("title", "source", "url", "author", "published_at", "date")


def load_text(path: Path, text: str) -> list[Article]:
    meta, body = split_front_matter(text, path.name)
    if not meta:
        lines = body.strip().split("\n", 1)
        meta = {"title": lines[0].lstrip("# ").strip()}
        body = lines[1] if len(lines) > 1 else ""
    fields = {key: meta.get(key) for key in FRONT_MATTER_FIELDS}
    fields["body"] = body
    return [make_article(fields, str(path), path_id(path))]


def split_front_matter(text: str, name: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        raise LoaderError(f"{name}: front matter starts with '---' but never ends")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise LoaderError(f"{name}: front matter is not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise LoaderError(f"{name}: front matter must be 'key: value' lines")
    rest = text[end + 4:]
    return meta, rest.split("\n", 1)[1] if "\n" in rest else ""
