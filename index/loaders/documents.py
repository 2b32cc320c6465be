"""PDF (pypdf) and DOCX (python-docx) articles: the text a newsroom's documents carry.

Invariants: every problem with one document (damaged, encrypted, empty, a scan without a text layer, not
really that format) is a LoaderError naming the file, so it fails alone and the rest of a batch goes on;
title, author and date come from the document's own metadata where present, else the first line is the
title; a PDF is parsed under the same time budget as an HTML page, and a DOCX is refused before parsing
when its zip would expand past a cap (a zip bomb), so no document can hang or exhaust the indexer.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from index.article import Article
from index.loaders.budget import run_bounded
from index.loaders.common import LoaderError, make_article, path_id

MAX_DOCX_EXPANDED_BYTES = 100_000_000
# python-docx's blank template stamps every document it makes with these; they say nothing about the article
TEMPLATE_AUTHOR, TEMPLATE_CREATED = "python-docx", datetime(2013, 12, 23, 23, 15, tzinfo=timezone.utc)
_SENTENCE_END = tuple(".!?:;\"'”’)…")
SHORT_LINE = 0.7  # of the page's longest line: shorter lines end a paragraph
log = logging.getLogger(__name__)


def load_pdf(path: Path, data: bytes, budget_s: float) -> list[Article]:
    fields = run_bounded(pdf_fields, (data, path.name), len(data), budget_s, path.name)
    return [_article(fields, path)]


def load_docx(path: Path, data: bytes) -> list[Article]:
    return [_article(docx_fields(data, path.name), path)]


def _article(fields: dict, path: Path) -> Article:
    """The first line is the title when the metadata has none, and is dropped when it repeats the title."""
    first, _, rest = fields["body"].strip().partition("\n")
    title = (fields.get("title") or "").strip()
    if rest.strip() and (not title or first.strip().casefold() == title.casefold()):
        fields = {**fields, "title": title or first.strip(), "body": rest}
    return make_article(fields, str(path), path_id(path))


# --- PDF ---------------------------------------------------------------------------------------------
def pdf_fields(data: bytes, name: str) -> dict:
    """Title, author, date and body text of a PDF (picklable in and out: this may run in a worker)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is reported once, as a LoaderError
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise LoaderError(f"{name}: not a PDF (it does not start with %PDF); is it really a .pdf file?")
    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(reader, name)
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = _pdf_metadata(reader)
    except LoaderError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged input; each is this one file's problem
        raise LoaderError(f"{name}: a damaged or unreadable PDF ({exc.__class__.__name__}: {str(exc)[:200]})") from exc
    body = "\n".join(_paragraphs(page) for page in pages).strip()
    if not body:
        kind = "has no pages" if not pages else "has no text layer (a scanned image?); run OCR on it first"
        raise LoaderError(f"{name}: the PDF {kind}")
    return {**meta, "body": body}


def _unlock(reader, name: str) -> None:
    if not reader.is_encrypted:
        return
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")  # restrictions-only PDFs open with the empty user password
    except DependencyError:
        raise LoaderError(f"{name}: the PDF is encrypted with AES, which this installation cannot open "
                          "(install the 'cryptography' package), or save it without encryption") from None
    if not opened:
        raise LoaderError(f"{name}: the PDF is password-protected; save a copy without the password and "
                          "index that")


def _pdf_metadata(reader) -> dict:
    info = reader.metadata
    if info is None:
        return {}
    try:
        published = info.creation_date
    except Exception:  # a malformed /CreationDate is no date, not a failed file
        log.debug("unreadable PDF creation date", exc_info=True)
        published = None
    return {"title": str(info.title or ""), "author": str(info.author or ""), "published_at": published}


def _paragraphs(text: str) -> str:
    """Re-join the lines a PDF wraps. A line ends its paragraph when it ends a sentence or is clearly
    shorter than the page's longest line (a headline, the last line of a paragraph); a hyphen at a line's
    end joins the word. Cleaning later drops short lines as captions, so wrapped lines must not stay apart."""
    lines = [line.strip() for line in text.splitlines()]
    short = SHORT_LINE * max((len(line) for line in lines), default=0)
    out: list[str] = []
    open_paragraph = False
    for line in lines:
        if open_paragraph and line:
            out[-1] = out[-1] + line if out[-1].endswith("-") else f"{out[-1]} {line}"
        elif line:
            out.append(line)
        open_paragraph = bool(line) and not line.endswith(_SENTENCE_END) and len(line) >= short
    return "\n".join(out)


# --- DOCX --------------------------------------------------------------------------------------------
def docx_fields(data: bytes, name: str) -> dict:
    import docx

    _check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx: KeyError, ValueError, lxml errors... on a damaged package
        raise LoaderError(f"{name}: a damaged or unreadable DOCX "
                          f"({exc.__class__.__name__}: {str(exc)[:200]})") from exc
    body = "\n".join(_docx_blocks(document)).strip()
    if not body:
        raise LoaderError(f"{name}: the document has no text")
    props = document.core_properties
    author = "" if props.author == TEMPLATE_AUTHOR else props.author
    created = None if props.created == TEMPLATE_CREATED else props.created
    return {"title": props.title, "author": author, "published_at": created, "body": body}


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            expanded = sum(item.file_size for item in package.infolist())
    except zipfile.BadZipFile:
        raise LoaderError(f"{name}: not a DOCX (not a zip package); an old .doc or a damaged file?") from None
    if expanded > MAX_DOCX_EXPANDED_BYTES:
        raise LoaderError(f"{name}: expands to {expanded:,} bytes, over the {MAX_DOCX_EXPANDED_BYTES:,} limit")


def _docx_blocks(document) -> list[str]:
    """Paragraph texts, then table rows (cells joined by ' | '), each non-empty."""
    blocks = [re.sub(r"\s+", " ", p.text).strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip())))
    return [b for b in blocks if b]
