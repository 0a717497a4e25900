"""The last step of every parse: section paths and seq numbers, line ends, and
the quantified targets stated in running text and in list boxes."""
from __future__ import annotations

import re

from .indicators import parse_value, prose_targets
from .model import Indicator, ParsedDoc, Section

BASE_TITLES = re.compile(r"(基础|现状|成效|形势|环境|回顾)")
_BY_YEAR = re.compile(r"到\s*20\d{2}\s*年")


def finish(doc: ParsedDoc, last_line: int, keep_paths: bool = False) -> None:
    """Paths, seq numbers, line ends, prose targets."""
    if not keep_paths:
        _number_sections(doc.sections, last_line)
    for k, b in enumerate(doc.boxes):
        b.seq = k
    doc.indicators.extend(_prose_targets(doc))


def _number_sections(secs: list[Section], last_line: int) -> None:
    """seq, path (a repeated heading's path gets ~2), and the line each section ends on."""
    seen: dict[str, int] = {}
    for k, s in enumerate(secs):
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


def _prose_targets(doc: ParsedDoc) -> list[Indicator]:
    """Targets stated in sections' paragraphs (in a 发展基础 section only those tied
    to a year) and in list boxes' items."""
    end_year = int(doc.period[-4:]) if doc.period else None
    prose: list[Indicator] = []
    for s in doc.sections:
        goals = "目标" in s.title
        base = bool(BASE_TITLES.search(s.title)) and not goals
        for k, para in enumerate(s.paras):
            if para.startswith(("表", "|")) and "\n|" in para:
                continue
            span = s.para_lines[k] if k < len(s.para_lines) else (s.line_start, s.line_end)
            for clause, value, year in prose_targets(para, end_year, goals):
                if base and not _BY_YEAR.search(para):
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
                ind.confidence = 0.6 if not _BY_YEAR.search(it.text) else 1.0
                prose.append(ind)
    for k, ind in enumerate(prose, start=1):
        ind.seq = k
    return prose


def _prose(clause, value, year, section: Section | None, box, para) -> Indicator:
    v, cum = parse_value(value)
    name = re.sub(r"^(到\s*20\d{2}\s*年\s*[，,]?)", "", clause).strip()
    return Indicator(name=name, table_label=None, seq=0, target_year=year, target=value,
                     target_value=v, cumulative=int(cum or "累计" in clause), section=section, box=box,
                     source_text=clause, confidence=1.0)
