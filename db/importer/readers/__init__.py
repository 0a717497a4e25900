"""Readers: a plan file of any format -> the lines (and tables) the shared pipeline repairs.

Each reader turns its format into `Line`s — a Word or HTML paragraph, a PDF text
line — with what the format knows and plain text doesn't (where a paragraph
starts, real tables with merged cells); everything after that (paragraphs,
headings by numbering, boxes, indicators, targets) is shared.

Every reader is bounded: the file is read only when it is a regular file within
MAX_FILE_BYTES, zip parts within `ziplimits`, and the text a reader produces is
counted as it goes (`TextBudget`, MAX_TEXT_BYTES), so a hostile file is refused
with a reason before it can take the memory or the time of the machine.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import UnimportableFile
from ..lines import split_lines
from ..model import Line
from ..textio import MAX_FILE_BYTES, MAX_TEXT_BYTES, TextBudget, decode, read_bytes, size_text, strip_invisible

__all__ = ["FORMATS", "MAX_FILE_BYTES", "MAX_TEXT_BYTES", "format_of", "read_lines"]

FORMATS = {".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
           ".ofd": "ofd"}


def format_of(path: Path, data: bytes) -> str:
    """The reader for a file: by its content where that is certain, else by its name."""
    ext = path.suffix.lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "doc"                        # a compound file: Word 97-2003, WPS 文字 (.wps), or says what else
    if ext == ".wps":
        return "doc"                        # not a compound file: Microsoft Works (the reader says so)
    if ext == ".ofd" or (data[:2] == b"PK" and ext != ".docx" and _is_ofd(data)):
        return "ofd"                        # a zip package with OFD.xml at its root (GB/T 33190)
    if ext == ".docx" or (data[:2] == b"PK" and ext not in FORMATS):
        return "docx"
    if ext in (".html", ".htm"):
        return "html"
    if ext in FORMATS:
        return FORMATS[ext]
    head = data[:2048].lower()
    if b"<html" in head or b"<!doctype html" in head:
        return "html"
    if ext in (".doc", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx"):
        raise UnimportableFile(path, f"不支持 {ext} 文件：请另存为 .docx、.pdf 或 .txt 后再导入")
    return "text"


def _is_ofd(data: bytes) -> bool:
    from .ofd import is_ofd                 # lazy: format detection stays light
    return is_ofd(data)


def read_lines(path, data: bytes | None = None) -> tuple[list[Line], str, str, int, list[str]]:
    """(lines, format, encoding, number of source lines, warnings) of a plan file
    (its bytes read here unless given)."""
    path = Path(path)
    data = read_bytes(path) if data is None else data
    if len(data) > MAX_FILE_BYTES:
        raise UnimportableFile(path, f"文件过大（{size_text(len(data), MAX_FILE_BYTES)}）")
    fmt = format_of(path, data)
    if fmt == "text":
        text, enc = decode(data, path)
        lines = split_lines(text)
        return lines, "text", enc, text.count("\n") + 1, []
    budget = TextBudget(path)
    if fmt == "docx":
        from .docx import read_docx  # lazy: a reader's library loads only for its format
        toc: list = []
        lines, warnings = read_docx(data, path, budget, toc)
        # the 目录's entries, marked: the pipeline skips them, the self-check compares them
        lines = [Line(no=0, text=f"{e.text} {e.page or ''}".strip(), toc=True) for e in toc] + lines
    elif fmt == "doc":
        from .doc import read_doc  # lazy: a reader's library loads only for its format
        toc: list = []
        lines, warnings = read_doc(data, path, budget, toc)
        lines = [Line(no=0, text=f"{e.text} {e.page or ''}".strip(), toc=True) for e in toc] + lines
    elif fmt == "ofd":
        from .ofd import read_ofd  # lazy: a reader's library loads only for its format
        lines, warnings = read_ofd(data, path, budget)
    elif fmt == "pdf":
        from .pdf import read_pdf  # lazy: a reader's library loads only for its format
        lines, warnings = read_pdf(data, path, budget)
    else:
        from .html import read_html  # lazy: a reader's library loads only for its format
        lines, warnings = read_html(data, path, budget)
    lines = _checked(lines, path)
    if not any((ln.text or ln.table) and not ln.toc for ln in lines):
        raise UnimportableFile(path, "文件中没有文字")
    return lines, fmt, fmt, max((ln.no for ln in lines), default=0), warnings


def _checked(lines: list[Line], path) -> list[Line]:
    """What a reader produced, held to the text limit as a whole and with no
    invisible characters left in a line or a cell (each reader cleans its own; this
    is the one check they all pass)."""
    budget = TextBudget(path)
    out = []
    for ln in lines:
        ln.text = budget.add(strip_invisible(ln.text).strip())
        if ln.table is not None:
            ln.table.rows = [[budget.add(strip_invisible(c)) for c in row] for row in ln.table.rows]
        elif not ln.text:
            continue
        out.append(ln)
    return out
