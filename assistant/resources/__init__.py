"""Package data: the prompt templates and the seed articles, read through ``importlib.resources``.

The files live in the repository's top-level ``prompts/`` and ``seeds/`` rooms; ``prompts`` and ``seeds`` here
are relative symlinks to them, so a checkout, an editable install and a built wheel (where setuptools copies
the files in, see ``[tool.setuptools.package-data]``) all read them the same way. Nothing reads them through
``__file__`` or the working directory.
"""
from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def resource(*parts: str) -> Traversable:
    return files(__name__).joinpath(*parts)


def prompt_text(name: str) -> str:
    """One template from ``prompts/`` (e.g. ``answer_system.txt``)."""
    return resource("prompts", name).read_text(encoding="utf-8")


def seeds_dir() -> Path:
    """The seed articles' folder, as a filesystem path (what ``newsdesk index`` takes). The package is
    always installed as files (never zipped), so the traversable is a real folder."""
    folder = resource("seeds")
    if not isinstance(folder, Path):
        raise RuntimeError(f"the seed articles are not on the filesystem ({folder!r}); install newsdesk unzipped")
    return folder
