"""Raw plan text -> ParsedDoc. Pure: no I/O beyond reading the one file."""
from __future__ import annotations

import re
from pathlib import Path

from . import inline, meta, paragraphs, textio
from .errors import UnimportableFile
from .finish import finish
from .lines import split_lines, wrap_width
from .model import Line, ParsedDoc
from .paragraphs import heading_parts
from .structure import Walker
from . import selfcheck


def parse_file(path: str | Path, data: bytes | None = None) -> ParsedDoc:
    """Parse one plan file of any format PlanDesk reads (from `data` when its bytes
    are already at hand); an UnimportableFile names the file by its full path."""
    from .readers import read_lines  # lazy: a reader's library loads only for its format
    lines, fmt, enc, n_lines, warnings = read_lines(path, data)
    try:
        doc = parse_lines(lines, Path(path).name, enc, n_lines)
    except UnimportableFile as e:
        raise UnimportableFile(path, e.reason) from None
    doc.format = fmt
    doc.warnings = warnings + doc.warnings
    return doc


def parse_text(text: str, source_file: str = "<text>", encoding: str = "utf-8") -> ParsedDoc:
    lines = split_lines(text)
    if not lines:
        raise UnimportableFile(source_file, "文件是空的")
    return parse_lines(lines, source_file, encoding, text.count("\n") + 1)


def parse_lines(lines: list[Line], source_file: str, encoding: str, n_lines: int) -> ParsedDoc:
    """The shared pipeline, for the lines (and tables) any reader produced, then the
    self-check (db/importer/selfcheck.py): what was built compared with the source
    lines, each disagreement in doc.checks and doc.warnings with its line."""
    body = [ln for ln in lines if not ln.toc]           # 目录 entries a reader marked: evidence only
    return selfcheck.apply(_pipeline(body, source_file, encoding, n_lines), lines)


def _pipeline(lines: list[Line], source_file: str, encoding: str, n_lines: int) -> ParsedDoc:
    if not lines:
        raise UnimportableFile(source_file, "文件是空的")
    wrap = wrap_width(lines)
    if inline.is_inline(lines):
        return inline.parse(lines, source_file, encoding, n_lines)
    if wrap or inline.has_runin_toc(lines):
        # a run-in web scrape may also have been hard-wrapped: judge it by its paragraphs
        units = [Line(no=p.line_start, text=p.text) for p in paragraphs.build(lines, wrap)]
        if inline.is_inline(units) or inline.has_runin_toc(units):
            return inline.parse(units, source_file, encoding, n_lines)

    start = _body_start(lines)
    if start is None:
        raise UnimportableFile(source_file, "未识别到章节结构（没有“第X章”“一、”“（一）”等标题）")
    front = meta.parse([ln for ln in lines[:start] if ln.table is None], Path(source_file).stem)
    pre = paragraphs.build(front.preamble, wrap)
    body = paragraphs.build(lines[start:], wrap)
    w = Walker(body, wrap, paragraphs.structural_gap(lines[start:])).run()
    if len(w.sections) < 2:
        raise UnimportableFile(source_file, "未识别到章节结构（标题少于两个）")
    preamble = [p.text for p in pre] + w.orphans
    doc = ParsedDoc(
        source_file=source_file, encoding=encoding, title=front.title,
        doc_number=front.doc_number, issuer=front.issuer, issued_date=front.issued_date,
        period=front.period, notice="\n".join(ln.text for ln in front.notice),
        preamble="\n\n".join(preamble),
        preamble_lines=(pre[0].line_start, pre[-1].line_end) if pre else None,
        sections=w.sections, boxes=w.boxes, indicators=w.indicators, notes=w.notes,
        n_lines=n_lines)
    finish(doc, last_line=lines[-1].no)
    return doc


def _body_start(lines) -> int | None:
    """Index of the first heading line (or 目录) that opens the plan's structure."""
    for i, ln in enumerate(lines):
        if ln.text.replace(" ", "") == "目录":
            return i
        hp = heading_parts(ln.text)
        if hp and hp[2] == 1 and hp[0] in ("篇", "章", "一、", "节", "（一）"):
            return i
    return None
