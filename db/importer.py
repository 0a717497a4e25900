"""Raw plan text -> ParsedDoc. Pure: no I/O beyond reading the one file."""
from __future__ import annotations

import re
from pathlib import Path

from . import inline, meta, paragraphs, textio
from .errors import ImportError_
from .indicators import prose_targets
from .lines import split_lines, wrap_width
from .model import Indicator, Line, ParsedDoc, Section
from .paragraphs import heading_parts
from .structure import Walker

BASE_TITLES = re.compile(r"(基础|现状|成效|形势|环境|回顾)")


def parse_file(path: str | Path) -> ParsedDoc:
    text, enc = textio.read(path)
    return parse_text(text, Path(path).name, enc)


def parse_text(text: str, source_file: str = "<text>", encoding: str = "utf-8") -> ParsedDoc:
    lines = split_lines(text)
    if not lines:
        raise ImportError_(source_file, "the file is empty")
    n_lines = text.count("\n") + 1
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
        raise ImportError_(source_file, "no structure found (no 第X章 / 一、 / （一） headings)")
    front = meta.parse(lines[:start], Path(source_file).stem)
    pre = paragraphs.build(front.preamble, wrap)
    body = paragraphs.build(lines[start:], wrap)
    w = Walker(body, wrap, paragraphs.structural_gap(lines[start:])).run()
    if len(w.sections) < 2:
        raise ImportError_(source_file, "no structure found (fewer than two headings)")
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


def finish(doc: ParsedDoc, last_line: int, keep_paths: bool = False) -> None:
    """Paths, seq numbers, line ends, prose targets."""
    secs = doc.sections
    seen: dict[str, int] = {}
    for k, s in enumerate(secs if not keep_paths else []):
        s.seq = k
        path = (s.parent.path + "/" if s.parent else "") + s.label
        if path in seen:
            seen[path] += 1
            path = f"{path}~{seen[path]}"
        else:
            seen[path] = 1
        s.path = path
        if not s.line_end:
            s.line_end = (secs[k + 1].line_start - 1) if k + 1 < len(secs) else last_line
            s.line_end = max(s.line_end, s.line_start)
    for k, b in enumerate(doc.boxes):
        b.seq = k
    end_year = int(doc.period[-4:]) if doc.period else None
    prose: list[Indicator] = []
    for s in secs:
        goals = "目标" in s.title
        base = bool(BASE_TITLES.search(s.title)) and not goals
        for k, para in enumerate(s.paras):
            if para.startswith(("表", "|")) and "\n|" in para:
                continue
            span = s.para_lines[k] if k < len(s.para_lines) else (s.line_start, s.line_end)
            for clause, value, year in prose_targets(para, end_year, goals):
                if base and not re.search(r"到\s*20\d{2}\s*年", para):
                    continue
                ind = _prose(clause, value, year, s, None, para)
                ind.line_start, ind.line_end = span
                prose.append(ind)
    for b in doc.boxes:
        if b.kind != "list":
            continue
        for it in b.items:
            for clause, value, year in prose_targets(it.text, end_year, True):
                ind = _prose(clause, value, year, b.section, b, it.text)
                ind.line_start, ind.line_end = it.line_start, it.line_end
                ind.confidence = 0.6 if not re.search(r"到\s*20\d{2}\s*年", it.text) else 1.0
                prose.append(ind)
    for k, ind in enumerate(prose, start=1):
        ind.seq = k
    doc.indicators.extend(prose)


def _prose(clause, value, year, section: Section | None, box, para) -> Indicator:
    from .indicators import parse_value
    v, cum = parse_value(value)
    name = re.sub(r"^(到\s*20\d{2}\s*年\s*[，,]?)", "", clause).strip()
    return Indicator(name=name, table_label=None, seq=0, target_year=year, target=value,
                     target_value=v, cumulative=int(cum or "累计" in clause), section=section, box=box,
                     source_text=clause, confidence=1.0)
