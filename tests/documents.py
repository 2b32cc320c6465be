"""Small PDF and DOCX files made by the tests themselves (nothing binary is committed).

PDFs are built with pypdf's own objects: one Helvetica text line per ``Tj``, so the file has a real text
layer that pypdf's extractor reads back; metadata and (RC4) encryption through PdfWriter.
"""
from __future__ import annotations

from pathlib import Path

LINE_HEIGHT = 16


def write_pdf(path: Path, pages: list[list[str]], title: str = "", author: str = "", created: str = "",
              password: str = "") -> Path:
    """A PDF with one page per list of lines; ``created`` like ``D:20240305120000Z``."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        stream = DecodedStreamObject()
        stream.set_data(_text_ops(lines))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): font})})
    meta = {k: v for k, v in (("/Title", title), ("/Author", author), ("/CreationDate", created)) if v}
    if meta:
        writer.add_metadata(meta)
    if password:
        writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def _text_ops(lines: list[str]) -> bytes:
    ops = ["BT", "/F1 11 Tf", f"{LINE_HEIGHT} TL", "56 740 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("cp1252")


def write_docx(path: Path, paragraphs: list[str], title: str = "", author: str = "", created=None,
               table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    props = document.core_properties
    if title:
        props.title = title
    if author:
        props.author = author
    if created is not None:
        props.created = created
    document.save(str(path))
    return path
