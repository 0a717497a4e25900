"""Cleaned lines -> logical paragraphs: hard wraps and mid-sentence breaks joined."""
from __future__ import annotations

import re

from .model import Line, Para
from .numbering import BOX_RE, CAPTION_RE, FIGURE_RE, match_label
from .textutil import is_terminal, join_lines, width

MAX_TITLE = 40


def heading_parts(text: str):
    """(family, label, number, title) when the whole paragraph is a heading line."""
    m = match_label(text)
    if not m:
        return None
    family, label, num, rest = m
    title = rest.strip().rstrip("。.").strip()
    if not title or width(title) > MAX_TITLE:
        return None
    if re.search(r"[。；;：:！？]", title) or title[-1] in "，,、":
        return None
    if family in ("一、", "1.") and re.match(r"[\d%.．]", title):
        return None  # 1.5倍, 2.3% ...
    return family, label, num, title


def starts_numbered(text: str) -> bool:
    """A paragraph that opens with a label and a short lead phrase: （二）建设目标。…"""
    m = match_label(text)
    if not m or m[0] in ("篇", "章", "节"):
        return False
    k = m[3].find("。")
    return 0 < k <= 30


def starts_lead(text: str) -> bool:
    """A paragraph that opens with a short lead sentence: 南岸板块。… / 多式联运信息平台：…"""
    m = re.match(r"[^，。：:；,;、]{2,14}[。：:]", text)
    return bool(m)


def is_structural(text: str) -> bool:
    """A line that is never part of a running paragraph."""
    if text in ("目录", "目 录"):
        return True
    if BOX_RE.match(text) and width(text) <= 60:
        return True
    if (CAPTION_RE.match(text) or FIGURE_RE.match(text)) and width(text) <= 50 and not is_terminal(text):
        return True
    return heading_parts(text) is not None


def build(lines: list[Line], wrap: float | None) -> list[Para]:
    paras: list[Para] = []
    cur: Para | None = None
    prev: Line | None = None
    slack = max(2.0, 0.08 * wrap) if wrap else 0
    # a text wrapped by character count rather than by visual width
    lens = sorted(len(ln.text) for ln in lines)
    wrap_chars = lens[int(len(lens) * 0.9)] if lens else 0
    for ln in lines:
        join = False
        if cur is not None and prev is not None and not prev.tab and not ln.tab:
            full = bool(wrap) and (width(prev.text) >= wrap - slack or len(prev.text) >= wrap_chars - 1)
            if full and not is_terminal(cur.text) and not is_structural(cur.text):
                join = True  # a wrapped line runs on, even into words that look like a heading
            elif not is_structural(prev.text) and not is_structural(ln.text) and not is_structural(cur.text):
                if is_terminal(cur.text) and (starts_numbered(ln.text) or starts_lead(ln.text)):
                    join = False  # a new paragraph begins: （二）建设目标。… / 南岸板块。产业定位…
                elif wrap:
                    join = full or (not is_terminal(cur.text) and ln.gap <= 8 and width(ln.text) > 0.5 * wrap)
                else:
                    join = not is_terminal(cur.text) and ln.gap <= 8
        if join:
            cur.text = join_lines(cur.text, ln.text)
            cur.line_end = ln.no
            cur.lines.append(ln)
        else:
            cur = Para(text=ln.text, line_start=ln.no, line_end=ln.no, gap=ln.gap, lines=[ln])
            paras.append(cur)
        prev = ln
    return paras


def gaps_meaningful(lines: list[Line]) -> bool:
    """Do runs of extra blank lines mark structure (box ends), or are they page breaks?

    In a PDF extraction page breaks fall anywhere, mid-sentence included; in a
    word-processor conversion an extra blank line follows a finished block.
    """
    if not lines:
        return False
    base = sorted(ln.gap for ln in lines)[len(lines) // 2]
    big = [(a, b) for a, b in zip(lines, lines[1:]) if b.gap > base]
    if not big:
        return False
    mid = sum(1 for a, _ in big if not is_terminal(a.text) and not is_structural(a.text) and not a.tab)
    return mid <= 0.1 * len(big)
