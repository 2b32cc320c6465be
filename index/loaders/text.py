"""Plain-text and Markdown articles, with optional YAML front matter.

Without front matter the first non-empty line is the title and the rest the body.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from index.article import Article
from index.loaders.common import LoaderError, make_article, path_id

FRONT_MATTER_FIELDS = ("title", "source", "url", "author", "published_at", "date")
MAX_FRONT_MATTER_CHARS = 20_000


class NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors' aliases: nested aliases ("billion laughs") expand a few hundred
    bytes into gigabytes once the values are turned into text. Front matter never needs them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"alias *{event.anchor} is not allowed", event.start_mark)
        return super().compose_node(parent, index)


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
    if end > MAX_FRONT_MATTER_CHARS:
        raise LoaderError(f"{name}: front matter is {end:,} characters, over the {MAX_FRONT_MATTER_CHARS:,} limit")
    try:
        meta = yaml.load(text[4:end], Loader=NoAliasLoader) or {}
    except yaml.YAMLError as exc:
        detail = "uses YAML aliases (*name), which Newsdesk does not expand" if "alias" in str(exc) \
            else f"is not valid YAML ({exc.__class__.__name__})"
        raise LoaderError(f"{name}: front matter {detail}") from None
    if not isinstance(meta, dict):
        raise LoaderError(f"{name}: front matter must be 'key: value' lines")
    rest = text[end + 4:]
    return meta, rest.split("\n", 1)[1] if "\n" in rest else ""
