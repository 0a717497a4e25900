"""The 目录 of a run-in scrape: the only trustworthy list of its headings, in order."""
from __future__ import annotations

import re

from ..model import Line, Section
from ..numbering import CN_DIGITS, RANK, cn_to_int

LABEL = re.compile(rf"第[{CN_DIGITS}]+[篇章节]")


def has_runin_toc(lines: list[Line]) -> bool:
    """A 目录 whose entries run on in one line: 目录第一篇…第一章…"""
    return any(re.search(rf"目\s*录\s*第[{CN_DIGITS}]+[篇章]", ln.text) and len(LABEL.findall(ln.text)) >= 5
               for ln in lines[:50])


def parse_toc(s: str, start: int, title: str):
    """Entries (label, title, family, number) of a run-in 目录 starting at `start`,
    and the offset where the 目录 ends."""
    entries = []
    pos = start
    matches = list(LABEL.finditer(s, start))
    for k, m in enumerate(matches):
        if k and m.start() != pos:
            break
        nxt = matches[k + 1].start() if k + 1 < len(matches) else len(s)
        t = s[m.end():nxt]
        cut = len(t)
        for stop in (title, "。", "，", "\n"):
            if stop and stop in t:
                cut = min(cut, t.index(stop))
        if title and len(title) > 6:
            i = t.find(title[:8])
            if i >= 0:
                cut = min(cut, i)
        entries.append((m.group(0), t[:cut].strip(), m.group(0)[-1], cn_to_int(m.group(0)[1:-1])))
        pos = m.end() + cut
        if cut < len(t):
            break
    return entries, pos


def sections_of(entries, line: int) -> list[Section]:
    """The 目录's entries as nested sections (all starting at the 目录's line)."""
    sections: list[Section] = []
    stack: list[Section] = []
    for label, t, fam, _num in entries:
        while stack and RANK[stack[-1].family] >= RANK[fam]:
            stack.pop()
        parent = stack[-1] if stack else None
        sec = Section(label=label, title=t, family=fam, line_start=line,
                      level=parent.level + 1 if parent else 1, parent=parent)
        sections.append(sec)
        stack.append(sec)
    return sections
