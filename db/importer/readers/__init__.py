"""Readers: a plan file of any format -> the lines (and tables) the shared pipeline repairs.

Each reader turns its format into `Line`s — a Word or HTML paragraph, a PDF text
line — with what the format knows and plain text doesn't (where a paragraph
starts, real tables with merged cells); everything after that (paragraphs,
headings by numbering, boxes, indicators, targets) is shared.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ImportError_
from ..lines import split_lines
from ..model import Line
from ..textio import decode, read_bytes

FORMATS = {".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
# an original file may be larger than its text (images, fonts), within reason
MAX_FILE_BYTES = 64 * 1024 * 1024


def format_of(path: Path, data: bytes) -> str:
    """The reader for a file: by its content where that is certain, else by its name."""
    ext = path.suffix.lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportError_(path, "这是旧版 Word（.doc）文件：请在 Word 或 WPS 中另存为 .docx 后再导入")
    if ext == ".docx" or (data[:2] == b"PK" and ext not in FORMATS):
        return "docx"
    if ext in (".html", ".htm"):
        return "html"
    if ext in FORMATS:
        return FORMATS[ext]
    head = data[:2048].lower()
    if b"<html" in head or b"<!doctype html" in head:
        return "html"
    if ext in (".doc", ".wps", ".rtf", ".ofd", ".xls", ".xlsx", ".ppt", ".pptx"):
        raise ImportError_(path, f"不支持 {ext} 文件：请另存为 .docx、.pdf 或 .txt 后再导入")
    return "text"


def read_lines(path, data: bytes | None = None) -> tuple[list[Line], str, str, int, list[str]]:
    """(lines, format, encoding, number of source lines, warnings) of a plan file
    (its bytes read here unless given)."""
    path = Path(path)
    data = read_bytes(path) if data is None else data
    if len(data) > MAX_FILE_BYTES:
        raise ImportError_(path, f"文件过大（{len(data) / 1048576:.0f} MB，上限 {MAX_FILE_BYTES // 1048576} MB）")
    fmt = format_of(path, data)
    if fmt == "text":
        text, enc = decode(data, path)
        lines = split_lines(text)
        return lines, "text", enc, text.count("\n") + 1, []
    if fmt == "docx":
        from .docx import read_docx
        lines, warnings = read_docx(data, path)
    elif fmt == "pdf":
        from .pdf import read_pdf
        lines, warnings = read_pdf(data, path)
    else:
        from .html import read_html
        lines, warnings = read_html(data, path)
    if not any(ln.text or ln.table for ln in lines):
        raise ImportError_(path, "文件中没有文字")
    return lines, fmt, fmt, max((ln.no for ln in lines), default=0), warnings
